"""Issue 13 on the HTTP level: a recorded call as the answer, paper-card batch and date checks,
orders the printer would refuse, and who may be given a case."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.models import AuditEvent, CardRequest, Case, Office, PrintBatch, User
from intake.printing import services as printing
from intake.web.extensions import db
from tests.helpers import hidden_fields, login, make_user
from tests.integration.test_answers import add_case, editor, events, load, offered_channels

TODAY = dt.date.today()
CALL = "Rückruf: Der Bescheid ist korrigiert, die Nachzahlung kommt mit der nächsten Zahlung."


def record_call(client: FlaskClient, case: int, called_on: str, purpose: str = "final") -> int:
    page = editor(client, case)
    response = client.post(
        f"/staff/cases/{case}/answer",
        data={
            "purpose": purpose,
            "text": CALL,
            "channel": "phone",
            "called_on": called_on,
            **hidden_fields(page),
        },
    )
    return response.status_code


def test_a_call_back_is_recorded_as_the_answer_with_its_day_and_caller(
    app: Flask, client: FlaskClient, officer: User
) -> None:
    case = add_case(app, "phone", {"name": "Ayşe Kaya", "phone": "0261 4711", "postal_address": ""})
    assert offered_channels(editor(client, case)) == ["phone"]
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    assert record_call(client, case, tomorrow) == 422  # not in the future
    assert record_call(client, case, "") == 422  # the day is needed
    assert record_call(client, case, (TODAY - dt.timedelta(days=3)).isoformat()) == 422  # before
    assert load(app, case).answer is None
    assert record_call(client, case, TODAY.isoformat()) == 302
    row = load(app, case)
    assert (row.answer, row.answer_channel, row.answered_on) == (CALL, "phone", TODAY)
    answer = [e for e in events(app, case) if e.action == "answer"]
    assert [(e.detail, e.user_id) for e in answer] == [(f"phone {TODAY.isoformat()}", officer.id)]
    page = client.get(f"/staff/cases/{case}").get_data(as_text=True)
    assert "Rückruf, geführt von officer@example.org" in page


def test_a_call_can_acknowledge_too(app: Flask, client: FlaskClient, officer: User) -> None:
    case = add_case(app, "letter", {"phone": "0261 4711", "postal_address": "Weg 1\n56130 Ems"})
    assert offered_channels(editor(client, case)) == ["letter", "phone"]
    assert record_call(client, case, TODAY.isoformat(), purpose="acknowledgement") == 302
    row = load(app, case)
    assert row.acknowledged_on == TODAY and row.answer is None


def office_id(app: Flask, code: str) -> int:
    with app.app_context():
        return db.session.scalars(select(Office.id).where(Office.code == code)).one()


def add_batch(app: Flask, code: str, layout: str = "card") -> int:
    with app.app_context():
        batch = PrintBatch(office_id=office_id(app, code), layout=layout, language="de", count=100)
        db.session.add(batch)
        db.session.commit()
        return batch.id


def key_card(client: FlaskClient, app: Flask, **fields: object) -> tuple[int, str]:
    page = client.get("/staff/paper-cards").get_data(as_text=True)
    data = {
        "office": str(office_id(app, "DIEZ")),
        "received_on": TODAY.isoformat(),
        "kind": "praise",
        "text": "Die Beratung war sehr hilfreich.",
        **hidden_fields(page),
        **{k: str(v) for k, v in fields.items()},
    }
    response = client.post("/staff/paper-cards", data=data)
    return response.status_code, response.headers.get("Location", "") or response.get_data(
        as_text=True
    )


def paper_cards(app: Flask) -> int:
    with app.app_context():
        return len(db.session.scalars(select(Case.id)).all())


def test_paper_card_batches_must_be_this_offices_cards(
    app: Flask, client: FlaskClient, officer: User
) -> None:
    own, foreign, poster = (
        add_batch(app, "DIEZ"),
        add_batch(app, "EMS"),
        add_batch(app, "DIEZ", "poster-a4"),
    )
    for batch, message in (
        (foreign, "gehört nicht zur Geschäftsstelle"),
        (poster, "gibt es nicht"),
        (987654, "gibt es nicht"),
    ):
        status, body = key_card(client, app, batch=batch)
        assert status == 422 and message in body, batch
    assert paper_cards(app) == 0
    status, location = key_card(client, app, batch=own)
    assert status == 302 and f"batch={own}" in location
    assert f'value="{own}"' in client.get(location).get_data(as_text=True)


def test_paper_card_dates_far_back_need_a_second_save_and_future_ones_are_refused(
    app: Flask, client: FlaskClient, officer: User
) -> None:
    future = (TODAY + dt.timedelta(days=1)).isoformat()
    assert key_card(client, app, received_on=future)[0] == 422
    old = (TODAY - dt.timedelta(days=700)).isoformat()
    status, body = key_card(client, app, received_on=old)
    assert status == 422 and "liegt mehr als 30 Tage zurück" in body
    assert paper_cards(app) == 0
    status, _ = key_card(client, app, received_on=old, date_confirmed=old)
    assert status == 302 and paper_cards(app) == 1


def test_today_counts_what_was_keyed_today(app: Flask, client: FlaskClient, officer: User) -> None:
    old = (TODAY - dt.timedelta(days=40)).isoformat()
    key_card(client, app, received_on=old, date_confirmed=old)
    key_card(client, app)
    assert "Heute erfasst: 2" in client.get("/staff/paper-cards").get_data(as_text=True)


def test_orders_below_the_print_minimum_are_refused_in_german(
    app: Flask, client: FlaskClient
) -> None:
    make_user(app, "lead@example.org", "team_lead", office_code="DIEZ")
    login(client, "lead@example.org")
    page = client.get("/staff/card-requests/new").get_data(as_text=True)
    data = {"office": str(office_id(app, "DIEZ")), "layout": "card", "count": "10"}
    refused = client.post("/staff/card-requests/new", data={**data, **hidden_fields(page)})
    assert refused.status_code == 200 and "mindestens 50" in refused.get_data(as_text=True)
    poster = client.post(
        "/staff/card-requests/new", data={**data, "layout": "poster-a3", **hidden_fields(page)}
    )
    assert poster.status_code == 302
    with app.app_context():
        assert [r.layout for r in db.session.scalars(select(CardRequest))] == ["poster-a3"]
    assert printing.refusal("card", 49, 50) and printing.refusal("card", 50, 50) is None


def test_only_those_who_can_work_a_case_are_offered_it(
    app: Flask, client: FlaskClient, officer: User
) -> None:
    make_user(app, "admin@example.org", "admin")
    make_user(app, "ak@example.org", "anti_corruption")
    make_user(app, "chefin@example.org", "management")
    case = add_case(app, "phone")
    page = client.get(f"/staff/cases/{case}").get_data(as_text=True)
    offered = page.split('name="assignee"', 1)[1].split("</select>", 1)[0]
    assert "officer@example.org" in offered
    assert not any(e in offered for e in ("admin@", "ak@", "chefin@"))
    with app.app_context():
        assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "assign")) is None
