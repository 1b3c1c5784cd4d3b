"""triage legacy cases: hints, flags and the next deadline for cases stored before triage

Cases stored before 0004 have no hints (`hints_version` is NULL): a corruption hint in
an old text would leave the case visible to everyone, and an old open case would be missing
from the due views. Until now `flask --app intake db upgrade` repaired them after every
upgrade (`intake.triage.cases.triage_legacy`); this migration does it once.

A migration must give the same result next year, whatever the app's modules become, so what
it needs is copied here as it stands at this revision: the hint rules (RULES_VERSION
2025.1 of `intake.triage.hints`), `apply_hints`, and the deadline rules of both profiles
(`intake.triage.rules`, `intake.triage.deadlines`) as far as they decide the next deadline.
The holiday calendars come from the `holidays` package, as in the app.

The rule profile is the deployment's RULE_PROFILE, handed over by `flask --app intake db
upgrade` (`intake.database.migrate.upgrade(settings=…)`); without it, the default
`rhein-lahn`. The downgrade keeps the data: it was derived, and 0006's schema has the columns.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-09 09:00:00
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

import holidays
import sqlalchemy as sa
from alembic import context, op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_CHUNK = 500

# --- the submission table as this migration reads and writes it --------------------------

submission = sa.table(
    "submission",
    sa.column("id", sa.BigInteger),
    sa.column("office_id", sa.Integer),
    sa.column("channel", sa.String),
    sa.column("kind", sa.String),
    sa.column("text", sa.Text),
    sa.column("received_on", sa.Date),
    sa.column("status", sa.String),
    sa.column("is_spam", sa.Boolean),
    sa.column("answered_on", sa.Date),
    sa.column("contactable", sa.Boolean),
    sa.column("krm_kind", sa.String),
    sa.column("suggested_kind", sa.String),
    sa.column("suggestion_reason", sa.String),
    sa.column("hints_version", sa.String),
    sa.column("flags", sa.String),
    sa.column("flag_reasons", sa.Text),
    sa.column("high_risk", sa.Boolean),
    sa.column("restricted", sa.Boolean),
    sa.column("first_followup_on", sa.Date),
    sa.column("committee_deadline", sa.Date),
    sa.column("acknowledged_on", sa.Date),
    sa.column("forwarded_on", sa.Date),
    sa.column("statement_on", sa.Date),
    sa.column("next_due_on", sa.Date),
    sa.column("next_due_name", sa.String),
)
office = sa.table("office", sa.column("id", sa.Integer), sa.column("state", sa.String))
contact = sa.table("contact", sa.column("submission_id", sa.BigInteger))


def upgrade() -> None:
    settings = context.config.attributes.get("settings") or {}
    key = str(settings.get("RULE_PROFILE") or "rhein-lahn")
    if key not in PROFILES:
        raise ValueError(f"unknown rule profile {key!r}; known: {', '.join(PROFILES)}")
    profile = PROFILES[key]
    bind = op.get_bind()
    done = without_deadline = 0
    while True:
        rows = bind.execute(_legacy_rows()).mappings().all()
        if not rows:
            break
        changes = []
        for row in rows:
            change, judged = _triaged(row, profile)
            without_deadline += not judged
            changes.append(change)
        bind.execute(_update(), changes)
        done += len(changes)
    if done:
        context.config.print_stdout(f"hints and deadlines added to {done} earlier cases")
    if without_deadline:
        context.config.print_stdout(
            f"{without_deadline} of them have no deadline: the KRM rules do not know their "
            "channel, kind or federal state"
        )


def downgrade() -> None:
    """Nothing to undo: the hints and deadlines fit 0006's schema as well."""


def _legacy_rows() -> sa.Select[tuple[object, ...]]:
    has_contact = sa.exists().where(contact.c.submission_id == submission.c.id)
    return (
        sa.select(
            submission, office.c.state.label("office_state"), has_contact.label("has_contact")
        )
        .select_from(submission.outerjoin(office, office.c.id == submission.c.office_id))
        .where(submission.c.hints_version.is_(None))
        .order_by(submission.c.id)
        .limit(_CHUNK)
    )


