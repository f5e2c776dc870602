"""How pledges and their rows are read and written in bulk: the querysets of `pledges.py`."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import connections, models, transaction
from django.db.models import Exists, Expression, OuterRef, Q, QuerySet, Sum, TextField
from django.db.models.functions import Cast

from relations.codes import Pair, country_code
from relations.models import derived, touched
from relations.models.countries import Country, CountryName
from relations.models.jsonrows import JSONRows
from relations.models.ordering import NewestFirstQuerySet
from relations.models.pledge_status import PledgeStatus
from relations.models.totals import PledgeCountryTotal, PledgePairTotal, PledgeStatusTotal
from relations.names import fold

if TYPE_CHECKING:
    from relations.models.pledges import PledgeParty

# Counts of pledges per status over a filter are counted up to this many, then shown as "1,000+":
# each count reads at most this many rows, whatever the number of pledges.
STATUS_COUNT_CAP = 1000


class PledgeQuerySet(NewestFirstQuerySet):
    def delete(self) -> tuple[int, dict[str, int]]:
        """Delete the pledges, and recount the totals of the statuses, countries and pairs that
        counted them (derived.py)."""
        events = set(self.order_by().values_list("event_id", flat=True))
        with transaction.atomic(), derived.pledges_changing(self.order_by().values_list("pk", flat=True)):
            deleted = super().delete()
        touched.events_touched(events)  # their events list the pledges made there
        return deleted

    # As on QuerySet.delete: not on the manager (no Pledge.objects.delete()), not from templates.
    delete.alters_data = True
    delete.queryset_only = True

    def update(self, **fields) -> int:
        """Update the pledges, keeping what derives from them in step (derived.py)."""
        from relations.models.pledges import Pledge

        if "event" in fields or "event_id" in fields:
            raise derived.DerivedFieldError(
                "Pledge.objects.update(event=…) would leave the pledges' copies of their event's date "
                "stale: save each pledge instead."
            )
        return derived.kept_update(
            self,
            fields,
            pledges="pk",
            watched=Pledge.MEASURED,
            derived=Pledge.DERIVED,
            texts=Pledge.SEARCHED,
        )

    update.alters_data = True
    update.queryset_only = True

    def involving(self, *countries: Country | str) -> PledgeQuerySet:
        """Pledges to which every one of ``countries`` (objects or ISO codes) is a party, newest
        first along the party rows they are read through.

        Read through the party rows of the country with the fewest pledges (its stored totals,
        one query when there are two or more), which carry the event's date and are indexed for
        this (`pledge_party_timeline`): the newest page walks that index and checks the other
        countries of each pledge, and costs the same whatever the number of pledges.
        """

        codes = list(dict.fromkeys(country_code(country) for country in countries))
        if len(codes) > 1:
            sizes = dict(
                PledgeCountryTotal.objects.filter(country__in=codes)
                .values("country")
                .annotate(n=Sum("pledges"))
                .values_list("country", "n")
            )
            codes.sort(key=lambda code: sizes.get(code, 0))
        return self.involving_in_order(*codes)

    def involving_in_order(self, *countries: Country | str) -> PledgeQuerySet:
        """`involving`, read through the party rows of the first of ``countries`` as given
        (no query first)."""
        if not countries:
            return self
        first, *others = (country_code(country) for country in countries)
        return self.filter(parties__country=first).read_through("parties", "pledge_id").with_parties(*others)

    def with_parties(self, *countries: Country | str) -> PledgeQuerySet:
        """Pledges to which every one of ``countries`` is a party, checked pledge by pledge (an
        index lookup each), in the queryset's own order and with no query first: for a list
        already narrowed (the pledges made at one page of events) rather than a long one, which
        `involving` reads through the index of the quietest country's party rows."""
        from relations.models.pledges import PledgeParty

        for code in dict.fromkeys(country_code(country) for country in countries):
            self = self.filter(Exists(PledgeParty.objects.filter(pledge=OuterRef("pk"), country_id=code)))
        return self

    def matching(self, text: str) -> PledgeQuerySet:
        """Pledges whose title or wording, or any name of one of their parties, contains
        ``text``, folding case and accents.

        Costs one query first, over the country names; the text itself is read through a
        trigram index on PostgreSQL (the migration ``pledge_lists_by_date``), so a rare word
        reads its few pledges and a common one walks the newest first and stops at a page.
        """
        from relations.models.pledges import PledgeParty

        folded = fold(text)
        if not folded:
            return self
        countries = list(
            CountryName.objects.filter(folded__contains=folded)
            .order_by()
            .values_list("country_id", flat=True)
            .distinct()
        )
        found = Q(search_text__contains=folded)
        if countries:
            found |= Exists(PledgeParty.objects.filter(pledge=OuterRef("pk"), country__in=countries))
        return self.filter(found)

    def for_list(self) -> PledgeQuerySet:
        """What a pledge row shows, in two queries whatever the rows: the event it was made at
        and the parties with their countries."""
        from relations.models.pledges import PledgeParty

        parties = PledgeParty.objects.select_related("country").order_by("country__name")
        return self.select_related("event").prefetch_related(models.Prefetch("parties", queryset=parties))

    def for_rows(self) -> PledgeQuerySet:
        """What a row of the pledge tracker shows, in one query whatever the rows: the event it
        was made at, and ``party_rows``, its parties' codes and names by name (JSON:
        ``[{"country": "PK", "name": "Pakistan"}]``), without a record per party."""
        from relations.models.pledges import PledgeParty

        parties = PledgeParty.objects.filter(pledge=OuterRef("pk")).order_by("country__name", "country_id")
        return self.select_related("event").annotate(
            party_rows=JSONRows(parties, country="country_id", name="country__name")
        )

    def for_export(self) -> PledgeQuerySet:
        """Everything a pledge's record holds (the API, the CSV export), in one query whatever
        the rows: the event, and as JSON the parties (``party_rows``), sectors (``sector_rows``),
        status history (``status_rows``, each change with its citations), observations
        (``observation_rows``), reaffirmations (``reaffirmation_rows``) and citations
        (``citation_rows``), in the orders the pledge's page reads them in
        (`relations.pledge_page`). Related records come by code or slug; a date as its four
        columns (``as_of_start``…, `relations.models.fuzzy`), an observed value as text (a JSON
        number would round it)."""
        from relations.models.citations import Citation
        from relations.models.observations import Observation
        from relations.models.pledges import PledgeParty, PledgeReaffirmation, PledgeStatusChange
        from relations.models.sectors import Sector

        def citations(of: str) -> JSONRows:
            rows = Citation.objects.filter(**{of: OuterRef("pk")}).order_by("pk")
            return JSONRows(rows, source="source__slug", excerpt="excerpt")

        def date(name: str) -> dict[str, str]:
            return {
                f"{name}_{part}": f"{name}_{part}" for part in ("start", "end", "precision", "approximate")
            }

        parties = PledgeParty.objects.filter(pledge=OuterRef("pk")).order_by("country__name", "country_id")
        sectors = Sector.objects.filter(pledges=OuterRef("pk")).order_by("name", "pk")
        history = PledgeStatusChange.objects.filter(pledge=OuterRef("pk")).order_by("as_of_start", "pk")
        observations = Observation.objects.filter(pledge=OuterRef("pk")).order_by(
            "period_end", "-period_start", "pk"
        )
        reaffirmations = PledgeReaffirmation.objects.filter(pledge=OuterRef("pk")).order_by(
            "event__date_start", "pk"
        )
        return self.select_related("event").annotate(
            party_rows=JSONRows(parties, country="country_id", role="role"),
            sector_rows=JSONRows(sectors, slug="slug"),
            status_rows=_JSONRowsWithLists(
                history,
                lists=("citations",),
                status="status",
                **date("as_of"),
                note="note",
                citations=citations("status_change"),
            ),
            observation_rows=JSONRows(
                observations,
                **date("period"),
                value=Cast("value", TextField()),
                currency="currency",
                unit="unit",
                source="source__slug",
                excerpt="excerpt",
                note="note",
            ),
            reaffirmation_rows=JSONRows(reaffirmations, event="event__slug", note="note"),
            citation_rows=citations("pledge"),
        )

    def status_totals(
        self, cap: int = STATUS_COUNT_CAP, *, possible: set[str] | None = None
    ) -> list[tuple[PledgeStatus | None, int]]:
        """How many pledges have each current status: every status in lifecycle order, zeros
        included, then ``None`` for pledges with no status yet if there are any.

        One query. For the whole table, of the stored totals (`PledgeStatusTotal`). For a
        filtered queryset, each status's pledges are counted up to ``cap + 1``: a number above
        ``cap`` means "more than ``cap``", and no count reads more rows than that, at any size.
        A status outside ``possible`` (stored values, "" for none yet), which the filter rules
        out, is 0 without being counted: its count would walk every row of that status.
        """
        if not self.query.where:
            stored = PledgeStatusTotal.objects.values_list("status", "pledges")
            return _in_lifecycle_order({status or None: n for status, n in stored})
        connection = connections[self.db]
        # In the list's order: the planner then walks an index and stops at the cap where
        # matches are many, rather than gathering every match (a common word's) to count.
        # Each status's count is the same statement but for the status's value: built once
        # with a stand-in value, which each status then takes the place of.
        # (A NUL is in no status, and no form lets one through.)
        stand_in = "\x00status\x00"
        rows = self.filter(current_status=stand_in).newest_first().values("pk")[: cap + 1]
        sql, rows_params = rows.query.get_compiler(self.db).as_sql()
        slots = [i for i, param in enumerate(rows_params) if param == stand_in]
        counts, params = [], []
        for status in [*PledgeStatus, None]:
            if possible is not None and (status or "") not in possible:
                counts.append("0")
                continue
            counts.append(f"(SELECT COUNT(*) FROM ({sql}) capped)")
            params += [status or "" if i in slots else param for i, param in enumerate(rows_params)]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(counts)}", params)
            found = cursor.fetchone()
        return _in_lifecycle_order(dict(zip([*PledgeStatus, None], found, strict=True)))

    def stored_status_totals(self, *countries: Country | str) -> list[tuple[PledgeStatus | None, int]]:
        """`status_totals()` of the pledges to which one country, or two, are parties, from
        their stored totals (`PledgeCountryTotal`, `PledgePairTotal`): exact, and one query
        of a few rows at any size."""
        return in_lifecycle_order(self.stored_status_rows(*countries))

    def stored_status_rows(self, *countries: Country | str) -> QuerySet:
        """`stored_status_totals`' rows, not yet read: (status, pledges), for `in_lifecycle_order`."""
        codes = {country_code(country) for country in countries}
        if len(codes) == 1:
            stored = PledgeCountryTotal.objects.filter(country=codes.pop())
        elif len(codes) == 2:
            pair = Pair.of(*codes)
            stored = PledgePairTotal.objects.filter(low=pair.low, high=pair.high)
        else:
            raise ValueError("Totals are stored for one country or a pair.")
        return stored.values_list("status", "pledges")

    def outstanding(self, at: dt.date | None = None) -> PledgeQuerySet:
        """Pledges with no outcome recorded on or before ``at`` (default today)."""
        from relations.models.pledges import PledgeStatusChange

        at = at or dt.date.today()
        settled = PledgeStatusChange.objects.filter(
            pledge=OuterRef("pk"), status__in=PledgeStatus.outcomes(), as_of_start__lte=at
        )
        return self.exclude(models.Exists(settled))

    def overdue(self, on: dt.date | None = None) -> PledgeQuerySet:
        """Past the last day of their due date on ``on`` (today by default) without an outcome
        (the current status, stored)."""
        on = on or dt.date.today()
        return self.filter(due_end__lt=on).exclude(current_status__in=PledgeStatus.outcomes())

    def silent(self, on: dt.date | None = None) -> PledgeQuerySet:
        """Without an outcome, and with nothing heard for more than a year before ``on`` (today
        by default): made before then, and no status change or observation since
        (progress.py's `silent_since`)."""
        from relations.models.progress import silent_since

        since = silent_since(on)
        return (
            self.filter(date_start__lt=since)
            .exclude(current_status__in=PledgeStatus.outcomes())
            .exclude(status_as_of__gte=since)
            .exclude(observed_until__gte=since)
        )

    @staticmethod
    def open_statuses() -> set[str]:
        """The stored statuses of a pledge with no outcome yet ("" for no status): the only ones
        `overdue` and `silent` can list."""
        return {"", *(status.value for status in PledgeStatus if status not in PledgeStatus.outcomes())}

    def needing_attention(self, attention: str, on: dt.date | None = None) -> PledgeQuerySet:
        """`overdue` or `silent`, by its name (`Attention`)."""
        from relations.models.progress import Attention

        return {Attention.OVERDUE: self.overdue, Attention.SILENT: self.silent}[Attention(attention)](on)

    def measurable(self) -> PledgeQuerySet:
        """Pledges with a target amount: those whose progress is measured (progress.py)."""
        return self.filter(target_amount__isnull=False)

    def with_latest_period(self) -> PledgeQuerySet:
        """Each pledge's latest observation's period (progress.py's rule 3: the period that ends
        last, the longer of two that end together), as ``latest_period_start``, ``_end``, ``_precision`` and
        ``_approximate`` (None without an observation); its value is stored (``observed_value``).
        Four subqueries in the list's own query, each an index lookup per row listed
        (`observation_by_period`)."""
        from relations.models.observations import Observation

        latest = Observation.objects.filter(pledge=OuterRef("pk"))
        latest = latest.order_by("-period_end", "period_start", "-pk")  # `progress.reading_order`
        return self.annotate(
            **{
                f"latest_period_{part}": models.Subquery(latest.values(f"period_{part}")[:1])
                for part in ("start", "end", "precision", "approximate")
            }
        )

    def with_verdict(self, on: dt.date | None = None) -> PledgeQuerySet:
        """Each pledge's verdict on ``on`` (today by default) as ``verdict_now``, computed in the
        list's own query ("" for a pledge without a target amount)."""
        from relations.models.progress import verdict_expression

        return self.annotate(verdict_now=verdict_expression(on))

    def disagreeing(self) -> PledgeQuerySet:
        """Pledges whose editor's status the evidence contradicts (progress.py's `disagrees`)."""
        from relations.models.progress import disagreeing_q

        return self.filter(disagreeing_q())


