"""The back office: login, deny by default, roles, inbox, spam folder, audit."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask import Blueprint, Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.accounts import services as auth
from intake.models import AuditEvent, Case, random_id
from intake.roles import Role
from intake.triage import cases
from intake.web.access import INBOX, WORK, declaration, undeclared
from intake.web.extensions import db
from tests.helpers import PASSWORD, enter_code, hidden_fields, login, make_user, submit


def test_login_failures_share_one_message(app: Flask, client: FlaskClient) -> None:
    make_user(app)
    page = client.get("/staff/login").get_data(as_text=True)
    wrong_password = client.post(
        "/staff/login",
        data={
            "email": "officer@example.org",
            "password": "wrong wrong wrong",
            **hidden_fields(page),
        },
    )
    unknown_user = client.post(
        "/staff/login",
        data={"email": "nobody@example.org", "password": PASSWORD, **hidden_fields(page)},
    )
    assert wrong_password.status_code == unknown_user.status_code == 401
    message = "E-Mail-Adresse oder Passwort ist falsch."
    assert message in wrong_password.get_data(as_text=True)
    assert message in unknown_user.get_data(as_text=True)


def test_login_is_throttled_per_account(app: Flask, database_url: str) -> None:
    app.config["RATELIMIT_LOGIN_ACCOUNT"] = "3 per 15 minutes"
    make_user(app)
    statuses = []
    for n in range(4):
        visitor = app.test_client()
        visitor.environ_base["REMOTE_ADDR"] = f"192.0.2.{n + 1}"
        page = visitor.get("/staff/login").get_data(as_text=True)
        statuses.append(
            visitor.post(
                "/staff/login",
                data={
                    "email": "officer@example.org",
                    "password": "nope nope nope",
                    **hidden_fields(page),
                },
            ).status_code
        )
    assert statuses == [401, 401, 401, 429]


def test_logout_only_by_post(app: Flask, client: FlaskClient, officer: object) -> None:
    assert client.get("/staff/logout").status_code == 405
    page = client.get("/staff/inbox").get_data(as_text=True)
    response = client.post("/staff/logout", data=hidden_fields(page))
    assert response.status_code == 302
    assert client.get("/staff/inbox").status_code == 302  # back to the login


def test_next_redirect_stays_in_the_back_office(app: Flask, client: FlaskClient) -> None:
    make_user(app)
    page = client.get("/staff/login").get_data(as_text=True)
    data = {"email": "officer@example.org", "password": PASSWORD, **hidden_fields(page)}
    client.post("/staff/login?next=https://evil.example/staff/", data=data)
    evil = enter_code(client, "officer@example.org")  # `next` waits for the second factor
    assert evil.headers["Location"] == "/staff/"
    page = client.get("/staff/login").get_data(as_text=True)
    data.update(hidden_fields(page))
    client.post("/staff/login?next=/staff/inbox?kind=idea", data=data)
    good = enter_code(client, "officer@example.org")
    assert good.headers["Location"] == "/staff/inbox?kind=idea"


def test_password_reset_ends_open_sessions(
    app: Flask, client: FlaskClient, officer: object
) -> None:
    assert client.get("/staff/inbox").status_code == 200
    with app.app_context():
        auth.reset_password(db.session, "officer@example.org", "another long passphrase")
        db.session.commit()
    assert client.get("/staff/inbox").status_code == 302


def is_public(app: Flask, endpoint: str) -> bool:
    """Open to anyone: the public blueprints, static files and the login page."""
    found = declaration(app, endpoint)
    return found is not None and found.public


def roles_of(app: Flask, endpoint: str) -> frozenset[Role]:
    """The roles an endpoint's view declares; none for an undeclared (closed) one."""
    found = declaration(app, endpoint)
    return found.roles if found is not None else frozenset()


