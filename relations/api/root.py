"""The API's root, ``/api/``: for programs, the lists it serves by name (JSON, as REST framework's
router writes it) and, in a ``Link`` header, the OpenAPI schema and its docs; in a browser, also a
guide: the docs, every endpoint with what it holds, the filters, CSV and the HTML pages."""

from __future__ import annotations

import inspect
import re

from django.urls import reverse
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import APIRootView

from relations.api.extract import ExtractView

# The filters the lists take, as the pages name them (relations/filters.py).
FILTERS = [
    ("country", "an ISO code, repeatable: every one takes part (pk, tr)"),
    ("pair", "two codes: both take part (pk-tr)"),
    ("kind", "an event kind (visit, meeting, conflict…), its sub-kinds included"),
    ("status", "an event's or a pledge's status"),
    ("sector", "a sector's slug, its children included"),
    ("commission", "a commission's slug"),
    ("official", "an official's slug"),
    ("from, to", "YYYY, YYYY-MM or YYYY-MM-DD: events, or observations' periods, that overlap"),
    ("pledge, currency", "observations: of a pledge (its id), in a currency (an ISO 4217 code: usd)"),
    ("q", "text over titles, summaries and every name, in any case and with or without accents"),
    ("ordering, page_size", "the order, and rows a page (at most 500); pages follow the next link"),
]


SUMMARY_LENGTH = 100


def summary(view: type) -> str:
    """The first sentence of a view's docstring (the docstrings are the API docs too), up to its
    first semicolon if it is long: a line that says what the endpoint holds."""
    text = " ".join(inspect.getdoc(view).split())
    first = re.split(r"(?<=\.) ", text, maxsplit=1)[0]
    if len(first) > SUMMARY_LENGTH:
        first = first.split("; ", 1)[0]
    return first if first.endswith(".") else f"{first}."


class TrackerAPIRoot(APIRootView):
    """The lists of the Diplomatic Ties Tracker, by name. Anyone may read them; writing needs an
    account with the model's permission, by session or token."""

    def get_view_name(self) -> str:
        return "Diplomatic Ties Tracker API"

    def get(self, request: Request, *args, **kwargs) -> Response:
        response = super().get(request, *args, **kwargs)
        # RFC 8631: where a program finds the description of this API, and people its docs.
        response["Link"] = (
            f'<{request.build_absolute_uri(reverse("api:schema"))}>; rel="service-desc", '
            f'<{request.build_absolute_uri(reverse("api:docs"))}>; rel="service-doc"'
        )
        return response

    def guide(self) -> dict:
        """What the browsable root shows under its title (templates/api/root_guide.html)."""
        from relations.api.urls import router

        viewsets = {prefix: viewset for prefix, viewset, _ in router.registry}
        endpoints = [
            {"name": name, "url": reverse(f"api:{route}"), "summary": summary(viewsets[name])}
            for name, route in self.api_root_dict.items()
        ]
        return {
            "endpoints": endpoints,
            "extract": {"url": reverse("api:extract"), "summary": summary(ExtractView)},
            "csv_example": f"{reverse('api:pledge-list')}?country=tr&format=csv",
            "filter_example": f"{reverse('api:event-list')}?pair=pk-tr&from=2025-07",
            "filters": FILTERS,
            "pages": [
                ("Home: the latest events", reverse("relations:home")),
                ("Timeline: every event, filterable", reverse("relations:timeline")),
                ("Countries", reverse("relations:country-list")),
                ("Commissions", reverse("relations:commission-list")),
                ("Officials", reverse("relations:official-list")),
                ("Pledges: the pledge tracker", reverse("relations:pledge-list")),
            ],
        }
