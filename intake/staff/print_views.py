"""Back-office pages of the service team (print runs, card requests) and paper-card keying.

Registered on the staff blueprint; access is decided in `intake.access` like everywhere.
"""

from __future__ import annotations

import tempfile
from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.wrappers import Response
from wtforms import SelectChoice

import cards
from intake import audit, offices, printing, submissions
from intake.access import current_user
from intake.extensions import db
from intake.models import CardRequest, Office, Submission
from intake.params import parse_id
from intake.staff.print_forms import LAYOUT_LABELS, CardRequestForm, PaperCardForm, PrintForm
from intake.staff.views import bp


def _settings() -> printing.PrintSettings:
    return printing.PrintSettings.from_config(current_app.config)


def _office_choices(only: int | None = None) -> list[SelectChoice]:
    return [
        SelectChoice(str(o.id), f"{o.name} ({o.code})")
        for o in offices.active_offices(db.session)
        if only is None or o.id == only
    ]


def _print_form(formdata: object = None) -> PrintForm:
    form = PrintForm(formdata, meta={"csrf": formdata is None or request.method == "POST"})
    form.office.choices = _office_choices()
    return form


@bp.get("/cards", endpoint="cards")
def cards_home() -> ResponseReturnValue:
    """Choose what to print; open requests and recent print runs."""
    form = _print_form(request.args if request.args else None)
    preview = bool(request.args) and form.validate()
    error = None
    if preview:
        try:
            printing.check_request(form.layout.data, form.count.data, _settings())
        except printing.PrintError as exc:
            preview, error = False, str(exc)
    return _cards_page(form, preview=preview, error=error)


def _cards_page(
    form: PrintForm, *, preview: bool = False, error: str | None = None, status: int = 200
) -> ResponseReturnValue:
    """The printing page: the form (or its preview), open requests and recent print runs."""
    recent = printing.batches_with_counts(db.session, None)[:20]
    return render_template(
        "staff/cards.html",
        form=form,
        preview=preview,
        error=error,
        requests=printing.open_requests(db.session),
        layout_labels=LAYOUT_LABELS,
        batches=recent,
    ), status


@bp.get("/cards/preview.png", endpoint="cards_preview")
def cards_preview() -> ResponseReturnValue:
    """The first page of what would be printed, as an image."""
    office = db.session.get(Office, parse_id(request.args.get("office")) or 0)
    layout, language = request.args.get("layout", ""), request.args.get("language", "de")
    if office is None or layout not in printing.LAYOUTS:
        abort(404)
    try:
        png = printing.preview_png(office, layout, language, _settings())
    except printing.PrintError:
        abort(404)
    return Response(png, mimetype="image/png")


@bp.post("/cards/print", endpoint="cards_print")
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
    except (printing.PrintError, cards.BatchTooSmall, cards.LayoutOverflow) as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("staff.cards"))
    _close_request(form.request_id.data, batch.id)
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


def _close_request(raw_id: str | None, batch_id: int) -> None:
    ident = parse_id(raw_id)
    if ident is not None:
        card_request = db.session.get(CardRequest, ident)
        if card_request is not None and card_request.status == "open":
            printing.mark_done(db.session, card_request, current_user(), batch_id)


@bp.get("/cards/batches", endpoint="cards_batches")
def cards_batches() -> ResponseReturnValue:
    """Print runs per office with the submissions that came through each."""
    office_id = parse_id(request.args.get("office"))
    return render_template(
        "staff/batches.html",
        rows=printing.batches_with_counts(db.session, office_id),
        offices=offices.all_offices(db.session),
        office_id=office_id,
        layout_labels=LAYOUT_LABELS,
    )


@bp.route("/card-requests/new", methods=["GET", "POST"], endpoint="card_request_new")
def card_request_new() -> ResponseReturnValue:
    """A team lead orders cards for their office."""
    user = current_user()
    form = CardRequestForm()
    form.office.choices = _office_choices(only=user.office_id if user else None)
    if form.validate_on_submit():
        card_request = CardRequest(
            office_id=int(form.office.data),
            layout=form.layout.data,
            count=form.count.data,
            note=form.note.data or "",
            requested_by_id=user.id if user else None,
        )
        db.session.add(card_request)
        db.session.flush()
        audit.record(db.session, user, "card_request", detail=f"request {card_request.id}")
        db.session.commit()
        flash(_("Ihre Bestellung ist beim Service-Team angekommen."), "ok")
        return redirect(url_for("staff.card_request_new"))
    return render_template("staff/card_request.html", form=form)


@bp.post("/card-requests/<int:request_id>/done", endpoint="card_request_done")
def card_request_done(request_id: int) -> ResponseReturnValue:
    """The service team marks a request as printed."""
    card_request = db.session.get(CardRequest, request_id)
    if card_request is None:
        abort(404)
    # CSRFProtect has checked the token before this view runs, as for every POST.
    printing.mark_done(db.session, card_request, current_user())
    audit.record(
        db.session, current_user(), "card_request_done", detail=f"request {card_request.id}"
    )
    db.session.commit()
    return redirect(url_for("staff.cards"))


@bp.route("/paper-cards", methods=["GET", "POST"], endpoint="paper_cards")
def paper_cards() -> ResponseReturnValue:
    """Key in returned paper cards, one after another, with the keyboard alone."""
    form = PaperCardForm()
    form.office.choices = _office_choices()
    if not form.is_submitted():
        form.office.data = request.args.get("office", form.office.data)
        form.received_on.data = _date_arg() or form.received_on.data
    if form.validate_on_submit():
        row = submissions.record_paper_card(
            db.session,
            office_id=int(form.office.data),
            batch=form.batch.data,
            kind=form.kind.data,
            rating=form.rating.data,
            text=form.text.data or "",
            received_on=form.received_on.data or date.today(),
        )
        audit.record(db.session, current_user(), "paper_card", submission_id=row.id)
        db.session.commit()
        flash(_("Karte gespeichert."), "ok")
        return redirect(
            url_for(
                "staff.paper_cards",
                office=form.office.data,
                received_on=form.received_on.data.isoformat() if form.received_on.data else None,
            )
        )
    keyed = db.session.scalar(
        select(func.count())
        .select_from(Submission)
        .where(Submission.channel == "paper_card", Submission.received_on == form.received_on.data)
    )
    status = 422 if form.errors else 200
    return render_template("staff/paper_cards.html", form=form, keyed=keyed or 0), status


def _date_arg() -> date | None:
    try:
        return date.fromisoformat(request.args.get("received_on", ""))
    except ValueError:
        return None
