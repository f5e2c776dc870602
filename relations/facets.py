"""What a filtered list shows above its rows: how many rows there are, how many have each kind,
status, sector and year, the countries that take part most, and the filters in use as chips
that each remove one value.

What the counts cost, whatever the number of rows: one statement for all of them
(`FacetQuery`), reading
- the stored totals (`relations.models.totals`) where they answer: the whole list (events per
  country, PostgreSQL's estimate of the table's size), or one country's list alone (its partners
  from the pair totals, its size from its own total), or one pair's (its size);
- otherwise the first `SAMPLE` rows of the list in its own order (newest first, along the index
  the list is read through), counted once. A list shorter than that is counted exactly. A longer
  one shows "2,000+", and its counts are of its newest `SAMPLE` rows, shown as at least that
  many ("412+"): except the years after the oldest one sampled, which the sample holds whole.
Kinds, years and sectors have no stored totals: they are always counted in the sample. The
sample costs what reading `SAMPLE` rows through an index costs, at any size of the table; a
filter that few rows match reads as far as the list itself must to fill its page.

The pledge tracker's counts by status are `PledgeFilter.status_totals` (stored, or each counted
up to `STATUS_COUNT_CAP`); its other counts are read here the same way as the timeline's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connections
from django.db.models import Case, F, Model, QuerySet, Sum, When
from django.http import QueryDict
from django_filters import FilterSet

from relations.codes import Pair
from relations.filter_fields import COUNTRY_NAMES, country_shown
from relations.models import (
    CountryTotal,
    Event,
    EventCountry,
    PairTotal,
    Pledge,
    PledgeCountryTotal,
    PledgePairTotal,
    PledgeParty,
    PledgeStatus,
)
from relations.models.totals import ESTIMATE_FROM

# How many of a list's newest rows are read to count its kinds, years, sectors and countries.
# The statement's cost grows with it, not with the table: on 100,000 demo events (PostgreSQL 15,
# a loaded 2-core machine) a full sample of 2,000 took 5–10 ms for the whole timeline, 10,000
# took 30–80 ms; 2,000 keeps the counts to a fraction of the page.
SAMPLE = 2_000
# How many countries the "most active" facet names, and how many years (the newest) are listed.
TOP_COUNTRIES = 8
TOP_YEARS = 10


@dataclass(frozen=True)
class Tally:
    """A number of rows: exact, at least ``n`` (``more``: counted in a sample that was full), or
    an estimate (``about``)."""

    n: int
    more: bool = False
    about: bool = False

    def __str__(self) -> str:
        if self.about:
            return f"about {self.n:,}"
        return f"{self.n:,}{'+' if self.more else ''}"

    def __bool__(self) -> bool:
        return bool(self.n)


@dataclass
class Link:
    """One value of a facet or one chip: what it says, its count if any, and where it leads."""

    label: str
    url: str
    count: Tally | None = None
    name: str = ""  # the filter it sets or removes


@dataclass
class Facets:
    total: Tally
    noun: str  # "event", "pledge"
    kinds: dict[str, Tally] = field(default_factory=dict)
    statuses: dict[str, Tally] = field(default_factory=dict)
    sectors: dict[int, Tally] = field(default_factory=dict)
    years: list[Link] = field(default_factory=list)
    countries: list[Link] = field(default_factory=list)
    chips: list[Link] = field(default_factory=list)
    sampled: int | None = None  # the sample's size when the list was longer than it

    def tally(self, n: int) -> Tally:
        """A count in this list's sample: at least ``n`` when the sample was full."""
        return Tally(n, more=bool(self.sampled))

    @property
    def sampled_text(self) -> str:
        return f"{self.sampled:,} {self.noun}s" if self.sampled else ""

    @property
    def total_text(self) -> str:
        """ "24 events", "1 event", "10,000+ events", "about 1,200,000 events"."""
        plural = "" if self.total.n == 1 and not (self.total.more or self.total.about) else "s"
        return f"{self.total} {self.noun}{plural}"


