"""Client for the Business Profile reviews API (v4): list, get, reply, delete reply.

Plain HTTP on the standard library, because Google publishes no v4 client library any more
(v4 is missing from its discovery directory). Behaviour follows the documented facts:

- Paging by opaque `nextPageToken`, at most 50 per page, newest `updateTime` first, so an
  incremental sync can stop at the first review it has already seen.
- Replies are checked before sending (4,096 UTF-8 bytes, no control characters), since
  Google's own error for a bad reply is not documented.
- 429 waits as long as `Retry-After` says (seconds or HTTP date), otherwise backs off
  exponentially with a cap; 5xx and network failures are retried a few times; everything
  else (401, 403, 404, 400) is a definite answer and raised at once as a typed error
  carrying Google's message, so a CLI can print it and exit non-zero.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import quote, urlencode

from intake.reviews.google import _http
from intake.reviews.google.comments import validate_reply
from intake.reviews.google.credentials import TokenProvider
from intake.reviews.google.errors import (
    AuthenticationFailed,
    GoogleApiError,
    NameInvalid,
    NotFound,
    PermissionDenied,
    RateLimited,
    ResponseInvalid,
    ServerError,
    TransportError,
)
from intake.reviews.google.models import Review, ReviewPage, ReviewReply

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://mybusiness.googleapis.com"
PAGE_SIZE = 50  # Google's maximum for reviews.list
ORDER_BY = "updateTime desc"
_LOCATION = re.compile(r"accounts/[^/?#\s]+/locations/[^/?#\s]+")
_REVIEW = re.compile(r"accounts/[^/?#\s]+/locations/[^/?#\s]+/reviews/[^/?#\s]+")
_STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ABORTED",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}
_ERROR_TYPES: dict[int, type[GoogleApiError]] = {
    401: AuthenticationFailed,
    403: PermissionDenied,
    404: NotFound,
    429: RateLimited,
}
_RETRYABLE = (RateLimited, ServerError, TransportError)


def location_resource_name(account: str, location: str) -> str:
    """`accounts/{a}/locations/{l}` from an account and a location, with or without prefixes.

    Business Information v1 names locations `locations/{l}` while the v4 review endpoints
    want the account in front; joining them wrongly is the classic cause of a 404.
    """
    account_id = account.strip().removeprefix("accounts/")
    location_id = location.strip().rsplit("locations/", 1)[-1]
    name = f"accounts/{account_id}/locations/{location_id}"
    if not _LOCATION.fullmatch(name):
        raise NameInvalid(f"cannot build a location name from {account!r} and {location!r}")
    return name


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date), or None."""
    if not value or not (text := value.strip()):
        return None
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


