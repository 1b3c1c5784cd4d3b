"""The report's "cases behind these figures": the inbox narrowed to a period and to the
justified ones, the narrowing kept across pages and shown above the list."""

from __future__ import annotations

import datetime as dt
import re

from flask import Flask
from flask.testing import FlaskClient

from intake.models import Case, User, random_id
from intake.web.extensions import db

D = dt.date


def add(app: Flask, text: str, received_on: dt.date, **fields: object) -> None:
    with app.app_context():
        db.session.add(
            Case(
                id=random_id(),
                channel="homepage",
                kind="complaint",
                text=text,
                language="de",
                received_on=received_on,
                status="triaged",
                krm_kind="beschwerde",
                **fields,
            )
        )
        db.session.commit()


def listed(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_inbox_narrowed_to_a_report_period_and_the_justified_ones(
    app: Flask, client: FlaskClient, officer: User
) -> None:
    add(app, "Seit Juli keine Antwort auf den Antrag.", D(2026, 8, 4), justified=True)
    add(app, "Der Bescheid ist unverständlich.", D(2026, 8, 5), justified=False)
    add(app, "Wartezeit im Mai war zu lang.", D(2026, 5, 2), justified=True)

    quarter = listed(client, "/staff/inbox?period=2026-Q3&status=all")
    assert "Seit Juli keine Antwort" in quarter
    assert "Der Bescheid ist unverständlich" in quarter
    assert "Wartezeit im Mai" not in quarter
    assert "Eingang im Zeitraum 2026-Q3" in quarter
    assert re.search(r'name="period" value="2026-Q3"', quarter)

    justified = listed(client, "/staff/inbox?period=2026-Q3&justified=1&status=all")
    assert "Seit Juli keine Antwort" in justified
    assert "Der Bescheid ist unverständlich" not in justified
    not_justified = listed(client, "/staff/inbox?period=2026-08&justified=0&status=all")
    assert "Der Bescheid ist unverständlich" in not_justified
    assert "Seit Juli keine Antwort" not in not_justified

    # A malformed period or flag narrows nothing (no error page).
    everything = listed(client, "/staff/inbox?period=2026-Q9&justified=vielleicht&status=all")
    assert "Wartezeit im Mai" in everything and "Seit Juli keine Antwort" in everything
