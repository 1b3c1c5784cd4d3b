"""Translated labels of domain values, shared by templates of every blueprint."""

from __future__ import annotations

import re
import unicodedata

from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from intake.languages import LANGUAGES, german_name

STATUS_LABELS = {
    "received": _l("eingegangen"),
    "in_progress": _l("in Bearbeitung"),
    "answered": _l("beantwortet"),
    "closed": _l("abgeschlossen"),
    "handed_off": _l("an die zuständige Stelle weitergegeben"),
}
# The officers' workflow states (intake.triage.workflow.STATES).
STATE_LABELS = {
    "new": _l("neu"),
    "triaged": _l("gesichtet"),
    "forwarded": _l("an Teamleitung weitergeleitet"),
    "statement": _l("Stellungnahme liegt vor"),
    "answered": _l("beantwortet"),
    "closed": _l("abgeschlossen"),
    "handed_off": _l("abgegeben (keine KRM-Reaktion)"),
    "spam": _l("Spam"),
}
FLAG_LABELS = {
    "dienstaufsicht": _l("Dienstaufsicht"),
    "petition": _l("Petition / Bürgerbeauftragte"),
    "widerspruch": _l("Widerspruch?"),
    "media": _l("Presse / Anwalt"),
    "corruption": _l("Korruptionsverdacht"),
    "threat": _l("Drohung / Selbstgefährdung"),
    "idea": _l("Idee"),
    "praise": _l("Lob"),
}
DUE_LABELS = {
    "eingangsbestaetigung": _l("Eingangsbestätigung"),
    "abschluss": _l("Abschließende Antwort"),
    "weiterleitung_teamleitung": _l("Weiterleitung an die Teamleitung"),
    "antwort_2_folgeticket": _l("Antwort auf 2. Folgeticket"),
    "abhilfe_vor_2_folgeticket": _l("Abhilfe vor einem 2. Folgeticket"),
    "stellungnahme_petition": _l("Stellungnahme zur Petition"),
}
# What the sender says the message is (Case.kind), as the public form offers it.
KIND_LABELS = {
    "praise": _l("Lob"),
    "idea": _l("Idee oder Anregung"),
    "complaint": _l("Kritik oder Beschwerde"),
    "other": _l("Sonstiges"),
}
RATING_LABELS = {
    5: _l("sehr gut"),
    4: _l("gut"),
    3: _l("geht so"),
    2: _l("schlecht"),
    1: _l("sehr schlecht"),
}
CHANNEL_LABELS = {
    "homepage": _l("Homepage"),
    "embed": _l("Homepage (eingebettet)"),
    "office_link": _l("Link der Geschäftsstelle"),
    "qr_card": _l("QR-Code Meinungskarte"),
    "qr_poster": _l("QR-Code Plakat"),
    "paper_card": _l("Meinungskarte (Papier)"),
    "google": _l("Google-Rezension"),
    "phone": _l("Telefon"),
    "in_person": _l("persönlich"),
    "letter": _l("Brief"),
    "email": _l("E-Mail"),
    "third_party": _l("über Dritte (z. B. Service Center)"),
}
# How a sender asked to be answered (Contact.preferred).
PREFERRED_LABELS = {
    "email": _l("E-Mail"),
    "phone": _l("Telefon"),
    "post": _l("Brief"),
}
# The languages of senders, batches and templates, named in the back office's language.
LANGUAGE_LABELS = {
    "de": _l("Deutsch"),
    "de-x-ls": _l("Leichte Sprache"),
    "en": _l("Englisch"),
    "uk": _l("Ukrainisch"),
    "ru": _l("Russisch"),
    "ar": _l("Arabisch"),
    "fa": _l("Persisch (Farsi/Dari)"),
    "tr": _l("Türkisch"),
    "mul": _l("Mehrsprachig"),
}
# The empty first option of a select that needs a real choice: a required <select> must not
# start on a real value (HTML), or saving unchanged would silently file the first one.
# Its value "" fails the field's InputRequired, so the server refuses it too.
PLEASE_CHOOSE = _l("Bitte wählen")
MASK_LABELS = {
    "email": _l("E-Mail-Adressen"),
    "phone": _l("Telefonnummern"),
    "iban": _l("Kontonummern (IBAN)"),
    "customer_number": _l("Kundennummern"),
    "bg_number": _l("BG-Nummern"),
    "pension_number": _l("Rentenversicherungsnummern"),
    "tax_id": _l("Steuernummern"),
    "street_address": _l("Anschriften"),
    "postcode": _l("Postleitzahlen"),
}
# The placeholders of intake.privacy.masking as the customer reads them on the preview
# (stored text keeps the German ones, which the officers read).
PLACEHOLDER_LABELS = {
    "email": _l("[E-Mail-Adresse entfernt]"),
    "iban": _l("[IBAN entfernt]"),
    "customer_number": _l("[Kundennummer entfernt]"),
    "bg_number": _l("[BG-Nummer entfernt]"),
    "pension_number": _l("[Rentenversicherungsnummer entfernt]"),
    "tax_id": _l("[Steuer-ID entfernt]"),
    "phone": _l("[Telefonnummer entfernt]"),
    "street_address": _l("[Adresse entfernt]"),
    "postcode": _l("[Postleitzahl entfernt]"),
}
SPAM_LABELS = {
    "honeypot": _l("verstecktes Feld ausgefüllt"),
    "too_fast": _l("zu schnell ausgefüllt"),
    "officer": _l("von Hand markiert"),
}
ERROR_TITLES = {
    400: _l("Das hat nicht geklappt"),
    403: _l("Kein Zugriff"),
    404: _l("Seite nicht gefunden"),
    405: _l("Das hat nicht geklappt"),
    413: _l("Ihre Nachricht ist zu groß"),
    414: _l("Die Adresse ist zu lang"),
    415: _l("Das hat nicht geklappt"),
    422: _l("Das hat nicht geklappt"),
    429: _l("Gerade sind es zu viele Anfragen"),
    500: _l("Entschuldigung, ein Fehler ist aufgetreten"),
    503: _l("Gerade ist viel los"),
}
ERROR_TEXTS = {
    400: _l("Ihre Anfrage konnte nicht verarbeitet werden. Bitte versuchen Sie es noch einmal."),
    403: _l("Diese Seite dürfen Sie mit Ihrer Rolle nicht öffnen."),
    404: _l("Diese Seite gibt es nicht. Vielleicht hat sich die Adresse geändert."),
    405: _l("Ihre Anfrage konnte nicht verarbeitet werden. Bitte versuchen Sie es noch einmal."),
    413: _l("Bitte kürzen Sie Ihre Nachricht und senden Sie sie noch einmal."),
    414: _l("Bitte öffnen Sie das Formular über die Startseite."),
    415: _l("Ihre Anfrage konnte nicht verarbeitet werden. Bitte versuchen Sie es noch einmal."),
    422: _l("Ihre Anfrage konnte nicht verarbeitet werden. Bitte versuchen Sie es noch einmal."),
    429: _l(
        "Zum Schutz vor Missbrauch nehmen wir gerade keine weiteren Anfragen von Ihrem "
        "Anschluss an. Ihre Nachricht ist uns wichtig – bitte warten Sie kurz."
    ),
    500: _l(
        "Ihre Eingabe ist nicht verloren gegangen, wenn Sie im Browser zurückgehen. Bitte "
        "versuchen Sie es später noch einmal."
    ),
    503: _l("Bitte versuchen Sie es in einigen Minuten noch einmal."),
}


