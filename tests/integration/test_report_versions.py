"""Report versions: the officer's draft, the frozen final version, new versions, the report page.

The domain part (`intake.reports.documents`) runs on hand-made figures (tests/report_samples.py);
the page part on cases built through the services, reclassified after a final version was
handed in.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from intake.models import AuditEvent, Case, ReportVersion, User
from intake.reports import documents
from intake.reports.documents import FinalizedError, ReportError
from intake.triage import rules
from intake.web.extensions import db
from tests.factories import classify, make_case
from tests.helpers import hidden_fields, login, make_user
from tests.report_samples import sample_figures

D = dt.date

Q3 = "2026-Q3"
PDF_V1 = b"%PDF-1.7\n% Version 1 des Berichts\n%%EOF\n"
PDF_V2 = b"%PDF-1.7\n% Version 2 des Berichts\n%%EOF\n"
CAUSES = (
    "Viele Beschwerden über lange Wartezeiten am Empfang in Diez, vor allem montags.\n\n"
    "Frau Müller hat berichtet, dass Rückrufe oft erst nach einer Woche kommen."
)
RECOMMENDATIONS = (
    "Empfang montags doppelt besetzen. Rückrufzeiten auf der Homepage nennen. "
    "Kevin Schulz soll die Hotline-Zeiten prüfen; Rückfragen unter 0176 5551234."
)


@pytest.fixture
def app_config(tmp_path: Path) -> dict[str, Any]:
    """A staff list with one colleague, whose name must never reach a report."""
    path = tmp_path / "staff_names.txt"
    path.write_text("# Team Eingangszone\nKevin Schulz\n", encoding="utf-8")
    return {"STAFF_NAMES_FILE": str(path), "REPORT_MIN_COUNT": 1}


def client_as(app: Flask, role: str) -> FlaskClient:
    email = f"{role}@example.org"
    make_user(app, email, role)
    visitor = app.test_client()
    login(visitor, email)
    return visitor


def officer_in(session: Session, email: str = "officer@example.org") -> User:
    found = session.scalar(select(User).where(User.email == email))
    assert found is not None
    return found


def actions(session: Session, action: str) -> list[str]:
    return list(
        session.scalars(
            select(AuditEvent.detail).where(AuditEvent.action == action).order_by(AuditEvent.id)
        )
    )


# --- the domain ----------------------------------------------------------------------------


def test_a_draft_is_created_then_updated_with_names_and_numbers_masked(app: Flask) -> None:
    make_user(app)
    with app.app_context():
        officer = officer_in(db.session)
        assert documents.draft(db.session, Q3) is None
        first = documents.save_draft(
            db.session,
            Q3,
            causes="  " + CAUSES + "\n",
            recommendations=RECOMMENDATIONS,
            user=officer,
            staff_names=("Kevin Schulz",),
        )
        db.session.commit()
        assert (first.number, first.status) == (1, "draft")
        assert first.causes.startswith("Viele Beschwerden")  # stripped
        assert "Müller" not in first.causes and "[Name] hat berichtet" in first.causes
        assert "Schulz" not in first.recommendations and "Kevin" not in first.recommendations
        assert "5551234" not in first.recommendations
        assert "Empfang montags doppelt besetzen." in first.recommendations
        assert first.updated_by_id == officer.id

        again = documents.save_draft(
            db.session,
            Q3,
            causes="Wartezeiten am Empfang.",
            recommendations="",
            user=officer,
        )
        db.session.commit()
        assert again.id == first.id and again.number == 1
        assert again.causes == "Wartezeiten am Empfang." and again.recommendations == ""
        count = db.session.scalar(select(func.count()).select_from(ReportVersion))
        assert count == 1
        assert actions(db.session, "report_draft") == [f"{Q3} v1", f"{Q3} v1"]


def test_a_text_over_the_limit_is_refused_and_nothing_stored(app: Flask) -> None:
    with app.app_context():
        with pytest.raises(ReportError, match=r"20\.000 Zeichen"):
            documents.save_draft(
                db.session,
                Q3,
                causes="Wartezeit. " * 2000,
                recommendations="",
                user=None,
            )
        db.session.rollback()
        assert documents.draft(db.session, Q3) is None


def test_finalising_freezes_the_figures_and_the_pdf(app: Flask) -> None:
    make_user(app)
    figures = sample_figures()
    with app.app_context():
        officer = officer_in(db.session)
        documents.save_draft(
            db.session, Q3, causes=CAUSES, recommendations=RECOMMENDATIONS, user=officer
        )
        final = documents.finalize(db.session, Q3, figures=figures, pdf=PDF_V1, user=officer)
        db.session.commit()
        final_id = final.id
    with app.app_context():
        stored = db.session.get(ReportVersion, final_id)
        assert stored is not None
        assert (stored.status, stored.number, stored.pdf) == ("final", 1, PDF_V1)
        assert stored.finalized_by is not None
        assert stored.finalized_by.email == "officer@example.org"
        assert stored.finalized_at is not None
        assert documents.frozen(stored) == figures
        assert documents.draft(db.session, Q3) is None
        assert [v.id for v in documents.versions(db.session, Q3)] == [final_id]
        assert documents.latest_final(db.session, Q3) == stored
        assert documents.final_version(db.session, Q3, 1) == stored
        assert documents.final_version(db.session, Q3, 2) is None
        assert documents.final_version(db.session, "2026-Q2", 1) is None
        assert actions(db.session, "report_final") == [f"{Q3} v1"]


def test_finalising_needs_a_draft_with_text_and_figures_of_the_period(app: Flask) -> None:
    with app.app_context():
        with pytest.raises(ReportError, match="keinen Entwurf"):
            documents.finalize(db.session, Q3, figures=sample_figures(), pdf=PDF_V1, user=None)
        documents.save_draft(db.session, Q3, causes="  \n ", recommendations="", user=None)
        with pytest.raises(ReportError, match="Ursachen oder Empfehlungen"):
            documents.finalize(db.session, Q3, figures=sample_figures(), pdf=PDF_V1, user=None)
        documents.save_draft(db.session, Q3, causes="", recommendations="Mehr Stühle.", user=None)
        other = dataclasses.replace(sample_figures(), period="2026-Q2")
        with pytest.raises(ReportError, match="anderen Zeitraum"):
            documents.finalize(db.session, Q3, figures=other, pdf=PDF_V1, user=None)
        # Recommendations alone are enough.
        final = documents.finalize(db.session, Q3, figures=sample_figures(), pdf=PDF_V1, user=None)
        assert final.status == "final"
        with pytest.raises(ReportError):
            documents.frozen(documents.start_new_version(db.session, Q3, user=None))


def test_a_final_version_is_never_changed_or_deleted(app: Flask) -> None:
    with app.app_context():
        documents.save_draft(db.session, Q3, causes=CAUSES, recommendations="", user=None)
        final = documents.finalize(db.session, Q3, figures=sample_figures(), pdf=PDF_V1, user=None)
        db.session.commit()
        final.causes = "Nachträglich geschönt."
        with pytest.raises(FinalizedError):
            db.session.flush()
        db.session.rollback()
        final.status = "draft"
        with pytest.raises(FinalizedError):
            db.session.flush()
        db.session.rollback()
        db.session.delete(final)
        with pytest.raises(FinalizedError):
            db.session.flush()
        db.session.rollback()
        # Saving a draft now starts version 2 instead of touching version 1.
        second = documents.save_draft(db.session, Q3, causes="Neu", recommendations="", user=None)
        db.session.commit()
        assert second.number == 2
        kept = documents.final_version(db.session, Q3, 1)
        assert kept is not None and kept.causes.startswith("Viele Beschwerden")
        assert kept.pdf == PDF_V1


def test_a_new_version_starts_from_the_last_final_and_both_stay(app: Flask) -> None:
    make_user(app)
    first_figures = sample_figures()
    second_figures = dataclasses.replace(first_figures, total=213, as_of=dt.date(2026, 11, 2))
    with app.app_context():
        officer = officer_in(db.session)
        documents.save_draft(
            db.session, Q3, causes=CAUSES, recommendations=RECOMMENDATIONS, user=officer
        )
        v1 = documents.finalize(db.session, Q3, figures=first_figures, pdf=PDF_V1, user=officer)
        draft = documents.start_new_version(db.session, Q3, user=officer)
        assert (draft.number, draft.status) == (2, "draft")
        assert (draft.causes, draft.recommendations) == (v1.causes, v1.recommendations)
        assert documents.start_new_version(db.session, Q3, user=officer) is draft
        documents.save_draft(
            db.session,
            Q3,
            causes=v1.causes,
            recommendations=v1.recommendations + "\n\nNachtrag: eine Beschwerde neu eingeordnet.",
            user=officer,
        )
        documents.finalize(db.session, Q3, figures=second_figures, pdf=PDF_V2, user=officer)
        db.session.commit()
    with app.app_context():
        found = documents.versions(db.session, Q3)
        assert [v.number for v in found] == [2, 1]
        assert [v.pdf for v in found] == [PDF_V2, PDF_V1]
        assert documents.frozen(found[0]).total == 213
        assert documents.frozen(found[1]) == first_figures
        assert "Nachtrag" in found[0].recommendations
        assert "Nachtrag" not in found[1].recommendations
        assert documents.versions(db.session, "2026-Q2") == []


def test_two_finalisations_of_one_draft_make_exactly_one_final_version(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second request read the draft before the first committed; its UPDATE finds none."""
    with app.app_context():
        documents.save_draft(db.session, Q3, causes=CAUSES, recommendations="", user=None)
        db.session.commit()
        engine = db.engine
    first = Session(engine)
    documents.finalize(first, Q3, figures=sample_figures(), pdf=PDF_V1, user=None)
    read_the_draft = threading.Event()
    original = documents.draft

    def draft_then_signal(session: Session, key: str) -> ReportVersion | None:
        found = original(session, key)
        read_the_draft.set()
        return found

    monkeypatch.setattr(documents, "draft", draft_then_signal)
    outcome: dict[str, str] = {}

    def second_request() -> None:
        with Session(engine) as second:
            try:
                documents.finalize(second, Q3, figures=sample_figures(), pdf=PDF_V2, user=None)
                second.commit()
                outcome["second"] = "final"
            except FinalizedError:
                second.rollback()
                outcome["second"] = "refused"

    worker = threading.Thread(target=second_request)
    worker.start()
    assert read_the_draft.wait(10)
    time.sleep(0.3)  # the second request now waits for the first one's row (or write) lock
    first.commit()
    first.close()
    worker.join(30)
    monkeypatch.undo()
    assert outcome == {"second": "refused"}
    with app.app_context():
        rows = list(db.session.scalars(select(ReportVersion)))
        assert [(row.number, row.status, row.pdf) for row in rows] == [(1, "final", PDF_V1)]
        assert actions(db.session, "report_final") == [f"{Q3} v1"]


