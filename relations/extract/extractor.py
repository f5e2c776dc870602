"""`extract`: the records an article describes, proposed for an editor to review.

Reads the tracker's names once (`Gazetteer.load`, a few queries), then runs the rules of each
module over the text; nothing is written. The rules are plain Python and regular expressions, so
that an editor can predict what they find; each module's docstring states its own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from relations.extract.countries import Mention, find_mentions
from relations.extract.dates import find_dates
from relations.extract.gazetteer import Gazetteer
from relations.extract.money import find_amounts
from relations.extract.officials import find_officials
from relations.extract.places import cities, find_dateline, find_place, meeting_day
from relations.extract.proposals import (
    AmountProposal,
    CountryProposal,
    DateProposal,
    EventProposal,
    OfficialProposal,
    PledgeProposal,
    Proposals,
    QuoteProposal,
    SectorProposal,
    SessionProposal,
)
from relations.extract.sessions import find_sessions
from relations.extract.statements import SIDES, find_pledges, find_quotes, pledge_parties
from relations.extract.text import Document, Span
from relations.extract.titles import find_offices
from relations.names import fold


def extract(text: str, published_on: dt.date, *, gazetteer: Gazetteer | None = None) -> Proposals:
    """What ``text``, published on ``published_on``, says, as proposals with their spans.

    Costs the gazetteer's queries (seven) unless one is passed in, and no other.
    """
    gazetteer = gazetteer or Gazetteer.load()
    doc = Document(text)
    sentences = doc.sentences

    mentions = find_mentions(doc, gazetteer)
    people = find_officials(doc, gazetteer, mentions)
    person_spans = [span for person in people for span in person.spans]
    mentions = [m for m in mentions if not any(s <= m.start < e for s, e in person_spans)]
    main = _main_countries(text, mentions, sentences)

    proposals = Proposals()
    proposals.countries = _countries(mentions, gazetteer)
    proposals.officials = [
        OfficialProposal(
            name=person.name,
            official=person.official.slug if person.official else None,
            office=person.office,
            country=person.country,
            spans=person.spans,
        )
        for person in people
    ]
    # The body's first line may open with a dateline: weekdays are counted back from its day.
    body_start = doc.headline[1] if doc.headline else 0
    dateline = find_dateline(text, body_start, published_on)
    reference = dateline.day if dateline and dateline.day else published_on
    # The dateline's day is when the report was filed, not a date it reports.
    dates = [d for d in find_dates(text, reference, sentences) if not dateline or d.start >= dateline.after]
    proposals.dates = _merged(
        (found.date, DateProposal(text=found.text, date=found.date, spans=[(found.start, found.end)]))
        for found in dates
    )
    proposals.event = _event(text, doc, dates, dateline, mentions)
    amounts = find_amounts(text, sentences=sentences, mentions=[(m.code, m.start) for m in mentions])
    proposals.amounts = _merged(
        (
            (a.amount, a.currency),
            AmountProposal(amount=a.amount, currency=a.currency, text=a.text, spans=[(a.start, a.end)]),
        )
        for a in amounts
    )
    proposals.sessions = [
        SessionProposal(
            number=session.number,
            commission=session.commission.slug if session.commission else None,
            name=session.name,
            countries=session.countries,
            spans=session.spans,
        )
        for session in find_sessions(text, gazetteer, mentions, main)
    ]
    offices = [span for person in people for span in person.titles] + find_offices(text)
    sector_matches = _sectors(doc, gazetteer, offices)
    proposals.sectors = _sector_proposals(sector_matches)

    # A headline restates the body's pledges; proposing it too would record one of them twice.
    headline_end = doc.headline[1] if doc.headline else 0
    subjects = _subjects(text, mentions, people)
    after = dateline.after if dateline else headline_end
    body = [(max(start, after), end) for start, end in sentences if end > after]
    for pledge in find_pledges(text, body):
        # The first amount written in the sentence, with that place only.
        target = next(
            (
                AmountProposal(amount=a.amount, currency=a.currency, text=a.text, spans=[(a.start, a.end)])
                for a in amounts
                if pledge.start <= a.start < pledge.end
            ),
            None,
        )
        proposals.pledges.append(
            PledgeProposal(
                text=pledge.text,
                sectors=list(
                    dict.fromkeys(
                        slug for slug, _, (s, _) in sector_matches if pledge.start <= s < pledge.end
                    )
                ),
                target=target,
                countries=_parties(pledge_parties(text, pledge.start, pledge.end, subjects), main),
                spans=pledge.spans,
            )
        )

    for quote in find_quotes(text, sentences):
        official = _speaker_official(quote.speaker_span, people)
        proposals.quotes.append(
            QuoteProposal(
                text=quote.text, speaker=quote.speaker, official=official, spans=[(quote.start, quote.end)]
            )
        )
    return proposals


def _event(text: str, doc: Document, dates, dateline, mentions) -> EventProposal:
    """The reported meeting's day and place (`relations.extract.places`)."""
    body_start = doc.headline[1] if doc.headline else 0
    body = [(s, e) for s, e in doc.sentences if s >= body_start]
    lead_end = body[0][1] if body else len(text)
    event = EventProposal()
    day = meeting_day(text, dates, body_start, dateline, lead_end)
    if day:
        event.date, event.date_text = day.date, day.text
        event.spans.append((day.start, day.end))
    place = find_place(text, body, dateline, mentions)
    if place:
        event.place, event.place_country, span = place
        event.spans.append(span)
    return event


