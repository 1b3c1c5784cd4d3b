"""The one place that speaks HTTP to other servers, on the standard library alone.

Used by the pure clients (`intake.reviews.google`, `intake.machine_translation`), so it
knows nothing of the app either. urllib is used (not http.client directly) because it
honours the `https_proxy` / `no_proxy` environment that Jobcenter networks usually require.
Two things are changed from its defaults, both for safety: redirects are never followed (a
redirect would copy a bearer token or an API key to wherever it points), and loopback
addresses never go through a proxy (so the local fake servers work on machines with a proxy
configured).

Non-2xx answers are returned, not raised: deciding what an HTTP status means is the
caller's job. A network failure, a timeout or an answer over `MAX_BODY` is `Unreachable`,
naming only the host: the URL's path and the headers (which may hold a token) are never part
of the message. The timeout bounds each wait for the server (connecting, every read), not the
whole exchange. A proxy from `https_proxy` is used unless `no_proxy` names the host: list the
translation server there when it runs inside the Jobcenter's network.
"""

from __future__ import annotations

import functools
import http.client
import ssl
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
# The largest answer read: the APIs answer in kilobytes; a server streaming more is broken.
MAX_BODY = 4 * 1024 * 1024


class Unreachable(Exception):
    """No answer: refused, unknown host, broken TLS or no reply within the timeout."""

    def __init__(self, message: str, *, timed_out: bool = False) -> None:
        super().__init__(message)
        self.timed_out = timed_out


@dataclass(frozen=True)
class HttpResponse:
    """Status, headers (lower-cased names) and raw body of one answer."""

    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    def header(self, name: str) -> str | None:
        """One header by case-insensitive name, or None."""
        return self.headers.get(name.lower())


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand 3xx back to the caller instead of following it with our credentials."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: object,
        code: int,
        msg: str,
        headers: object,
        newurl: str,
    ) -> None:
        """Never build a follow-up request; urllib then raises HTTPError with the 3xx."""
        return


@functools.cache
def _opener(direct: bool) -> urllib.request.OpenerDirector:
    proxies = urllib.request.ProxyHandler({} if direct else None)
    https = urllib.request.HTTPSHandler(context=ssl.create_default_context())
    return urllib.request.build_opener(proxies, https, _NoRedirect())


def check_url(url: str) -> str:
    """Refuse anything but http(s) early: urllib would happily open file:// URLs too."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    return url


def send(
    method: str,
    url: str,
    *,
    headers: dict[str, str],
    body: bytes | None = None,
    timeout: float,
) -> HttpResponse:
    """Send one request (no retry) and return the answer, whatever its status."""
    host = urlsplit(check_url(url)).hostname or "?"
    request = urllib.request.Request(url, data=body, headers=headers, method=method)  # noqa: S310 - scheme checked above
    try:
        with _opener(host in _LOOPBACK).open(request, timeout=timeout) as answer:
            return HttpResponse(answer.status, _body(answer, host), _lower(answer.headers.items()))
    except urllib.error.HTTPError as error:
        with error:
            return HttpResponse(error.code, _body(error, host), _lower(error.headers.items()))
    except urllib.error.URLError as error:
        timed_out = isinstance(error.reason, TimeoutError)
        raise Unreachable(f"cannot reach {host}: {error.reason}", timed_out=timed_out) from None
    except TimeoutError:
        raise Unreachable(f"{host} did not answer within {timeout:g} s", timed_out=True) from None
    except (http.client.HTTPException, OSError) as error:
        kind = type(error).__name__
        raise Unreachable(f"connection to {host} failed: {kind} {error}".rstrip()) from None


def _lower(items: Iterable[tuple[str, str]]) -> dict[str, str]:
    return {name.lower(): value for name, value in items}


def _body(answer: http.client.HTTPResponse | urllib.error.HTTPError, host: str) -> bytes:
    body = answer.read(MAX_BODY + 1)
    if len(body) > MAX_BODY:
        raise Unreachable(f"{host} answered with more than {MAX_BODY // 1024 // 1024} MiB")
    return body
