"""Step 3: the one write that turns the editor's confirmed choices into records.

`review_confirm` takes plain choices (made by `relations.extract.review.forms.Review`, or built
directly in tests and scripts) and writes everything in one transaction, or nothing.

Reuse rules, so that pasting a second article about the same meeting adds to it instead of
copying it:

* the source: one with the same URL; without a URL, one with the same publisher, title and day;
* a commission: the one chosen, else one whose name folds to the same text ("Türkiye" and
  "Turkiye" meet);
* the event: for a commission session, the event of that commission with that session number;
* an official: the one chosen, else one whose name or other name folds to the same text;
* a pledge: the one chosen, else one made at the same event whose title folds to the same text;
* an event's country, participant or citation by the same source: the row already there.

A reused record is never changed: it only gains what it lacks (countries, participants and
pledges for an event, a citation by the new source). Every new fact is cited: the event, each new
office held, each pledge and its first status ("announced", as of the publication day).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q

from relations.dates import FuzzyDate
from relations.extract.review.article import Article
from relations.models import (
    Citation,
    Commission,
    Country,
    Event,
    EventCountry,
    OfficeHeld,
    Official,
    Participant,
    Pledge,
    PledgeParty,
    PledgeStatus,
    PledgeStatusChange,
    Sector,
    Source,
)
from relations.models.naturalkeys import find_duplicate
from relations.names import fold
from relations.services import pledge_save


@dataclass
class SessionChoice:
    number: int
    commission: Commission | None = None  # a known commission, or None for `name`
    name: str = ""  # found by its folded name, or a new commission
    kind: str = Commission.Kind.JOINT_MINISTERIAL  # for a new commission


@dataclass
class EventChoice:
    """The event to create; not used when the session is already recorded."""

    title: str
    kind: str
    date: FuzzyDate
    status: str = Event.Status.HELD
    place: str = ""
    place_country: Country | None = None
    sectors: list[Sector] = field(default_factory=list)
    summary: str = ""


@dataclass
class CountryChoice:
    country: Country
    role: str = EventCountry.Role.PARTY


@dataclass
class OfficialChoice:
    name: str
    official: Official | None = None  # a known official, or None: found by name or created
    office: str = ""  # the capacity they came in; a new official's office held
    country: Country | None = None  # the side they spoke for; a new official's nationality
    role: str = Participant.Role.DELEGATE
    excerpt: str = ""  # cites a new official's office


@dataclass
class PledgeChoice:
    title: str
    parties: list[Country]
    wording: str = ""
    sectors: list[Sector] = field(default_factory=list)
    target_amount: Decimal | None = None
    target_currency: str = ""
    target_unit: str = ""  # a target that is not money: people, percent, megawatts…
    target_measure: str = ""
    due: FuzzyDate | None = None
    existing: Pledge | None = None  # a pledge of the session already recorded, cited again
    excerpt: str = ""


@dataclass
class Choices:
    article: Article
    event: EventChoice
    excerpt: str  # the event's citation: the quotations kept, each with its speaker, or the sentence
    session: SessionChoice | None = None
    countries: list[CountryChoice] = field(default_factory=list)
    officials: list[OfficialChoice] = field(default_factory=list)
    pledges: list[PledgeChoice] = field(default_factory=list)


@dataclass
class Confirmed:
    """What `review_confirm` wrote and what it found already there."""

    event: Event | None = None
    created: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    reused: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    made: set[tuple[str, int]] = field(default_factory=set)

    #: Records named in the message; the rest (rows that belong to them) are counted.
    NAMED = ("source", "commission", "event", "official", "pledge")

    def note(self, obj: models.Model, *, created: bool) -> None:
        """Count ``obj`` as created or reused; a record made by this confirmation and met again
        (a second row naming the same official) stays "created"."""
        key = (obj._meta.label, obj.pk)
        if created:
            self.made.add(key)
        elif key in self.made:
            return
        (self.created if created else self.reused)[str(obj._meta.verbose_name)].append(str(obj))

    def messages(self) -> list[str]:
        """What was created, then what was reused, a line each:
        ``Created: source “…”; event “…”; 2 participants…``, ``Reused: officials “…”…``."""
        lines = []
        for verb, found in (("Created", self.created), ("Reused", self.reused)):
            parts = []
            for noun, names in sorted(found.items(), key=lambda item: (_order(item[0]), item[0])):
                if noun in self.NAMED:
                    plural = noun if len(names) == 1 else _plural(noun)
                    parts.append(f"{plural} " + ", ".join(f"“{name}”" for name in names))
                else:
                    parts.append(f"{len(names)} {noun if len(names) == 1 else _plural(noun)}")
            if parts:
                lines.append(f"{verb}: " + "; ".join(parts) + ".")
        return lines


_WRITTEN = [
    Source,
    Commission,
    Event,
    EventCountry,
    Official,
    OfficeHeld,
    Participant,
    Pledge,
    PledgeParty,
    PledgeStatusChange,
    Citation,
]
#: Each record's noun in the message, in the order the message lists them, with its plural.
_PLURALS = {str(m._meta.verbose_name): str(m._meta.verbose_name_plural) for m in _WRITTEN}


def _order(noun: str) -> int:
    return list(_PLURALS).index(noun) if noun in _PLURALS else len(_PLURALS)


def _plural(noun: str) -> str:
    return _PLURALS.get(noun, f"{noun}s")


# Finding what exists -------------------------------------------------------------------------------


def find_source(article: Article) -> Source | None:
    """The source with the article's URL; without one, the source of the same publisher and title
    whose publication date holds the article's (that day, or its month or year)."""
    if article.url:
        return Source.objects.filter(url=article.url).first()
    return Source.objects.filter(
        url="",
        publisher__iexact=article.publisher,
        title__iexact=article.title,
        published_on_start__lte=article.published_on.start,
        published_on_end__gte=article.published_on.end,
    ).first()


