"""The Content-Security-Policy middleware: django-csp's, with two narrow page-type exceptions.

The policy itself is ``CONTENT_SECURITY_POLICY`` in settings: this server's own files only, no
inline script or style anywhere. Two third-party page types write style="" attributes in templates
the project does not own; overriding those would mean copying most of them and following every
upgrade by hand. Style attributes can neither run script nor load anything, so those pages alone
allow them (``style-src-attr 'unsafe-inline'``), and still no inline <style> element or script:

- Django REST framework's browsable API (the Filters button, the search box, the fieldsets of its
  HTML forms);
- simple_history's change history of the tracker's records in admin (its page numbers).
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.http import HttpRequest, HttpResponseBase
from rest_framework.renderers import BrowsableAPIRenderer

STYLE_ATTRIBUTES = {"style-src-attr": ["'unsafe-inline'"]}


def allows_style_attributes(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether this response is one of the page types above."""
    if isinstance(getattr(response, "accepted_renderer", None), BrowsableAPIRenderer):
        return True
    match = request.resolver_match
    return bool(
        match
        and match.namespace == "admin"
        and match.url_name.startswith("relations_")
        and match.url_name.endswith("_history")
    )


class TrackerCSPMiddleware(CSPMiddleware):
    """django-csp's middleware; the page types above may use style attributes, nothing else is
    relaxed anywhere."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and allows_style_attributes(request, response):
            parts.update = {**STYLE_ATTRIBUTES, **(parts.update or {})}
        return parts
