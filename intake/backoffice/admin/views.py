"""Administration: staff accounts, offices and a read-only view of the settings.

Every view is declared for the admin role only (`intake.web.access.roles`). The pages
call the same services as `flask users …` and `flask offices …` (`intake.accounts.services`,
`intake.offices.services`), and every change is an audit event (never with a password in it).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import select
from wtforms import SelectChoice

from intake import audit
from intake.accounts import services as auth
from intake.accounts import totp
from intake.backoffice.admin.forms import (
    OfficeActionForm,
    OfficeForm,
    PasswordForm,
    ResetTwoFactorForm,
    UserCreateForm,
    UserEditForm,
)
from intake.config import SETTINGS
from intake.models import Office, User
from intake.offices import services as offices
from intake.privacy import staffnames
from intake.roles import ROLE_LABELS, Role
from intake.triage import rules
from intake.web import settings
from intake.web.access import clock, current_session, current_user, roles
from intake.web.extensions import db

bp = Blueprint("admin", __name__)

# ----------------------------------------------------------------------------- staff accounts


def _office_choices(keep: int | None = None) -> list[SelectChoice]:
    """Active offices, and the one a user has now even if it was retired since."""
    rows = [o for o in offices.all_offices(db.session) if not o.retired or o.id == keep]
    rows.sort(key=lambda o: o.name)
    return [SelectChoice("", _("– keine –"))] + [
        SelectChoice(str(o.id), f"{o.name} ({o.code})") for o in rows
    ]


def _offices_by_id() -> dict[int, Office]:
    return {o.id: o for o in offices.all_offices(db.session)}


def _users_page(form: UserCreateForm, status: int = 200) -> ResponseReturnValue:
    users = list(db.session.scalars(select(User).order_by(User.email)))
    return render_template(
        "staff/admin_users.html",
        form=form,
        users=users,
        offices_by_id=_offices_by_id(),
        role_labels=ROLE_LABELS,
        min_password_length=auth.MIN_PASSWORD_LENGTH,
    ), status


@bp.route("/admin/users", methods=["GET", "POST"], endpoint="users")
@roles(Role.ADMIN)
def admin_users() -> ResponseReturnValue:
    """Every staff account, and a form to add one."""
    form = UserCreateForm()
    form.office.choices = _office_choices()
    if not form.validate_on_submit():
        return _users_page(form, 422 if form.is_submitted() else 200)
    email = auth.normalize_email(form.email.data or "")
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        form.email.errors.append(_("Es gibt schon ein Konto mit dieser E-Mail-Adresse."))
        return _users_page(form, 422)
    role, office_id = form.role.data, form.office_id()
    audit.record(
        db.session,
        current_user(),
        "admin_user_create",
        detail=f"{email}: {role}" + (f", office {office_id}" if office_id else ""),
    )
    try:
        user = auth.create_user(
            db.session, email, role, form.password.data or "", by=current_user()
        )
    except auth.UserError as exc:  # checked above already; the service has the last word
        db.session.rollback()
        form.email.errors.append(str(exc))
        return _users_page(form, 422)
    if office_id is not None:
        user.office_id = office_id
    db.session.commit()  # the account, its office and the audit event at once
    flash(_("Konto %(email)s angelegt.", email=user.email), "ok")
    return redirect(url_for("staff.admin.users"))


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _edit_form(user: User, formdata: bool) -> UserEditForm:
    if formdata:
        form = UserEditForm()
    else:
        form = UserEditForm(
            formdata=None,
            data={
                "role": user.role,
                "office": str(user.office_id) if user.office_id else "",
                "active": user.active,
            },
        )
    form.office.choices = _office_choices(keep=user.office_id)
    return form


def _user_page(
    user: User,
    edit: UserEditForm,
    password: PasswordForm,
    status: int = 200,
    error: str | None = None,
) -> ResponseReturnValue:
    office = db.session.get(Office, user.office_id) if user.office_id else None
    return render_template(
        "staff/admin_user.html",
        user=user,
        office=office,
        form=edit,
        password_form=password,
        role_labels=ROLE_LABELS,
        is_self=user.id == _actor_id(),
        error=error,
        min_password_length=auth.MIN_PASSWORD_LENGTH,
        server_managed=not auth.may_manage(current_user(), user.role),
        two_factor_enrolled=totp.is_enrolled(user),
        two_factor_required=totp.required(user),
    ), status


def _actor_id() -> int | None:
    actor = current_user()
    return actor.id if actor else None


def _session_id() -> int | None:
    row = current_session()
    return row.id if row else None


def _server_managed_error() -> str:
    message: str = _(
        "Konten von Antikorruptionsbeauftragten werden nicht hier verwaltet, sondern auf dem "
        "Server (flask --app intake users …); die Antikorruptionsbeauftragten erfahren jede "
        "Änderung per E-Mail. So kann niemand allein mit Administrationsrechten die "
        "vertraulichen Korruptionsfälle lesen."
    )
    return message


@bp.route("/admin/users/<id(bits=32):user_id>", methods=["GET", "POST"], endpoint="user")
@roles(Role.ADMIN)
def admin_user(user_id: int) -> ResponseReturnValue:
    """Change a staff member's role, office or access, or set a new password."""
    user = _user_or_404(user_id)
    if request.method != "POST":
        return _user_page(user, _edit_form(user, False), PasswordForm(formdata=None))
    action = request.form.get("action", "")
    if action not in ("update", "password", "reset_2fa"):
        abort(400)
    if not auth.may_manage(current_user(), user.role):  # separation of duties
        edit, password = _edit_form(user, False), PasswordForm(formdata=None)
        return _user_page(user, edit, password, 422, error=_server_managed_error())
    if action == "reset_2fa":
        return _reset_two_factor(user)
    return _update_user(user) if action == "update" else _set_password(user)


