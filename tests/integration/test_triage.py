"""The officer's triage through the back office: hints, classification, workflow, deadlines,
visibility of corruption hints, staff-entered reactions."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.models import AuditEvent, Case, User
from intake.triage import deadlines
from intake.web.extensions import db
from tests.helpers import hidden_fields, login, make_user, receipt_of, submit

CORRUPTION_TEXT = "Der Sachbearbeiter wollte Geld, damit mein Antrag schneller geht. Bestechung!"
MEDIA_TEXT = "Wenn das so weitergeht, gehe ich zur Zeitung."


def only(app: Flask) -> Case:
    with app.app_context():
        rows = list(db.session.scalars(select(Case)))
        assert len(rows) == 1
        return rows[0]


def row(app: Flask, case_id: int) -> Case:
    with app.app_context():
        found = db.session.get(Case, case_id)
        assert found is not None
        db.session.expunge(found)
        return found


def post_on_case(client: FlaskClient, case_id: int, action: str, **data: str) -> object:
    page = client.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    return client.post(f"/staff/cases/{case_id}/{action}", data={**hidden_fields(page), **data})


def transitions(app: Flask, case_id: int) -> list[tuple[str | None, str | None, int | None]]:
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.case_id == case_id, AuditEvent.action == "transition")
            .order_by(AuditEvent.id)
        )
        return [(e.from_state, e.to_state, e.user_id) for e in events]


def test_hints_suggest_and_flag_with_the_words_that_caused_them(
    app: Flask, client: FlaskClient, officer: User
) -> None:
    submit(app.test_client(), kind="complaint", text=MEDIA_TEXT)
    item = only(app)
    assert item.status == "new"
    assert item.high_risk is True and "media" in item.flag_names
    page = client.get(f"/staff/cases/{item.id}").get_data(as_text=True)
    assert "vorgeschlagen wegen: &#39;Zeitung&#39;" in page
    assert "hohes Risiko" in page


def test_classifying_confirms_the_suggestion_and_triages_with_an_audit_event(
    app: Flask, client: FlaskClient, officer: User
) -> None:
    submit(app.test_client(), kind="complaint", text="Die Wartezeit war viel zu lang, ärgerlich.")
    item = only(app)
    assert item.suggested_kind == "beschwerde"
    response = post_on_case(
        client,
        item.id,
        "classify",
        kind="beschwerde",
        justified="1",
        justified_reason="organisation",
    )
    assert response.status_code == 302  # type: ignore[attr-defined]
    stored = row(app, item.id)
    assert (stored.krm_kind, stored.status, stored.suggestion_accepted) == (
        "beschwerde",
        "triaged",
        True,
    )
    assert stored.justified is True and stored.justified_reason == "organisation"
    assert transitions(app, item.id) == [("new", "triaged", officer.id)]


def test_overriding_the_suggestion_is_recorded_as_not_accepted(
    app: Flask, client: FlaskClient, officer: User
) -> None:
    submit(app.test_client(), kind="praise", text="Alles bestens.")
    item = only(app)
    post_on_case(client, item.id, "classify", kind="idee")
    assert row(app, item.id).suggestion_accepted is False


def test_a_dienstaufsichtsbeschwerde_not_about_conduct_becomes_a_fachaufsichtsbeschwerde(
    app: Flask, client: FlaskClient, officer: User
) -> None:
    submit(app.test_client(), kind="complaint", text="Mein Antrag liegt seit Wochen.")
    item = only(app)
    response = post_on_case(client, item.id, "classify", kind="dienstaufsicht")
    follow = client.get(response.headers["Location"]).get_data(as_text=True)  # type: ignore[attr-defined]
    assert row(app, item.id).krm_kind == "beschwerde"
    assert "Nach den KRM-Regeln eingeordnet als" in follow
    post_on_case(client, item.id, "classify", kind="dienstaufsicht", about_conduct="y")
    assert row(app, item.id).krm_kind == "dienstaufsicht"


@pytest.mark.parametrize("app_config", [{"RULE_PROFILE": "neukoelln"}])
def test_a_late_second_follow_up_ticket_is_a_complaint_about_inaction(
    app: Flask, client: FlaskClient, officer: User
) -> None:
    received = dt.date(2026, 11, 18)  # a Wednesday: the count starts on a working day
    enter_case(
        client,
        channel="third_party",
        text="2. Folgeticket vom Service Center.",
        received_on=received.isoformat(),
    )
    item = only(app)
    eleven_before = deadlines.working_days_before(received, 11, "BE")
    post_on_case(
        client,
        item.id,
        "classify",
        kind="folgeticket_2",
        first_followup_on=eleven_before.isoformat(),
    )
    assert row(app, item.id).krm_kind == "dienstaufsicht"
    ten_before = deadlines.working_days_before(received, 10, "BE")
    post_on_case(
        client, item.id, "classify", kind="folgeticket_2", first_followup_on=ten_before.isoformat()
    )
    assert row(app, item.id).krm_kind == "folgeticket_2"


def enter_case(client: FlaskClient, **fields: str) -> object:
    page = client.get("/staff/cases/new").get_data(as_text=True)
    data = {
        "channel": "letter",
        "office": "",
        "received_on": dt.date.today().isoformat(),
        "kind": "complaint",
        "text": "Beschwerde per Brief.",
        "preferred": "post",
        **hidden_fields(page),
        **fields,
    }
    return client.post("/staff/cases/new", data=data)


def test_staff_enter_a_letter_with_contact_data_and_identifiers_are_masked(
    app: Flask, client: FlaskClient, officer: User
) -> None:
    response = enter_case(
        client,
        text="Meine Kundennummer ist 123D456789, bitte rufen Sie 0171 2345678 an.",
        name="Erika Muster",
        postal_address="Musterweg 1\n56130 Bad Ems",
    )
    assert response.status_code == 302  # type: ignore[attr-defined]
    item = only(app)
    assert item.channel == "letter" and item.contactable
    assert "123D456789" not in item.text and "2345678" not in item.text
    with app.app_context():
        stored = db.session.get(Case, item.id)
        assert stored is not None and stored.contact is not None
        assert stored.contact.name == "Erika Muster"


def test_bad_staff_entry_gets_a_friendly_422(
    app: Flask, client: FlaskClient, officer: User
) -> None:
    response = enter_case(client, text="", received_on="kein Datum", email="nope")
    assert response.status_code == 422  # type: ignore[attr-defined]
    with app.app_context():
        assert db.session.scalar(select(Case.id)) is None


def test_deadlines_and_the_overdue_and_due_soon_views(
    app: Flask, client: FlaskClient, officer: User
) -> None:
    today = dt.date.today()
    old = today - dt.timedelta(days=30)
    address = {"name": "Erika Muster", "postal_address": "Musterweg 1, 56130 Bad Ems"}
    enter_case(client, received_on=old.isoformat(), text="Alte Beschwerde per Brief.", **address)
    enter_case(client, received_on=today.isoformat(), text="Neue Beschwerde per Brief.", **address)
    with app.app_context():
        rows = {r.text: r for r in db.session.scalars(select(Case))}
    late, fresh = rows["Alte Beschwerde per Brief."], rows["Neue Beschwerde per Brief."]
    # Rhein-Lahn: a written complaint is acknowledged within 3 working days.
    assert late.next_due_on == deadlines.working_days_after(old, 3, "RP")
    assert late.next_due_name == "eingangsbestaetigung"
    overdue = client.get("/staff/inbox?due=overdue").get_data(as_text=True)
    assert f"/staff/cases/{late.id}" in overdue
    assert f"/staff/cases/{fresh.id}" not in overdue
    soon_until = deadlines.working_days_after(today, 2, "RP")
    soon = client.get("/staff/inbox?due=soon").get_data(as_text=True)
    assert (f"/staff/cases/{fresh.id}" in soon) == (fresh.next_due_on <= soon_until)
    case = client.get(f"/staff/cases/{late.id}").get_data(as_text=True)
    assert "überfällig" in case and "RL Nr. 2" in case
    # Recording the acknowledgement moves the next deadline to the final answer (14 days).
    post_on_case(client, late.id, "acknowledge")
    after = row(app, late.id)
    assert after.acknowledged_on == today and after.next_due_name == "abschluss"


def test_workflow_transitions_are_checked_and_audited(
    app: Flask, client: FlaskClient, officer: User
) -> None:
    submit(app.test_client(), kind="praise", text="Danke für die schnelle Hilfe!")
    item = only(app)
    refused = post_on_case(client, item.id, "transition", to_state="closed")
    assert refused.status_code == 302  # type: ignore[attr-defined]
    assert row(app, item.id).status == "new"  # new → closed is not a step
    post_on_case(client, item.id, "classify", kind="lob")
    post_on_case(client, item.id, "transition", to_state="closed")
    closed = row(app, item.id)
    assert closed.status == "closed" and closed.closed_on == dt.date.today()
    assert closed.next_due_on is None
    post_on_case(client, item.id, "transition", to_state="triaged")
    assert row(app, item.id).status == "triaged" and row(app, item.id).closed_on is None
    assert transitions(app, item.id) == [
        ("new", "triaged", officer.id),
        ("triaged", "closed", officer.id),
        ("closed", "triaged", officer.id),
    ]


def test_handing_off_a_widerspruch_records_where_it_went(
    app: Flask, client: FlaskClient, officer: User
) -> None:
    visitor = app.test_client()
    code = receipt_of(
        submit(
            visitor, kind="complaint", text="Hiermit lege ich Widerspruch gegen den Bescheid ein."
        ).get_data(as_text=True)
    )
    item = only(app)
    assert item.suggested_kind == "widerspruch"
    page = client.get(f"/staff/cases/{item.id}").get_data(as_text=True)
    assert 'value="Widerspruchsstelle"' in page
    post_on_case(client, item.id, "hand-off", destination="Widerspruchsstelle")
    handed = row(app, item.id)
    assert (handed.status, handed.handoff_to) == ("handed_off", "Widerspruchsstelle")
    status_page = visitor.get("/status").get_data(as_text=True)
    answer = visitor.post("/status", data={"code": code, **hidden_fields(status_page)})
    assert "an die zuständige Stelle weitergegeben" in answer.get_data(as_text=True)


def test_assign_to_me_and_the_mine_view(app: Flask, client: FlaskClient, officer: User) -> None:
    submit(app.test_client())
    item = only(app)
    assert f"/staff/cases/{item.id}" not in client.get("/staff/inbox?mine=1").get_data(as_text=True)
    post_on_case(client, item.id, "assign", assignee="me")
    assert row(app, item.id).assignee_id == officer.id
    assert f"/staff/cases/{item.id}" in client.get("/staff/inbox?mine=1").get_data(as_text=True)


def test_save_and_next_goes_to_the_next_case(
    app: Flask, client: FlaskClient, officer: User
) -> None:
    for text in ("Erste Idee", "Zweite Idee"):
        submit(app.test_client(), kind="idea", text=text)
    inbox = client.get("/staff/inbox").get_data(as_text=True)
    ids = [int(i) for i in re.findall(r"/staff/cases/(\d+)", inbox)]
    first, second = ids[0], ids[1]
    response = post_on_case(client, first, "classify", kind="idee", then="next")
    assert response.headers["Location"].startswith(f"/staff/cases/{second}")  # type: ignore[attr-defined]
    page = client.get(f"/staff/cases/{second}").get_data(as_text=True)
    assert f'rel="prev" data-key="k" href="/staff/cases/{first}' in page


def test_spam_moves_are_audited_as_states(app: Flask, client: FlaskClient, officer: User) -> None:
    submit(app.test_client())
    item = only(app)
    post_on_case(client, item.id, "spam", spam="1")
    post_on_case(client, item.id, "spam", spam="0")
    with app.app_context():
        moves = [
            (e.action, e.from_state, e.to_state)
            for e in db.session.scalars(
                select(AuditEvent)
                .where(AuditEvent.case_id == item.id, AuditEvent.action.like("mark_%"))
                .order_by(AuditEvent.id)
            )
        ]
    assert moves == [("mark_spam", "new", "spam"), ("mark_not_spam", "spam", "new")]


def test_corruption_hints_are_hidden_from_everyone_but_anti_corruption(
    app: Flask, client: FlaskClient, officer: User
) -> None:
    submit(app.test_client(), kind="complaint", text=CORRUPTION_TEXT)
    item = only(app)
    assert item.restricted and "corruption" in item.flag_names
    # The officer neither sees it in any list nor can open or act on it.
    for url in ("/staff/inbox", "/staff/inbox?status=all", "/staff/inbox?risk=1"):
        assert f"/staff/cases/{item.id}" not in client.get(url).get_data(as_text=True)
    assert client.get(f"/staff/cases/{item.id}").status_code == 404
    page = client.get("/staff/inbox").get_data(as_text=True)
    denied = client.post(
        f"/staff/cases/{item.id}/classify", data={**hidden_fields(page), "kind": "lob"}
    )
    assert denied.status_code == 404
    for role, office in (("management", None), ("admin", None), ("team_lead", "DIEZ")):
        make_user(app, f"{role}@example.org", role, office_code=office)
        other = app.test_client()
        login(other, f"{role}@example.org")
        assert other.get(f"/staff/cases/{item.id}").status_code == 404, role
    # The anti-corruption officer sees it, and only restricted cases.
    submit(app.test_client(), kind="praise", text="Sehr nett.")
    make_user(app, "ak@example.org", "anti_corruption")
    ak = app.test_client()
    login(ak, "ak@example.org")
    listing = ak.get("/staff/inbox").get_data(as_text=True)
    assert f"/staff/cases/{item.id}" in listing
    assert listing.count("/staff/cases/") == 1
    assert ak.get(f"/staff/cases/{item.id}").status_code == 200


def test_an_officer_can_route_a_case_to_anti_corruption(
    app: Flask, client: FlaskClient, officer: User
) -> None:
    submit(app.test_client(), kind="complaint", text="Da stimmt etwas nicht mit den Akten.")
    item = only(app)
    response = post_on_case(client, item.id, "restrict", value="1")
    assert response.headers["Location"].endswith("/staff/inbox")  # type: ignore[attr-defined]
    assert row(app, item.id).restricted
    assert client.get(f"/staff/cases/{item.id}").status_code == 404


def test_team_leads_see_only_forwarded_cases_of_their_office(
    app: Flask, client: FlaskClient, officer: User
) -> None:
    submit(app.test_client(), kind="complaint", text="Beschwerde in Diez.")
    item = only(app)
    make_user(app, "lead@example.org", "team_lead", office_code="DIEZ")
    make_user(app, "lead-ems@example.org", "team_lead", office_code="EMS")
    lead, other_lead = app.test_client(), app.test_client()
    login(lead, "lead@example.org")
    login(other_lead, "lead-ems@example.org")
    assert lead.get(f"/staff/cases/{item.id}").status_code == 404  # not forwarded yet
    with app.app_context():
        stored = db.session.get(Case, item.id)
        assert stored is not None
        stored.status, stored.forwarded_on = "forwarded", dt.date.today()
        db.session.commit()
    page = lead.get(f"/staff/cases/{item.id}")
    assert page.status_code == 200
    assert "Klassifizieren" not in page.get_data(as_text=True)  # read only for leads
    assert other_lead.get(f"/staff/cases/{item.id}").status_code == 404


def test_a_new_web_case_shows_as_received_on_the_status_page(
    app: Flask, client: FlaskClient
) -> None:
    visitor = app.test_client()
    code = receipt_of(submit(visitor).get_data(as_text=True))
    page = visitor.get("/status").get_data(as_text=True)
    shown = visitor.post("/status", data={"code": code, **hidden_fields(page)})
    assert "eingegangen" in shown.get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    [
        "/staff/inbox?office=%C2%B2",  # "²" is a digit to str.isdigit, not to int()
        "/staff/inbox?office=99999999999999999999999",
        "/staff/inbox?after=2026-01-01_99999999999999999999999",
        "/staff/inbox?after=2026-01-01_%C2%B2",
        "/staff/measures?office=99999999999999999999999",
        "/staff/cards/preview?office=99999999999999999999999",
    ],
)
def test_odd_ids_in_urls_are_ignored_not_errors(
    app: Flask, client: FlaskClient, officer: User, url: str
) -> None:
    make_user(app, "admin@example.org", "admin")
    admin = app.test_client()
    login(admin, "admin@example.org")
    assert admin.get(url).status_code in {200, 404}


def test_an_odd_template_key_in_the_answer_editor_is_ignored(
    app: Flask, client: FlaskClient, officer: User
) -> None:
    submit(app.test_client())
    item = only(app)
    for key in ("%C2%B2", "99999999999999999999999"):
        assert client.get(f"/staff/cases/{item.id}/answer?template={key}").status_code == 200


def test_next_case_in_the_overdue_view_follows_the_due_dates(
    app: Flask, client: FlaskClient, officer: User
) -> None:
    today = dt.date.today()
    address = {"name": "Erika Muster", "postal_address": "Musterweg 1, 56130 Bad Ems"}
    for days in (40, 20, 30):  # stored in another order than they fall due
        enter_case(
            client,
            received_on=(today - dt.timedelta(days=days)).isoformat(),
            text=f"Beschwerde vor {days} Tagen.",
            **address,
        )
    with app.app_context():
        by_text = {r.text: r.id for r in db.session.scalars(select(Case))}
    oldest, middle, newest = (by_text[f"Beschwerde vor {d} Tagen."] for d in (40, 30, 20))
    page = client.get(f"/staff/cases/{oldest}?due=overdue").get_data(as_text=True)
    assert f'rel="next" data-key="j" href="/staff/cases/{middle}?due=overdue"' in page
    page = client.get(f"/staff/cases/{middle}?due=overdue").get_data(as_text=True)
    assert f'href="/staff/cases/{newest}?due=overdue"' in page


def test_the_case_page_offers_only_the_steps_that_fit_the_state(
    app: Flask, client: FlaskClient, officer: User
) -> None:
    submit(app.test_client(), kind="idea", text="Mehr Sitzplätze im Wartebereich.")
    item = only(app)
    new_page = client.get(f"/staff/cases/{item.id}").get_data(as_text=True)
    assert 'name="to_state" value="triaged"' not in new_page  # classifying triages
    assert "Weiterleitung zurücknehmen" not in new_page
    post_on_case(client, item.id, "classify", kind="idee")
    post_on_case(client, item.id, "transition", to_state="closed")
    closed_page = client.get(f"/staff/cases/{item.id}").get_data(as_text=True)
    assert "Wieder öffnen" in closed_page and "Weiterleitung zurücknehmen" not in closed_page