def _merged(items) -> list:
    """One proposal per value, with the spans of every place it is written (the first one's text)."""
    found: dict = {}
    for key, proposal in items:
        if key in found:
            found[key].spans += proposal.spans
        else:
            found[key] = proposal
    return list(found.values())


def _countries(mentions: list[Mention], gazetteer: Gazetteer) -> list[CountryProposal]:
    found: dict[str, CountryProposal] = {}
    for mention in mentions:
        proposal = found.setdefault(
            mention.code, CountryProposal(mention.code, gazetteer.country_name[mention.code])
        )
        proposal.spans.append((mention.start, mention.end))
    return list(found.values())


# A country named as the host or mediator of the talks, or as where they were held.
_HOST = re.compile(r"host|mediat|broker|facilitat|observer", re.IGNORECASE)
_PLACE_BEFORE = re.compile(r"\b(?:in|at|to)\s+(?:the\s+)?$", re.IGNORECASE)


def _main_countries(text: str, mentions: list[Mention], sentences: list[Span]) -> list[str]:
    """The article's own countries: those of its first two sentences (a headline and a lead), else
    the two it names most; in order of first mention. Not a country named there only as the talks'
    host or mediator ("Qatar-mediated talks", "hosted by Switzerland") or their place ("talks in
    Switzerland")."""
    lead_end = sentences[1][1] if len(sentences) > 1 else (sentences[0][1] if sentences else 0)

    def aside(m: Mention) -> bool:
        window = text[max(0, m.start - 30) : m.end + 30]
        return bool(_HOST.search(window)) or bool(_PLACE_BEFORE.search(text[max(0, m.start - 12) : m.start]))

    lead = list(dict.fromkeys(m.code for m in mentions if m.start < lead_end and not aside(m)))
    if lead:
        return lead
    counts = Counter(m.code for m in mentions)
    top = {code for code, _ in counts.most_common(2)}
    return list(dict.fromkeys(m.code for m in mentions if m.code in top))


def _parties(named: list[str], main: list[str]) -> list[str]:
    """A pledge binds the countries that commit in it (`pledge_parties`); one whose subject names
    none ("Both sides resolved…", "The ministers agreed…") binds the article's own."""
    if not named:
        return list(main)
    return list(dict.fromkeys(code for item in named for code in (main if item == SIDES else [item])))


_CITY_SUBJECT = re.compile(
    r"\b(?P<city>[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+)?)\s+(?:also\s+)?"
    r"(?:will|would|has|had|said|says|pledged|agreed|promised|vowed|signed|offered|is|was|plans)\b"
)


def _subjects(text: str, mentions: list[Mention], people) -> list[tuple[int, int, str]]:
    """What can name a country as a subject: a mention of it, an official of it, its capital or
    a large city of one the article names, followed by a verb ("Bangkok will lend")."""
    found = [(m.start, m.end, m.code) for m in mentions]
    named = {m.code for m in mentions}
    found += [(s, e, person.country) for person in people if person.country for s, e in person.spans]
    for match in _CITY_SUBJECT.finditer(text):
        city = cities().get(fold(match["city"]))
        if (
            city
            and city.country in named
            and city.population >= 300_000
            and not any(s <= match.start() < e for s, e, _ in found)
        ):
            found.append((match.start("city"), match.end("city"), city.country))
    return sorted(found)


def _sectors(doc: Document, gazetteer: Gazetteer, offices: list[Span]) -> list[tuple[str, str, Span]]:
    """Sector words in running text. Not inside an office or a ministry ("Minister of National
    Defense", "the trade ministry"): that names a portfolio, not a topic. A capitalised one counts
    at the start of a sentence or as the last word of a name ("the Karakoram Highway"), not inside
    a name ("the European Investment Bank"); acronyms only in capitals."""

    def accept(doc: Document, first: int, last: int, payloads):
        head, tail = doc.tokens[first], doc.tokens[last]
        start, _ = doc.span(head.start, tail.end)
        if any(s <= start < e for s, e in offices):
            return []
        written = doc.original(head.start, tail.end)
        payloads = [entry for entry in payloads if not entry.upper or written.replace("-", "").isupper()]
        if not payloads or not written[:1].isupper() or all(entry.upper for entry in payloads):
            return payloads
        if _starts_sentence(doc, start):
            return payloads
        following = doc.tokens[last + 1] if last + 1 < len(doc.tokens) else None
        if following is not None and doc.joined(last, last + 1) and doc.is_capitalised(following):
            return []
        return payloads

    found = []
    for match in gazetteer.sectors.find(doc, accept=accept):
        entry = match.payloads[0]
        span = doc.span(doc.tokens[match.first].start, doc.tokens[match.last].end)
        found.append((entry.slug, entry.name, span))
    return found


def _starts_sentence(doc: Document, position: int) -> bool:
    sentence_start, _ = doc.sentence_of(position)
    return not doc.text[sentence_start:position].strip("“\"‘'( ")


def _sector_proposals(matches: list[tuple[str, str, Span]]) -> list[SectorProposal]:
    found: dict[str, SectorProposal] = {}
    for slug, name, span in matches:
        found.setdefault(slug, SectorProposal(slug, name)).spans.append(span)
    return list(found.values())


def _speaker_official(span: Span | None, people) -> str | None:
    if span is None:
        return None
    for person in people:
        if person.official and any(span[0] <= s < span[1] for s, _ in person.spans):
            return person.official.slug
    return None
