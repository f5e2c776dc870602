"""`python manage.py generate_demo`: synthetic data that is coherent, skewed and repeatable."""

from collections import Counter
from io import StringIO
from itertools import combinations
from statistics import median

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from relations.models import (
    Commission,
    CountryTotal,
    Event,
    EventCountry,
    EventPair,
    Observation,
    OfficeHeld,
    Official,
    PairTotal,
    Participant,
    Pledge,
    PledgeParty,
    PledgeStatusChange,
    PledgeStatusTotal,
    derived,
)
from relations.models.progress import Verdict

pytestmark = pytest.mark.django_db

N = 3000


def generate(seed: int = 5, events: int = N) -> None:
    call_command("generate_demo", events=events, seed=seed, quiet=True, stdout=StringIO())


def snapshot(seed: int) -> dict:
    """Everything the generator wrote for a seed, keyed by slugs rather than ids."""
    prefix = f"demo-{seed}-"
    events = Event.objects.filter(slug__startswith=prefix)
    return {
        "events": sorted(
            events.values_list(
                "slug",
                "title",
                "kind",
                "date_start",
                "date_end",
                "date_precision",
                "commission__slug",
                "session_number",
                "place_country_id",
            )
        ),
        "countries": sorted(
            EventCountry.objects.filter(event__in=events).values_list("event__slug", "country_id")
        ),
        "pairs": sorted(
            EventPair.objects.filter(event__in=events).values_list("event__slug", "low", "high", "date_start")
        ),
        "participants": sorted(
            Participant.objects.filter(event__in=events).values_list(
                "event__slug", "official__slug", "side_id"
            )
        ),
        "pledges": sorted(
            Pledge.objects.filter(event__in=events).values_list(
                "event__slug", "title", "target_amount", "target_currency"
            )
        ),
        "parties": sorted(
            PledgeParty.objects.filter(pledge__event__in=events).values_list("pledge__title", "country_id")
        ),
        "observations": sorted(
            Observation.objects.filter(pledge__event__in=events).values_list(
                "pledge__title", "period_start", "value", "currency"
            )
        ),
        "progress": sorted(
            Pledge.objects.filter(event__in=events).values_list(
                "title", "due_end", "baseline_amount", "progress_verdict", "progress_share", "pace_needed"
            )
        ),
        "changes": sorted(
            PledgeStatusChange.objects.filter(pledge__event__in=events).values_list(
                "pledge__title", "status", "as_of_start"
            )
        ),
        "officials": sorted(
            Official.objects.filter(slug__startswith=prefix).values_list("slug", "nationality_id")
        ),
        "offices": sorted(
            OfficeHeld.objects.filter(official__slug__startswith=prefix).values_list(
                "official__slug", "title", "start_start"
            )
        ),
        "commissions": sorted(Commission.objects.filter(slug__startswith=prefix).values_list("slug", "name")),
    }


def delete_demo(seed: int) -> None:
    prefix = f"demo-{seed}-"
    events = Event.objects.filter(slug__startswith=prefix)
    PledgeStatusChange.objects.filter(pledge__event__in=events).delete()
    PledgeParty.objects.filter(pledge__event__in=events).delete()
    Pledge.objects.filter(event__in=events).delete()
    events.delete()
    OfficeHeld.objects.filter(official__slug__startswith=prefix).delete()
    Official.objects.filter(slug__startswith=prefix).delete()
    Commission.objects.filter(slug__startswith=prefix).delete()


@pytest.fixture
def demo():
    generate()
    return Event.objects.filter(slug__startswith="demo-5-")


def test_counts(demo):
    assert demo.count() == N
    assert Official.objects.filter(slug__startswith="demo-5-").count() == 50
    assert OfficeHeld.objects.filter(official__slug__startswith="demo-5-").count() == 50
    assert Commission.objects.filter(slug__startswith="demo-5-").count() == 120
    pledges = Pledge.objects.filter(event__in=demo)
    assert 0.05 * N < pledges.count() < 0.15 * N  # about one event in ten
    assert (
        PledgeStatusChange.objects.filter(pledge__in=pledges).values("pledge").distinct().count()
        == pledges.count()
    )
    assert Participant.objects.filter(event__in=demo).exists()


def test_every_event_has_one_to_three_countries_and_a_coherent_date(demo):
    sizes = Counter(demo.annotate(n=Count("event_countries")).values_list("n", flat=True))
    assert set(sizes) == {1, 2, 3}
    assert sizes[2] > sizes[3] and sizes[2] > sizes[1]
    assert not demo.filter(date_end__lt=models_f("date_start")).exists()
    assert set(demo.values_list("date_precision", flat=True)) == {9, 10, 11}


def models_f(name):
    from django.db.models import F

    return F(name)


