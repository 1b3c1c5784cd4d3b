"""Answers to senders: text templates, placeholders, the ways an answer can go, and sending.

An answer goes to a sender who left contact data by e-mail (`intake.mailer`: SMTP, or the
outbox folder in development) or as a printed letter (`cards.letter`); a sender who left a
telephone number is called back, and the call is recorded as the answer (when, by whom —
the audit event's user —, what was said); an anonymous web sender reads it on the receipt
status page with their code. Google reviews are answered by the public reply on Google
(`intake.reviews`), paper cards and other reactions without contact data cannot be
answered at all.

Besides the final answer there are the acknowledgement (Eingangsbestätigung, within 3 working
days) and the interim message (Zwischennachricht, when a deadline will be missed); both go by
e-mail or letter only, since the status page shows the final answer alone.

Templates: built-in German texts for every kind (friendly, with a slot for each point of the
reaction), which officers may replace per kind and language with their own (`AnswerTemplate`).
Placeholders like ``{anrede}`` are filled from the case and the settings; unknown ones stay
visible, and text still marked ``[[ … ]]`` or with an unfilled placeholder is not sent.

Every send is an audit event ("answer", "acknowledgement", "interim") whose detail is the
channel only, never the text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from babel import dates as babel_dates
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cards.letter import LetterSpec
from intake import audit, languages, mailer
from intake.models import AnswerTemplate, AuditEvent, Case, User, utcnow
from intake.params import parse_id
from intake.triage import cases, rules

PURPOSES = ("final", "acknowledgement", "interim")
CHANNELS = ("email", "letter", "phone", "receipt")
AUDIT_ACTION = {"final": "answer", "acknowledgement": "acknowledgement", "interim": "interim"}

GENERIC = "allgemein"
ACK_KIND = rules.ACK  # "eingangsbestaetigung"
INTERIM_KIND = "zwischennachricht"
# Template kinds: every kind of reaction, plus a generic answer, the acknowledgement and
# the interim message. An `AnswerTemplate.kind` is one of these keys.
TEMPLATE_KINDS: dict[str, str] = {
    **cases.ALL_KINDS,
    GENERIC: "Allgemeine Antwort (jede Art)",
    ACK_KIND: "Eingangsbestätigung",
    INTERIM_KIND: "Zwischennachricht",
}
PURPOSE_OF_KIND = {ACK_KIND: "acknowledgement", INTERIM_KIND: "interim"}
# Formal complaints about conduct, Eingaben and petitions are signed by management.
MANAGEMENT_SIGNED = frozenset(("dienstaufsicht", "eingabe", "petition"))

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
TO_FILL_IN_OPEN, TO_FILL_IN_CLOSE = "[[", "]]"


class AnswerError(ValueError):
    """An answer that cannot be sent this way (wrong channel for the case or purpose)."""


@dataclass(frozen=True)
class Template:
    """An answer text to start from: a built-in one or an officer's (`db_id` set)."""

    key: str  # the built-in key, or the database id as text
    kind: str
    language: str
    title: str
    body: str
    db_id: int | None = None

    @property
    def purpose(self) -> str:
        """What the text is for: final answer, acknowledgement or interim message."""
        return PURPOSE_OF_KIND.get(self.kind, "final")

    @property
    def builtin(self) -> bool:
        return self.db_id is None


_CLOSING = "\n\nMit freundlichen Grüßen\n\nIhr Kundenreaktionsmanagement\n{absender}"
_CLOSING_MANAGEMENT = "\n\nMit freundlichen Grüßen\n\n\n\nGeschäftsführung\n{absender}"
_QUESTIONS = (
    "Wenn Sie Fragen haben, erreichen Sie uns unter {kontakt}. Bitte geben Sie dabei das "
    "Datum Ihrer Nachricht ({eingangsdatum}) an."
)
_POINTS = (
    "[[Gehen Sie hier auf jeden Punkt der Nachricht ein, jeden in einem eigenen Absatz: "
    "was wir geprüft haben, was dabei herauskam und warum.]]"
)

