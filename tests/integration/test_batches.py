"""A print-batch number from the URL is kept only if that office really printed such a run.

Anyone can type `/m/diez/k777777`: a batch nobody printed (or a tiny one) would tie a
reaction to the one person who got "the card". The batch is checked when the form is
stored, never on the (page-cached) GET; the form keeps working and keeps its channel.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, select

from intake.models import Case
from intake.web.extensions import db
from tests.helpers import add_print_batch, receipt_of, submit


def ids(app: Flask) -> set[int]:
    with app.app_context():
        return set(db.session.scalars(select(Case.id)))


def send(app: Flask, client: FlaskClient, url: str) -> tuple[str, int | None]:
    """Send the form at `url`; the (channel, batch) the new row got."""
    before = ids(app)
    response = submit(client, url, text="Die Beratung war sehr hilfreich.")
    assert response.status_code == 200
    assert receipt_of(response.get_data(as_text=True))  # the form works either way
    [new] = ids(app) - before
    with app.app_context():
        row = db.session.get(Case, new)
        assert row is not None
        return row.channel, row.batch


def test_a_batch_nobody_printed_is_not_stored(app: Flask, client: FlaskClient) -> None:
    assert send(app, client, "/m/diez/k777777") == ("qr_card", None)
    assert send(app, client, "/m/diez/p424242") == ("qr_poster", None)


def test_a_real_card_batch_of_the_office_is_kept(app: Flask, client: FlaskClient) -> None:
    batch = add_print_batch(app, "DIEZ", "card", 200)
    assert send(app, client, f"/m/diez/k{batch}") == ("qr_card", batch)
    assert send(app, client, f"/M/DIEZ/K{batch}") == ("qr_card", batch)


@pytest.mark.parametrize("layout", ["poster-a4", "poster-a3"])
def test_a_real_poster_run_is_kept_without_a_minimum(
    app: Flask, client: FlaskClient, layout: str
) -> None:
    batch = add_print_batch(app, "DIEZ", layout, 1)  # posters hang where everyone sees them
    assert send(app, client, f"/m/diez/p{batch}") == ("qr_poster", batch)


def test_another_offices_batch_is_not_kept(app: Flask, client: FlaskClient) -> None:
    batch = add_print_batch(app, "EMS", "card", 200)
    assert send(app, client, f"/m/diez/k{batch}") == ("qr_card", None)
    assert send(app, client, f"/m/ems/k{batch}") == ("qr_card", batch)


def test_the_medium_must_match(app: Flask, client: FlaskClient) -> None:
    card = add_print_batch(app, "DIEZ", "card", 200)
    poster = add_print_batch(app, "DIEZ", "poster-a4", 3)
    assert send(app, client, f"/m/diez/p{card}") == ("qr_poster", None)
    assert send(app, client, f"/m/diez/k{poster}") == ("qr_card", None)


def test_a_card_run_below_the_minimum_is_not_kept(app: Flask, client: FlaskClient) -> None:
    """Such a run cannot be printed today, but may exist (older rules, a raised minimum)."""
    small = add_print_batch(app, "DIEZ", "card", app.config["CARD_MIN_BATCH"] - 1)
    enough = add_print_batch(app, "DIEZ", "card", app.config["CARD_MIN_BATCH"])
    assert send(app, client, f"/m/diez/k{small}") == ("qr_card", None)
    assert send(app, client, f"/m/diez/k{enough}") == ("qr_card", enough)


def test_web_link_and_general_forms_have_no_batch(app: Flask, client: FlaskClient) -> None:
    assert send(app, client, "/m/diez/w") == ("office_link", None)
    assert send(app, client, "/m/diez") == ("office_link", None)


@contextmanager
def statements(app: Flask) -> Iterator[list[str]]:
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def test_the_form_get_asks_nothing_about_batches(app: Flask, client: FlaskClient) -> None:
    batch = add_print_batch(app, "DIEZ", "card", 200)
    with statements(app) as plain:
        assert client.get("/m/diez").status_code == 200
    with statements(app) as first:
        assert client.get(f"/m/diez/k{batch}").status_code == 200
    with statements(app) as cached:
        assert client.get(f"/m/diez/k{batch}").status_code == 200
    # The batch segment adds no query: at most the office look-up, which is remembered too.
    assert all("FROM office" in sql for sql in plain + first)
    assert not any("print_batch" in sql for sql in plain + first + cached)
    assert cached == []  # served from the page cache