class FacetQuery:
    """One statement that counts a list's facets: arms of ``(facet, key, n)`` rows joined by
    ``UNION ALL``, over the list's first `SAMPLE` rows (a CTE, read once) and stored totals."""

    def __init__(self, rows: QuerySet, columns: tuple[str, ...]) -> None:
        self.connection = connections[rows.db]
        self.postgres = self.connection.vendor == "postgresql"
        sql, params = rows[:SAMPLE].query.sql_with_params()
        self.ctes = [f"sample({', '.join(columns)}) AS ({sql})"]
        self.cte_params = list(params)
        self.arms: list[str] = []
        self.params: list[Any] = []

    def group(self, facet: str, expression: str) -> None:
        """Rows of the sample per value of ``expression`` (over its columns)."""
        self.arms.append(f"SELECT '{facet}', CAST({expression} AS TEXT), COUNT(*) FROM sample GROUP BY 2")

    def year(self, facet: str, column: str) -> None:
        year = f"EXTRACT(YEAR FROM {column})" if self.postgres else f"substr({column}, 1, 4)"
        self.group(facet, f"CAST({year} AS INTEGER)")

    def size(self) -> None:
        self.arms.append("SELECT 'total', '', COUNT(*) FROM sample")

    def _joined(self, table: str, owner: str, columns: str) -> str:
        """The rows of ``table`` whose ``owner`` column is a sampled row's id, found by that
        column's index one sampled row at a time (on PostgreSQL a ``LATERAL`` join: joined by
        hash it would read the whole table; ``OFFSET 0`` keeps the planner from turning it back
        into a plain join. SQLite's ``CROSS JOIN`` keeps the sample the outer loop)."""
        qn = self.connection.ops.quote_name
        if self.postgres:
            return (
                f"sample CROSS JOIN LATERAL (SELECT {columns} FROM {qn(table)} j "
                f"WHERE j.{qn(owner)} = sample.id OFFSET 0) j"
            )
        return f"sample CROSS JOIN (SELECT {columns} FROM {qn(table)}) j ON j.owner = sample.id"

    def sectors(self, through: type[Model], owner: str, sectors: Iterable[Model]) -> None:
        """Sampled rows per sector, each sector's own and its sub-sectors' rows together (a row
        tagged with two of them counts once), as its filter finds them."""
        parents = {sector.pk: sector.parent_id for sector in sectors}
        tree = []
        for leaf in parents:
            root, seen = leaf, set()
            while root is not None and root not in seen:  # a cycle cannot be saved; still, stop
                seen.add(root)
                tree.append((root, leaf))
                root = parents.get(root)
        if not tree:
            return
        self.ctes.append(f"tree(root, leaf) AS (VALUES {', '.join(['(%s, %s)'] * len(tree))})")
        self.cte_params += [n for pair in tree for n in pair]
        qn = self.connection.ops.quote_name
        rows = self._joined(
            through._meta.db_table, owner, f"{qn('sector_id')} AS sector, {qn(owner)} AS owner"
        )
        self.arms.append(
            f"SELECT 'sector', CAST(tree.root AS TEXT), COUNT(DISTINCT j.owner) FROM {rows} "
            "JOIN tree ON tree.leaf = j.sector GROUP BY tree.root"
        )

    def countries(self, table: type[Model], owner: str, *, leaving_out: Iterable[str] = ()) -> None:
        """The `TOP_COUNTRIES` countries with the most sampled rows, but those in
        ``leaving_out`` (already chosen)."""
        qn = self.connection.ops.quote_name
        rows = self._joined(
            table._meta.db_table, owner, f"{qn('country_id')} AS country, {qn(owner)} AS owner"
        )
        codes = list(leaving_out)
        where = f"WHERE j.country NOT IN ({', '.join(['%s'] * len(codes))})" if codes else ""
        self.arms.append(
            f"SELECT * FROM (SELECT 'country', CAST(j.country AS TEXT), COUNT(DISTINCT j.owner) "
            f"FROM {rows} {where} GROUP BY j.country ORDER BY 3 DESC, 2 LIMIT {TOP_COUNTRIES}) top"
        )
        self.params += codes

    def stored(self, facet: str, totals: QuerySet, limit: int | None = None) -> None:
        """Rows read from stored totals (the first ``limit``): ``totals`` gives ``facet_key``
        and ``facet_n``."""
        sql, params = totals.values_list("facet_key", "facet_n")[:limit].query.sql_with_params()
        self.arms.append(f"SELECT '{facet}', CAST(arm.facet_key AS TEXT), arm.facet_n FROM ({sql}) arm")
        self.params += params

    def estimate(self, model: type[Model]) -> None:
        """PostgreSQL's estimate of the size of ``model``'s table (`table_sizes`), as ``size``."""
        if self.postgres:
            self.arms.append(
                "SELECT 'size', '', CAST(reltuples AS BIGINT) FROM pg_class WHERE oid = CAST(%s AS regclass)"
            )
            self.params.append(self.connection.ops.quote_name(model._meta.db_table))

    def run(self) -> dict[str, list[tuple[str, int]]]:
        """Every arm's ``(key, n)`` rows by facet; one query."""
        if not self.arms:
            return {}
        sql = f"WITH {', '.join(self.ctes)} " + " UNION ALL ".join(self.arms)
        with self.connection.cursor() as cursor:
            cursor.execute(sql, self.cte_params + self.params)
            found: dict[str, list[tuple[str, int]]] = {}
            for facet, key, n in cursor.fetchall():
                found.setdefault(facet, []).append((key, n))
        return found