_BUILTIN_TEXTS: dict[str, tuple[str, str]] = {
    "lob": (
        "Dank für ein Lob",
        "{anrede}\n\n"
        "vielen Dank für Ihre freundliche Nachricht vom {eingangsdatum}. Wir haben uns sehr "
        "darüber gefreut.\n\n"
        "[[Greifen Sie auf, was gelobt wurde, mit den Worten der Nachricht.]]\n\n"
        "Ihr Lob haben wir an die Kolleginnen und Kollegen der {geschaeftsstelle} "
        "weitergegeben. Rückmeldungen wie Ihre zeigen uns, was gut läuft, und dabei möchten "
        "wir bleiben.\n\n"
        "Wir wünschen Ihnen alles Gute." + _CLOSING,
    ),
    "idee": (
        "Antwort auf eine Idee oder Anregung",
        "{anrede}\n\n"
        "vielen Dank für Ihre Anregung vom {eingangsdatum}. Es hilft uns, wenn Kundinnen und "
        "Kunden uns sagen, was wir besser machen können.\n\n"
        "Wir haben Ihren Vorschlag geprüft:\n\n" + _POINTS + "\n\n"
        "[[Was wir daraus machen – umgesetzt, geplant, oder warum es derzeit nicht geht.]]\n\n"
        + _QUESTIONS
        + _CLOSING,
    ),
    "beschwerde": (
        "Antwort auf eine Beschwerde",
        "{anrede}\n\n"
        "vielen Dank für Ihre Nachricht vom {eingangsdatum}. Es tut uns leid, dass Sie mit "
        "uns nicht zufrieden waren. Wir haben Ihre Beschwerde sorgfältig geprüft und möchten "
        "Ihnen zu jedem Ihrer Punkte antworten.\n\n" + _POINTS + "\n\n"
        "[[Was wir unternommen haben oder unternehmen werden, damit sich das nicht "
        "wiederholt.]]\n\n"
        "Ihre Rückmeldung hilft uns, besser zu werden. " + _QUESTIONS + _CLOSING,
    ),
    "dienstaufsicht": (
        "Antwort auf eine Dienstaufsichtsbeschwerde",
        "{anrede}\n\n"
        "Ihre Dienstaufsichtsbeschwerde vom {eingangsdatum} haben wir erhalten und den "
        "Sachverhalt geprüft. Dazu haben wir auch die Beteiligten angehört. Das Ergebnis "
        "möchten wir Ihnen zu jedem Ihrer Punkte mitteilen.\n\n" + _POINTS + "\n\n"
        "[[Ergebnis der Prüfung und die getroffenen Maßnahmen. Keine Namen von Beschäftigten "
        "und keine dienstrechtlichen Einzelheiten.]]\n\n"
        "Wir bedauern, dass Sie diese Erfahrung machen mussten, und danken Ihnen, dass Sie "
        "uns darauf aufmerksam gemacht haben. " + _QUESTIONS + _CLOSING_MANAGEMENT,
    ),
    "eingabe": (
        "Antwort auf eine Eingabe",
        "{anrede}\n\n"
        "zu Ihrer Eingabe vom {eingangsdatum} nehmen wir gern Stellung. Wir haben Ihr "
        "Anliegen geprüft und gehen auf jeden Ihrer Punkte ein.\n\n" + _POINTS + "\n\n"
        "[[Ergebnis und die getroffenen Maßnahmen.]]\n\n" + _QUESTIONS + _CLOSING_MANAGEMENT,
    ),
    "petition": (
        "Antwort auf eine Petition",
        "{anrede}\n\n"
        "zu Ihrer Petition vom {eingangsdatum} haben wir den Sachverhalt geprüft und "
        "Stellung genommen. Zu Ihren Anliegen im Einzelnen:\n\n" + _POINTS + "\n\n"
        "[[Ergebnis, Maßnahmen und, falls zutreffend, der Hinweis auf die Entscheidung des "
        "Ausschusses.]]\n\n" + _QUESTIONS + _CLOSING_MANAGEMENT,
    ),
    "folgeticket_1": (
        "Antwort auf ein Folgeticket (Service Center)",
        "{anrede}\n\n"
        "vielen Dank für Ihre Geduld. Ihr Anliegen vom {eingangsdatum}, das Sie uns über "
        "das Service Center mitgeteilt haben, haben wir bearbeitet:\n\n" + _POINTS + "\n\n"
        "[[Was erledigt ist und was Sie gegebenenfalls noch tun müssen.]]\n\n"
        "Es tut uns leid, dass Sie sich erneut an uns wenden mussten. " + _QUESTIONS + _CLOSING,
    ),
    "folgeticket_2": (
        "Antwort auf ein 2. Folgeticket (Service Center)",
        "{anrede}\n\n"
        "Sie haben sich wegen Ihres Anliegens bereits mehrfach an uns gewandt. Das hätte "
        "nicht sein dürfen, und dafür bitten wir Sie um Entschuldigung. Ihre Nachricht vom "
        "{eingangsdatum} hat die Leitung der {geschaeftsstelle} selbst geprüft:\n\n"
        + _POINTS
        + "\n\n[[Was erledigt ist, bis wann der Rest erledigt wird und wer sich meldet.]]\n\n"
        + _QUESTIONS
        + _CLOSING,
    ),
    GENERIC: (
        "Allgemeine Antwort",
        "{anrede}\n\n"
        "vielen Dank für Ihre Nachricht vom {eingangsdatum}. Wir haben sie gelesen und "
        "möchten Ihnen zu jedem Ihrer Punkte antworten.\n\n"
        + _POINTS
        + "\n\n"
        + _QUESTIONS
        + _CLOSING,
    ),
    ACK_KIND: (
        "Eingangsbestätigung",
        "{anrede}\n\n"
        "vielen Dank für Ihre Nachricht vom {eingangsdatum}. Wir bestätigen Ihnen gern, dass "
        "sie bei uns eingegangen ist.\n\n"
        "Wir prüfen Ihr Anliegen sorgfältig und melden uns so bald wie möglich mit einer "
        "Antwort bei Ihnen. Sollte die Prüfung länger dauern, sagen wir Ihnen Bescheid.\n\n"
        + _QUESTIONS
        + _CLOSING,
    ),
    INTERIM_KIND: (
        "Zwischennachricht",
        "{anrede}\n\n"
        "Sie haben uns am {eingangsdatum} geschrieben. Wir möchten Ihnen eine vollständige "
        "und richtige Antwort geben; dafür brauchen wir leider noch etwas Zeit, weil "
        "[[Grund, z. B. eine Stellungnahme des Teams steht noch aus]].\n\n"
        "Wir melden uns voraussichtlich bis [[Datum]] wieder bei Ihnen. Wir bitten Sie um "
        "Verständnis und danken Ihnen für Ihre Geduld.\n\n" + _QUESTIONS + _CLOSING,
    ),
}
_HANDOFF = (
    "Weitergabe an die zuständige Stelle",
    "{anrede}\n\n"
    "vielen Dank für Ihre Nachricht vom {eingangsdatum}. Für Ihr Anliegen ist bei uns "
    "{zustaendige_stelle} zuständig. Wir haben Ihre Nachricht dorthin weitergegeben; von dort "
    "erhalten Sie die Antwort.\n\n"
    "[[Falls nötig: was Sie selbst noch tun müssen, z. B. eine Frist beachten.]]\n\n"
    + _QUESTIONS
    + _CLOSING,
)

