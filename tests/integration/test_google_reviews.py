"""Google reviews in the back office: detail page, reply flow, filters, access, no gating."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from intake import reviews
from intake.models import AuditEvent, Case, GoogleReview
from intake.privacy import retention
from intake.roles import Role
from intake.web.extensions import db
from tests.google.fake_server import Answer, FakeGoogle
from tests.helpers import hidden_fields, login, make_user, submit
from tests.integration.conftest import DIEZ_LOCATION, ems_review


@pytest.fixture
def app_config(google_config: dict[str, Any]) -> dict[str, Any]:
    return google_config


def row_of(app: Flask, name: str) -> GoogleReview:
    with app.app_context():
        row = db.session.scalar(select(GoogleReview).where(GoogleReview.name == name))
        assert row is not None
        return row


def page_of(client: FlaskClient, app: Flask, name: str, query: str = "") -> tuple[int, str]:
    row = row_of(app, name)
    response = client.get(f"/staff/cases/{row.case_id}{query}")
    return response.status_code, response.get_data(as_text=True)


def post_reply(client: FlaskClient, app: Flask, name: str, text: str, **extra: str) -> Any:
    status, html = page_of(client, app, name)
    assert status == 200
    row = row_of(app, name)
    return client.post(
        f"/staff/cases/{row.case_id}/reply",
        data={"comment": text, **hidden_fields(html), **extra},
    )


def post_delete(client: FlaskClient, app: Flask, name: str) -> Any:
    _status, html = page_of(client, app, name)
    row = row_of(app, name)
    return client.post(f"/staff/cases/{row.case_id}/reply/delete", data=hidden_fields(html))


def puts(google: FakeGoogle) -> list[str]:
    return [r.path for r in google.api_requests() if r.method in ("PUT", "DELETE")]


def actions(app: Flask, case_id: int) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.case_id == case_id, AuditEvent.action != "view")
                .order_by(AuditEvent.id)
            )
        )


def text_of(html: str) -> str:
    """The page's text with tags removed (for order checks)."""
    return re.sub(r"<[^>]+>", " ", html)


# --------------------------------------------------------------------------- detail page


def test_translated_comment_shows_the_original_first(
    synced: Flask, client: FlaskClient, officer: object
) -> None:
    status, html = page_of(client, synced, ems_review("translated"))
    assert status == 200
    original = html.index("Personel çok yardımseverdi.")
    translation = html.index("Die Mitarbeiterin war sehr hilfsbereit.")
    assert original < translation
    assert "Übersetzung von Google" in html
    assert "(Translated by Google)" not in html
    inbox = client.get("/staff/inbox").get_data(as_text=True)
    assert "Personel çok yardımseverdi." in inbox
    assert "Die Mitarbeiterin war sehr hilfsbereit." not in inbox


def test_reviewer_name_only_on_the_detail_page(
    synced: Flask, client: FlaskClient, officer: object
) -> None:
    pages, html_pages = "", []
    url = "/staff/inbox"
    while url:  # every page of the inbox
        html = client.get(url).get_data(as_text=True)
        html_pages.append(html)
        more = re.search(r'rel="next" href="([^"]+)"', html)
        url = more.group(1).replace("&amp;", "&") if more else ""
    pages = "".join(html_pages)
    assert "Google-Rezension" in pages
    for name in ("Ayşe Beispiel", "Max Mustermann", "Erika Beispielfrau", "Rezensentin Diez"):
        assert name not in pages
    for filtered in ("?replied=1", "?replied=0", "?kind=other"):
        assert "Max Mustermann" not in client.get(f"/staff/inbox{filtered}").get_data(as_text=True)
    _status, detail = page_of(client, synced, ems_review("translated"))
    assert "Ayşe Beispiel" in detail
    _status, anonymous = page_of(client, synced, ems_review("anonymous"))
    assert "anonym" in anonymous