def test_a_save_for_a_version_finalised_meanwhile_is_refused(app: Flask) -> None:
    """A second click (or another tab) on version 1 never starts version 2 on its own."""
    with app.app_context():
        documents.save_draft(db.session, Q3, causes=CAUSES, recommendations="", user=None, number=1)
        documents.finalize(db.session, Q3, figures=sample_figures(), pdf=PDF_V1, user=None)
        db.session.commit()
        with pytest.raises(FinalizedError):
            documents.save_draft(
                db.session, Q3, causes="Noch einmal", recommendations="", user=None, number=1
            )
        db.session.rollback()
        assert documents.draft(db.session, Q3) is None
        assert documents.next_number(db.session, Q3) == 2


# --- the report page -----------------------------------------------------------------------

PAGE = "/staff/reports?period=2026-Q3"
BASE = "/staff/reports/2026-Q3"
COMPLAINTS = (
    "Seit drei Wochen wartet mein Antrag auf Bearbeitung, niemand ruft zurück.",
    "Am Empfang musste ich zwei Stunden warten, obwohl ich einen Termin hatte.",
    "Die Briefe vom Amt verstehe ich nicht, bitte einfacher schreiben.",
)


def seed_cases(app: Flask) -> list[int]:
    """Three complaints and a praise in July to September 2026, classified by the officer."""
    with app.app_context():
        made = [
            make_case(db.session, "triaged", kind="complaint", text=text, received_on=day)
            for text, day in zip(
                COMPLAINTS, (D(2026, 7, 6), D(2026, 8, 10), D(2026, 9, 14)), strict=True
            )
        ]
        made.append(
            make_case(
                db.session,
                "closed",
                kind="praise",
                text="Herzlichen Dank an das Team in Diez für die schnelle Hilfe!",
                received_on=D(2026, 8, 20),
            )
        )
        db.session.commit()
        return [case.id for case in made]