BUILTIN: dict[str, Template] = {
    kind: Template(key=kind, kind=kind, language="de", title=title, body=body)
    for kind, (title, body) in {
        **_BUILTIN_TEXTS,
        **dict.fromkeys(rules.NON_KRM_KINDS, _HANDOFF),
    }.items()
}


def _from_row(row: AnswerTemplate) -> Template:
    return Template(
        key=str(row.id),
        kind=row.kind,
        language=row.language,
        title=row.title,
        body=row.body,
        db_id=row.id,
    )


def _rows(session: Session, kind: str, language: str) -> list[Template]:
    found = session.scalars(
        select(AnswerTemplate)
        .where(AnswerTemplate.kind == kind, AnswerTemplate.language == language)
        .order_by(AnswerTemplate.title, AnswerTemplate.id)
    )
    return [_from_row(row) for row in found]


def templates_for(session: Session, kind: str, language: str) -> list[Template]:
    """The officers' templates for a kind and language (else German ones), else the built-in."""
    found = _rows(session, kind, language)
    if not found and language != languages.DEFAULT:
        found = _rows(session, kind, languages.DEFAULT)
    if not found and kind in BUILTIN:
        found = [BUILTIN[kind]]
    return found


def template_kinds_for(case: Case, purpose: str) -> tuple[str, ...]:
    """Which template kinds fit a case and purpose (the case's kind, then the generic one)."""
    if purpose == "acknowledgement":
        return (ACK_KIND,)
    if purpose == "interim":
        return (INTERIM_KIND,)
    return (cases.provisional_kind(case), GENERIC)


