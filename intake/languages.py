"""The languages we offer: German first, English complete.

A foundation module, so that the domain (answer templates in the sender's language) and the
web layer (the visible switch, `intake.web.i18n`) read the same list without the domain
importing anything that knows about requests.
"""

from __future__ import annotations

# Code, native name, text direction. The list is the one place that defines what we offer.
LANGUAGES: dict[str, tuple[str, str]] = {
    "de": ("Deutsch", "ltr"),
    "en": ("English", "ltr"),
}
DEFAULT = "de"
