"""Spam is purged after the configured time; an unreachable database gets a clear 503."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from intake.models import Case, Contact
from intake.reception import services as reception
from intake.web.extensions import db
from tests.helpers import submit


def age_all(app: Flask, days: int) -> None:
    with app.app_context():
        for row in db.session.scalars(select(Case)):
            row.received_on = dt.date.today() - dt.timedelta(days=days)
        db.session.commit()


def test_retention_purges_old_spam_only(
    app: Flask, client: FlaskClient, runner: FlaskCliRunner
) -> None:
    submit(client, text="echter Hinweis")
    submit(
        client,
        text="Spam mit Kontakt",
        website="x",
        email="a@example.org",
        preferred="email",
        consent="y",
    )
    age_all(app, 31)
    submit(client, text="frischer Spam", website="x")
    result = runner.invoke(args=["retention", "run"])
    assert result.exit_code == 0 and "spam purged: 1" in result.output
    with app.app_context():
        assert sorted(db.session.scalars(select(Case.text))) == [
            "echter Hinweis",
            "frischer Spam",
        ]
        assert db.session.scalar(select(Contact.id)) is None
    again = runner.invoke(args=["retention", "run"])
    assert "spam purged: 0" in again.output


def test_database_trouble_is_a_503_with_retry_after(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("insert", {}, Exception("database is locked"))

    monkeypatch.setattr(reception, "receive", locked)
    response = submit(client, text="Geht das?")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "Gerade ist viel los" in response.get_data(as_text=True)