def choices_for(session: Session, case: Case, purpose: str) -> list[Template]:
    """Templates to offer in the editor for a case and purpose, best first."""
    seen: set[str] = set()
    found = []
    for kind in template_kinds_for(case, purpose):
        for template in templates_for(session, kind, case.language):
            if template.key not in seen:
                seen.add(template.key)
                found.append(template)
    return found


def find_template(session: Session, key: str) -> Template | None:
    """A template by its key: a database id, or a built-in key."""
    ident = parse_id(key, bits=32)
    if ident is not None:
        row = session.get(AnswerTemplate, ident)
        return _from_row(row) if row is not None else None
    return BUILTIN.get(key)


# --- the officers' templates ---------------------------------------------------------------


class TemplateError(ValueError):
    """A template cannot be saved as it is; the message says why."""


class TitleTakenError(TemplateError):
    """Another template of this kind and language has this title already."""


@dataclass(frozen=True)
class TemplateText:
    """What an officer writes into a template."""

    kind: str
    language: str
    title: str
    body: str


def unknown_placeholders(text: str) -> list[str]:
    """Placeholders in `text` that `render` does not know, once each in order of appearance.

    A template may use the known ones only: a typo would otherwise reach the sender.
    """
    found = (match.group(0) for match in PLACEHOLDER.finditer(text))
    return list(dict.fromkeys(name for name in found if name[1:-1] not in PLACEHOLDERS))


def title_taken(
    session: Session, kind: str, language: str, title: str, template_id: int | None = None
) -> bool:
    """Whether a template other than `template_id` has this kind, language and title."""
    found = session.scalar(
        select(AnswerTemplate.id).where(
            AnswerTemplate.kind == kind,
            AnswerTemplate.language == language,
            AnswerTemplate.title == title.strip(),
        )
    )
    return found is not None and found != template_id


def save_template(
    session: Session,
    row: AnswerTemplate | None,
    text: TemplateText,
    user: User | None,
    *,
    now: datetime | None = None,
) -> AnswerTemplate:
    """Create (`row` None) or change an officer's template, audited; the caller commits.

    The title is unique per kind and language, so that the editor's list tells templates
    apart: `TitleTakenError` when it is taken, also when two officers save the same title at
    the same moment (the unique index decides; the session must then be rolled back). Title
    and text are stored trimmed and with Unix line ends, as the editor shows them.
    """
    title, body = text.title.strip(), text.body.replace("\r\n", "\n").strip()
    if text.kind not in TEMPLATE_KINDS:
        raise TemplateError(f"unknown template kind {text.kind!r}")
    if not title or not body:
        raise TemplateError("a template needs a title and a text")
    if unknown_placeholders(body):
        raise TemplateError(f"unknown placeholders: {', '.join(unknown_placeholders(body))}")
    if title_taken(session, text.kind, text.language, title, row.id if row else None):
        raise TitleTakenError(f"{text.kind}/{text.language}: the title {title!r} is taken")
    if row is None:
        row = AnswerTemplate()
        session.add(row)
    row.kind, row.language, row.title, row.body = text.kind, text.language, title, body
    row.updated_by_id = user.id if user else None
    row.updated_at = now or utcnow()
    try:
        session.flush()
    except IntegrityError as exc:  # the same title saved at the same moment by someone else
        raise TitleTakenError(f"{text.kind}/{text.language}: the title {title!r} is taken") from exc
    audit.record(session, user, "template_save", detail=f"{row.kind}/{row.language}")
    return row


