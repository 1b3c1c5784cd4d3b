"""The team lead's forwarding link: its own blueprint, no staff login.

The token in the address is the credential (`intake.web.access` lists this blueprint as public).
It opens exactly one case, without contact data, and takes one statement. Each view and
each statement is an audit event without a user. An unknown, expired or revoked token gets
the same friendly 404 page, so the page does not tell which it was.
"""

from __future__ import annotations

from datetime import date, datetime

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

from intake import audit
from intake.forwarding import services as forwarding
from intake.labels import KIND_LABELS
from intake.models import ForwardLink, utcnow
from intake.triage import cases
from intake.web import settings
from intake.web.extensions import db
from intake.web.forms import StatementForm

bp = Blueprint("forward", __name__, url_prefix="/f")


@bp.after_request
def private(response: Response) -> Response:
    """Never stored by a browser or proxy, never sent on as a referrer, never indexed."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _page(
    link: ForwardLink, form: StatementForm, *, thanks: bool = False, too_late: bool = False
) -> str:
    case = link.case
    return render_template(
        "forward/case.html",
        link=link,
        case=case,
        form=form,
        thanks=thanks,
        too_late=too_late,
        kind_label=KIND_LABELS.get(case.kind, case.kind),
        krm_kind_label=cases.ALL_KINDS.get(case.krm_kind or "", None),
        expires_on=forwarding.aware(link.expires_at).date(),
        due=forwarding.lead_due(db.session, case, date.today(), settings.rule_profile()),
    )


@bp.route("/<token>", methods=["GET", "POST"], endpoint="case")
def case(token: str) -> ResponseReturnValue:
    """The forwarded case and the statement form (read-only once answered)."""
    now = utcnow()
    link = forwarding.find_link(db.session, token, now)
    if link is None:
        return render_template("forward/invalid.html"), 404
    form = StatementForm()
    if request.method == "POST":
        return _answer(link, form, now)
    audit.record(db.session, None, "link_view", case_id=link.case_id, detail=f"link {link.id}")
    db.session.commit()
    return _page(link, form)


def _answer(link: ForwardLink, form: StatementForm, now: datetime) -> ResponseReturnValue:
    """Take the one statement of this link; a second one (also at the same moment) is refused.

    `record_statement` decides atomically; the loser is told, kindly, that the statement had
    already arrived, and sees the one that was stored.
    """
    if link.answered_at is not None:  # a normal page (200): the lead did nothing wrong
        return _page(link, form, too_late=True)
    if not form.validate():
        return _page(link, form), 422
    stored = forwarding.record_statement(
        db.session,
        link,
        statement=form.statement.data or "",
        proposed_measures=form.proposed_measures.data or "",
        now=now,
        rule_profile=settings.rule_profile(),
    )
    db.session.commit()
    if not stored:
        return _page(link, form, too_late=True)
    return _page(link, form, thanks=True)
