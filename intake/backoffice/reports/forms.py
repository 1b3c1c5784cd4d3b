"""The officer's two sections of a report: causes and recommendations (one form, two buttons)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import InputRequired, Length, Regexp

from intake.reports.documents import MAX_TEXT


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class ReportDraftForm(FlaskForm):
    """The draft's texts, and the version the page showed (a second click finalises nothing)."""

    causes = TextAreaField(
        _l("Ursachen besonderer oder wiederkehrender Reaktionen"),
        validators=[Length(max=MAX_TEXT, message=_l("Höchstens 20.000 Zeichen."))],
        filters=[_strip],
    )
    recommendations = TextAreaField(
        _l("Empfehlungen"),
        validators=[Length(max=MAX_TEXT, message=_l("Höchstens 20.000 Zeichen."))],
        filters=[_strip],
    )
    version = HiddenField(validators=[InputRequired(), Regexp(r"^[1-9][0-9]{0,5}$")])


class NewVersionForm(FlaskForm):
    """The button „Neue Version beginnen“: only the CSRF token."""