def test_rating_only_review_without_text(
    synced: Flask, client: FlaskClient, officer: object
) -> None:
    status, html = page_of(client, synced, ems_review("rating-only"))
    assert status == 200 and "Nur Sterne, ohne Text." in html
    assert "5 von 5 Sternen" in html
    row = row_of(synced, ems_review("rating-only"))
    inbox = client.get("/staff/inbox?replied=0").get_data(as_text=True)
    link = re.search(rf'href="/staff/cases/{row.case_id}[^"]*">([^<]*)<', inbox)
    assert link is not None and link.group(1) == "(ohne Text)"


def test_templates_follow_the_star_rating_and_can_be_switched(
    synced: Flask, client: FlaskClient, officer: object
) -> None:
    _status, one_star = page_of(client, synced, ems_review("anonymous"))
    assert "Es tut uns leid" in one_star
    _status, four_stars = page_of(client, synced, ems_review("translated"))
    assert "herzlichen Dank für Ihre freundliche Bewertung" in four_stars
    assert "Geschäftsstelle Bad Ems" in four_stars
    _status, switched = page_of(client, synced, ems_review("translated"), "?template=neutral")
    assert "Hinweise, was wir in der Geschäftsstelle Bad Ems besser machen" in switched
    _status, answered = page_of(client, synced, ems_review("answered"))
    assert "\nVielen Dank für Ihr Feedback.</textarea>" in answered  # editing the reply


def test_the_editor_shows_the_byte_limit_without_script(
    synced: Flask, client: FlaskClient, officer: object
) -> None:
    _status, html = page_of(client, synced, ems_review("rating-only"))
    assert 'data-byte-counter="comment"' in html and 'data-max-bytes="4096"' in html
    assert 'aria-live="polite"' in html
    assert "von 4.096 Bytes" in html
    assert "<script>" not in html and "style=" not in html


# --------------------------------------------------------------------------- replying


def test_publish_edit_and_delete_a_reply(
    synced: Flask, client: FlaskClient, officer: object, google: FakeGoogle
) -> None:
    name = ems_review("complaint")
    text = "Guten Tag,\r\n\r\ndanke für den Hinweis – wir prüfen die Wartezeiten. 😊"
    response = post_reply(client, synced, name, text)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    sent = text.replace("\r\n", "\n")
    on_google = google.review(name)
    assert on_google is not None and on_google["reviewReply"]["comment"] == sent
    row = row_of(synced, name)
    assert row.reply_comment == sent and row.reply_update_time is not None
    first = row.first_replied_at
    assert first is not None
    delay = reviews.response_time(row)
    assert delay is not None and delay.total_seconds() > 0
    followed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Die Antwort ist auf Google veröffentlicht." in followed
    assert "wir prüfen die Wartezeiten" in followed

    edited = post_reply(client, synced, name, "Wir haben die Wartezeiten verkürzt.")
    assert edited.status_code == 302
    on_google = google.review(name)
    assert on_google is not None
    assert on_google["reviewReply"]["comment"] == "Wir haben die Wartezeiten verkürzt."
    row = row_of(synced, name)
    assert row.reply_comment == "Wir haben die Wartezeiten verkürzt."
    assert row.first_replied_at == first  # the response time counts from the first reply

    deleted = post_delete(client, synced, name)
    assert deleted.status_code == 302
    on_google = google.review(name)
    assert on_google is not None and "reviewReply" not in on_google
    row = row_of(synced, name)
    assert row.reply_comment is None and row.first_replied_at == first
    assert actions(synced, row.case_id) == [
        "google_reply_publish",
        "transition",  # new → triaged
        "transition",  # triaged → answered: the public reply is the answer
        "google_reply_update",
        "google_reply_delete",
    ]
    with synced.app_context():
        times = {t.case_id: t for t in reviews.response_times(db.session)}
        assert times[row.case_id].delay == delay


