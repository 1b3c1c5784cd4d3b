"""Forms of the administration pages: staff accounts and offices.

The checks are the services' own (`intake.accounts.services`,
`intake.offices.services`), worded for people:
the services raise English messages for the command line, these forms say it in the UI's
language and point at the field. The services check again when the view calls them.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from intake.accounts import services as auth
from intake.labels import PLEASE_CHOOSE
from intake.offices import services as offices
from intake.roles import Role

# Separation of duties: the anti-corruption role is granted on the server, never here
# (`intake.accounts.services.may_manage`).
ROLE_CHOICES = [
    SelectChoice(role.value, role.label) for role in Role if role != auth.PROTECTED_ROLE
]
OFFICE_ACTIONS = ("retire", "reactivate")


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def check_email(_form: Any, field: Field) -> None:
    """The service's rule: an `@`, at most 254 characters (compared in lower case)."""
    email = auth.normalize_email(field.data or "")
    if "@" not in email or len(email) > 254:
        raise ValidationError(_("Bitte geben Sie eine gültige E-Mail-Adresse an."))


def check_password(_form: Any, field: Field) -> None:
    """The password policy of `intake.accounts.services`, with a message for people."""
    try:
        auth.check_password_policy(field.data or "")
    except auth.PasswordError as exc:
        if exc.reason == "common":
            raise ValidationError(
                _(
                    "Dieses Passwort steht auf einer Liste häufig benutzter Passwörter und "
                    "wäre schnell erraten. Bitte wählen Sie ein anderes, etwa einen Satz aus "
                    "mehreren Wörtern."
                )
            ) from exc
        raise ValidationError(
            _(
                "Das Passwort ist zu kurz: mindestens %(n)d Zeichen. Ein Satz aus mehreren "
                "Wörtern ist lang und trotzdem leicht zu merken.",
                n=auth.MIN_PASSWORD_LENGTH,
            )
        ) from exc


def _password_fields() -> tuple[PasswordField, PasswordField]:
    return (
        PasswordField(
            _l("Passwort"),
            validators=[
                InputRequired(_l("Bitte geben Sie ein Passwort an.")),
                Length(max=1024),
                check_password,
            ],
        ),
        PasswordField(
            _l("Passwort wiederholen"),
            validators=[
                InputRequired(_l("Bitte wiederholen Sie das Passwort.")),
                EqualTo("password", _l("Die beiden Passwörter stimmen nicht überein.")),
            ],
        ),
    )


def _role_field() -> SelectField:
    return SelectField(
        _l("Rolle"),
        choices=[SelectChoice("", PLEASE_CHOOSE), *ROLE_CHOICES],  # no role by default
        validators=[InputRequired(_l("Bitte wählen Sie eine Rolle."))],
    )


def _office_field() -> SelectField:
    # Choices are the offices, set by the view; "" stands for none.
    return SelectField(_l("Geschäftsstelle (nur für Teamleitungen)"), default="")


class _RoleOfficeForm(FlaskForm):
    """Role and office; a team lead needs an office, other roles have none."""

    role: SelectField
    office: SelectField

    def validate_office(self, field: Field) -> None:
        """A team lead sees the forwarded cases of one office, so one must be chosen."""
        if self.role.data == Role.TEAM_LEAD and not field.data:
            raise ValidationError(_("Eine Teamleitung braucht eine Geschäftsstelle."))

    def office_id(self) -> int | None:
        """The chosen office for a team lead, else None (other roles span all offices)."""
        if self.role.data != Role.TEAM_LEAD or not self.office.data:
            return None
        return int(self.office.data)


class UserCreateForm(_RoleOfficeForm):
    """A new staff account with its initial password, typed twice."""

    email = StringField(
        _l("E-Mail-Adresse"),
        filters=[_strip],
        validators=[DataRequired(_l("Bitte geben Sie eine E-Mail-Adresse an.")), check_email],
    )
    role = _role_field()
    office = _office_field()
    password, password_confirm = _password_fields()


class UserEditForm(_RoleOfficeForm):
    """Role, office and whether the account may log in."""

    action = HiddenField(default="update")
    role = _role_field()
    office = _office_field()
    active = BooleanField(_l("Konto aktiv (darf sich anmelden)"))


class PasswordForm(FlaskForm):
    """A new password set by an administrator."""

    action = HiddenField(default="password")
    password, password_confirm = _password_fields()


class ResetTwoFactorForm(FlaskForm):
    """Forget a user's second factor: they set it up again at their next login."""

    action = HiddenField(default="reset_2fa")


def check_code(_form: Any, field: Field) -> None:
    """`intake.offices.services.CODE_PATTERN`, after the service's normalisation."""
    if not offices.CODE_PATTERN.match(offices.normalize_code(field.data or "")):
        raise ValidationError(_("Das Kürzel besteht aus 2 bis 12 Buchstaben oder Ziffern."))


def check_state(_form: Any, field: Field) -> None:
    """One of `intake.offices.services.STATES`."""
    if (field.data or "").strip().upper() not in offices.STATES:
        raise ValidationError(
            _(
                "Bitte geben Sie das Bundesland als Kürzel an, eines von: %(states)s.",
                states=", ".join(offices.STATES),
            )
        )


class OfficeForm(FlaskForm):
    """A new office (the same checks as `flask offices add`)."""

    action = HiddenField(default="add")
    code = StringField(
        _l("Kürzel"),
        filters=[_strip],
        validators=[DataRequired(_l("Bitte geben Sie ein Kürzel an.")), check_code],
    )
    name = StringField(
        _l("Name"),
        filters=[_strip],
        validators=[DataRequired(_l("Bitte geben Sie einen Namen an.")), Length(max=200)],
    )
    state = StringField(
        _l("Bundesland"),
        filters=[_strip],
        validators=[DataRequired(_l("Bitte geben Sie das Bundesland an.")), check_state],
    )
    address = StringField(
        _l("Anschrift"), filters=[_strip], validators=[Optional(), Length(max=300)]
    )

    def row(self) -> offices.OfficeRow:
        """The form as the service's row (normalised by `intake.offices.services.validate`)."""
        return offices.OfficeRow(
            self.code.data or "",
            self.name.data or "",
            self.state.data or "",
            self.address.data or "",
        )


class OfficeActionForm(FlaskForm):
    """Retire or reactivate one office (a small form per row)."""

    action = HiddenField(validators=[InputRequired(), AnyOf(OFFICE_ACTIONS)])
    code = HiddenField(validators=[InputRequired(), Length(max=16)])
