"""Hand-made report figures for tests of what shows them (page, PDF, charts, XLSX).

The figures are what a quarter of a mid-sized Jobcenter might count; `compute` is tested
against generated cases elsewhere (tests/integration/test_report_figures.py).
"""

from __future__ import annotations

from datetime import date

from intake.reports.figures import (
    ACK,
    ANSWER,
    Deadline,
    Durations,
    Figures,
    MeasureLine,
    Measures,
    Reviews,
    Row,
    Timeliness,
)


def sample_figures(threshold: int = 5) -> Figures:
    """The third quarter of 2026 under the Rhein-Lahn profile, with comparisons."""
    return Figures(
        period="2026-Q3",
        start=date(2026, 7, 1),
        end=date(2026, 9, 30),
        previous="2026-Q2",
        year_before="2025-Q3",
        profile="rhein-lahn",
        as_of=date(2026, 10, 12),
        threshold=threshold,
        total=212,
        total_previous=187,
        total_year_before=164,
        by_kind=(
            Row("beschwerde", "Beschwerde", 96, 88, 71),
            Row("lob", "Lob", 54, 41, 45),
            Row("idee", "Idee/Anregung", 31, 27, 22),
            Row("dienstaufsicht", "Dienstaufsichtsbeschwerde", 3, 4, 1),
            Row("petition", "Petition", 2, 0, 1),
        ),
        unclassified=26,
        by_channel=(
            Row("qr_card", "QR-Code auf der Meinungskarte", 71, 52, 30),
            Row("paper_card", "Meinungskarte (Papier)", 48, 55, 61),
            Row("homepage", "Feedback-Funktion der Homepage", 44, 39, 38),
            Row("google", "Google-Rezension", 29, 24, 20),
            Row("phone", "Telefon", 17, 15, 13),
            Row("letter", "Brief", 3, 2, 2),
        ),
        by_office=(
            Row("DIEZ", "Geschäftsstelle Diez", 118, 101, 92),
            Row("LAHN", "Geschäftsstelle Lahnstein", 91, 84, 70),
            Row("-", "ohne Geschäftsstelle", 3, 2, 2),
        ),
        by_month=(
            Row("2026-07", "Juli 2026", 66, None, 52),
            Row("2026-08", "August 2026", 71, None, 55),
            Row("2026-09", "September 2026", 75, None, 57),
        ),
        by_language=(
            Row("de", "Deutsch", 161),
            Row("uk", "Ukrainisch", 19),
            Row("ar", "Arabisch", 14),
            Row("ru", "Russisch", 9),
            Row("tr", "Türkisch", 6),
            Row("fa", "Persisch", 3),
        ),
        by_sender=(
            Row("citizen", "Kund*in", 190),
            Row("employer", "Arbeitgeber", 4),
            Row("other", "Sonstige", 18),
        ),
        by_state=(
            Row("closed", "abgeschlossen", 171),
            Row("answered", "beantwortet", 22),
            Row("forwarded", "an Teamleitung", 11),
            Row("new", "neu", 8),
        ),
        justified_yes=41,
        justified_no=49,
        justified_open=11,
        justified_reasons=(
            Row("bearbeitungsdauer", "lange Bearbeitungsdauer", 23),
            Row("erreichbarkeit", "Erreichbarkeit", 12),
            Row("verhalten", "Verhalten", 4),
            Row("sonstiges", "Sonstiges", 2),
        ),
        high_risk=4,
        restricted=1,
        timeliness=Timeliness(
            deadlines=(
                Deadline(
                    ACK,
                    "Eingangsbestätigung binnen 3 Arbeitstagen",
                    "RL Nr. 2 Fristen",
                    due=88,
                    kept=79,
                ),
                Deadline(
                    ANSWER,
                    "abschließende Bearbeitung binnen 14 Tagen",
                    "RL Nr. 2 Fristen",
                    due=92,
                    kept=71,
                ),
            ),
            to_ack=Durations(88, 1.0, 3.0),
            to_answer=Durations(170, 6.0, 13.0),
            to_forward=Durations(0),
            to_statement=Durations(0),
            open_by_age=(
                Row("0-7", "0–7 Tage", 9),
                Row("8-14", "8–14 Tage", 6),
                Row("15-30", "15–30 Tage", 3),
                Row("31-90", "31–90 Tage", 2),
                Row("91+", "mehr als 90 Tage", 0),
            ),
        ),
        measures=Measures(
            opened=5,
            done=3,
            checked=2,
            effective=1,
            not_effective=1,
            lines=(
                MeasureLine(
                    "Rückrufzeiten der Service-Hotline auf der Homepage nennen",
                    "Teamleitung Eingangszone",
                    date(2026, 8, 31),
                    "done",
                    date(2026, 11, 30),
                    None,
                    None,
                ),
                MeasureLine(
                    "Wartebereich Diez: Aufrufanzeige in mehreren Sprachen",
                    "[Name]",
                    date(2026, 10, 15),
                    "open",
                    None,
                    None,
                    None,
                ),
            ),
        ),
        reviews=Reviews(count=29, average_stars=2.9, answered=27, median_days_to_reply=2.0),
    )
