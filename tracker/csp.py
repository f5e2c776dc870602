"""The Content-Security-Policy middleware: django-csp's, with one page-type exception.

The policy itself is ``CONTENT_SECURITY_POLICY`` in settings: this server's own files only, no
inline script or style anywhere.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.http import HttpRequest, HttpResponseBase
from rest_framework.renderers import BrowsableAPIRenderer

# Django REST framework's browsable API writes style="" attributes in its own templates (the
# Filters button, the search box, the fieldsets of its HTML forms); overriding them all would mean
# copying most of the framework's templates. Style attributes can neither run script nor load
# anything, so those pages alone allow them, and still no inline <style> element or script.
BROWSABLE_API_UPDATE = {"style-src-attr": ["'unsafe-inline'"]}


class TrackerCSPMiddleware(CSPMiddleware):
    """django-csp's middleware; a page drawn by the browsable API renderer may use style
    attributes (``style-src-attr 'unsafe-inline'``), nothing else is relaxed."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and isinstance(getattr(response, "accepted_renderer", None), BrowsableAPIRenderer):
            parts.update = {**BROWSABLE_API_UPDATE, **(parts.update or {})}
        return parts
