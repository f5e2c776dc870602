"""Explicit serializers: every record refers to others by natural key (ISO code, slug) and id.

A record read from the API can be posted back as it is: read-only parts (ids, URLs, computed
values) are ignored on input, and nested children (an event's countries and participants, a
pledge's parties and status history) are written in the same request. A record posted as new
that exists already by its natural key (`relations.models.naturalkeys`: a pledge's event and
title, an event's title and dates…) is refused with a 400 giving its URL, where PUT or PATCH
change it.
"""

from relations.api.serializers.events import CommissionSerializer, EventSerializer
from relations.api.serializers.observations import PledgeObservationSerializer
from relations.api.serializers.people import OfficialSerializer
from relations.api.serializers.pledges import PledgeSerializer
from relations.api.serializers.reference import (
    CountrySerializer,
    EventKindSerializer,
    OrganizationSerializer,
    SectorSerializer,
    SourceSerializer,
)

__all__ = [
    "CommissionSerializer",
    "CountrySerializer",
    "EventKindSerializer",
    "EventSerializer",
    "OfficialSerializer",
    "OrganizationSerializer",
    "PledgeObservationSerializer",
    "PledgeSerializer",
    "SectorSerializer",
    "SourceSerializer",
]
