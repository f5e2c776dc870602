"""The domain model, one module per area; import models from here."""

from relations.models.citations import Citation
from relations.models.commissions import Commission, CommissionName
from relations.models.countries import Country, CountryName, NameKind
from relations.models.drafts import ArticleDraft
from relations.models.event_kinds import EventKind
from relations.models.events import Event, EventCountry, EventLink, Participant
from relations.models.observations import Observation
from relations.models.pairs import EventPair
from relations.models.people import OfficeHeld, Official, OfficialName, Organization
from relations.models.pledge_status import PledgeStatus
from relations.models.pledges import Pledge, PledgeParty, PledgeReaffirmation, PledgeStatusChange
from relations.models.records import EventRecord
from relations.models.sectors import Sector
from relations.models.sources import Source
from relations.models.totals import (
    CountryActivityTotal,
    CountryTotal,
    PairActivityTotal,
    PairOfficialTotal,
    PairTotal,
    PledgeCountryTotal,
    PledgePairTotal,
    PledgeStatusTotal,
)

__all__ = [
    "ArticleDraft",
    "Citation",
    "Commission",
    "CommissionName",
    "Country",
    "CountryActivityTotal",
    "CountryName",
    "CountryTotal",
    "Event",
    "EventCountry",
    "EventKind",
    "EventLink",
    "EventPair",
    "EventRecord",
    "NameKind",
    "Observation",
    "OfficeHeld",
    "Official",
    "OfficialName",
    "Organization",
    "PairActivityTotal",
    "PairOfficialTotal",
    "PairTotal",
    "Participant",
    "Pledge",
    "PledgeCountryTotal",
    "PledgePairTotal",
    "PledgeParty",
    "PledgeReaffirmation",
    "PledgeStatus",
    "PledgeStatusChange",
    "PledgeStatusTotal",
    "Sector",
    "Source",
]
