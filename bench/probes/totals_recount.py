"""How many stored event totals (per pair, per country) differ from a recount of the rows they
count, as JSON: 0 when every write kept them in step."""

import json

import django


def main() -> None:
    django.setup()
    from django.db.models import Count

    from relations.models import CountryTotal, EventCountry, EventPair, PairTotal

    rows = EventPair.objects.values_list("low", "high").annotate(n=Count("pk"))
    pairs = {(low, high): n for low, high, n in rows}
    stored = {(t.low_id, t.high_id): t.events for t in PairTotal.objects.filter(events__gt=0)}
    counted = dict(EventCountry.objects.order_by().values_list("country_id").annotate(n=Count("pk")))
    kept = dict(CountryTotal.objects.filter(events__gt=0).values_list("country_id", "events"))
    wrong = sum(pairs.get(k) != stored.get(k) for k in pairs.keys() | stored.keys())
    wrong += sum(counted.get(k) != kept.get(k) for k in counted.keys() | kept.keys())
    print(json.dumps(wrong))


if __name__ == "__main__":
    main()