# A well-formed language tag (BCP 47 shape), for a stored code no longer in LANGUAGES.
_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


def language_name(code: str | None) -> str:
    """A reaction's language as the back office names it ("Ukrainisch"); "" when unknown.

    In the officer's screen language (`LANGUAGE_LABELS`); a code without a label by its
    German name from `intake.languages`.
    """
    label = LANGUAGE_LABELS.get(code or "")
    return str(label) if label is not None else german_name(code)


def text_direction(text: str | None) -> str | None:
    """`rtl` or `ltr` by the text's first strong character (as `dir="auto"` judges), else None."""
    for char in text or "":
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


def text_attrs(code: str | None, text: str | None = None) -> Markup:
    """` dir="rtl" lang="ar"`: the attributes of an element that holds customer text.

    The direction of the language the reaction was written in; for an unknown language
    `dir="auto"` (the browser judges by the first strong character) and `lang=""` (unknown),
    unless the stored code is at least a well-formed tag. When the text itself runs the
    other way (Arabic typed into the German form), the page's language was not the text's:
    `dir="auto"` and an unknown `lang`, so neither the layout nor a screen reader's voice
    is wrong. (This is also what the form's `dirname` field would tell; it is not stored.)
    """
    language = LANGUAGES.get(code or "")
    if language is not None:
        written = text_direction(text)
        if written is None or written == language.direction:
            return Markup(' dir="{}" lang="{}"').format(language.direction, language.code)
        return Markup(' dir="auto" lang=""')
    tag = code if code and _TAG.fullmatch(code) else ""
    return Markup(' dir="auto" lang="{}"').format(tag)


def template_globals() -> dict[str, object]:
    """All label tables, for the context processor."""
    return {
        "status_labels": STATUS_LABELS,
        "state_labels": STATE_LABELS,
        "flag_labels": FLAG_LABELS,
        "due_labels": DUE_LABELS,
        "rating_labels": RATING_LABELS,
        "channel_labels": CHANNEL_LABELS,
        "preferred_labels": PREFERRED_LABELS,
        "language_labels": LANGUAGE_LABELS,
        "language_name": language_name,
        "text_attrs": text_attrs,
        "mask_labels": MASK_LABELS,
        "spam_labels": SPAM_LABELS,
        "error_titles": ERROR_TITLES,
        "error_texts": ERROR_TEXTS,
    }
