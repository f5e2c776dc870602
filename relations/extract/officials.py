"""Officials named in an article: the ones the tracker knows, through any of their names, and new
ones introduced by their title ("Commerce Minister Jam Kamal Khan").

- A known official is found by any recorded name or alias, folding case and accents ("Yasar
  Guler" is Yaşar Güler). A title written before the name becomes the proposed office, even if
  it is not the one on record: a known official with a new title is proposed with it.
- A new official is a run of capitalised words after a title: optional words of a portfolio
  ("Foreign", "Commerce", "Deputy Prime"), a head word ("Minister", "President", "Ambassador"…)
  and an optional "of/for …" ("Minister of National Defense").
- The office's country is the one written just before the title ("Pakistan's", "Turkish") or
  "of <country>" just after the name; a known official named without one is proposed with their
  recorded nationality, and without an office.
- Once a person's full name has appeared, their surname alone is them too ("Khan said").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from relations.extract.countries import Mention
from relations.extract.gazetteer import Gazetteer, KnownOfficial
from relations.extract.text import Document, Span, TokenMatcher
from relations.names import fold

HEADS = (
    r"Prime Minister|Minister|President|Vice[- ]President|Secretary[- ]General|Secretary|Ambassador|"
    r"High Commissioner|Commissioner|Envoy|Chancellor|King|Queen|Emir|Crown Prince|Prince|Sultan|"
    r"Sheikh|Governor|Speaker|Chairman|Chairwoman|Chairperson|Chair|Premier|Director[- ]General|"
    r"Director|Chief|General|Admiral|Marshal|Mayor|Senator|Representative|Consul[- ]General|Adviser|"
    r"Advisor|Spokesperson|Spokesman|Spokeswoman|Counsellor|Head"
)
# Words of a portfolio or rank, before a head word ("Foreign Minister") or after "of/for"
# ("Minister of Water and Sanitation"). A word missing here ends the title, and the name is
# then read from the wrong place: the list is meant to be long.
PORTFOLIO = (
    r"Deputy|Vice|Acting|Federal|Interim|Senior|Junior|First|Second|Foreign|Defen[cs]e|Finance|"
    r"Commerce|Trade|Economy|Economic|Energy|Oil|Petroleum|Gas|Interior|Home|Health|Education|"
    r"Agriculture|Agricultural|Livestock|Food|Irrigation|Industry|Industries|Industrial|Investments?|"
    r"Tourism|Culture|Information|Broadcasting|Planning|Development|Transport|Communications|Digital|"
    r"Technology|Science|Innovation|Research|Labour|Labor|Employment|Justice|Law|Legal|Environment|"
    r"Climate|Change|Mines|Mining|Minerals|Water|Sanitation|Maritime|Ports|Shipping|Infrastructure|"
    r"Treasury|State|Security|Cabinet|External|Foreign|Affairs|Overseas|Pakistanis|Natural|Resources|"
    r"National|International|Cooperation|Relations|Fisheries|Forestry|Forests|Lands|Land|Housing|Power|"
    r"Electricity|Railways|Roads|Highways|Aviation|Revenue|Customs|Public|Works|Youth|Sports|Women|"
    r"Gender|Family|Children|Social|Welfare|Protection|Rural|Urban|Local|Government|Regional|European|"
    r"Integration|Telecommunications|IT|Army|Navy|Air|Force|Staff|Military|Armed|Forces|Joint|Central|"
    r"Bank|Parliament|Parliamentary|Assembly|Senate|Ministry|Office|Intelligence|Organi[sz]ation|"
    r"Department|Strategic|Union|Commission|Council|General|Attorney|Chief|Minister|Prime|Crown|"
    r"Special|Permanent|Religious|Interfaith|Human|Rights|Privatisation|Privatization|Statistics|"
    r"Emergency|Disaster|Management|Migration|Immigration|Refugees|Diaspora|Heritage|Arts|Media|"
    r"Consumer|Competition|Small|Medium|Enterprises|Business|Cooperatives|Textiles|Trade|Exports?|"
    r"Imports?|Commonwealth|Asian|African|American|Pacific|Gulf|Arab|Economy|Budget|Fiscal|Monetary"
)
_PORTFOLIO_WORD = rf"(?:{PORTFOLIO})"
_CAP = r"[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’\-]*"
_PARTICLE = r"(?:bin|bint|ibn|al|el|de|do|da|dos|das|del|della|di|du|van|von|der|den|la|le|y|ul|ud)"
_NAME = rf"(?P<name>{_CAP}(?:\s+(?:{_PARTICLE}\s+)*{_CAP}){{0,4}})"
_JOIN = r"(?:\s+and|\s*&|,|\s+(?:of|for|on)(?:\s+the)?)?\s+"
_TITLE = re.compile(
    rf"(?P<title>(?:{_PORTFOLIO_WORD}(?:\s+and|\s*&)?\s+)*(?:{HEADS})"
    rf"(?:\s+(?:of|for|on)\s+(?:the\s+)?{_PORTFOLIO_WORD}(?:{_JOIN}{_PORTFOLIO_WORD})*)?)"
    rf"\s+{_NAME}"
)
# The same offices in running text, after or before a name and a comma: "Zhao Lei, vice chairman
# of China's…", "the British ambassador in Skopje, Matthew Lawson, said".
_HEAD_WORDS = (
    r"minister|president|ambassador|adviser|advisor|spokesperson|spokesman|spokeswoman|"
    r"secretary[- ]general|director[- ]general|secretary|envoy|governor|chairman|chairwoman|"
    r"chairperson|chair|chief|director|commissioner|premier|senator|"
    r"mayor|representative|king|queen|emir|prince|consul|general|admiral|head"
)
_FULL_NAME = rf"(?P<name>{_CAP}(?:\s+(?:{_PARTICLE}\s+)*{_CAP}){{1,4}})"
_OFFICE_AFTER = re.compile(
    rf"(?:^|(?<=[\s(“\"])){_FULL_NAME},\s+(?:the\s+|an?\s+)?"
    rf"(?P<title>(?!(?:and|or|but|who|which)\b)(?:[\w’'\-]+\s+){{0,4}}?(?:{_HEAD_WORDS})\b(?:\s+(?:of|for|to|in|at)\s+[^,.;:]+?)?)(?=[,.;:])"
)
_OFFICE_BEFORE = re.compile(
    rf"(?<![\w\-’'])(?P<title>(?:[\w’'\-]+\s+){{0,3}}?(?:{_HEAD_WORDS})(?:\s+(?:of|for|to|in|at)\s+{_CAP}(?:\s+{_CAP})*)?),"
    rf"\s+{_FULL_NAME}(?=,|\s+(?:said|says|told|and|who|met|visited)\b)"
)
# A ministry or department by its portfolio: "Ministry of Commerce", "the Energy Ministry", "the
# Colombian trade ministry". Its portfolio words name the body, not a topic of the article. Matched
# in any case, so words are joined by "and" only: after a comma, "trade" may be the next topic.
_AND = r"(?:\s+and|\s*&)?\s+"
_MINISTRY = re.compile(
    rf"\b(?:(?:Ministry|Ministries|Department)\s+(?:of|for)\s+(?:the\s+)?{_PORTFOLIO_WORD}(?:{_AND}{_PORTFOLIO_WORD})*"
    rf"|{_PORTFOLIO_WORD}(?:{_AND}{_PORTFOLIO_WORD}){{0,3}}\s+(?:Ministry|Ministries|Department))\b",
    re.IGNORECASE,
)
# A descriptive title, in any case, before a name with or without a comma: "Germany's chief
# negotiator, Jens Plötner", "former Italian prime minister Mario Draghi". Its words are a
# portfolio's, a rank's or a qualifier's, or a country's name or adjective (kept out of the office).
QUALIFIERS = (
    r"former|then|new|outgoing|acting|interim|incoming|caretaker|[a-z]+-(?:appointed|backed|designate|elect)"
)
_MODIFIER = (
    rf"(?i:{PORTFOLIO}|{QUALIFIERS}|chief|top|lead|leading|senior|special|assistant|principal|climate|"
    r"nuclear|peace|humanitarian|trade|security|presidential|military|defence|defense)"
)
_ROLE = (
    r"(?i:prime\s+minister|minister|negotiator|envoy|representative|adviser|advisor|spokes(?:person|man|woman)|"
    r"mediator|emissary|delegate|diplomat|ambassador|secretary[- ]general|under-?secretary|secretary|"
    r"vice[- ]president|president|premier|chancellor|chief|head|director[- ]general|director|"
    r"commissioner|governor|commander|coordinator|chair(?:man|woman|person)?|leader|crown\s+prince|"
    r"king|queen|emir|sheikh|sultan)"
)
_DESCRIPTIVE = (
    rf"(?P<title>(?:(?:{_MODIFIER}|{_CAP}(?:['’]s)?)\s+){{0,5}}{_ROLE}"
    r"(?:\s+(?:of|for)\s+(?:the\s+)?[a-z][\w-]*(?:\s+(?:and\s+)?[a-z][\w-]*){0,2})?)"
)
# A rank written short before a name: "Gen. Pierre Valmont".
_RANK = r"(?:(?:Gen|Lt|Col|Maj|Capt|Adm|Brig|Dr|Prof|Amb)\.\s+)?"
_DESCRIBED = [
    # Germany's chief negotiator, Jens Plötner
    re.compile(
        rf"\b{_DESCRIPTIVE},\s+{_RANK}{_FULL_NAME}(?=\s*[,.]|\s+(?:said|says|told|and|who|met|visited)\b)"
    ),
    # former Italian prime minister Mario Draghi
    re.compile(rf"\b{_DESCRIPTIVE}\s+{_RANK}{_FULL_NAME}"),
]
_COUNTERPART = re.compile(rf"\b(?:his|her|their)\s+(?:(?P<adj>{_CAP})\s+)?counterparts?,?\s+{_FULL_NAME}")
# Capitalised words that end a name rather than continue it, or are never one.
NOT_NAMES = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "and", "the", "of", "office", "ministry", "house", "palace",
    "secretariat", "department", "council", "commission", "on", "in", "said", "says", "also",
    "himself", "herself", "minister", "president", "government", "state", "visit", "it", "he", "she",
    "assembly", "parliament", "senate", "army", "navy", "bank", "union", "committee", "agency",
    "organization", "organisation", "forces", "court", "party", "university", "school", "news",
    "executive", "officer", "officers", "operating", "financial",
}  # fmt: skip


# Words that make a title, never a person's name: "Affairs" in "Minister for Foreign Affairs".
_TITLE_WORD = re.compile(rf"(?:{PORTFOLIO}|{HEADS}|Ministers?|Affairs|Office)", re.IGNORECASE)


def is_title_word(word: str) -> bool:
    return bool(_TITLE_WORD.fullmatch(word.strip("’'")))


@dataclass
class Person:
    name: str
    official: KnownOfficial | None = None
    office: str = ""
    country: str | None = None
    spans: list[Span] = field(default_factory=list)
    titles: list[Span] = field(default_factory=list)  # where its title is written

    @property
    def key(self) -> str:
        return self.official.slug if self.official else fold(self.name)


@dataclass
class _Candidate:
    start: int  # the name's span
    end: int
    name: str
    title: str
    title_span: Span | None
    country: str | None


def find_officials(doc: Document, gazetteer: Gazetteer, mentions: list[Mention]) -> list[Person]:
    """Known and new officials in text order of their first mention, each with every span."""
    known_at = {}
    for match in gazetteer.official_names.find(doc, accept=_capitalised):
        start, end = doc.span(doc.tokens[match.first].start, doc.tokens[match.last].end)
        known_at[start] = (end, match.payloads[0])

    candidates: list[_Candidate] = []

    def taken(start: int, end: int) -> bool:
        return any(c.start < end and start < c.end for c in candidates)

    for match in _TITLE.finditer(doc.text):
        name, start, end = _trim_name(match)
        if name and not taken(start, end) and not is_title_word(name.split()[0]):
            country = _country_before(doc.text, match.start("title"), mentions) or _country_after(
                doc.text, end, mentions
            )
            title = " ".join(match["title"].split())
            candidates.append(_Candidate(start, end, name, title, match.span("title"), country))
    for pattern in (_OFFICE_BEFORE,):
        for match in pattern.finditer(doc.text):
            start, end = match.span("name")
            if taken(start, end) or not _is_full_name(doc.text, match):
                continue
            title_start, title_end = match.span("title")
            inside = [m for m in mentions if title_start <= m.start < title_end]
            country = (inside[0].code if inside else None) or _country_before(doc.text, title_start, mentions)
            title = _strip_country(doc.text, title_start, title_end, inside)
            candidates.append(_Candidate(start, end, match["name"], title, (title_start, title_end), country))
    for pattern in _DESCRIBED:
        for match in pattern.finditer(doc.text):
            start, end = match.span("name")
            if taken(start, end) or not _is_full_name(doc.text, match):
                continue
            title_start, title_end = match.span("title")
            inside = [m for m in mentions if title_start <= m.start < title_end]
            title = _plain_title(doc.text, title_start, title_end, inside)
            if not title:
                continue
            country = inside[-1].code if inside else _country_before(doc.text, title_start, mentions)
            candidates.append(_Candidate(start, end, match["name"], title, (title_start, title_end), country))
    for pattern in (_OFFICE_AFTER,):
        for match in pattern.finditer(doc.text):
            start, end = match.span("name")
            if taken(start, end) or not _is_full_name(doc.text, match):
                continue
            title_start, title_end = match.span("title")
            inside = [m for m in mentions if title_start <= m.start < title_end]
            country = (inside[0].code if inside else None) or _country_before(doc.text, title_start, mentions)
            title = _strip_country(doc.text, title_start, title_end, inside)
            candidates.append(_Candidate(start, end, match["name"], title, (title_start, title_end), country))
    for match in _COUNTERPART.finditer(doc.text):
        start, end = match.span("name")
        if taken(start, end):
            continue
        adjective = (
            [m for m in mentions if match.start("adj") <= m.start < match.end("adj")] if match["adj"] else []
        )
        sentence = doc.sentence_of(start)
        before = [c for c in candidates if sentence[0] <= c.start < start and c.title]
        title = max(before, key=lambda c: c.start).title if before else ""
        country = adjective[0].code if adjective else None
        candidates.append(_Candidate(start, end, match["name"], title, None, country))

    people: dict[str, Person] = {}
    found: list[tuple[int, int, Person]] = []

    def add(person: Person, start: int, end: int) -> Person:
        kept = people.setdefault(person.key, person)
        if person is not kept:
            kept.office = kept.office or person.office
            kept.country = kept.country or person.country
        kept.spans.append((start, end))
        found.append((start, end, kept))
        return kept

    for candidate in sorted(candidates, key=lambda c: c.start):
        start, end = candidate.start, candidate.end
        if start in known_at:
            end, official = known_at.pop(start)
            person = Person(
                official.name, official, candidate.title, candidate.country or official.nationality
            )
        elif any(m.start <= start < m.end for m in mentions):
            continue
        else:
            same = _same_person(candidate.name, start, found)
            person = same or Person(candidate.name, None, candidate.title, candidate.country)
        kept = add(person, start, end)
        if candidate.title_span:
            kept.titles.append(candidate.title_span)

    for start, (end, official) in known_at.items():
        add(Person(official.name, official, "", official.nationality), start, end)

    _add_surnames(doc, people, found)
    for person in people.values():
        person.spans.sort()
    return sorted(people.values(), key=lambda person: person.spans[0])


def find_offices(text: str) -> list[Span]:
    """Where ministries and departments are named by their portfolio ("Ministry of Energy",
    "the trade ministry"), in text order."""
    return [match.span() for match in _MINISTRY.finditer(text)]


def _is_full_name(text: str, match: re.Match) -> bool:
    """A name after a comma must be the whole run of capitalised words, not the tail of one."""
    before = text[: match.start("name")].rstrip(" ")
    words = match["name"].split()
    return (
        not (before and before[-1].isalpha() and before.split()[-1][:1].isupper())
        and not any(fold(word) in NOT_NAMES for word in words)
        and not all(is_title_word(word) for word in words)
    )


def _plain_title(text: str, start: int, end: int, inside: list[Mention]) -> str:
    """A descriptive title's words after its last country and without qualifiers ("former",
    "new"), as written: "former Italian prime minister" -> "prime minister". Empty when what is
    left does not start like a title (a sentence's first words caught before it)."""
    if inside:
        start = inside[-1].end
        if text[start : start + 2] in {"’s", "'s"}:
            start += 2
    words = text[start:end].split()
    while words and (
        re.fullmatch(rf"(?i:the|an?|{QUALIFIERS})", words[0])
        or fold(words[0].strip("’'")) in NOT_NAMES
        or re.fullmatch(r"[A-Z][\w\-]*['’]s", words[0])  # an organisation's: "the EU's"
    ):
        words.pop(0)
    head = next((n for n, word in enumerate(words) if word in {"of", "for"}), len(words))
    if not words or not all(re.fullmatch(_MODIFIER, w) or re.fullmatch(_ROLE, w) for w in words[: head - 1]):
        return ""
    return " ".join(words)


def _strip_country(text: str, start: int, end: int, inside: list[Mention]) -> str:
    """The office as written, without a leading article or country ("ambassador in Skopje")."""
    article = re.match(r"(?i:the|an?)\s+", text[start:end])
    if article:
        start += article.end()
    if inside and inside[0].start == start:
        start = inside[0].end
        if text[start : start + 2] in {"’s", "'s"}:
            start += 2
    title = " ".join(text[start:end].split())
    # Not the body it serves or where: "deputy governor of the People's Bank of China", "ambassador
    # in Skopje"; a portfolio stays ("Minister of Water and Sanitation", "secretary of mining").
    served = re.search(r"\s+(?:of|to|in|at)\s+(?:the\s+)?(?P<body>.+)$", title)
    if served and not all(
        re.fullmatch(_PORTFOLIO_WORD, word, re.IGNORECASE) or word.lower() in {"and", "for", "of", "the"}
        for word in served["body"].replace(",", " ").split()
    ):
        title = title[: served.start()]
    words = title.split()
    while len(words) > 1 and (
        re.fullmatch(rf"(?i:{QUALIFIERS})", words[0])
        or (words[0][:1].isupper() and not re.fullmatch(rf"{_PORTFOLIO_WORD}|{HEADS}", words[0]))
    ):
        words.pop(0)  # "former", or an organisation's name: "a Caricom adviser"
    return " ".join(words)


def _same_person(name: str, start: int, found: list[tuple[int, int, Person]]) -> Person | None:
    """A one-word name after a title ("Minister Khan") is someone already named in full."""
    folded = fold(name)
    if " " in folded:
        return None
    earlier = [(s, person) for s, _, person in found if s < start and fold(person.name).split()[-1] == folded]
    return max(earlier, key=lambda item: item[0])[1] if earlier else None


def _trim_name(match: re.Match) -> tuple[str, int, int]:
    words = list(re.finditer(r"\S+", match["name"]))
    kept = []
    for word in words:
        bare = word.group().rstrip("’'").removesuffix("’s").removesuffix("'s")
        if fold(bare) in NOT_NAMES:
            break
        kept.append(word)
        if bare != word.group():  # a possessive ends the name
            break
    while kept and re.fullmatch(_PARTICLE, kept[-1].group()):
        kept.pop()
    if not kept:
        return "", 0, 0
    start = match.start("name") + kept[0].start()
    end = match.start("name") + kept[-1].end()
    name = match.string[start:end]
    bare = re.sub(r"['’]s$|['’]$", "", name)
    return bare, start, start + len(bare)


def _country_before(text: str, position: int, mentions: list[Mention]) -> str | None:
    for mention in mentions:
        between = text[mention.end : position]
        if re.fullmatch(r"(?:['’]s)?\s+(?:the\s+)?", between):
            return mention.code
    return None


def _country_after(text: str, position: int, mentions: list[Mention]) -> str | None:
    for mention in mentions:
        if not mention.demonym and re.fullmatch(r",?\s+of\s+(?:the\s+)?", text[position : mention.start]):
            return mention.code
    return None


def _capitalised(doc, first, last, payloads):
    return payloads if doc.is_capitalised(doc.tokens[first]) else []


def _add_surnames(doc: Document, people: dict[str, Person], found: list[tuple[int, int, Person]]) -> None:
    """A surname alone, after the full name, is the last person of that name mentioned before it.

    Surnames are the words after the first: "Khan" and "Kamal Khan" for Jam Kamal Khan, "Peña",
    "Soto" and "Peña Soto" for Rafael Peña Soto, "Okonkwo-Bello" whole.
    """
    entries = []
    for person in people.values():
        for name in person.official.names if person.official else [person.name]:
            words = [word for word in name.split() if not re.fullmatch(_PARTICLE, word)]
            for first in range(1, len(words)):
                entries.append((" ".join(words[first:]), person))
            if len(words) > 2:
                entries.append((words[1], person))
    taken = [(start, end) for start, end, _ in found]
    for match in TokenMatcher(entries).find(doc, accept=_capitalised):
        start, end = doc.span(doc.tokens[match.first].start, doc.tokens[match.last].end)
        if any(s < end and start < e for s, e in taken):
            continue
        earlier = [(s, person) for s, _, person in found if s < start and person in match.payloads]
        if earlier:
            person = max(earlier, key=lambda item: item[0])[1]
            person.spans.append((start, end))
