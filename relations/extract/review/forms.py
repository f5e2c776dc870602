"""Step 2: the editor's choices over the proposals.

`Review` holds the forms of `relations.extract.review.rows`, starts them from what was proposed
(and from what is recorded: a known official, the recorded session and its pledges; see
`relations.extract.review.guesses`), checks them together and hands plain values to
`review_confirm` (`Review.choices()`). Nothing here writes.
"""

from __future__ import annotations

from django import forms

from relations.extract.proposals import PledgeProposal, Proposals
from relations.extract.review.article import Article
from relations.extract.review.confirm import (
    Choices,
    CountryChoice,
    EventChoice,
    OfficialChoice,
    PledgeChoice,
    SessionChoice,
    find_commission,
    find_official,
)
from relations.extract.review.guesses import commission_kind, ordinal, pledge_title, same_pledge
from relations.extract.review.highlight import (
    EXCERPT_LENGTH,
    KINDS,
    excerpt,
    found_id,
    label,
    proposal_id,
    sentence_at,
)
from relations.extract.review.rows import (
    CountryForm,
    EventForm,
    OfficialForm,
    PledgeForm,
    QuoteForm,
    RowForm,
    SessionForm,
)
from relations.models import Commission, Country, Event, Official, Participant, Pledge, Sector
from relations.names import fold

#: Between two speakers' quotations in one citation: ``Khan: “…” — Güler: “…”``.
QUOTE_JOINER = " — "


#: Between two quotations of one speaker following each other: ``Khan: “…” … “…”``.
SAME_SPEAKER_JOINER = " … "


def quotations(quotes: list[tuple[str, str]]) -> str:
    """(speaker, words) pairs as one citation's excerpt, each speaker named before their words
    and one speaker's quotations in a row kept together: ``Khan: “a” … “b” — Güler: “c”``."""
    parts: list[tuple[str, list[str]]] = []
    for speaker, words in quotes:
        words = "“" + words.strip().strip('“”"').strip() + "”"
        if parts and fold(parts[-1][0]) == fold(speaker):
            parts[-1][1].append(words)
        else:
            parts.append((speaker, [words]))
    return QUOTE_JOINER.join(
        (f"{speaker}: " if speaker else "") + SAME_SPEAKER_JOINER.join(said) for speaker, said in parts
    )


