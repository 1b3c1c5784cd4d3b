"""Layered configuration: defaults in code → instance config → `INTAKE_*` environment variables.

`SETTINGS` is the one place that lists every setting with its default and meaning;
`docs/configuration.md` is checked against it by a test. Flask-Limiter's own settings
(`RATELIMIT_*`) pass through from the environment as `INTAKE_RATELIMIT_*` as well.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Config, Flask

ENV_PREFIX = "INTAKE_"
SECRET_KEY_FILE = "secret_key"  # noqa: S105 - a file name, not a secret


class ConfigError(RuntimeError):
    """The configuration cannot work; the message says which setting and why."""


def _bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"not a yes/no value: {value!r}")


def _list(value: str) -> list[str]:
    return [item.strip() for item in value.replace(",", " ").split() if item.strip()]


def _tls_mode(value: str) -> str:
    mode = value.strip().lower()
    if mode not in {"starttls", "implicit", "none"}:
        raise ValueError(f"{value!r} is not one of starttls, implicit, none")
    return mode


def _video_path(value: str) -> str | None:
    path = value.strip()
    if path and not path.lower().endswith((".mp4", ".webm")):
        raise ValueError(f"{value!r} is not an .mp4 or .webm file")
    return path or None


@dataclass(frozen=True)
class Setting:
    """One configuration key: name without prefix, default, parser for env strings, meaning."""

    name: str
    default: Any
    doc: str
    parse: Callable[[str], Any] = str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "SECRET_KEY",
        None,
        "Signs sessions, CSRF and form tokens; derives the receipt key unless `RECEIPT_KEY` is "
        "set (not the rate-limit keys: their secret is random, new every day). Required "
        "outside tests; `scripts/serve` generates one into the instance folder "
        "(`instance/secret_key`).",
    ),
    Setting(
        "RECEIPT_KEY",
        None,
        "Secret the receipt codes' keyed hash is derived from (at least 32 characters). "
        "Empty: `SECRET_KEY`. Codes handed out stay valid only as long as this secret: before "
        "changing `SECRET_KEY`, set this to its old value (docs/security.md).",
    ),
    Setting(
        "INSTANCE_PATH",
        None,
        "Absolute path of the instance folder (secret key, SQLite "
        "database, `config.py`). Default: `instance/` beside the package. Read from the "
        "environment only.",
    ),
    Setting(
        "DATABASE_URL",
        None,
        "SQLAlchemy URL. Default: SQLite `instance/intake.sqlite3` in "
        "WAL mode. PostgreSQL: `postgresql+psycopg://user@host/db`.",
    ),
    Setting(
        "PUBLIC_BASE_URL",
        "http://127.0.0.1:5000",
        "The public address of the form, printed into QR codes and shown by `offices list`.",
    ),
    Setting(
        "TRUSTED_PROXIES",
        0,
        "How many reverse proxies in front of the app to trust for the "
        "client address (X-Forwarded-For). The address is only used, hashed, for rate limits.",
        int,
    ),
    Setting("RATELIMIT_ENABLED", True, "Switches all rate limits on or off.", _bool),
    Setting(
        "RATELIMIT_STORAGE_URI",
        "memory://",
        "Where rate-limit counters live: `memory://` "
        "(one process: with several gunicorn workers each counts on its own, which start-up "
        "logs as a warning) or `redis://host:6379/0` (several workers or hosts). Keys hold "
        "only a keyed hash of the client address (of its /64 for IPv6) with a random secret "
        "of the day, which Redis keeps only until shortly after midnight UTC. If Redis goes "
        "away, each worker falls back to counting in memory.",
    ),
    Setting(
        "RATELIMIT_SUBMIT_CLIENT",
        "10 per minute;60 per hour",
        "Submissions per client "
        "address (hashed). Generous so that a waiting room on one guest Wi-Fi is not locked "
        "out.",
    ),
    Setting(
        "RATELIMIT_SUBMIT_GLOBAL",
        "300 per minute",
        "Submissions from everyone together; protects the officers' inbox from floods.",
    ),
    Setting("RATELIMIT_RECEIPT_CLIENT", "20 per hour", "Failed receipt-code look-ups per client."),
    Setting(
        "RATELIMIT_RECEIPT_GLOBAL",
        "600 per hour",
        "Failed receipt-code look-ups from everyone together (slows guessing from many addresses).",
    ),
    Setting(
        "RATELIMIT_LOGIN_CLIENT",
        "20 per 15 minutes",
        "Failed staff logins (password or code) per client; successful ones do not count.",
    ),
    Setting(
        "RATELIMIT_LOGIN_ACCOUNT",
        "5 per 15 minutes",
        "Failed staff logins per account before each further attempt has to wait "
        "(`LOGIN_WAIT_SECONDS`, doubling up to `LOGIN_WAIT_MAX_SECONDS`); the period is how "
        "long failures are remembered. The account is never locked.",
    ),
    Setting(
        "LOGIN_WAIT_SECONDS",
        30,
        "The first wait after too many failed logins of an account; it doubles with every "
        "further failure.",
        int,
    ),
    Setting("LOGIN_WAIT_MAX_SECONDS", 900, "The longest wait between two login attempts.", int),
    Setting(
        "MIN_FILL_SECONDS",
        3,
        "Forms sent faster than this after loading go to the spam "
        "folder (bots fill forms instantly).",
        int,
    ),
    Setting(
        "FORM_TOKEN_MAX_AGE",
        6 * 3600,
        "Seconds a loaded form stays valid; an older form is shown again with the text kept.",
        int,
    ),
    Setting(
        "FORM_PAGE_CACHE_SECONDS",
        30,
        "Seconds a rendered empty form is reused (with fresh tokens) before it is rendered "
        "again, and an active office is remembered by each worker; 0 switches both off. Office "
        "changes show on the public pages after this (at once in the worker that made them): "
        "a retired office stops accepting submissions within this time.",
        int,
    ),
    Setting("TEXT_MAX_LENGTH", 4000, "Maximum characters of a feedback text.", int),
    Setting("SPAM_RETENTION_DAYS", 30, "Days after which the spam folder is purged.", int),
    Setting(
        "CONTACT_RETENTION_DAYS",
        90,
        "Days after a case is closed (or handed off) after which its contact data is deleted.",
        int,
    ),
    Setting(
        "TEXT_ANONYMISE_MONTHS",
        24,
        "Months after a case is closed after which its texts (reaction, answer, statements) are "
        "removed; the anonymised analysis record (kind, channel, office, month, measures) stays.",
        int,
    ),
    Setting(
        "RULE_PROFILE",
        "rhein-lahn",
        "The KRM rule profile: `rhein-lahn` or `neukoelln` (deadlines, acknowledgements, "
        "reports; see intake/triage/rules.py).",
    ),
    Setting(
        "REPORT_MIN_COUNT",
        5,
        "Small numbers in reports: in breakdowns below the totals (by office, kind, month, "
        'language …) counts from 1 to this value minus one are shown as "< n", so a small '
        "office's figures point at no customer and no employee. 1 shows every count.",
        int,
    ),
    Setting(
        "REPORT_TARGET_SHARE",
        90,
        "The target, in percent, for each deadline share on the management dashboard "
        "(acknowledged in time, answered in time, forwarded in time). The rule documents set "
        "deadlines, not shares; this is the Jobcenter's own goal.",
        int,
    ),
    Setting(
        "REPORT_MAIL_TO",
        "",
        "Comma-separated addresses of the leadership meeting: `flask --app intake reports send` "
        "mails them the monthly summary. Empty: the management accounts.",
    ),
    Setting(
        "FORWARD_LINK_DAYS",
        14,
        "Days a team lead's forwarding link stays valid.",
        int,
    ),
    Setting(
        "STAFF_NAMES_FILE",
        "",
        "A text file with one staff name per line; these names are masked in exports and in "
        "the anonymised analysis record (besides every 'Herr/Frau/Dr. + name'). Empty: "
        "`instance/staff_names.txt` if it exists.",
    ),
    Setting(
        "MAIL_SMTP_HOST",
        "",
        "SMTP server for answers, forwarding links and digests. Empty: mails are written as "
        "`.eml` files to MAIL_OUTBOX_DIR (development).",
    ),
    Setting("MAIL_SMTP_PORT", 587, "SMTP port (465 for implicit TLS).", int),
    Setting("MAIL_SMTP_USER", "", "SMTP login; empty for none."),
    Setting("MAIL_SMTP_PASSWORD", "", "SMTP password."),
    Setting(
        "MAIL_SMTP_TLS",
        "starttls",
        "Encryption of the SMTP connection: `starttls` (port 587), `implicit` (TLS from the "
        "first byte, port 465) or `none` (only for a relay on the same host; a password is "
        "never sent unencrypted). The server's certificate and name are always verified.",
        _tls_mode,
    ),
    Setting(
        "MAIL_SMTP_CA_FILE",
        "",
        "PEM file of the CA that signed the SMTP server's certificate (an internal CA); "
        "only this CA is then trusted. Empty: the system's trusted CAs.",
    ),
    Setting(
        "MAIL_SMTP_STARTTLS",
        True,
        "Older switch, kept for existing configurations: `false` means MAIL_SMTP_TLS=none "
        "when MAIL_SMTP_TLS is left at `starttls`.",
        _bool,
    ),
    Setting(
        "MAIL_FROM",
        "kundenreaktion@jobcenter-musterstadt.example",
        "Sender address of outgoing mail.",
    ),
    Setting(
        "MAIL_OUTBOX_DIR",
        "",
        "Folder for outgoing mail when no SMTP server is set. Empty: `instance/outbox`.",
    ),
    Setting(
        "EMBED_ALLOWED_ORIGINS",
        [],
        "Origins (space separated) allowed to frame the "
        "embeddable form, e.g. `https://www.jobcenter-example.de`. Empty: nobody.",
        _list,
    ),
    Setting(
        "LANGUAGES",
        "",
        "The languages the public pages offer, comma-separated codes from "
        "`intake/languages.py` (`de,de-x-ls,en,uk,ru,ar,fa,tr`); German is always offered. "
        "Empty: all of them. The back office speaks German and English.",
    ),
    Setting(
        "OPERATOR_NAME",
        "Jobcenter Musterstadt",
        "Name of the Jobcenter running the form; "
        "shown in the header, legal notice and privacy notice.",
    ),
    Setting(
        "OPERATOR_ADDRESS",
        "Musterstraße 1, 12345 Musterstadt",
        "Postal address for the legal notice.",
    ),
    Setting(
        "OPERATOR_EMAIL",
        "kundenreaktion@jobcenter-musterstadt.example",
        "Contact address for the legal notice and privacy notice.",
    ),
    Setting(
        "DATA_PROTECTION_OFFICER",
        "Datenschutzbeauftragte/r, Anschrift wie oben",
        "Contact of the data protection officer for the privacy notice.",
    ),
    Setting("LEGAL_NOTICE_EXTRA", "", "Additional paragraph for the legal notice (Impressum)."),
    Setting(
        "ACCESSIBILITY_CONTACT",
        "kundenreaktion@jobcenter-musterstadt.example",
        "Where to report accessibility barriers (accessibility statement).",
    ),
    Setting(
        "ACCESSIBILITY_STATEMENT_DATE",
        "2026-11-21",
        "Date the accessibility statement was last reviewed.",
    ),
    Setting(
        "SIGN_LANGUAGE_VIDEO",
        None,
        "The video in German Sign Language (DGS) for /gebaerdensprache (BITV 2.0 § 4): path "
        "of an `.mp4` or `.webm` file on this server (relative: in the instance folder). The "
        "app serves it itself and states its size and duration; it should sign the text of "
        "/leichte-sprache, which the page shows as its transcript. Unset: the page says that "
        "the video is being prepared.",
        _video_path,
    ),
    Setting(
        "SIGN_LANGUAGE_VIDEO_SECONDS",
        0,
        "Duration of the sign-language video in seconds, when its header does not give it "
        "(a fragmented MP4, a live-recorded WebM). 0: read from the file (MP4 `mvhd`, WebM "
        "`Info/Duration`).",
        int,
    ),
    Setting(
        "CARD_MIN_BATCH",
        50,
        "Smallest print run of opinion cards. Smaller batches are "
        "refused: a QR code shared by only a few cards could tie a card to the person it "
        "was handed to.",
        int,
    ),
    Setting(
        "CARD_TEXTS",
        {},
        "Printed texts per language as JSON, overriding the defaults, "
        'e.g. `{"de": {"drop_note": "Bitte am Empfang abgeben."}}`. Keys: the fields of '
        "`cards.CardTexts`.",
        json.loads,
    ),
    Setting(
        "CARD_BRANDING",
        {},
        "Branding of printed material as JSON: `organisation` "
        "(default: OPERATOR_NAME), `primary_colour` (needs 4.5:1 contrast on white), "
        "`logo` (path to a PNG or SVG).",
        json.loads,
    ),
    Setting(
        "GOOGLE_CREDENTIALS",
        None,
        "Path of the Google Business Profile credentials JSON "
        '(`{"client_id", "client_secret", "refresh_token"}`, mode 600) for syncing reviews '
        "and publishing replies. Unset: Google reviews are off. See docs/operations.md.",
    ),
    Setting(
        "GOOGLE_API_BASE_URL",
        "https://mybusiness.googleapis.com",
        "Base URL of the Business Profile reviews API (v4). Changed only for tests.",
    ),
    Setting(
        "GOOGLE_TOKEN_URL",
        "https://oauth2.googleapis.com/token",
        "Google's OAuth token endpoint (refresh-token grant). Changed only for tests.",
    ),
    Setting(
        "GOOGLE_FULL_SYNC_HOURS",
        24,
        "`reviews sync` reads only what changed since the last run, but every this many "
        "hours it lists all reviews of a location once, which is how reviews deleted on "
        "Google are noticed (and replies written elsewhere are picked up).",
        int,
    ),
    Setting(
        "TRANSLATE_URL",
        "",
        "Base URL of a LibreTranslate server the Jobcenter runs itself, e.g. "
        "`http://translate.intern:5000`: machine translation of customer texts (already "
        "masked) into German for the officer, and drafts of answers in the customer's "
        "language. Empty: the feature is absent (no button, no section, no request). Point "
        "it only at a server in your own network: the texts go there. If the machine has an "
        "`https_proxy`/`http_proxy`, add the server's host to `no_proxy`, or the texts pass "
        "through the proxy.",
    ),
    Setting(
        "TRANSLATE_API_KEY",
        "",
        "API key for the LibreTranslate server, if it requires one; empty for none.",
    ),
    Setting(
        "TRANSLATE_TIMEOUT",
        5.0,
        "Seconds to wait for the translation server; one attempt, no retry (a slow server "
        "gives the officer a message, never a stuck page).",
        float,
    ),
    Setting(
        "SESSION_LIFETIME_MINUTES",
        480,
        "Absolute lifetime of a staff login: it ends this long after logging in, however "
        "active it was.",
        int,
    ),
    Setting(
        "SESSION_IDLE_MINUTES",
        30,
        "A staff login ends after this many minutes without a request.",
        int,
    ),
    Setting(
        "MAX_CONTENT_LENGTH",
        64 * 1024,
        "Largest request body in bytes; larger gets a friendly 413 page.",
        int,
    ),
)

_BY_NAME = {setting.name: setting for setting in SETTINGS}


def defaults() -> dict[str, Any]:
    """Code defaults plus the fixed Flask settings that harden sessions."""
    values = {setting.name: setting.default for setting in SETTINGS}
    values.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="mk_session",
        WTF_CSRF_TIME_LIMIT=None,  # the session's own lifetime bounds the token
        # Its HTTPS check demands a Referer, which our `no-referrer` policy makes browsers
        # drop; intake.web.security.refuse_cross_site checks Sec-Fetch-Site and Origin instead.
        WTF_CSRF_SSL_STRICT=False,
        RATELIMIT_HEADERS_ENABLED=False,  # Retry-After is set on the 429 page itself
        RATELIMIT_KEY_PREFIX="mk",
        RATELIMIT_IN_MEMORY_FALLBACK_ENABLED=True,
        BABEL_DEFAULT_LOCALE="de",
        BABEL_TRANSLATION_DIRECTORIES=str(Path(__file__).parent / "translations"),
        TESTING=False,
    )
    return values


def from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """Parse `INTAKE_*` variables; unknown names other than `RATELIMIT_*` are an error."""
    values: dict[str, Any] = {}
    for key, raw in environ.items():
        if not key.startswith(ENV_PREFIX) or key.startswith("INTAKE_TEST_"):
            continue
        name = key.removeprefix(ENV_PREFIX)
        setting = _BY_NAME.get(name)
        if setting is not None:
            try:
                values[name] = setting.parse(raw)
            except ValueError as exc:
                raise ConfigError(f"{key}: {exc}") from exc
        elif name.startswith("RATELIMIT_"):
            values[name] = _loose(raw)
        else:
            raise ConfigError(f"{key}: unknown setting (see docs/configuration.md)")
    return values


def _loose(raw: str) -> Any:
    """Flask-Limiter settings from the environment: JSON where it parses, else the string."""
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def load_config(app: Flask, test_config: Mapping[str, Any] | None) -> None:
    """Apply the layers in order and fail fast on what cannot work."""
    app.config.from_mapping(defaults())
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.update(from_environment(os.environ))
        _read_secret_key_file(app)
    else:
        app.config.update(test_config)
    _derive(app)
    if not app.config["TESTING"]:
        _require_secret_key(app)


def _read_secret_key_file(app: Flask) -> None:
    path = Path(app.instance_path) / SECRET_KEY_FILE
    if not app.config.get("SECRET_KEY") and path.is_file():
        app.config["SECRET_KEY"] = path.read_text(encoding="utf-8").strip()


def _derive(app: Flask) -> None:
    config = app.config
    if not config.get("DATABASE_URL"):
        config["DATABASE_URL"] = "sqlite:///" + str(Path(app.instance_path) / "intake.sqlite3")
    config["PUBLIC_BASE_URL"] = str(config["PUBLIC_BASE_URL"]).rstrip("/")
    https = config["PUBLIC_BASE_URL"].startswith("https://")
    if https:
        _harden_session_cookie(config)
    config["PREFERRED_URL_SCHEME"] = "https" if https else "http"
    from datetime import timedelta

    config["PERMANENT_SESSION_LIFETIME"] = timedelta(
        minutes=int(config["SESSION_LIFETIME_MINUTES"])
    )


def _harden_session_cookie(config: Config) -> None:
    """Served over HTTPS: `Secure`, and the `__Host-` prefix (no Domain, Path=/).

    The prefix makes browsers refuse the cookie unless it came over HTTPS from this very
    host, so a sibling subdomain or a plain-HTTP response cannot plant a session. Plain-HTTP
    development (scripts/serve on http://127.0.0.1) keeps a plain cookie.
    """
    config["SESSION_COOKIE_SECURE"] = True
    config["SESSION_COOKIE_PATH"] = "/"
    config["SESSION_COOKIE_DOMAIN"] = None
    name = str(config["SESSION_COOKIE_NAME"])
    if not name.startswith("__Host-"):
        config["SESSION_COOKIE_NAME"] = "__Host-" + name


def _require_secret_key(app: Flask) -> None:
    key = app.config.get("SECRET_KEY")
    if not key or len(str(key)) < 32:
        raise ConfigError(
            "SECRET_KEY is missing or shorter than 32 characters. Set INTAKE_SECRET_KEY, or put "
            f"one into {Path(app.instance_path) / SECRET_KEY_FILE} "
            "(scripts/serve generates it)."
        )
    receipt_key = app.config.get("RECEIPT_KEY")
    if receipt_key and len(str(receipt_key)) < 32:
        raise ConfigError("RECEIPT_KEY is shorter than 32 characters (leave it empty: SECRET_KEY).")
