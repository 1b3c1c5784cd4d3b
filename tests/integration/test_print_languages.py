"""Print runs in the customers' languages and the multilingual card, from the app.

The translated wording comes from catalogs other people write; these tests only rely on
the language's script and direction, the fonts, the QR codes and where they lead.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from intake.models import PrintBatch
from intake.printing import services as printing
from intake.web.extensions import db
from tests.cards import pdftools
from tests.helpers import hidden_fields, login, make_user
from tests.integration.test_printing import decoded_urls, office_id_of


def print_cli(runner: FlaskCliRunner, out: Path, layout: str, count: int, lang: str) -> str:
    result = runner.invoke(
        args=[
            "cards",
            "print",
            "--office",
            "diez",
            "--layout",
            layout,
            "--count",
            str(count),
            "--lang",
            lang,
            "-o",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    return result.output


def fonts(pdf: Path) -> set[str]:
    found = pdftools.fonts(pdf)
    assert all(embedded == "yes" for _, embedded in found), found
    return {name.split("+", 1)[-1] for name, _ in found}


def test_cli_prints_a_multilingual_card_leading_to_the_language_choice(
    app: Flask, runner: FlaskCliRunner, client: FlaskClient, tmp_path: Path
) -> None:
    app.config["PUBLIC_BASE_URL"] = "https://feedback.example"
    out = tmp_path / "mul.pdf"
    output = print_cli(runner, out, "card", 50, "mul")
    with app.app_context():
        batch = db.session.scalar(select(PrintBatch))
        assert batch is not None and batch.language == "mul"
    assert f"feedback.example/l/diez/k{batch.id}" in output
    urls = decoded_urls(out, tmp_path)
    assert len(urls) == 50 and set(urls) == {f"HTTPS://FEEDBACK.EXAMPLE/L/DIEZ/K{batch.id}"}
    page = client.get(urlsplit(urls[0]).path)
    assert page.status_code == 200, page.status_code
    assert "Geschäftsstelle Diez" in page.get_data(as_text=True)
    text = pdftools.text(out, 1)
    assert "Ihre Meinung zählt" in text
    assert "Ihre Meinung zählt – scannen Sie den Code." in text  # the German line


def test_multilingual_lines_come_from_each_offered_language(app: Flask) -> None:
    with app.test_request_context():
        lines = printing.multilingual_lines(("de", "de-x-ls", "uk", "ar"))
    codes = [code for code, _ in lines]
    assert codes[0] == "de" and len({text for _, text in lines}) == len(lines)
    # A catalog that does not translate the line yet repeats nothing: its line is left out.
    assert set(codes) <= {"de", "de-x-ls", "uk", "ar"}


@pytest.mark.parametrize("lang", ["ar", "fa"])
def test_cli_prints_right_to_left_cards(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path, lang: str
) -> None:
    out = tmp_path / f"{lang}.pdf"
    print_cli(runner, out, "poster-a4", 1, lang)
    [url] = decoded_urls(out, tmp_path)
    assert re.search(r"/M/DIEZ/P\d+$", url)
    assert "DejaVuSans" in fonts(out)
    with app.app_context():
        batch = db.session.scalar(select(PrintBatch))
        assert batch is not None and batch.language == lang


def test_cli_refuses_an_unknown_language(runner: FlaskCliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        args=[
            *("cards", "print", "--office", "diez", "--layout", "card", "--count", "50"),
            *("--lang", "xx", "-o", str(tmp_path / "x.pdf")),
        ]
    )
    assert result.exit_code != 0 and "xx" in result.output


def test_back_office_offers_and_prints_the_multilingual_card(
    app: Flask, client: FlaskClient
) -> None:
    make_user(app, "service@example.org", "service")
    login(client, "service@example.org")
    office_id = office_id_of(app, "DIEZ")
    page = client.get("/staff/cards").get_data(as_text=True)
    assert re.search(r'<option value="mul">Mehrsprachig</option>', page)
    assert re.search(r'<option value="fa">Persisch \(Farsi/Dari\)</option>', page)
    query = f"office={office_id}&layout=poster-a4&language=mul&count=1"
    preview = client.get(f"/staff/cards?{query}")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "PDF erzeugen" in html
    image = client.get(f"/staff/cards/preview.png?office={office_id}&layout=card&language=mul")
    assert image.status_code == 200 and image.data.startswith(b"\x89PNG")
    with client.post(
        "/staff/cards/print",
        data={
            "office": office_id,
            "layout": "poster-a4",
            "language": "mul",
            "count": "1",
            **hidden_fields(html),
        },
    ) as pdf:
        assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    with app.app_context():
        batch = db.session.scalar(select(PrintBatch))
        assert batch is not None and (batch.layout, batch.language) == ("poster-a4", "mul")
