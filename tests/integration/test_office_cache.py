"""The public pages remember active offices for FORM_PAGE_CACHE_SECONDS, and forget on change.

A submission looked its office up in the database every time (0.7 ms of each POST). Now each
app keeps active offices by code (`intake.offices.services.ActiveOffices`). Every change
through the office services (admin page, `flask offices add/import/retire`, reactivate) makes
this process forget them at once; another worker (simulated here by a change that bypasses
the services, as a change made in another process does) sees it when its entry is older than
FORM_PAGE_CACHE_SECONDS. So a retired office stops accepting submissions within that time.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, select, update

from intake.models import Case, Office
from intake.offices import services as offices
from intake.web.extensions import db
from tests.helpers import submit


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(app: Flask) -> Clock:
    """The app's office memory on a clock the test moves."""
    ticking = Clock()
    app.extensions["intake.offices"] = offices.ActiveOffices(clock=ticking)
    return ticking


@pytest.fixture
def office_queries(app: Flask) -> Iterator[list[str]]:
    """Every SELECT on the office table the app runs."""
    seen: list[str] = []

    def remember(conn: object, cursor: object, statement: str, *args: object) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "FROM office" in statement:
            seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", remember)
    yield seen
    event.remove(engine, "before_cursor_execute", remember)


def stored(app: Flask) -> int:
    with app.app_context():
        return len(list(db.session.scalars(select(Case.id))))


def change_elsewhere(app: Flask, **values: object) -> None:
    """Change DIEZ as another worker would: in the database, without this process knowing."""
    with app.app_context():
        db.session.execute(update(Office).where(Office.code == "DIEZ").values(**values))
        db.session.commit()


def through_the_services(app: Flask, change: str) -> None:
    with app.app_context():
        getattr(offices, change)(db.session, "diez")
        db.session.commit()


def test_submissions_look_the_office_up_once_per_period(
    app: Flask, client: FlaskClient, clock: Clock, office_queries: list[str]
) -> None:
    for _ in range(3):
        assert submit(client, "/m/diez").status_code == 200
    assert len(office_queries) == 1
    clock.now += 31
    assert submit(client, "/M/DIEZ").status_code == 200
    assert len(office_queries) == 2
    assert stored(app) == 4


def test_a_retirement_in_this_worker_counts_at_once(
    app: Flask, client: FlaskClient, clock: Clock
) -> None:
    assert submit(client, "/m/diez").status_code == 200
    through_the_services(app, "retire")
    assert submit(client, "/m/diez").status_code == 404
    through_the_services(app, "reactivate")
    assert submit(client, "/m/diez").status_code == 200
    assert stored(app) == 2


def test_a_retirement_in_another_worker_counts_within_the_period(
    app: Flask, client: FlaskClient, clock: Clock
) -> None:
    assert submit(client, "/m/diez").status_code == 200
    change_elsewhere(app, retired=True)
    clock.now += 30  # FORM_PAGE_CACHE_SECONDS: at most this long
    assert submit(client, "/m/diez").status_code == 200
    clock.now += 0.5
    response = submit(client, "/m/diez")
    assert response.status_code == 404
    assert "Formular für alle Geschäftsstellen" in response.get_data(as_text=True)
    assert stored(app) == 2


def test_unknown_and_retired_codes_are_never_remembered(
    app: Flask, client: FlaskClient, clock: Clock, office_queries: list[str]
) -> None:
    assert client.get("/l/old").status_code == 404
    assert client.get("/l/old").status_code == 404
    assert len(office_queries) == 2
    change_elsewhere(app, code="NEU")
    assert client.get("/l/neu").status_code == 200  # a new code is found at once


def test_new_names_and_offices_show_at_once_after_an_import(
    app: Flask, client: FlaskClient, clock: Clock
) -> None:
    assert "Geschäftsstelle Diez" in client.get("/l/diez").get_data(as_text=True)
    assert "Geschäftsstelle Bad Ems" in submit(client, "/", text="").get_data(as_text=True)
    with app.app_context():
        rows = [
            offices.OfficeRow("DIEZ", "Jobcenter Diez, Schloßberg", "RP"),
            offices.OfficeRow("NASSAU", "Geschäftsstelle Nassau", "RP"),
        ]
        offices.upsert_many(db.session, rows)
        db.session.commit()
    assert "Jobcenter Diez, Schloßberg" in client.get("/l/diez").get_data(as_text=True)
    general = submit(client, "/", text="").get_data(as_text=True)  # 422: the list is shown
    assert "Geschäftsstelle Nassau" in general and "Jobcenter Diez, Schloßberg" in general


@pytest.mark.parametrize("app_config", [{"FORM_PAGE_CACHE_SECONDS": 0}])
def test_without_the_cache_every_submission_asks_the_database(
    app: Flask, client: FlaskClient, office_queries: list[str]
) -> None:
    for _ in range(2):
        assert submit(client, "/m/diez").status_code == 200
    assert len(office_queries) == 4  # each form page (not kept either) and each submission
    change_elsewhere(app, retired=True)
    assert client.get("/m/diez").status_code == 404
    assert submit(client, "/m/diez").status_code != 200  # no form, no tokens: refused
    assert stored(app) == 2