def page_form(client: FlaskClient, url: str = PAGE) -> dict[str, str]:
    html = client.get(url).get_data(as_text=True)
    version = re.search(r'name="version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="version"', html)
    assert version is not None, "no draft form on the page"
    return {**hidden_fields(html), "version": version.group(1) or version.group(2)}


def figures_part(html: str) -> str:
    """The report's figure sections (up to the officer's texts), as a page shows them."""
    start = html.index('id="report-overview"')
    return html[start : html.index('id="report-causes"', start)]


def test_the_report_page_shows_live_figures_the_draft_form_and_case_links(app: Flask) -> None:
    seed_cases(app)
    officer = client_as(app, "officer")
    page = officer.get(PAGE)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "KRM-Bericht 3. Quartal 2026" in html
    assert "Ursachen besonderer oder wiederkehrender Reaktionen</label>" in html
    assert "Empfehlungen</label>" in html
    assert "Entwurf speichern" in html and "Endfassung erstellen" in html
    assert 'formaction="/staff/reports/2026-Q3/final"' in html
    assert "/staff/inbox?period=2026-Q3&amp;krm=beschwerde&amp;status=all" in html
    assert "/staff/inbox?period=2026-Q3&amp;justified=1&amp;status=all" in html
    assert "/staff/inbox?period=2026-Q3&amp;risk=1&amp;status=all" in html
    assert "/staff/high-risk" in html
    assert "/staff/reports/2026-Q3/draft.pdf" in html
    for text in (*COMPLAINTS, "Herzlichen Dank"):
        assert text not in html  # no case text on the report
    month = officer.get("/staff/reports?period=2026-08")
    assert month.status_code == 200
    assert "KRM-Bericht August 2026" in month.get_data(as_text=True)
    assert officer.get("/staff/reports/2026-Q5/v1").status_code == 404
    assert officer.get(f"{BASE}/v1").status_code == 404  # nothing finalised yet
    draft_pdf = officer.get(f"{BASE}/draft.pdf")
    assert draft_pdf.status_code == 200 and draft_pdf.data.startswith(b"%PDF")
    assert draft_pdf.headers["Content-Type"] == "application/pdf"