def delete_template(session: Session, row: AnswerTemplate, user: User | None) -> None:
    """Delete an officer's template, audited; the caller commits."""
    audit.record(session, user, "template_delete", detail=f"{row.kind}/{row.language}")
    session.delete(row)


# --- placeholders --------------------------------------------------------------------------

PLACEHOLDERS: dict[str, str] = {
    "anrede": "Anrede mit Namen, falls bekannt, z. B. „Guten Tag Erika Beispiel,“",
    "name": "Name des Absenders (leer, falls nicht angegeben)",
    "eingangsdatum": "Datum des Eingangs der Nachricht",
    "datum": "heutiges Datum",
    "geschaeftsstelle": "die Geschäftsstelle, um die es geht",
    "absender": "Name des Jobcenters (Einstellung OPERATOR_NAME)",
    "kontakt": "E-Mail-Adresse für Rückfragen (Einstellung OPERATOR_EMAIL)",
    "zustaendige_stelle": "Stelle, an die eine Nicht-KRM-Reaktion abgegeben wurde",
}


# The salutation `{anrede}` in each language of the answer: with the sender's name, and without.
GREETINGS: dict[str, tuple[str, str]] = {
    "de": ("Guten Tag {name},", "Guten Tag,"),
    "de-x-ls": ("Guten Tag {name},", "Guten Tag,"),
    "en": ("Dear {name},", "Hello,"),
    "uk": ("Шановна/Шановний {name},", "Добрий день!"),
    "ru": ("Уважаемая/Уважаемый {name},", "Здравствуйте!"),
    "ar": ("السيد/السيدة {name} المحترم/المحترمة،", "مرحباً،"),
    "fa": ("{name} گرامی،", "با سلام،"),
    "tr": ("Sayın {name},", "Merhaba,"),
}


def language_of(case: Case) -> str:
    """The sender's language if we offer it, else German."""
    return case.language if case.language in languages.LANGUAGES else languages.DEFAULT


def _long_date(day: date, language: str) -> str:
    """ "12. März 2026" / "12 March 2026" (Babel's data, no process locale involved)."""
    return str(babel_dates.format_date(day, format="long", locale=languages.babel_locale(language)))


def values_for(
    case: Case, config: Mapping[str, Any], *, today: date, language: str | None = None
) -> dict[str, str]:
    """What each placeholder stands for in this case, in the text's language."""
    language = language if language in languages.LANGUAGES else language_of(case)
    name = (case.contact.name.strip() if case.contact else "") or ""
    with_name, without_name = GREETINGS.get(language, GREETINGS[languages.DEFAULT])
    greeting = with_name.format(name=name) if name else without_name
    operator = str(config.get("OPERATOR_NAME", ""))
    handoff = rules.NON_KRM_KINDS.get(case.krm_kind or "")
    desk = case.handoff_to or (handoff.destination if handoff else None)
    return {
        "anrede": greeting,
        "name": name,
        "eingangsdatum": _long_date(case.received_on, language),
        "datum": _long_date(today, language),
        "geschaeftsstelle": case.office.name if case.office else operator,
        "absender": operator,
        "kontakt": str(config.get("OPERATOR_EMAIL", "")),
        "zustaendige_stelle": desk or "die zuständige Stelle",
    }


def render(
    body: str,
    case: Case,
    config: Mapping[str, Any],
    *,
    today: date | None = None,
    language: str | None = None,
) -> str:
    """Fill the placeholders of `body` in one pass; unknown placeholders stay as they are.

    `language` is the text's (a German template for an English-speaking sender greets in
    German); default: the sender's. No `str.format`: a template is text written by staff,
    so it may hold any braces, and attribute or index look-ups must never run.
    """
    values = values_for(case, config, today=today or date.today(), language=language)

    def fill(match: re.Match[str]) -> str:
        return values.get(match.group(1), match.group(0))

    return PLACEHOLDER.sub(fill, body.replace("\r\n", "\n"))