def find_commission(name: str) -> Commission | None:
    """The commission whose name folds to ``name`` folded."""
    folded = fold(name)
    return next((c for c in Commission.objects.matching(name) if fold(c.name) == folded), None)


def find_session(commission: Commission | None, number: int | None) -> Event | None:
    if commission is None or commission.pk is None or not number:
        return None
    return Event.objects.filter(commission=commission, session_number=number).first()


def find_official(name: str) -> Official | None:
    """The official whose name or any other name folds to ``name`` folded."""
    folded = fold(name)
    if not folded:
        return None
    return Official.objects.filter(Q(name_folded=folded) | Q(names__folded=folded)).order_by("pk").first()


def find_pledge(event: Event, title: str) -> Pledge | None:
    folded = fold(title)
    return next((p for p in event.pledges.order_by("pk") if fold(p.title) == folded), None)


# Writing -------------------------------------------------------------------------------------------


def review_confirm(*, choices: Choices) -> Confirmed:
    """Write the source, the event (or add to the recorded session), its countries and
    participants, the pledges and the citations, in one transaction; see the module for what is
    reused. Raises `ValidationError` (and writes nothing) if a chosen pledge belongs to another
    event."""
    done = Confirmed()
    with transaction.atomic():
        source = _source(choices.article, done)
        event = _event(choices, done)
        for chosen in choices.countries:
            _get_or_create(EventCountry, done, {"role": chosen.role}, event=event, country=chosen.country)
        for chosen in choices.officials:
            official = _official(chosen, source, done)
            values = {"side": chosen.country, "role": chosen.role, "capacity": chosen.office}
            _get_or_create(Participant, done, values, event=event, official=official)
        for chosen in choices.pledges:
            _pledge(chosen, event, source, choices.article, done)
        _get_or_create(Citation, done, {"excerpt": choices.excerpt}, source=source, event=event)
    done.event = event
    return done


def _get_or_create(model: type[models.Model], done: Confirmed, defaults: dict, **lookup) -> models.Model:
    obj, created = model.objects.get_or_create(**lookup, defaults=defaults)
    done.note(obj, created=created)
    return obj