def in_lifecycle_order(rows) -> list[tuple[PledgeStatus | None, int]]:
    """Stored (status, pledges) rows as (status, pledges) for every status, in lifecycle order,
    then those without a status ("" stored) if any."""
    return _in_lifecycle_order({status or None: n for status, n in rows})


def _in_lifecycle_order(found: dict) -> list[tuple[PledgeStatus | None, int]]:
    totals = [(status, found.get(status, 0)) for status in PledgeStatus]
    return totals + [(None, found[None])] if found.get(None) else totals


class _JSONRowsWithLists(JSONRows):
    """`JSONRows` some of whose values are `JSONRows` too (``lists``, their keys): each object
    holds those as JSON arrays, not as the text they are read as. The value is cast back to
    JSON where the object is built, since SQLite keeps no JSON type through a subquery."""

    def __init__(self, queryset: QuerySet, *, lists: tuple[str, ...], **fields: str | Expression) -> None:
        self.lists = lists
        super().__init__(queryset, **fields)

    def _template(self, connection, build_object: str, aggregate: str) -> str:
        def value(key: str) -> str:
            column = f"_rows.{connection.ops.quote_name(f'json_{key}')}"
            if key not in self.lists:
                return column
            return f"json({column})" if connection.vendor == "sqlite" else f"{column}::json"

        pairs = ", ".join(f"'{key}', {value(key)}" for key in self.keys)
        return f"(SELECT {aggregate % f'{build_object}({pairs})'} FROM (%(subquery)s) _rows)"


class PledgePartyQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs) -> list[PledgeParty]:
        """Insert the rows; those without a date (``pledge.countries.add()`` writes through
        here) copy their pledge's; the totals that count them are recounted (derived.py)."""
        from relations.models.pledges import Pledge

        objs = list(objs)
        pledges = {party.pledge_id for party in objs}
        undated = [party for party in objs if party.date_start is None]
        if undated:
            dates = dict(Pledge.objects.filter(pk__in=pledges).values_list("pk", "date_start"))
            for party in undated:
                party.date_start = dates[party.pledge_id]
        with transaction.atomic(), derived.pledges_changing(pledges):
            return super().bulk_create(objs, *args, **kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        """Delete the rows, and recount the country and pair totals that counted them."""
        pledges = set(self.order_by().values_list("pledge_id", flat=True))
        with transaction.atomic(), derived.pledges_changing(pledges):
            return super().delete()

    delete.alters_data = True
    delete.queryset_only = True

    def update(self, **fields) -> int:
        """Update the rows, keeping the totals of their pledges in step (derived.py)."""
        return derived.kept_update(
            self,
            fields,
            pledges="pledge_id",
            watched=("pledge", "country"),
            derived=("date_start",),
            dates=True,
        )

    update.alters_data = True
    update.queryset_only = True


class PledgeRowsQuerySet(models.QuerySet):
    """Rows a pledge owns whose writes move what derives from it (derived.py): a delete or an
    ``.update()`` of a ``WATCHED`` column refreshes their pledges, before and after."""

    WATCHED: tuple[str, ...] = ()

    def delete(self) -> tuple[int, dict[str, int]]:
        pledges = set(self.order_by().values_list("pledge_id", flat=True))
        with transaction.atomic(), derived.pledges_changing(pledges):
            return super().delete()

    delete.alters_data = True
    delete.queryset_only = True

    def update(self, **fields) -> int:
        return derived.kept_update(self, fields, pledges="pledge_id", watched=self.WATCHED)

    update.alters_data = True
    update.queryset_only = True


class PledgeStatusChangeQuerySet(PledgeRowsQuerySet):
    """A pledge's status changes: its current status and its last day heard of derive from them."""

    WATCHED = ("pledge", "status", "as_of_start", "as_of_end")


class ObservationQuerySet(PledgeRowsQuerySet):
    """A pledge's observations: its progress derives from them."""

    WATCHED = ("pledge", "value", "period_start", "period_end")

    def newest_first(self) -> ObservationQuerySet:
        return self.order_by("-period_end", "-id")