_WRITTEN = (
    "contactable",
    "suggested_kind",
    "suggestion_reason",
    "hints_version",
    "flags",
    "flag_reasons",
    "high_risk",
    "restricted",
    "next_due_on",
    "next_due_name",
)


def _update() -> sa.Update:
    return (
        sa.update(submission)
        .where(submission.c.id == sa.bindparam("row_id"))
        .values({name: sa.bindparam(f"new_{name}") for name in _WRITTEN})
    )


def _triaged(row: sa.RowMapping, profile: _Profile) -> tuple[dict[str, object], bool]:
    """What triage_legacy stored (contactable, apply_hints, refresh_due); False: no rules fit."""
    case = dict(row)
    case["contactable"] = bool(row["has_contact"])
    _apply_hints(case)
    judged = _refresh_due(case, profile)
    return {"row_id": row["id"]} | {f"new_{name}": case[name] for name in _WRITTEN}, judged


# --- intake.triage.cases at this revision ------------------------------------------------

SENDER_KIND = {"praise": "lob", "idea": "idee", "complaint": "beschwerde"}
CONDUCT_FLAG = "dienstaufsicht"
OPEN_STATES = frozenset(("new", "triaged", "forwarded", "statement"))


def _apply_hints(case: dict[str, object]) -> None:
    kind, reason, flags = _suggest(str(case["text"] or ""))
    conduct = next((f for f in flags if f[0] == CONDUCT_FLAG), None)
    if conduct is not None:
        case["suggested_kind"], case["suggestion_reason"] = "dienstaufsicht", conduct[1]
    elif kind is not None:
        case["suggested_kind"], case["suggestion_reason"] = kind, reason
    elif case["kind"] in SENDER_KIND:
        case["suggested_kind"] = SENDER_KIND[str(case["kind"])]
        case["suggestion_reason"] = "vom Absender gewählt"
    case["hints_version"] = RULES_VERSION
    case["flags"] = ",".join(name for name, _ in flags)
    case["flag_reasons"] = "\n".join(f"{name}: {why}" for name, why in flags)
    names = {name for name, _ in flags}
    case["high_risk"] = bool(case["high_risk"]) or bool(names & HIGH_RISK_FLAGS)
    case["restricted"] = bool(case["restricted"]) or "corruption" in names


def _refresh_due(case: dict[str, object], profile: _Profile) -> bool:
    """Store the earliest unmet deadline of an open case; False if the rules cannot judge it.

    The app raises ValueError for a channel, kind or state it does not know; a migration that
    raised would block the upgrade for one odd old row, so that row just gets no deadline.
    """
    case["next_due_on"] = case["next_due_name"] = None
    if case["status"] not in OPEN_STATES or case["is_spam"]:
        return True
    kind = str(
        case["krm_kind"] or case["suggested_kind"] or SENDER_KIND.get(str(case["kind"]), "lob")
    )
    state = str(case["office_state"] or profile.state)
    channel = str(case["channel"])
    first_followup_on = _maybe_day(case["first_followup_on"])
    received_on = _day(case["received_on"])
    if (
        state not in STATES
        or channel not in CHANNELS
        or kind not in KINDS
        or (
            kind == "folgeticket_2"
            and profile.followup_escalation_working_days is not None
            and first_followup_on is not None
            and first_followup_on > received_on
        )
    ):
        return False
    answered = case["answered_on"]
    met = {
        ACK: case["acknowledged_on"] or answered,
        FORWARD: case["forwarded_on"],
        FOLLOWUP_ANSWER: case["statement_on"] or answered,
        FOLLOWUP_REMEDY: answered,
        FINAL: answered,
        PETITION_STATEMENT: case["statement_on"] or answered,
    }
    dues = _due_dates(
        profile,
        received_on=received_on,
        state=state,
        channel=channel,
        contactable=bool(case["contactable"]),
        kind=kind,
        first_followup_on=first_followup_on,
        committee_deadline=_maybe_day(case["committee_deadline"]),
    )
    pending = [(due_on, name) for name, due_on in dues if met.get(name) is None]
    if pending:
        case["next_due_on"], case["next_due_name"] = min(pending)
    return True


