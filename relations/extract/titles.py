"""How articles write offices: the words of titles ("Deputy Prime Minister", "Minister of Water
and Sanitation", "former Italian prime minister") and the patterns that find one beside a name,
before it ("Commerce Minister Jam Kamal Khan", "the British ambassador in Skopje, Matthew Lawson")
or after it ("Zhao Lei, vice chairman of…"). `relations.extract.officials` reads the names.
"""

from __future__ import annotations

import re

from relations.extract.countries import Mention
from relations.extract.text import Span
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
PARTICLE = r"(?:bin|bint|ibn|al|el|de|do|da|dos|das|del|della|di|du|van|von|der|den|la|le|y|ul|ud)"
_NAME = rf"(?P<name>{_CAP}(?:\s+(?:{PARTICLE}\s+)*{_CAP}){{0,4}})"
_JOIN = r"(?:\s+and|\s*&|,|\s+(?:of|for|on)(?:\s+the)?)?\s+"
TITLE = re.compile(
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
_FULL_NAME = rf"(?P<name>{_CAP}(?:\s+(?:{PARTICLE}\s+)*{_CAP}){{1,4}})"
OFFICE_AFTER = re.compile(
    rf"(?:^|(?<=[\s(“\"])){_FULL_NAME},\s+(?:the\s+|an?\s+)?"
    rf"(?P<title>(?!(?:and|or|but|who|which)\b)(?:[\w’'\-]+\s+){{0,4}}?(?:{_HEAD_WORDS})\b(?:\s+(?:of|for|to|in|at)\s+[^,.;:]+?)?)(?=[,.;:])"
)
OFFICE_BEFORE = re.compile(
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
DESCRIBED = [
    # Germany's chief negotiator, Jens Plötner
    re.compile(
        rf"\b{_DESCRIPTIVE},\s+{_RANK}{_FULL_NAME}(?=\s*[,.]|\s+(?:said|says|told|and|who|met|visited)\b)"
    ),
    # former Italian prime minister Mario Draghi
    re.compile(rf"\b{_DESCRIPTIVE}\s+{_RANK}{_FULL_NAME}"),
]
COUNTERPART = re.compile(rf"\b(?:his|her|their)\s+(?:(?P<adj>{_CAP})\s+)?counterparts?,?\s+{_FULL_NAME}")
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


def find_offices(text: str) -> list[Span]:
    """Where ministries and departments are named by their portfolio ("Ministry of Energy",
    "the trade ministry"), in text order."""
    return [match.span() for match in _MINISTRY.finditer(text)]


def plain_title(text: str, start: int, end: int, inside: list[Mention]) -> str:
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


def strip_country(text: str, start: int, end: int, inside: list[Mention]) -> str:
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