def _update_user(user: User) -> ResponseReturnValue:
    form = _edit_form(user, True)
    if not form.validate():
        return _user_page(user, form, PasswordForm(formdata=None), 422)
    change = auth.UserChange(form.role.data, form.office_id(), bool(form.active.data))
    try:
        changes = auth.update_user(db.session, user, change, by=current_user(), now=clock())
    except auth.SelfLockoutError:
        error = _(
            "Sie können sich nicht selbst die Administration entziehen oder Ihr eigenes "
            "Konto sperren. Bitten Sie eine andere Administratorin oder einen anderen "
            "Administrator darum."
        )
        edit = _edit_form(user, False)
        return _user_page(user, edit, PasswordForm(formdata=None), 422, error=error)
    if changes:
        db.session.commit()
        flash(_("Änderungen an %(email)s gespeichert.", email=user.email), "ok")
    else:
        flash(_("Keine Änderung."), "ok")
    return redirect(url_for("staff.admin.user", user_id=user.id))


def _set_password(user: User) -> ResponseReturnValue:
    form = PasswordForm()
    if not form.validate():
        return _user_page(user, _edit_form(user, False), form, 422)
    audit.record(db.session, current_user(), "admin_user_password", detail=user.email)
    # The admin's own other sessions end, this one stays.
    keep = _session_id() if user.id == _actor_id() else None
    try:  # ends the user's sessions
        auth.reset_password(
            db.session, user.email, form.password.data or "", by=current_user(), keep_session=keep
        )
    except auth.UserError as exc:
        db.session.rollback()
        form.password.errors.append(str(exc))
        return _user_page(user, _edit_form(user, False), form, 422)
    db.session.commit()  # the new password with the audit event
    flash(
        _(
            "Neues Passwort für %(email)s gesetzt; offene Anmeldungen sind beendet.",
            email=user.email,
        ),
        "ok",
    )
    return redirect(url_for("staff.admin.user", user_id=user.id))