def unfinished(text: str) -> list[str]:
    """Parts of a text that still need the officer: ``[[ … ]]`` and unknown placeholders."""
    found = _to_fill_in(text)
    found += [
        match.group(0) for match in PLACEHOLDER.finditer(text) if match.group(1) not in PLACEHOLDERS
    ]
    return found


def _to_fill_in(text: str) -> list[str]:
    """Every ``[[ … ]]`` slot, the shortest from each opening on, found in linear time.

    The regular expression ``\\[\\[.*?\\]\\]`` tried a lazy scan from every ``[[``: a pasted
    text of 20,000 brackets cost seconds. Two `str.find` calls per slot cannot.
    """
    found: list[str] = []
    start = text.find(TO_FILL_IN_OPEN)
    while start != -1:
        end = text.find(TO_FILL_IN_CLOSE, start + len(TO_FILL_IN_OPEN))
        if end == -1:  # no closing brackets further on: no later opening can close either
            break
        end += len(TO_FILL_IN_CLOSE)
        found.append(text[start:end])
        start = text.find(TO_FILL_IN_OPEN, end)
    return found


# --- channels and sending ------------------------------------------------------------------


def channels_for(case: Case) -> list[str]:
    """How this sender can be answered: e-mail, letter, call back, receipt page; or not at all.

    Google reviews are answered publicly on Google (the review reply), not here.
    """
    found = []
    contact = case.contact
    if contact is not None and contact.email.strip():
        found.append("email")
    if contact is not None and contact.postal_address.strip():
        found.append("letter")
    if contact is not None and (contact.phone or "").strip():
        found.append("phone")
    if case.receipt_hash is not None:
        found.append("receipt")
    return found


def channels_for_purpose(case: Case, purpose: str) -> list[str]:
    """The channels of `channels_for` that fit a purpose (the status page: final only)."""
    return [c for c in channels_for(case) if purpose == "final" or c != "receipt"]


def subject_for(case: Case, purpose: str) -> str:
    """The subject line of the mail or letter, in the sender's language."""
    with force_locale(languages.babel_locale(language_of(case))):
        received = format_date(case.received_on, "medium")
        if purpose == "acknowledgement":
            return str(_("Eingangsbestätigung zu Ihrer Nachricht vom %(date)s", date=received))
        if purpose == "interim":
            return str(_("Zwischennachricht zu Ihrer Nachricht vom %(date)s", date=received))
        return str(_("Antwort auf Ihre Nachricht vom %(date)s", date=received))


def send(
    session: Session,
    case: Case,
    user: User | None,
    *,
    text: str,
    channel: str,
    purpose: str,
    today: date,
    rule_profile: rules.RuleProfile,
    deliver: mailer.Deliver,
    called_on: date | None = None,
    language: str | None = None,
    original: str | None = None,
) -> None:
    """Send (or record) one message to the sender; the caller commits.

    `language` is the language `text` is written in; `original` the officer's German when
    `text` is a machine-translated draft of it (`intake.answers.translation`). Both are kept
    with a final answer, so the status page shows the German original below the answer; the
    German is not sent (by mail or letter the sender gets `text`).

    The mail goes out through `deliver` (`intake.web.settings.send_mail` in the app) before
    anything changes, so a `mailer.MailError` (raised on) leaves the case as it was. A letter
    is recorded here; the caller hands out its PDF. A call (channel "phone") has already
    happened: `text` is what was said, `called_on` the day, which is the day the milestone
    (answered, acknowledged) is met; the audit event keeps who called and when.
    """
    if purpose not in PURPOSES:
        raise AnswerError(f"unknown purpose {purpose!r}")
    if channel not in channels_for_purpose(case, purpose):
        raise AnswerError(f"channel {channel!r} is not possible for this case and purpose")
    text = text.replace("\r\n", "\n").strip()
    if not text or unfinished(text):
        raise AnswerError("empty or unfinished text")
    language = language if language in languages.LANGUAGES else None
    original = (original or "").replace("\r\n", "\n").strip() or None
    if original is not None and unfinished(original):
        raise AnswerError("unfinished German original")
    if language in (None, languages.DEFAULT, languages.EASY_GERMAN):
        original = None  # a German answer is its own original
    if channel == "email":
        assert case.contact is not None  # channels_for checked it
        deliver(
            mailer.Mail(
                to=case.contact.email.strip(),
                subject=subject_for(case, purpose),
                body=text + "\n",
                purpose="answer",
            )
        )
    detail = channel
    if channel == "phone":
        today = check_call_day(case, called_on, today)
        detail = f"phone {today.isoformat()}"
    audit.record(session, user, AUDIT_ACTION[purpose], case_id=case.id, detail=detail)
    if purpose == "final":
        case.answer = text
        case.answer_channel = channel
        case.answer_language = language
        case.answer_original = original
        cases.advance(session, case, "answered", user, today=today, rule_profile=rule_profile)
    elif purpose == "acknowledgement":
        cases.acknowledge(session, case, user, today=today, rule_profile=rule_profile)


