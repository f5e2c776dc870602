"""Data entry: every record of the tracker, with its owned children inline.

One module per area registers its admins on import: `countries`, `people` (officials, offices,
organizations), `events` (commissions and events), `pledges`, `observations` (of the pledges'
targets, and the evidence they give), `sources` (event kinds, sectors, sources, citations),
`drafts` (articles pasted and left unreviewed).
"""

from relations.admin import (  # noqa: F401
    countries,
    drafts,
    events,
    lookups,
    observations,
    people,
    pledges,
    sources,
)
