"""Input data for printable cards and posters, and the errors the library raises.

Everything here is a frozen dataclass: specs are used as dictionary keys to find
identical cards, so that each distinct card face is drawn once per document.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import Field, dataclass, field, fields
from pathlib import Path
from typing import Any, Literal, get_args

Layout = Literal["card", "poster-a4", "poster-a3"]
LAYOUTS: tuple[Layout, ...] = get_args(Layout)

MIN_BATCH_DEFAULT = 50
"""Smallest card batch printed by default.

A QR code identifies the place it was handed out. Cards from a batch that only a
handful of people received would let staff guess who wrote an "anonymous" answer,
so small batches need a deliberate decision by the caller (``min_batch``).
"""

MULTILINGUAL = "mul"
"""Language tag of the multilingual card and poster (ISO 639-2 "multiple languages")."""

RTL_LANGUAGES = frozenset({"ar", "fa", "prs", "ps", "ur", "ckb", "he", "yi", "dv", "sd", "ug"})
"""Primary language subtags written right to left."""


def is_rtl(language: str) -> bool:
    """Whether text in ``language`` (a BCP 47 tag such as ``fa`` or ``ar-SY``) runs right
    to left."""
    return language.split("-", 1)[0].lower() in RTL_LANGUAGES


_HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
_MIN_CONTRAST = 4.5  # WCAG AA for normal text; the colour is used for headings and icons


class BatchTooSmall(ValueError):
    """The card batch is below the minimum that keeps the answers anonymous."""

    def __init__(self, count: int, minimum: int) -> None:
        self.count = count
        self.minimum = minimum
        super().__init__(
            f"Auflage zu klein: {count} Karten angefordert, mindestens {minimum} nötig, "
            f"damit Rückmeldungen anonym bleiben. / Batch too small: {count} cards "
            f"requested, at least {minimum} are needed to keep responses anonymous."
        )


class LayoutOverflow(ValueError):
    """A configured text does not fit its place, even at the smallest allowed size.

    Raised instead of silently cutting text: a card with a truncated consent
    sentence or data-protection note must never be printed.
    """


@dataclass(frozen=True, slots=True)
class CardOffice:
    """The Jobcenter office a card or poster belongs to."""

    name: str
    address: str = ""

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("CardOffice.name must not be empty")


def _mapping_kwargs(
    owner: str, known: tuple[Field[Any], ...], data: Mapping[str, object]
) -> dict[str, Any]:
    """Pick a dataclass's fields out of deployment settings, ignoring other keys.

    Settings files grow over time and are shared with other parts of the app, so
    unknown keys are not an error; a known key with a value of the wrong type is.
    """
    kwargs: dict[str, Any] = {}
    for f in known:
        if f.name not in data:
            continue
        value = data[f.name]
        if f.name == "rating_labels":
            if isinstance(value, str | bytes) or not isinstance(value, list | tuple):
                raise TypeError("rating_labels must be a list of five strings")
            value = tuple(value)
        elif f.name == "logo" and isinstance(value, str):
            value = Path(value)
        expected = {"str": str, "bool": bool}.get(str(f.type))
        if expected is not None and not isinstance(value, expected):
            raise TypeError(
                f"{owner}.{f.name} must be {expected.__name__}, not {type(value).__name__}"
            )
        kwargs[f.name] = value
    return kwargs


@dataclass(frozen=True, slots=True)
class CardTexts:
    """Every printed word, with German defaults.

    All texts are configurable because Jobcenters word things differently and some
    print cards in other languages; layout code wraps and shrinks text but raises
    :class:`LayoutOverflow` rather than cutting it.
    """

    call_to_action: str = "Ihre Meinung zählt"
    subline: str = "Lob, Idee oder Kritik? Sagen Sie es uns – anonym."
    scan_hint: str = "QR-Code mit der Handy-Kamera scannen"
    anonymity: str = "Anonym: Wir speichern keine IP-Adresse und fragen nicht nach Ihrem Namen."
    url_label: str = "Oder im Browser eingeben:"
    back_title: str = "Ihre Rückmeldung"
    kind_label: str = "Worum geht es?"
    kind_praise: str = "Lob"
    kind_idea: str = "Idee"
    kind_criticism: str = "Kritik"
    rating_label: str = "Wie zufrieden sind Sie? Bitte ankreuzen:"
    rating_labels: tuple[str, ...] = ("sehr gut", "gut", "geht so", "schlecht", "sehr schlecht")
    message_label: str = "Ihre Nachricht:"
    contact_box: bool = True
    contact_title: str = "Möchten Sie eine Antwort? (freiwillig)"
    contact_name: str = "Name:"
    contact_address: str = "Adresse oder E-Mail:"
    contact_consent: str = (
        "Ich bin einverstanden, dass meine Angaben zur Beantwortung gespeichert werden."
    )
    privacy_note: str = (
        "Datenschutz: Ohne Kontaktangaben bleibt Ihre Rückmeldung anonym. "
        "Kontaktangaben nutzen wir nur für die Antwort."
    )
    drop_note: str = "Bitte in den Briefkasten im Eingangsbereich werfen oder am Empfang abgeben."
    poster_headline: str = "Ihre Meinung zählt!"
    poster_text: str = (
        "Lob, Idee oder Kritik? Scannen Sie den Code mit Ihrem Handy und sagen Sie es uns "
        "– anonym und ohne Anmeldung."
    )

    def __post_init__(self) -> None:
        if len(self.rating_labels) != 5 or not all(isinstance(s, str) for s in self.rating_labels):
            raise ValueError("CardTexts.rating_labels needs exactly five strings, best first")

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> CardTexts:
        """Texts from deployment settings; unknown keys are ignored."""
        return cls(**_mapping_kwargs(cls.__name__, fields(cls), data))


def _relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_on_white(hex_colour: str) -> float:
    """WCAG contrast ratio of a colour against white paper (1.0 … 21.0)."""
    return 1.05 / (_relative_luminance(hex_colour) + 0.05)


@dataclass(frozen=True, slots=True)
class Branding:
    """Organisation name, primary colour and optional logo.

    The primary colour is used for headings and icons on white, so it must reach
    the WCAG AA contrast of 4.5:1; a light brand colour is rejected instead of
    producing cards that people with low vision cannot read.
    """

    organisation: str = "Jobcenter"
    primary_colour: str = "#00457D"
    logo: Path | bytes | None = None

    def __post_init__(self) -> None:
        if self.logo is not None and not isinstance(self.logo, Path | bytes):
            raise TypeError(f"logo must be a Path, bytes or None, not {type(self.logo).__name__}")
        if not _HEX_COLOUR.fullmatch(self.primary_colour):
            raise ValueError(f"primary_colour must look like #00457D, not {self.primary_colour!r}")
        ratio = contrast_on_white(self.primary_colour)
        if ratio < _MIN_CONTRAST:
            raise ValueError(
                f"primary_colour {self.primary_colour} has contrast {ratio:.1f}:1 on white; "
                f"at least {_MIN_CONTRAST}:1 is needed for readable print"
            )

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> Branding:
        """Branding from deployment settings; a ``logo`` string is taken as a path."""
        return cls(**_mapping_kwargs(cls.__name__, fields(cls), data))


@dataclass(frozen=True, slots=True)
class CardSpec:
    """One kind of card or poster: office, link, layout and wording.

    ``url`` is printed for people to type; ``qr_payload`` is what the code holds.
    Callers pass the URL upper-cased as payload so the QR code uses alphanumeric
    mode (see :mod:`cards.qr`); the server must treat the path case-insensitively.

    ``language`` decides the direction: Arabic and Persian cards are set right to left
    and mirrored (see :func:`is_rtl`). The multilingual card and poster
    (``language="mul"``) print ``texts.call_to_action`` (or ``poster_headline``) big and
    then ``lines``: ``(language tag, text)`` pairs, one line per language, each in its
    own script and direction, in the order given; its URL is usually the page where the
    customer picks a language. The back of a multilingual card is the form in ``texts``.
    """

    office: CardOffice
    url: str
    qr_payload: str
    layout: Layout
    language: str = "de"
    texts: CardTexts = field(default_factory=CardTexts)
    branding: Branding = field(default_factory=Branding)
    lines: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if self.layout not in LAYOUTS:
            raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}, not {self.layout!r}")
        if not self.url or any(ch.isspace() for ch in self.url):
            raise ValueError(f"url must be non-empty and without spaces: {self.url!r}")
        if not self.qr_payload:
            raise ValueError("qr_payload must not be empty")
        if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]+)*", self.language):
            raise ValueError(f"language must be a language tag like 'de', not {self.language!r}")
        if self.multilingual and not self.lines:
            raise ValueError("a multilingual card needs lines: (language, text) pairs")
        for pair in self.lines:
            if len(pair) != 2 or not all(isinstance(part, str) and part for part in pair):
                raise ValueError(f"lines must be (language, text) pairs, not {pair!r}")

    @property
    def multilingual(self) -> bool:
        """The card or poster with one line in each language."""
        return self.language == MULTILINGUAL

    @property
    def rtl(self) -> bool:
        """Set right to left and mirrored (Arabic, Persian)."""
        return is_rtl(self.language)
