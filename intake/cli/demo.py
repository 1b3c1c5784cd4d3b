"""Demo data for `scripts/serve`: offices, one login per role and a few cases to triage."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from intake.accounts import services as auth
from intake.accounts import totp
from intake.models import Case, Office, User, utcnow
from intake.offices import services as offices
from intake.reception import services as reception
from intake.roles import Role
from intake.web import settings

DEMO_OFFICES = (
    offices.OfficeRow("DIEZ", "Geschäftsstelle Diez", "RP", "Schloßberg 2, 65582 Diez"),
    offices.OfficeRow("EMS", "Geschäftsstelle Bad Ems", "RP", "Bleichstraße 5, 56130 Bad Ems"),
    offices.OfficeRow("LAHN", "Geschäftsstelle Lahnstein", "RP", "Hochstraße 40, 56112 Lahnstein"),
    offices.OfficeRow(
        "NK", "Jobcenter Neukölln, Sonnenallee", "BE", "Sonnenallee 262, 12057 Berlin"
    ),
)
DEMO_OFFICER = "officer@example.org"
# One login per role (all share the printed password); the team lead belongs to DIEZ.
DEMO_USERS = (
    (DEMO_OFFICER, Role.OFFICER),
    ("teamleitung.diez@example.org", Role.TEAM_LEAD),
    ("geschaeftsfuehrung@example.org", Role.MANAGEMENT),
    ("antikorruption@example.org", Role.ANTI_CORRUPTION),
    ("service@example.org", Role.SERVICE),
    ("admin@example.org", Role.ADMIN),
)
# DEMO ONLY, public in the source code: the second factor of every demo login, so that a
# newcomer needs no phone (`flask --app intake users demo-code` prints the current code).
# Real accounts enrol their own random secret at their first login.
DEMO_TOTP_SECRET = "DEMODEMODEMODEMOMEINUNGSKARTE234"  # noqa: S105 - demo only, see above
# (days ago, office, channel, sender kind, text, contact)
DEMO_CASES: tuple[tuple[int, str, str, str, str, dict[str, str] | None], ...] = (
    (1, "DIEZ", "qr_card", "praise", "Frau an der Info war sehr freundlich, danke!", None),
    (
        2,
        "EMS",
        "letter",
        "complaint",
        "Ich warte seit sechs Wochen auf meinen Bescheid. Das ist nicht in Ordnung.",
        {
            "name": "Erika Muster",
            "postal_address": "Musterweg 1\n56130 Bad Ems",
            "preferred": "post",
        },
    ),
    (
        9,
        "DIEZ",
        "email",
        "complaint",
        "Der Sachbearbeiter hat mich angeschrien. Wenn das nicht aufhört, gehe ich zur Zeitung.",
        {"email": "max.beispiel@example.net", "preferred": "email"},
    ),
    (3, "LAHN", "homepage", "idea", "Eine Kinderecke im Wartebereich wäre schön.", None),
    (
        5,
        "DIEZ",
        "phone",
        "complaint",
        "Hiermit lege ich Widerspruch gegen den Bescheid vom letzten Monat ein.",
        {"phone": "02603 123456", "preferred": "phone"},
    ),
    (
        4,
        "EMS",
        "third_party",
        "complaint",
        "Folgeticket des Service Centers: Rückruf wurde nicht erledigt.",
        None,
    ),
    (
        6,
        "DIEZ",
        "letter",
        "complaint",
        "Ein Mitarbeiter hat angedeutet, gegen Geld ginge es schneller. Das ist Bestechung.",
        {
            "name": "Anonym bleiben möchte ich nicht",
            "postal_address": "Postfach 1, 65582 Diez",
            "preferred": "post",
        },
    ),
)


def load(session: Session) -> tuple[int, tuple[str, str] | None]:
    """Add demo offices, users and cases where missing; return the officer's new login."""
    created = 0
    if not session.scalar(select(func.count()).select_from(Office)):
        created, _updated = offices.upsert_many(session, DEMO_OFFICES)
        session.commit()
    if session.scalar(select(User.id).where(User.email == DEMO_OFFICER)) is not None:
        return created, None
    password = "-".join(secrets.token_hex(3) for _ in range(3))
    office_ids: dict[str, int] = dict(session.execute(select(Office.code, Office.id)).all())
    for email, role in DEMO_USERS:
        user = auth.create_user(session, email, role, password)
        if role == Role.TEAM_LEAD:
            user.office_id = office_ids.get("DIEZ")
        if role in totp.REQUIRED_ROLES:
            totp.enrol(session, user, DEMO_TOTP_SECRET, utcnow())
    session.commit()
    _cases(session, office_ids)
    return created, (DEMO_OFFICER, password)


def has_demo_accounts(session: Session) -> bool:
    """Whether demo logins with the demo second factor exist (`users demo-code` needs them)."""
    emails = [email for email, _role in DEMO_USERS]
    found = session.scalar(
        select(User.id).where(User.email.in_(emails), User.totp_secret == DEMO_TOTP_SECRET)
    )
    return found is not None


# Reactions in the customers' languages: (days ago, office, channel, kind, text, language).
# The Ukrainian one names the press and corruption, so the demo shows it reaching the
# anti-corruption officer with its reasons glossed in German.
DEMO_CASES_IN_OTHER_LANGUAGES: tuple[tuple[int, str, str, str, str, str], ...] = (
    (1, "DIEZ", "qr_card", "complaint", "Я піду до газети, це корупція.", "uk"),
    (2, "EMS", "homepage", "praise", "الموظفة كانت لطيفة جدا وساعدتني كثيرا.", "ar"),
    (3, "LAHN", "qr_poster", "complaint", "هیچ کس به ایمیل من جواب نداد.", "fa"),
    (4, "DIEZ", "qr_card", "idea", "Bekleme salonunda su olsa iyi olur.", "tr"),
)


def _cases(session: Session, office_ids: dict[str, int]) -> None:
    if session.scalar(select(func.count()).select_from(Case)):
        return
    today, rule_profile = date.today(), settings.rule_profile()
    every = [(*case, "de") for case in DEMO_CASES] + [
        (days_ago, code, channel, kind, text, None, language)
        for days_ago, code, channel, kind, text, language in DEMO_CASES_IN_OTHER_LANGUAGES
    ]
    for days_ago, code, channel, kind, text, contact, language in every:
        reception.record_staff_entry(
            session,
            channel=channel,
            office_id=office_ids.get(code),
            kind=kind,
            text=text,
            received_on=today - timedelta(days=days_ago),
            contact=contact,
            rule_profile=rule_profile,
            language=language,
        )
    session.commit()