def _source(article: Article, done: Confirmed) -> Source:
    source = find_source(article)
    if source is None:
        source = Source.objects.create(
            title=article.title,
            url=article.url,
            publisher=article.publisher,
            kind=article.kind,
            language=article.language,
            published_on=article.published_on,
        )
        done.note(source, created=True)
    else:
        done.note(source, created=False)
    return source


def _event(choices: Choices, done: Confirmed) -> Event:
    chosen, session = choices.event, choices.session
    commission = None
    if session is not None:
        commission = session.commission or find_commission(session.name)
        if commission is None:
            commission = Commission.objects.create(name=session.name, kind=session.kind)
            commission.members.set([c.country for c in choices.countries])
            done.note(commission, created=True)
        else:
            done.note(commission, created=False)
        recorded = find_session(commission, session.number)
        if recorded is not None:
            done.note(recorded, created=False)
            return recorded
    if chosen.date is None:
        # The review found the session recorded, and it is gone since: the event needs its own date.
        raise ValidationError("The session is no longer recorded: enter the event's date.")
    event = Event(
        title=chosen.title,
        kind=chosen.kind,
        status=chosen.status,
        place=chosen.place,
        place_country=chosen.place_country,
        summary=chosen.summary,
        commission=commission,
        session_number=session.number if session else None,
        date=chosen.date,
    )
    # The same event recorded already (`relations.models.naturalkeys`: title, dates, countries),
    # from this article or by hand, gains what it lacks rather than being recorded twice.
    found = find_duplicate(event, {"event_countries": [{"country": c.country} for c in choices.countries]})
    if found is not None:
        done.note(found.record, created=False)
        return found.record
    event.save()
    event.sectors.set(chosen.sectors)
    done.note(event, created=True)
    return event


def _official(chosen: OfficialChoice, source: Source, done: Confirmed) -> Official:
    official = chosen.official or find_official(chosen.name)
    if official is not None:
        done.note(official, created=False)
        return official
    official = Official.objects.create(name=chosen.name, nationality=chosen.country)
    done.note(official, created=True)
    if chosen.office:
        office = OfficeHeld.objects.create(official=official, title=chosen.office, country=chosen.country)
        done.note(office, created=True)
        _get_or_create(Citation, done, {"excerpt": chosen.excerpt}, source=source, office=office)
    return official


def _pledge(chosen: PledgeChoice, event: Event, source: Source, article: Article, done: Confirmed) -> None:
    if chosen.existing is not None and chosen.existing.event_id != event.pk:
        raise ValidationError(f"“{chosen.existing}” is a pledge of another event than “{event.title}”.")
    pledge = chosen.existing or find_pledge(event, chosen.title)
    if pledge is not None:
        done.note(pledge, created=False)
        _get_or_create(Citation, done, {"excerpt": chosen.excerpt}, source=source, pledge=pledge)
        return
    cited = [{"source": source, "excerpt": chosen.excerpt}]
    pledge = pledge_save(
        pledge=Pledge(
            event=event,
            title=chosen.title,
            wording=chosen.wording,
            target_amount=chosen.target_amount,
            target_currency=chosen.target_currency,
            target_unit=chosen.target_unit,
            target_measure=chosen.target_measure,
            due=chosen.due,
        ),
        parties=[{"country": country, "role": PledgeParty.Role.MUTUAL} for country in chosen.parties],
        sectors=chosen.sectors,
        status_history=[
            {
                "status": PledgeStatus.ANNOUNCED,
                "as_of": article.published_on,
                "citations": cited,
            }
        ],
        citations=cited,
    )
    done.note(pledge, created=True)
    for party in pledge.parties.all():
        done.note(party, created=True)
    for change in pledge.status_changes.all():
        done.note(change, created=True)
        for citation in change.citations.all():
            done.note(citation, created=True)
    for citation in pledge.citations.all():
        done.note(citation, created=True)
