"""Who may open what: declared next to each view, and denied by default.

Each back-office view says who may open it with `@roles(...)` (or `@public`, `@half_login`);
`enforce` reads that declaration from the view function Flask routes to. A view without one
is closed to every role (as SecureDrop's `_insecure_views` keeps the open ones on a short
list), so a new route stays closed until its author decides; a test walks every route with
every role and names any route without a declaration. The named role sets below are what
several views share; which rows a role then sees is narrowed in `intake.triage.cases`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from flask import Flask, abort, current_app, g, redirect, request, session, url_for
from werkzeug.wrappers import Response

from intake.accounts import sessions
from intake.models import StaffSession, User, utcnow
from intake.roles import ROLE_LABELS, Role
from intake.triage import cases
from intake.web.extensions import db

# "forward": the team lead's expiring link (intake.forward_link.views) is its own credential.
PUBLIC_BLUEPRINTS = frozenset({"public", "forward"})
PUBLIC_ENDPOINTS = frozenset({"static"})
# The cookie's keys: the server-side session id, and the half-login between the two steps.
SESSION_ID = "sid"
PENDING_LOGIN = "pending_login"
PENDING_LOGIN_SECONDS = 600

# Role sets several views share. Which cases a role sees within these pages is narrowed per
# row by `intake.triage.cases.visible` and `can_see` (corruption hints: anti-corruption
# only; team leads: their own office's forwarded cases).
EVERYONE: tuple[Role, ...] = tuple(Role)
# Who works cases is the domain's rule (`cases.WORKING_ROLES`, which `can_work` checks per
# row); the inbox and every page that changes a case open to exactly those roles.
INBOX: tuple[Role, ...] = tuple(sorted(cases.WORKING_ROLES))
WORK = INBOX  # change a case: classify, forward, answer, …
SEE_CASE: tuple[Role, ...] = (*WORK, Role.MANAGEMENT, Role.TEAM_LEAD)
KRM_DESK: tuple[Role, ...] = (Role.OFFICER, Role.ADMIN)
PRINTING: tuple[Role, ...] = (Role.SERVICE, Role.ADMIN)

View = TypeVar("View", bound=Callable[..., object])
_DECLARATION = "access_declaration"


@dataclass(frozen=True)
class Declaration:
    """Who may open a view: these roles; or anyone (`public`); or a half-login only."""

    roles: frozenset[Role] = frozenset()
    public: bool = False
    half_login: bool = False


OPEN = Declaration(public=True)


def _declare(view: View, declaration: Declaration) -> View:
    if hasattr(view, _DECLARATION):
        raise TypeError(f"{view.__qualname__} declares its access twice")
    setattr(view, _DECLARATION, declaration)
    return view


def roles(*allowed: Role) -> Callable[[View], View]:
    """Decorator: logged-in staff of these roles may open the view; everyone else gets 403."""
    if not allowed:
        raise TypeError("roles() needs at least one role; a view open to none needs no route")
    declaration = Declaration(roles=frozenset(Role(role) for role in allowed))
    return lambda view: _declare(view, declaration)


def public(view: View) -> View:
    """Decorator: anyone may open the view, logged in or not (the login page)."""
    return _declare(view, OPEN)


def half_login(view: View) -> View:
    """Decorator: only a pending half-login (password right, code not yet given) may open
    the view, and it grants nothing else; no role opens it once logged in."""
    return _declare(view, Declaration(half_login=True))


def declaration(app: Flask, endpoint: str) -> Declaration | None:
    """The access declared for an endpoint; None when its view declares nothing (closed)."""
    if endpoint in PUBLIC_ENDPOINTS or endpoint.split(".")[0] in PUBLIC_BLUEPRINTS:
        return OPEN
    view = app.view_functions.get(endpoint)
    found = getattr(view, _DECLARATION, None)
    return found if isinstance(found, Declaration) else None


def undeclared(app: Flask) -> list[str]:
    """Endpoints of `app` whose views declare no access (closed to all; a test lists them)."""
    return sorted(
        {
            rule.endpoint
            for rule in app.url_map.iter_rules()
            if declaration(app, rule.endpoint) is None
        }
    )


def current_user() -> User | None:
    """The logged-in staff member of this request, if any."""
    if "current_user" not in g:
        g.current_user = _load_user()
    user: User | None = g.current_user
    return user


def clock() -> datetime:
    """Now, for sessions and logins (tests move it instead of sleeping)."""
    return utcnow()


def session_limits() -> sessions.Limits:
    """Idle timeout and absolute lifetime of a staff session, from the settings."""
    config = current_app.config
    return sessions.Limits(
        idle=timedelta(minutes=int(config["SESSION_IDLE_MINUTES"])),
        lifetime=timedelta(minutes=int(config["SESSION_LIFETIME_MINUTES"])),
    )


def current_session() -> StaffSession | None:
    """The server-side session of this request's logged-in user, if any."""
    current_user()
    row: StaffSession | None = g.get("staff_session")
    return row


def _load_user() -> User | None:
    """The user of a valid server-side session; an ended one clears the cookie."""
    token = session.get(SESSION_ID)
    if not isinstance(token, str):
        return None
    row = sessions.find(db.session, token)
    now = clock()
    user = db.session.get(User, row.user_id) if row is not None else None
    if (
        row is None
        or user is None
        or not user.active
        or not sessions.is_valid(row, now, session_limits())
    ):
        session.clear()
        return None
    if sessions.touch(row, now):
        db.session.commit()  # at most once a minute: the idle timeout counts from here
    g.staff_session = row
    return user


def pending_user() -> User | None:
    """The user of a valid half-login (password right, second factor still to come)."""
    pending = session.get(PENDING_LOGIN)
    if not isinstance(pending, dict):
        return None
    user_id, started, version = pending.get("uid"), pending.get("at"), pending.get("v")
    if not isinstance(user_id, int) or not isinstance(started, int | float):
        return None
    if not 0 <= clock().timestamp() - started < PENDING_LOGIN_SECONDS:
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.active or user.session_version != version:
        return None
    return user


def allowed(role: str, endpoint: str) -> bool:
    """Whether a role may open an endpoint; undeclared endpoints are closed."""
    found = declaration(current_app, endpoint)
    return found is not None and role in found.roles


def enforce() -> Response | None:
    """before_request: redirect strangers to the login, refuse the wrong roles."""
    endpoint = request.endpoint
    if endpoint is None:  # no route matched: the 404 or 405 follows
        return None
    found = declaration(current_app, endpoint)
    if found is not None and found.public:
        return None
    if found is not None and found.half_login and pending_user() is not None:
        return None
    user = current_user()
    if user is None:
        return redirect(url_for("staff.login.form", next=request.full_path.rstrip("?")))
    if found is None or user.role not in found.roles:
        abort(403)
    return None


def init_app(app: Flask) -> None:
    """Register the gate before every request."""
    app.before_request(enforce)
    app.context_processor(
        lambda: {"current_user": current_user(), "role_labels": ROLE_LABELS, "can": can}
    )


def can(endpoint: str) -> bool:
    """Whether the logged-in user may open an endpoint (for menus and links)."""
    user = current_user()
    return user is not None and allowed(user.role, endpoint)
