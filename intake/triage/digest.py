"""Staff digests: one mail a day per staff member with something to do, counts and links only.

`flask --app intake digest send` (a daily timer, see docs/operations.md) builds, for every
active staff member, the sections of their role:

| role | sections |
|---|---|
| officer, admin | new, overdue, due within 2 working days, interim message due; Google reviews |
| officer | the next KRM report, from 10 working days before its due date |
| management | open high-risk cases |
| anti_corruption | open cases with a corruption hint (restricted) |
| team_lead | forwarded cases of their office awaiting a statement |

What a digest may contain: case ids with links to the case page, the office code, dates,
the name of a deadline, the hint flags' labels, a star rating. What it never contains: a
reaction's text or answer, contact data, a reviewer's name, or any staff member's name
(there is no greeting by name; the recipient's address is only the envelope's `To`).
Which cases count follows `intake.triage.cases.visible`: restricted cases only for the
anti-corruption role, a team lead only their own office's forwarded cases. Spam never
counts. Staff with nothing to report get no mail.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask_babel import force_locale
from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from intake.labels import DUE_LABELS, FLAG_LABELS, STATE_LABELS
from intake.mailer import Mail, MailError
from intake.models import Case, GoogleReview, ReportVersion, User
from intake.roles import ROLE_LABELS, Role
from intake.triage import cases, deadlines, rules, workflow

log = logging.getLogger(__name__)

CASE_PATH = "/staff/cases/{id}"
START_PATH = "/staff/"
REPORT_PATH = "/staff/reports?period={period}"
REPORT_REMINDER_WORKING_DAYS = 10  # the reminder starts this many working days before the date
LINK_LIMIT = 25  # links per section; the rest are counted
DUE_SOON_WORKING_DAYS = 2
# next_due_on within this many calendar days may be due within the working days above or
# need an interim message (2 working days reach at most 6 calendar days around Easter)
HORIZON = timedelta(days=14)
DIGEST_ROLES = (Role.OFFICER, Role.ADMIN, Role.MANAGEMENT, Role.ANTI_CORRUPTION, Role.TEAM_LEAD)


@dataclass(frozen=True)
class Entry:
    """One case in a section: its id and a line without any text of the case."""

    case_id: int
    detail: str


@dataclass(frozen=True)
class Section:
    """A heading, how many cases it has, and the first `LINK_LIMIT` of them."""

    title: str
    count: int
    entries: tuple[Entry, ...]
    notes: tuple[str, ...] = ()  # lines about no case (the report reminder), printed as they are
    link: str = ""  # a page of the back office the notes point to (a path)


@dataclass(frozen=True)
class Digest:
    """What one staff member is told."""

    to: str
    role: str
    today: date
    sections: tuple[Section, ...]

    @property
    def empty(self) -> bool:
        """Nothing to report: no mail."""
        return not self.sections


@dataclass(frozen=True)
class DigestRun:
    """Counts of one `send_all`."""

    sent: int
    nothing_to_report: int
    failed: int


def _day(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else "–"


def _office(case: Case) -> str:
    return case.office.code if case.office is not None else "ohne Geschäftsstelle"


def _label(labels: Mapping[str, object], key: str) -> str:
    """A label in German (the staff's language), outside requests too."""
    with force_locale("de"):
        return str(labels.get(key, key))


def _due_label(name: str | None) -> str:
    return _label(DUE_LABELS, name) if name else "Frist"


def _open() -> tuple[ColumnElement[bool], ...]:
    return (
        Case.status.in_(sorted(workflow.OPEN_STATES)),
        Case.is_spam.is_(False),
    )


def _section(
    session: Session,
    title: str,
    query: Select[Any],
    detail: Callable[[Case], str],
) -> Section | None:
    """A section from a query of visible submissions (counted in SQL, first rows listed)."""
    count = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    if not count:
        return None
    rows = session.scalars(query.limit(LINK_LIMIT)).unique()
    return Section(title, int(count), tuple(Entry(row.id, detail(row)) for row in rows))


def _listed(title: str, found: Sequence[tuple[Case, str]]) -> Section | None:
    if not found:
        return None
    entries = tuple(Entry(case.id, f"{_office(case)} · {text}") for case, text in found)
    return Section(title, len(found), entries[:LINK_LIMIT])


# --------------------------------------------------------------------------- officer, admin


def _new_cases(session: Session, user: User) -> Section | None:
    query = (
        cases.visible(select(Case), user)
        .where(Case.status == "new", Case.is_spam.is_(False))
        .order_by(Case.received_on, Case.id)
    )
    return _section(
        session,
        "Neue Fälle (noch nicht gesichtet)",
        query,
        lambda case: f"{_office(case)} · eingegangen am {_day(case.received_on)}",
    )


def _deadline_sections(
    session: Session, user: User, today: date, profile: rules.RuleProfile
) -> list[Section]:
    """Overdue, due within 2 working days, interim message due (one pass over the cases)."""
    query = (
        cases.visible(select(Case), user)
        .where(
            *_open(),
            Case.next_due_on.is_not(None),
            Case.next_due_on <= today + HORIZON,
        )
        .order_by(Case.next_due_on, Case.id)
    )
    overdue: list[tuple[Case, str]] = []
    soon: list[tuple[Case, str]] = []
    interim: list[tuple[Case, str]] = []
    for case in session.scalars(query).unique():
        due_on = case.next_due_on
        assert due_on is not None  # narrowed by the query
        label = _due_label(case.next_due_name)
        state = cases.state_of(session, case, profile)
        if due_on < today:
            overdue.append((case, f"{label} fällig seit {_day(due_on)}"))
        elif due_on <= deadlines.working_days_after(today, DUE_SOON_WORKING_DAYS, state):
            soon.append((case, f"{label} fällig am {_day(due_on)}"))
        reminders = [
            s.due for s in cases.due_states(session, case, profile, today=today) if s.remind
        ]
        if reminders:
            first = min(reminders, key=lambda due: (due.due_on, due.name))
            note = f"Zwischennachricht zu: {_due_label(first.name)} (fällig {_day(first.due_on)})"
            interim.append((case, note))
    sections = [
        _listed("Überfällige Fälle", overdue),
        _listed(f"Fällig in den nächsten {DUE_SOON_WORKING_DAYS} Arbeitstagen", soon),
        _listed("Zwischennachricht fällig", interim),
    ]
    return [section for section in sections if section is not None]


def _unanswered_reviews(session: Session, user: User) -> Section | None:
    query = (
        cases.visible(select(Case), user)
        .join(GoogleReview, GoogleReview.case_id == Case.id)
        .where(
            GoogleReview.reply_comment.is_(None),
            GoogleReview.deleted.is_(False),
            Case.is_spam.is_(False),
            Case.status.not_in(sorted(workflow.ENDED_STATES)),
        )
        .order_by(Case.received_on, Case.id)
    )
    return _section(
        session,
        "Unbeantwortete Google-Rezensionen",
        query,
        lambda case: (
            f"{_office(case)} · {case.rating or '?'} Sterne · vom {_day(case.received_on)}"
        ),
    )


def report_reminder(
    profile: rules.RuleProfile, today: date, session: Session | None = None
) -> Section | None:
    """The section "KRM-Bericht fällig", from 10 working days before a report's date to the day.

    The period is named as `intake.reports.services.Period` keys it ("2026-Q4", "2026"), from
    `rules.report_period`, so that the link opens the report page on it. With a `session`,
    no reminder once a final version of that period exists (handed in early).
    """
    due_on = min(
        day
        for year in (today.year, today.year + 1)
        for day in rules.report_due_dates(profile, year)
        if day >= today
    )
    if due_on > deadlines.working_days_after(today, REPORT_REMINDER_WORKING_DAYS, profile.state):
        return None
    start, _end = rules.report_period(profile, due_on)
    if profile.report_period == "year":
        key, name, covered = str(start.year), "Jahresbericht", f"das Jahr {start.year}"
    else:
        quarter = (start.month - 1) // 3 + 1
        key, name = f"{start.year}-Q{quarter}", "Quartalsbericht"
        covered = f"das {quarter}. Quartal {start.year}"
    if session is not None and _finalised(session, key):
        return None
    when = "heute" if due_on == today else f"am {_day(due_on)}"
    return Section(
        "KRM-Bericht fällig",
        0,
        (),
        notes=(f"Der {name} über {covered} ist {when} fällig ({profile.report_rule}).",),
        link=REPORT_PATH.format(period=key),
    )


def _finalised(session: Session, period_key: str) -> bool:
    """Whether the period's report has a final version (`intake.reports.documents.FINAL`;
    the triage layer reads the table, it does not import the reports package)."""
    found = session.scalar(
        select(ReportVersion.id)
        .where(ReportVersion.period == period_key, ReportVersion.status == "final")
        .limit(1)
    )
    return found is not None


def _officer(
    session: Session, user: User, today: date, profile: rules.RuleProfile
) -> list[Section | None]:
    return [
        _new_cases(session, user),
        *_deadline_sections(session, user, today, profile),
        _unanswered_reviews(session, user),
        report_reminder(profile, today, session) if user.role == Role.OFFICER else None,
    ]


# --------------------------------------------------------------------------- other roles


def _flags(case: Case) -> str:
    labels = [_label(FLAG_LABELS, name) for name in case.flag_names]
    return ", ".join(labels) if labels else "ohne Hinweis"


def _high_risk(
    session: Session, user: User, today: date, profile: rules.RuleProfile
) -> list[Section | None]:
    query = (
        cases.visible(select(Case), user)
        .where(*_open(), Case.high_risk.is_(True))
        .order_by(Case.received_on, Case.id)
    )
    return [
        _section(
            session,
            "Offene Fälle mit hohem Risiko",
            query,
            lambda case: (
                f"{_office(case)} · {_flags(case)} · eingegangen am {_day(case.received_on)}"
            ),
        )
    ]


def _restricted(
    session: Session, user: User, today: date, profile: rules.RuleProfile
) -> list[Section | None]:
    query = (
        cases.visible(select(Case), user)
        .where(*_open(), Case.restricted.is_(True))
        .order_by(Case.received_on, Case.id)
    )

    def detail(case: Case) -> str:
        due = ""
        if case.next_due_on is not None:
            late = " (überfällig)" if case.next_due_on < today else ""
            due = f" · {_due_label(case.next_due_name)} fällig am {_day(case.next_due_on)}{late}"
        state = _label(STATE_LABELS, case.status)
        return f"{_office(case)} · {state}{due}"

    return [_section(session, "Offene Fälle mit Korruptionshinweis", query, detail)]


def _awaiting_statement(
    session: Session, user: User, today: date, profile: rules.RuleProfile
) -> list[Section | None]:
    if user.office_id is None:
        return []  # a team lead without an office sees no case
    query = (
        cases.visible(select(Case), user)
        .where(Case.status == "forwarded", Case.is_spam.is_(False))
        .order_by(Case.forwarded_on, Case.id)
    )
    return [
        _section(
            session,
            "Weitergeleitete Fälle, die auf Ihre Stellungnahme warten",
            query,
            lambda case: f"{_office(case)} · weitergeleitet am {_day(case.forwarded_on)}",
        )
    ]


Builder = Callable[[Session, User, date, rules.RuleProfile], list[Section | None]]
SECTIONS_BY_ROLE: dict[str, Builder] = {
    Role.OFFICER: _officer,
    Role.ADMIN: _officer,
    Role.MANAGEMENT: _high_risk,
    Role.ANTI_CORRUPTION: _restricted,
    Role.TEAM_LEAD: _awaiting_statement,
}


# --------------------------------------------------------------------------- public API


def build(session: Session, user: User, *, today: date, rule_profile: rules.RuleProfile) -> Digest:
    """The digest of one staff member (empty for roles without sections)."""
    builder = SECTIONS_BY_ROLE.get(user.role)
    found = builder(session, user, today, rule_profile) if builder else []
    sections = tuple(section for section in found if section is not None)
    return Digest(to=user.email, role=user.role, today=today, sections=sections)


def recipients(session: Session) -> list[User]:
    """Active staff whose role gets a digest."""
    return list(
        session.scalars(
            select(User).where(User.active.is_(True), User.role.in_(DIGEST_ROLES)).order_by(User.id)
        )
    )


def compose(digest: Digest, base_url: str) -> Mail:
    """The mail: a heading per section, then one line and one link per case.

    `base_url` is the public address the links start with (setting PUBLIC_BASE_URL).
    """
    base = base_url.rstrip("/")
    total = sum(section.count for section in digest.sections)
    role = ROLE_LABELS.get(digest.role, digest.role)
    lines = [
        "Guten Tag,",
        "",
        f"Ihre Übersicht vom {_day(digest.today)} ({role}):",
    ]
    for section in digest.sections:
        if section.notes:
            lines += ["", section.title, *section.notes]
            if section.link:
                lines.append(f"  {base}{section.link}")
            continue
        lines += ["", f"{section.title}: {section.count}"]
        for entry in section.entries:
            lines.append(f"- Fall {entry.case_id} · {entry.detail}")
            lines.append(f"  {base}{CASE_PATH.format(id=entry.case_id)}")
        if section.count > len(section.entries):
            rest = section.count - len(section.entries)
            lines.append(f"- … und {rest} weitere: {base}{START_PATH}")
    lines += [
        "",
        "Diese Nachricht enthält keine Texte und keine Kontaktdaten; "
        "alles Weitere sehen Sie nach der Anmeldung.",
        "",
        "-- ",
        "Meinungskarte (automatische Nachricht)",
    ]
    subject = f"Meinungskarte: Ihre Übersicht vom {_day(digest.today)} ({total})"
    return Mail(to=digest.to, subject=subject, body="\n".join(lines) + "\n", purpose="digest")


def send_all(
    session: Session,
    *,
    today: date,
    deliver: Callable[[Mail], None],
    rule_profile: rules.RuleProfile,
    base_url: str,
    users: Iterable[User] | None = None,
) -> DigestRun:
    """Build and deliver every digest; a failed delivery does not stop the others.

    `deliver` raises `intake.mailer.MailError` (or OSError) on failure.
    """
    sent = empty = failed = 0
    for user in recipients(session) if users is None else users:
        digest = build(session, user, today=today, rule_profile=rule_profile)
        if digest.empty:
            empty += 1
            continue
        try:
            deliver(compose(digest, base_url))
        except (MailError, OSError):
            failed += 1
            continue
        sent += 1
    log.info(
        "digest: %d mails sent, %d staff with nothing to report, %d failed", sent, empty, failed
    )
    return DigestRun(sent=sent, nothing_to_report=empty, failed=failed)
