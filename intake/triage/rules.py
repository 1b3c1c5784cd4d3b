"""KRM rule profiles: the deadlines of Rhein-Lahn and Neukölln as data, not as code paths.

The two source documents (shared/seeds: Rhein-Lahn's KRM concept 2023, cited "RL Nr."; Berlin
Neukölln's GA Nr. 2/2016, cited "GA") differ in figures and scope, so each is one `RuleProfile`
and `due_dates` reads whichever the deployment chose. Every `Due` carries the rule it comes from,
so staff can check a date against the original.

Readings of the originals where they leave room (see also tests/unit/test_rules.py):

- `contactable` means the sender left contact data. Web forms still have a reply path without it
  (the receipt code), and so have Google reviews (a public reply, RL Nr. 2); paper cards, phone
  calls and visits without contact data have none, so no acknowledgement can be due.
- GA 5.3 exempts "Meinungskarte ohne Absenderdaten"; this app's web form *is* the digital card
  (reached by card QR, poster, link or homepage), so the exemption covers all of them.
- RL Nr. 2 asks for an acknowledgement of *written* complaints only (not phone, not in person);
  the 14 days of "abschließende Bearbeitung" apply to every complaint, Service-Center tickets
  included. Lob and Idee have no figure. GA 5.3 acknowledges every KR except petitions and
  Eingaben, which arrive through a committee or ministry and follow Anlage 3.
- GA 5.3 forwards *begründete* KR within 10 working days; whether a reaction is justified is known
  only after the check, so the date is shown for every complaint-like kind as a latest date.
- GA 5.2: the lead answers a 2nd follow-up ticket within 5 working days "auf Anforderung"; the
  request date is not recorded, so the count starts on the day the ticket was received.
- GA 4.1 "mehr als zehn Arbeitstage": `working_days_between(first, second) > 10`; a 2nd ticket on
  the Saturday after the 10th working day adds no working day and stays a 2nd ticket. A 1st
  ticket therefore shows the day by which it should be remedied (`abhilfe_vor_2_folgeticket`).
- Calendar-day deadlines (14 days) that end on a weekend or holiday are moved to the *previous*
  working day: these are internal service standards, not statutory deadlines, so §26 Abs. 3 SGB X
  (extension to the next working day) does not apply, and the office cannot act on that day.
- Petitions: RL Nr. 4 sets 14 days before the committee's deadline; GA Anlage 3 is not in the
  seeds, so Neukölln assumes the same figure (it comes from the Zentrale's Bearbeitungshinweise).
- Interim-message reminder (RL Nr. 2 "Zwischennachricht", GA 5.2/5.3 "drohende
  Fristüberschreitung", "Zwischenschreiben"): from 2 working days before a deadline on, while the
  case is open. Two days leave time to write, sign and post the letter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from intake.triage import deadlines

KRM_KINDS: dict[str, str] = {
    "lob": "Lob",
    "idee": "Idee / Anregung",
    "beschwerde": "Beschwerde (Fachaufsichtsbeschwerde)",
    "dienstaufsicht": "Dienstaufsichtsbeschwerde",
    "eingabe": "Eingabe",
    "petition": "Petition",
    "folgeticket_1": "1. Folgeticket (Service Center SGB II)",
    "folgeticket_2": "2. Folgeticket (Service Center SGB II)",
}


@dataclass(frozen=True)
class Handoff:
    """A reaction that leaves the KRM process: its label and where it goes (None: nowhere)."""

    label: str
    destination: str | None


NON_KRM_KINDS: dict[str, Handoff] = {
    "widerspruch": Handoff("Widerspruch / Klage", "Widerspruchsstelle"),
    "fachliche_anfrage": Handoff("Fachliche Anfrage", "Team"),
    "ifg": Handoff("Anfrage nach dem Informationsfreiheitsgesetz", "IFG-Stelle"),
    "datenschutz": Handoff("Äußerung zum Sozialdatenschutz", "Datenschutzbeauftragte/r"),
    "leistungsmissbrauch": Handoff(
        "Hinweis auf Leistungsmissbrauch",
        "Ordnungswidrigkeiten / Bekämpfung von Leistungsmissbrauch",
    ),
    "ohne_substanz": Handoff("Kundenreaktion ohne Substanz", None),
}

CHANNELS: dict[str, str] = {
    "homepage": "Feedback-Funktion der Homepage",
    "embed": "Eingebettetes Formular auf der Homepage",
    "office_link": "Web-Link der Geschäftsstelle",
    "qr_card": "Meinungskarte über QR-Code",
    "qr_poster": "Aushang mit QR-Code",
    "paper_card": "Meinungskarte auf Papier",
    "phone": "telefonisch",
    "in_person": "persönlich",
    "letter": "schriftlich per Post",
    "email": "E-Mail",
    "third_party": "über Dritte",
    "google": "Google-Rezension",
}

# The app's web form: the sender gets a receipt code and can read the answer with it.
WEB_CHANNELS = frozenset(("homepage", "embed", "office_link", "qr_card", "qr_poster"))
# The opinion card, on paper or as its digital form (GA 5.3 "Meinungskarte").
CARD_CHANNELS = WEB_CHANNELS | {"paper_card"}
# Channels that can be answered although the sender left no contact data.
REPLY_WITHOUT_CONTACT = WEB_CHANNELS | {"google"}
SPOKEN_CHANNELS = frozenset(("phone", "in_person"))

COMPLAINT_KINDS = frozenset(("beschwerde", "dienstaufsicht", "folgeticket_1", "folgeticket_2"))
PETITION_KINDS = frozenset(("petition", "eingabe"))

# Names of the deadlines `due_dates` returns.
ACK = "eingangsbestaetigung"
FINAL = "abschluss"
FORWARD = "weiterleitung_teamleitung"
FOLLOWUP_ANSWER = "antwort_2_folgeticket"
FOLLOWUP_REMEDY = "abhilfe_vor_2_folgeticket"
PETITION_STATEMENT = "stellungnahme_petition"


@dataclass(frozen=True)
class RuleProfile:
    """One deployment's KRM rules; a None figure means the rule does not exist there."""

    key: str
    name: str
    state: str  # the federal state of the Jobcenter, the usual `state` argument
    ack_working_days: int
    ack_kinds: frozenset[str]
    ack_channels: frozenset[str]
    ack_exempt_anonymous_cards: bool
    ack_rule: str
    petition_lead_days: int | None
    petition_rule: str
    report_dates: tuple[tuple[int, int], ...]  # (month, day) each year
    report_period: str  # "quarter" or "year": what the report covers
    report_rule: str
    interim_reminder_working_days: int
    interim_rule: str
    final_calendar_days: int | None = None
    final_kinds: frozenset[str] = frozenset()
    final_rule: str = ""
    forward_working_days: int | None = None
    forward_kinds: frozenset[str] = frozenset()
    forward_rule: str = ""
    followup_answer_working_days: int | None = None
    followup_answer_rule: str = ""
    followup_escalation_working_days: int | None = None
    followup_escalation_rule: str = ""


