"""The rendered-form cache: age limit, LRU bound, token filling."""

from __future__ import annotations

from intake.public import pagecache


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_entries_expire_and_the_oldest_are_dropped() -> None:
    clock = Clock()
    cache = pagecache.PageCache(max_entries=2, clock=clock)
    cache.put(("a",), "A")
    assert cache.get(("a",), max_age=30) == "A"
    clock.now = 31
    assert cache.get(("a",), max_age=30) is None
    cache.put(("b",), "B")
    cache.put(("c",), "C")
    cache.put(("d",), "D")
    assert cache.get(("b",), max_age=30) is None
    assert cache.get(("d",), max_age=30) == "D"


def test_fill_puts_in_both_tokens() -> None:
    csrf, form = pagecache.CSRF_PLACEHOLDER, pagecache.FORM_TOKEN_PLACEHOLDER
    page = f'<input value="{csrf}"><input value="{form}">'
    assert pagecache.fill(page, "c1", "f1") == '<input value="c1"><input value="f1">'