def _reset_two_factor(user: User) -> ResponseReturnValue:
    if not ResetTwoFactorForm().validate():
        abort(400)
    audit.record(db.session, current_user(), "admin_user_2fa_reset", detail=user.email)
    keep = _session_id() if user.id == _actor_id() else None
    auth.reset_second_factor(db.session, user.email, by=current_user(), keep_session=keep)
    db.session.commit()
    flash(
        _(
            "Zweiter Faktor von %(email)s zurückgesetzt: Die Person richtet ihn bei der "
            "nächsten Anmeldung neu ein; offene Anmeldungen sind beendet.",
            email=user.email,
        ),
        "ok",
    )
    return redirect(url_for("staff.admin.user", user_id=user.id))


# ----------------------------------------------------------------------------- offices


def _offices_page(form: OfficeForm, status: int = 200) -> ResponseReturnValue:
    base_url = current_app.config["PUBLIC_BASE_URL"]
    rows = [(o, offices.public_url(base_url, o.code)) for o in offices.all_offices(db.session)]
    return render_template(
        "staff/admin_offices.html", form=form, rows=rows, states=offices.STATES
    ), status


@bp.route("/admin/offices", methods=["GET", "POST"], endpoint="offices")
@roles(Role.ADMIN)
def admin_offices() -> ResponseReturnValue:
    """Every office with its public form URL; add, retire and reactivate."""
    if request.method != "POST":
        return _offices_page(OfficeForm(formdata=None))
    action = request.form.get("action", "")
    if action not in ("add", "retire", "reactivate"):
        abort(400)
    return _add_office() if action == "add" else _retire_or_reactivate()


def _add_office() -> ResponseReturnValue:
    form = OfficeForm()
    if not form.validate():
        return _offices_page(form, 422)
    code = offices.normalize_code(form.code.data or "")
    if db.session.scalar(select(Office.id).where(Office.code == code)) is not None:
        form.code.errors.append(_("Dieses Kürzel ist schon vergeben."))
        return _offices_page(form, 422)
    audit.record(db.session, current_user(), "admin_office_add", detail=code)
    try:  # the service validates again
        office = offices.add(db.session, form.row())
    except offices.OfficeError as exc:
        db.session.rollback()
        form.code.errors.append(str(exc))
        return _offices_page(form, 422)
    db.session.commit()  # the office with the audit event
    flash(_("Geschäftsstelle %(code)s angelegt.", code=office.code), "ok")
    return redirect(url_for("staff.admin.offices"))


def _retire_or_reactivate() -> ResponseReturnValue:
    form = OfficeActionForm()
    if not form.validate():
        abort(400)
    code = offices.normalize_code(form.code.data or "")
    office = db.session.scalar(select(Office).where(Office.code == code))
    if office is None:
        abort(404)
    if form.action.data == "retire":
        audit.record(db.session, current_user(), "admin_office_retire", detail=code)
        offices.retire(db.session, code)
        db.session.commit()
        flash(
            _(
                "Geschäftsstelle %(code)s aufgelöst: ihre Adresse führt jetzt zum allgemeinen "
                "Formular.",
                code=code,
            ),
            "ok",
        )
    else:
        audit.record(db.session, current_user(), "admin_office_reactivate", detail=code)
        offices.reactivate(db.session, code)
        db.session.commit()
        flash(_("Geschäftsstelle %(code)s ist wieder aktiv.", code=code), "ok")
    return redirect(url_for("staff.admin.offices"))


# ----------------------------------------------------------------------------- settings

SECRET_WORDS = ("PASSWORD", "SECRET", "TOKEN", "KEY")
URL_SUFFIXES = ("_URL", "_URI")
MASK = "•••"
# user:password@ in any URL (also redis://:password@host)
_URL_CREDENTIALS = re.compile(
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<user>[^:/@\s]*):[^@\s/]*@"
)
_URL_QUERY = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^\s?#]*\?)(?P<query>[^\s#]*)")
_SECRET_PARAM = re.compile(r"pass|secret|token|key|auth|credential", re.IGNORECASE)


def is_secret(name: str) -> bool:
    """Settings whose value is itself a secret (URLs are masked in their password only)."""
    upper = name.upper()
    return not upper.endswith(URL_SUFFIXES) and any(word in upper for word in SECRET_WORDS)


