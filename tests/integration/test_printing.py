"""Print runs end to end: CLI and back office, QR codes read back by a real decoder."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from intake.models import AuditEvent, CardRequest, Case, Office, PrintBatch
from intake.web.extensions import db
from tests.cards import pdftools
from tests.helpers import hidden_fields, login, make_user, submit


def office_id_of(app: Flask, code: str) -> int:
    with app.app_context():
        found = db.session.scalar(select(Office.id).where(Office.code == code))
    assert found is not None
    return found


def decoded_urls(pdf: Path, tmp_path: Path) -> list[str]:
    out = tmp_path / f"pages-{pdf.stem}"
    out.mkdir()
    pages = pdftools.render_pages(pdf, out, dpi=150)
    return [code.text for page in pages for code in pdftools.decode_qr(page)]


def opens_office_form(client: FlaskClient, url: str, office_name: str) -> bool:
    parts = urlsplit(url)
    response = client.get(parts.path)
    html = response.get_data(as_text=True)
    assert response.status_code == 200, (parts.path, response.status_code, html[:2000])
    return office_name in html


def test_cli_prints_cards_whose_qr_codes_open_the_office_form(
    app: Flask, runner: FlaskCliRunner, client: FlaskClient, tmp_path: Path
) -> None:
    app.config["PUBLIC_BASE_URL"] = "https://feedback.example"
    out = tmp_path / "diez.pdf"
    result = runner.invoke(
        args=[
            "cards",
            "print",
            "--office",
            "diez",
            "--layout",
            "card",
            "--count",
            "50",
            "-o",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        batch = db.session.scalar(select(PrintBatch))
        assert batch is not None
        assert (batch.layout, batch.count, batch.created_via) == ("card", 50, "cli")
    assert pdftools.pdfinfo(out)["Pages"] == "26"  # 13 sheets, fronts and backs
    assert pdftools.page_size(out) == pytest.approx((595.28, 841.89), abs=1)
    assert "Geschäftsstelle Diez" in pdftools.text(out, 1)
    urls = decoded_urls(out, tmp_path)
    assert len(urls) == 50  # one per card; the last sheet's two empty slots stay empty
    assert set(urls) == {f"HTTPS://FEEDBACK.EXAMPLE/M/DIEZ/K{batch.id}"}
    assert opens_office_form(client, urls[0], "Geschäftsstelle Diez")
    assert f"feedback.example/m/diez/k{batch.id}" in pdftools.text(out, 1)


def test_cli_posters_and_english_cards(
    app: Flask, runner: FlaskCliRunner, client: FlaskClient, tmp_path: Path
) -> None:
    out = tmp_path / "poster.pdf"
    result = runner.invoke(
        args=[
            "cards",
            "print",
            "--office",
            "EMS",
            "--layout",
            "poster-a3",
            "--count",
            "2",
            "-o",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    assert pdftools.pdfinfo(out)["Pages"] == "2"
    assert pdftools.page_size(out) == pytest.approx((841.89, 1190.55), abs=1)
    [url, _second] = decoded_urls(out, tmp_path)
    assert re.search(r"/M/EMS/P\d+$", url)
    assert opens_office_form(client, url, "Geschäftsstelle Bad Ems")
    english = tmp_path / "en.pdf"
    result = runner.invoke(
        args=[
            "cards",
            "print",
            "--office",
            "DIEZ",
            "--layout",
            "card",
            "--count",
            "60",
            "--lang",
            "en",
            "-o",
            str(english),
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Your opinion matters" in pdftools.text(english, 1)


@pytest.mark.parametrize(
    "args,message",
    [
        (["--office", "NOPE", "--layout", "card", "--count", "100"], "no active office NOPE"),
        (["--office", "OLD", "--layout", "card", "--count", "100"], "no active office OLD"),
        (["--office", "DIEZ", "--layout", "card", "--count", "49"], "at least 50"),
    ],
)
def test_cli_refusals_leave_no_file_and_no_batch(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path, args: list[str], message: str
) -> None:
    folder = tmp_path / "print"
    folder.mkdir()
    result = runner.invoke(args=["cards", "print", *args, "-o", str(folder / "x.pdf")])
    assert result.exit_code != 0 and message in result.output
    assert list(folder.iterdir()) == []
    with app.app_context():
        assert db.session.scalar(select(PrintBatch)) is None


def test_cli_unwritable_path(runner: FlaskCliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        args=[
            "cards",
            "print",
            "--office",
            "DIEZ",
            "--layout",
            "poster-a4",
            "--count",
            "1",
            "-o",
            str(tmp_path / "missing" / "x.pdf"),
        ]
    )
    assert result.exit_code != 0 and "cannot write" in result.output


def test_cli_qr_alone(runner: FlaskCliRunner, client: FlaskClient, tmp_path: Path) -> None:
    png, svg = tmp_path / "qr.png", tmp_path / "qr.svg"
    assert (
        runner.invoke(
            args=[
                "cards",
                "qr",
                "--office",
                "diez",
                "--format",
                "png",
                "--size",
                "400",
                "-o",
                str(png),
            ]
        ).exit_code
        == 0
    )
    assert (
        runner.invoke(
            args=["cards", "qr", "--office", "diez", "--format", "svg", "-o", str(svg)]
        ).exit_code
        == 0
    )
    [code] = pdftools.decode_qr(png)
    assert code.text.endswith("/M/DIEZ/W")
    assert opens_office_form(client, code.text, "Geschäftsstelle Diez")
    assert svg.read_text().startswith("<?xml") or "<svg" in svg.read_text()


def test_back_office_preview_and_print(app: Flask, client: FlaskClient) -> None:
    make_user(app, "service@example.org", "service")
    login(client, "service@example.org")
    office_id = office_id_of(app, "DIEZ")
    query = f"office={office_id}&layout=card&language=de&count=100"
    preview = client.get(f"/staff/cards?{query}")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "PDF erzeugen" in html
    image = client.get(f"/staff/cards/preview.png?office={office_id}&layout=card&language=de")
    assert image.status_code == 200 and image.data.startswith(b"\x89PNG")
    with client.post(
        "/staff/cards/print",
        data={
            "office": office_id,
            "layout": "card",
            "language": "de",
            "count": "100",
            **hidden_fields(html),
        },
    ) as pdf:
        assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
        assert pdf.data.startswith(b"%PDF")
        assert "attachment" in pdf.headers["Content-Disposition"]
    with app.app_context():
        batch = db.session.scalar(select(PrintBatch))
        assert batch is not None and batch.count == 100 and batch.created_by is not None
        assert (
            db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "print_batch"))
            == "print_batch"
        )
    too_few = client.get(f"/staff/cards?office={office_id}&layout=card&language=de&count=10")
    assert "mindestens 50" in too_few.get_data(as_text=True)


def test_requests_flow_from_team_lead_to_service(app: Flask) -> None:
    make_user(app, "lead@example.org", "team_lead")
    make_user(app, "service@example.org", "service")
    lead, service = app.test_client(), app.test_client()
    login(lead, "lead@example.org")
    login(service, "service@example.org")
    office_id = office_id_of(app, "EMS")
    page = lead.get("/staff/card-requests/new").get_data(as_text=True)
    lead.post(
        "/staff/card-requests/new",
        data={
            "office": office_id,
            "layout": "card",
            "count": "300",
            "note": "Wartebereich",
            **hidden_fields(page),
        },
    )
    listing = service.get("/staff/cards").get_data(as_text=True)
    assert "Wartebereich" in listing and "300" in listing
    request_id = re.search(r"request_id=(\d+)", listing).group(1)  # type: ignore[union-attr]
    service.post(
        "/staff/cards/print",
        data={
            "office": office_id,
            "layout": "card",
            "language": "de",
            "count": "300",
            "request_id": request_id,
            **hidden_fields(listing),
        },
    ).close()
    with app.app_context():
        card_request = db.session.get(CardRequest, int(request_id))
        assert card_request is not None and card_request.status == "done"
        assert card_request.batch_id is not None
    assert "Wartebereich" not in service.get("/staff/cards").get_data(as_text=True)


def test_submissions_are_counted_per_batch_and_medium(
    app: Flask, client: FlaskClient, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    runner.invoke(
        args=[
            "cards",
            "print",
            "--office",
            "DIEZ",
            "--layout",
            "card",
            "--count",
            "50",
            "-o",
            str(tmp_path / "a.pdf"),
        ]
    )
    with app.app_context():
        batch_id = db.session.scalar(select(PrintBatch.id))
    for _ in range(3):
        submit(client, f"/m/diez/k{batch_id}")
    submit(client, f"/m/diez/p{batch_id}")  # another medium: not this batch's cards
    make_user(app, "officer@example.org", "officer")
    login(client)
    html = client.get("/staff/cards/batches").get_data(as_text=True)
    row = html.split(f"<td>{batch_id}</td>")[1].split("</tr>")[0]
    assert row.rstrip().endswith("<td>3</td>")


def test_paper_cards_are_masked_and_fast_to_key(app: Flask, client: FlaskClient) -> None:
    make_user(app)
    login(client)
    office_id = office_id_of(app, "DIEZ")
    page = client.get("/staff/paper-cards").get_data(as_text=True)
    response = client.post(
        "/staff/paper-cards",
        data={
            "office": office_id,
            "received_on": "2026-11-20",
            "kind": "complaint",
            "rating": "1",
            "text": "Frau Meier war unfreundlich. Tel. 0176 12345678",
            **hidden_fields(page),
        },
    )
    assert response.status_code == 302
    assert f"office={office_id}" in response.headers["Location"]
    again = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Karte gespeichert." in again and f'<option selected value="{office_id}"' in again
    with app.app_context():
        row = db.session.scalar(select(Case))
        assert row is not None and row.channel == "paper_card"
        assert "0176" not in row.text and "[Telefonnummer entfernt]" in row.text
        assert row.receipt_hash is None and str(row.received_on) == "2026-11-20"
