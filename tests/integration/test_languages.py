"""Every offered language on the public side: chosen, guessed, kept, and never mixed in.

The expected words come from the compiled catalogs themselves, so these tests check the
plumbing (which language a page is in, its direction, title and description), and
tests/unit/test_translations.py checks that every catalog is complete.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from babel.support import Translations
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.languages import LANGUAGES
from intake.models import Case
from intake.web.extensions import db
from tests.helpers import hidden_fields, submit

CATALOGS = "intake/translations"
HTML_TAG = re.compile(r"<html lang=\"([^\"]+)\" dir=\"(ltr|rtl)\">")
TITLE = re.compile(r"<title>(.*?) – ")
DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">')


def words(code: str, msgid: str) -> str:
    """`msgid` in the language `code`, from its public catalog (German is the msgid)."""
    from html import escape

    if code == "de":
        return escape(msgid)
    locale = LANGUAGES[code].babel_locale
    return escape(Translations.load(CATALOGS, [locale], "public").gettext(msgid))


def page_language(html: str) -> tuple[str, str]:
    match = HTML_TAG.search(html)
    assert match, html[:300]
    return match.group(1), match.group(2)


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_every_language_gives_its_page_direction_title_and_description(
    client: FlaskClient, code: str
) -> None:
    html = client.get(f"/m/diez?lang={code}").get_data(as_text=True)
    assert page_language(html) == (code, LANGUAGES[code].direction)
    title = TITLE.search(html)
    assert title and title.group(1) == words(code, "Ihre Meinung zählt")
    description = DESCRIPTION.search(html)
    assert description and description.group(1) == words(
        code,
        "Lob, Idee oder Kritik an das Jobcenter – anonym, ohne Anmeldung, auch ohne "
        "JavaScript. Auf Wunsch lesen Sie später die Antwort mit Ihrem Code.",
    )


@pytest.mark.parametrize(
    "path", ["/status", "/datenschutz", "/barrierefreiheit", "/impressum", "/L/DIEZ", "/m/nope"]
)
def test_every_public_page_has_a_title_and_a_description(client: FlaskClient, path: str) -> None:
    for code in ("de", "ar", "uk"):
        html = client.get(f"{path}?lang={code}").get_data(as_text=True)
        assert page_language(html)[0] == code, path
        assert TITLE.search(html), f"{path} {code}: no title"
        description = DESCRIPTION.search(html)
        assert description and description.group(1).strip(), f"{path} {code}: no description"


def test_the_switch_names_each_language_in_its_own_name_and_script(client: FlaskClient) -> None:
    html = client.get("/m/diez?lang=uk").get_data(as_text=True)
    switch = html[html.index('class="lang-switch"') : html.index("</nav>")]
    for code, language in LANGUAGES.items():
        if code == "uk":
            assert f'aria-current="true" lang="uk" dir="ltr">{language.native}<' in switch
        else:
            assert (
                f'lang="{code}" hreflang="{code}" dir="{language.direction}">{language.native}<'
                in switch
            ), code
    assert "العربية" in switch and "فارسی" in switch and "Українська" in switch


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("ar-SY,ar;q=0.9,en;q=0.5", ("ar", "rtl")),
        ("fa-IR,fa;q=0.9", ("fa", "rtl")),
        ("uk-UA,uk;q=0.9,ru;q=0.8", ("uk", "ltr")),
        ("ru-RU", ("ru", "ltr")),
        ("tr-TR,tr;q=0.9,de;q=0.8", ("tr", "ltr")),
        ("de-CH,de;q=0.9", ("de", "ltr")),
        ("ti-ER,ti;q=0.9", ("de", "ltr")),  # Tigrinya is not offered (yet): German
        ("", ("de", "ltr")),
    ],
)
def test_accept_language_gives_the_first_guess(
    client: FlaskClient, header: str, expected: tuple[str, str]
) -> None:
    html = client.get("/", headers={"Accept-Language": header}).get_data(as_text=True)
    assert page_language(html) == expected


def test_leichte_sprache_is_chosen_never_guessed(client: FlaskClient) -> None:
    html = client.get("/", headers={"Accept-Language": "de-x-ls,de"}).get_data(as_text=True)
    assert page_language(html) == ("de", "ltr")
    html = client.get("/?lang=de-x-ls").get_data(as_text=True)
    assert page_language(html) == ("de-x-ls", "ltr")


def test_the_choice_survives_an_error_and_the_thank_you_page(
    app: Flask, client: FlaskClient
) -> None:
    page = client.get("/m/diez?lang=ar").get_data(as_text=True)
    assert '<input type="hidden" name="lang" value="ar">' in page
    data: dict[str, Any] = {"kind": "complaint", "text": "", "lang": "ar", **hidden_fields(page)}
    error = client.post("/m/diez", data=data)
    assert error.status_code == 422
    assert page_language(error.get_data(as_text=True)) == ("ar", "rtl")
    sent = submit(
        client,
        "/m/diez?lang=ar",
        kind="complaint",
        lang="ar",
        text="انتظرت ثلاث ساعات في الممر ولم يخبرني أحد بشيء.",
    )
    assert sent.status_code == 200
    html = sent.get_data(as_text=True)
    assert page_language(html) == ("ar", "rtl")
    assert 'id="receipt-code" class="code" dir="ltr"' in html  # the code stays left to right
    with app.app_context():
        [case] = db.session.scalars(select(Case))
        assert case.language == "ar"


def test_a_reaction_in_leichte_sprache_records_its_language(
    app: Flask, client: FlaskClient
) -> None:
    submit(client, "/m/diez?lang=de-x-ls", lang="de-x-ls", text="Das Warten war zu lang.")
    with app.app_context():
        [case] = db.session.scalars(select(Case))
        assert case.language == "de-x-ls"


def test_the_textarea_sends_its_direction_and_contact_fields_stay_ltr(
    client: FlaskClient,
) -> None:
    html = client.get("/m/diez?lang=fa").get_data(as_text=True)
    textarea = re.search(r"<textarea[^>]*>", html)
    assert textarea and 'dir="auto"' in textarea.group(0)
    assert 'dirname="text.dir"' in textarea.group(0)
    assert re.search(
        r'<input[^>]*type="email"[^>]*dir="ltr"|<input[^>]*dir="ltr"[^>]*type="email"', html
    )
    assert re.search(
        r'<input[^>]*type="tel"[^>]*dir="ltr"|<input[^>]*dir="ltr"[^>]*type="tel"', html
    )


@pytest.mark.parametrize("path", ["/datenschutz", "/barrierefreiheit", "/impressum"])
def test_translated_legal_pages_say_the_german_text_binds(client: FlaskClient, path: str) -> None:
    german = client.get(path).get_data(as_text=True)
    assert "Verbindlich ist nur der deutsche Text" not in german
    for code in ("uk", "ar", "de-x-ls", "en"):
        html = client.get(f"{path}?lang={code}").get_data(as_text=True)
        notice = words(
            code,
            "Diese Übersetzung soll Ihnen helfen, den Text zu verstehen. "
            "Verbindlich ist nur der deutsche Text.",
        )
        assert notice in html, (path, code)
        assert f'href="{path}?lang=de" lang="de" hreflang="de">Deutsche Fassung<' in html


def test_the_multilingual_qr_code_leads_to_a_language_choice(client: FlaskClient) -> None:
    html = client.get("/L/DIEZ/K12", headers={"Accept-Language": "tr"}).get_data(as_text=True)
    assert page_language(html) == ("tr", "ltr")
    for code, language in LANGUAGES.items():
        link = f'href="/M/DIEZ/K12?lang={code}" lang="{code}" hreflang="{code}"'
        assert link in html.replace("&amp;", "&"), code
        assert language.native in html
    assert client.get("/l/nope").status_code == 404


@pytest.mark.parametrize("app_config", [{"LANGUAGES": "uk,ar"}])
def test_a_deployment_offers_what_it_chooses_and_german_always(client: FlaskClient) -> None:
    html = client.get("/?lang=uk").get_data(as_text=True)
    switch = html[html.index('class="lang-switch"') : html.index("</nav>")]
    assert re.findall(r' lang="([^"]+)"', switch) == ["de", "uk", "ar"]
    assert page_language(client.get("/?lang=tr").get_data(as_text=True))[0] == "de"
    ask_turkish = client.get("/", headers={"Accept-Language": "tr"}).get_data(as_text=True)
    assert page_language(ask_turkish)[0] == "de"


def test_the_back_office_speaks_german_or_english_only(client: FlaskClient) -> None:
    for query, header in (("?lang=ar", ""), ("", "uk,ru;q=0.9"), ("?lang=de-x-ls", "")):
        html = client.get(f"/staff/login{query}", headers={"Accept-Language": header})
        assert page_language(html.get_data(as_text=True)) == ("de", "ltr"), (query, header)
    english = client.get("/staff/login?lang=en").get_data(as_text=True)
    assert page_language(english) == ("en", "ltr")


@pytest.mark.parametrize("code", ["uk", "ar", "fa", "ru", "tr", "de-x-ls", "en"])
def test_the_rate_limit_page_speaks_the_visitors_language_with_its_plural(
    app_factory: Any, code: str
) -> None:
    from tests.helpers import seed_offices

    app = seed_offices(app_factory(RATELIMIT_SUBMIT_CLIENT="1 per hour"))
    visitor = app.test_client()
    assert submit(visitor, f"/m/diez?lang={code}", text="Слишком долго ждал.").status_code == 200
    blocked = submit(visitor, f"/m/diez?lang={code}", text="Ещё раз.")
    assert blocked.status_code == 429
    html = blocked.get_data(as_text=True)
    assert page_language(html) == (code, LANGUAGES[code].direction)
    minutes = (int(blocked.headers["Retry-After"]) + 59) // 60
    catalog = Translations.load(CATALOGS, [LANGUAGES[code].babel_locale], "public")
    wanted = catalog.ngettext(
        "Bitte versuchen Sie es in %(num)d Minute noch einmal.",
        "Bitte versuchen Sie es in %(num)d Minuten noch einmal.",
        minutes,
    ) % {"num": minutes}
    assert wanted in html
    assert "Minute" not in wanted or code in ("de-x-ls",)  # translated, not German


def test_an_expired_form_keeps_the_text_and_the_language(client: FlaskClient) -> None:
    page = client.get("/m/diez?lang=fa").get_data(as_text=True)
    data = {
        "kind": "complaint",
        "text": "هیچ کس به ایمیل من جواب نداد.",
        "lang": "fa",
        **hidden_fields(page),
        "csrf_token": "stale",
    }
    response = client.post("/m/diez", data=data)
    html = response.get_data(as_text=True)
    assert page_language(html) == ("fa", "rtl")
    assert "هیچ کس به ایمیل من جواب نداد." in html
