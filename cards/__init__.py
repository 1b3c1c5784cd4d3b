"""Printable opinion cards and posters with QR codes, as vector PDF.

Data in, bytes out: no web framework here. The app builds :class:`CardSpec`
objects from its database and deployment settings and calls :func:`render_pdf`
(to any binary stream) or :func:`write_pdf_file` (atomically to a file).
:func:`qr_svg` and :func:`qr_png` give the bare QR code for web pages.
"""

from cards.layout import PagePlan
from cards.model import (
    LAYOUTS,
    MIN_BATCH_DEFAULT,
    MULTILINGUAL,
    BatchTooSmall,
    Branding,
    CardOffice,
    CardSpec,
    CardTexts,
    Layout,
    LayoutOverflow,
    is_rtl,
)
from cards.qr import qr_png, qr_svg
from cards.render import RenderResult, plan_pdf, render_pdf, write_pdf_file

__all__ = [
    "LAYOUTS",
    "MIN_BATCH_DEFAULT",
    "MULTILINGUAL",
    "BatchTooSmall",
    "Branding",
    "CardOffice",
    "CardSpec",
    "CardTexts",
    "Layout",
    "LayoutOverflow",
    "PagePlan",
    "RenderResult",
    "is_rtl",
    "plan_pdf",
    "qr_png",
    "qr_svg",
    "render_pdf",
    "write_pdf_file",
]
