"""When a search finds nothing: the countries, officials and commissions whose names come
closest, and the query with each unknown word replaced by the closest name's ("Pakistn" ->
"Pakistan"). Countries by difflib over the names in memory; officials and commissions by pg_trgm's
word similarity on PostgreSQL, else by difflib over at most `SUGGESTION_POOL` of them. Two
queries."""

from __future__ import annotations

import difflib
import re

from django.db import connection
from django.db.models import F, FloatField, Func, Value

from relations.models import Commission, Official
from relations.names import fold
from relations.paths import commission_url, official_url
from relations.search.offers import Offer, place_offer
from relations.search.reading import CountryIndex, Reading

LISTED = 5
CLOSE = 0.8  # difflib ratio for a country's name and "did you mean"
PROBES = 8  # words compared, at most
SUGGESTION_POOL = 5000  # names compared in Python where the database has no trigram similarity


class WordSimilarity(Func):
    """pg_trgm's ``word_similarity(a, b)``: how well ``a`` matches some part of ``b``, 0 to 1."""

    function = "word_similarity"
    output_field = FloatField()


def suggest(reading: Reading, index: CountryIndex) -> tuple[list[Offer], str]:
    """The countries, officials and commissions whose names are closest to the query's words that
    name nothing, and the query with each of them replaced by the closest name's word ("Pakistn"
    -> "Pakistan"), or "" if none was. Words of fewer than three letters are not compared, nor more
    than `PROBES` of them."""
    probes = list(
        dict.fromkeys(w.folded for w in reading.words if not w.stop and not w.covered and len(w.folded) >= 3)
    )[:PROBES]
    if not probes:
        return [], ""
    named = set(reading.countries)
    scores: dict[str, float] = {}
    names: dict[str, str] = {}  # the name that came closest, if not the current one
    for probe in probes:
        for word in difflib.get_close_matches(probe, index.words, n=LISTED, cutoff=CLOSE):
            ratio = difflib.SequenceMatcher(None, probe, word).ratio()
            for code, name in index.by_word[word].items():
                if code not in named:
                    scores[code] = scores.get(code, 0) + ratio
                    names.setdefault(code, name)
    best = sorted(scores, key=lambda code: (-scores[code], index.names[code]))[:LISTED]
    people = _closest(Official.objects.all(), "name_folded", "name", probes)
    bodies = _closest(Commission.objects.all(), "search_text", "name", probes)
    countries = [place_offer(code, index) for code in best]
    for offer, code in zip(countries, best, strict=True):
        if fold(names[code]) not in fold(offer.title):
            offer.note = names[code]  # Bangladesh, for "East Pakistan"

    vocabulary = dict(index.words)
    for offer in people + bodies:
        for word in re.findall(r"[^\W\d_]{3,}", offer.title):
            vocabulary.setdefault(fold(word), word)
    replacements = {}
    for probe in probes:
        close = [] if probe in vocabulary else difflib.get_close_matches(probe, vocabulary, n=1, cutoff=CLOSE)
        if close:
            replacements[probe] = vocabulary[close[0]]
    corrected = [
        replacements.get(word.folded, word.original) if not (word.stop or word.covered) else word.original
        for word in reading.words
    ]
    return countries + people + bodies, " ".join(corrected) if replacements else ""


def _closest(queryset, field_name: str, title: str, probes: list[str]) -> list[Offer]:
    """Up to `LISTED` records whose ``field_name`` (folded) is closest to the words ``probes``: by
    pg_trgm's word similarity on PostgreSQL, else by difflib over at most `SUGGESTION_POOL` of
    them."""
    folded = " ".join(probes)
    if connection.vendor == "postgresql":
        rows = (
            queryset.annotate(score=WordSimilarity(Value(folded), F(field_name)))
            .filter(score__gte=0.5)
            .order_by("-score", title)
            .values_list("slug", title)[:LISTED]
        )
    else:
        pool = list(queryset.order_by().values_list("slug", title, field_name)[:SUGGESTION_POOL])
        words: dict[str, set[int]] = {}
        for n, (_, _, name) in enumerate(pool):
            for word in name.split():
                words.setdefault(word, set()).add(n)
        scores: dict[int, float] = {}
        for probe in probes:
            for word in difflib.get_close_matches(probe, words, n=LISTED, cutoff=0.75):
                for n in words[word]:
                    scores[n] = scores.get(n, 0) + difflib.SequenceMatcher(None, probe, word).ratio()
        ranked = sorted(scores, key=lambda n: (-scores[n], pool[n][1]))[:LISTED]
        rows = [pool[n][:2] for n in ranked]
    kind = queryset.model._meta.model_name
    url = {"official": official_url, "commission": commission_url}[kind]
    return [Offer(kind, name, url(slug)) for slug, name in rows]