def _in_use(filterset: FilterSet) -> dict[str, Any]:
    return {name: value for name, value in filterset.form.cleaned_data.items() if value}


def _codes(used: dict[str, Any]) -> list[str]:
    """The countries the list is narrowed to, by ``country`` and ``pair``."""
    return list(dict.fromkeys([*(used.get("country") or ()), *(used.get("pair") or ())]))


def _partners(totals: QuerySet, code: str) -> QuerySet:
    """A country's pair totals, as ``facet_key`` (the other country) and ``facet_n``."""
    return totals.annotate(facet_key=Case(When(low_id=code, then=F("high_id")), default=F("low_id")))


def event_facets(events: FilterSet, query: QueryDict) -> Facets:
    """The timeline's counts and chips, for a valid `EventFilter` (its form's ``kind``, ``status``
    and ``sector`` choices are labelled with their counts). Three queries: the sectors, the
    counts (`FacetQuery`), the kinds; the form then reads neither again."""
    used = _in_use(events)
    codes = _codes(used)
    others = set(used) - {"country", "pair"}
    counter = FacetQuery(
        events.qs.values_list("pk", "kind_id", "status", "date_start"), ("id", "kind", "status", "day")
    )
    counter.size()
    counter.year("year", "day")
    if "kind" not in used:
        counter.group("kind", "kind")
    if "status" not in used:
        counter.group("status", "status")
    sectors = _records(events.form.fields["sector"].queryset)
    if "sector" not in used:
        counter.sectors(Event.sectors.through, "event_id", sectors)
    if not used:
        counter.estimate(Event)
        busiest = CountryTotal.objects.filter(events__gt=0).order_by("-events", "country")
        busiest = busiest.annotate(facet_key=F("country_id"), facet_n=F("events"))
        counter.stored("country", busiest, TOP_COUNTRIES)
    elif not others and len(codes) == 1:
        partners = PairTotal.objects.busiest().involving(codes[0]).select_related(None)
        counter.stored("country", _partners(partners, codes[0]).annotate(facet_n=F("events")), TOP_COUNTRIES)
        own = CountryTotal.objects.filter(country=codes[0])
        counter.stored("stored", own.annotate(facet_key=F("country_id"), facet_n=F("events")))
    else:
        if not others and len(codes) == 2:
            pair = Pair.of(*codes)
            own = PairTotal.objects.filter(low=pair.low, high=pair.high)
            counter.stored("stored", own.annotate(facet_key=F("low_id"), facet_n=F("events")))
        counter.countries(EventCountry, "event_id", leaving_out=codes)
    found = counter.run()

    facets = _facets(found, "event", query, countries_stored=not used or (not others and len(codes) == 1))
    stored = found.get("stored")
    if stored is not None or (not codes and not others):
        facets.total = _stored_total(found, facets.total)
    kinds = _records(events.form.fields["kind"].queryset)
    if "kind" not in used:
        own = {key: n for key, n in found.get("kind", [])}
        facets.kinds = {kind.pk: facets.tally(own.get(kind.pk, 0)) for kind in kinds}
        for kind in kinds:  # a kind's filter takes its sub-kinds too: so does its count
            if kind.parent_id in facets.kinds:
                parent = facets.kinds[kind.parent_id]
                facets.kinds[kind.parent_id] = Tally(parent.n + own.get(kind.pk, 0), parent.more)
    if "status" not in used:
        own = dict(found.get("status", []))
        facets.statuses = {status: facets.tally(own.get(status, 0)) for status in Event.Status.values}
    if "sector" not in used:
        facets.sectors = {sector.pk: facets.tally(_n(found, "sector", sector.pk)) for sector in sectors}
    _label_choices(events.form, "kind", kinds, facets.kinds, key=lambda kind: kind.pk)
    _label_choices(events.form, "sector", sectors, facets.sectors, key=lambda sector: sector.pk)
    _label_status(events.form, facets.statuses)
    facets.years = _years(found.get("year", []), facets, query)
    facets.chips = chips(events, query)
    return facets


