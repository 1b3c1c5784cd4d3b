"""The officer sees each reaction's language, and its text in its own direction (issue 10).

A reaction in Arabic and one in Ukrainian, through every back-office view that shows a
case: the inbox, the high-risk list, the case page, the team lead's list, the team lead's
link page and the CSV export; and the manual entry forms that record the language.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.forwarding import services as forwarding
from intake.labels import text_attrs
from intake.models import Case, Office, User
from intake.triage import rules
from intake.web.extensions import db
from tests.factories import make_case
from tests.helpers import hidden_fields, login, make_user
from tests.integration.test_html_valid import validate

# "I'll go to the press, the officer hasn't answered my messages for two months."
ARABIC = "سأذهب إلى الصحافة، الموظف لم يرد على رسائلي منذ شهرين"
# "I have been waiting for an answer for two months; nobody calls back."
UKRAINIAN = "Я чекаю на відповідь уже два місяці, ніхто не передзвонює."
GERMAN = "Ich warte seit zwei Monaten auf einen Rückruf."
# HTML elements without an end tag: never on the stack of open elements.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}

Element = tuple[str, dict[str, str]]


class _Finder(HTMLParser):
    """The open elements around each piece of text that contains `needle`, innermost last."""

    def __init__(self, needle: str) -> None:
        super().__init__(convert_charrefs=True)
        self.needle = needle
        self.stack: list[Element] = []
        self.found: list[list[Element]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append((tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if self.needle in data:
            self.found.append(list(self.stack))


def around(html: str, needle: str) -> list[list[Element]]:
    """For each place `needle` is shown: the elements it sits in, innermost last."""
    finder = _Finder(needle)
    finder.feed(html)
    finder.close()
    assert finder.found, f"{needle!r} is not on the page"
    return finder.found


def innermost(html: str, needle: str) -> Element:
    """The element directly around the only place `needle` is shown."""
    [elements] = around(html, needle)
    return elements[-1]


def add_cases(app: Flask, **fields: Any) -> dict[str, int]:
    """An Arabic, a Ukrainian and a German reaction of the Diez office, triaged."""
    ids = {}
    with app.app_context():
        for code, text in (("ar", ARABIC), ("uk", UKRAINIAN), ("de", GERMAN)):
            ids[code] = make_case(db.session, "triaged", text=text, language=code, **fields).id
        db.session.commit()
    return ids


def test_the_inbox_names_the_language_and_isolates_each_excerpt(
    app: Flask, client: FlaskClient, officer: User
) -> None:
    add_cases(app)
    page = client.get("/staff/inbox").get_data(as_text=True)
    for text, code, direction, name in (
        (ARABIC, "ar", "rtl", "Arabisch"),
        (UKRAINIAN, "uk", "ltr", "Ukrainisch"),
    ):
        tag, attrs = innermost(page, text)
        assert (tag, attrs["dir"], attrs["lang"]) == ("bdi", direction, code)
        [(badge_tag, badge)] = [e[-1] for e in around(page, name)]
        assert badge_tag == "span" and "language" in badge["class"] and badge["title"] == code
    # German stays calm: its excerpt is isolated too, but carries no badge.
    assert innermost(page, GERMAN) == ("bdi", {"dir": "ltr", "lang": "de"})
    assert 'class="badge language"' in page and ">Deutsch<" not in page


def test_the_case_page_shows_the_language_and_the_text_right_to_left(
    app: Flask, client: FlaskClient, officer: User
) -> None:
    ids = add_cases(app)
    page = client.get(f"/staff/cases/{ids['ar']}").get_data(as_text=True)
    assert "<dt>Sprache</dt><dd>Arabisch</dd>" in page
    tag, attrs = innermost(page, ARABIC)
    assert tag == "div" and (attrs["dir"], attrs["lang"]) == ("rtl", "ar")
    assert "case-text" in attrs["class"]
    page = client.get(f"/staff/cases/{ids['uk']}").get_data(as_text=True)
    assert "<dt>Sprache</dt><dd>Ukrainisch</dd>" in page
    tag, attrs = innermost(page, UKRAINIAN)
    assert tag == "div" and (attrs["dir"], attrs["lang"]) == ("ltr", "uk")


def test_the_high_risk_list_isolates_the_excerpt(
    app: Flask, client: FlaskClient, officer: User
) -> None:
    add_cases(app, high_risk=True)
    page = client.get("/staff/high-risk").get_data(as_text=True)
    assert innermost(page, ARABIC) == ("bdi", {"dir": "rtl", "lang": "ar"})
    assert innermost(page, UKRAINIAN) == ("bdi", {"dir": "ltr", "lang": "uk"})
    assert "Arabisch" in page and "Ukrainisch" in page


def test_the_team_lead_sees_the_language_in_the_list_and_on_the_link_page(app: Flask) -> None:
    with app.app_context():
        case = make_case(db.session, "triaged", text=ARABIC, language="ar")
        _link, token = forwarding.create_link(
            db.session,
            case,
            None,
            recipient="lead@example.org",
            note="",
            days=14,
            now=dt.datetime.now(dt.UTC),
            rule_profile=rules.PROFILES["rhein-lahn"],
        )
        db.session.commit()
    page = app.test_client().get(f"/f/{token}").get_data(as_text=True)
    assert "<dt>Sprache</dt><dd>Arabisch</dd>" in page
    tag, attrs = innermost(page, ARABIC)
    assert tag == "div" and (attrs["dir"], attrs["lang"]) == ("rtl", "ar")
    make_user(app, "lead@example.org", "team_lead", office_code="DIEZ")
    lead = app.test_client()
    login(lead, "lead@example.org")
    listing = lead.get("/staff/lead").get_data(as_text=True)
    assert 'title="ar">Arabisch</span>' in listing


def test_the_export_has_the_language_by_its_german_name(app: Flask) -> None:
    add_cases(app, received_on=dt.date(2025, 5, 12))
    make_user(app, "management@example.org", "management")
    visitor = app.test_client()
    login(visitor, "management@example.org")
    body = visitor.get("/staff/reports/export.csv?period=2025-Q2").get_data()
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert "sprache" in rows[0]
    by_text = {row[-1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_text[ARABIC]["sprache"] == "Arabisch"
    assert by_text[UKRAINIAN]["sprache"] == "Ukrainisch"
    assert by_text[GERMAN]["sprache"] == "Deutsch"


def diez_id(app: Flask) -> int:
    with app.app_context():
        found = db.session.scalar(select(Office.id).where(Office.code == "DIEZ"))
        assert found is not None
        return found


def _stored(app: Flask) -> Case:
    with app.app_context():
        row: Case | None = db.session.scalar(select(Case))
        assert row is not None
        db.session.expunge(row)
        return row


def test_a_letter_is_entered_in_arabic(app: Flask, client: FlaskClient, officer: User) -> None:
    page = client.get("/staff/cases/new").get_data(as_text=True)
    assert '<option selected value="de">Deutsch</option>' in page
    assert '<option value="fa">Persisch (Farsi/Dari)</option>' in page
    assert "Sprache der Reaktion" in page
    data = {
        "channel": "letter",
        "office": "",
        "received_on": dt.date.today().isoformat(),
        "kind": "complaint",
        "language": "ar",
        "text": ARABIC,
        "preferred": "post",
        **hidden_fields(page),
    }
    assert client.post("/staff/cases/new", data=data).status_code == 302
    stored = _stored(app)
    assert (stored.language, stored.text) == ("ar", ARABIC)
    shown = client.get(f"/staff/cases/{stored.id}").get_data(as_text=True)
    assert innermost(shown, ARABIC) == ("div", {"class": "case-text", "dir": "rtl", "lang": "ar"})


def test_an_unknown_language_is_refused(app: Flask, client: FlaskClient, officer: User) -> None:
    page = client.get("/staff/cases/new").get_data(as_text=True)
    data = {
        "channel": "phone",
        "received_on": dt.date.today().isoformat(),
        "kind": "complaint",
        "language": "xx",
        "text": UKRAINIAN,
        "preferred": "phone",
        **hidden_fields(page),
    }
    assert client.post("/staff/cases/new", data=data).status_code == 422
    with app.app_context():
        assert db.session.scalar(select(Case.id)) is None


def test_a_stack_of_ukrainian_paper_cards_keeps_its_language(
    app: Flask, client: FlaskClient, officer: User
) -> None:
    page = client.get("/staff/paper-cards").get_data(as_text=True)
    office_id = str(diez_id(app))
    response = client.post(
        "/staff/paper-cards",
        data={
            "office": office_id,
            "received_on": dt.date.today().isoformat(),
            "kind": "complaint",
            "language": "uk",
            "text": UKRAINIAN,
            **hidden_fields(page),
        },
    )
    assert response.status_code == 302
    assert "language=uk" in response.headers["Location"]
    assert _stored(app).language == "uk"
    again = client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<option selected value="uk">Ukrainisch</option>' in again


def test_customer_text_attributes() -> None:
    assert text_attrs("ar") == ' dir="rtl" lang="ar"'
    assert text_attrs("fa") == ' dir="rtl" lang="fa"'
    assert text_attrs("de-x-ls") == ' dir="ltr" lang="de-x-ls"'
    # Google sends no language: the browser judges the direction, the language is unknown.
    assert text_attrs("") == ' dir="auto" lang=""'
    assert text_attrs(None) == ' dir="auto" lang=""'
    assert text_attrs("bg") == ' dir="auto" lang="bg"'
    assert text_attrs('"><script>') == ' dir="auto" lang=""'


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_language_markup_is_valid_html(app: Flask, tmp_path: Path) -> None:
    """The pages above with Arabic, Ukrainian and a language nobody recorded (Google)."""
    ids = add_cases(app, high_risk=True)
    with app.app_context():
        unknown = make_case(db.session, "triaged", text=UKRAINIAN, language="", channel="google")
        case = db.session.get(Case, ids["ar"])
        assert case is not None
        _link, token = forwarding.create_link(
            db.session,
            case,
            None,
            recipient="lead@example.org",
            note="",
            days=14,
            now=dt.datetime.now(dt.UTC),
            rule_profile=rules.PROFILES["rhein-lahn"],
        )
        ids["unknown"] = unknown.id
        db.session.commit()
    make_user(app, "officer@example.org", "officer")
    make_user(app, "lead@example.org", "team_lead", office_code="DIEZ")
    officer, lead = app.test_client(), app.test_client()
    login(officer)
    login(lead, "lead@example.org")
    urls = {
        "inbox": "/staff/inbox",
        "high-risk": "/staff/high-risk",
        "case-new": "/staff/cases/new",
        "paper-cards": "/staff/paper-cards",
        **{f"case-{code}": f"/staff/cases/{case_id}" for code, case_id in ids.items()},
    }
    pages = {name: officer.get(url).get_data(as_text=True) for name, url in urls.items()}
    pages["lead-list"] = lead.get("/staff/lead").get_data(as_text=True)
    pages["link-page"] = app.test_client().get(f"/f/{token}").get_data(as_text=True)
    assert 'dir="auto" lang=""' in pages["case-unknown"] + pages["inbox"]
    problems = validate(pages, tmp_path)
    assert not problems, "\n".join(str(problem) for problem in problems)
