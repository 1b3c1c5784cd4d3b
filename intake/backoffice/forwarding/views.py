"""Back office: forwarding a case to a team lead, revoking links, the lead's own pages.

Registered on the staff blueprint; which role opens which endpoint is decided in
`intake.web.access`. Which case a user may touch is checked per row here: forwarding and
revoking need `cases.can_work`, the lead's pages `cases.can_see` (own office, forwarded,
never restricted). Anything else is a 404, so a page does not tell whether a case exists.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from intake import mailer
from intake.backoffice.cases.views import DETAIL_EXTRAS, bp, render_submission
from intake.backoffice.forwarding.forms import ForwardForm, RevokeForm, StatementForm
from intake.forwarding import services as forwarding
from intake.models import Case, ForwardLink, User, utcnow
from intake.public.forms import KIND_LABELS
from intake.triage import cases
from intake.web.access import current_user
from intake.web.extensions import db

LEAD_LIST_LIMIT = 200
LINK_STATE_LABELS = {
    forwarding.OPEN: _l("offen"),
    forwarding.ANSWERED: _l("beantwortet"),
    forwarding.EXPIRED: _l("abgelaufen"),
    forwarding.REVOKED: _l("widerrufen"),
}


def link_url(token: str) -> str:
    """The address the lead opens: on the public host, like the form (no staff login there)."""
    path = url_for("forward.case", token=token, lang=None)
    return f"{current_app.config['PUBLIC_BASE_URL']}{path}"


def _case(case_id: int, *, work: bool) -> tuple[Case, User]:
    """The case and user, or 404 when the user may not see (or work) this case."""
    user = current_user()
    item = db.session.get(Case, case_id)
    allowed = cases.can_work if work else cases.can_see
    if item is None or user is None or not allowed(user, item):
        abort(404)
    return item, user


def _lead_choices(item: Case) -> list[SelectChoice]:
    leads = forwarding.lead_recipients(db.session, item.office_id)
    return [SelectChoice("", _("– bitte wählen –"))] + [
        SelectChoice(lead.email, lead.email) for lead in leads
    ]


def forward_form(item: Case) -> ForwardForm:
    """An empty forward form with the office's leads to choose from."""
    form = ForwardForm(formdata=None)
    form.forward_lead.choices = _lead_choices(item)
    if len(form.forward_lead.choices) == 2:
        form.forward_lead.data = form.forward_lead.choices[1].value  # the office's only lead
    return form


def forward_context(item: Case) -> dict[str, Any]:
    """The case page's forwarding section: links, and the forms this user may use."""
    user = current_user()
    if user is None:
        return {}
    now = utcnow()
    workable = cases.can_work(user, item)
    is_lead = user.role == forwarding.LEAD_ROLE and cases.can_see(user, item)
    return {
        "forward_links": list(item.forward_links),
        "forward_states": {link.id: forwarding.state(link, now) for link in item.forward_links},
        "forward_state_labels": LINK_STATE_LABELS,
        "forward_form": (
            forward_form(item) if workable and not (item.restricted or item.is_spam) else None
        ),
        "revoke_form": RevokeForm(formdata=None) if workable else None,
        "statement_form": StatementForm(formdata=None) if is_lead else None,
    }


DETAIL_EXTRAS.append(forward_context)


@bp.post("/cases/<id:case_id>/forward", endpoint="forward")
def forward(case_id: int) -> ResponseReturnValue:
    """Create a link for a team lead, mail it, and show it once to the officer."""
    item, user = _case(case_id, work=True)
    form = ForwardForm()
    form.forward_lead.choices = _lead_choices(item)
    if not form.validate():
        return render_submission(item, 422, forward_form=form)
    now = utcnow()
    try:
        link, token = forwarding.create_link(
            db.session,
            item,
            user,
            recipient=form.recipient,
            note=form.forward_note.data or "",
            days=form.forward_days.data,
            now=now,
        )
    except forwarding.ForwardError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("staff.case", case_id=case_id))
    db.session.commit()
    url = link_url(token)
    try:
        mailer.send(forwarding.lead_mail(db.session, link, item, url))
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
    return redirect(url_for("staff.case", case_id=item.id, _anchor="forwarding"))


@bp.post("/forward-links/<id:link_id>/revoke", endpoint="forward_revoke")
def forward_revoke(link_id: int) -> ResponseReturnValue:
    """End a link before it expires."""
    link = db.session.get(ForwardLink, link_id)
    if link is None:
        abort(404)
    item, user = _case(link.case_id, work=True)
    if RevokeForm().validate():
        forwarding.revoke(db.session, link, user, utcnow())  # audited once, however often sent
        db.session.commit()
        flash(_("Der Link ist widerrufen."), "ok")
    return redirect(url_for("staff.case", case_id=item.id, _anchor="forwarding"))


@bp.get("/lead", endpoint="lead_cases")
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
    items, today = list(rows), date.today()
    return render_template(
        "staff/lead_cases.html",
        items=items,
        limit=LEAD_LIST_LIMIT,
        kind_labels=KIND_LABELS,
        dues={item.id: forwarding.lead_due(db.session, item, today) for item in items},
        answered={
            item.id: any(link.answered_at is not None for link in item.forward_links)
            for item in items
        },
    )


@bp.post("/cases/<id:case_id>/statement", endpoint="lead_statement")
def lead_statement(case_id: int) -> ResponseReturnValue:
    """A logged-in team lead gives the statement on a forwarded case of their office."""
    item, user = _case(case_id, work=False)
    form = StatementForm()
    if not form.validate():
        return render_submission(item, 422, statement_form=form)
    now = utcnow()
    link = forwarding.link_for_lead(db.session, item, user, now)
    stored = forwarding.record_statement(
        db.session,
        link,
        statement=form.statement.data or "",
        proposed_measures=form.proposed_measures.data or "",
        now=now,
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
        return redirect(url_for("staff.case", case_id=item.id, _anchor="forwarding"))
    flash(_("Vielen Dank, Ihre Stellungnahme ist gespeichert."), "ok")
    return redirect(url_for("staff.case", case_id=item.id, _anchor="forwarding"))
