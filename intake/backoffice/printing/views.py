"""Back-office pages of the service team (print runs, card requests) and paper-card keying.

Each view declares its roles (`intake.web.access.roles`).
"""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, time

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.wrappers import Response
from wtforms import SelectChoice

import cards
from intake import audit
from intake.backoffice.printing.forms import (
    LAYOUT_LABELS,
    OLD_CARD_DAYS,
    CardRequestForm,
    PaperCardForm,
    PrintForm,
)
from intake.labels import PLEASE_CHOOSE
from intake.models import AuditEvent, CardRequest, Office, PrintBatch
from intake.offices import services as offices
from intake.params import parse_id
from intake.printing import services as printing
from intake.reception import services as reception
from intake.roles import Role
from intake.web.access import KRM_DESK, PRINTING, current_user, roles
from intake.web.extensions import db
from intake.web.settings import rule_profile

bp = Blueprint("printing", __name__)


def _settings() -> printing.PrintSettings:
    return printing.PrintSettings.from_config(current_app.config)


def _office_choices(only: int | None = None) -> list[SelectChoice]:
    """The active offices, after an empty "please choose": a card is never filed by default."""
    return [SelectChoice("", PLEASE_CHOOSE)] + [
        SelectChoice(str(o.id), f"{o.name} ({o.code})")
        for o in offices.active_offices(db.session)
        if only is None or o.id == only
    ]


def _print_form(formdata: object = None) -> PrintForm:
    form = PrintForm(formdata, meta={"csrf": formdata is None or request.method == "POST"})
    form.office.choices = _office_choices()
    return form


@bp.get("/cards", endpoint="cards")
@roles(*PRINTING)
def cards_home() -> ResponseReturnValue:
    """Choose what to print; open requests and recent print runs."""
    form = _print_form(request.args if request.args else None)
    # The form refuses what the printer would refuse (`print_forms.check_printable`).
    preview = bool(request.args) and form.validate()
    return _cards_page(form, preview=preview, order=_open_request(form.request_id.data))


def _open_request(raw_id: str | None) -> CardRequest | None:
    """The open order a print run is made for, if any."""
    ident = parse_id(raw_id, bits=32)
    found = db.session.get(CardRequest, ident) if ident is not None else None
    return found if found is not None and found.status == "open" else None


