"""Rendered form pages, reused for a few seconds.

A freshly loaded form is the same page for every visitor of the same address and language,
except for its two tokens (CSRF and form token); a thank-you page is the same except for the
receipt code. Rendering it costs most of a GET, mostly in
Jinja and WTForms widgets, so the page is rendered once with placeholders and the tokens
are put in per request. Entries live `FORM_PAGE_CACHE_SECONDS` (changes to offices or
settings show after that) in a small per-process LRU; pages with errors or notices are
never cached. Nothing about the visitor is part of a page or a key.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from threading import Lock

CSRF_PLACEHOLDER = "csrf-placeholder-5f0c2e"
FORM_TOKEN_PLACEHOLDER = "form-token-placeholder-9b7d41"  # noqa: S105 - not a secret
# In the thank-you page's frame, where the receipt code goes (`intake.public.views._thanks`).
CODE_PLACEHOLDER = "receipt-code-placeholder-3a81f6"
MAX_ENTRIES = 256


class PageCache:
    """A tiny thread-safe LRU of rendered pages with an age limit."""

    def __init__(
        self, max_entries: int = MAX_ENTRIES, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._entries: OrderedDict[tuple[str, ...], tuple[float, str]] = OrderedDict()
        self._lock = Lock()
        self._max = max_entries
        self._clock = clock

    def get(self, key: tuple[str, ...], max_age: float) -> str | None:
        """The page under `key` if it is younger than `max_age` seconds."""
        with self._lock:
            found = self._entries.get(key)
            if found is None or self._clock() - found[0] > max_age:
                return None
            self._entries.move_to_end(key)
            return found[1]

    def put(self, key: tuple[str, ...], page: str) -> None:
        """Keep a page, dropping the least recently used beyond the limit."""
        with self._lock:
            self._entries[key] = (self._clock(), page)
            self._entries.move_to_end(key)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        """Forget everything (tests, settings changes)."""
        with self._lock:
            self._entries.clear()


def fill(page: str, csrf_token: str, form_token: str) -> str:
    """Put this request's tokens into a cached page."""
    return page.replace(CSRF_PLACEHOLDER, csrf_token).replace(FORM_TOKEN_PLACEHOLDER, form_token)


def put_code(frame: str, code: str) -> str:
    """Put the sender's receipt code into a cached thank-you frame (the code is [A-Z0-9-])."""
    return frame.replace(CODE_PLACEHOLDER, code)
