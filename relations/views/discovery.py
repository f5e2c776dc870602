"""What crawlers read first: /robots.txt (the sitemap is relations/sitemaps.py)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Which addresses crawlers may read, and where the sitemap is (an absolute address, as the
    protocol asks)."""
    context = {"sitemap_url": request.build_absolute_uri(reverse("sitemap"))}
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")