def pledge_facets(
    pledges: FilterSet,
    query: QueryDict,
    status_totals: list[tuple[PledgeStatus | None, int]],
    cap: int | None,
) -> Facets:
    """The pledge tracker's counts and chips, for a valid `PledgeFilter`, given its
    ``status_totals`` (their ``cap``: ``None`` when exact). Two queries: the sectors and the
    counts (`FacetQuery`); the form then reads the sectors no more."""
    used = _in_use(pledges)
    codes = _codes(used)
    others = set(used) - {"country", "pair", "status"}
    counter = FacetQuery(pledges.qs.values_list("pk", "date_start"), ("id", "day"))
    counter.size()
    sectors = _records(pledges.form.fields["sector"].queryset)
    if "sector" not in used:
        counter.sectors(Pledge.sectors.through, "pledge_id", sectors)
    if not used:
        totals = PledgeCountryTotal.objects.values(facet_key=F("country_id")).annotate(facet_n=Sum("pledges"))
        counter.stored(
            "country", totals.filter(facet_n__gt=0).order_by("-facet_n", "facet_key"), TOP_COUNTRIES
        )
    elif not others and "status" not in used and len(codes) == 1:
        pairs = PledgePairTotal.objects.filter(low=codes[0]) | PledgePairTotal.objects.filter(high=codes[0])
        partners = _partners(pairs, codes[0]).values("facet_key").annotate(facet_n=Sum("pledges"))
        counter.stored(
            "country", partners.filter(facet_n__gt=0).order_by("-facet_n", "facet_key"), TOP_COUNTRIES
        )
    else:
        counter.countries(PledgeParty, "pledge_id", leaving_out=codes)
    found = counter.run()

    stored = not used or (not others and "status" not in used and len(codes) == 1)
    facets = _facets(found, "pledge", query, countries_stored=stored)
    statuses = {(status.value if status else ""): n for status, n in status_totals}
    if cap is None and not others:  # stored, exact: the total too
        wanted = used.get("status")
        n = statuses.get(wanted, 0) if wanted else sum(statuses.values())
        facets.total = Tally(n)
    facets.statuses = {
        status: Tally(cap, more=True) if cap and n > cap else Tally(n) for status, n in statuses.items()
    }
    if "sector" not in used:
        facets.sectors = {sector.pk: facets.tally(_n(found, "sector", sector.pk)) for sector in sectors}
    _label_choices(pledges.form, "sector", sectors, facets.sectors, key=lambda sector: sector.pk)
    if "status" not in used:
        _label_status(pledges.form, facets.statuses)
    facets.chips = chips(pledges, query)
    return facets


@dataclass(frozen=True, slots=True)
class Record:
    """A kind or a sector as its choice list and counts read it, without a model instance (a
    few dozen instances cost more than the statement that counts them)."""

    pk: int
    slug: str
    name: str
    parent_id: int | None

    def __str__(self) -> str:  # as the model's own: its name
        return self.name


def _records(queryset: QuerySet) -> list[Record]:
    """The records of a choice field's ``queryset`` (kinds, sectors), in its order."""
    return [Record(*row) for row in queryset.values_list("pk", "slug", "name", "parent_id")]


def _n(found: dict, facet: str, key: Any) -> int:
    return dict(found.get(facet, [])).get(str(key), 0)


