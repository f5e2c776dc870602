"""A page against the reading it replaced: the tests of relations/event_page.py, pledge_page.py,
commission_page.py and official_page.py keep the ``prefetch_related`` reading each page used
before, and check that every page is still the same bytes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import ExitStack
from unittest import mock

from django.test import TestCase

from tests.test_timeline_rows import without_nonces


def assert_same_pages(test: TestCase, urls: Iterable[str], replaced: dict[str, Callable]) -> None:
    """Each of ``urls`` answers 200 with the same bytes (nonces aside) as it does with each name
    in ``replaced`` (a dotted path) patched with the reading it replaced."""
    for url in urls:
        with ExitStack() as patches:
            for target, reading in replaced.items():
                patches.enter_context(mock.patch(target, reading))
            before = test.client.get(url)
        after = test.client.get(url)
        with test.subTest(url):
            test.assertEqual(after.status_code, 200)
            test.assertEqual(without_nonces(after.content), without_nonces(before.content))
