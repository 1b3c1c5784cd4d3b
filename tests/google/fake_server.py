"""A local fake of the Google Business Profile reviews API and Google's OAuth token endpoint.

It behaves like the documented service (the shared notes in
../shared/docs/google-business-profile.md), so the client is tested against the wire
behaviour rather than against mocks of itself:

- v4 routes `GET …/reviews`, `GET …/reviews/{r}`, `PUT|DELETE …/reviews/{r}/reply`,
  `POST accounts/{a}/locations:batchGetReviews`, all named `accounts/{a}/locations/{l}`;
- opaque, HMAC-signed page tokens (tampered or foreign ones → 400 INVALID_ARGUMENT),
  `pageSize` at most 50, `orderBy` `updateTime desc` (default), `rating`, `rating desc`,
  no `nextPageToken` on the last page, `{}` for a location without reviews;
- absent values left out (no `comment` on rating-only reviews, no `reviewReply` when
  unanswered), star ratings as enum strings, timestamps with 0/3/6/9 fractional digits;
- Google's error envelope for 400/401/403/404/429/5xx, with Retry-After on 429;
- bearer tokens checked: only tokens issued by its own `/token` endpoint and not expired;
- scripted faults for the next N requests, call recording, and methods to add, edit and
  delete reviews between syncs.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

CLIENT_ID = "fake-client.apps.googleusercontent.com"
CLIENT_SECRET = "GOCSPX-fake-client-secret-0123456789"
REFRESH_TOKEN = "1//fake-refresh-token-abcdefghijklmnopqrstuvwxyz"
MAX_PAGE_SIZE = 50
MAX_REPLY_BYTES = 4096
SCOPE = "https://www.googleapis.com/auth/business.manage"
ORDERS = ("updateTime desc", "rating", "rating desc")
RATING_NUMBERS = {"ONE": 1, "TWO": 2, "THREE": 3, "FOUR": 4, "FIVE": 5}
NOT_FOUND_MESSAGE = "Requested entity was not found."
INVALID_ARGUMENT_MESSAGE = "Request contains an invalid argument."
QUOTA_MESSAGE = (
    "Quota exceeded for quota metric 'Requests' and limit 'Requests per minute' of service "
    "'mybusiness.googleapis.com' for consumer 'project_number:123456789'."
)
MISSING_AUTH_MESSAGE = (
    "Request is missing required authentication credential. Expected OAuth 2 access token, "
    "login cookie or other valid authentication credential."
)
INVALID_AUTH_MESSAGE = (
    "Request had invalid authentication credentials. Expected OAuth 2 access token, login "
    "cookie or other valid authentication credential."
)
STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    502: "UNAVAILABLE",
    503: "UNAVAILABLE",
}

Json = dict[str, Any]


@dataclass
class Answer:
    """What the fake sends back: status, JSON body (None = empty body), extra headers."""

    status: int
    body: Json | None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to stall before answering (to provoke client timeouts)


@dataclass(frozen=True)
class Recorded:
    """One request as received, for assertions on what the client sent."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes


@dataclass
class Fault:
    """A scripted failure answered instead of the real one."""

    status: int
    retry_after: str | None = None
    message: str | None = None
    target: str = "api"  # "api" or "token"
    delay: float = 0.0


def envelope(status: int, message: str, **extra: Any) -> Json:
    """Google's standard error envelope."""
    return {
        "error": {
            "code": status,
            "message": message,
            "status": STATUS_NAMES.get(status, "UNKNOWN"),
            **extra,
        }
    }


def rfc3339(moment: datetime, digits: int) -> str:
    """Z-normalised RFC 3339 with 0, 3, 6 or 9 fractional digits, as Google varies it."""
    base = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    if digits == 0:
        return base + "Z"
    micros = f"{moment.microsecond:06d}"
    fraction = (micros + "000")[:digits]
    return f"{base}.{fraction}Z"


