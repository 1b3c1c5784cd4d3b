"""Languages: German first, English complete; chosen by a visible switch.

The choice travels in the URL (`?lang=en`) or a hidden form field, never in a cookie.
Without a choice, the browser's Accept-Language gives the first guess.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Flask, g, request, url_for
from flask_babel import Babel, format_date, format_datetime, format_number, get_locale
from werkzeug.exceptions import HTTPException

from intake.labels import template_globals
from intake.languages import DEFAULT, LANGUAGES


def explicit_choice() -> str | None:
    """The language the visitor picked (URL or form field), if it is one we offer."""
    value = request.args.get("lang", "")
    if value not in LANGUAGES and request.method == "POST":
        try:
            value = request.form.get("lang", "")
        except HTTPException:  # a body too large or malformed: its error page is in German
            return None
    return value if value in LANGUAGES else None


def select_locale() -> str:
    """Flask-Babel's locale selector."""
    choice = explicit_choice()
    if choice:
        return choice
    return request.accept_languages.best_match(list(LANGUAGES), default=DEFAULT) or DEFAULT


def _carry_language(endpoint: str, values: dict[str, Any]) -> None:
    """Keep an explicit choice in every link the page builds."""
    if endpoint == "static" or "lang" in values:
        return
    chosen = g.get("chosen_language")
    if chosen:
        values["lang"] = chosen


def _remember_choice() -> None:
    g.chosen_language = explicit_choice()


def text_direction(locale: str) -> str:
    """`ltr` or `rtl` for the `dir` attribute of the page."""
    return LANGUAGES.get(locale, ("", "ltr"))[1]


def language_url(code: str) -> str:
    """This page in another language (a GET of the same address)."""
    args: dict[str, Any] = {k: v for k, v in request.args.items() if k != "lang"}
    if request.method == "GET" and request.endpoint and request.url_rule is not None:
        return url_for(request.endpoint, **{**(request.view_args or {}), **args, "lang": code})
    return f"{request.path}?{urlencode({**args, 'lang': code})}"


def _template_context() -> dict[str, Any]:
    locale = str(get_locale())
    return {
        "languages": LANGUAGES,
        "current_locale": locale,
        "text_direction": text_direction(locale),
        "language_url": language_url,
        "chosen_language": g.get("chosen_language"),
        **template_globals(),
    }


def init_app(app: Flask, babel: Babel) -> None:
    """Bind Flask-Babel with our selector and the URL and template helpers."""
    babel.init_app(app, locale_selector=select_locale)
    app.before_request(_remember_choice)
    app.url_defaults(_carry_language)
    app.context_processor(_template_context)
    app.jinja_env.filters.update(
        format_date=format_date, format_datetime=format_datetime, format_number=format_number
    )
