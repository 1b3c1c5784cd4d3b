"""Languages: German first, every offered language complete; chosen by a visible switch.

The choice travels in the URL (`?lang=uk`) or a hidden form field, never in a cookie.
Without a choice, the browser's Accept-Language gives the first guess.

Two gettext domains share the catalog folder: `public` (everything a customer sees, in every
offered language) and `messages` (the back office, in German and English). Flask-Babel merges
both for each locale; the back office only ever selects from `STAFF_LANGUAGES`, so its pages
never mix a Ukrainian label into a German page.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Flask, current_app, g, request, url_for
from flask_babel import Babel, format_date, format_datetime, format_number, get_locale
from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException

from intake import languages
from intake.labels import PLACEHOLDER_LABELS, template_globals
from intake.languages import DEFAULT, Language
from intake.privacy.masking import PLACEHOLDERS

# Blueprints whose pages belong to the back office (staff and the team lead's link page).
_STAFF_BLUEPRINTS = ("staff", "forward")


def offered() -> dict[str, Language]:
    """The languages this deployment offers on the public side (`INTAKE_LANGUAGES`)."""
    cache: dict[str, Language] | None = current_app.extensions.get("intake.languages")
    if cache is None:
        cache = languages.offered(current_app.config.get("LANGUAGES"))
        current_app.extensions["intake.languages"] = cache
    return cache


# Their address prefixes, for requests no route matched (a 404 or 405 under /staff/).
_STAFF_PATHS = ("/staff/", "/f/")


def _is_staff_page() -> bool:
    if request.blueprint:
        return request.blueprint.split(".")[0] in _STAFF_BLUEPRINTS
    return f"{request.path.rstrip('/')}/".startswith(_STAFF_PATHS)


def choosable() -> dict[str, Language]:
    """What this page may be shown in: the public offer, or German and English for staff."""
    if _is_staff_page():
        return {code: languages.LANGUAGES[code] for code in languages.STAFF_LANGUAGES}
    return offered()


def explicit_choice() -> str | None:
    """The language the visitor picked (URL or form field), if this page offers it."""
    allowed = choosable()
    value = request.args.get("lang", "")
    if value not in allowed and request.method == "POST":
        try:
            value = request.form.get("lang", "")
        except HTTPException:  # a body too large or malformed: its error page is in German
            return None
    return value if value in allowed else None


def _guess() -> str:
    """The first guess from Accept-Language (Leichte Sprache is never guessed: no browser asks)."""
    candidates = [code for code in choosable() if code != languages.EASY_GERMAN]
    return request.accept_languages.best_match(candidates, default=DEFAULT) or DEFAULT


def current_language() -> str:
    """The code of the language this request is shown in (`de`, `de-x-ls`, `uk`, …)."""
    code: str | None = g.get("language_code")
    if code is None:
        code = explicit_choice() or _guess()
        g.language_code = code
    return code


def select_locale() -> str:
    """Flask-Babel's locale selector: the Babel identifier of the current language."""
    return languages.babel_locale(current_language())


def _carry_language(endpoint: str, values: dict[str, Any]) -> None:
    """Keep an explicit choice in every link the page builds."""
    if endpoint == "static" or "lang" in values:
        return
    chosen = g.get("chosen_language")
    if chosen:
        values["lang"] = chosen


def _remember_choice() -> None:
    g.chosen_language = explicit_choice()


def text_direction(code: str) -> str:
    """`ltr` or `rtl` for the `dir` attribute of the page."""
    return languages.direction(code)


def language_url(code: str) -> str:
    """This page in another language (a GET of the same address)."""
    args: dict[str, Any] = {k: v for k, v in request.args.items() if k != "lang"}
    if request.method == "GET" and request.endpoint and request.url_rule is not None:
        return url_for(request.endpoint, **{**(request.view_args or {}), **args, "lang": code})
    return f"{request.path}?{urlencode({**args, 'lang': code})}"


def _template_context() -> dict[str, Any]:
    code = current_language() if request else DEFAULT
    return {
        "languages": choosable() if request else {},
        "current_locale": code,
        "current_language": languages.LANGUAGES.get(code, languages.LANGUAGES[DEFAULT]),
        "text_direction": text_direction(code),
        "language_url": language_url,
        "chosen_language": g.get("chosen_language"),
        **template_globals(),
    }


def shown_placeholders(text: str) -> Markup:
    """Masked text for its sender: each German placeholder in the page's language, marked.

    The stored text keeps the German placeholders (the officers read them); this is display.
    """
    shown = escape(text)
    for kind, placeholder in PLACEHOLDERS.items():
        local = Markup('<mark class="removed-mark" dir="auto">%s</mark>') % str(
            PLACEHOLDER_LABELS[kind]
        )
        shown = shown.replace(escape(placeholder), local)
    return shown


def init_app(app: Flask, babel: Babel) -> None:
    """Bind Flask-Babel with our selector, both domains, and the URL and template helpers."""
    folder = app.config["BABEL_TRANSLATION_DIRECTORIES"].split(";")[0]
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = f"{folder};{folder}"
    app.config["BABEL_DOMAIN"] = "messages;public"  # public last: its plural rules win
    babel.init_app(app, locale_selector=select_locale)
    app.before_request(_remember_choice)
    app.url_defaults(_carry_language)
    app.context_processor(_template_context)
    app.jinja_env.filters.update(
        format_date=format_date,
        format_datetime=format_datetime,
        format_number=format_number,
        shown_placeholders=shown_placeholders,
    )


__all__ = ["current_language", "get_locale", "init_app", "offered"]
