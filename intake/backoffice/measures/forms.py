"""Forms of measures (Maßnahmen): a new one from a case, and editing with its check."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

STATUS_LABELS = {
    "open": _l("offen"),
    "done": _l("umgesetzt"),
    "dropped": _l("verworfen"),
}
EFFECTIVE_CHOICES = {"1": _l("ja, wirksam"), "0": _l("nein, nicht wirksam")}
# Prefix of the form on a case's page, so its fields never meet those of other forms there.
PREFIX = "measure"


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class MeasureForm(FlaskForm):
    """What, who, by when, and when to check the effect."""

    what = TextAreaField(
        _l("Was wird getan?"),
        validators=[
            DataRequired(_l("Bitte beschreiben Sie die Maßnahme.")),
            Length(max=4000),
        ],
        filters=[_strip],
    )
    responsible = StringField(
        _l("Verantwortlich"),
        validators=[
            DataRequired(_l("Bitte geben Sie an, wer verantwortlich ist.")),
            Length(max=200),
        ],
        filters=[_strip],
    )
    due_on = DateField(_l("Umsetzen bis"), validators=[Optional()])
    check_on = DateField(_l("Wirksamkeit prüfen am"), validators=[Optional()])

    def validate(self, extra_validators: Any = None) -> bool:
        """The fields, and a check date that does not come before the due date."""
        if not super().validate(extra_validators):
            return False
        due, check = self.due_on.data, self.check_on.data
        if due is not None and check is not None and check < due:
            self.check_on.errors = [
                _l("Die Wirksamkeit lässt sich erst nach der Umsetzung prüfen.")
            ]
            return False
        return True


class MeasureEditForm(MeasureForm):
    """A measure's status and the result of its effectiveness check."""

    status = RadioField(
        _l("Stand"),
        choices=[SelectChoice(key, label) for key, label in STATUS_LABELS.items()],
        validators=[InputRequired()],
    )
    effective = RadioField(
        _l("Hat die Maßnahme gewirkt?"),
        choices=[SelectChoice(key, label) for key, label in EFFECTIVE_CHOICES.items()],
        validators=[Optional()],
        validate_choice=True,
    )
    check_result = TextAreaField(
        _l("Ergebnis der Wirksamkeitsprüfung"), validators=[Optional(), Length(max=4000)]
    )

    def validate(self, extra_validators: Any = None) -> bool:
        """A check result needs a verdict (and a verdict is only given with a reason)."""
        if not super().validate(extra_validators):
            return False
        has_result = bool((self.check_result.data or "").strip())
        if has_result and self.effective.data not in EFFECTIVE_CHOICES:
            self.effective.errors = [_l("Bitte geben Sie an, ob die Maßnahme gewirkt hat.")]
            return False
        if self.effective.data in EFFECTIVE_CHOICES and not has_result:
            self.check_result.errors = [_l("Bitte beschreiben Sie kurz, was die Prüfung ergab.")]
            return False
        return True