@dataclass(frozen=True)
class Due:
    """One deadline of a reaction: what, by when, and which rule says so."""

    name: str
    due_on: date
    rule: str


PROFILES: dict[str, RuleProfile] = {
    "rhein-lahn": RuleProfile(
        key="rhein-lahn",
        name="Jobcenter Rhein-Lahn",
        state="RP",
        ack_working_days=3,
        ack_kinds=COMPLAINT_KINDS,
        ack_channels=frozenset(CHANNELS) - SPOKEN_CHANNELS,
        ack_exempt_anonymous_cards=False,
        ack_rule="RL Nr. 2 Fristen: Eingangsbestätigung/Zwischennachricht auf schriftliche "
        "Beschwerden binnen 3 Arbeitstagen",
        final_calendar_days=14,
        final_kinds=COMPLAINT_KINDS,
        final_rule="RL Nr. 2 Fristen: abschließende Bearbeitung binnen 14 Tagen",
        petition_lead_days=14,
        petition_rule="RL Nr. 4 Petitionen/Eingaben: Stellungnahme spätestens 14 Tage vor Ablauf "
        "der gesetzten Frist",
        report_dates=((1, 24),),
        report_period="year",
        report_rule="RL Nr. 5: Jahresbericht bis 24.01.",
        interim_reminder_working_days=2,
        interim_rule="RL Nr. 2: Zwischennachricht, wenn die Frist nicht zu halten ist",
    ),
    "neukoelln": RuleProfile(
        key="neukoelln",
        name="Jobcenter Berlin Neukölln",
        state="BE",
        ack_working_days=3,
        ack_kinds=frozenset(KRM_KINDS) - PETITION_KINDS,
        ack_channels=frozenset(CHANNELS),
        ack_exempt_anonymous_cards=True,
        ack_rule="GA 5.3: Eingangsbestätigung binnen 3 Arbeitstagen, nicht bei Meinungskarte "
        "ohne Absenderdaten",
        forward_working_days=10,
        forward_kinds=(COMPLAINT_KINDS | PETITION_KINDS) - {"folgeticket_2"},
        forward_rule="GA 5.3: begründete KR binnen 10 Arbeitstagen an die Teamleitung",
        followup_answer_working_days=5,
        followup_answer_rule="GA 5.2: Antwort der Führungskraft auf ein 2. Folgeticket binnen "
        "5 Arbeitstagen",
        followup_escalation_working_days=10,
        followup_escalation_rule="GA 4.1: ein 2. Folgeticket mehr als 10 Arbeitstage nach dem 1. "
        "gilt als Dienstaufsichtsbeschwerde wegen Untätigkeit",
        petition_lead_days=14,
        petition_rule="GA 5.3/Anlage 3 (nicht in den Unterlagen; wie RL Nr. 4 angenommen): "
        "Stellungnahme 14 Tage vor Fristablauf",
        report_dates=((1, 15), (4, 15), (7, 15), (10, 15)),
        report_period="quarter",
        report_rule="GA 5.3: Quartalsbericht zum 15.01./15.04./15.07./15.10. über das Vorquartal",
        interim_reminder_working_days=2,
        interim_rule="GA 5.2/5.3: drohende Fristüberschreitung melden, Zwischenschreiben an "
        "Kund*innen",
    ),
}


