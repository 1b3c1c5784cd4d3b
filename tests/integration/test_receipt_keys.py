"""Receipt codes as a keyed hash: new rows, rows from before (Argon2id), and the key's secret.

The code opens the status page as long as the secret its key is derived from (RECEIPT_KEY,
else SECRET_KEY) stays; rows stored before the keyed hash need no key at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake import create_app
from intake.config import ConfigError
from intake.models import Case, Office
from intake.privacy import receipts
from intake.web.extensions import db
from tests.helpers import SECRET, hidden_fields, receipt_of, submit

ANSWER = "Guten Tag, ab März stehen zwölf weitere Stühle im Wartebereich."


def look_up(client: FlaskClient, code: str) -> tuple[int, str]:
    fields = hidden_fields(client.get("/status").get_data(as_text=True))
    response = client.post("/status", data={"code": code, **fields})
    return response.status_code, response.get_data(as_text=True)


def stored_before(app: Flask, code: str) -> int:
    """An answered case as the app stored it before the keyed hash: Argon2id of the last six."""
    legacy = PasswordHasher(time_cost=1, memory_cost=4096, parallelism=1)
    with app.app_context():
        office = db.session.scalar(select(Office.id).where(Office.code == "DIEZ"))
        case = Case(
            office_id=office,
            channel="qr_card",
            kind="idea",
            text="Bitte mehr Sitzplätze im Wartebereich.",
            language="de",
            received_on=dt.date.today(),
            status="answered",
            answer=ANSWER,
            answered_on=dt.date.today(),
            answer_channel="receipt",
            receipt_selector=code[:4],
            receipt_hash=legacy.hash(code[4:]),
        )
        db.session.add(case)
        db.session.commit()
        return case.id


def receipt_hash(app: Flask, case_id: int) -> str | None:
    with app.app_context():
        return db.session.get(Case, case_id).receipt_hash  # type: ignore[union-attr]


def test_a_new_code_is_stored_as_a_keyed_hash_and_opens_the_status_page(
    app: Flask, client: FlaskClient
) -> None:
    code = receipt_of(submit(client, text="Я піду до газети, це корупція").get_data(as_text=True))
    with app.app_context():
        row = db.session.scalars(select(Case)).one()
        stored = row.receipt_hash or ""
    bare = code.replace("-", "")
    assert stored.startswith("h1$") and len(stored) == 67
    assert bare not in stored and bare[4:] not in stored and row.receipt_selector == bare[:4]
    assert look_up(app.test_client(), code.lower())[0] == 200
    assert look_up(app.test_client(), bare[:4] + "ZZZZZZ")[0] == 404


def test_a_code_from_before_the_keyed_hash_still_opens_its_answer(
    app: Flask, client: FlaskClient
) -> None:
    case_id = stored_before(app, "K7M4Q2XP9D")
    before = receipt_hash(app, case_id)
    status, html = look_up(client, "k7m4 q2xp 9d")
    assert status == 200 and "zwölf weitere Stühle" in html
    assert look_up(client, "K7M4-Q2XP-9E")[0] == 404
    # The look-up only reads: the row keeps its Argon2id hash (and tells no one it was used).
    assert receipt_hash(app, case_id) == before and (before or "").startswith("$argon2id$")


def test_codes_live_as_long_as_the_receipt_key(
    app: Flask, client: FlaskClient, app_factory: Callable[..., Flask]
) -> None:
    """A new SECRET_KEY alone makes the codes handed out unreadable; RECEIPT_KEY set to the
    old secret keeps them. Rows from before need no key and survive either way."""
    code = receipt_of(submit(client, text="Die Wartezeit war sehr lang.").get_data(as_text=True))
    stored_before(app, "K7M4Q2XP9D")
    new_secret = "a-new-secret-key-after-a-rotation-0123456789"

    rotated = app_factory(SECRET_KEY=new_secret)
    assert look_up(rotated.test_client(), code)[0] == 404
    assert look_up(rotated.test_client(), "K7M4-Q2XP-9D")[0] == 200

    pinned = app_factory(SECRET_KEY=new_secret, RECEIPT_KEY=SECRET)
    assert look_up(pinned.test_client(), code)[0] == 200
    code_after = receipt_of(
        submit(pinned.test_client(), text="Gazeteye gideceğim, rüşvet").get_data(as_text=True)
    )
    with pinned.app_context():
        rows = db.session.scalars(select(Case).where(Case.text.contains("rüşvet"))).all()
        assert [r.receipt_hash for r in rows] == [
            receipts.store(code_after.replace("-", ""), receipts.derive_key(SECRET)).verifier_hash
        ]
    assert look_up(app.test_client(), code_after)[0] == 200  # the same key as before


def test_a_short_receipt_key_stops_the_app_at_start(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("INTAKE_SECRET_KEY", "x" * 40)
    monkeypatch.setenv("INTAKE_DATABASE_URL", f"sqlite:///{tmp_path}/x.db")
    monkeypatch.setenv("INTAKE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("INTAKE_RECEIPT_KEY", "short")
    with pytest.raises(ConfigError, match="RECEIPT_KEY"):
        create_app()
    monkeypatch.setenv("INTAKE_RECEIPT_KEY", "r" * 40)
    assert create_app().config["RECEIPT_KEY"] == "r" * 40