def _day(value: object) -> date:
    assert isinstance(value, date)
    return value


def _maybe_day(value: object) -> date | None:
    return None if value is None else _day(value)


# --- intake.triage.rules at this revision (what decides a deadline's name and date) ------

CHANNELS = frozenset(
    (
        "homepage",
        "embed",
        "office_link",
        "qr_card",
        "qr_poster",
        "paper_card",
        "phone",
        "in_person",
        "letter",
        "email",
        "third_party",
        "google",
    )
)
WEB_CHANNELS = frozenset(("homepage", "embed", "office_link", "qr_card", "qr_poster"))
CARD_CHANNELS = WEB_CHANNELS | {"paper_card"}
REPLY_WITHOUT_CONTACT = WEB_CHANNELS | {"google"}
SPOKEN_CHANNELS = frozenset(("phone", "in_person"))
KRM_KINDS = frozenset(
    (
        "lob",
        "idee",
        "beschwerde",
        "dienstaufsicht",
        "eingabe",
        "petition",
        "folgeticket_1",
        "folgeticket_2",
    )
)
NON_KRM_KINDS = frozenset(
    (
        "widerspruch",
        "fachliche_anfrage",
        "ifg",
        "datenschutz",
        "leistungsmissbrauch",
        "ohne_substanz",
    )
)
KINDS = KRM_KINDS | NON_KRM_KINDS
COMPLAINT_KINDS = frozenset(("beschwerde", "dienstaufsicht", "folgeticket_1", "folgeticket_2"))
PETITION_KINDS = frozenset(("petition", "eingabe"))

ACK = "eingangsbestaetigung"
FINAL = "abschluss"
FORWARD = "weiterleitung_teamleitung"
FOLLOWUP_ANSWER = "antwort_2_folgeticket"
FOLLOWUP_REMEDY = "abhilfe_vor_2_folgeticket"
PETITION_STATEMENT = "stellungnahme_petition"


class _Profile(NamedTuple):  # not a dataclass: Alembic loads this file outside sys.modules
    state: str
    ack_working_days: int
    ack_kinds: frozenset[str]
    ack_channels: frozenset[str]
    ack_exempt_anonymous_cards: bool
    petition_lead_days: int | None
    final_calendar_days: int | None = None
    final_kinds: frozenset[str] = frozenset()
    forward_working_days: int | None = None
    forward_kinds: frozenset[str] = frozenset()
    followup_answer_working_days: int | None = None
    followup_escalation_working_days: int | None = None


PROFILES = {
    "rhein-lahn": _Profile(
        state="RP",
        ack_working_days=3,
        ack_kinds=COMPLAINT_KINDS,
        ack_channels=CHANNELS - SPOKEN_CHANNELS,
        ack_exempt_anonymous_cards=False,
        final_calendar_days=14,
        final_kinds=COMPLAINT_KINDS,
        petition_lead_days=14,
    ),
    "neukoelln": _Profile(
        state="BE",
        ack_working_days=3,
        ack_kinds=KRM_KINDS - PETITION_KINDS,
        ack_channels=CHANNELS,
        ack_exempt_anonymous_cards=True,
        forward_working_days=10,
        forward_kinds=(COMPLAINT_KINDS | PETITION_KINDS) - {"folgeticket_2"},
        followup_answer_working_days=5,
        followup_escalation_working_days=10,
        petition_lead_days=14,
    ),
}


