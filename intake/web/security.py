"""Security headers on every response, and no form posts from other sites (asserted by tests).

A strict CSP without inline script or style; framing is denied except for the
embeddable form, which the configured origins may frame.

Every page says `Referrer-Policy: no-referrer`, so browsers send us no Referer, and
Flask-WTF's Referer check for HTTPS (`WTF_CSRF_SSL_STRICT`) is off: it would refuse every
form. `refuse_cross_site` takes its place with what browsers send regardless of the
policy, `Sec-Fetch-Site` and `Origin`; the CSRF token is checked as before.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request
from flask_wtf.csrf import CSRFError

CSP_BASE = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; media-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'"
)
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()"
)
EMBED_ENDPOINTS = frozenset({"public.embed"})
# Pages holding forms or staff data must never be stored by a browser or a proxy.
# The sign-language video: public, the same for everyone, versioned in its URL.
CACHEABLE_ENDPOINTS = frozenset({"static", "public.sign_language_video"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# `same-site` too: a sibling subdomain (another of the Jobcenter's sites) is another site
# to us. `same-origin` is our own page, `none` the visitor's own action (a bookmark).
FOREIGN_FETCH_SITES = frozenset({"cross-site", "same-site"})
DEFAULT_PORTS = {"http": 80, "https": 443}


def frame_ancestors() -> str:
    """`'none'`, or the configured origins on the embeddable form."""
    if request.endpoint in EMBED_ENDPOINTS:
        origins = current_app.config["EMBED_ALLOWED_ORIGINS"]
        if origins:
            return " ".join(origins)
    return "'none'"


def set_headers(response: Response) -> Response:
    """after_request hook."""
    headers = response.headers
    headers["Content-Security-Policy"] = f"{CSP_BASE}; frame-ancestors {frame_ancestors()}"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers["Permissions-Policy"] = PERMISSIONS_POLICY
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
    if frame_ancestors() == "'none'":
        headers["X-Frame-Options"] = "DENY"
    if request.endpoint not in CACHEABLE_ENDPOINTS:
        headers["Cache-Control"] = "no-store"
    if "staff" in request.blueprints:  # the back office and each of its areas
        headers["X-Robots-Tag"] = "noindex, nofollow"
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    return response


def origin_of(url: str) -> str:
    """`scheme://host[:port]`, lower-case, without the scheme's default port."""
    parts = urlsplit(url.strip())
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        return ""
    if ":" in host:
        host = f"[{host}]"
    if port is None or port == DEFAULT_PORTS.get(scheme):
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def own_origins() -> set[str]:
    """The public address, and the one this request came to (a second host name)."""
    return {origin_of(current_app.config["PUBLIC_BASE_URL"]), origin_of(request.host_url)}


def is_cross_site() -> bool:
    """Whether the browser says this request comes from a page of another site or origin.

    Browsers without Fetch Metadata send neither header in some cases; then the CSRF
    token alone decides. `Origin: null` (Chromium sends it for posts from a page with
    `no-referrer`, which ours have) says nothing either way.
    """
    if request.headers.get("Sec-Fetch-Site", "").lower() in FOREIGN_FETCH_SITES:
        return True
    origin = request.headers.get("Origin", "")
    return bool(origin) and origin != "null" and origin_of(origin) not in own_origins()


def refuse_cross_site() -> None:
    """before_request: a form post from another site gets the friendly CSRF page.

    The embeddable form too: framed on the Jobcenter's homepage, it is still *our* document
    that posts it (`Sec-Fetch-Site: same-origin`, `Origin: null`), so only a page elsewhere
    auto-posting to `/embed` from its visitors' browsers is refused — which would otherwise
    spread spam over many addresses. The embed is exempt only from the session CSRF check
    (no cookie reaches a third-party frame) and holds its signed single-use form token.
    """
    if request.method in SAFE_METHODS:
        return
    if is_cross_site():
        current_app.logger.info("cross-site %s to %s refused", request.method, request.endpoint)
        raise CSRFError("The request came from another site.")


def init_app(app: Flask) -> None:
    """Register the cross-site check and the header hook."""
    app.before_request(refuse_cross_site)
    app.after_request(set_headers)
