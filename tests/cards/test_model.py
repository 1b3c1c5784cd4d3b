"""Input validation: settings mappings, colours, specs and batch sizes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from cards import (
    MIN_BATCH_DEFAULT,
    BatchTooSmall,
    Branding,
    CardOffice,
    CardSpec,
    CardTexts,
    plan_pdf,
    render_pdf,
)
from tests.cards.conftest import URL, make_spec


def test_texts_from_mapping_ignores_unknown_keys() -> None:
    texts = CardTexts.from_mapping(
        {
            "call_to_action": "Deine Meinung zählt",
            "rating_labels": ["1", "2", "3", "4", "5"],
            "contact_box": False,
            "smtp_host": "mail.example.de",  # belongs to another part of the app
        }
    )
    assert texts.call_to_action == "Deine Meinung zählt"
    assert texts.rating_labels == ("1", "2", "3", "4", "5")
    assert texts.contact_box is False
    assert texts.subline == CardTexts().subline


def test_texts_from_mapping_rejects_wrong_types() -> None:
    with pytest.raises(TypeError, match="call_to_action must be str"):
        CardTexts.from_mapping({"call_to_action": 42})
    with pytest.raises(TypeError, match="rating_labels"):
        CardTexts.from_mapping({"rating_labels": "sehr gut"})
    with pytest.raises(ValueError, match="five"):
        CardTexts.from_mapping({"rating_labels": ["gut", "schlecht"]})


def test_default_texts_are_the_agreed_german_wording() -> None:
    texts = CardTexts()
    assert texts.call_to_action == "Ihre Meinung zählt"
    assert texts.anonymity == (
        "Anonym: Wir speichern keine IP-Adresse und fragen nicht nach Ihrem Namen."
    )
    assert texts.rating_labels == ("sehr gut", "gut", "geht so", "schlecht", "sehr schlecht")
    assert (texts.kind_praise, texts.kind_idea, texts.kind_criticism) == ("Lob", "Idee", "Kritik")


def test_branding_from_mapping_takes_logo_path_and_checks_contrast(tmp_path: Path) -> None:
    branding = Branding.from_mapping(
        {"organisation": "Jobcenter Diez", "logo": str(tmp_path / "logo.svg"), "other": 1}
    )
    assert branding.logo == tmp_path / "logo.svg"
    assert branding.primary_colour == "#00457D"
    with pytest.raises(ValueError, match=r"contrast 1\.\d:1"):
        Branding(primary_colour="#FFD700")  # gold on white is unreadable
    with pytest.raises(ValueError, match="#00457D"):
        Branding(primary_colour="blue")
    with pytest.raises(TypeError, match="logo must be"):
        Branding.from_mapping({"logo": 42})


def test_spec_validation() -> None:
    office = CardOffice("Diez")
    with pytest.raises(ValueError, match="layout"):
        CardSpec(office, URL, URL.upper(), "flyer")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="spaces"):
        CardSpec(office, "https://x.de/a b", "X", "card")
    with pytest.raises(ValueError, match="language"):
        CardSpec(office, URL, URL.upper(), "card", language="deutsch!")
    with pytest.raises(ValueError, match="name"):
        CardOffice(" ")


def test_batch_too_small_is_bilingual_and_below_minimum_only() -> None:
    assert MIN_BATCH_DEFAULT == 50
    with pytest.raises(BatchTooSmall) as caught:
        plan_pdf(make_spec(), 49)
    message = str(caught.value)
    assert "Auflage zu klein: 49 Karten" in message
    assert "Batch too small: 49 cards" in message
    assert isinstance(caught.value, ValueError)
    assert (caught.value.count, caught.value.minimum) == (49, 50)
    assert plan_pdf(make_spec(), 50).items == 50
    assert plan_pdf(make_spec(), 10, min_batch=10).items == 10


def test_batch_too_small_writes_nothing() -> None:
    out = io.BytesIO()
    with pytest.raises(BatchTooSmall):
        render_pdf(make_spec(), 49, out)
    assert out.getvalue() == b""


def test_posters_have_no_minimum() -> None:
    assert plan_pdf(make_spec("poster-a4"), 1).total_pages == 1


def test_request_errors() -> None:
    with pytest.raises(ValueError, match="one layout"):
        plan_pdf([make_spec("card"), make_spec("poster-a3")], 60)
    with pytest.raises(ValueError, match="positive"):
        plan_pdf(make_spec("poster-a4"), 0)
    with pytest.raises(ValueError, match="at least one"):
        plan_pdf([], 60)
