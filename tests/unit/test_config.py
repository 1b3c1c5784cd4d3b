"""Layered configuration that fails fast; every setting documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from intake import create_app
from intake.config import SETTINGS, ConfigError, from_environment

ROOT = Path(__file__).resolve().parents[2]


def test_environment_overrides_are_parsed() -> None:
    values = from_environment(
        {
            "INTAKE_TRUSTED_PROXIES": "2",
            "INTAKE_RATELIMIT_ENABLED": "false",
            "INTAKE_EMBED_ALLOWED_ORIGINS": "https://a.example https://b.example",
            "INTAKE_RATELIMIT_STRATEGY": "moving-window",
            "OTHER": "ignored",
        }
    )
    assert values == {
        "TRUSTED_PROXIES": 2,
        "RATELIMIT_ENABLED": False,
        "EMBED_ALLOWED_ORIGINS": ["https://a.example", "https://b.example"],
        "RATELIMIT_STRATEGY": "moving-window",
    }


def test_unknown_or_malformed_settings_fail_fast() -> None:
    with pytest.raises(ConfigError, match="INTAKE_NOPE"):
        from_environment({"INTAKE_NOPE": "1"})
    with pytest.raises(ConfigError, match="INTAKE_TRUSTED_PROXIES"):
        from_environment({"INTAKE_TRUSTED_PROXIES": "many"})


def test_refuses_to_start_without_a_real_secret_key(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("INTAKE_SECRET_KEY", raising=False)
    monkeypatch.setenv("INTAKE_DATABASE_URL", f"sqlite:///{tmp_path}/x.db")
    monkeypatch.setenv("INTAKE_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()
    monkeypatch.setenv("INTAKE_SECRET_KEY", "short")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()
    monkeypatch.setenv("INTAKE_SECRET_KEY", "x" * 40)
    app = create_app()
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path}/x.db"
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    monkeypatch.delenv("INTAKE_SECRET_KEY")
    (tmp_path / "secret_key").write_text("y" * 48)
    assert create_app().config["SECRET_KEY"] == "y" * 48


def test_an_unknown_rule_profile_stops_the_app_at_start(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Checked where the app is built (`intake.web.settings.check`): config knows no rules."""
    monkeypatch.setenv("INTAKE_SECRET_KEY", "x" * 40)
    monkeypatch.setenv("INTAKE_DATABASE_URL", f"sqlite:///{tmp_path}/x.db")
    monkeypatch.setenv("INTAKE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("INTAKE_RULE_PROFILE", "berlin")
    expected = "INTAKE_RULE_PROFILE: unknown rule profile 'berlin'; known: rhein-lahn, neukoelln"
    with pytest.raises(ConfigError, match=expected):
        create_app()
    assert from_environment({"INTAKE_RULE_PROFILE": "neukoelln"}) == {"RULE_PROFILE": "neukoelln"}
    monkeypatch.setenv("INTAKE_RULE_PROFILE", "neukoelln")
    assert create_app().config["RULE_PROFILE"] == "neukoelln"


def test_every_setting_is_documented_in_one_place() -> None:
    doc = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    missing = [s.name for s in SETTINGS if f"`INTAKE_{s.name}`" not in doc]
    assert missing == []