@pytest.mark.parametrize(
    "text,message",
    [
        ("ä" * 2049, "Die Antwort ist 4.098 Bytes lang, Google erlaubt höchstens 4.096 Bytes."),
        ("x" * 4097, "Die Antwort ist 4.097 Bytes lang"),
        ("Hallo\x07 Welt", "unsichtbares Steuerzeichen"),
        ("Hallo\x00", "unsichtbares Steuerzeichen"),
        ("   \r\n ", "Bitte schreiben Sie eine Antwort."),
    ],
)
def test_replies_google_would_refuse_are_refused_before_sending(
    synced: Flask,
    client: FlaskClient,
    officer: object,
    google: FakeGoogle,
    text: str,
    message: str,
) -> None:
    name = ems_review("complaint")
    response = post_reply(client, synced, name, text)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert puts(google) == []
    assert row_of(synced, name).reply_comment is None
    if "x" * 100 in text:
        assert "x" * 4097 in html  # the text is kept for shortening


def test_exactly_the_limit_is_accepted(
    synced: Flask, client: FlaskClient, officer: object, google: FakeGoogle
) -> None:
    text = "ä" * 2048  # 4,096 bytes
    assert post_reply(client, synced, ems_review("complaint"), text).status_code == 302
    assert row_of(synced, ems_review("complaint")).reply_comment == text


def test_refusal_messages_in_english(
    synced: Flask, client: FlaskClient, officer: object, google: FakeGoogle
) -> None:
    response = post_reply(client, synced, ems_review("complaint"), "ü" * 3000, lang="en")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The reply is 6,000 bytes long; Google allows at most 4,096 bytes." in html
    assert puts(google) == []


def test_api_failure_is_a_friendly_page_and_nothing_is_stored(
    synced: Flask, client: FlaskClient, officer: object, google: FakeGoogle, sleeps: list[float]
) -> None:
    name = ems_review("complaint")
    google.fail_next(2, 503)  # the web retries once, then gives up
    response = post_reply(client, synced, name, "Danke für den Hinweis.")
    html = response.get_data(as_text=True)
    assert response.status_code == 502
    assert "Die Antwort wurde nicht veröffentlicht." in html
    assert "Google ist gerade nicht erreichbar" in html
    assert "\nDanke für den Hinweis.</textarea>" in html  # kept for the next try
    assert row_of(synced, name).reply_comment is None
    on_google = google.review(name)
    assert on_google is not None and "reviewReply" not in on_google
    assert actions(synced, row_of(synced, name).case_id) == ["google_reply_publish_failed"]

    google.deny_location("accounts/1111/locations/2002", "The caller does not have permission")
    denied = post_reply(client, synced, name, "Danke für den Hinweis.")
    assert denied.status_code == 502
    page = denied.get_data(as_text=True)
    assert "Google verweigert den Zugriff" in page
    assert "The caller does not have permission" in page


