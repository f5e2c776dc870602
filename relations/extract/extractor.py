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
from relations.extract.officials import Person, find_officials
from relations.extract.places import cities, find_bylines, find_dateline, find_place, meeting_day
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
from relations.extract.statements import (
    COMMITS,
    PLEDGE,
    SIDES,
    PledgeSentence,
    Quote,
    find_pledges,
    find_quotes,
    pledge_parties,
)
from relations.extract.terms import CLAUSE_BREAK, find_due, find_target
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
            doubt=_official_doubt(person),
        )
        for person in people
    ]
    # The body's first line may open with a dateline: weekdays are counted back from its day.
    body_start = doc.headline[1] if doc.headline else 0
    # A byline ("By Staff Reporter", "Published: 9 September 2025") may stand before the dateline.
    bylines = find_bylines(text, body_start)
    dateline = find_dateline(
        text, max([body_start, *(e for s, e in bylines if s >= body_start)]), published_on
    )
    reference = dateline.day if dateline and dateline.day else published_on
    # The dateline's day is when the report was filed, not a date it reports.
    dates = [d for d in find_dates(text, reference, sentences) if not dateline or d.start >= dateline.after]
    proposals.dates = _merged(
        (found.date, DateProposal(text=found.text, date=found.date, spans=[(found.start, found.end)]))
        for found in dates
    )
    for proposal in proposals.dates:
        if _only_in(proposal.spans, bylines):
            proposal.doubt = "only in the byline"
    # Nor is a byline's day the meeting's.
    told = [d for d in dates if not _only_in([(d.start, d.end)], bylines)]
    proposals.event = _event(text, doc, told, dateline, mentions)
    dateline_span = [(dateline.start, dateline.after)] if dateline else []
    for proposal in proposals.countries:
        if _only_in(proposal.spans, dateline_span):
            proposal.doubt = "only in the dateline"
        elif _only_in(proposal.spans, bylines + dateline_span):
            proposal.doubt = "only in the byline"
    if dateline and proposals.event.place and (dateline.start, dateline.end) in proposals.event.spans:
        proposals.event.doubt = "place only in the dateline"
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
            doubt=_session_doubt(text, session, sentences),
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
    pledges = find_pledges(text, body)
    meeting = proposals.event.date.end if proposals.event.date else reference
    for pledge in pledges:
        # The first amount written in the sentence, with that place only.
        target = next(
            (
                AmountProposal(
                    amount=a.amount,
                    currency=a.currency,
                    text=a.text,
                    spans=[(a.start, a.end)],
                    doubt=_target_doubt(text, pledge, a.start),
                )
                for a in amounts
                if pledge.start <= a.start < pledge.end
            ),
            None,
        )
        verbs = [verb.end() for verb in COMMITS.finditer(text, pledge.start, pledge.end)]
        taken = [(a.start, a.end) for a in amounts] + [(d.start, d.end) for d in dates]
        quantity = find_target(text, pledge.start, pledge.end, verbs, taken)
        due = find_due(text, pledge.start, pledge.end, dates, meeting)
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
                doubt=_pledge_doubt(text, pledge, dates, meeting),
                due_text=due.text if due else "",
                due=due.date.edtf() if due else "",
                target_value=quantity.value if quantity else None,
                target_unit=quantity.unit if quantity else "",
                target_measure=quantity.measure if quantity else "",
                target_text=quantity.text if quantity else "",
            )
        )
    in_pledges = [(p.start, p.end) for p in pledges]
    for proposal in proposals.amounts:
        if not any(s <= start < e for start, _ in proposal.spans for s, e in in_pledges):
            proposal.doubt = "no pledge in its sentence"

    quotes = find_quotes(text, sentences)
    for quote, (speaker, speaker_span) in zip(quotes, _speakers(text, quotes), strict=True):
        person = _speaker_person(text, speaker_span, people)
        proposals.quotes.append(
            QuoteProposal(
                text=quote.text,
                speaker=speaker,
                official=person.official.slug if person and person.official else None,
                spans=[(quote.start, quote.end)],
                doubt="" if speaker else "no speaker named",
                speaker_name=person.name if person else "",
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


# A pronoun that speaks for the last person named before it.
_PRONOUN = re.compile(r"(?i:he|she)")


def _speakers(text: str, quotes: list[Quote]) -> list[tuple[str, Span | None]]:
    """Each quotation's speaker, as written, and where: a quotation with none that goes on from
    the one before it in the same paragraph ("…," Khan said. "…") is that one's speaker's."""
    found = []
    for index, quote in enumerate(quotes):
        speaker, span = quote.speaker, quote.speaker_span
        if not speaker and index and found[-1][0] and "\n" not in text[quotes[index - 1].end : quote.start]:
            speaker, span = found[-1]
        found.append((speaker, span))
    return found


def _speaker_person(text: str, span: Span | None, people: list[Person]) -> Person | None:
    """The person the speaker's words name: one of ``people`` written there; for "he" or "she",
    the last one named before it in the same paragraph; for one word of a name, the last person
    named before it with that word in their name."""
    if span is None:
        return None
    for person in people:
        if any(span[0] <= s < span[1] for s, _ in person.spans):
            return person
    written = text[span[0] : span[1]]
    if _PRONOUN.fullmatch(written):
        paragraph = text.rfind("\n", 0, span[0]) + 1
        earlier = [(s, person) for person in people for s, _ in person.spans if paragraph <= s < span[0]]
        if earlier:
            return max(earlier, key=lambda item: item[0])[1]
        return None
    # A name written family name first ("Zhao" for Zhao Renfeng): the last person named before
    # whose name holds that word.
    word = fold(written)
    earlier = [
        (s, person)
        for person in people
        if " " not in word and word in fold(person.name).split()
        for s, _ in person.spans
        if s < span[0]
    ]
    return max(earlier, key=lambda item: item[0])[1] if earlier else None


def _only_in(spans: list[Span], regions: list[Span]) -> bool:
    return bool(spans) and all(any(s <= start < e for s, e in regions) for start, _ in spans)


def _official_doubt(person) -> str:
    """A new official known by one word only ("President Ali") may be anyone of that name."""
    if person.official is None and len(person.name.split()) == 1:
        return "a single word after a title"
    return ""


# A session number of another meeting than the one reported: "will meet for a fourth time", "the
# next round", "the previous session".
_OTHER_SESSION = re.compile(
    r"\b(?:next|previous|last|upcoming|coming|following|earlier|will|would|shall|is\s+to|are\s+to|"
    r"scheduled|planned|due|expected\s+to|set\s+to)\b",
    re.IGNORECASE,
)


def _session_doubt(text: str, session, sentences: list[Span]) -> str:
    """A numbered meeting the text places before or after the one reported, or of a series it
    does not tie to a known body."""

    def sentence(span: Span) -> Span:
        return next(((s, e) for s, e in sentences if s <= span[0] < e), span)

    def other(span: Span) -> bool:
        sentence_start, sentence_end = sentence(span)
        before = re.split(r"[,;:]", text[max(sentence_start, span[0] - 40) : span[0]])[-1]
        after = re.split(r"[,;:]", text[span[1] : min(sentence_end, span[1] + 40)])[0]
        return bool(_OTHER_SESSION.search(before + text[span[0] : span[1]] + after))

    if all(other(span) for span in session.spans):
        return "another meeting of the series"
    if session.guessed:
        return "the series is a guess"
    return ""


# An amount that is a deal's value ("a deal worth"); `CLAUSE_BREAK` sets one apart from the
# verb of commitment ("…, which the government values at", "while Ghana pledged").
_VALUE = re.compile(
    r"\b(?:worth|valued\s+at|values?\s+(?:it\s+)?at|value\s+of|cost(?:ing|s)?)\s*"
    r"(?:about|around|some|nearly|almost|over|more\s+than)?\s*$",
    re.IGNORECASE,
)


# A sum given outright: "offered €45 million", "earmarked $2 billion".
_GIVES = re.compile(
    r"\b(?:offered|pledged|committed|promised|granted|provided|allocated|earmarked|approved|announced|"
    r"contributed|donated|lent|loaned|invested|set\s+aside)\b",
    re.IGNORECASE,
)


def _target_doubt(text: str, pledge: PledgeSentence, at: int) -> str:
    """Why an amount of a pledge sentence may not be what is pledged: none when a verb of
    commitment stands before it in its own clause ("would contribute KSh 52 billion")."""
    if _VALUE.search(text, max(pledge.start, at - 30), at):
        return "the value of a deal, not a sum pledged"
    verbs = [*COMMITS.finditer(text, pledge.start, at), *_GIVES.finditer(text, pledge.start, at)]
    if any(not CLAUSE_BREAK.search(text, verb.end(), at) for verb in verbs):
        return ""
    return "no pledge verb for this amount"


def _pledge_doubt(text: str, pledge: PledgeSentence, dates, meeting: dt.date) -> str:
    """A pledge the sentence dates to before this meeting was made at another: a date earlier than
    the meeting just after its verb ("agreed in December 2022"), or just before "and agreed"
    ("visited Skopje in January and pledged")."""
    for found in dates:
        if not pledge.start <= found.start < pledge.end or found.date.end >= meeting - dt.timedelta(days=7):
            continue
        if re.match(r"(?i:since|from|by|until|before|after)\b|.*\bthe\b", found.text):
            continue
        first = PLEDGE.search(text, pledge.start, pledge.end)
        made_then = first and first.end() <= found.start < first.end() + 60
        after = text[found.end : min(pledge.end, found.end + 24)]
        if (made_then and not re.search(r"[,;]", text[first.end() : found.start])) or re.match(
            r",?\s+and\s+(?:also\s+)?(?:agreed|pledged|resolved|promised|vowed)\b", after
        ):
            return f"made before this meeting ({found.text})"
    return ""
