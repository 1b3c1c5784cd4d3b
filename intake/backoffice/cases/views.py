"""Back-office views of the cases area: the inbox, a case's page and the spam folder.

The case page is assembled from the sections listed in `intake.backoffice.cases.sections`;
each view declares who may open it (`intake.web.access.roles`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy import select

from intake import audit
from intake.answers import translation
from intake.backoffice.answers.translation import case_translation, translation_message
from intake.backoffice.cases import sections
from intake.backoffice.cases.lookup import (
    STATUSES,
    case_or_404,
    inbox_query,
    list_filters,
    staff_user,
    today_window,
    work_or_404,
)
from intake.backoffice.forms import SpamForm
from intake.labels import KIND_LABELS
from intake.machine_translation import TranslationError
from intake.models import AuditEvent, Case
from intake.offices import services as offices
from intake.reception.services import KINDS
from intake.triage import cases, inbox, rules
from intake.web import settings
from intake.web.access import INBOX, SEE_CASE, WORK, current_user, roles
from intake.web.extensions import db

bp = Blueprint("cases", __name__)


@bp.get("/inbox", endpoint="inbox")
@roles(*INBOX)
def inbox_view() -> ResponseReturnValue:
    """Cases, newest first (or most urgent first), with filters and keyset pagination."""
    filters = list_filters(request.args)
    when = today_window()
    result = inbox.page(
        db.session,
        filters,
        inbox.Cursor.decode(request.args.get("after")),
        user=staff_user(),
        when=when,
    )
    return render_template(
        "staff/inbox.html",
        page=result,
        filters=filters,
        query=inbox_query(filters),
        when=when,
        offices=offices.all_offices(db.session),
        kinds=KINDS,
        kind_labels=KIND_LABELS,
        krm_kinds=cases.ALL_KINDS,
        statuses=STATUSES,
        first_line=inbox.first_line,
    )


@bp.get("/cases/<id:case_id>")
@roles(*SEE_CASE)
def case(case_id: int) -> ResponseReturnValue:
    """One case: text, contact data (if given), hints, deadlines, actions and history."""
    found = case_or_404(case_id)
    audit.record(db.session, current_user(), "view", case_id=found.id)
    db.session.commit()
    return render_case(found)


@bp.get("/submissions/<id:case_id>", endpoint="old_address")
@roles(*SEE_CASE)
def old_address(case_id: int) -> ResponseReturnValue:
    """A case's address before the noun was chosen (links in older digest mails, bookmarks):
    a permanent redirect to `/staff/cases/<id>`, where the usual checks apply."""
    query: dict[str, Any] = dict(request.args)
    return redirect(url_for("staff.cases.case", case_id=case_id, **query), 301)


def render_case(found: Case, status: int = 200, **extra: Any) -> ResponseReturnValue:
    """A case's page: its own values and its sections'; `extra` (a form with its errors)
    overrides them."""
    events = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.case_id == found.id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(100)
    )
    user = staff_user()
    rule_profile = settings.rule_profile()
    dues = cases.due_states(db.session, found, rule_profile, today=date.today())
    own: dict[str, Any] = {
        "case": found,
        "events": list(events),
        "kind_labels": KIND_LABELS,
        "krm_kinds": cases.ALL_KINDS,
        "justified_reasons": cases.JUSTIFIED_REASONS,
        "spam_form": SpamForm(),
        "may_work": cases.can_work(user, found),
        "dues": dues,
        "ack_pending": any(
            d.due.name == rules.ACK and not d.met_on and cases.is_open(found) for d in dues
        ),
        "flag_reasons": cases.flag_reasons(found),
        "query": inbox_query(list_filters(request.args)),
        "rule_profile": rule_profile,
        "translation": case_translation(found),
    }
    context = sections.collect(found, base=own)
    context.update(extra)
    return render_template("staff/case.html", **context), status


@bp.post("/cases/<id:case_id>/spam")
@roles(*WORK)
def mark_spam(case_id: int) -> ResponseReturnValue:
    """Move a case into or out of the spam folder."""
    found = work_or_404(case_id)
    form = SpamForm()
    if form.validate():
        cases.set_spam(
            db.session,
            found,
            current_user(),
            form.spam.data == "1",
            rule_profile=settings.rule_profile(),
        )
        db.session.commit()
    return redirect(url_for("staff.cases.case", case_id=found.id))


@bp.post("/cases/<id:case_id>/translate")
@roles(*SEE_CASE)
def translate(case_id: int) -> ResponseReturnValue:
    """Have the case's (masked) text machine-translated into German and store it.

    Whoever may read the text may have it translated. The service is asked here only, once,
    with a short timeout: a slow or dead server gives a message on the case page, never an
    error page, and the case page itself never waits for it.
    """
    found = case_or_404(case_id)
    translator = settings.translator()
    if translator is None:
        abort(404)
    back = redirect(url_for("staff.cases.case", case_id=found.id, _anchor="translation"))
    if not FlaskForm().validate():  # the CSRF token only
        return back
    try:
        translation.translate_case(
            db.session, found, current_user(), translator.translate, today=date.today()
        )
    except translation.NothingToTranslate:
        flash(_("Dieser Text braucht keine Übersetzung."))
        return back
    except TranslationError as error:
        db.session.rollback()
        flash(translation_message(error), "error")
        return back
    db.session.commit()
    return back