class FakeGoogle:
    """State and behaviour of the fake; `FakeServer` puts it on a socket."""

    def __init__(
        self,
        *,
        client_id: str = CLIENT_ID,
        client_secret: str = CLIENT_SECRET,
        refresh_token: str = REFRESH_TOKEN,
        token_lifetime: int = 3599,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.refresh_token = refresh_token
        self.token_lifetime = token_lifetime
        self.clock = clock
        self.lock = threading.RLock()
        self.locations: dict[str, dict[str, Json]] = {}
        self.denied: dict[str, str] = {}
        self.tokens: dict[str, float] = {}
        self.faults: deque[Fault] = deque()
        self.requests: list[Recorded] = []
        self._key = secrets.token_bytes(32)
        self._tick = 0
        self._start = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)

    # ------------------------------------------------------------------ test controls

    def now(self) -> tuple[datetime, str]:
        """A new, strictly later time for each mutation, rendered with varying precision."""
        with self.lock:
            self._tick += 1
            moment = self._start + timedelta(
                minutes=37 * self._tick, microseconds=1234 * self._tick
            )
            return moment, rfc3339(moment, (0, 3, 6, 9)[self._tick % 4])

    def add_location(self, name: str) -> str:
        """An (initially empty) location `accounts/{a}/locations/{l}`."""
        with self.lock:
            self.locations.setdefault(name, {})
        return name

    def deny_location(
        self, name: str, message: str = "The caller does not have permission"
    ) -> None:
        """Every call for this location answers 403 PERMISSION_DENIED with `message`."""
        with self.lock:
            self.denied[name] = message

    def add_review(
        self,
        location: str,
        *,
        rating: str | None = "FIVE",
        comment: str | None = None,
        reviewer: Json | None = None,
        reply: str | None = None,
        extra: Json | None = None,
        review_id: str | None = None,
    ) -> str:
        """Add a review (absent arguments become absent keys); returns its resource name."""
        with self.lock:
            rid = review_id or "AbFvOq" + secrets.token_urlsafe(18)
            name = f"{location}/reviews/{rid}"
            _, stamp = self.now()
            review: Json = {"name": name, "reviewId": rid}
            review["reviewer"] = (
                reviewer
                if reviewer is not None
                else {
                    "displayName": f"Kunde {self._tick}",
                    "profilePhotoUrl": f"https://lh3.googleusercontent.com/a/photo{self._tick}",
                    "isAnonymous": False,
                }
            )
            if rating is not None:
                review["starRating"] = rating
            if comment is not None:
                review["comment"] = comment
            review["createTime"] = review["updateTime"] = stamp
            if reply is not None:
                review["reviewReply"] = {"comment": reply, "updateTime": self.now()[1]}
            review.update(extra or {})
            self.locations.setdefault(location, {})[rid] = review
            return name

    def edit_review(
        self, name: str, *, comment: str | None = None, rating: str | None = None
    ) -> None:
        """The reviewer edits: new text and/or rating, and a new updateTime."""
        with self.lock:
            review = self._find(name)
            assert review is not None, name
            if comment is not None:
                review["comment"] = comment
            if rating is not None:
                review["starRating"] = rating
            review["updateTime"] = self.now()[1]

    def delete_review(self, name: str) -> None:
        """The reviewer deletes the review: list omits it, get answers 404."""
        with self.lock:
            location, _, rid = name.partition("/reviews/")
            del self.locations[location][rid]

    def review(self, name: str) -> Json | None:
        """The stored JSON of a review (a copy), or None."""
        with self.lock:
            found = self._find(name)
            return json.loads(json.dumps(found)) if found else None

    def fail_next(
        self,
        count: int,
        status: int,
        *,
        retry_after: str | None = None,
        message: str | None = None,
        target: str = "api",
        delay: float = 0.0,
    ) -> None:
        """The next `count` requests to `target` ("api" or "token") fail with `status`.

        With `delay`, each first stalls that many seconds (the lock is not held meanwhile).
        """
        fault = Fault(status, retry_after, message, target, delay)
        with self.lock:
            self.faults.extend(fault for _ in range(count))

    def expire_tokens(self) -> None:
        """Every issued access token is now expired (→ 401 on use)."""
        with self.lock:
            self.tokens = dict.fromkeys(self.tokens, float("-inf"))

    def api_requests(self) -> list[Recorded]:
        """Recorded requests other than the token endpoint's."""
        return [r for r in self.requests if r.path != "/token"]

    def token_requests(self) -> list[Recorded]:
        """Recorded requests to the token endpoint."""
        return [r for r in self.requests if r.path == "/token"]

    # ------------------------------------------------------------------ dispatch

    def handle(self, method: str, target: str, headers: dict[str, str], body: bytes) -> Answer:
        """Answer one HTTP request (called from the server threads)."""
        parts = urlsplit(target)
        query = parse_qs(parts.query, keep_blank_values=True)
        with self.lock:
            self.requests.append(Recorded(method, parts.path, query, headers, body))
            fault = self._take_fault("token" if parts.path == "/token" else "api")
            if fault is not None:
                return self._fault_answer(fault)
            if parts.path == "/token":
                return self._token(method, headers, body)
            if not parts.path.startswith("/v4/"):
                return Answer(404, envelope(404, NOT_FOUND_MESSAGE))
            denied = self._authenticate(headers)
            if denied is not None:
                return denied
            return self._route(method, unquote(parts.path[len("/v4/") :]), query, body)

    def _take_fault(self, target: str) -> Fault | None:
        if self.faults and self.faults[0].target == target:
            return self.faults.popleft()
        return None

    def _fault_answer(self, fault: Fault) -> Answer:
        if fault.target == "token":
            return Answer(fault.status, {"error": "internal_failure"}, delay=fault.delay)
        default = QUOTA_MESSAGE if fault.status == 429 else "The service is currently unavailable."
        headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
        body = envelope(fault.status, fault.message or default)
        return Answer(fault.status, body, headers, fault.delay)

    def _authenticate(self, headers: dict[str, str]) -> Answer | None:
        auth = headers.get("authorization", "")
        if not auth.startswith("Bearer "):
            return Answer(
                401,
                envelope(401, MISSING_AUTH_MESSAGE),
                {"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/"'},
            )
        expiry = self.tokens.get(auth[len("Bearer ") :])
        if expiry is None or self.clock() >= expiry:
            return Answer(
                401,
                envelope(401, INVALID_AUTH_MESSAGE),
                {
                    "WWW-Authenticate": 'Bearer realm="https://accounts.google.com/", '
                    'error="invalid_token"'
                },
            )
        return None

    def _route(self, method: str, path: str, query: dict[str, list[str]], body: bytes) -> Answer:
        segments = path.split("/")
        if len(segments) == 3 and method == "POST" and segments[2] == "locations:batchGetReviews":
            return self._batch("/".join(segments[:2]), body)
        if len(segments) < 5 or segments[0] != "accounts" or segments[2] != "locations":
            return Answer(404, envelope(404, NOT_FOUND_MESSAGE))
        location = "/".join(segments[:4])
        if location in self.denied:
            return Answer(
                403,
                envelope(
                    403,
                    self.denied[location],
                    details=[{"@type": "type.googleapis.com/google.rpc.Help", "links": []}],
                ),
            )
        if location not in self.locations:
            return self._not_found()
        rest = segments[4:]
        if rest == ["reviews"] and method == "GET":
            return self._list(location, query)
        if len(rest) == 2 and rest[0] == "reviews" and method == "GET":
            return self._get(location, rest[1])
        if len(rest) == 3 and rest[0] == "reviews" and rest[2] == "reply":
            if method == "PUT":
                return self._put_reply(location, rest[1], body)
            if method == "DELETE":
                return self._delete_reply(location, rest[1])
        return self._not_found()

    # ------------------------------------------------------------------ operations

    def _list(self, location: str, query: dict[str, list[str]]) -> Answer:
        order = query.get("orderBy", ["updateTime desc"])[0]
        size = self._page_size(query.get("pageSize", ["0"])[0])
        if order not in ORDERS or size is None:
            return self._invalid()
        ordered = self._ordered(list(self.locations[location].values()), order)
        if not ordered:
            return Answer(200, {})
        start = 0
        if token := query.get("pageToken", [""])[0]:
            offset = self._open_token(token, f"{location}|{order}")
            if offset is None:
                return self._invalid()
            start = offset
        page = ordered[start : start + size]
        rated = [
            RATING_NUMBERS[r["starRating"]]
            for r in ordered
            if r.get("starRating") in RATING_NUMBERS
        ]
        body: Json = {"reviews": page, "totalReviewCount": len(ordered)}
        if rated:
            body["averageRating"] = round(sum(rated) / len(rated), 1)
        if start + size < len(ordered):
            body["nextPageToken"] = self._seal(f"{location}|{order}", start + size)
        return Answer(200, body)

    def _batch(self, account_path: str, body: bytes) -> Answer:
        """batchGetReviews: all named locations merged, newest first (ascending unsupported)."""
        request = _json(body)
        names = request.get("locationNames") if isinstance(request, dict) else None
        if not isinstance(names, list) or not names or len(names) > 200:
            return self._invalid()
        order = request.get("orderBy", "updateTime desc")
        size = self._page_size(str(request.get("pageSize", 0)))
        if order not in ORDERS or size is None:
            return self._invalid()
        merged = [r for n in names for r in self.locations.get(n, {}).values()]
        ordered = self._ordered(merged, order)
        scope = f"{account_path}|{','.join(names)}|{order}"
        start = 0
        if token := request.get("pageToken"):
            offset = self._open_token(str(token), scope)
            if offset is None:
                return self._invalid()
            start = offset
        page = ordered[start : start + size]
        answer: Json = {
            "locationReviews": [
                {"name": r["name"].split("/reviews/")[0], "review": r} for r in page
            ]
        }
        if start + size < len(ordered):
            answer["nextPageToken"] = self._seal(scope, start + size)
        return Answer(200, answer if page else {})

    def _get(self, location: str, rid: str) -> Answer:
        review = self.locations[location].get(rid)
        return Answer(200, review) if review else self._not_found()

    def _put_reply(self, location: str, rid: str, body: bytes) -> Answer:
        review = self.locations[location].get(rid)
        if review is None:
            return self._not_found()
        request = _json(body)
        comment = request.get("comment") if isinstance(request, dict) else None
        if not isinstance(comment, str) or not comment.strip():
            return self._invalid("comment", "Reply comment must not be empty.")
        if len(comment.encode("utf-8")) > MAX_REPLY_BYTES:
            return self._invalid("comment", "Reply comment is too long.")
        reply = {"comment": comment, "updateTime": self.now()[1]}
        review["reviewReply"] = reply
        return Answer(200, dict(reply))

    def _delete_reply(self, location: str, rid: str) -> Answer:
        review = self.locations[location].get(rid)
        if review is None:
            return self._not_found()
        review.pop("reviewReply", None)
        return Answer(200, {})

    def _token(self, method: str, headers: dict[str, str], body: bytes) -> Answer:
        """OAuth refresh-token grant as oauth2.googleapis.com/token answers it."""
        form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
        if method != "POST" or "form-urlencoded" not in headers.get("content-type", ""):
            return Answer(400, {"error": "invalid_request", "error_description": "Bad Request"})
        if form.get("grant_type") != "refresh_token":
            return Answer(
                400,
                {"error": "unsupported_grant_type", "error_description": "Invalid grant_type: "},
            )
        if form.get("client_id") != self.client_id or not hmac.compare_digest(
            form.get("client_secret", ""), self.client_secret
        ):
            return Answer(401, {"error": "invalid_client", "error_description": "Unauthorized"})
        if not hmac.compare_digest(form.get("refresh_token", ""), self.refresh_token):
            return Answer(
                400,
                {
                    "error": "invalid_grant",
                    "error_description": "Token has been expired or revoked.",
                },
            )
        token = "ya29.fake-" + secrets.token_urlsafe(32)
        self.tokens[token] = self.clock() + self.token_lifetime
        return Answer(
            200,
            {
                "access_token": token,
                "expires_in": self.token_lifetime,
                "scope": SCOPE,
                "token_type": "Bearer",
            },
        )

    # ------------------------------------------------------------------ helpers

    def _find(self, name: str) -> Json | None:
        location, _, rid = name.partition("/reviews/")
        return self.locations.get(location, {}).get(rid)

    @staticmethod
    def _ordered(reviews: list[Json], order: str) -> list[Json]:
        if order == "updateTime desc":
            return sorted(
                reviews, key=lambda r: (_instant(r["updateTime"]), r["name"]), reverse=True
            )
        by_rating = sorted(
            reviews, key=lambda r: (RATING_NUMBERS.get(r.get("starRating", ""), 0), r["name"])
        )
        return by_rating[::-1] if order == "rating desc" else by_rating

    @staticmethod
    def _page_size(raw: str) -> int | None:
        """0 or absent means the default 50; above 50 or negative is refused."""
        try:
            size = int(raw)
        except ValueError:
            return None
        if size < 0 or size > MAX_PAGE_SIZE:
            return None
        return size or MAX_PAGE_SIZE

    def _seal(self, scope: str, offset: int) -> str:
        payload = json.dumps({"s": scope, "o": offset, "n": secrets.token_hex(8)}).encode()
        mac = hmac.new(self._key, payload, hashlib.sha256).digest()[:16]
        return base64.urlsafe_b64encode(mac + payload).decode().rstrip("=")

    def _open_token(self, token: str, scope: str) -> int | None:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        except ValueError:
            return None
        mac, payload = raw[:16], raw[16:]
        if not hmac.compare_digest(mac, hmac.new(self._key, payload, hashlib.sha256).digest()[:16]):
            return None
        data = json.loads(payload)
        return int(data["o"]) if data.get("s") == scope else None

    @staticmethod
    def _not_found() -> Answer:
        legacy = [{"message": NOT_FOUND_MESSAGE, "domain": "global", "reason": "notFound"}]
        return Answer(404, envelope(404, NOT_FOUND_MESSAGE, errors=legacy))

    @staticmethod
    def _invalid(field_name: str | None = None, detail: str | None = None) -> Answer:
        extra: Json = {}
        if field_name:
            extra["details"] = [
                {
                    "@type": "type.googleapis.com/google.mybusiness.v4.ValidationError",
                    "errorDetails": [{"code": 3, "field": field_name, "message": detail}],
                }
            ]
        return Answer(400, envelope(400, INVALID_ARGUMENT_MESSAGE, **extra))


def _instant(stamp: str) -> datetime:
    date, _, rest = stamp.rstrip("Z").partition("T")
    clock, _, fraction = rest.partition(".")
    return datetime.fromisoformat(f"{date}T{clock}.{(fraction + '000000')[:6]}+00:00")


def _json(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        answer = self.server.fake.handle(self.command, self.path, headers, body)
        if answer.delay:
            time.sleep(answer.delay)
        payload = b"" if answer.body is None else json.dumps(answer.body).encode("utf-8")
        self.send_response(answer.status)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve

    def log_message(self, format: str, *args: Any) -> None:
        """Silence: pytest output stays readable."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, fake: FakeGoogle) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fake = fake

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (timeout test) is expected; anything else is reported."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class FakeServer:
    """The fake on 127.0.0.1 with an OS-chosen port, served from a background thread."""

    def __init__(self, fake: FakeGoogle | None = None) -> None:
        self.fake = fake or FakeGoogle()
        self._server = _Server(self.fake)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def token_url(self) -> str:
        return f"{self.base_url}/token"

    def __enter__(self) -> FakeServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
