from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from relations.models import Country, Event, EventCountry, Pledge, PledgeParty, PledgeStatusChange
from tests.world import build_world


class Probe(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def test_probe(self):
        pk, tr = Country.objects.get(code="PK"), Country.objects.get(code="TR")
        with CaptureQueriesContext(connection) as all_:
            with CaptureQueriesContext(connection) as e:
                event = Event(title="Probe meeting", kind=Event.Kind.MEETING)
                event.date = "2025-07-09"
                event.save()
            with CaptureQueriesContext(connection) as c1:
                EventCountry.objects.create(event=event, country=pk)
            with CaptureQueriesContext(connection) as c2:
                EventCountry.objects.create(event=event, country=tr)
        pledge = Pledge.objects.create(event=event, title="Probe pledge")
        PledgeParty.objects.create(pledge=pledge, country=pk)
        PledgeParty.objects.create(pledge=pledge, country=tr)
        change = PledgeStatusChange(pledge=pledge, status="announced")
        change.as_of = "2025-07-09"
        change.save()
        event = Event.objects.get(pk=event.pk)
        with CaptureQueriesContext(connection) as d:
            Pledge.objects.get(pk=pledge.pk).delete()
            event.delete()
        print("\n".join(q["sql"][:150] for q in d.captured_queries))
        print(f"\nPROBE {connection.vendor}: add={len(all_)} (event {len(e)}, {len(c1)}, {len(c2)}) delete={len(d)}")
