"""Shared fixtures for the cards library tests: example specs and a PDF renderer."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from cards import CardOffice, CardSpec, CardTexts, Layout, render_pdf

URL = "https://feedback.example.de/m/diez/k12"
OFFICE = CardOffice("Jobcenter Rhein-Lahn – Standort Diez", "Schaumburger Str. 1, 65582 Diez")


def make_spec(
    layout: Layout = "card",
    *,
    office: str | None = None,
    code: str = "k12",
    texts: CardTexts | None = None,
    **kwargs: Any,
) -> CardSpec:
    """A realistic spec; ``code`` varies the URL and payload, ``office`` the name."""
    url = URL.replace("k12", code)
    return CardSpec(
        office=CardOffice(office, OFFICE.address) if office else OFFICE,
        url=url,
        qr_payload=url.upper(),
        layout=layout,
        texts=texts or CardTexts(),
        **kwargs,
    )


Render = Callable[..., Path]


@pytest.fixture
def render(tmp_path: Path) -> Render:
    """Render specs to ``tmp_path/<name>.pdf`` and return the path."""

    def _render(
        specs: CardSpec | Iterable[CardSpec], count: int, name: str = "out", **kwargs: Any
    ) -> Path:
        path = tmp_path / f"{name}.pdf"
        with path.open("wb") as fh:
            render_pdf(specs, count, fh, **kwargs)
        return path

    return _render