def staff_rules(app: Flask) -> list[tuple[str, str, str]]:
    """Every back-office route with a sample URL and its methods."""
    rules = []
    for rule in app.url_map.iter_rules():
        if is_public(app, rule.endpoint):
            continue
        url = re.sub(r"<(?:int:)?[^>]+>", "1", rule.rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            rules.append((rule.endpoint, url, method))
    return rules


def test_every_back_office_route_declares_its_roles(app: Flask) -> None:
    endpoints = {endpoint for endpoint, _url, _method in staff_rules(app)}
    assert endpoints, "no back-office routes found"
    assert not undeclared(app), undeclared(app)
    assert all(declaration(app, endpoint) for endpoint in endpoints)


def test_the_pages_that_work_cases_open_to_the_roles_that_may_work_them() -> None:
    assert set(INBOX) == set(WORK) == cases.WORKING_ROLES


def add_undeclared_route(app: Flask) -> str:
    """A back-office page whose view forgot to declare its roles."""
    forgotten = Blueprint("forgotten", __name__, url_prefix="/staff/forgotten")
    forgotten.add_url_rule("/", "page", lambda: "geheim")
    app.register_blueprint(forgotten)
    return "forgotten.page"


def test_a_route_without_a_declaration_is_reported_and_closed_to_every_role(app: Flask) -> None:
    endpoint = add_undeclared_route(app)
    assert undeclared(app) == [endpoint]
    assert endpoint in {found for found, _url, _method in staff_rules(app)}
    stranger = app.test_client().get("/staff/forgotten/")
    assert stranger.status_code == 302
    assert stranger.headers["Location"].startswith("/staff/login")
    for role in Role:
        make_user(app, f"{role}@example.org", role)
        visitor = app.test_client()
        login(visitor, f"{role}@example.org")
        response = visitor.get("/staff/forgotten/")
        assert response.status_code == 403, (role, response.status_code)
        assert "geheim" not in response.get_data(as_text=True)


def test_strangers_are_sent_to_the_login_everywhere(app: Flask, client: FlaskClient) -> None:
    for endpoint, url, method in staff_rules(app):
        response = client.open(url, method=method)
        assert response.status_code in {302, 400}, (endpoint, method, response.status_code)
        if response.status_code == 302:
            assert response.headers["Location"].startswith("/staff/login"), endpoint


@pytest.mark.parametrize("role", list(Role))
def test_each_role_is_refused_exactly_where_the_table_says(app: Flask, role: str) -> None:
    make_user(app, f"{role}@example.org", role)
    visitor = app.test_client()
    login(visitor, f"{role}@example.org")
    token = hidden_fields(visitor.get("/staff/login").get_data(as_text=True))
    for endpoint, url, method in staff_rules(app):
        if endpoint == "staff.login.logout":
            continue
        response = visitor.open(url, method=method, data=token if method == "POST" else None)
        if role in roles_of(app, endpoint):
            assert response.status_code != 403, (role, endpoint)
        else:
            assert response.status_code == 403, (role, endpoint, response.status_code)


def add_cases(app: Flask, count: int, **fields: object) -> list[int]:
    today = dt.date.today()
    with app.app_context():
        rows = [
            Case(
                id=random_id(),
                channel="qr_card",
                kind="idea",
                text=f"Idee {n}",
                language="de",
                received_on=today - dt.timedelta(days=n % 7),
                receipt_selector="AAAA",
                receipt_hash="x",
                form_nonce_hash=f"{n:064d}",
                **fields,
            )
            for n in range(count)
        ]
        db.session.add_all(rows)
        db.session.commit()
        return [r.id for r in rows]


def test_inbox_lists_newest_first_with_keyset_pages(
    app: Flask, client: FlaskClient, officer: object
) -> None:
    add_cases(app, 120)
    seen: list[str] = []
    url = "/staff/inbox"
    while url:
        html = client.get(url).get_data(as_text=True)
        seen += re.findall(r'href="/staff/cases/(\d+)"', html)
        more = re.search(r'rel="next" href="([^"]+)"', html)
        url = more.group(1).replace("&amp;", "&") if more else ""
    assert len(seen) == len(set(seen)) == 120
    with app.app_context():
        order = [
            str(i)
            for i in db.session.scalars(
                select(Case.id).order_by(Case.received_on.desc(), Case.id.desc())
            )
        ]
    assert seen == order


def test_inbox_filters_and_spam_folder(app: Flask, client: FlaskClient, officer: object) -> None:
    submit(client, kind="complaint", text="Kritik an der Wartezeit")
    submit(client, kind="praise", text="Lob für Frau Schmidt")
    submit(client, kind="idea", text="Spam-Idee", website="bot")
    complaints = client.get("/staff/inbox?kind=complaint").get_data(as_text=True)
    assert "Kritik an der Wartezeit" in complaints and "Lob für" not in complaints
    inbox = client.get("/staff/inbox").get_data(as_text=True)
    assert "Spam-Idee" not in inbox
    spam = client.get("/staff/inbox?spam=1").get_data(as_text=True)
    assert "Spam-Idee" in spam and "Kritik an der" not in spam


def test_detail_page_mark_spam_and_back_with_audit(
    app: Flask, client: FlaskClient, officer: object
) -> None:
    submit(client, text="Bitte prüfen")
    with app.app_context():
        row_id = db.session.scalar(select(Case.id))
    page = client.get(f"/staff/cases/{row_id}")
    assert page.status_code == 200 and "Bitte prüfen" in page.get_data(as_text=True)
    token = hidden_fields(page.get_data(as_text=True))
    client.post(f"/staff/cases/{row_id}/spam", data={"spam": "1", **token})
    with app.app_context():
        assert db.session.get(Case, row_id).is_spam  # type: ignore[union-attr]
    client.post(f"/staff/cases/{row_id}/spam", data={"spam": "0", **token})
    with app.app_context():
        row = db.session.get(Case, row_id)
        assert row is not None and not row.is_spam
        actions = list(
            db.session.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.case_id == row_id)
                .order_by(AuditEvent.id)
            )
        )
        assert actions[:3] == ["view", "mark_spam", "mark_not_spam"]
        logins = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "login"))
        assert all(event.user is not None for event in logins)


def test_unknown_submission_is_404(client: FlaskClient, officer: object) -> None:
    assert client.get("/staff/cases/12345").status_code == 404


def test_spam_post_needs_csrf(app: Flask, client: FlaskClient, officer: object) -> None:
    [row_id] = add_cases(app, 1)
    response = client.post(f"/staff/cases/{row_id}/spam", data={"spam": "1"})
    assert response.status_code == 400
    with app.app_context():
        assert not db.session.get(Case, row_id).is_spam  # type: ignore[union-attr]


def test_a_case_at_its_old_address_is_redirected_to_the_new_one(
    app: Flask, client: FlaskClient
) -> None:
    (case_id,) = add_cases(app, 1)
    stranger = client.get(f"/staff/submissions/{case_id}")
    assert stranger.status_code == 302 and "/staff/login" in stranger.headers["Location"]
    make_user(app)
    login(client)
    moved = client.get(f"/staff/submissions/{case_id}")
    assert moved.status_code == 301
    assert moved.headers["Location"] == f"/staff/cases/{case_id}"
    assert client.get(moved.headers["Location"]).status_code == 200
    filtered = client.get(f"/staff/submissions/{case_id}?status=new")
    assert filtered.headers["Location"] == f"/staff/cases/{case_id}?status=new"
