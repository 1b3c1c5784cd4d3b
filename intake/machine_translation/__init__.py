"""Machine translation through a LibreTranslate server the Jobcenter runs itself.

A pure client (standard library only, no Flask, no database), like `intake.reviews.google`:
`client.LibreTranslate` speaks LibreTranslate's HTTP API (`/translate`, `/detect`,
`/languages`) and turns every failure into one `TranslationError` with a German message for
staff. What is sent, and what is stored, is decided by the callers (`intake.answers.translation`).
"""

from __future__ import annotations

from intake.machine_translation.client import (
    Detection,
    LibreTranslate,
    ServiceLanguage,
    Translation,
    TranslationError,
)

__all__ = ["Detection", "LibreTranslate", "ServiceLanguage", "Translation", "TranslationError"]
