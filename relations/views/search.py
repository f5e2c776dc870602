"""The search page: what a query names (a pair, a country, an official) first, then its events."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from relations.search import MAX_LENGTH, clean, search

EXAMPLES = ["Pakistan Turkey", "Türkiye", "Yasar Guler", "JMC", "Pakistani–Turkish defence"]


def search_page(request: HttpRequest) -> HttpResponse:
    typed = request.GET.get("q", "")
    query = clean(typed)
    context = {"query": query, "examples": EXAMPLES, "max_length": MAX_LENGTH}
    if len(typed) > MAX_LENGTH:
        context["query"] = query[:MAX_LENGTH]
        context["error"] = (
            f"A search holds at most {MAX_LENGTH} characters; this one has {len(typed):,}. "
            "Try a name or two and a word."
        )
        return render(request, "relations/search.html", context, status=400)
    if query and not any(ch.isalnum() for ch in query):
        context["error"] = f"“{query}” holds no letter or digit to search for."
    elif query:
        context["results"] = search(query)
    return render(request, "relations/search.html", context)
