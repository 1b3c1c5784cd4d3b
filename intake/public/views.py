"""Public views: thin translations from HTTP to `intake.reception.services` and back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, g, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_babel import force_locale, format_decimal, get_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError, generate_csrf
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from intake.labels import KIND_LABELS
from intake.languages import DEFAULT as DEFAULT_LANGUAGE
from intake.languages import EASY_GERMAN, babel_locale
from intake.models import Office
from intake.offices import services as offices
from intake.privacy import receipts
from intake.privacy.masking import mask_identifiers
from intake.public import pagecache, signvideo
from intake.public.forms import NO_OFFICE, FeedbackForm, StatusForm
from intake.reception import formtoken
from intake.reception import services as reception
from intake.web import errors, i18n, settings
from intake.web.extensions import csrf, db, limiter
from intake.web.ratelimit import config_limit, everyone, passed_its_client_limits

bp = Blueprint("public", __name__)

SUBMIT_LIMITS = (
    limiter.shared_limit(
        lambda: config_limit("RATELIMIT_SUBMIT_CLIENT"), scope="submit", methods=["POST"]
    ),
    limiter.shared_limit(
        lambda: config_limit("RATELIMIT_SUBMIT_GLOBAL"),
        scope="submit-all",
        key_func=everyone,
        methods=["POST"],
        deduct_when=passed_its_client_limits,  # one client cannot use up everyone's share
    ),
)


def _submit_limited(view: Any) -> Any:
    for decorate in SUBMIT_LIMITS:
        view = decorate(view)
    return view


@bp.route("/", methods=["GET", "POST"])
@_submit_limited
def general() -> ResponseReturnValue:
    """The general form, for the homepage: the office is chosen from a list."""
    return feedback(office=None, source=reception.Source("homepage"))


@bp.route("/embed", methods=["GET", "POST"])
@csrf.exempt  # framed on another site, where cookies are not sent; see intake.reception.formtoken
@_submit_limited
def embed() -> ResponseReturnValue:
    """The compact general form for framing in the Jobcenter's homepage."""
    return feedback(office=None, source=reception.Source("embed"), embed=True)


@bp.route("/m/<code>", methods=["GET", "POST"])
@bp.route("/M/<code>", methods=["GET", "POST"])
@bp.route("/m/<code>/<source>", methods=["GET", "POST"])
@bp.route("/M/<code>/<source>", methods=["GET", "POST"])
@_submit_limited
def office_form(code: str, source: str | None = None) -> ResponseReturnValue:
    """The form of one office, reached through its QR code (case-insensitive)."""
    if request.method != "POST" and (page := _cached_form()) is not None:
        return page
    office = _find_office(code)
    if office is None:
        return render_template("public/unknown_office.html"), 404
    return feedback(office=office, source=reception.parse_source(source))


@bp.get("/l/<code>")
@bp.get("/L/<code>")
@bp.get("/l/<code>/<source>")
@bp.get("/L/<code>/<source>")
def choose_language(code: str, source: str | None = None) -> ResponseReturnValue:
    """The multilingual card's QR code: each offered language in its own name, then the form."""
    office = _find_office(code)
    if office is None:
        return render_template("public/unknown_office.html"), 404
    links = [
        (language, url_for("public.office_form", code=office.code, source=source, lang=lang))
        for lang, language in i18n.offered().items()
    ]
    return render_template("public/choose_language.html", office=office, links=links)


def feedback(
    office: Office | None, source: reception.Source, embed: bool = False
) -> ResponseReturnValue:
    """GET shows the form; POST validates, previews masking, stores, thanks."""
    if request.method != "POST":
        return _cached_form() or _fresh_form(office, embed)
    form = _make_form(office, embed)
    ticket = formtoken.read(current_app.config["SECRET_KEY"], form.form_token.data or "")
    if ticket is None or ticket.age_seconds > current_app.config["FORM_TOKEN_MAX_AGE"]:
        return _render_form(form, office, embed, notice="expired", fresh_token=True)
    if not form.validate() or not _office_choice_valid(form, office):
        return _render_form(form, office, embed), 422
    action = request.form.get("action", "")
    if action == "edit":
        return _render_form(form, office, embed, notice="edit", open_contact=True)
    masked = mask_identifiers(reception.clean_text(form.text.data or ""))
    if masked.changed and action != "send_masked":
        return render_template(
            "public/preview.html", form=form, office=office, masked=masked, embed=embed
        )
    receipt = reception.receive(  # stores and commits exactly once (see its docstring)
        db.session,
        _draft(form, office, source),
        ticket,
        min_fill_seconds=current_app.config["MIN_FILL_SECONDS"],
        min_batch=int(current_app.config["CARD_MIN_BATCH"]),
        rule_profile=settings.rule_profile(),
        receipt_key=settings.receipt_key(),
    )
    return _thanks(
        receipts.format_code(receipt.code) if receipt.code else None, receipt.repeated, embed
    )


