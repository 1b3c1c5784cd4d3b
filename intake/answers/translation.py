"""Machine translation for the officer: the customer's text into German, answers back.

The service is a LibreTranslate server the Jobcenter runs itself (`intake.machine_translation`,
setting TRANSLATE_URL); the callers hand in its `translate` function, so this module needs no
settings and no network, and the case page never calls it: a translation is made when an
officer asks for it, stored on the case and shown from there.

What is sent: the case's text *as stored* — already masked at arrival — masked once more
(`mask_identifiers` is idempotent, and a Google review's text was never masked), never
contact data; for an answer, the officer's German with its placeholders unfilled, so the
sender's name in ``{anrede}`` stays here too. Leichte Sprache is German: it is never
translated to or from.

When the service is offered at all: for a case recorded in a language other than German
(chosen on the public form, or by the officer keying in a paper card); for any case whose
text is written (in part) in another script; and for cases whose language nobody chose
(paper cards and other staff entries, Google reviews) unless the text reads as German. In the
last two the service detects the language (`auto`); a text it finds German is recorded as
such, with no translation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from intake import audit, languages
from intake.machine_translation import Translation
from intake.machine_translation.client import AUTO
from intake.models import Case, User
from intake.privacy.masking import mask_identifiers

GERMAN = "de"
AUDIT_ACTION = "machine_translation"
# The channels of the public form (intake.reception.services.CHANNELS, the first five): only
# there did the sender choose the language recorded with the case.
FORM_CHANNELS = frozenset(("homepage", "embed", "office_link", "qr_card", "qr_poster"))
# Short words that make a Latin-script text German (for texts whose language nobody chose).
_GERMAN_WORDS = frozenset(
    (
        *("und", "der", "die", "das", "ich", "nicht", "ist", "mit", "zu", "ein", "eine"),
        *("sehr", "war", "wurde", "habe", "hat", "bei", "auf", "für", "sie", "wir", "mir"),
        *("mich", "kein", "keine", "dass", "auch", "noch", "schon", "aber"),
    )
)
_WORD = re.compile(r"\w+")

Translate = Callable[[str, str, str], Translation]


class NothingToTranslate(ValueError):
    """The case has no text to translate, or it is German already."""


@dataclass(frozen=True)
class Offer:
    """That a case's text can be translated for the officer, and from which language."""

    source: str  # a language code the service knows, or "auto": let the service detect it


@dataclass(frozen=True)
class AnswerDraft:
    """A machine-translated draft of an answer and the German it came from."""

    original: str  # the officer's German, binding
    text: str  # the draft in the sender's language, for the officer to check
    language: str  # intake.languages code of the draft


def service_code(code: str | None) -> str | None:
    """A language code as the service knows it: Leichte Sprache is German; None if unknown."""
    if not code:
        return None
    if code == languages.EASY_GERMAN:
        return GERMAN
    return code.split("-")[0].lower()


def other_script(text: str) -> bool:
    """Whether the text has letters of a script other than Latin (Cyrillic, Arabic, …)."""
    found = 0
    for char in text:
        if char.isalpha() and not unicodedata.name(char, "LATIN").startswith("LATIN"):
            found += 1
            if found >= 3:
                return True
    return False


def reads_german(text: str) -> bool:
    """A cheap guess for texts whose language nobody chose: common German words in it."""
    words = _WORD.findall(text.lower())
    if not words:
        return True  # nothing to translate
    german = sum(word in _GERMAN_WORDS for word in words)
    return german >= 1 and german * 12 >= len(words)


def offer_for(case: Case) -> Offer | None:
    """Whether (and from what) the case's text can be translated into German; no request."""
    if case.anonymised_on is not None or not (case.text or "").strip():
        return None
    code = service_code(case.language)
    if code is not None and code != GERMAN:  # chosen on the form, or by the officer keying in
        return Offer(code)
    if other_script(case.text):
        return Offer(AUTO)
    chosen = case.channel in FORM_CHANNELS and code is not None
    if not chosen and not reads_german(case.text):
        return Offer(AUTO)
    return None


def translate_case(
    session: Session, case: Case, user: User | None, translate: Translate, *, today: date
) -> Translation:
    """Translate the case's masked text into German and store it, audited; the caller commits.

    A `TranslationError` from the service changes nothing. A text the service detects as
    German is recorded as German with no translation.
    """
    offer = offer_for(case)
    if offer is None:
        raise NothingToTranslate("nothing to translate")
    result = translate(mask_identifiers(case.text).text, offer.source, GERMAN)
    source = (service_code(result.source) or AUTO)[:16]
    case.translation_source = source
    case.text_translation = None if source == GERMAN else result.text
    case.translated_on = today
    audit.record(session, user, AUDIT_ACTION, case_id=case.id, detail=f"{source} → {GERMAN}")
    session.flush()
    return result


def answer_language(case: Case) -> str | None:
    """The language a draft answer is translated into: the sender's, else the detected one.

    None when the sender writes German (or Leichte Sprache), or the language is not one we
    offer (the officer then writes the answer as the sender can read it).
    """
    for code in (case.language, case.translation_source):
        target = service_code(code)
        if target is not None and target != GERMAN and code in languages.LANGUAGES:
            return code
    return None


def sendable(case: Case, german: str) -> str:
    """What of the officer's German may leave for the translation service.

    The editor fills a template's placeholders as soon as it opens, so the text may hold the
    sender's name (`{anrede}` became "Guten Tag Olena Petrenko,") and whatever the officer
    typed: the name goes back to its placeholder `{name}`, which is filled again when the
    answer is sent, and numbers, addresses and e-mail addresses are masked.
    """
    name = (case.contact.name or "").strip() if case.contact else ""
    if name:
        german = german.replace(name, "{name}")
    return mask_identifiers(german).text


def draft_answer(
    session: Session, case: Case, user: User | None, german: str, translate: Translate
) -> AnswerDraft:
    """The officer's German answer, machine-translated into the sender's language, audited.

    Nothing is stored but the audit event: the draft goes back into the editor for the officer
    to check, and only what is sent is kept (`intake.answers.services.send`).
    """
    target = answer_language(case)
    german = german.replace("\r\n", "\n").strip()
    if target is None or not german:
        raise NothingToTranslate("no language to translate the answer into")
    result = translate(sendable(case, german), GERMAN, service_code(target) or target)
    audit.record(
        session, user, AUDIT_ACTION, case_id=case.id, detail=f"Antwortentwurf {GERMAN} → {target}"
    )
    session.flush()
    return AnswerDraft(original=german, text=result.text.strip(), language=target)