def check_call_day(case: Case, called_on: date | None, today: date) -> date:
    """The day of a recorded call: given, not in the future, not before the case arrived."""
    if called_on is None or called_on > today or called_on < case.received_on:
        raise AnswerError("a call needs its day, between the day of arrival and today")
    return called_on


def call_of(session: Session, case: Case) -> AuditEvent | None:
    """The audit event of the call that answered the case, if a call did (who and when)."""
    if case.answer_channel != "phone":
        return None
    return session.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.case_id == case.id,
            AuditEvent.action == AUDIT_ACTION["final"],
            AuditEvent.detail.startswith("phone"),
        )
        .order_by(AuditEvent.id.desc())
        .limit(1)
    ).first()


# --- the letter ----------------------------------------------------------------------------

_POSTCODE_PLACE = re.compile(r"\b\d{5}\s+([^,\n]+)")


def _place(*addresses: str) -> str:
    """The town of the first address that has a German postcode."""
    for address in addresses:
        match = _POSTCODE_PLACE.search(address or "")
        if match:
            return match.group(1).strip()
    return ""


def _address_lines(address: str) -> list[str]:
    """A postal address as lines; a one-line address is split at its commas."""
    lines = [line.strip() for line in address.replace("\r\n", "\n").split("\n") if line.strip()]
    if len(lines) == 1 and "," in lines[0]:
        lines = [part.strip() for part in lines[0].split(",") if part.strip()]
    return lines


def letter_spec(
    case: Case, config: Mapping[str, Any], *, text: str, purpose: str, today: date
) -> LetterSpec:
    """The letter to the sender's postal address (AnswerError if there is none)."""
    contact = case.contact
    if contact is None or not contact.postal_address.strip():
        raise AnswerError("no postal address")
    operator = str(config.get("OPERATOR_NAME", ""))
    operator_address = str(config.get("OPERATOR_ADDRESS", ""))
    office = case.office
    sender = [operator]
    if office is not None and office.name and office.name != operator:
        sender.append(office.name)
    sender.append(office.address if office is not None and office.address else operator_address)
    recipient = [contact.name.strip(), *_address_lines(contact.postal_address)]
    with force_locale(languages.babel_locale(language_of(case))):
        place = _place(office.address if office else "", operator_address)
        day = format_date(today, "long")
        page_label = str(_("Seite {page} von {pages}"))
    return LetterSpec(
        sender_lines=tuple(line for line in sender if line),
        recipient_lines=tuple(line for line in recipient if line),
        place_and_date=f"{place}, {day}" if place else str(day),
        subject=subject_for(case, purpose),
        body=text,
        page_label=page_label,
        metadata_author=operator,
    )


def default_text(
    session: Session, case: Case, purpose: str, config: Mapping[str, Any], *, today: date
) -> str:
    """The first fitting template, filled in (for the acknowledgement letter's PDF)."""
    choices = choices_for(session, case, purpose)
    if not choices:
        return ""
    return render(choices[0].body, case, config, today=today, language=choices[0].language)