def _cards_page(
    form: PrintForm,
    *,
    preview: bool = False,
    order: CardRequest | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    """The printing page: the form (or its preview), open requests and recent print runs."""
    recent = printing.batches_with_counts(db.session, None)[:20]
    return render_template(
        "staff/cards.html",
        form=form,
        preview=preview,
        order=order,
        requests=printing.open_requests(db.session),
        layout_labels=LAYOUT_LABELS,
        batches=recent,
    ), status


@bp.get("/cards/preview.png", endpoint="preview")
@roles(*PRINTING)
def cards_preview() -> ResponseReturnValue:
    """The first page of what would be printed, as an image."""
    office = db.session.get(Office, parse_id(request.args.get("office"), bits=32) or 0)
    layout, language = request.args.get("layout", ""), request.args.get("language", "de")
    if office is None or layout not in printing.LAYOUTS:
        abort(404)
    try:
        png = printing.preview_png(office, layout, language, _settings())
    except printing.PrintError:
        abort(404)
    return Response(png, mimetype="image/png")


@bp.post("/cards/print", endpoint="print")
@roles(*PRINTING)
def cards_print() -> ResponseReturnValue:
    """Record the print run and hand out its PDF."""
    form = _print_form(request.form)
    if not form.validate():
        return _cards_page(form, status=422)
    office = db.session.get(Office, int(form.office.data))
    assert office is not None  # validated against the choices
    settings, user = _settings(), current_user()
    try:
        batch = printing.record_batch(
            db.session,
            office,
            form.layout.data,
            form.language.data,
            form.count.data,
            user=user,
            via="web",
            settings=settings,
        )
        pdf = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - sent
        printing.render(batch, settings, pdf)  # type: ignore[arg-type]
    except (printing.PrintError, cards.BatchTooSmall, cards.LayoutOverflow):
        # The form has checked the rules; this is the drawing failing (e.g. an office name
        # too long for the card). The English detail is in the log, not for the user.
        db.session.rollback()
        current_app.logger.exception("print run failed")
        flash(
            _("Der Druck ließ sich nicht erzeugen. Bitte wenden Sie sich an die Administration."),
            "error",
        )
        return redirect(url_for("staff.printing.cards"))
    if _close_request(form.request_id.data, batch.id):
        audit.record(
            db.session,
            user,
            "card_request_done",
            detail=f"request {form.request_id.data}, batch {batch.id}",
        )
        flash(
            _(
                "Auflage %(batch)d ist erzeugt. Die Bestellung ist als erledigt markiert.",
                batch=batch.id,
            ),
            "ok",
        )
    audit.record(
        db.session,
        user,
        "print_batch",
        detail=f"batch {batch.id}: {batch.count} {batch.layout} {office.code}",
    )
    db.session.commit()
    pdf.seek(0)
    name = f"meinungskarten-{office.code.lower()}-{batch.layout}-batch{batch.id}.pdf"
    return send_file(pdf, mimetype="application/pdf", as_attachment=True, download_name=name)


def _close_request(raw_id: str | None, batch_id: int) -> bool:
    """Close the order the print run was made for; whether this call closed it."""
    card_request = _open_request(raw_id)
    if card_request is None:
        return False
    return printing.mark_done(db.session, card_request, current_user(), batch_id)


@bp.get("/cards/batches", endpoint="batches")
@roles(Role.SERVICE, Role.ADMIN, Role.OFFICER, Role.MANAGEMENT)
def cards_batches() -> ResponseReturnValue:
    """Print runs per office with the submissions that came through each."""
    office_id = parse_id(request.args.get("office"), bits=32)
    return render_template(
        "staff/batches.html",
        rows=printing.batches_with_counts(db.session, office_id),
        offices=offices.all_offices(db.session),
        office_id=office_id,
        layout_labels=LAYOUT_LABELS,
    )


@bp.route("/card-requests/new", methods=["GET", "POST"], endpoint="request_new")
@roles(Role.TEAM_LEAD, Role.ADMIN)
def card_request_new() -> ResponseReturnValue:
    """A team lead orders cards for their office."""
    user = current_user()
    form = CardRequestForm()
    form.office.choices = _office_choices(only=user.office_id if user else None)
    if not form.is_submitted() and user is not None and user.office_id is not None:
        form.office.data = str(user.office_id)  # a team lead orders for their own office
    if form.validate_on_submit():
        printing.request_cards(
            db.session,
            user,
            int(form.office.data),
            form.layout.data,
            form.count.data,
            form.note.data or "",
        )
        db.session.commit()
        flash(_("Ihre Bestellung ist beim Service-Team angekommen."), "ok")
        return redirect(url_for("staff.printing.request_new"))
    return render_template("staff/card_request.html", form=form)


@bp.post("/card-requests/<id(bits=32):request_id>/done", endpoint="request_done")
@roles(*PRINTING)
def card_request_done(request_id: int) -> ResponseReturnValue:
    """The service team marks a request as printed."""
    card_request = db.session.get(CardRequest, request_id)
    if card_request is None:
        abort(404)
    # CSRFProtect has checked the token before this view runs, as for every POST.
    if printing.mark_done(db.session, card_request, current_user()):  # once, however often
        audit.record(
            db.session, current_user(), "card_request_done", detail=f"request {card_request.id}"
        )
        flash(_("Die Bestellung ist als erledigt markiert."), "ok")
    db.session.commit()
    return redirect(url_for("staff.printing.cards"))


@bp.route("/paper-cards", methods=["GET", "POST"], endpoint="paper_cards")
@roles(*KRM_DESK)
def paper_cards() -> ResponseReturnValue:
    """Key in returned paper cards, one after another, with the keyboard alone."""
    form = PaperCardForm()
    form.office.choices = _office_choices()
    if not form.is_submitted():
        form.office.data = request.args.get("office", form.office.data)
        form.received_on.data = _date_arg() or form.received_on.data
        form.batch.data = parse_id(request.args.get("batch"), bits=32)
        form.language.data = request.args.get("language", form.language.data)
    valid = form.validate_on_submit() and _batch_fits(form)
    old_date = valid and form.date_needs_confirming()
    if valid and not old_date:
        row = reception.record_paper_card(
            db.session,
            office_id=int(form.office.data),
            batch=form.batch.data,
            kind=form.kind.data,
            rating=form.rating.data,
            text=form.text.data or "",
            received_on=form.received_on.data or date.today(),
            language=form.language.data,
            rule_profile=rule_profile(),
        )
        audit.record(db.session, current_user(), "paper_card", case_id=row.id)
        db.session.commit()
        flash(_("Karte gespeichert."), "ok")
        return redirect(
            url_for(
                "staff.printing.paper_cards",
                office=form.office.data,
                received_on=form.received_on.data.isoformat() if form.received_on.data else None,
                batch=form.batch.data,
                language=form.language.data,
            )
        )
    if old_date and form.received_on.data is not None:
        form.date_confirmed.data = form.received_on.data.isoformat()
    status = 422 if form.is_submitted() else 200
    return render_template(
        "staff/paper_cards.html",
        form=form,
        keyed=_keyed_today(),
        old_date=old_date,
        old_card_days=OLD_CARD_DAYS,
    ), status


def _batch_fits(form: PaperCardForm) -> bool:
    """A batch number on the card must be one of this office's card print runs."""
    if form.batch.data is None:
        return True
    batch = db.session.get(PrintBatch, form.batch.data) if 0 < form.batch.data < 2**31 else None
    if batch is None or batch.layout != "card":
        form.batch.errors = [
            _("Eine Kartenauflage %(batch)d gibt es nicht.", batch=form.batch.data)
        ]
        return False
    if str(batch.office_id) != form.office.data:
        form.batch.errors = [
            _(
                "Die Auflage %(batch)d gehört nicht zur Geschäftsstelle, sondern zu %(office)s.",
                batch=batch.id,
                office=batch.office.name,
            )
        ]
        return False
    return True


def _keyed_today() -> int:
    """Paper cards keyed in today (by anyone), whatever date of receipt they were given."""
    since = datetime.combine(date.today(), time.min).astimezone(UTC)
    found = db.session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == "paper_card", AuditEvent.at >= since)
    )
    return found or 0


def _date_arg() -> date | None:
    try:
        return date.fromisoformat(request.args.get("received_on", ""))
    except ValueError:
        return None
