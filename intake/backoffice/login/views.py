"""Staff login in two steps, and logout.

1. `/staff/login`: e-mail and password. Right, and the user needs a second factor: the
   cookie holds a half-login for `PENDING_LOGIN_SECONDS`, which opens nothing but step 2.
2. `/staff/login/code` (a TOTP or a recovery code), or `/staff/login/enrol` the first time:
   the secret as text and QR code, confirmed with a code, then 10 recovery codes once.

Only then a server-side session starts (`intake.accounts.sessions`); logout revokes it.
Failures of either step count for the client and the account (`intake.backoffice.login.throttle`);
an account that has failed too often waits, and during the wait nothing is checked, so the
answer does not tell whether the password was right.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from intake import audit
from intake.accounts import sessions, totp
from intake.accounts.services import authenticate
from intake.backoffice.forms import CodeForm, LoginForm
from intake.backoffice.login import throttle
from intake.models import User
from intake.web import access
from intake.web.access import EVERYONE, half_login, public, roles
from intake.web.extensions import db

bp = Blueprint("login", __name__)


def _safe_next(target: str | None) -> str:
    """Only follow `next` to our own back office (no open redirect)."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and parts.path.startswith("/staff/"):
            return target
    return url_for("staff.home")


def _wait(template: str, seconds: int, **context: Any) -> ResponseReturnValue:
    """The staff's own wait page: the form again, with how long to wait (429, Retry-After)."""
    html = render_template(template, wait_seconds=seconds, **context)
    return html, 429, {"Retry-After": str(seconds)}


@bp.route("/login", methods=["GET", "POST"], endpoint="form")
@public
def login() -> ResponseReturnValue:
    """Step 1: e-mail and password; one message for every failure."""
    form = LoginForm()
    if request.method != "POST" or not form.validate():
        return render_template("staff/login.html", form=form)
    email = form.email.data or ""
    wait = throttle.wait_seconds(email)
    if wait:
        return _wait("staff/login.html", wait, form=form)
    user = authenticate(db.session, email, form.password.data or "")
    if user is None:
        throttle.failed(email)
        form.password.errors = [_("E-Mail-Adresse oder Passwort ist falsch.")]
        return render_template("staff/login.html", form=form), 401
    db.session.commit()  # a password hash `authenticate` upgraded to the current cost
    _end_current_session()  # a new login in this browser replaces the old one for good
    next_url = _safe_next(request.args.get("next"))
    if not totp.required(user):
        _start(user)
        return redirect(next_url)
    session.clear()
    session[access.PENDING_LOGIN] = {
        "uid": user.id,
        "v": user.session_version,
        "at": int(access.clock().timestamp()),
        "next": next_url,
    }
    step = "staff.login.code" if totp.is_enrolled(user) else "staff.login.enrol"
    return redirect(url_for(step))


def _end_current_session() -> None:
    row = access.current_session()
    if row is not None:
        sessions.revoke(row, access.clock())
        db.session.commit()


def _pending() -> User:
    user = access.pending_user()
    if user is None:  # access.enforce lets only a valid half-login through
        raise RuntimeError("no pending login")
    return user


def _start(user: User) -> str:
    """The login is complete: a new server-side session, the old cookie's content dropped."""
    pending = session.get(access.PENDING_LOGIN)
    next_url = _safe_next(pending.get("next") if isinstance(pending, dict) else None)
    token = sessions.start(db.session, user, access.clock(), access.session_limits())
    session.clear()
    session.permanent = True
    session[access.SESSION_ID] = token
    audit.record(db.session, user, "login")
    db.session.commit()
    throttle.succeeded(user.email)
    return next_url


def _code_failed(user: User, template: str, form: CodeForm, **context: Any) -> ResponseReturnValue:
    throttle.failed(user.email)
    audit.record(db.session, user, "2fa_failed", detail=request.endpoint or "")
    db.session.commit()
    form.code.errors = [
        _("Der Code stimmt nicht. Bitte geben Sie den aktuellen Code aus der App ein.")
    ]
    return render_template(template, form=form, **context), 401


@bp.route("/login/code", methods=["GET", "POST"], endpoint="code")
@half_login
def login_code() -> ResponseReturnValue:
    """Step 2: the code from the app, or one of the recovery codes."""
    user = _pending()
    if not totp.is_enrolled(user):
        return redirect(url_for("staff.login.enrol"))
    form = CodeForm()
    if request.method != "POST" or not form.validate():
        return render_template("staff/login_2fa.html", form=form)
    wait = throttle.wait_seconds(user.email)
    if wait:
        return _wait("staff/login_2fa.html", wait, form=form)
    used = totp.verify(db.session, user, form.code.data or "", access.clock())
    if used is None:
        return _code_failed(user, "staff/login_2fa.html", form)
    if used == "recovery":
        audit.record(db.session, user, "2fa_recovery_code_used")
    return redirect(_start(user))


def _enrol_context(user: User) -> dict[str, Any]:
    secret = totp.pending_secret(user)
    db.session.commit()  # the same secret when the page is reloaded
    uri = totp.provisioning_uri(user, secret)
    return {"secret": secret, "qr": totp.qr_data_uri(uri), "email": user.email}


@bp.route("/login/enrol", methods=["GET", "POST"], endpoint="enrol")
@half_login
def login_enrol() -> ResponseReturnValue:
    """First login with a second factor: set up the app, confirm a code, get recovery codes."""
    user = _pending()
    if totp.is_enrolled(user):
        return redirect(url_for("staff.login.code"))
    form = CodeForm()
    context = _enrol_context(user)
    if request.method != "POST" or not form.validate():
        return render_template("staff/login_totp_enrol.html", form=form, **context)
    wait = throttle.wait_seconds(user.email)
    if wait:
        return _wait("staff/login_totp_enrol.html", wait, form=form, **context)
    codes = totp.confirm_enrolment(db.session, user, form.code.data or "", access.clock())
    if codes is None:
        return _code_failed(user, "staff/login_totp_enrol.html", form, **context)
    audit.record(db.session, user, "2fa_enrolled")
    next_url = _start(user)
    return render_template("staff/login_2fa_recovery.html", codes=codes, next_url=next_url)


@bp.post("/logout")
@roles(*EVERYONE)
def logout() -> ResponseReturnValue:
    """Logout by POST only; the server-side session ends, so a copied cookie is dead too."""
    row = access.current_session()
    if row is not None:
        sessions.revoke(row, access.clock())
    audit.record(db.session, access.current_user(), "logout")
    db.session.commit()
    session.clear()
    return redirect(url_for("staff.login.form"))
