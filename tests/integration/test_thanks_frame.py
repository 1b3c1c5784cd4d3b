"""The thank-you page comes from a cached frame; the receipt code lives only in its response."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from intake.public import pagecache
from tests.helpers import receipt_of, submit


def cached_pages(app: Flask) -> list[str]:
    cache: pagecache.PageCache | None = app.extensions.get("intake.pages")
    return [page for _age, page in cache._entries.values()] if cache else []


def test_each_sender_sees_their_own_code_and_the_cache_keeps_none(
    app: Flask, client: FlaskClient
) -> None:
    first = submit(client, "/m/diez?lang=uk", text="Дуже довго чекала.", lang="uk")
    second = submit(client, "/m/diez?lang=uk", text="Знову довго чекала.", lang="uk")
    codes = [receipt_of(r.get_data(as_text=True)) for r in (first, second)]
    assert codes[0] != codes[1]
    assert first.get_data(as_text=True).replace(codes[0], "") == second.get_data(
        as_text=True
    ).replace(codes[1], ""), "the same frame, only the code differs"
    assert '<html lang="uk"' in first.get_data(as_text=True)
    pages = cached_pages(app)
    assert any(pagecache.CODE_PLACEHOLDER in page for page in pages)
    assert not any(code in page for page in pages for code in codes)
    assert pagecache.CODE_PLACEHOLDER not in second.get_data(as_text=True)


@pytest.mark.parametrize("app_config", [{"FORM_PAGE_CACHE_SECONDS": 0}])
def test_without_the_cache_the_page_is_rendered_each_time(app: Flask, client: FlaskClient) -> None:
    response = submit(client, "/m/diez", text="Alles gut, danke.")
    code = receipt_of(response.get_data(as_text=True))
    assert len(code) == 12
    assert not any(code in page for page in cached_pages(app))
