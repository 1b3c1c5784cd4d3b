"""Back office: forwarding a case to a team lead, revoking links, the lead's own pages.

Each view declares its roles (`intake.web.access.roles`). Which case a user may touch is
checked per row here: forwarding and revoking need `cases.can_work`, the lead's pages
`cases.can_see` (own office, forwarded, never restricted). Anything else is a 404, so a page
does not tell whether a case exists.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from intake import mailer
from intake.backoffice.cases.views import render_case
from intake.backoffice.forwarding.forms import ForwardForm, RevokeForm
from intake.backoffice.forwarding.section import lead_choices
from intake.forwarding import services as forwarding
from intake.labels import KIND_LABELS
from intake.models import Case, ForwardLink, User, utcnow
from intake.roles import Role
from intake.triage import cases
from intake.web import settings
from intake.web.access import WORK, current_user, roles
from intake.web.extensions import db
from intake.web.forms import StatementForm

bp = Blueprint("forwarding", __name__)

LEAD_LIST_LIMIT = 200


def link_url(token: str) -> str:
    """The address the lead opens: on the public host, like the form (no staff login there)."""
    path = url_for("forward.case", token=token, lang=None)
    return f"{current_app.config['PUBLIC_BASE_URL']}{path}"


def _case(case_id: int, *, work: bool) -> tuple[Case, User]:
    """The case and user, or 404 when the user may not see (or work) this case."""
    user = current_user()
    case = db.session.get(Case, case_id)
    allowed = cases.can_work if work else cases.can_see
    if case is None or user is None or not allowed(user, case):
        abort(404)
    return case, user


@bp.post("/cases/<id:case_id>/forward", endpoint="forward")
@roles(*WORK)
def forward(case_id: int) -> ResponseReturnValue:
    """Create a link for a team lead, mail it, and show it once to the officer."""
    case, user = _case(case_id, work=True)
    form = ForwardForm()
    form.forward_lead.choices = lead_choices(case)
    if not form.validate():
        return render_case(case, 422, forward_form=form)
    now = utcnow()
    try:
        link, token = forwarding.create_link(
            db.session,
            case,
            user,
            recipient=form.recipient,
            note=form.forward_note.data or "",
            days=form.forward_days.data,
            now=now,
            rule_profile=settings.rule_profile(),
        )
    except forwarding.ForwardError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("staff.cases.case", case_id=case_id))
    db.session.commit()
    url = link_url(token)
    try:
        settings.send_mail(
            forwarding.lead_mail(db.session, link, case, url, settings.rule_profile())
        )
    except mailer.MailError:
        flash(
            _(
                "Die E-Mail an %(to)s konnte nicht gesendet werden. Bitte geben Sie den Link "
                "selbst weiter.",
                to=link.recipient,
            ),
            "error",
        )
    else:
        flash(_("Der Link ist per E-Mail an %(to)s gegangen.", to=link.recipient), "ok")
    flash(
        _(
            "Link für die Teamleitung (wird nur jetzt angezeigt, gültig bis %(date)s): %(url)s",
            date=format_date(forwarding.aware(link.expires_at).date(), "long"),
            url=url,
        ),
        "ok",
    )
    return redirect(url_for("staff.cases.case", case_id=case.id, _anchor="forwarding"))


@bp.post("/forward-links/<id:link_id>/revoke", endpoint="revoke")
@roles(*WORK)
def forward_revoke(link_id: int) -> ResponseReturnValue:
    """End a link before it expires."""
    link = db.session.get(ForwardLink, link_id)
    if link is None:
        abort(404)
    case, user = _case(link.case_id, work=True)
    if RevokeForm().validate():
        forwarding.revoke(db.session, link, user, utcnow())  # audited once, however often sent
        db.session.commit()
        flash(_("Der Link ist widerrufen."), "ok")
    return redirect(url_for("staff.cases.case", case_id=case.id, _anchor="forwarding"))


@bp.get("/lead", endpoint="lead_cases")
@roles(Role.TEAM_LEAD)
def lead_cases() -> ResponseReturnValue:
    """A team lead's forwarded cases of their office, newest first."""
    user = current_user()
    if user is None:
        abort(404)
    rows = db.session.scalars(
        cases.visible(select(Case), user)
        .options(selectinload(Case.forward_links))
        .order_by(Case.received_on.desc(), Case.id.desc())
        .limit(LEAD_LIST_LIMIT)
    )
    items, today, profile = list(rows), date.today(), settings.rule_profile()
    return render_template(
        "staff/lead_cases.html",
        items=items,
        limit=LEAD_LIST_LIMIT,
        kind_labels=KIND_LABELS,
        dues={case.id: forwarding.lead_due(db.session, case, today, profile) for case in items},
        answered={
            case.id: any(link.answered_at is not None for link in case.forward_links)
            for case in items
        },
    )


@bp.post("/cases/<id:case_id>/statement", endpoint="lead_statement")
@roles(Role.TEAM_LEAD)
def lead_statement(case_id: int) -> ResponseReturnValue:
    """A logged-in team lead gives the statement on a forwarded case of their office."""
    case, user = _case(case_id, work=False)
    form = StatementForm()
    if not form.validate():
        return render_case(case, 422, statement_form=form)
    now = utcnow()
    link = forwarding.link_for_lead(db.session, case, user, now)
    stored = forwarding.record_statement(
        db.session,
        link,
        statement=form.statement.data or "",
        proposed_measures=form.proposed_measures.data or "",
        now=now,
        rule_profile=settings.rule_profile(),
        user=user,
    )
    db.session.commit()
    if not stored:  # the link was answered (or revoked) a moment before
        flash(
            _(
                "Zu diesem Fall ist gerade eine andere Stellungnahme angekommen; Ihre wurde "
                "nicht gespeichert. Bitte senden Sie sie noch einmal."
            ),
            "error",
        )
        return redirect(url_for("staff.cases.case", case_id=case.id, _anchor="forwarding"))
    flash(_("Vielen Dank, Ihre Stellungnahme ist gespeichert."), "ok")
    return redirect(url_for("staff.cases.case", case_id=case.id, _anchor="forwarding"))