def test_finalised_report_stays_when_a_case_is_reclassified(app: Flask) -> None:
    ids = seed_cases(app)
    officer = client_as(app, "officer")
    saved = officer.post(
        f"{BASE}/draft",
        data={
            **page_form(officer),
            "causes": CAUSES,
            "recommendations": RECOMMENDATIONS,
        },
    )
    assert saved.status_code == 302
    html = officer.get(PAGE).get_data(as_text=True)
    assert "Entwurf (Version 1) gespeichert." in html
    assert "[Name] hat berichtet" in html
    for leaked in ("Müller", "Schulz", "5551234"):
        assert leaked not in html, leaked

    final = officer.post(
        f"{BASE}/final",
        data={**page_form(officer), "causes": CAUSES, "recommendations": RECOMMENDATIONS},
    )
    assert final.status_code == 302 and final.headers["Location"] == f"{BASE}/v1"
    version_html = officer.get(f"{BASE}/v1").get_data(as_text=True)
    assert "Endfassung Version 1" in version_html
    assert "officer@example.org" in version_html  # who finalised, on the staff page only
    pdf = officer.get(f"{BASE}/v1.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert 'filename="krm-bericht-2026-q3-v1.pdf"' in pdf.headers["Content-Disposition"]
    assert figures_part(version_html) == figures_part(officer.get(PAGE).get_data(as_text=True))
    with app.app_context():
        stored = documents.final_version(db.session, Q3, 1)
        assert stored is not None and stored.pdf == pdf.data
        frozen_before = documents.frozen(stored)
        assert {row.key: row.count for row in frozen_before.by_kind}["beschwerde"] == 3

    # Later, the officer decides that one "complaint" is really an idea.
    with app.app_context():
        case = db.session.get(Case, ids[2])
        assert case is not None
        classify(db.session, case, None, "idee", rules.PROFILES["rhein-lahn"])
        db.session.commit()
    live = officer.get(PAGE).get_data(as_text=True)
    after = officer.get(f"{BASE}/v1").get_data(as_text=True)
    assert figures_part(after) == figures_part(version_html)
    assert figures_part(live) != figures_part(after)
    assert officer.get(f"{BASE}/v1.pdf").data == pdf.data
    with app.app_context():
        stored = documents.final_version(db.session, Q3, 1)
        assert stored is not None and documents.frozen(stored) == frozen_before
        assert {row.key: row.count for row in frozen_before.by_kind}["beschwerde"] == 3

    # A second version follows, with the texts of the first; both stay.
    page = officer.get(PAGE).get_data(as_text=True)
    assert "Neue Version beginnen" in page and "Entwurf speichern" not in page
    started = officer.post(f"{BASE}/new", data=hidden_fields(page))
    assert started.status_code == 302
    form = page_form(officer)
    assert form["version"] == "2"
    second = officer.post(
        f"{BASE}/final",
        data={
            **form,
            "causes": CAUSES,
            "recommendations": RECOMMENDATIONS + "\n\nNachtrag: ein Fall neu eingeordnet (Idee).",
        },
    )
    assert second.headers["Location"] == f"{BASE}/v2"
    listing = officer.get(PAGE).get_data(as_text=True)
    assert f"{BASE}/v1.pdf" in listing and f"{BASE}/v2.pdf" in listing
    assert officer.get(f"{BASE}/v1.pdf").data == pdf.data
    assert officer.get(f"{BASE}/v2.pdf").data != pdf.data
    with app.app_context():
        newest = documents.final_version(db.session, Q3, 2)
        assert newest is not None
        assert {row.key: row.count for row in documents.frozen(newest).by_kind}["beschwerde"] == 2
        assert actions(db.session, "report_final") == [f"{Q3} v1", f"{Q3} v2"]


def test_a_second_click_on_finalise_makes_no_second_version(app: Flask) -> None:
    officer = client_as(app, "officer")
    form = {**page_form(officer), "causes": "", "recommendations": "Empfang montags verstärken."}
    assert officer.post(f"{BASE}/final", data=form).status_code == 302
    again = officer.post(f"{BASE}/final", data=form, follow_redirects=True)
    assert "inzwischen als Endfassung abgeschlossen" in again.get_data(as_text=True)
    with app.app_context():
        rows = list(db.session.scalars(select(ReportVersion)))
        assert [(row.number, row.status) for row in rows] == [(1, "final")]


def test_finalising_without_any_text_is_refused(app: Flask) -> None:
    officer = client_as(app, "officer")
    refused = officer.post(
        f"{BASE}/final", data={**page_form(officer), "causes": " ", "recommendations": ""}
    )
    assert refused.status_code == 422
    assert "Bitte schreiben Sie Ursachen oder Empfehlungen" in refused.get_data(as_text=True)
    too_long = officer.post(
        f"{BASE}/draft",
        data={**page_form(officer), "causes": "x" * 20_001, "recommendations": ""},
    )
    assert too_long.status_code == 422
    assert "Höchstens 20.000 Zeichen." in too_long.get_data(as_text=True)
    with app.app_context():
        assert documents.versions(db.session, Q3) == []


def test_management_reads_and_downloads_but_never_writes(app: Flask) -> None:
    officer = client_as(app, "officer")
    officer.post(
        f"{BASE}/final",
        data={**page_form(officer), "causes": CAUSES, "recommendations": RECOMMENDATIONS},
    )
    management = client_as(app, "management")
    page = management.get(PAGE)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Entwurf speichern" not in html and "Neue Version beginnen" not in html
    assert "/staff/inbox" not in html  # management has no inbox; the high-risk list it has
    assert management.get(f"{BASE}/v1").status_code == 200
    assert management.get(f"{BASE}/v1.pdf").data.startswith(b"%PDF")
    token = hidden_fields(html)
    for action in ("draft", "final", "new"):
        response = management.post(
            f"{BASE}/{action}",
            data={**token, "causes": "Geändert", "recommendations": "", "version": "2"},
        )
        assert response.status_code == 403, action
    lead = client_as(app, "team_lead")
    for url in (PAGE, f"{BASE}/v1", f"{BASE}/v1.pdf", f"{BASE}/draft.pdf"):
        assert lead.get(url).status_code == 403, url
    with app.app_context():
        assert [v.number for v in documents.versions(db.session, Q3)] == [1]
        assert documents.draft(db.session, Q3) is None


# --- review of issue 11: edges -------------------------------------------------------------


def test_a_version_number_too_long_for_the_database_is_not_found(app: Flask) -> None:
    officer = client_as(app, "officer")
    for url in (
        f"{BASE}/v99999999999999999999",
        f"{BASE}/v99999999999999999999.pdf",
        f"{BASE}/v2147483648",
        f"{BASE}/v1000000.pdf",
    ):
        assert officer.get(url).status_code == 404, url


def other_tab_saves_first(app: Flask, monkeypatch: pytest.MonkeyPatch, start: bool) -> None:
    """Between this request's reads ("no draft, next number 1") and its insert, another tab
    creates that draft and commits (the race, made to happen every time)."""
    original = documents.next_number
    fired: list[bool] = []

    def read_then_other_tab(session: Session, period_key: str) -> int:
        number = original(session, period_key)
        if not fired:
            fired.append(True)
            with Session(db.engine) as other:
                if start:
                    documents.start_new_version(other, period_key, user=None)
                else:
                    documents.save_draft(
                        other,
                        period_key,
                        causes="Text aus dem anderen Tab.",
                        recommendations="",
                        user=None,
                        number=number,
                    )
                other.commit()
        return number

    monkeypatch.setattr(documents, "next_number", read_then_other_tab)


def this_tab(start: bool) -> None:
    if start:
        documents.start_new_version(db.session, Q3, user=None)
    else:
        documents.save_draft(db.session, Q3, causes=CAUSES, recommendations="", user=None, number=1)


@pytest.mark.parametrize("start", [False, True], ids=["save_draft", "start_new_version"])
def test_two_tabs_creating_the_draft_at_once_make_one_draft(
    app: Flask, monkeypatch: pytest.MonkeyPatch, start: bool
) -> None:
    with app.app_context():
        other_tab_saves_first(app, monkeypatch, start)
        with pytest.raises(documents.DraftExistsError, match="von anderer Stelle angelegt"):
            this_tab(start)
        db.session.rollback()
        monkeypatch.undo()
        rows = list(db.session.scalars(select(ReportVersion)))
        assert [(row.number, row.status) for row in rows] == [(1, "draft")]
        assert "Wartezeiten" not in rows[0].causes  # the other tab's draft, not overwritten


@pytest.mark.parametrize("action", ["draft", "final", "new"])
def test_two_tabs_on_the_page_get_a_message_instead_of_an_error(
    app: Flask, monkeypatch: pytest.MonkeyPatch, action: str
) -> None:
    officer = client_as(app, "officer")
    form = {**page_form(officer), "causes": CAUSES, "recommendations": RECOMMENDATIONS}
    with app.app_context():
        other_tab_saves_first(app, monkeypatch, start=action == "new")
        response = officer.post(f"{BASE}/{action}", data=form)
    monkeypatch.undo()
    assert response.status_code == 302
    assert response.headers["Location"] == f"{PAGE}#entwurf"
    page = officer.get(PAGE).get_data(as_text=True)
    assert (
        "Der Entwurf wurde inzwischen von anderer Stelle angelegt – "
        "bitte prüfen und erneut speichern."
    ) in page
    with app.app_context():
        rows = list(db.session.scalars(select(ReportVersion)))
        assert [(row.number, row.status) for row in rows] == [(1, "draft")]
        assert "Wartezeiten" not in rows[0].causes
    # Looked at the other tab's draft, the officer saves again: that works.
    saved = officer.post(
        f"{BASE}/draft",
        data={**page_form(officer), "causes": CAUSES, "recommendations": RECOMMENDATIONS},
    )
    assert saved.status_code == 302
    with app.app_context():
        found = documents.draft(db.session, Q3)
        assert found is not None and found.number == 1 and "Wartezeiten" in found.causes


def test_a_final_version_with_figures_of_an_older_schema_still_shows(app: Flask) -> None:
    """Figures stored before a `figures.SCHEMA` bump: the page shows the texts and the PDF."""
    officer = client_as(app, "officer")
    with app.app_context():
        db.session.add(
            ReportVersion(
                period=Q3,
                number=1,
                status="final",
                causes="Lange Wartezeiten am Empfang in Diez.\n\nRückrufe kommen zu spät.",
                recommendations="Empfang montags doppelt besetzen.",
                figures='{"schema": 0, "gesamt": 213}',
                pdf=PDF_V1,
                finalized_at=dt.datetime(2026, 10, 14, 9, 30, tzinfo=dt.UTC),
            )
        )
        db.session.commit()
        stored = documents.final_version(db.session, Q3, 1)
        assert stored is not None and documents.stored_figures(stored) is None
    page = officer.get(f"{BASE}/v1")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Endfassung Version 1" in html
    assert "Sie stehen vollständig im PDF der Endfassung" in html
    assert 'href="/staff/reports/2026-Q3/v1.pdf"' in html
    assert '<p class="officer-text">Lange Wartezeiten am Empfang in Diez.</p>' in html
    assert '<p class="officer-text">Rückrufe kommen zu spät.</p>' in html
    assert "Empfang montags doppelt besetzen." in html
    assert 'id="report-overview"' not in html and "Zahlen mit Stand vom" not in html
    assert officer.get(f"{BASE}/v1.pdf").data == PDF_V1
    assert officer.get(PAGE).status_code == 200  # the report page lists it too
