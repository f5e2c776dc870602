"""What the extractor proposes from an article: plain data, with where each item was found.

A proposal names records to create or reuse; nothing here touches the database. Every item
carries ``spans``: (start, end) character offsets into the pasted text, for highlighting, and
``doubt``: why the rules are unsure of it, in a few words an editor understands ("a single word
after a title", "only in the dateline"), empty when they are sure. The review step
(`relations.extract.review`) proposes a doubtful item unticked, with its reason, and turns ticked
and edited proposals into records.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal

from relations.dates import FuzzyDate

Span = tuple[int, int]


@dataclass
class CountryProposal:
    code: str  # ISO 3166-1 alpha-2 of a country in the table
    name: str  # its current name
    spans: list[Span] = field(default_factory=list)
    doubt: str = ""


@dataclass
class OfficialProposal:
    name: str  # as written (a known official: their recorded name)
    official: str | None = None  # slug of a known official, None for a new one
    office: str = ""  # e.g. "Commerce Minister", when the text gives it
    country: str | None = None  # ISO code the office belongs to, when the text gives it
    spans: list[Span] = field(default_factory=list)
    doubt: str = ""


@dataclass
class DateProposal:
    text: str  # the words that gave it: "on Tuesday", "in July"
    date: FuzzyDate  # with the precision the words give, never more
    spans: list[Span] = field(default_factory=list)
    doubt: str = ""


@dataclass
class SessionProposal:
    number: int  # the session's ordinal: 16 for "16th meeting"
    commission: str | None = None  # slug of a known commission, None for a new one
    name: str = ""  # the known commission's name, or a name proposed for a new one
    countries: list[str] = field(default_factory=list)  # member ISO codes
    spans: list[Span] = field(default_factory=list)
    doubt: str = ""


@dataclass
class AmountProposal:
    amount: Decimal  # with its scale applied: "$5 billion" is 5000000000
    currency: str  # ISO 4217, never converted
    text: str = ""
    spans: list[Span] = field(default_factory=list)
    doubt: str = ""


@dataclass
class SectorProposal:
    slug: str  # a sector of the tree
    name: str
    spans: list[Span] = field(default_factory=list)
    doubt: str = ""


@dataclass
class PledgeProposal:
    text: str  # the sentence stating it
    sectors: list[str] = field(default_factory=list)  # sector slugs found in the sentence
    target: AmountProposal | None = None
    countries: list[str] = field(default_factory=list)  # parties' ISO codes
    spans: list[Span] = field(default_factory=list)
    doubt: str = ""
    # What the sentence says of when it is due, as written ("by early 2026", "within three
    # years"), and that date in EDTF ("2026", "2028-09"); both empty when it says nothing.
    due_text: str = ""
    due: str = ""
    # A target that is not money, where the sentence gives one: "5,000 scholarships" is 5000
    # units of "scholarships", "a 50% rise" 50 percent, "10 MW" 10 megawatts (a unit of
    # `relations.models.targets.Unit`). None and "" when it gives none.
    target_value: Decimal | None = None
    target_unit: str = ""
    target_measure: str = ""
    target_text: str = ""  # as written

    def __post_init__(self) -> None:
        # Read back from JSON, where a Decimal travels as a string.
        if isinstance(self.target_value, str | int):
            self.target_value = Decimal(self.target_value)


@dataclass
class QuoteProposal:
    text: str  # the quoted words, without the quotation marks
    speaker: str = ""  # who said it, as written: "the commerce ministry", "Khan"
    official: str | None = None  # slug of a known official who said it
    spans: list[Span] = field(default_factory=list)
    doubt: str = ""
    # Whom ``speaker`` names, in full, when the article names them: "Koffi Yao Bamba" for
    # "Bamba" or for "he" after him; "" when it does not (a ministry, a statement).
    speaker_name: str = ""


@dataclass
class EventProposal:
    """The meeting the article reports: its day and place, when the text gives them."""

    date: FuzzyDate | None = None  # the meeting's day, not the dateline's: "on Thursday"
    date_text: str = ""  # the words that gave it
    place: str = ""  # the city, as written: "Abidjan"
    place_country: str | None = None  # ISO code of the country the place is in
    spans: list[Span] = field(default_factory=list)  # where the date and the place are written
    doubt: str = ""


@dataclass
class Proposals:
    countries: list[CountryProposal] = field(default_factory=list)
    officials: list[OfficialProposal] = field(default_factory=list)
    dates: list[DateProposal] = field(default_factory=list)
    sessions: list[SessionProposal] = field(default_factory=list)
    amounts: list[AmountProposal] = field(default_factory=list)
    sectors: list[SectorProposal] = field(default_factory=list)
    pledges: list[PledgeProposal] = field(default_factory=list)
    quotes: list[QuoteProposal] = field(default_factory=list)
    event: EventProposal = field(default_factory=EventProposal)

    def as_json(self) -> dict:
        """JSON-ready: dates as {"edtf", "start", "end", "precision"}, amounts as strings."""

        def clean(value):
            if isinstance(value, FuzzyDate):
                return {
                    "edtf": value.edtf(),
                    "start": value.start.isoformat(),
                    "end": value.end.isoformat(),
                    "precision": value.precision.label,
                }
            if isinstance(value, Decimal):
                return format(value, "f")
            if isinstance(value, dict):
                return {key: clean(item) for key, item in value.items()}
            if isinstance(value, list | tuple):
                return [clean(item) for item in value]
            return value

        found = {name: items for name, items in vars(self).items() if isinstance(items, list)}
        listed = {name: [asdict(item) | _dates(item) for item in items] for name, items in found.items()}
        return clean(listed | {"event": asdict(self.event) | _dates(self.event)})


def _dates(item) -> dict:
    # asdict() copies FuzzyDate (a dataclass) into a dict; keep the object so `clean` can format it.
    return {"date": item.date} if isinstance(item, DateProposal | EventProposal) else {}
