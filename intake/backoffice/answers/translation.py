"""Machine translation on staff pages: the case page's part, and what a failure tells staff.

Apart from the views so that `intake.backoffice.cases` can use it without importing them.
The case page only reads what is stored (`intake.answers.translation`); the service is called
by the POST views alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from intake.answers import translation
from intake.languages import german_name
from intake.machine_translation import TranslationError
from intake.models import Case
from intake.web import settings


@dataclass(frozen=True)
class CaseTranslation:
    """What `templates/staff/_translation.html` shows."""

    text: str | None  # the German translation, if one was made
    source: str | None  # the language it came from (code)
    source_name: str  # and its German name
    made_on: date | None
    is_german: bool  # the service found the text German: nothing to translate
    auto: bool  # the language will be detected by the service


def case_translation(found: Case) -> CaseTranslation | None:
    """The case page's translation section, or None (no service, nothing to translate)."""
    if settings.translator() is None or found.anonymised_on is not None:
        return None
    offer = translation.offer_for(found)
    if offer is None and found.translated_on is None:
        return None
    source = found.translation_source
    if source is None and offer is not None and offer.source != "auto":
        source = offer.source
    return CaseTranslation(
        text=found.text_translation,
        source=source,
        source_name=german_name(source),
        made_on=found.translated_on,
        is_german=found.translated_on is not None and found.text_translation is None,
        auto=offer is None or offer.source == "auto",
    )


def translation_message(error: TranslationError) -> str:
    """What a failed request to the translation service tells staff (by the error's reason)."""
    if error.reason == "unreachable":
        return str(
            _("Der Übersetzungsdienst antwortet nicht. Bitte versuchen Sie es später noch einmal.")
        )
    if error.reason == "rate_limited":
        return str(
            _(
                "Der Übersetzungsdienst ist gerade ausgelastet. Bitte versuchen Sie es in einer "
                "Minute noch einmal."
            )
        )
    if error.reason == "forbidden":
        return str(
            _(
                "Der Übersetzungsdienst verweigert den Zugang. Bitte wenden Sie sich an die "
                "Administration (API-Schlüssel)."
            )
        )
    if error.reason == "bad_request":
        return str(
            _(
                "Der Übersetzungsdienst kann diesen Text nicht übersetzen (z. B. Sprache "
                "nicht verfügbar)."
            )
        )
    return str(
        _(
            "Der Übersetzungsdienst hat einen Fehler gemeldet. Bitte versuchen Sie es später "
            "noch einmal."
        )
    )
