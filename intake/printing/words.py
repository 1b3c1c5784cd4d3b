"""The printed words of cards and posters: German msgids, translated in the `public` domain.

Apart from the print services so that the extraction mapping (babel-public.cfg) can give
exactly these words to the customers' catalogs: every offered language prints them.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# The printed words: German msgids (as in `cards.CardTexts`), translated for other languages.
CARD_TEXTS = {
    "call_to_action": _l("Ihre Meinung zählt"),
    "subline": _l("Lob, Idee oder Kritik? Sagen Sie es uns – anonym."),
    "scan_hint": _l("QR-Code mit der Handy-Kamera scannen"),
    "anonymity": _l("Anonym: Wir speichern keine IP-Adresse und fragen nicht nach Ihrem Namen."),
    "url_label": _l("Oder im Browser eingeben:"),
    "back_title": _l("Ihre Rückmeldung"),
    "kind_label": _l("Worum geht es?"),
    "kind_praise": _l("Lob"),
    "kind_idea": _l("Idee"),
    "kind_criticism": _l("Kritik"),
    "rating_label": _l("Wie zufrieden sind Sie? Bitte ankreuzen:"),
    "message_label": _l("Ihre Nachricht:"),
    "contact_title": _l("Möchten Sie eine Antwort? (freiwillig)"),
    "contact_name": _l("Name:"),
    "contact_address": _l("Adresse oder E-Mail:"),
    "contact_consent": _l(
        "Ich bin einverstanden, dass meine Angaben zur Beantwortung gespeichert werden."
    ),
    "privacy_note": _l(
        "Datenschutz: Ohne Kontaktangaben bleibt Ihre Rückmeldung anonym. "
        "Kontaktangaben nutzen wir nur für die Antwort."
    ),
    "drop_note": _l("Bitte in den Briefkasten im Eingangsbereich werfen oder am Empfang abgeben."),
    "poster_headline": _l("Ihre Meinung zählt!"),
    "poster_text": _l(
        "Lob, Idee oder Kritik? Scannen Sie den Code mit Ihrem Handy und sagen "
        "Sie es uns – anonym und ohne Anmeldung."
    ),
}
RATING_TEXTS = (_l("sehr gut"), _l("gut"), _l("geht so"), _l("schlecht"), _l("sehr schlecht"))

# The multilingual card and poster: the German call to action big, then this line in each
# offered language (each catalog translates it), so everyone finds their language.
MULTILINGUAL_LINE = _l("Ihre Meinung zählt – scannen Sie den Code.")
