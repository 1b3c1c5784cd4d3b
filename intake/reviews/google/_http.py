"""HTTP for the Google client: `intake.outbound`, its failures raised as `TransportError`.

`intake.outbound` never follows redirects (a redirect would copy the bearer token to wherever
it points) and sends loopback addresses past any proxy; see its docstring.
"""

from __future__ import annotations

from intake import outbound
from intake.outbound import HttpResponse, check_url
from intake.reviews.google.errors import TransportError

__all__ = ["HttpResponse", "check_url", "send"]


def send(
    method: str,
    url: str,
    *,
    headers: dict[str, str],
    body: bytes | None = None,
    timeout: float,
) -> HttpResponse:
    """Send one request and return the answer, whatever its status.

    Network failures become `TransportError` naming only the host: the URL's path and the
    headers (which hold the token) are never part of the message.
    """
    try:
        return outbound.send(method, url, headers=headers, body=body, timeout=timeout)
    except outbound.Unreachable as error:
        raise TransportError(str(error)) from None
