"""The API's JSON parser: DRF's, with a limit on how deeply a body may nest.

Python's json module parses nested arrays and objects recursively: a body of 100,000 ``[``
exhausts the stack (a RecursionError, a 500) before any serializer sees it. No record the API
takes nests more than a few levels (a pledge's status history's citations), so a body nested
more than `MAX_DEPTH` levels is refused, before it is parsed, as a 400.
"""

from __future__ import annotations

import re

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser, get_encoding
from rest_framework.utils import json

MAX_DEPTH = 32

# A JSON string, whose brackets do not count (the unrolled form keeps the regex linear).
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def nesting_depth(text: str, *, stop_after: int = MAX_DEPTH) -> int:
    """How deeply arrays and objects nest in the JSON ``text``, counted up to ``stop_after + 1``
    (enough to know it is too deep, without reading the rest)."""
    depth = deepest = 0
    for bracket in _BRACKET.finditer(_STRING.sub("", text)):
        depth += 1 if bracket.group() in "[{" else -1
        deepest = max(deepest, depth)
        if deepest > stop_after:
            break
    return deepest


class DepthLimitedJSONParser(JSONParser):
    """JSON bodies nested at most `MAX_DEPTH` levels deep; deeper ones are a 400."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            text = stream.read().decode(get_encoding(parser_context or {}))
        except UnicodeDecodeError as error:
            raise ParseError(f"JSON parse error - {error}") from None
        if nesting_depth(text) > MAX_DEPTH:
            raise ParseError(f"JSON nested too deeply: at most {MAX_DEPTH} levels of arrays and objects.")
        try:
            return json.loads(text, parse_constant=json.strict_constant if self.strict else None)
        except (ValueError, RecursionError) as error:
            raise ParseError(f"JSON parse error - {error}") from None