def _due_dates(
    profile: _Profile,
    *,
    received_on: date,
    state: str,
    channel: str,
    contactable: bool,
    kind: str,
    first_followup_on: date | None,
    committee_deadline: date | None,
) -> list[tuple[str, date]]:
    """(name, date) of every deadline; none for non-KRM kinds."""
    if kind in NON_KRM_KINDS:
        return []
    second_ticket = kind == "folgeticket_2"
    if second_ticket and first_followup_on is not None:
        limit = profile.followup_escalation_working_days
        if (
            limit is not None
            and _working_days_between(first_followup_on, received_on, state) > limit
        ):
            kind = "dienstaufsicht"
    dues: list[tuple[str, date]] = []
    reachable = contactable or (
        channel in REPLY_WITHOUT_CONTACT
        and not (profile.ack_exempt_anonymous_cards and channel in CARD_CHANNELS)
    )
    if kind in profile.ack_kinds and channel in profile.ack_channels and reachable:
        dues.append((ACK, _working_days_after(received_on, profile.ack_working_days, state)))
    if profile.final_calendar_days is not None and kind in profile.final_kinds:
        day = received_on + timedelta(days=profile.final_calendar_days)
        dues.append((FINAL, _working_day_on_or_before(day, state)))
    forward = profile.forward_working_days
    if forward is not None and kind in profile.forward_kinds and not second_ticket:
        dues.append((FORWARD, _working_days_after(received_on, forward, state)))
    if second_ticket and profile.followup_answer_working_days is not None:
        days = profile.followup_answer_working_days
        dues.append((FOLLOWUP_ANSWER, _working_days_after(received_on, days, state)))
    if kind == "folgeticket_1" and profile.followup_escalation_working_days is not None:
        days = profile.followup_escalation_working_days
        dues.append((FOLLOWUP_REMEDY, _working_days_after(received_on, days, state)))
    if (
        kind in PETITION_KINDS
        and committee_deadline is not None
        and profile.petition_lead_days is not None
    ):
        day = committee_deadline - timedelta(days=profile.petition_lead_days)
        dues.append((PETITION_STATEMENT, _working_day_on_or_before(day, state)))
    return dues


# --- intake.triage.deadlines at this revision ---------------------------------------------

STATES = frozenset(
    ("BB", "BE", "BW", "BY", "HB", "HE", "HH", "MV", "NI", "NW", "RP", "SH", "SL", "SN", "ST", "TH")
)
_ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=512)
def _public_holidays(state: str, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("DE", subdiv=state, years=year))


def _is_working_day(day: date, state: str) -> bool:
    return day.weekday() < 5 and day not in _public_holidays(state, day.year)


def _working_days_after(start: date, n: int, state: str) -> date:
    day = start
    while n:
        day += _ONE_DAY
        if _is_working_day(day, state):
            n -= 1
    return day


def _working_day_on_or_before(day: date, state: str) -> date:
    while not _is_working_day(day, state):
        day -= _ONE_DAY
    return day


def _working_days_between(start: date, end: date, state: str) -> int:
    if end < start:
        raise ValueError(f"end {end.isoformat()} lies before start {start.isoformat()}")
    count, day = 0, start + _ONE_DAY
    while day <= end:
        count += _is_working_day(day, state)
        day += _ONE_DAY
    return count


# --- intake.triage.hints at this revision (RULES_VERSION 2025.1) ----------------------------
# The table and the linear-time matcher, unchanged but for plain tuples instead of classes:
# (role, name, patterns, negatable).

RULES_VERSION = "2025.1"

_PERSON = r"(?:herrn?|frau|\w*sachbearbeiter\w*|mitarbeiter\w*|fallmanager\w*|\w*vermittler\w*)"
_CONDUCT = (
    r"(?:unfreundlich\w*|unhöflich\w*|respektlos\w*|frech\w*|herablassend\w*|arrogant\w*"
    r"|beleidig\w*|angeschrien|angebrüllt|angeschnauzt|anschrei\w*|unverschämt\w*"
    r"|ungebührlich\w*|rassist\w*|diskriminier\w*|schikan\w*|nicht\s+(?:sehr\s+)?"
    r"(?:freundlich|höflich|respektvoll))"
)
_THANKS_FOR = (
    r"\s+für\s+(?:\w+\s+){0,3}?(?:hilfe|unterstützung|beratung|geduld|freundlichkeit|mühe)"
)

