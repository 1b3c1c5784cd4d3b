"""Back office: answering the sender, the letter PDF, and the editable answer templates.

Each view declares its roles (`intake.web.access.roles`); access per case is checked here
with `cases.can_work` (a case one may not work on is a 404, as if it did not exist). The work
itself is in `intake.answers.services`; a failing mail server becomes a message on the editor
with the text kept, and the case stays unanswered.
"""

from __future__ import annotations

from datetime import date

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
from werkzeug.wrappers import Response

from cards.letter import render_letter
from intake import audit, languages
from intake.answers import services as answers
from intake.answers import translation
from intake.backoffice.answers.forms import PURPOSE_LABELS, AnswerForm, TemplateForm
from intake.backoffice.answers.translation import translation_message
from intake.labels import LANGUAGE_LABELS
from intake.languages import LANGUAGES
from intake.machine_translation import TranslationError
from intake.mailer import MailError
from intake.models import AnswerTemplate, Case
from intake.triage import cases, workflow
from intake.web import settings
from intake.web.access import KRM_DESK, WORK, current_user, roles
from intake.web.extensions import db

bp = Blueprint("answers", __name__)

LETTER_PURPOSES = ("final", "acknowledgement")
# What the sender asked for on the form (Contact.preferred) as an answer channel.
PREFERRED_CHANNEL = {"email": "email", "post": "letter", "phone": "phone"}


def _case_or_404(case_id: int) -> Case:
    """The case, if the user may work on it; else 404 (its existence stays hidden)."""
    found = db.session.get(Case, case_id)
    if found is None or not cases.can_work(current_user(), found):
        abort(404)
    return found


# --- the editor ----------------------------------------------------------------------------


def _default_channel(found: Case, channels: list[str]) -> str | None:
    if found.answer_channel in channels:
        return found.answer_channel
    preferred = PREFERRED_CHANNEL.get(found.contact.preferred if found.contact else "")
    if preferred in channels:
        return preferred
    return channels[0] if len(channels) == 1 else None


def _editor(
    found: Case,
    form: AnswerForm,
    *,
    chosen: str | None = None,
    mail_failed: bool = False,
    translation_failed: str | None = None,
    drafted: bool = False,
    status: int = 200,
) -> ResponseReturnValue:
    groups = [
        (purpose, label, answers.choices_for(db.session, found, purpose))
        for purpose, label in PURPOSE_LABELS.items()
    ]
    return render_template(
        "staff/answer.html",
        case=found,
        form=form,
        channels=answers.channels_for(found),
        template_groups=groups,
        chosen=chosen,
        mail_failed=mail_failed,
        management_signed=cases.provisional_kind(found) in answers.MANAGEMENT_SIGNED,
        kind_label=cases.ALL_KINDS.get(cases.provisional_kind(found), ""),
        statements=[link for link in found.forward_links if link.statement],
        placeholders=answers.PLACEHOLDERS,
        draft_language=_draft_language(found),
        language_names={code: LANGUAGE_LABELS[code] for code in LANGUAGES},
        translation_failed=translation_failed,
        drafted=drafted,
    ), status


def _draft_language(found: Case) -> str | None:
    """The language a draft can be translated into here, or None (no service, German sender)."""
    if settings.translator() is None:
        return None
    return translation.answer_language(found)


@bp.route("/cases/<id:case_id>/answer", methods=["GET", "POST"], endpoint="answer")
@roles(*WORK)
def answer(case_id: int) -> ResponseReturnValue:
    """Write an answer, acknowledgement or interim message and send it the chosen way."""
    found = _case_or_404(case_id)
    channels = answers.channels_for(found)
    if request.method == "POST":
        form = AnswerForm()
        form.set_channels(channels)
        if request.form.get("action") == "translate":
            return _draft_translation(found, form)
        if not channels or not form.validate():
            return _editor(found, form, status=422)
        return _send(found, form)

    form = AnswerForm(formdata=None)
    form.set_channels(channels)
    purpose = request.args.get("purpose", "")
    purpose = purpose if purpose in answers.PURPOSES else "final"
    chosen = answers.find_template(db.session, request.args.get("template", ""))
    if chosen is not None:
        purpose = chosen.purpose
    form.purpose.data = purpose
    form.language.data = chosen.language if chosen else languages.DEFAULT
    if chosen is None and purpose == "final" and found.answer:
        form.text.data = found.answer
        form.original.data = found.answer_original
        form.language.data = found.answer_language
    else:
        if chosen is None:
            offered = answers.choices_for(db.session, found, purpose)
            chosen = offered[0] if offered else None
        if chosen is not None:
            form.text.data = answers.render(
                chosen.body, found, current_app.config, language=chosen.language
            )
    form.channel.data = _default_channel(found, answers.channels_for_purpose(found, purpose))
    form.called_on.data = date.today()
    return _editor(found, form, chosen=chosen.key if chosen else None)