def test_unconfirmed_reply_is_not_stored_as_published(
    synced: Flask,
    client: FlaskClient,
    officer: object,
    google: FakeGoogle,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    name = ems_review("complaint")
    original = google.handle

    def stale_reads(method: str, target: str, headers: dict[str, str], body: bytes) -> Answer:
        answer = original(method, target, headers, body)
        if method == "GET" and target.endswith("/reviews/complaint") and answer.body:
            answer.body = {k: v for k, v in answer.body.items() if k != "reviewReply"}
        return answer

    monkeypatch.setattr(google, "handle", stale_reads)
    response = post_reply(client, synced, name, "Danke für den Hinweis.")
    assert response.status_code == 502
    assert "Google hat die Änderung nicht bestätigt." in response.get_data(as_text=True)
    assert row_of(synced, name).reply_comment is None


def test_reply_to_a_review_deleted_on_google(
    synced: Flask, client: FlaskClient, officer: object, google: FakeGoogle
) -> None:
    name = ems_review("complaint")
    _status, html = page_of(client, synced, name)
    google.delete_review(name)
    row = row_of(synced, name)
    response = client.post(
        f"/staff/cases/{row.case_id}/reply",
        data={"comment": "Danke.", **hidden_fields(html)},
    )
    assert response.status_code == 502
    assert "gibt es auf Google nicht mehr" in response.get_data(as_text=True)
    row = row_of(synced, name)
    assert row.deleted and row.reply_comment is None
    _status, after = page_of(client, synced, name)
    assert "Auf Google gelöscht" in after and 'name="comment"' not in after
    refused = client.post(
        f"/staff/cases/{row.case_id}/reply",
        data={"comment": "Danke.", **hidden_fields(after)},
    )
    assert refused.status_code == 302


def test_without_credentials_the_page_says_so(
    synced: Flask, client: FlaskClient, officer: object
) -> None:
    synced.config["GOOGLE_CREDENTIALS"] = None
    _status, html = page_of(client, synced, ems_review("complaint"))
    assert "noch nicht eingerichtet" in html
    response = post_reply(client, synced, ems_review("complaint"), "Danke.")
    assert response.status_code == 502
    assert "nicht eingerichtet oder abgelaufen" in response.get_data(as_text=True)


def test_reply_needs_csrf(
    synced: Flask, client: FlaskClient, officer: object, google: FakeGoogle
) -> None:
    row = row_of(synced, ems_review("complaint"))
    response = client.post(f"/staff/cases/{row.case_id}/reply", data={"comment": "x"})
    assert response.status_code == 400
    delete = client.post(f"/staff/cases/{row.case_id}/reply/delete")
    assert delete.status_code == 400
    assert puts(google) == []


def test_reply_routes_only_for_google_reviews(
    synced: Flask, client: FlaskClient, officer: object
) -> None:
    submit(client, text="Ein Formular")
    with synced.app_context():
        web_id = db.session.scalar(select(Case.id).where(Case.channel != "google"))
    page = client.get(f"/staff/cases/{web_id}").get_data(as_text=True)
    assert 'name="comment"' not in page
    response = client.post(
        f"/staff/cases/{web_id}/reply", data={"comment": "x", **hidden_fields(page)}
    )
    assert response.status_code == 404


# --------------------------------------------------------------------------- filters, access


def test_replied_and_unreplied_filters(synced: Flask, client: FlaskClient, officer: object) -> None:
    submit(client, text="Eine Nachricht über das Formular")
    answered = row_of(synced, ems_review("answered")).case_id
    complaint = row_of(synced, ems_review("complaint")).case_id
    replied = client.get("/staff/inbox?replied=1").get_data(as_text=True)
    assert f"/staff/cases/{answered}" in replied
    assert f"/staff/cases/{complaint}" not in replied
    assert "Eine Nachricht über das Formular" not in replied
    assert "(beantwortet)" in replied
    unreplied_ids: list[str] = []
    url = "/staff/inbox?replied=0"
    while url:
        html = client.get(url).get_data(as_text=True)
        unreplied_ids += re.findall(r'href="/staff/cases/(\d+)[?"]', html)
        more = re.search(r'rel="next" href="([^"]+)"', html)
        url = more.group(1).replace("&amp;", "&") if more else ""
        assert "Eine Nachricht über das Formular" not in html
    assert str(complaint) in unreplied_ids and str(answered) not in unreplied_ids
    assert len(unreplied_ids) == 64  # all 65 reviews but the answered one, over two pages

    assert post_reply(client, synced, ems_review("complaint"), "Danke.").status_code == 302
    replied = client.get("/staff/inbox?replied=1").get_data(as_text=True)
    assert f"/staff/cases/{complaint}" in replied
    everything = client.get("/staff/inbox").get_data(as_text=True)
    assert "Eine Nachricht über das Formular" in everything


@pytest.mark.parametrize("role", list(Role))
def test_only_officers_and_admins_can_reply(synced: Flask, role: str, google: FakeGoogle) -> None:
    make_user(synced, f"{role}@example.org", role)
    visitor = synced.test_client()
    login(visitor, f"{role}@example.org")
    token = hidden_fields(visitor.get("/staff/login").get_data(as_text=True))
    row = row_of(synced, ems_review("answered"))
    url = f"/staff/cases/{row.case_id}/reply"
    publish = visitor.post(url, data={"comment": "Danke!", **token})
    delete = visitor.post(f"{url}/delete", data=token)
    if role in ("officer", "admin"):
        assert publish.status_code == 302 and delete.status_code == 302
        assert [path.rsplit("/", 1)[-1] for path in puts(google)] == ["reply", "reply"]
    else:
        assert publish.status_code == delete.status_code == 403
        assert puts(google) == []
        # Service may not open cases at all; management reads every case (without the
        # tools to change it); team leads and the anti-corruption officer open only theirs
        # (forwarded to the lead's office / corruption cases): 404, existence hidden.
        opened = visitor.get(f"/staff/cases/{row.case_id}").status_code
        assert opened == {"service": 403, "management": 200}.get(role, 404)


# --------------------------------------------------------------------------- no review gating


PUBLIC_PAGES = (
    "/",
    "/m/diez",
    "/m/diez/k1",
    "/embed",
    "/status",
    "/datenschutz",
    "/barrierefreiheit",
    "/impressum",
)


def google_lines(html: str) -> set[str]:
    return {line.strip() for line in html.splitlines() if "google" in line.lower()}


def test_public_pages_never_steer_anyone_to_google(app: Flask, client: FlaskClient) -> None:
    """No review gating: the thank-you page is the same for every rating, without Google."""
    per_rating = {}
    for rating in (None, "1", "2", "3", "4", "5"):
        response = submit(client, rating=rating, text=f"Bewertung {rating}")
        assert response.status_code == 200
        per_rating[rating] = google_lines(response.get_data(as_text=True))
    assert all(lines == per_rating[None] for lines in per_rating.values())
    assert per_rating[None] == set()
    for url in PUBLIC_PAGES:
        for lang in ("de", "en"):
            html = client.get(f"{url}?lang={lang}").get_data(as_text=True)
            assert google_lines(html) == set(), url


def test_google_reviews_are_public_text_and_not_masked(
    synced: Flask, runner: FlaskCliRunner, google: FakeGoogle
) -> None:
    text = "Rufen Sie mich an: 0170 1234567 oder schreiben Sie an info@example.org"
    name = google.add_review(DIEZ_LOCATION, rating="TWO", comment=text)
    assert runner.invoke(args=["reviews", "sync"]).exit_code == 0
    row = row_of(synced, name)
    with synced.app_context():
        case = db.session.get(Case, row.case_id)
        assert case is not None
        assert (case.text, case.masked_kinds) == (text, "")


def test_google_reviews_marked_as_spam_are_not_purged(synced: Flask) -> None:
    """A purged one would come back with the next full sync as if it were new."""
    name = ems_review("complaint")
    case_id = row_of(synced, name).case_id
    with synced.app_context():
        case = db.session.get(Case, case_id)
        assert case is not None
        case.is_spam, case.spam_reason = True, "officer"
        db.session.commit()
        retention.run(db.session, spam_days=0, today=case.received_on + timedelta(days=400))
        assert db.session.get(Case, case_id) is not None


def test_a_corruption_review_cannot_be_replied_to_or_seen_by_the_officer(
    synced: Flask, client: FlaskClient, officer: object, google: FakeGoogle
) -> None:
    row = row_of(synced, ems_review("complaint"))
    with synced.app_context():
        item = db.session.get(Case, row.case_id)
        assert item is not None
        item.restricted = True
        db.session.commit()
    token = hidden_fields(client.get("/staff/inbox").get_data(as_text=True))
    url = f"/staff/cases/{row.case_id}/reply"
    assert client.post(url, data={"comment": "", **token}).status_code == 404
    assert client.post(url, data={"comment": "Danke.", **token}).status_code == 404
    assert client.post(f"{url}/delete", data=token).status_code == 404
    assert puts(google) == []