def mask_url_credentials(text: str) -> str:
    """`scheme://user:password@host` → `scheme://user:•••@host`; secret query values too."""
    masked = _URL_CREDENTIALS.sub(lambda m: f"{m['scheme']}{m['user']}:{MASK}@", text)
    return _URL_QUERY.sub(lambda m: m["head"] + _mask_query(m["query"]), masked)


def _mask_query(query: str) -> str:
    pieces = []
    for piece in query.split("&"):
        key, sep, _value = piece.partition("=")
        pieces.append(f"{key}={MASK}" if sep and _SECRET_PARAM.search(key) else piece)
    return "&".join(pieces)


def display_value(name: str, value: Any) -> str:
    """A setting's value as the settings page shows it: secrets never, URL passwords masked."""
    unset: str = _("(nicht gesetzt)")
    if value is None or value == "" or value == [] or value == {}:
        return unset
    if is_secret(name):
        hidden: str = _("••• (gesetzt)")
        return hidden
    text: str
    if isinstance(value, bool):
        text = _("ja") if value else _("nein")
    elif isinstance(value, list | tuple):
        text = " ".join(str(item) for item in value)
    elif isinstance(value, dict):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    else:
        text = str(value)
    return mask_url_credentials(text)


@dataclass(frozen=True)
class SettingRow:
    """One line of the settings table."""

    name: str
    value: str
    doc: str
    is_default: bool


@dataclass(frozen=True)
class StaffNamesInfo:
    """The staff-names file in use."""

    path: Path
    exists: bool
    count: int
    error: str = ""


def _setting_rows(config: Any) -> list[SettingRow]:
    return [
        SettingRow(
            s.name,
            display_value(s.name, config.get(s.name)),
            s.doc,
            config.get(s.name) == s.default,
        )
        for s in SETTINGS
    ]


def _staff_names() -> StaffNamesInfo:
    path = settings.staff_names_file()
    try:
        return StaffNamesInfo(path, path.is_file(), len(staffnames.configured_names(path)))
    except (OSError, UnicodeDecodeError) as exc:
        return StaffNamesInfo(path, path.exists(), 0, type(exc).__name__)


def _days(n: int | None, unit: str) -> str:
    return "–" if n is None else f"{n} {unit}"


def _profile_rows(profile: rules.RuleProfile) -> list[tuple[str, str, str]]:
    """(what, figure, rule) of a rule profile's main deadlines."""
    working, calendar = _("Arbeitstage"), _("Kalendertage")
    reports = ", ".join(f"{day:02d}.{month:02d}." for month, day in profile.report_dates)
    rows = [
        (_("Eingangsbestätigung"), _days(profile.ack_working_days, working), profile.ack_rule),
        (
            _("Abschließende Bearbeitung"),
            _days(profile.final_calendar_days, calendar),
            profile.final_rule,
        ),
        (
            _("Weiterleitung an die Teamleitung"),
            _days(profile.forward_working_days, working),
            profile.forward_rule,
        ),
        (
            _("Antwort auf ein 2. Folgeticket"),
            _days(profile.followup_answer_working_days, working),
            profile.followup_answer_rule,
        ),
        (
            _("Stellungnahme zu Petitionen (Tage vor Fristablauf)"),
            _days(profile.petition_lead_days, calendar),
            profile.petition_rule,
        ),
        (
            _("Erinnerung an eine Zwischennachricht (vor Fristablauf)"),
            _days(profile.interim_reminder_working_days, working),
            profile.interim_rule,
        ),
        (_("Berichtstermine"), reports, profile.report_rule),
    ]
    return [row for row in rows if row[1] != "–" or row[2]]


@bp.get("/admin/settings", endpoint="settings")
@roles(Role.ADMIN)
def admin_settings() -> ResponseReturnValue:
    """The effective settings, the rule profile and the staff-names file; read only."""
    config = current_app.config
    profile = rules.PROFILES[config["RULE_PROFILE"]]
    return render_template(
        "staff/admin_settings.html",
        settings=_setting_rows(config),
        profile=profile,
        profile_rows=_profile_rows(profile),
        staff_names=_staff_names(),
    )