def _send(found: Case, form: AnswerForm) -> ResponseReturnValue:
    user, today = current_user(), date.today()
    purpose, channel = form.purpose.data, form.channel.data
    text = answers.render(form.text.data or "", found, current_app.config, today=today).strip()
    original = answers.render(
        form.original.data or "", found, current_app.config, today=today, language="de"
    ).strip()
    called_on = form.called_on.data if channel == "phone" else None
    if called_on is not None and called_on < found.received_on:
        form.called_on.errors = [_("Der Anruf kann nicht vor dem Eingang der Nachricht liegen.")]
        return _editor(found, form, status=422)
    try:
        answers.send(
            db.session,
            found,
            user,
            text=text,
            channel=channel,
            purpose=purpose,
            today=today,
            rule_profile=settings.rule_profile(),
            deliver=settings.send_mail,
            called_on=called_on,
            language=form.language.data or None,
            original=original or None,
        )
    except MailError:
        db.session.rollback()
        audit.record(db.session, user, "mail_failed", case_id=found.id, detail=purpose)
        db.session.commit()
        return _editor(found, form, mail_failed=True, status=503)
    except (answers.AnswerError, workflow.TransitionError):
        db.session.rollback()
        form.channel.errors = [_("Auf diesem Weg lässt sich diese Nachricht nicht senden.")]
        return _editor(found, form, status=422)
    if channel == "letter":
        pdf = render_letter(
            answers.letter_spec(found, current_app.config, text=text, purpose=purpose, today=today)
        )
        audit.record(db.session, user, "letter_pdf", case_id=found.id, detail=purpose)
        db.session.commit()
        return _pdf(pdf, found, purpose)
    db.session.commit()
    flash(_sent_message(purpose, channel))
    return redirect(url_for("staff.cases.case", case_id=found.id))


def _draft_translation(found: Case, form: AnswerForm) -> ResponseReturnValue:
    """Translate the officer's German into the sender's language, back into the editor.

    The German comes from the original's field once a draft exists (the officer may change it
    and draft again), else from the text field. Nothing is sent or stored but the audit event.
    """
    translator = settings.translator()
    if translator is None or translation.answer_language(found) is None:
        abort(404)
    source = form.original if (form.original.data or "").strip() else form.text
    german = (source.data or "").strip()
    if not german:
        source.errors = [_("Bitte schreiben Sie zuerst Ihren Text auf Deutsch.")]
        return _editor(found, form, status=422)
    if answers.unfinished(german):
        source.errors = [
            _("Bitte ersetzen Sie zuerst die markierten Stellen ([[ ]]) im deutschen Text.")
        ]
        return _editor(found, form, status=422)
    try:
        draft = translation.draft_answer(
            db.session, found, current_user(), german, translator.translate
        )
    except TranslationError as error:
        db.session.rollback()
        return _editor(found, form, translation_failed=translation_message(error), status=503)
    db.session.commit()
    form.original.data, form.text.data = draft.original, draft.text
    form.language.data = draft.language
    return _editor(found, form, drafted=True)


def _sent_message(purpose: str, channel: str) -> str:
    if channel == "phone":
        if purpose == "acknowledgement":
            return str(_("Die Eingangsbestätigung ist als Anruf festgehalten."))
        if purpose == "interim":
            return str(_("Die Zwischennachricht ist als Anruf festgehalten."))
        return str(_("Das Gespräch ist als Antwort festgehalten."))
    if channel == "receipt":
        return str(
            _(
                "Die Antwort ist gespeichert. Der Absender liest sie mit seinem Code auf der "
                "Statusseite."
            )
        )
    if purpose == "acknowledgement":
        return str(_("Die Eingangsbestätigung ist per E-Mail verschickt."))
    if purpose == "interim":
        return str(_("Die Zwischennachricht ist per E-Mail verschickt."))
    return str(_("Die Antwort ist per E-Mail verschickt."))


def _pdf(pdf: bytes, found: Case, purpose: str) -> Response:
    name = {"final": "antwort", "acknowledgement": "eingangsbestaetigung"}.get(
        purpose, "zwischennachricht"
    )
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{name}-{found.id}.pdf"'
    return response


