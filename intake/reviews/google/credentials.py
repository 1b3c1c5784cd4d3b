"""OAuth 2.0 refresh-token flow for the Business Profile API, with a cached access token.

The API has no service-account access: a person with rights on the profile consents once,
and the resulting refresh token (with the OAuth client's id and secret) lives in a JSON file
`{"client_id", "client_secret", "refresh_token"}` whose path the app reads from
`INTAKE_GOOGLE_CREDENTIALS`. Access tokens are fetched from it on demand and reused until
shortly before they expire, so a sync of many pages costs one token request.

Secrets stay out of reprs, log lines and exception messages: every object here redacts
itself, and error text from the token endpoint is scrubbed of the secret values before it
is used in a message.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlencode

from intake.reviews.google import _http
from intake.reviews.google.errors import CredentialsError, RateLimited, ServerError

GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token"  # noqa: S105 - a URL, not a secret
BUSINESS_SCOPE = "https://www.googleapis.com/auth/business.manage"
REDACTED = "***"
_KEYS = ("client_id", "client_secret", "refresh_token")


class TokenProvider(Protocol):
    """What the reviews client needs: a current bearer token, and a way to drop a bad one."""

    def access_token(self) -> str:
        """A bearer token valid for at least a few more seconds."""
        ...

    def invalidate(self) -> None:
        """Forget the cached token (after a 401) so the next call fetches a fresh one."""
        ...


@dataclass(frozen=True, repr=False)
class OAuthCredentials:
    """The OAuth client and the user's refresh token. Only `client_id` is shown in reprs."""

    client_id: str
    client_secret: str
    refresh_token: str

    def __repr__(self) -> str:
        return (
            f"OAuthCredentials(client_id={self.client_id!r}, "
            f"client_secret={REDACTED!r}, refresh_token={REDACTED!r})"
        )

    def scrub(self, text: str) -> str:
        """`text` with the secret values replaced, for messages built from foreign text."""
        for secret in (self.client_secret, self.refresh_token):
            if secret:
                text = text.replace(secret, REDACTED)
        return text


def parse_credentials(data: object, source: str = "credentials") -> OAuthCredentials:
    """Credentials from decoded JSON; extra keys (e.g. gcloud's `"type"`) are ignored.

    The message names missing or empty keys, never values.
    """
    if not isinstance(data, dict):
        raise CredentialsError(f"{source}: expected a JSON object with keys {', '.join(_KEYS)}")
    bad = [key for key in _KEYS if not isinstance(data.get(key), str) or not data[key].strip()]
    if bad:
        hint = ""
        if "refresh_token" in bad and ("installed" in data or "web" in data):
            hint = " (this is an OAuth client file; the consent step has not been done yet)"
        raise CredentialsError(f"{source}: missing or empty {', '.join(bad)}{hint}")
    return OAuthCredentials(*(data[key].strip() for key in _KEYS))


def load_credentials(path: str | Path) -> OAuthCredentials:
    """Read the credentials file; any problem is a `CredentialsError` naming the path only."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CredentialsError(f"{source}: credentials file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise CredentialsError(f"{source}: cannot read ({type(error).__name__})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        # The decoder's message holds only a position, never the content.
        raise CredentialsError(
            f"{source}: not valid JSON ({error.msg}, line {error.lineno})"
        ) from None
    return parse_credentials(data, source)


@dataclass(frozen=True, repr=False)
class AccessToken:
    """A bearer token and the clock reading after which it must not be used any more."""

    value: str
    expires_at: float

    def __repr__(self) -> str:
        return f"AccessToken(value={REDACTED!r}, expires_at={self.expires_at!r})"


class RefreshTokenProvider:
    """Exchanges the refresh token for access tokens and caches each until near its expiry.

    `margin` seconds before the announced expiry the token counts as stale, so a request is
    never sent with a token that dies in flight; for very short lifetimes the margin shrinks
    to half the lifetime. `clock` is injectable (monotonic seconds) so tests can jump ahead.
    Thread-safe: concurrent callers share one refresh.
    """

    def __init__(
        self,
        credentials: OAuthCredentials,
        *,
        token_url: str = GOOGLE_TOKEN_URL,
        timeout: float = 30.0,
        margin: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._credentials = credentials
        self._token_url = _http.check_url(token_url)
        self._timeout = timeout
        self._margin = margin
        self._clock = clock
        self._token: AccessToken | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_file(
        cls,
        path: str | Path,
        *,
        token_url: str = GOOGLE_TOKEN_URL,
        clock: Callable[[], float] = time.monotonic,
    ) -> RefreshTokenProvider:
        """Provider for the credentials file at `path` (e.g. `$INTAKE_GOOGLE_CREDENTIALS`)."""
        return cls(load_credentials(path), token_url=token_url, clock=clock)

    def __repr__(self) -> str:
        state = "cached" if self._token else "empty"
        return (
            f"RefreshTokenProvider(client_id={self._credentials.client_id!r}, "
            f"token_url={self._token_url!r}, token={state})"
        )

    def access_token(self) -> str:
        """The cached token if still fresh, otherwise a newly fetched one."""
        with self._lock:
            token = self._token
            if token is None or self._clock() >= token.expires_at:
                token = self._token = self._fetch()
            return token.value

    def invalidate(self) -> None:
        """Drop the cached token; Google said it is no good (401)."""
        with self._lock:
            self._token = None

    def _fetch(self) -> AccessToken:
        """One refresh-token grant. Returns the token with the safety margin already applied."""
        creds = self._credentials
        form = {
            "grant_type": "refresh_token",
            "client_id": creds.client_id,
            "client_secret": creds.client_secret,
            "refresh_token": creds.refresh_token,
        }
        started = self._clock()
        answer = _http.send(
            "POST",
            self._token_url,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
            },
            body=urlencode(form).encode("ascii"),
            timeout=self._timeout,
        )
        data = _json_object(answer.body)
        if answer.status != 200:
            raise self._refusal(answer.status, data, answer.header("retry-after"))
        value = data.get("access_token")
        lifetime = data.get("expires_in", 3600)
        if not isinstance(value, str) or not value:
            raise CredentialsError("token endpoint answered without an access_token")
        if isinstance(lifetime, str) and lifetime.isdigit():
            lifetime = int(lifetime)
        if not isinstance(lifetime, int | float) or isinstance(lifetime, bool) or lifetime <= 0:
            lifetime = 3600
        return AccessToken(value, started + lifetime - min(self._margin, lifetime / 2))

    def _refusal(self, status: int, data: dict[str, object], retry_after: str | None) -> Exception:
        """The typed error for a non-200 token answer: definite (4xx) or worth retrying."""
        code = str(data.get("error") or f"HTTP {status}")
        description = data.get("error_description")
        detail = f"{code} ({description})" if isinstance(description, str) and description else code
        detail = self._credentials.scrub(detail)
        if status == 429:
            seconds = float(retry_after) if retry_after and retry_after.isdigit() else None
            return RateLimited(
                status, "RESOURCE_EXHAUSTED", detail, operation="token refresh", retry_after=seconds
            )
        if status >= 500:
            return ServerError(status, "UNAVAILABLE", detail, operation="token refresh")
        return CredentialsError(f"Google's token endpoint refused the credentials: {detail}")


def _json_object(body: bytes) -> dict[str, object]:
    """Decoded JSON object, or {} for anything else (HTML error pages, empty bodies)."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}
