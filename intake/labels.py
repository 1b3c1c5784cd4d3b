"""Translated labels of domain values, shared by templates of every blueprint."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

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
    "en": _l("Englisch"),
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
        "mask_labels": MASK_LABELS,
        "spam_labels": SPAM_LABELS,
        "error_titles": ERROR_TITLES,
        "error_texts": ERROR_TEXTS,
    }