def test_pair_rows_are_the_pairs_among_each_events_countries(demo):
    countries: dict[int, list[str]] = {}
    dates = dict(demo.values_list("pk", "date_start"))
    for event_id, code in EventCountry.objects.filter(event__in=demo).values_list("event_id", "country_id"):
        countries.setdefault(event_id, []).append(code)
    expected = {
        (event_id, low, high, dates[event_id])
        for event_id, codes in countries.items()
        for low, high in combinations(sorted(codes), 2)
    }
    actual = list(
        EventPair.objects.filter(event__in=demo).values_list("event_id", "low", "high", "date_start")
    )
    assert len(actual) == len(set(actual))
    assert set(actual) == expected


def test_participants_carry_their_events_date(demo):
    dates = dict(demo.values_list("pk", "date_start"))
    rows = list(Participant.objects.filter(event__in=demo).values_list("event_id", "date_start"))
    assert rows
    assert all(day == dates[event_id] for event_id, day in rows)


def test_session_numbers_are_unique_per_commission_and_follow_the_calendar(demo):
    sessions = demo.filter(commission__isnull=False).order_by("commission", "session_number")
    assert sessions.exists()
    assert not demo.filter(commission__isnull=True, session_number__isnull=False).exists()
    by_commission: dict[int, list] = {}
    for commission_id, number, day in sessions.values_list("commission_id", "session_number", "date_start"):
        by_commission.setdefault(commission_id, []).append((number, day))
    for rows in by_commission.values():
        numbers = [number for number, _ in rows]
        assert numbers == list(range(1, len(rows) + 1))
        days = [day for _, day in rows]
        assert days == sorted(days)
    # A session is between the commission's two members.
    for event in sessions.prefetch_related("event_countries", "commission__members")[:50]:
        assert {c.country_id for c in event.event_countries.all()} == {
            m.code for m in event.commission.members.all()
        }


def test_pair_activity_is_skewed(demo):
    per_pair = list(
        EventPair.objects.filter(event__in=demo)
        .values("low", "high")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True)
    )
    assert max(per_pair) >= 20 * median(per_pair)


def test_the_same_seed_gives_the_same_data():
    generate(seed=9, events=300)
    first = snapshot(9)
    delete_demo(9)
    assert not Event.objects.filter(slug__startswith="demo-9-").exists()
    generate(seed=9, events=300)
    assert snapshot(9) == first
    generate(seed=10, events=300)
    assert snapshot(10)["events"] != [
        (s.replace("demo-9-", "demo-10-"), *rest) for s, *rest in first["events"]
    ]


def assert_totals_are_counts() -> None:
    """Every stored total equals a count of its rows, made now."""
    pairs = EventPair.objects.values_list("low", "high").annotate(n=Count("pk"))
    stored = PairTotal.objects.filter(events__gt=0).values_list("low_id", "high_id", "events")
    assert {(low, high): n for low, high, n in stored} == {(low, high): n for low, high, n in pairs}
    countries = EventCountry.objects.order_by().values_list("country_id").annotate(n=Count("pk"))
    assert dict(CountryTotal.objects.filter(events__gt=0).values_list("country_id", "events")) == dict(
        countries
    )
    statuses = Pledge.objects.order_by().values_list("current_status").annotate(n=Count("pk"))
    stored = PledgeStatusTotal.objects.filter(pledges__gt=0).values_list("status", "pledges")
    assert dict(stored) == dict(statuses)


def test_the_totals_and_current_statuses_match_what_was_written(demo):
    assert_totals_are_counts()
    pledges = Pledge.objects.filter(event__in=demo).prefetch_related("status_changes")
    for pledge in pledges:
        latest = max(pledge.status_changes.all(), key=lambda change: (change.as_of_start, change.pk))
        assert pledge.current_status == latest.status


def test_the_totals_add_up_over_two_runs_and_after_a_delete():
    generate(seed=11, events=300)
    generate(seed=12, events=300)
    assert_totals_are_counts()
    delete_demo(11)
    assert_totals_are_counts()


def test_a_seed_cannot_be_loaded_twice(demo):
    with pytest.raises(CommandError, match="already loaded"):
        generate()


def test_pledges_with_a_target_have_yearly_observations_and_their_progress(demo):
    pledges = Pledge.objects.filter(event__in=demo)
    measured = pledges.filter(target_amount__isnull=False).annotate(n=Count("observations"))
    assert {pledge.n for pledge in measured} == {0, 1, 2, 3, 4}
    assert not Observation.objects.filter(pledge__target_amount__isnull=True).exists()
    for observation in Observation.objects.filter(pledge__event__in=demo).select_related("pledge")[:500]:
        assert observation.currency == observation.pledge.target_currency
        assert observation.period_text == str(observation.period_start.year)
        assert observation.period_end.year < 2026
    assert Observation.objects.values("source").distinct().count() == 1
    verdicts = set(pledges.values_list("progress_verdict", flat=True))
    assert {"", Verdict.MET, Verdict.ON_TRACK, Verdict.BEHIND} <= verdicts
    assert pledges.filter(due_end__isnull=False).exists() and pledges.filter(due_end__isnull=True).exists()
    assert pledges.filter(pace_needed__isnull=False).exists()
    assert Pledge.objects.overdue().exists() and Pledge.objects.silent().exists()
    # Written in bulk, as every write through the models would have stored them.
    assert derived.differences() == []
