"""Citations of events, pledges and commissions as files reference managers import, and the
permanent addresses those citations point at."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone

from relations.cite_records import citable, events_for_citing, pledges_for_citing
from relations.citing import Citable, bibtex, csl_json
from relations.models import Commission, Event
from relations.views.common import bad_request

BIBTEX = "application/x-bibtex; charset=utf-8"
CSL_JSON = "application/vnd.citationstyles.csl+json"

#: Time zones run from UTC−12 to UTC+14, so a reader's today is within a day of the server's.
READER_DAYS = dt.timedelta(days=1)


class InvalidAccessed(ValueError):
    pass


def accessed_on(request: HttpRequest) -> dt.date:
    """The day the reader accessed the record: ``?accessed=YYYY-MM-DD`` (the page's script sends
    the reader's own date), else the server's today. Only a day within one of the server's."""
    today = timezone.localdate()
    text = request.GET.get("accessed")
    if text is None:
        return today
    try:
        day = dt.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise InvalidAccessed(f"“accessed” must be a day written YYYY-MM-DD, such as {today.isoformat()}.")
    if abs(day - today) > READER_DAYS:
        raise InvalidAccessed(f"“accessed” must be today's date ({today.isoformat()}), not {text}.")
    return day


def _download(request: HttpRequest, cited: Citable, fmt: str) -> HttpResponse:
    try:
        accessed = accessed_on(request)
    except InvalidAccessed as error:
        return bad_request(request, str(error))
    if fmt == "bib":
        response = HttpResponse(bibtex(cited, accessed), content_type=BIBTEX)
    else:
        response = HttpResponse(csl_json(cited, accessed), content_type=CSL_JSON)
    response["Content-Disposition"] = f'attachment; filename="{cited.key}.{fmt}"'
    return response


def event_cite(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    event = get_object_or_404(events_for_citing(), slug=slug.lower())
    return _download(request, citable(event, request.build_absolute_uri), fmt)


def pledge_cite(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    pledge = get_object_or_404(pledges_for_citing(), pk=pk)
    return _download(request, citable(pledge, request.build_absolute_uri), fmt)


def commission_cite(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    commission = get_object_or_404(Commission, slug=slug.lower())
    return _download(request, citable(commission, request.build_absolute_uri), fmt)


# Temporary redirects: the slug they lead to may change again, and a browser keeps a permanent one.
def event_permalink(request: HttpRequest, pk: int) -> HttpResponse:
    return redirect(get_object_or_404(Event.objects.only("slug"), pk=pk).get_absolute_url())


def commission_permalink(request: HttpRequest, pk: int) -> HttpResponse:
    return redirect(get_object_or_404(Commission.objects.only("slug"), pk=pk).get_absolute_url())
