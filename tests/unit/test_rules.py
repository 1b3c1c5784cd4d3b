"""Tests for intake.triage.rules: every deadline of both rule profiles, with concrete dates.

RL = Rhein-Lahn's KRM concept (Rhineland-Palatinate, RP), GA = Neukölln's Geschäftsanweisung
(Berlin, BE). Expected dates were counted by hand; the comments show the count.
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from intake.triage.rules import (
    ACK,
    CHANNELS,
    FINAL,
    FOLLOWUP_ANSWER,
    FOLLOWUP_REMEDY,
    FORWARD,
    KRM_KINDS,
    NON_KRM_KINDS,
    PETITION_STATEMENT,
    PROFILES,
    Due,
    RuleProfile,
    due_dates,
    effective_kind,
    interim_reminder_on,
    needs_interim_reminder,
    reclassify_followup,
    report_due_dates,
    report_period,
)

D = date
RL = PROFILES["rhein-lahn"]
NK = PROFILES["neukoelln"]


def dues(profile: RuleProfile, **kwargs: object) -> dict[str, date]:
    """due_dates as {name: date}, with defaults for the arguments a test does not vary."""
    args: dict[str, object] = {
        "state": profile.state,
        "channel": "email",
        "contactable": True,
        "kind": "beschwerde",
    }
    args.update(kwargs)
    result = due_dates(profile, **args)  # type: ignore[arg-type]
    names = [d.name for d in result]
    assert len(names) == len(set(names))
    return {d.name: d.due_on for d in result}


# --------------------------------------------------------------------------- the lists


def test_kind_lists() -> None:
    assert set(KRM_KINDS) == {
        "lob", "idee", "beschwerde", "dienstaufsicht", "eingabe", "petition",
        "folgeticket_1", "folgeticket_2",
    }  # fmt: skip
    assert {k: h.destination for k, h in NON_KRM_KINDS.items()} == {
        "widerspruch": "Widerspruchsstelle",
        "fachliche_anfrage": "Team",
        "ifg": "IFG-Stelle",
        "datenschutz": "Datenschutzbeauftragte/r",
        "leistungsmissbrauch": "Ordnungswidrigkeiten / Bekämpfung von Leistungsmissbrauch",
        "ohne_substanz": None,
    }
    assert not set(KRM_KINDS) & set(NON_KRM_KINDS)
    assert all(KRM_KINDS.values()) and all(h.label for h in NON_KRM_KINDS.values())


def test_channel_list() -> None:
    assert set(CHANNELS) == {
        "homepage", "embed", "office_link", "qr_card", "qr_poster", "paper_card", "phone",
        "in_person", "letter", "email", "third_party", "google",
    }  # fmt: skip


@pytest.mark.parametrize("profile", PROFILES.values(), ids=PROFILES.keys())
def test_profiles_are_consistent_data(profile: RuleProfile) -> None:
    assert PROFILES[profile.key] is profile
    assert profile.ack_kinds <= set(KRM_KINDS)
    assert profile.final_kinds <= set(KRM_KINDS)
    assert profile.forward_kinds <= set(KRM_KINDS)
    assert profile.ack_channels <= set(CHANNELS)
    assert profile.report_period in ("quarter", "year")
    assert profile.interim_reminder_working_days == 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        profile.ack_working_days = 5  # type: ignore[misc]


def test_profile_states_and_flags() -> None:
    assert (RL.state, NK.state) == ("RP", "BE")
    assert RL.ack_exempt_anonymous_cards is False
    assert NK.ack_exempt_anonymous_cards is True
    assert (RL.final_calendar_days, NK.final_calendar_days) == (14, None)
    assert (RL.forward_working_days, NK.forward_working_days) == (None, 10)
    assert (RL.followup_answer_working_days, NK.followup_answer_working_days) == (None, 5)


# --------------------------------------------------------------------------- Rhein-Lahn


def test_rl_written_complaint_ack_and_final() -> None:
    # Thu 17.4.2025: 22 (1), 23 (2), 24 (3) over Easter. 17.4. + 14 = Thu 1.5. (Labour Day)
    # → moved back to Wed 30.4.
    result = due_dates(
        RL, received_on=D(2025, 4, 17), state="RP", channel="letter", contactable=True,
        kind="beschwerde",
    )  # fmt: skip
    assert result == [
        Due(ACK, D(2025, 4, 24), RL.ack_rule),
        Due(FINAL, D(2025, 4, 30), RL.final_rule),
    ]
    assert "RL Nr. 2" in result[0].rule and "3 Arbeitstagen" in result[0].rule
    assert "14 Tagen" in result[1].rule


def test_rl_final_on_a_weekday_is_not_moved() -> None:
    # Mon 2.6.2025 + 14 = Mon 16.6.
    assert dues(RL, received_on=D(2025, 6, 2))[FINAL] == D(2025, 6, 16)


def test_rl_final_on_a_saturday_moves_to_friday() -> None:
    # Sat 7.6.2025 + 14 = Sat 21.6. → Fri 20.6. (Thu 19.6. Fronleichnam is not reached)
    assert dues(RL, received_on=D(2025, 6, 7))[FINAL] == D(2025, 6, 20)


def test_rl_spoken_complaint_has_no_ack_but_a_final_deadline() -> None:
    for channel in ("phone", "in_person"):
        assert dues(RL, received_on=D(2025, 6, 2), channel=channel) == {FINAL: D(2025, 6, 16)}


def test_rl_anonymous_paper_card_has_no_ack() -> None:
    got = dues(RL, received_on=D(2025, 6, 2), channel="paper_card", contactable=False)
    assert got == {FINAL: D(2025, 6, 16)}


@pytest.mark.parametrize("channel", ["qr_card", "homepage", "embed", "google"])
def test_rl_anonymous_web_or_google_complaint_is_acknowledged(channel: str) -> None:
    # Receipt page or the public reply to the review (RL Nr. 2): 3, 4, 5 June 2025
    got = dues(RL, received_on=D(2025, 6, 2), channel=channel, contactable=False)
    assert got == {ACK: D(2025, 6, 5), FINAL: D(2025, 6, 16)}


@pytest.mark.parametrize("kind", ["dienstaufsicht", "folgeticket_1", "folgeticket_2"])
def test_rl_other_complaints_have_the_same_deadlines(kind: str) -> None:
    got = dues(RL, received_on=D(2025, 6, 2), kind=kind)
    assert got == {ACK: D(2025, 6, 5), FINAL: D(2025, 6, 16)}


@pytest.mark.parametrize("kind", ["lob", "idee"])
def test_rl_praise_and_ideas_have_no_figure(kind: str) -> None:
    assert dues(RL, received_on=D(2025, 6, 2), kind=kind) == {}


def test_rl_ack_counts_rhineland_palatinate_holidays() -> None:
    # Wed 18.6.2025: 19 Fronleichnam skipped → 20 (1), 23 (2), 24 (3)
    assert dues(RL, received_on=D(2025, 6, 18))[ACK] == D(2025, 6, 24)


@pytest.mark.parametrize("kind", ["petition", "eingabe"])
def test_rl_petition_statement_14_days_before_the_deadline(kind: str) -> None:
    got = dues(RL, received_on=D(2025, 5, 5), kind=kind, committee_deadline=D(2025, 5, 30))
    assert got == {PETITION_STATEMENT: D(2025, 5, 16)}  # Fri 30.5. − 14 = Fri 16.5.


def test_rl_petition_statement_on_a_sunday_moves_back() -> None:
    # Sun 15.6.2025 − 14 = Sun 1.6. → Fri 30.5. (Ascension 29.5. is a day earlier)
    got = dues(RL, received_on=D(2025, 5, 5), kind="petition", committee_deadline=D(2025, 6, 15))
    assert got == {PETITION_STATEMENT: D(2025, 5, 30)}


def test_rl_petition_without_a_deadline_has_no_dates() -> None:
    assert dues(RL, received_on=D(2025, 5, 5), kind="petition") == {}


def test_rl_has_no_followup_escalation() -> None:
    # Even 30 working days later a 2nd ticket stays a 2nd ticket in Rhein-Lahn.
    assert reclassify_followup(RL, D(2025, 6, 2), D(2025, 7, 31), "RP") == "folgeticket_2"
    got = dues(RL, received_on=D(2025, 7, 31), kind="folgeticket_2",
               first_followup_on=D(2025, 6, 2))  # fmt: skip
    assert FOLLOWUP_ANSWER not in got and FOLLOWUP_REMEDY not in got


def test_rl_report_schedule() -> None:
    assert report_due_dates(RL, 2026) == [D(2026, 1, 24)]
    assert report_period(RL, D(2026, 1, 24)) == (D(2025, 1, 1), D(2025, 12, 31))


# --------------------------------------------------------------------------- Neukölln


def test_nk_complaint_ack_and_forward() -> None:
    # Mon 2.6.2025 (BE): ack 3, 4, 5 → Thu 5.6.; forward 3-6 (4), 9 Pfingstmontag,
    # 10-13 (8), 16 (9), 17 (10) → Tue 17.6.
    result = due_dates(
        NK, received_on=D(2025, 6, 2), state="BE", channel="letter", contactable=True,
        kind="beschwerde",
    )  # fmt: skip
    assert result == [
        Due(ACK, D(2025, 6, 5), NK.ack_rule),
        Due(FORWARD, D(2025, 6, 17), NK.forward_rule),
    ]
    assert result[0].rule.startswith("GA 5.3") and "Meinungskarte ohne Absenderdaten" in (
        result[0].rule
    )
    assert "10 Arbeitstagen" in result[1].rule


def test_nk_ack_skips_womens_day_2027() -> None:
    # Fri 5.3.2027: Mon 8.3. Frauentag skipped → 9 (1), 10 (2), 11 (3)
    assert dues(NK, received_on=D(2027, 3, 5), kind="lob") == {ACK: D(2027, 3, 11)}
    # The same reaction counted in RP would be due a day earlier (10.3.): the state matters.
    assert dues(NK, received_on=D(2027, 3, 5), kind="lob", state="RP") == {ACK: D(2027, 3, 10)}


def test_nk_ack_when_womens_day_is_a_sunday() -> None:
    # Fri 6.3.2026: 8.3. is a Sunday → 9 (1), 10 (2), 11 (3)
    assert dues(NK, received_on=D(2026, 3, 6), kind="idee") == {ACK: D(2026, 3, 11)}


def test_nk_praise_and_ideas_are_acknowledged_but_not_forwarded() -> None:
    for kind in ("lob", "idee"):
        assert dues(NK, received_on=D(2025, 6, 2), kind=kind) == {ACK: D(2025, 6, 5)}


@pytest.mark.parametrize("channel", ["paper_card", "qr_card", "qr_poster", "homepage", "embed"])
def test_nk_anonymous_cards_are_exempt_from_ack(channel: str) -> None:
    got = dues(NK, received_on=D(2025, 6, 2), channel=channel, contactable=False)
    assert got == {FORWARD: D(2025, 6, 17)}


def test_nk_card_with_sender_data_is_acknowledged() -> None:
    got = dues(NK, received_on=D(2025, 6, 2), channel="paper_card", contactable=True)
    assert got == {ACK: D(2025, 6, 5), FORWARD: D(2025, 6, 17)}


def test_nk_phone_reaction_with_contact_data_is_acknowledged() -> None:
    got = dues(NK, received_on=D(2025, 6, 2), channel="phone", contactable=True, kind="lob")
    assert got == {ACK: D(2025, 6, 5)}
    assert dues(NK, received_on=D(2025, 6, 2), channel="phone", contactable=False, kind="lob") == {}


def test_nk_dienstaufsicht_is_forwarded() -> None:
    got = dues(NK, received_on=D(2025, 6, 2), kind="dienstaufsicht", channel="email")
    assert got == {ACK: D(2025, 6, 5), FORWARD: D(2025, 6, 17)}


def test_nk_first_followup_ticket() -> None:
    # Mon 9.6.2025 (Pfingstmontag, not counted): 10-13 (4), 16-20 (9), 23 (10) → Mon 23.6.
    got = dues(NK, received_on=D(2025, 6, 9), kind="folgeticket_1", channel="third_party")
    assert got == {ACK: D(2025, 6, 12), FORWARD: D(2025, 6, 23), FOLLOWUP_REMEDY: D(2025, 6, 23)}


def test_nk_second_followup_ticket_within_ten_working_days() -> None:
    # 1st Mon 9.6., 2nd Mon 23.6. = 10 working days later: not "more than ten"
    result = due_dates(
        NK, received_on=D(2025, 6, 23), state="BE", channel="third_party", contactable=True,
        kind="folgeticket_2", first_followup_on=D(2025, 6, 9),
    )  # fmt: skip
    # ack 24, 25, 26; lead answers in 5: 24, 25, 26, 27, 30 → Mon 30.6.
    assert result == [
        Due(ACK, D(2025, 6, 26), NK.ack_rule),
        Due(FOLLOWUP_ANSWER, D(2025, 6, 30), NK.followup_answer_rule),
    ]
    assert "GA 5.2" in result[1].rule and "5 Arbeitstagen" in result[1].rule


def test_nk_late_second_followup_ticket_is_a_dienstaufsichtsbeschwerde() -> None:
    # 2nd on Tue 24.6. = 11 working days after 9.6. → DAB for inaction; answer 25, 26, 27,
    # 30.6., 1.7. → Tue 1.7. The lead's 5 days still apply; no separate forwarding.
    result = due_dates(
        NK, received_on=D(2025, 6, 24), state="BE", channel="third_party", contactable=True,
        kind="folgeticket_2", first_followup_on=D(2025, 6, 9),
    )  # fmt: skip
    assert [(d.name, d.due_on) for d in result] == [
        (ACK, D(2025, 6, 27)),
        (FOLLOWUP_ANSWER, D(2025, 7, 1)),
    ]
    assert "GA 4.1" in result[1].rule and "Untätigkeit" in result[1].rule


def test_nk_second_ticket_without_first_date_is_not_reclassified() -> None:
    got = dues(NK, received_on=D(2025, 6, 24), kind="folgeticket_2", channel="third_party")
    assert got == {ACK: D(2025, 6, 27), FOLLOWUP_ANSWER: D(2025, 7, 1)}


@pytest.mark.parametrize(
    ("first", "second", "state", "expected"),
    [
        (D(2025, 6, 9), D(2025, 6, 23), "BE", "folgeticket_2"),  # exactly 10
        (D(2025, 6, 9), D(2025, 6, 24), "BE", "dienstaufsicht"),  # 11
        # In RP Fronleichnam (19.6.) does not count: 24.6. is still the 10th working day.
        (D(2025, 6, 9), D(2025, 6, 24), "RP", "folgeticket_2"),
        (D(2025, 6, 9), D(2025, 6, 25), "RP", "dienstaufsicht"),
        # 10th working day after Fri 20.6. is Fri 4.7.; a ticket on Saturday 5.7. adds no
        # working day, Monday 7.7. is the 11th.
        (D(2025, 6, 20), D(2025, 7, 4), "BE", "folgeticket_2"),
        (D(2025, 6, 20), D(2025, 7, 5), "BE", "folgeticket_2"),
        (D(2025, 6, 20), D(2025, 7, 7), "BE", "dienstaufsicht"),
        (D(2025, 6, 20), D(2025, 6, 20), "BE", "folgeticket_2"),  # same day
    ],
)
def test_nk_reclassify_followup(first: date, second: date, state: str, expected: str) -> None:
    assert reclassify_followup(NK, first, second, state) == expected


def test_reclassify_rejects_second_before_first() -> None:
    with pytest.raises(ValueError, match="lies before start"):
        reclassify_followup(NK, D(2025, 6, 24), D(2025, 6, 9), "BE")


def test_nk_petition() -> None:
    # No acknowledgement (Anlage 3 governs petitions); forward 10 working days; statement
    # 14 days before the committee's deadline Fri 29.8.2025 → Fri 15.8.
    got = dues(NK, received_on=D(2025, 8, 1), kind="petition", committee_deadline=D(2025, 8, 29))
    assert got == {FORWARD: D(2025, 8, 15), PETITION_STATEMENT: D(2025, 8, 15)}
    result = due_dates(
        NK, received_on=D(2025, 8, 1), state="BE", channel="letter", contactable=True,
        kind="eingabe", committee_deadline=D(2025, 8, 29),
    )  # fmt: skip
    assert [d.name for d in result] == [PETITION_STATEMENT, FORWARD]  # same day: by name
    assert "Anlage 3" in result[0].rule


def test_nk_has_no_fixed_final_deadline() -> None:
    assert FINAL not in dues(NK, received_on=D(2025, 6, 2))


def test_nk_report_schedule() -> None:
    assert report_due_dates(NK, 2026) == [
        D(2026, 1, 15), D(2026, 4, 15), D(2026, 7, 15), D(2026, 10, 15),
    ]  # fmt: skip
    assert report_period(NK, D(2026, 1, 15)) == (D(2025, 10, 1), D(2025, 12, 31))
    assert report_period(NK, D(2026, 4, 15)) == (D(2026, 1, 1), D(2026, 3, 31))
    assert report_period(NK, D(2026, 7, 15)) == (D(2026, 4, 1), D(2026, 6, 30))
    assert report_period(NK, D(2026, 10, 15)) == (D(2026, 7, 1), D(2026, 9, 30))


# --------------------------------------------------------------------------- both profiles


@pytest.mark.parametrize("profile", PROFILES.values(), ids=PROFILES.keys())
@pytest.mark.parametrize("kind", sorted(NON_KRM_KINDS))
def test_non_krm_kinds_have_no_krm_deadlines(profile: RuleProfile, kind: str) -> None:
    assert dues(profile, received_on=D(2025, 6, 2), kind=kind) == {}


@pytest.mark.parametrize("profile", PROFILES.values(), ids=PROFILES.keys())
def test_invalid_arguments_are_rejected(profile: RuleProfile) -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        dues(profile, received_on=D(2025, 6, 2), kind="complaint")
    with pytest.raises(ValueError, match="unknown channel"):
        dues(profile, received_on=D(2025, 6, 2), channel="fax")
    with pytest.raises(ValueError, match="unknown federal state"):
        dues(profile, received_on=D(2025, 6, 2), state="XX", kind="widerspruch")


@pytest.mark.parametrize("profile", PROFILES.values(), ids=PROFILES.keys())
def test_due_dates_are_sorted_working_days(profile: RuleProfile) -> None:
    for offset in range(0, 370, 3):
        received = D.fromordinal(D(2025, 1, 1).toordinal() + offset)
        for kind in KRM_KINDS:
            result = due_dates(
                profile, received_on=received, state=profile.state, channel="email",
                contactable=True, kind=kind, committee_deadline=D(2026, 3, 1),
            )  # fmt: skip
            assert result == sorted(result, key=lambda d: (d.due_on, d.name))
            assert all(d.rule for d in result)
            for due in result:
                assert due.due_on.weekday() < 5


@pytest.mark.parametrize(
    ("kind", "about_conduct", "expected"),
    [
        ("dienstaufsicht", True, "dienstaufsicht"),
        ("dienstaufsicht", False, "beschwerde"),  # RL Nr. 4: treated as Fachaufsichtsbeschwerde
        ("beschwerde", True, "beschwerde"),
        ("lob", False, "lob"),
        ("widerspruch", False, "widerspruch"),
    ],
)
def test_effective_kind(kind: str, about_conduct: bool, expected: str) -> None:
    assert effective_kind(kind, about_conduct) == expected


def test_effective_kind_rejects_unknown_kinds() -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        effective_kind("DAB", True)


def test_interim_reminder_rhein_lahn() -> None:
    # Final due Wed 30.4.2025; 2 working days before: Tue 29 (1), Mon 28 (2)
    final = Due(FINAL, D(2025, 4, 30), RL.final_rule)
    assert interim_reminder_on(RL, final, "RP") == D(2025, 4, 28)
    assert not needs_interim_reminder(RL, final, today=D(2025, 4, 25), state="RP")
    assert needs_interim_reminder(RL, final, today=D(2025, 4, 28), state="RP")
    assert needs_interim_reminder(RL, final, today=D(2025, 5, 5), state="RP")  # overdue


def test_interim_reminder_neukoelln_skips_holidays() -> None:
    # Forward due Tue 10.6.2025; back: Mon 9.6. Pfingstmontag, Fri 6 (1), Thu 5 (2)
    forward = Due(FORWARD, D(2025, 6, 10), NK.forward_rule)
    assert interim_reminder_on(NK, forward, "BE") == D(2025, 6, 5)
    assert not needs_interim_reminder(NK, forward, today=D(2025, 6, 4), state="BE")
    assert needs_interim_reminder(NK, forward, today=D(2025, 6, 5), state="BE")


def test_no_interim_reminder_for_the_acknowledgement_itself() -> None:
    ack = Due(ACK, D(2025, 6, 5), NK.ack_rule)
    assert not needs_interim_reminder(NK, ack, today=D(2025, 6, 10), state="BE")