def _thanks(code: str | None, repeated: bool, embed: bool) -> str:
    """The thank-you page: one rendered frame per address, language and state, the code put in.

    The frame holds a placeholder, never a code: the code exists only in this one response.
    """
    key = (
        "thanks",
        request.full_path,
        str(get_locale()),
        str(g.get("chosen_language")),
        f"repeated={repeated} code={code is not None} embed={embed}",
    )
    max_age = float(current_app.config["FORM_PAGE_CACHE_SECONDS"])
    frame = _pages().get(key, max_age) if max_age > 0 else None
    if frame is None:
        frame = render_template(
            "public/thanks.html",
            code=pagecache.CODE_PLACEHOLDER if code else None,
            repeated=repeated,
            embed=embed,
        )
        if max_age > 0:
            _pages().put(key, frame)
    return pagecache.put_code(frame, code) if code else frame


def _offices() -> offices.ActiveOffices:
    """This app's remembered offices (one per app, as the page cache)."""
    cache: offices.ActiveOffices = current_app.extensions.setdefault(
        "intake.offices", offices.ActiveOffices()
    )
    return cache


def _office_max_age() -> float:
    """Offices are remembered as long as rendered forms: a change shows on both together."""
    return float(current_app.config["FORM_PAGE_CACHE_SECONDS"])


def _find_office(code: str) -> Office | None:
    """The active office of a public URL code; a retired one stops within FORM_PAGE_CACHE_SECONDS
    in other workers, at once in the worker that retired it (`intake.offices.services`)."""
    return _offices().find(db.session, code, _office_max_age())


def _pages() -> pagecache.PageCache:
    """This app's page cache (one per app, so that apps never share pages)."""
    cache: pagecache.PageCache = current_app.extensions.setdefault(
        "intake.pages", pagecache.PageCache()
    )
    return cache


def _page_key() -> tuple[str, ...]:
    return (request.full_path, str(get_locale()), str(g.get("chosen_language")))


def _with_tokens(page: str) -> str:
    csrf_value = "" if request.endpoint == "public.embed" else generate_csrf()
    return pagecache.fill(page, csrf_value, formtoken.issue(current_app.config["SECRET_KEY"]))


def _cached_form() -> str | None:
    """A recently rendered empty form for this address and language, with fresh tokens.

    Served before the office is looked up again, so a retired office's form can still be
    shown for up to FORM_PAGE_CACHE_SECONDS; sending it then leads to the unknown-office page
    as soon as this worker knows of the retirement (`_find_office`).
    """
    max_age = float(current_app.config["FORM_PAGE_CACHE_SECONDS"])
    page = _pages().get(_page_key(), max_age) if max_age > 0 else None
    return _with_tokens(page) if page is not None else None


def _fresh_form(office: Office | None, embed: bool) -> str:
    """Render an empty form with placeholders, keep it, and fill in this request's tokens."""
    form = _make_form(office, embed)
    form.form_token.data = pagecache.FORM_TOKEN_PLACEHOLDER
    if not embed:
        form.csrf_token.current_token = pagecache.CSRF_PLACEHOLDER
    page = _render_form(form, office, embed)
    if float(current_app.config["FORM_PAGE_CACHE_SECONDS"]) > 0:
        _pages().put(_page_key(), page)
    return _with_tokens(page)


def _make_form(office: Office | None, embed: bool) -> FeedbackForm:
    meta = {"csrf": False} if embed else {}
    form = FeedbackForm(meta=meta, text_max=current_app.config["TEXT_MAX_LENGTH"])
    if office is None:
        choices = [SelectChoice(NO_OFFICE, _("keine Angabe"))]
        listed = _offices().choices(db.session, _office_max_age())
        choices += [SelectChoice(str(o.id), o.name) for o in listed]
        form.office.choices = choices
    return form


def _office_choice_valid(form: FeedbackForm, office: Office | None) -> bool:
    if office is not None or form.office.data in (None, NO_OFFICE):
        return True
    valid = {choice.value for choice in form.office.choices}
    if form.office.data in valid:
        return True
    form.office.errors = [_("Bitte wählen Sie eine Geschäftsstelle aus der Liste.")]
    return False


def _draft(form: FeedbackForm, office: Office | None, source: reception.Source) -> reception.Draft:
    office_id = office.id if office else (int(form.office.data) if form.office.data else None)
    return reception.Draft(
        kind=form.kind.data or "other",
        text=form.text.data or "",
        language=i18n.current_language(),
        source=source,
        office_id=office_id,
        rating=form.rating.data,
        contact=form.contact_data(),
        honeypot=form.website.data or "",
    )


def _render_form(
    form: FeedbackForm,
    office: Office | None,
    embed: bool,
    notice: str = "",
    fresh_token: bool = False,
    open_contact: bool = False,
) -> str:
    if fresh_token:
        form.form_token.data = formtoken.issue(current_app.config["SECRET_KEY"])
    template = "public/embed.html" if embed else "public/form.html"
    return render_template(
        template,
        form=form,
        office=office,
        notice=notice,
        open_contact=open_contact or bool(form.has_contact()),
    )


@bp.errorhandler(CSRFError)
def csrf_expired(error: CSRFError) -> ResponseReturnValue:
    """An expired CSRF token on a public form: the visitor's text must not be lost.

    Registered on this blueprint, so the app-wide handler (`intake.web.errors`) needs to know
    nothing of the public pages.
    """
    if request.method == "POST":
        return resend_after_csrf()
    return errors.handle_csrf(error)


