"""Typed failures of the Google Business Profile integration.

Every failure the integration can meet ends up as one of these, with a one-line message
that a CLI can print before exiting non-zero and that an operator can act on. None of them
ever carries a secret or an access token: messages are built from Google's own error text,
the HTTP method and the resource name, never from request headers or credentials.
"""

from __future__ import annotations


class GoogleError(Exception):
    """Base of everything this package raises on purpose; catch this one in a CLI."""


class CredentialsError(GoogleError):
    """The credentials file is unusable, or Google's token endpoint refused it.

    Retrying does not help: someone has to fix the file or issue a new refresh token.
    """


class TransportError(GoogleError):
    """Google could not be reached (DNS, refused connection, timeout, broken TLS).

    Kept apart from API errors because the cure is different: check the network or proxy,
    not the request.
    """


class ResponseInvalid(GoogleError):
    """Google answered, but not with the JSON shape the API documents."""


class NameInvalid(GoogleError, ValueError):
    """A resource name is not of the form the v4 reviews endpoints need.

    The v4 endpoints want `accounts/{a}/locations/{l}`; Business Information v1 hands out
    `locations/{l}` alone, and mixing the two up is the usual cause of Google's 404
    "Requested entity was not found". Failing before the request makes that obvious.
    """


class ReplyInvalid(GoogleError, ValueError):
    """A reply text Google would refuse (or that we refuse to send).

    `reason` is a stable code ("empty", "too_long", "control_character", "encoding") so a
    user interface can show its own translated message instead of ours.
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class GoogleApiError(GoogleError):
    """Google answered with an error envelope `{"error": {"code", "message", "status"}}`.

    `http_status` is the HTTP code, `status` Google's canonical status name (e.g.
    "PERMISSION_DENIED"), `google_message` Google's human-readable text, unchanged.
    """

    def __init__(
        self,
        http_status: int,
        status: str,
        google_message: str,
        *,
        operation: str = "",
        retry_after: float | None = None,
    ) -> None:
        self.http_status = http_status
        self.status = status
        self.google_message = google_message
        self.operation = operation
        self.retry_after = retry_after
        where = f" ({operation})" if operation else ""
        super().__init__(f"Google API {http_status} {status}: {google_message}{where}")


class AuthenticationFailed(GoogleApiError):
    """401: the access token was missing, expired or revoked. Not retried."""


class PermissionDenied(GoogleApiError):
    """403: the account may not use the API or this location (approval, scopes, Workspace).

    Not retried: the answer will not change until someone changes a setting.
    """


class NotFound(GoogleApiError):
    """404: the location or review does not exist (any more), or the name is mixed up."""


class RateLimited(GoogleApiError):
    """429 after all retries, or with a Retry-After too long to wait for in-process.

    `retry_after` (seconds) tells a scheduler when to come back. A project whose quota is
    still 0 (API access not yet approved) answers 429 on every call.
    """


class ServerError(GoogleApiError):
    """5xx after all retries."""