# fmt: off
RULES: tuple[tuple[str, str, tuple[str, ...], bool], ...] = (
    ("kind", "dienstaufsicht", (r"dienstaufsicht\w*",), False),
    ("flag", "dienstaufsicht", (
        r"dienstaufsicht\w*",
        _PERSON + r"[^.!?\n]{0,80}?(?<!\w)(?P<w>" + _CONDUCT + ")",
        r"(?P<w>" + _CONDUCT + r")[^.!?\n]{0,40}?(?<!\w)(?:herrn?|frau)\s+\w+",
    ), False),
    ("flag", "petition", (
        r"petition\w*", r"bürgerbeauftragt\w*", r"bundestag\w*", r"landtag\w*",
        r"abgeordnet\w*",
    ), False),
    ("kind", "eingabe", (
        r"bmas", r"\w*ministerium\w*", r"\w*minister(?:in|s)?", r"senatsverwaltung\w*",
    ), False),
    ("flag", "widerspruch", (
        r"widerspr(?:uch|üch)(?!lich)(?!\w*frei)\w*", r"widersprech\w*", r"widersproch\w*",
        r"einspruch\w*", r"klage\w*", r"verklag\w*", r"einklag\w*", r"\w*sozialgericht\w*",
        r"(?:vor|zum|ans|beim)\s+gericht", r"rechtsbehelf\w*", r"rechtsmittel\w*",
        r"überprüfungsantrag\w*", r"eilantrag\w*", r"einstweilig\w*\s+(?:anordnung|rechtsschutz)",
    ), False),
    ("flag", "media", (
        r"presse(?!n)\w*", r"\w*zeitung\w*", r"journalist\w*", r"reporter\w*", r"redaktion\w*",
        r"fernseh(?!er\b|ers\b|gerät)\w*", r"medien(?:wirksam\w*|bericht\w*)?", r"massenmedien",
        r"(?:rechts|fach)?anwalt\w*", r"(?:rechts|fach)?anwält\w*",
        r"(?:an\s+die|in\s+die|in\s+der)\s+öffentlichkeit",
        r"(?:öffentlich|publik)\s+(?:zu\s+)?mach\w*",
        r"mach\w*\s+(?:\w+\s+){0,2}?(?:öffentlich|publik)",
        r"ard|zdf|rtl|ndr|rbb|swr|mdr|wdr",
    ), False),
    ("flag", "corruption", (
        r"bestech\w*", r"besticht", r"bestochen\w*", r"schmiergeld\w*", r"korrupt\w*",
        r"vorteilsannahme", r"vorteilsgewährung", r"vetternwirtschaft", r"unter\s+der\s+hand",
        r"zugesteckt", r"geschenk\w*(?:\s+\w+){0,4}?\s+(?:für|gegen)\s+(?:die\s+|eine\s+)?"
        r"(?:bearbeitung|bewilligung|genehmigung|antrag|termin)\w*",
        r"(?:geld|bargeld)(?:\s+\w+){0,3}?\s+(?:verlangt|gefordert|angeboten|zugesteckt)",
        r"gegen\s+(?:\d+\s*)?(?:euro|€|geld|bargeld|bezahlung)\s+(?:\w+\s+){0,3}?"
        r"(?:schneller|sofort|bevorzugt)",
    ), False),
    ("flag", "threat", (
        r"umbring\w*", r"umgebracht", r"umzubringen",
        r"bring\w*\s+(?:sie|dich|euch|ihn|mich)\s+(?:alle\s+)?um",
        r"(?:ge)?töte\w*", r"tötung\w*", r"gewalt(?!ig)\w*", r"\w*waffe(?:n\w*)?",
        r"(?:mir|mich|sich)\s+(?:etwas|was)\s+an(?:zu)?tun",
        r"tu\w*\s+(?:ich\s+)?mir\s+(?:etwas|was)\s+an",
        r"suizid\w*", r"selbstmord\w*", r"nicht\s+mehr\s+leben",
        r"(?:mir|mein)\s+(?:das\s+)?leben\s+(?:zu\s+)?nehmen", r"amok\w*", r"erschieß\w*",
        r"abstech\w*", r"abknall\w*", r"bombe\w*", r"werde\w*\s+(?:es\s+)?bereuen",
    ), False),
    ("kind", "leistungsmissbrauch", (
        r"leistungsmissbrauch\w*", r"sozial(?:leistungs)?betrug\w*", r"schwarzarbeit\w*",
        r"schwarz\s+(?:arbeit\w*|beschäftigt\w*)", r"arbeitet\w*\s+schwarz", r"erschleich\w*",
        r"erschlich\w*", r"zu\s+unrecht\s+(?:\w+\s+){0,2}?(?:leistungen|geld|bürgergeld|bezieh\w*)",
    ), False),
    ("kind", "datenschutz", (
        r"\w*datenschutz\w*", r"ds-?gvo",
        r"meine\w*\s+(?:\w+\s+)?daten\s+(?:\w+\s+){0,3}?"
        r"(?:weitergegeben|weitergeleitet|gelöscht|löschen|offengelegt)",
    ), False),
    ("kind", "ifg", (
        r"informationsfreiheit\w*", r"ifg", r"fragdenstaat\w*", r"interne\w*\s+weisung\w*",
    ), False),
    ("kind", "beschwerde", (
        r"beschwer\w*", r"\w+beschwerde\w*", r"beklag\w*", r"unzufrieden\w*", _CONDUCT,
        r"frechheit",
        r"zumutung", r"skandal\w*", r"katastroph\w*", r"enttäusch\w*", r"(?:ver)?ärger\w*",
        r"unmöglich\w*", r"schlecht\w*", r"untätig\w*", r"nicht\s+erreichbar",
        r"keine\s+(?:antwort|rückmeldung|reaktion)", r"niemand\w*\s+(?:\w+\s+){0,3}?erreich\w*",
        r"warte\w*\s+(?:schon\s+|bereits\s+)*seit",
        r"nicht\s+(?:sehr\s+)?(?:zufrieden|hilfsbereit)",
    ), True),
    ("flag", "idea", (
        r"\w*vorschlag\w*", r"schlag\w*\s+(?:\w+\s+){0,4}?vor", r"anregung\w*", r"idee\w*",
        r"wäre\s+(?:es\s+)?(?:\w+\s+){0,2}?"
        r"(?:schön|gut|toll|hilfreich|besser|sinnvoll|praktisch|super)",
        r"wünschenswert", r"wünsche\w*\s+(?:mir|uns)",
        r"würde\w*\s+(?:mir|uns)\s+(?:\w+\s+)?wünschen",
        r"verbesser\w*",
    ), True),
    ("flag", "praise", (
        r"zufrieden\w*", r"lob(?:e|en|t)?", r"gelobt", r"bedank\w*", r"dankbar\w*",
        r"(?:danke(?:schön|sehr)?|(?:vielen|herzlichen|besten|großen)\s+dank)" + _THANKS_FOR,
        r"freundlich(?:e|en|er|es|em)?(?!\s+gr)", r"freundlichkeit", r"hilfsbereit\w*",
        r"kompetent\w*", r"toll(?:e|en|er|es|em)?", r"super", r"hervorragend\w*",
        r"ausgezeichnet\w*", r"großartig\w*", r"prima", r"(?:sehr|richtig|echt)\s+gut\w*",
        r"geholfen", r"weiter\s+so",
    ), True),
    ("kind", "fachliche_anfrage", (
        r"wann\s+(?:wird|werden|kommt|kommen|bekomme|erhalte)", r"wie\s+lange\s+dauert",
        r"bearbeitungsstand\w*", r"stand\s+meines\s+antrag\w*", r"(?:ist|wurde)\s+mein\s+antrag",
        r"(?:wie|wo|was)\s+(?:kann|muss|soll)\s+ich",
    ), False),
)