def resend_after_csrf() -> ResponseReturnValue:
    """The CSRF token expired: show the same form with the text kept and a fresh token."""
    if request.endpoint == "public.status":
        return render_template("public/status.html", form=StatusForm(), notice="expired"), 400
    office = None
    if request.endpoint == "public.office_form" and request.view_args:
        office = _find_office(str(request.view_args.get("code", "")))
    form = _make_form(office, embed=False)
    return _render_form(form, office, embed=False, notice="expired", fresh_token=True), 400


def _receipt_missed(response: Response) -> bool:
    return bool(g.get("receipt_missed"))


@bp.route("/status", methods=["GET", "POST"])
@limiter.limit(
    lambda: config_limit("RATELIMIT_RECEIPT_CLIENT"), methods=["POST"], deduct_when=_receipt_missed
)
@limiter.limit(
    lambda: config_limit("RATELIMIT_RECEIPT_GLOBAL"),
    methods=["POST"],
    key_func=everyone,
    deduct_when=_receipt_missed,
    scope="receipt-all",
)
def status() -> ResponseReturnValue:
    """Read the state and the answer with a receipt code (POST: the code stays out of URLs)."""
    form = StatusForm()
    if request.method != "POST" or not form.validate():
        return render_template("public/status.html", form=form), 200 if not form.errors else 422
    found = reception.find_by_receipt(db.session, form.code.data or "", settings.receipt_key())
    if found is None:
        g.receipt_missed = True
        return render_template("public/status.html", form=form, missed=True), 404
    return render_template(
        "public/status.html",
        form=form,
        found=found,
        public_status=reception.public_status(found.status, has_answer=bool(found.answer)),
    )


@bp.get("/datenschutz")
def privacy() -> ResponseReturnValue:
    """Datenschutzhinweise: exactly what is and is not stored."""
    return render_template("public/privacy.html")


@bp.get("/barrierefreiheit")
def accessibility() -> ResponseReturnValue:
    """Erklärung zur Barrierefreiheit."""
    return render_template("public/accessibility.html")


@bp.get("/impressum")
def legal() -> ResponseReturnValue:
    """Impressum (legal notice)."""
    return render_template("public/legal.html")


# --- BITV 2.0 § 4: Leichte Sprache and German Sign Language ---------------------------------

SIGN_VIDEO_MAX_AGE = 24 * 3600  # seconds; its URL changes whenever the file is replaced


@bp.get("/leichte-sprache")
def easy_language() -> ResponseReturnValue:
    """What this site is for and how to use it, in Leichte Sprache (written so, not gettext)."""
    return render_template("public/easy_language.html", words=_easy_words())


@bp.get("/gebaerdensprache")
def sign_language() -> ResponseReturnValue:
    """The same in German Sign Language: the configured video, or a plain "in preparation"."""
    video = _sign_video()
    described: dict[str, str] = {}
    if video is not None:
        described["size"] = format_decimal(signvideo.megabytes(video.size), format="#,##0.0")
        if video.seconds is not None:
            described["duration"] = signvideo.clock(video.seconds)
    return render_template(
        "public/sign_language.html", video=video, words=_easy_words(), **described
    )


@bp.get("/gebaerdensprache/video")
def sign_language_video() -> ResponseReturnValue:
    """The video file itself, from this server: range requests, ETag, cacheable."""
    video = _sign_video()
    if video is None:
        abort(404)
    return send_file(
        video.path,
        mimetype=video.mimetype,
        download_name=f"gebaerdensprache{video.suffix}",
        conditional=True,
        etag=True,
        max_age=SIGN_VIDEO_MAX_AGE,
    )


def _sign_video() -> signvideo.SignVideo | None:
    configured = current_app.config.get("SIGN_LANGUAGE_VIDEO")
    if not configured:
        return None
    path = Path(str(configured))
    if not path.is_absolute():
        path = Path(current_app.instance_path) / path
    seconds = int(current_app.config.get("SIGN_LANGUAGE_VIDEO_SECONDS") or 0)
    return signvideo.find(path, seconds)


# The buttons and links the Leichte-Sprache text names, as the form shows them (msgids).
_EASY_WORDS = {
    "form": "Meinung sagen",
    "contact": "Antwort erwünscht? Kontaktdaten angeben (freiwillig)",
    "send": "Absenden",
    "status": "Antwort abrufen",
    "fetch": "Abrufen",
}


def _easy_words() -> dict[str, Any]:
    """Names of buttons and links in the language the text's links lead to.

    The links go to the form in Leichte Sprache when it is offered (else in German), so the
    names quoted in the text are the ones the reader then sees there.
    """
    code = EASY_GERMAN if EASY_GERMAN in i18n.offered() else DEFAULT_LANGUAGE
    with force_locale(babel_locale(code)):
        words: dict[str, Any] = {key: _(msgid) for key, msgid in _EASY_WORDS.items()}
        words["kinds"] = [str(label) for label in KIND_LABELS.values()]
    words["lang"] = code
    return words
