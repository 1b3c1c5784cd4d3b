"""The app's settings as the plain values the domain takes: read here, passed in.

The domain (`intake.triage`, `intake.privacy`, `intake.mailer`, the services) never reads
`current_app`; it takes a rule profile, a list of staff names, mail settings or a base URL as
arguments. Views and CLI commands get them from these helpers, so each setting is read in
one place. `check` runs when the app is built: a setting only the domain can judge (the rule
profile) fails at start, not at the first request.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from intake import mailer
from intake.config import ConfigError
from intake.machine_translation import LibreTranslate
from intake.mailer import Mail, MailSettings
from intake.privacy import receipts, staffnames
from intake.triage import rules


def check(app: Flask) -> None:
    """Refuse to build an app whose settings name something that does not exist."""
    profile = app.config["RULE_PROFILE"]
    if profile not in rules.PROFILES:
        raise ConfigError(
            f"INTAKE_RULE_PROFILE: unknown rule profile {profile!r}; "
            f"known: {', '.join(rules.PROFILES)}"
        )
    url = str(app.config.get("TRANSLATE_URL") or "").strip()
    if url:
        try:
            LibreTranslate(url, timeout=float(app.config["TRANSLATE_TIMEOUT"]))
        except ValueError as exc:
            raise ConfigError(f"INTAKE_TRANSLATE_URL: {exc}") from exc


def rule_profile() -> rules.RuleProfile:
    """The deployment's KRM rules (setting RULE_PROFILE)."""
    return rules.PROFILES[current_app.config["RULE_PROFILE"]]


def receipt_key() -> bytes:
    """The key of the receipt codes' keyed hash: derived from RECEIPT_KEY, else SECRET_KEY."""
    secret = current_app.config.get("RECEIPT_KEY") or current_app.config.get("SECRET_KEY")
    if not secret:
        raise ConfigError("SECRET_KEY is not set: receipt codes can be neither stored nor read")
    return receipts.derive_key(secret)


def public_base_url() -> str:
    """The public address links in mails and QR codes start with (no trailing slash)."""
    return str(current_app.config["PUBLIC_BASE_URL"]).rstrip("/")


def mail_settings() -> MailSettings:
    """Sender, SMTP server or outbox folder, as `intake.mailer.send` takes them."""
    return MailSettings.from_config(current_app.config, current_app.instance_path)


def send_mail(mail: Mail) -> None:
    """Send one mail with the app's settings: the `deliver` the services are given."""
    mailer.send(mail, mail_settings())


def staff_names_file() -> Path:
    """The staff list in use: setting STAFF_NAMES_FILE, else ``instance/staff_names.txt``."""
    configured = str(current_app.config.get("STAFF_NAMES_FILE") or "")
    if configured:
        return Path(configured)
    return Path(current_app.instance_path) / staffnames.DEFAULT_FILE


def staff_names() -> tuple[str, ...]:
    """The configured staff names, masked in exports and anonymised texts."""
    return staffnames.configured_names(staff_names_file())


def translator() -> LibreTranslate | None:
    """The deployment's translation server (settings TRANSLATE_*), or None: feature absent."""
    url = str(current_app.config.get("TRANSLATE_URL") or "").strip()
    if not url:
        return None
    return LibreTranslate(
        url,
        api_key=str(current_app.config.get("TRANSLATE_API_KEY") or ""),
        timeout=float(current_app.config.get("TRANSLATE_TIMEOUT") or 5.0),
    )


def report_min_count() -> int:
    """Counts below this are shown as "< n" in report breakdowns (at least 1: show all)."""
    return max(1, int(current_app.config.get("REPORT_MIN_COUNT") or 1))


def report_target_share() -> float:
    """The dashboard's target for each deadline share, as a fraction (0.9 for 90 %)."""
    return min(100, max(0, int(current_app.config.get("REPORT_TARGET_SHARE") or 0))) / 100


def report_mail_to() -> tuple[str, ...]:
    """The leadership meeting's addresses for the monthly summary (may be empty)."""
    raw = str(current_app.config.get("REPORT_MAIL_TO") or "")
    return tuple(part.strip() for part in raw.split(",") if part.strip())
