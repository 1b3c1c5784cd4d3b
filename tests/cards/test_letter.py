"""The answer letter: DIN 5008 layout, umlauts, vector text, page breaks and page numbers."""

from __future__ import annotations

import re
from pathlib import Path

from cards.letter import LetterSpec, render_letter
from tests.cards import pdftools
from tests.cards.pdftools import MM

SENDER = ("Jobcenter Rhein-Lahn", "Geschäftsstelle Diez", "Schloßberg 2, 65582 Diez")
RECIPIENT = ("Jürgen Weiß", "Große Straße 12", "56130 Bad Ems")


def spec(body: str, **kwargs: object) -> LetterSpec:
    fields: dict[str, object] = {
        "sender_lines": SENDER,
        "recipient_lines": RECIPIENT,
        "place_and_date": "Diez, 12. März 2026",
        "subject": "Antwort auf Ihre Nachricht vom 10.03.2026",
        "body": body,
        **kwargs,
    }
    return LetterSpec(**fields)  # type: ignore[arg-type]


def write(tmp_path: Path, letter: LetterSpec, name: str = "letter") -> Path:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(render_letter(letter))
    return path


def test_one_page_a4_with_umlauts_and_euro_as_embedded_vector_text(tmp_path: Path) -> None:
    body = "Guten Tag Jürgen Weiß,\n\ndie Erstattung über 42,50 € für Fahrtkosten ist veranlasst."
    pdf = write(tmp_path, spec(body, closing_lines=("Mit freundlichen Grüßen",)))
    info = pdftools.pdfinfo(pdf)
    assert info["Pages"] == "1"
    width, height = pdftools.page_size(pdf)
    assert (round(width / MM), round(height / MM)) == (210, 297)
    content = pdftools.text(pdf)
    for expected in (
        "Jürgen Weiß",
        "Große Straße 12",
        "Schloßberg 2",
        "42,50 €",
        "Mit freundlichen Grüßen",
        "Diez, 12. März 2026",
    ):
        assert expected in content, expected
    assert "Seite" not in content  # no page number on a one-page letter
    fonts = pdftools.fonts(pdf)
    assert fonts and all(embedded == "yes" for _name, embedded in fonts)
    assert b"/Subtype /Image" not in pdf.read_bytes()  # text, not a picture of text


def test_address_sits_in_the_window_and_subject_below_it(tmp_path: Path) -> None:
    pdf = write(tmp_path, spec("Text."))
    found = {w.text: w for w in pdftools.words(pdf, 1)}
    for word in ("Jürgen", "Große", "Bad"):  # DIN 5008 form B: 20–105 mm × 45–90 mm
        box = found[word]
        assert box.x0 >= 20 * MM and box.x1 <= 105 * MM, word
        assert box.y0 >= 45 * MM and box.y1 <= 90 * MM, word
    assert found["Antwort"].y0 >= 100 * MM
    assert found["Text."].y0 > found["Antwort"].y1


def test_long_text_runs_onto_numbered_pages_and_keeps_the_closing_together(
    tmp_path: Path,
) -> None:
    paragraphs = [f"Absatz {n}: " + "Wir gehen auf jeden Ihrer Punkte ein. " * 6 for n in range(60)]
    letter = spec(
        "\n\n".join(paragraphs),
        closing_lines=("Mit freundlichen Grüßen",),
        signature_lines=("Geschäftsführung",),
    )
    pdf = write(tmp_path, letter)
    pages = int(pdftools.pdfinfo(pdf)["Pages"])
    assert pages >= 3
    assert "Seite" not in pdftools.text(pdf, 1)
    for page in range(2, pages + 1):
        assert f"Seite {page} von {pages}" in pdftools.text(pdf, page)
    # Every paragraph is there, in order, and nothing is cut.
    everything = pdftools.text(pdf)
    numbers = [int(n) for n in re.findall(r"Absatz (\d+):", everything)]
    assert numbers == list(range(60))
    flowing = " ".join(re.sub(r"Seite \d+ von \d+", "", everything).split())
    assert flowing.count("Wir gehen auf jeden Ihrer Punkte ein.") == 60 * 6
    last = pdftools.text(pdf, pages)
    assert "Mit freundlichen Grüßen" in last and "Geschäftsführung" in last
    # Text stays inside the margins on every page (25 mm left, 20 mm right, 25 mm bottom).
    for page in range(1, pages + 1):
        for word in pdftools.words(pdf, page):
            assert word.x0 >= 20 * MM - 0.5 and word.x1 <= 190 * MM + 0.5, (page, word)
            assert word.y1 <= 297 * MM - 20 * MM, (page, word)


def test_a_long_address_and_a_translated_page_label(tmp_path: Path) -> None:
    many_lines = (
        "Dr. Maria-Magdalena Schüler-Großmann",
        "c/o Familie Özdemir",
        "Hinterhaus, 3. Stock links",
        "Wilhelm-Leuschner-Straße 123a",
        "Postfach 12 34",
        "65582 Diez",
        "Deutschland",
    )
    body = "\n".join(f"Zeile {n}" for n in range(120))
    pdf = write(tmp_path, spec(body, recipient_lines=many_lines, page_label="Page {page}/{pages}"))
    content = pdftools.text(pdf)
    for line in many_lines:
        assert line in content, line
    assert "Page 2/" in pdftools.text(pdf, 2)
    subject = next(w for w in pdftools.words(pdf, 1) if w.text == "Antwort")
    assert subject.y0 >= 100 * MM  # the address pushed nothing into the subject