def _check_kind(kind: str) -> None:
    """Raise ValueError unless `kind` is a KRM or non-KRM kind."""
    if kind not in KRM_KINDS and kind not in NON_KRM_KINDS:
        raise ValueError(f"unknown kind {kind!r}")


def _check_channel(channel: str) -> None:
    """Raise ValueError unless `channel` is a known channel."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")


def effective_kind(kind: str, about_conduct: bool) -> str:
    """A Dienstaufsichtsbeschwerde not about personal conduct is a Fachaufsichtsbeschwerde."""
    _check_kind(kind)
    if kind == "dienstaufsicht" and not about_conduct:
        return "beschwerde"  # RL Nr. 4 Dienstaufsichtsbeschwerden, last sentence
    return kind


def reclassify_followup(profile: RuleProfile, first_on: date, second_on: date, state: str) -> str:
    """'dienstaufsicht' if a 2nd follow-up ticket came too late, else 'folgeticket_2'."""
    limit = profile.followup_escalation_working_days
    if limit is None:
        deadlines.validate_state(state)
        return "folgeticket_2"
    if deadlines.working_days_between(first_on, second_on, state) > limit:
        return "dienstaufsicht"
    return "folgeticket_2"


def _ack_due(
    profile: RuleProfile, received_on: date, state: str, channel: str, contactable: bool, kind: str
) -> Due | None:
    """The acknowledgement deadline, if the profile asks for one and the sender can be reached."""
    if kind not in profile.ack_kinds or channel not in profile.ack_channels:
        return None
    if not contactable:
        if profile.ack_exempt_anonymous_cards and channel in CARD_CHANNELS:
            return None
        if channel not in REPLY_WITHOUT_CONTACT:
            return None
    due_on = deadlines.working_days_after(received_on, profile.ack_working_days, state)
    return Due(ACK, due_on, profile.ack_rule)


def _complaint_dues(
    profile: RuleProfile, received_on: date, state: str, kind: str, second_ticket: bool
) -> list[Due]:
    """Final handling, forwarding to the lead and the follow-up-ticket deadlines."""
    dues: list[Due] = []
    if profile.final_calendar_days is not None and kind in profile.final_kinds:
        day = deadlines.calendar_days_after(received_on, profile.final_calendar_days)
        dues.append(Due(FINAL, deadlines.working_day_on_or_before(day, state), profile.final_rule))
    forward = profile.forward_working_days
    if forward is not None and kind in profile.forward_kinds and not second_ticket:
        day = deadlines.working_days_after(received_on, forward, state)
        dues.append(Due(FORWARD, day, profile.forward_rule))
    if second_ticket and profile.followup_answer_working_days is not None:
        day = deadlines.working_days_after(received_on, profile.followup_answer_working_days, state)
        rule = profile.followup_answer_rule
        if kind == "dienstaufsicht":
            rule += "; " + profile.followup_escalation_rule
        dues.append(Due(FOLLOWUP_ANSWER, day, rule))
    if kind == "folgeticket_1" and profile.followup_escalation_working_days is not None:
        day = deadlines.working_days_after(
            received_on, profile.followup_escalation_working_days, state
        )
        dues.append(Due(FOLLOWUP_REMEDY, day, profile.followup_escalation_rule))
    return dues


def _petition_due(
    profile: RuleProfile, state: str, kind: str, committee_deadline: date | None
) -> Due | None:
    """The statement on a petition or Eingabe, counted back from the deadline set for it."""
    if kind not in PETITION_KINDS or committee_deadline is None:
        return None
    if profile.petition_lead_days is None:
        return None
    day = committee_deadline - timedelta(days=profile.petition_lead_days)
    return Due(
        PETITION_STATEMENT, deadlines.working_day_on_or_before(day, state), profile.petition_rule
    )


def due_dates(
    profile: RuleProfile,
    *,
    received_on: date,
    state: str,
    channel: str,
    contactable: bool,
    kind: str,
    first_followup_on: date | None = None,
    committee_deadline: date | None = None,
) -> list[Due]:
    """Every deadline a reaction has under `profile`, earliest first (none for non-KRM kinds)."""
    deadlines.validate_state(state)
    _check_channel(channel)
    _check_kind(kind)
    if kind in NON_KRM_KINDS:
        return []
    second_ticket = kind == "folgeticket_2"
    if second_ticket and first_followup_on is not None:
        kind = reclassify_followup(profile, first_followup_on, received_on, state)
    found = [
        _ack_due(profile, received_on, state, channel, contactable, kind),
        *_complaint_dues(profile, received_on, state, kind, second_ticket),
        _petition_due(profile, state, kind, committee_deadline),
    ]
    return sorted((due for due in found if due is not None), key=lambda d: (d.due_on, d.name))


def interim_reminder_on(profile: RuleProfile, due: Due, state: str) -> date:
    """The working day from which an interim message for `due` should be prepared."""
    return deadlines.working_days_before(due.due_on, profile.interim_reminder_working_days, state)


def needs_interim_reminder(profile: RuleProfile, due: Due, *, today: date, state: str) -> bool:
    """True from the reminder day on (also when overdue); never for the acknowledgement itself."""
    if due.name == ACK:
        return False
    return today >= interim_reminder_on(profile, due, state)


def report_due_dates(profile: RuleProfile, year: int) -> list[date]:
    """The dates the periodic KRM reports are due in `year`."""
    return [date(year, month, day) for month, day in profile.report_dates]


def report_period(profile: RuleProfile, due_on: date) -> tuple[date, date]:
    """The first and last day a report due on `due_on` covers (previous quarter or year)."""
    end = due_on.replace(day=1) - timedelta(days=1)
    if profile.report_period == "year":
        return date(end.year, 1, 1), end
    first_month = 3 * ((end.month - 1) // 3) + 1
    return date(end.year, first_month, 1), end