class Review:
    """The whole review: bound to the POST of step 2, or unbound with what was proposed."""

    #: The event's fields seldom changed, folded under "More" unless one has an error.
    EVENT_MORE = ("status", "summary")

    def __init__(self, article: Article, proposals: Proposals, data=None, *, user) -> None:
        self.article, self.proposals, self.user = article, proposals, user
        self.is_bound = data is not None
        self.errors: list[str] = []
        self.countries_by_code = Country.objects.in_bulk([item.code for item in proposals.countries])
        self.known_countries = [
            self.countries_by_code[item.code]
            for item in proposals.countries
            if item.code in self.countries_by_code
        ]
        self.sectors_by_slug = Sector.objects.in_bulk(
            {slug for item in [*proposals.sectors, *proposals.pledges] for slug in _slugs(item)},
            field_name="slug",
        )
        self.session = self._session_form(data)
        self.recorded = self.session.recorded() if self.session else None
        # The recorded session's pledges not yet proposed as any row's (see `_guess_pledge`).
        self._unmatched_pledges = (
            list(self.recorded.pledges.prefetch_related("sectors").order_by("pk")) if self.recorded else []
        )
        self.event = self._event_form(data)
        # A session's members take part; other countries named in passing start unticked.
        members = set(proposals.sessions[0].countries) if proposals.sessions else set()
        self.countries = [
            CountryForm(
                data,
                index=index,
                proposal=item,
                country=self.countries_by_code[item.code],
                initial={"include": not members or item.code in members},
            )
            for index, item in enumerate(proposals.countries)
            if item.code in self.countries_by_code
        ]
        if self.recorded is not None:
            # The recorded session's own countries stay parties whether ticked or not.
            recorded = set(self.recorded.countries.values_list("pk", flat=True))
            for form in self.countries:
                if form.country.pk in recorded:
                    form.fields["include"].widget.attrs.pop("data-country", None)
        self.officials = self._official_forms(data)
        self.pledges: list[PledgeForm] = []
        for index, item in enumerate(proposals.pledges):
            self.pledges.append(self._pledge_form(data, index, item))
        self.quotes = self._quote_forms(data)

    def _quote_forms(self, data) -> list[QuoteForm]:
        # The kept quotations make the event's citation, each under its speaker's name: those that
        # fit start ticked. A doubtful one starts unticked and takes no room.
        forms_, length = [], 0
        names = {item.official: item.name for item in self.proposals.officials if item.official}
        for index, item in enumerate(self.proposals.quotes):
            # The recorded name, else the speaker in full ("he" and "Bamba" resolved), else as written.
            speaker = names.get(item.official) or item.speaker_name or item.speaker
            fits = False
            if not item.doubt:
                added = len(quotations([(speaker, item.text)])) + (len(QUOTE_JOINER) if length else 0)
                fits = length + added <= EXCERPT_LENGTH
                length += added if fits else 0
            initial = {"excerpt": item.text, "speaker": speaker, "include": fits}
            forms_.append(QuoteForm(data, index=index, proposal=item, initial=initial))
        return forms_

    def _session_form(self, data) -> SessionForm | None:
        if not self.proposals.sessions:
            return None
        item = self.proposals.sessions[0]
        commission = _known(Commission, item.commission) or find_commission(item.name)
        initial = {
            "commission": commission,
            "name": "" if commission else item.name,
            "commission_kind": commission_kind(item.name),
            "number": item.number,
        }
        return SessionForm(data, index=0, proposal=item, user=self.user, initial=initial)

    def _event_form(self, data) -> EventForm:
        text = self.article.text
        dates = sorted(self.proposals.dates, key=lambda item: min(item.spans, default=(len(text),)))
        title = self.article.title
        if self.session is not None:
            commission = self.session.initial["commission"]
            name = commission.name if commission else self.session.initial["name"]
            if name:
                title = f"{ordinal(self.session.initial['number'])} session of the {name}"
        sectors = self.sectors_by_slug
        # The meeting's own day and city when the extractor found them, else the first date.
        event = self.proposals.event
        day = event.date or (dates[0].date if dates else None)
        initial = {
            "title": title,
            "kind": Event.Kind.COMMISSION_SESSION if self.session else Event.Kind.MEETING,
            "found_date": day.edtf() if day else "",
            "date": day,
            "place": event.place,
            "place_country": event.place_country,
            "sectors": [sectors[item.slug] for item in self.proposals.sectors if item.slug in sectors],
        }
        return EventForm(data, dates=dates, initial=initial)

    def _official_forms(self, data) -> list[OfficialForm]:
        slugs = [item.official for item in self.proposals.officials if item.official]
        known = Official.objects.select_related("nationality").in_bulk(slugs, field_name="slug")
        forms_ = []
        for index, item in enumerate(self.proposals.officials):
            official = known.get(item.official) or find_official(item.name)
            sentences = [fold(sentence_at(self.article.text, *span)) for span in item.spans]
            co_chair = any("co-chair" in sentence for sentence in sentences)
            country = self.countries_by_code.get(item.country)
            initial = {
                "official": official,
                "name": "" if official else item.name,
                "office": item.office,
                "country": country or (official.nationality if official else None),
                "role": Participant.Role.CO_CHAIR if co_chair else Participant.Role.DELEGATE,
            }
            forms_.append(OfficialForm(data, index=index, proposal=item, user=self.user, initial=initial))
        return forms_

    def _guess_pledge(self, item: PledgeProposal, sectors: list[Sector]) -> Pledge | None:
        # A recorded pledge is proposed for one row at most: the first that matches it.
        pledge = same_pledge(self._unmatched_pledges, item, sectors)
        if pledge is not None:
            self._unmatched_pledges.remove(pledge)
        return pledge

    def _title(self, item: PledgeProposal, sectors: list[Sector]) -> str:
        # Two pledges with one title at one event are saved as one: a title made from sectors that
        # an earlier row with other words already has gives way to the start of the sentence.
        title = pledge_title(item, sectors)
        if any(form.initial["title"] == title and form.proposal.text != item.text for form in self.pledges):
            title = pledge_title(item, [])
        return title

    def _pledge_form(self, data, index: int, item: PledgeProposal) -> PledgeForm:
        sectors = [self.sectors_by_slug[slug] for slug in item.sectors if slug in self.sectors_by_slug]
        # The pledge's own countries, else the session's members, else every country found.
        codes = item.countries or (self.proposals.sessions[0].countries if self.proposals.sessions else [])
        parties = [self.countries_by_code[c] for c in codes if c in self.countries_by_code]
        # Only countries that start ticked above: an unticked one is refused as a party.
        ticked = [form.country for form in self.countries if form.initial.get("include")]
        parties = [country for country in parties if country in ticked] or ticked
        initial = {
            "existing": self._guess_pledge(item, sectors),
            "title": self._title(item, sectors),
            "wording": item.text,
            "sectors": sectors,
            "target_amount": item.target.amount if item.target else item.target_value,
            "target_currency": item.target.currency if item.target else "",
            "target_unit": "" if item.target else item.target_unit,
            "due": item.due or None,
            "parties": parties,
        }
        return PledgeForm(
            data,
            index=index,
            proposal=item,
            countries=self.known_countries,
            recorded=self.recorded,
            initial=initial,
        )

    @property
    def event_more_open(self) -> bool:
        return self.is_bound and any(self.event[name].errors for name in self.EVENT_MORE)

    @property
    def counts(self) -> dict[str, int]:
        """How many proposals the page shows ticked, of how many (the save bar's count)."""
        rows = self.rows
        return {"ticked": sum(form.ticked for form in rows), "rows": len(rows)}

    @property
    def rows(self) -> list[RowForm]:
        session = [self.session] if self.session else []
        return [*session, *self.countries, *self.officials, *self.pledges, *self.quotes]

    @property
    def media(self) -> forms.Media:
        media = self.event.media
        for form in self.rows:
            media += form.media
        return media

    def found(self) -> list[dict]:
        """What was found that has no row of its own (dates, amounts, sectors, other sessions),
        by kind, each with the anchor its marks link to and the place it was first found."""
        rows = {form.anchor for form in self.rows}
        groups = []
        for name, kind in KINDS:
            if kind in ("country", "official", "pledge", "quote"):
                continue
            items = [
                {
                    "anchor": proposal_id(kind, index),
                    "label": label(kind, item).split(": ", 1)[-1],
                    "found": found_id(kind, index) if item.spans else None,
                }
                for index, item in enumerate(getattr(self.proposals, name))
                if proposal_id(kind, index) not in rows
            ]
            if items:
                groups.append({"name": name.capitalize(), "items": items})
        return groups

    # Validation ------------------------------------------------------------------------------------

    def is_valid(self) -> bool:
        rows_valid = all([form.is_valid() for form in self.rows])
        self.recorded = self.session.recorded() if self.session and self.session.kept else None
        # A session already recorded keeps its own title, date and place: the event form is unused.
        event_valid = self.recorded is not None or self.event.is_valid()
        if rows_valid:
            self._check_across()  # may add errors to rows
        return rows_valid and event_valid and not self.errors and not any(form.errors for form in self.rows)

    @property
    def has_errors(self) -> bool:
        """Whether a bound review has any error to show (after `is_valid()`)."""
        forms_ = [*self.rows, *([self.event] if self.recorded is None else [])]
        return self.is_bound and (bool(self.errors) or any(form.errors for form in forms_))

    def ticked_countries(self) -> list[Country]:
        """The countries a pledge may bind: those ticked, and the recorded session's own."""
        ticked = [form.country for form in self.countries if form.kept]
        if self.recorded is not None:
            ticked += list(self.recorded.countries.all())
        return ticked

    def _check_across(self) -> None:
        if self.recorded is None and not any(form.kept for form in self.countries):
            self.errors.append("Keep at least one country: a new event needs one.")
        allowed = {country.pk for country in self.ticked_countries()}
        for form in self.pledges:
            outside = [c for c in form.cleaned_data.get("parties", []) if c.pk not in allowed]
            if form.kept and outside:
                names = ", ".join(country.name for country in outside)
                form.add_error(
                    "parties",
                    f"{names} {'is' if len(outside) == 1 else 'are'} not among the countries ticked "
                    "above: tick it there, or untick it here.",
                )
        for form in self.pledges:
            existing = form.cleaned_data.get("existing")
            if form.kept and existing and (self.recorded is None or existing.event_id != self.recorded.pk):
                form.add_error("existing", "This pledge belongs to another event than the one recorded here.")
        length = len(self.event_excerpt())
        if length > EXCERPT_LENGTH:
            self.errors.append(
                f"The quotations kept come to {length} characters; a citation holds {EXCERPT_LENGTH}. "
                "Drop one or shorten them."
            )

    def event_excerpt(self) -> str:
        """The event's citation: the quotations kept, each under its speaker's name (``Khan: “…” —
        Güler: “…”``), else the sentence naming the session, else the first sentence."""
        kept = [
            (form.cleaned_data["speaker"].strip(), form.cleaned_data["excerpt"])
            for form in self.quotes
            if form.kept
        ]
        if kept:
            return quotations(kept)
        spans = self.proposals.sessions[0].spans if self.proposals.sessions else []
        return excerpt(sentence_at(self.article.text, *(spans[0] if spans else (0, 0))))

    def choices(self) -> Choices:
        """The confirmed values; only after `is_valid()`."""
        text = self.article.text
        event = self.event.cleaned_data if self.recorded is None else {}
        session = self.session.cleaned_data if self.session and self.session.kept else None
        return Choices(
            article=self.article,
            event=EventChoice(
                title=event.get("title", ""),
                kind=event.get("kind", Event.Kind.COMMISSION_SESSION),
                date=event.get("date"),
                status=event.get("status", Event.Status.HELD),
                place=event.get("place", ""),
                place_country=event.get("place_country"),
                sectors=list(event.get("sectors", [])),
                summary=event.get("summary", ""),
            ),
            excerpt=self.event_excerpt(),
            session=SessionChoice(
                number=session["number"],
                commission=session["commission"],
                name=session["name"].strip(),
                kind=session["commission_kind"],
            )
            if session
            else None,
            countries=[
                CountryChoice(form.country, form.cleaned_data["role"]) for form in self.countries if form.kept
            ],
            officials=[
                OfficialChoice(
                    name=form.cleaned_data["name"].strip(),
                    official=form.cleaned_data["official"],
                    office=form.cleaned_data["office"].strip(),
                    country=form.cleaned_data["country"],
                    role=form.cleaned_data["role"],
                    excerpt=_sentence(text, form.proposal.spans),
                )
                for form in self.officials
                if form.kept
            ],
            pledges=[
                PledgeChoice(
                    title=form.cleaned_data["title"].strip(),
                    parties=list(form.cleaned_data["parties"]),
                    wording=form.cleaned_data["wording"].strip(),
                    sectors=list(form.cleaned_data["sectors"]),
                    target_amount=form.cleaned_data["target_amount"],
                    target_currency=form.cleaned_data["target_currency"],
                    target_unit=form.cleaned_data["target_unit"],
                    target_measure=form.cleaned_data["target_measure"].strip(),
                    due=form.cleaned_data["due"],
                    existing=form.cleaned_data.get("existing"),
                    excerpt=excerpt(form.proposal.text),
                )
                for form in self.pledges
                if form.kept
            ],
        )


def _sentence(text: str, spans: list) -> str:
    return excerpt(sentence_at(text, *spans[0])) if spans else ""


def _slugs(item) -> list[str]:
    return [item.slug] if hasattr(item, "slug") else list(item.sectors)


def _known(model, slug: str | None):
    return model.objects.filter(slug=slug).first() if slug else None
