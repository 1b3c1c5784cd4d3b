"""Forms that more than one delivery package renders.

The team lead answers a forwarded case either through the link page (`intake.forward_link`)
or logged in to the back office (`intake.backoffice.forwarding`). Those packages are
siblings that must not import each other (see `.importlinter`), so the one statement form
they share lives here, below both. `Form` is a FlaskForm whose WTForms messages come from a
catalog kept per locale (the public forms use it: they are built on every submission).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from babel import support
from flask import current_app, has_request_context
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.i18n import messages_path
from wtforms.validators import DataRequired, Length, Optional

STATEMENT_MAX = 8000


@lru_cache(maxsize=32)
def wtforms_catalog(locale: str) -> support.NullTranslations:
    """WTForms' own messages (`Field cannot be longer …`) in one locale, read once per process.

    Flask-WTF reads the catalog from disk on every request that builds a form
    (`flask_wtf.i18n`, about 0.6 ms); the same call, kept. Catalogs change only with the
    installed WTForms, that is with a restart.
    """
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class WTFormsCatalog:
    """`flask_wtf.i18n.translations`, with the catalog of the request's locale kept."""

    def gettext(self, string: str) -> str:
        catalog = _request_catalog()
        return string if catalog is None else catalog.ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        catalog = _request_catalog()
        if catalog is None:
            return singular if n == 1 else plural
        return catalog.ungettext(singular, plural, n)


def _request_catalog() -> support.NullTranslations | None:
    """The catalog of the visitor's language, as Flask-WTF would pick it (None: untranslated)."""
    if not has_request_context() or "babel" not in current_app.extensions:
        return None
    locale = get_locale()
    return wtforms_catalog(str(locale)) if locale is not None else None


WTFORMS_CATALOG = WTFormsCatalog()


class Form(FlaskForm):
    """A FlaskForm whose WTForms messages come from `WTFormsCatalog` (same words, no disk read).

    `WTF_I18N_ENABLED = False` still means WTForms' English, as with Flask-WTF.
    """

    class Meta(FlaskForm.Meta):
        def get_translations(self, form: Any) -> Any:
            if current_app.config.get("WTF_I18N_ENABLED", True):
                return WTFORMS_CATALOG
            return super().get_translations(form)


def strip(value: object) -> object:
    """A WTForms filter: surrounding white space is never part of what was typed."""
    return value.strip() if isinstance(value, str) else value


class StatementForm(FlaskForm):
    """The lead's statement (required) and proposed measures (optional)."""

    statement = TextAreaField(
        _l("Stellungnahme"),
        filters=[strip],
        validators=[
            DataRequired(_l("Bitte schreiben Sie Ihre Stellungnahme.")),
            Length(max=STATEMENT_MAX),
        ],
    )
    proposed_measures = TextAreaField(
        _l("Vorgeschlagene Maßnahmen (freiwillig)"),
        filters=[strip],
        validators=[Optional(), Length(max=STATEMENT_MAX)],
    )
