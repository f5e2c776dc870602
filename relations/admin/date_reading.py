"""The reading under each date box, as the editor types: the same reader as the form's
(`relations.forms.read_date_box`), so the rules live in one place."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse

from relations.dates import InvalidDate
from relations.forms import DateKind, read_date_box

#: Longer than any date; the reader is linear, this keeps a stray paste from echoing back.
MAX_LENGTH = 100


def date_box_reading(request: HttpRequest) -> JsonResponse:
    """``?text=8-9 Sept 2025&kind=range`` answers ``{"reading": "will show as 8–9 September
    2025", "edtf": "2025-09-08/2025-09-09"}``, or ``{"error": "…"}`` with the form's message.
    ``kind`` is ``single`` (a day, month or year), ``range`` or ``day`` (a whole day only)."""
    try:
        kind = DateKind(request.GET.get("kind", DateKind.SINGLE))
    except ValueError:
        return JsonResponse({"error": "kind is single, range or day."}, status=400)
    text = request.GET.get("text", "")
    if not text.strip():
        return JsonResponse({"reading": "", "edtf": ""})
    if len(text) > MAX_LENGTH:
        return JsonResponse({"error": "That is too long to be a date."})
    try:
        value = read_date_box(text, kind)
    except InvalidDate as error:
        return JsonResponse({"error": str(error)})
    return JsonResponse({"reading": f"will show as {value.display()}", "edtf": value.edtf()})
