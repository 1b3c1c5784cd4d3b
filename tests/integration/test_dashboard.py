"""The management dashboard: filtered counts from the day summaries, group-by tables with
totals, small numbers hidden, restricted cases and spam never counted, deadlines against the
target; the page works as a plain GET form."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy import select

import intake.backoffice.reports.management  # noqa: F401  # registers the dashboard's views
from intake.models import Office
from intake.reports import dashboard
from intake.reports.services import Period
from intake.web import settings
from intake.web.extensions import db
from tests.factories import make_case
from tests.helpers import login, make_user

PERIOD = Period(2026, 1)  # January to March 2026
TODAY = date(2026, 4, 20)
SECRET = "Frau Kowalski hat mich im Januar angeschrien"


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"RULE_PROFILE": "rhein-lahn", "REPORT_MIN_COUNT": 5, "REPORT_TARGET_SHARE": 90}


def office_id(code: str) -> int:
    found = db.session.scalar(select(Office.id).where(Office.code == code))
    assert found is not None
    return found


@pytest.fixture
def world(app: Flask) -> None:
    """13 countable reactions in the quarter, 3 restricted ones, 2 spam, 1 outside it."""
    with app.app_context():
        session = db.session
        for day in (3, 5, 10, 12, 17, 24):  # six complaints about Diez in February
            make_case(
                session,
                "triaged",
                kind="complaint",
                channel="qr_card",
                received_on=date(2026, 2, day),
                text=SECRET,
            )
        for day in (8, 22):  # two thanks in Ukrainian, by letter, in January
            make_case(
                session,
                "closed",
                kind="praise",
                channel="letter",
                language="uk",
                received_on=date(2026, 1, day),
                text="Дякую за допомогу з документами.",
            )
        for day in (2, 9, 16, 23, 30):  # five ideas for Bad Ems from the homepage, unread
            make_case(
                session,
                "new",
                kind="idea",
                channel="homepage",
                office="EMS",
                received_on=date(2026, 3, day),
                text="Ein Wartemarkensystem mit Anzeige wäre hilfreich.",
            )
        for day in (4, 11, 18):  # sent to the anti-corruption officer
            make_case(
                session,
                "triaged",
                kind="complaint",
                channel="qr_card",
                received_on=date(2026, 2, day),
                restricted=True,
                text="Der Sachbearbeiter wollte Geld für einen schnelleren Bescheid.",
            )
        for day in (6, 7):
            make_case(
                session,
                "spam",
                kind="other",
                channel="homepage",
                received_on=date(2026, 2, day),
                text="Billige Uhren kaufen!!!",
            )
        make_case(
            session,
            "triaged",
            kind="complaint",
            channel="qr_card",
            received_on=date(2026, 4, 2),
            text="Niemand ruft zurück.",
        )
        session.commit()  # fmt: skip


def build(**filters: Any) -> dashboard.Dashboard:
    return dashboard.build(
        db.session,
        PERIOD,
        settings.rule_profile(),
        filters=dashboard.Filters(**filters),
        today=TODAY,
        threshold=settings.report_min_count(),
        target=settings.report_target_share(),
        staff_names=(),
    )


def test_kind_by_state_counts_and_totals(app: Flask, world: None) -> None:
    with app.app_context():
        board = build()
        table = board.kind_by_state
        cells = {
            (line.key, column[0]): n
            for line in table.rows
            for column, n in zip(table.columns, line.cells, strict=True)
            if n
        }
        assert cells == {
            ("beschwerde", "triaged"): 6,
            ("lob", "closed"): 2,
            (dashboard.UNCLASSIFIED, "new"): 5,
        }
        assert board.total == table.total == 13  # no restricted case, no spam, not April's
        assert sum(line.total for line in table.rows) == table.total
        assert sum(table.column_totals) == table.total
        by_kind = {line.key: line.total for line in table.rows}
        assert by_kind == {"beschwerde": 6, "lob": 2, dashboard.UNCLASSIFIED: 5}
        # small numbers: the 2 thanks show as "< 5"; among the kinds (and the states) they
        # would follow from 13 − 6 − 5, so the next smallest, the 5 unclassified, is hidden
        # too ("k. A."); the complaints stay, and so does the total unfiltered
        texts = {
            (line.key, column[0]): text
            for line in table.rows
            for column, text in zip(table.columns, line.texts, strict=True)
            if text != "0"
        }
        assert texts == {
            ("beschwerde", "triaged"): "6",
            ("lob", "closed"): "< 5",
            (dashboard.UNCLASSIFIED, "new"): "k. A.",
        }
        totals = {line.key: line.total_text for line in table.rows}
        assert totals == {"beschwerde": "6", "lob": "< 5", dashboard.UNCLASSIFIED: "k. A."}
        columns = dict(zip((key for key, _label in table.columns), table.column_texts, strict=True))
        assert columns == {"triaged": "6", "closed": "< 5", "new": "k. A."}
        assert table.total_shown == "13"


def test_office_by_month_and_trend(app: Flask, world: None) -> None:
    with app.app_context():
        board = build()
        table = board.office_by_month
        assert [key for key, _label in table.columns] == ["2026-01", "2026-02", "2026-03"]
        rows = {line.label: line.cells for line in table.rows}
        assert rows == {
            "Geschäftsstelle Diez (DIEZ)": (2, 6, 0),
            "Geschäftsstelle Bad Ems (EMS)": (0, 0, 5),
        }
        assert table.total == 13
        # Diez's 2 in January would follow from its row total 8 − 6: the 6 goes too; it is
        # all of February, so February's total goes with it. Bad Ems and March stay: January
        # plus February is 8, but neither alone can be worked out
        lines = {line.label: (line.texts, line.total_text) for line in table.rows}
        assert lines == {
            "Geschäftsstelle Diez (DIEZ)": (("< 5", "k. A.", "0"), "8"),
            "Geschäftsstelle Bad Ems (EMS)": (("0", "0", "5"), "5"),
        }
        assert table.column_texts == ("< 5", "k. A.", "5")
        assert table.total_shown == "13"
        # no row or column has exactly one hidden count beside a shown total
        groups = [(line.texts, line.total_text) for line in table.rows]
        groups += [
            (tuple(line.texts[j] for line in table.rows), table.column_texts[j])
            for j in range(len(table.columns))
        ]
        for texts, total in groups:
            hidden_here = [text for text in texts if text in ("< 5", "k. A.")]
            assert len(hidden_here) != 1 or not total.isdigit(), (texts, total)
        trend = {point.month: point.text for point in board.trend}
        assert len(board.trend) == 12
        assert board.trend[0].month == "2025-04" and board.trend[-1].month == "2026-03"
        # the period's months in the trend as their column totals above: chart and table agree
        assert (trend["2026-01"], trend["2026-02"], trend["2026-03"]) == ("< 5", "k. A.", "5")
        assert trend["2025-12"] == "0"


def test_filters_narrow_the_counts(app: Flask, world: None) -> None:
    with app.app_context():
        assert build(office_id=office_id("DIEZ")).total == 8
        assert build(office_id=office_id("EMS")).total == 5
        assert build(channel="homepage").total == 5
        assert build(kind="beschwerde").total == 6
        assert build(kind=dashboard.UNCLASSIFIED).total == 5
        ukrainian = build(language="uk")
        assert ukrainian.total == 2
        # a filtered total is a breakdown of its own: hidden when small
        assert ukrainian.kind_by_state.total_shown == "< 5"
        assert build(office_id=office_id("DIEZ"), channel="homepage").total == 0


def test_indicators_compare_with_the_target(app: Flask, world: None) -> None:
    with app.app_context(), force_locale("de"):
        board = build()
        assert board.target == 0.9
        assert board.indicators, "the Rhein-Lahn profile sets deadlines"
        for item in board.indicators:
            assert item.label and item.rule
            if item.share is None:
                assert (item.met, item.symbol, str(item.verdict)) == (None, "–", "keine Aussage")
            else:
                assert item.met == (item.share >= 0.9)
                verdict = "Ziel erreicht" if item.met else "Ziel nicht erreicht"
                assert str(item.verdict) == verdict
                assert item.symbol == ("✓" if item.met else "✗")


def test_indicator_without_enough_cases_shows_no_share() -> None:
    from intake.reports.figures import Deadline

    few, many, few_kept = (
        Deadline("ack", "Eingangsbestätigung", "RL", due=3, kept=3),
        Deadline("answer", "Abschließende Antwort", "RL", due=20, kept=17),
        Deadline("forward", "Weiterleitung an die Teamleitung", "GA 5.3", due=20, kept=2),
    )
    hidden, shown, hidden_kept = dashboard.indicators([few, many, few_kept], 0.9, 5)
    assert (hidden.share, hidden.met, hidden.due_text) == (None, None, "< 5")
    assert (shown.share, shown.met, shown.due_text) == (0.85, False, "20")
    # 2 of 20 kept: the share would give the small count away
    assert (hidden_kept.share, hidden_kept.met, hidden_kept.due_text) == (None, None, "20")


def test_page_is_a_get_form_with_accessible_tables(
    app: Flask, client: FlaskClient, world: None
) -> None:
    make_user(app)
    login(client)
    with app.app_context():
        diez = office_id("DIEZ")
    page = client.get(f"/staff/reports/dashboard?period=2026-Q1&office={diez}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<form method="get" class="filters"' in html
    assert f'<option value="{diez}" selected>' in html
    for label in ("f-period", "f-office", "f-kind", "f-channel", "f-language"):
        assert f'<label for="{label}">' in html
    assert html.count("<caption>") == html.count("<table") == 4
    assert '<th scope="col"' in html and '<th scope="row"' in html
    assert "Nach Art und Bearbeitungsstand" in html
    assert "Ziel" in html
    assert SECRET not in html and "Kowalski" not in html
    assert "Wartemarkensystem" not in html  # Bad Ems filtered out, and never a text anyway


def test_page_refuses_unknown_filters(app: Flask, client: FlaskClient) -> None:
    make_user(app)
    login(client)
    for query in (
        "period=2026-Q5",
        "kind=quatsch",
        "channel=fax",
        "language=xx",
        "office=999",
        "office=abc",
    ):
        assert client.get(f"/staff/reports/dashboard?{query}").status_code == 400, query
    assert client.get("/staff/reports/dashboard").status_code == 200


def test_page_is_for_officers_and_management_only(app: Flask, client: FlaskClient) -> None:
    make_user(app, "lead@example.org", "team_lead", office_code="DIEZ")
    login(client, "lead@example.org")
    assert client.get("/staff/reports/dashboard").status_code == 403


def test_the_report_page_links_the_dashboard_summary_and_xlsx(
    app: Flask, client: FlaskClient, world: None
) -> None:
    make_user(app)
    login(client)
    html = client.get("/staff/reports?period=2026-Q1").get_data(as_text=True)
    links = {
        "/staff/reports/export.xlsx?period=2026-Q1": "XLSX-Export mit Kennzahlen",
        "/staff/reports/dashboard?period=2026-Q1": "Dashboard",
        "/staff/reports/summary": "Monatsübersicht für die Leitungsbesprechung",
    }
    for href, text in links.items():
        assert f'href="{href}"' in html, href
        assert text in html
    assert 'aria-label="Weitere Auswertungen"' in html
    assert client.get("/staff/reports/dashboard?period=2026-Q1").status_code == 200
    assert client.get("/staff/reports/summary").status_code == 200
