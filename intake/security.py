"""Security headers on every response (asserted by tests).

A strict CSP without inline script or style; framing is denied except for the
embeddable form, which the configured origins may frame.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request

CSP_BASE = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'"
)
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()"
)
EMBED_ENDPOINTS = frozenset({"public.embed"})
# Pages holding forms or staff data must never be stored by a browser or a proxy.
CACHEABLE_ENDPOINTS = frozenset({"static"})


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
    if request.blueprint == "staff":
        headers["X-Robots-Tag"] = "noindex, nofollow"
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    return response


def init_app(app: Flask) -> None:
    """Register the header hook."""
    app.after_request(set_headers)