FLAG_KINDS = {"petition": "petition", "widerspruch": "widerspruch", "idea": "idee", "praise": "lob"}
KIND_PRIORITY = (
    "dienstaufsicht", "petition", "eingabe", "leistungsmissbrauch", "datenschutz", "ifg",
    "widerspruch", "beschwerde", "idee", "lob", "fachliche_anfrage",
)
# fmt: on
HIGH_RISK_FLAGS = frozenset(("media", "threat", "corruption"))

_UMLAUTS = {"ä": "(?:ä|ae)", "ö": "(?:ö|oe)", "ü": "(?:ü|ue)", "ß": "(?:ß|ss)"}
_NEGATION = re.compile(r"(?<!\w)(?:nicht|kein\w*|nie|niemals)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_WORD = re.compile(r"\w")
_NON_WORD = re.compile(r"\W")
_MAX_QUOTES = 3
_MAX_AFFIX = 40
_AFFIX = re.compile(r"\\w([*+])")


def _spellings(pattern: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if affix := _AFFIX.match(pattern, i):
            out.append(rf"\w{{{0 if affix[1] == '*' else 1},{_MAX_AFFIX}}}")
            i = affix.end()
        elif char == "\\":
            out.append(pattern[i : i + 2])
            i += 2
        elif char == "[":
            end = pattern.index("]", i + 2)
            out.append(pattern[i : end + 1])
            i = end + 1
        elif pattern.startswith("ss", i):
            out.append("(?:ss|ß)")
            i += 2
        else:
            out.append(_UMLAUTS.get(char, char))
            i += 1
    return "".join(out)


def _compile(pattern: str) -> re.Pattern[str]:
    start = "" if pattern[0].isalpha() else r"(?<!\w)"
    return re.compile(rf"{start}(?:{_spellings(pattern)})(?!\w)")


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[str, str, bool, tuple[re.Pattern[str], ...]], ...]:
    return tuple(
        (role, name, negatable, tuple(_compile(p) for p in patterns))
        for role, name, patterns, negatable in RULES
    )


def _lower(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _quote(text: str, match: re.Match[str]) -> str:
    start, end = match.span("w") if "w" in match.re.groupindex else match.span()
    return " ".join(text[start:end].split())


def _word_end(text: str, position: int) -> int:
    found = _NON_WORD.search(text, position)
    return found.start() if found else len(text)


def _matches(
    text: str, lowered: str, negatable: bool, patterns: tuple[re.Pattern[str], ...]
) -> list[str]:
    quotes: list[str] = []
    seen: set[str] = set()
    for pattern in patterns:
        match = pattern.search(lowered)
        while match and len(quotes) < _MAX_QUOTES:
            start = match.start()
            if start and _WORD.match(lowered, start - 1):
                next_start = _word_end(lowered, start)
            elif negatable and _NEGATION.search(lowered, max(0, start - 40), start):
                next_start = start + 1
            else:
                next_start = max(match.end(), start + 1)
                quote = _quote(text, match)
                if quote.casefold() not in seen:
                    seen.add(quote.casefold())
                    quotes.append(quote)
            match = pattern.search(lowered, next_start)
    return quotes


def _reason(quotes: list[str]) -> str:
    return "vorgeschlagen wegen: " + ", ".join(f"'{q}'" for q in quotes[:_MAX_QUOTES])


def _suggest(text: str) -> tuple[str | None, str | None, list[tuple[str, str]]]:
    """(kind, reason, [(flag, reason), …]) as hints.suggest returned them."""
    flags: dict[str, list[str]] = {}
    kinds: dict[str, list[str]] = {}
    lowered = _lower(text)
    for role, name, negatable, patterns in _compiled():
        quotes = _matches(text, lowered, negatable, patterns)
        if not quotes:
            continue
        target = flags if role == "flag" else kinds
        target.setdefault(name, []).extend(quotes)
        if role == "flag" and name in FLAG_KINDS:
            kinds.setdefault(FLAG_KINDS[name], []).extend(quotes)
    kind = next((k for k in KIND_PRIORITY if k in kinds), None)
    return (
        kind,
        _reason(kinds[kind]) if kind else None,
        [(name, _reason(quotes)) for name, quotes in flags.items()],
    )