@bp.get("/cases/<id:case_id>/letter.pdf", endpoint="letter")
@roles(*WORK)
def answer_letter(case_id: int) -> ResponseReturnValue:
    """The stored answer (or the acknowledgement) as a letter to the sender's postal address."""
    found = _case_or_404(case_id)
    purpose = request.args.get("purpose", "final")
    if purpose not in LETTER_PURPOSES or "letter" not in answers.channels_for(found):
        abort(404)
    config = current_app.config
    if purpose == "final":
        if not found.answer:
            abort(404)
        text, day = found.answer, found.answered_on or date.today()
    else:
        day = date.today()
        text = answers.default_text(db.session, found, purpose, config, today=day)
    pdf = render_letter(answers.letter_spec(found, config, text=text, purpose=purpose, today=day))
    audit.record(db.session, current_user(), "letter_pdf", case_id=found.id, detail=purpose)
    db.session.commit()
    return _pdf(pdf, found, purpose)


# --- templates -----------------------------------------------------------------------------


@bp.get("/templates", endpoint="templates")
@roles(*KRM_DESK)
def template_list() -> ResponseReturnValue:
    """The officers' templates and the built-in ones they start from."""
    rows = db.session.scalars(
        select(AnswerTemplate).order_by(
            AnswerTemplate.kind, AnswerTemplate.language, AnswerTemplate.title
        )
    )
    return render_template(
        "staff/templates.html",
        rows=list(rows),
        builtins=list(answers.BUILTIN.values()),
        kind_labels=answers.TEMPLATE_KINDS,
        language_names={code: LANGUAGE_LABELS[code] for code in LANGUAGES},
    )


@bp.route(
    "/templates/new",
    methods=["GET", "POST"],
    endpoint="template_edit",
    defaults={"template_id": None},
)
@bp.route("/templates/<id(bits=32):template_id>", methods=["GET", "POST"], endpoint="template_edit")
@roles(*KRM_DESK)
def template_edit(template_id: int | None) -> ResponseReturnValue:
    """Edit an answer template; a new one may start from a built-in (?builtin=<kind>)."""
    row = db.session.get(AnswerTemplate, template_id) if template_id is not None else None
    if template_id is not None and row is None:
        abort(404)
    if request.method != "POST":
        return _template_page(_start_form(row), row)
    form = TemplateForm()
    if form.delete.data and row is not None:
        answers.delete_template(db.session, row, current_user())
        db.session.commit()
        flash(_("Die Vorlage ist gelöscht."))
        return redirect(url_for("staff.answers.templates"))
    if not form.validate():
        return _template_page(form, row, status=422)
    text = answers.TemplateText(
        form.kind.data, form.language.data, form.title.data or "", form.body.data or ""
    )
    try:
        answers.save_template(db.session, row, text, current_user())
    except answers.TitleTakenError:
        db.session.rollback()
        form.title.errors = [
            _("Für diese Art und Sprache gibt es schon eine Vorlage mit diesem Titel.")
        ]
        current = db.session.get(AnswerTemplate, template_id) if template_id else None
        return _template_page(form, current, status=422)
    except answers.TemplateError:
        # The form's checks come first; this is what they let through (the service trims).
        db.session.rollback()
        form.body.errors = [_("Bitte schreiben Sie einen Text.")]
        current = db.session.get(AnswerTemplate, template_id) if template_id else None
        return _template_page(form, current, status=422)
    db.session.commit()
    flash(_("Die Vorlage ist gespeichert."))
    return redirect(url_for("staff.answers.templates"))


def _start_form(row: AnswerTemplate | None) -> TemplateForm:
    """The editor's form: the template's values, or for a new one a built-in's text to start
    from (?builtin=<key>) or just the kind (?kind=<kind>)."""
    form = TemplateForm(formdata=None, obj=row)
    if row is not None:
        return form
    base = answers.BUILTIN.get(request.args.get("builtin", ""))
    if base is not None:
        form.kind.data, form.language.data = base.kind, base.language
        form.title.data, form.body.data = base.title, base.body
    elif request.args.get("kind") in answers.TEMPLATE_KINDS:
        form.kind.data = request.args.get("kind")
    if request.args.get("language") in LANGUAGES:  # a new template for this language
        form.language.data = request.args.get("language")
    return form


def _template_page(
    form: TemplateForm, row: AnswerTemplate | None, status: int = 200
) -> ResponseReturnValue:
    return render_template(
        "staff/template_edit.html",
        form=form,
        row=row,
        placeholders=answers.PLACEHOLDERS,
    ), status