def _facets(found: dict, noun: str, query: QueryDict, *, countries_stored: bool) -> Facets:
    """The counts every list shares: its size in the sample, and its countries (from stored
    totals, or the sample)."""
    size = _n(found, "total", "")
    full = size >= SAMPLE
    facets = Facets(total=Tally(size, more=full), noun=noun, sampled=SAMPLE if full else None)
    base = _without(query, "before")
    for code, n in found.get("country", []):
        url = base.copy()
        url.appendlist("country", code.lower())
        count = Tally(n) if countries_stored else facets.tally(n)
        facets.countries.append(Link(COUNTRY_NAMES.get(code, code), f"?{url.urlencode()}", count, "country"))
    return facets


def _stored_total(found: dict, sampled: Tally) -> Tally:
    """The list's size from a stored total (one country's, one pair's), or the table's estimate
    (the whole list): exact, or about; the sample's count where neither is known."""
    if found.get("stored"):
        return Tally(found["stored"][0][1])
    if not sampled.more:
        return sampled
    estimate = dict(found.get("size", [])).get("", -1)
    if estimate >= ESTIMATE_FROM:
        return Tally(round(estimate, 2 - len(str(estimate))), about=True)  # 1,003,734: about 1,000,000
    return sampled


def _years(rows: list[tuple[str, int]], facets: Facets, query: QueryDict) -> list[Link]:
    """Each year with its count, newest first, linking to the list for that year. A full sample
    holds every year but its oldest whole: that one is "at least"."""
    years = sorted(((int(year), n) for year, n in rows if year), reverse=True)
    whole = len(years)
    base = _without(query, "before", "from", "to")
    links = []
    for i, (year, n) in enumerate(years[:TOP_YEARS]):
        url = base.copy()
        url["from"] = url["to"] = str(year)
        last = i == whole - 1
        links.append(
            Link(str(year), f"?{url.urlencode()}", Tally(n, more=bool(facets.sampled) and last), "year")
        )
    return links


def _label_choices(form, name: str, objects: list, tallies: dict, *, key) -> None:
    """Show each record of a model-choice field with its count ("visit (12)"), from ``objects``
    (its queryset, already read), so that rendering it costs no query."""
    formfield = form.fields[name]
    choices = [("", formfield.empty_label)] if formfield.empty_label is not None else []
    for obj in objects:
        label = formfield.label_from_instance(obj)
        choices.append((obj.slug, _with_count(label, tallies.get(key(obj)))))
    formfield.widget.choices = choices


def _label_status(form, tallies: dict[str, Tally]) -> None:
    formfield = form.fields["status"]
    formfield.widget.choices = [
        (value, _with_count(label, tallies.get(value)) if value else label)
        for value, label in formfield.choices
    ]


def _with_count(label: str, tally: Tally | None) -> str:
    """ "visit (12)"; no count when none was taken, or none of a full sample had it ("0+" would
    say nothing)."""
    if tally is None or (tally.more and not tally.n):
        return label
    return f"{label} ({tally})"


def _without(query: QueryDict, *names: str) -> QueryDict:
    kept = query.copy()
    for name in names:
        kept.pop(name, None)
    return kept


def chips(filterset: FilterSet, query: QueryDict) -> list[Link]:
    """The filters in use, one chip per value (each ``country`` apart), each linking to the
    same list without that value (and from its first page)."""
    base = _without(query, "before")
    data = filterset.form.cleaned_data
    found = []
    for name in filterset.form.fields:
        raw = [value for value in base.getlist(name) if value.strip()]
        if not raw or not data.get(name):
            continue
        label = "Country" if name == "country" else filterset.form[name].label
        for i, value in enumerate(raw):
            rest = base.copy()
            rest.setlist(name, raw[:i] + raw[i + 1 :])
            found.append(
                Link(f"{label}: {_chip_text(name, value, data[name])}", f"?{rest.urlencode()}", None, name)
            )
    return found


def _chip_text(name: str, raw: str, value: Any) -> str:
    if name == "country":
        return country_shown(raw)
    if name == "pair":
        return f"{COUNTRY_NAMES[value.low]}–{COUNTRY_NAMES[value.high]}"
    if name in ("from", "to", "q"):
        return raw.strip()
    if isinstance(value, str):  # a choice: its label
        return value.replace("_", " ")
    return str(getattr(value, "name", value))