class ReviewsClient:
    """The four review operations, with retries and typed errors.

    `sleep` and `now` are injectable so tests can check the waits without waiting.
    `max_retries` counts retries after the first attempt. A `Retry-After` longer than
    `max_retry_after` seconds is not slept through in-process: `RateLimited` is raised at
    once with `retry_after` set, for the scheduler to honour.
    """

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        token_provider: TokenProvider,
        sleep: Callable[[float], None] = time.sleep,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        max_retries: int = 5,
        timeout: float = 30.0,
        backoff_base: float = 1.0,
        backoff_cap: float = 32.0,
        max_retry_after: float = 120.0,
        max_pages: int = 500,
    ) -> None:
        self.base_url = _http.check_url(base_url).rstrip("/")
        self._tokens = token_provider
        self._sleep = sleep
        self._now = now
        self.max_retries = max_retries
        self.timeout = timeout
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.max_retry_after = max_retry_after
        self.max_pages = max_pages

    def __repr__(self) -> str:
        return f"ReviewsClient(base_url={self.base_url!r})"

    # ------------------------------------------------------------------ operations

    def list_page(
        self,
        location_name: str,
        *,
        page_token: str | None = None,
        page_size: int = PAGE_SIZE,
        order_by: str = ORDER_BY,
    ) -> ReviewPage:
        """One page of reviews.list, as Google sent it (the token is passed on unread)."""
        _check(_LOCATION, location_name, "location", "accounts/{a}/locations/{l}")
        query = {"pageSize": str(page_size), "orderBy": order_by}
        if page_token:
            query["pageToken"] = page_token
        data = self._call("GET", f"{location_name}/reviews", query=query)
        return ReviewPage.from_api(data)

    def list_reviews(
        self, location_name: str, *, since_update_time: datetime | None = None
    ) -> Iterator[Review]:
        """All reviews of a location, newest `updateTime` first, page by page as consumed.

        With `since_update_time` (the newest time already synced) the listing stops at the
        first review not newer than it, so a regular sync reads one page, not all of them.
        A review that moves between pages while paging is yielded only once.
        """
        _check(_LOCATION, location_name, "location", "accounts/{a}/locations/{l}")
        if since_update_time is not None and since_update_time.tzinfo is None:
            raise ValueError("since_update_time must be timezone-aware")
        return self._iter_reviews(location_name, since_update_time)

    def get_review(self, review_name: str) -> Review:
        """One review; `NotFound` if it never existed or the reviewer deleted it."""
        _check(_REVIEW, review_name, "review", "accounts/{a}/locations/{l}/reviews/{r}")
        return Review.from_api(self._call("GET", review_name))

    def update_reply(self, review_name: str, comment: str) -> ReviewReply:
        """Create or replace the owner's reply (an upsert); `ReplyInvalid` before sending."""
        _check(_REVIEW, review_name, "review", "accounts/{a}/locations/{l}/reviews/{r}")
        text = validate_reply(comment)
        data = self._call("PUT", f"{review_name}/reply", payload={"comment": text})
        return ReviewReply.from_api(data)

    def delete_reply(self, review_name: str) -> None:
        """Delete the owner's reply; Google answers `{}`."""
        _check(_REVIEW, review_name, "review", "accounts/{a}/locations/{l}/reviews/{r}")
        self._call("DELETE", f"{review_name}/reply")

    # ------------------------------------------------------------------ internals

    def _iter_reviews(self, location_name: str, since: datetime | None) -> Iterator[Review]:
        seen_names: set[str] = set()
        seen_tokens: set[str] = set()
        token: str | None = None
        for _ in range(self.max_pages):
            page = self.list_page(location_name, page_token=token)
            for review in page.reviews:
                newer = since is None or review.update_time is None or review.update_time > since
                if not newer:
                    return
                if review.name not in seen_names:
                    seen_names.add(review.name)
                    yield review
            token = page.next_page_token
            if token is None:
                return
            if token in seen_tokens:
                raise ResponseInvalid(f"reviews.list of {location_name} repeated a page token")
            seen_tokens.add(token)
        limit = self.max_pages
        raise ResponseInvalid(f"reviews.list of {location_name} has more than {limit} pages")

    def _call(
        self,
        method: str,
        resource: str,
        *,
        query: dict[str, str] | None = None,
        payload: dict[str, str] | None = None,
    ) -> dict[str, object]:
        """One API call with the retry policy; returns the decoded JSON object."""
        operation = f"{method} {resource}"
        url = f"{self.base_url}/v4/{quote(resource, safe='/')}"
        if query:
            url += "?" + urlencode(query, quote_via=quote)
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8") if payload else None
        attempt = 0
        while True:
            try:
                return self._attempt(method, url, body, operation)
            except _RETRYABLE as error:
                delay = self._delay(error, attempt)
                if delay is None:
                    raise
                attempt += 1
                log.warning("%s; retry %d of %d in %.1f s", error, attempt, self.max_retries, delay)
                self._sleep(delay)

    def _delay(self, error: Exception, attempt: int) -> float | None:
        """Seconds before the next try, or None when it is time to give up."""
        if attempt >= self.max_retries:
            return None
        retry_after = error.retry_after if isinstance(error, RateLimited) else None
        if retry_after is not None:
            return retry_after if retry_after <= self.max_retry_after else None
        return float(min(self.backoff_cap, self.backoff_base * 2**attempt))

    def _attempt(
        self, method: str, url: str, body: bytes | None, operation: str
    ) -> dict[str, object]:
        """Send once; a 2xx JSON object comes back, anything else is raised typed."""
        headers = {
            "Authorization": f"Bearer {self._tokens.access_token()}",
            "Accept": "application/json",
            "User-Agent": "meinungskarte-intake (Python urllib)",
        }
        if body is not None:
            headers["Content-Type"] = "application/json; charset=utf-8"
        answer = _http.send(method, url, headers=headers, body=body, timeout=self.timeout)
        if 200 <= answer.status < 300:
            return _decode(answer.body, operation)
        if answer.status == 401:
            self._tokens.invalidate()
        raise self._api_error(answer, operation)

    def _api_error(self, answer: _http.HttpResponse, operation: str) -> GoogleApiError:
        """The typed exception for an error answer, carrying Google's own message."""
        status, message = _envelope(answer)
        kind = _ERROR_TYPES.get(answer.status)
        if kind is None:
            kind = ServerError if answer.status >= 500 else GoogleApiError
        retry_after = None
        if answer.status == 429:
            retry_after = parse_retry_after(answer.header("retry-after"), self._now())
        return kind(answer.status, status, message, operation=operation, retry_after=retry_after)


def _check(pattern: re.Pattern[str], name: str, kind: str, form: str) -> None:
    if not isinstance(name, str) or not pattern.fullmatch(name):
        raise NameInvalid(f"not a {kind} resource name (expected {form}): {name!r}")


def _decode(body: bytes, operation: str) -> dict[str, object]:
    """A success body as a JSON object; an empty body counts as `{}`."""
    if not body.strip():
        return {}
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ResponseInvalid(f"{operation}: the answer is not JSON") from None
    if not isinstance(data, dict):
        raise ResponseInvalid(f"{operation}: the answer is not a JSON object")
    return data


def _envelope(answer: _http.HttpResponse) -> tuple[str, str]:
    """(status name, message) from Google's error envelope, with fallbacks for the rest.

    Also reads the legacy `errors[]` array and appends validation `errorDetails` field
    messages, which say which field Google objected to.
    """
    fallback_status = _STATUS_NAMES.get(answer.status, f"HTTP_{answer.status}")
    try:
        data = json.loads(answer.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        data = None
    error = data.get("error") if isinstance(data, dict) else None
    if not isinstance(error, dict):
        return fallback_status, "(no error details in the answer)"
    status = error.get("status") if isinstance(error.get("status"), str) else fallback_status
    message = error.get("message")
    legacy = error.get("errors")
    if not isinstance(message, str) or not message:
        first = legacy[0] if isinstance(legacy, list) and legacy else None
        message = first.get("message") if isinstance(first, dict) else None
    text = message if isinstance(message, str) and message else "(no message)"
    fields = [
        f"{item.get('field')}: {item.get('message')}"
        for detail in error.get("details") or []
        if isinstance(detail, dict)
        for item in detail.get("errorDetails") or []
        if isinstance(item, dict) and item.get("field")
    ]
    return str(status), "; ".join([text, *fields])
