"""The `flask --app intake` commands: useful output, clear errors, non-zero exits."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from intake.models import AuditEvent, Case, Office, User
from intake.web.extensions import db
from tests.helpers import make_user


def test_offices_add_list_retire(app: Flask, runner: FlaskCliRunner) -> None:
    app.config["PUBLIC_BASE_URL"] = "https://feedback.example"
    result = runner.invoke(
        args=[
            "offices",
            "add",
            "mont",
            "Geschäftsstelle Montabaur",
            "--state",
            "rp",
            "--address",
            "Bahnhofstraße 1",
        ]
    )
    assert result.exit_code == 0, result.output
    listing = runner.invoke(args=["offices", "list"]).output
    assert "MONT\tGeschäftsstelle Montabaur\tRP\thttps://feedback.example/m/mont" in listing
    assert runner.invoke(args=["offices", "retire", "MONT"]).exit_code == 0
    assert "(retired)" in runner.invoke(args=["offices", "list"]).output


def test_offices_add_refuses_bad_arguments(runner: FlaskCliRunner) -> None:
    duplicate = runner.invoke(args=["offices", "add", "DIEZ", "Noch mal", "--state", "RP"])
    assert duplicate.exit_code != 0 and "exists already" in duplicate.output
    bad_state = runner.invoke(args=["offices", "add", "X1", "Name", "--state", "XX"])
    assert bad_state.exit_code != 0 and "XX" in bad_state.output
    bad_code = runner.invoke(args=["offices", "add", "a b", "Name", "--state", "BE"])
    assert bad_code.exit_code != 0 and "invalid code" in bad_code.output
    missing = runner.invoke(args=["offices", "retire", "NOPE"])
    assert missing.exit_code != 0 and "no office NOPE" in missing.output


def test_offices_import_csv_is_all_or_nothing(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    good = tmp_path / "good.csv"
    good.write_text(
        "code;name;state;address\nNK;Neukölln;BE;Sonnenallee 262\nDIEZ;Diez (neu);RP;\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["offices", "import", str(good)])
    assert result.exit_code == 0 and "1 new, 1 updated" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,state\nOK1,Fine,BE\nBAD,Wrong,ZZ\n", encoding="utf-8")
    result = runner.invoke(args=["offices", "import", str(bad)])
    assert result.exit_code != 0 and "nothing imported" in result.output
    with app.app_context():
        codes = set(db.session.scalars(select(Office.code)))
        assert "NK" in codes and "OK1" not in codes
    assert runner.invoke(args=["offices", "import", str(tmp_path / "none.csv")]).exit_code != 0


def test_users_create_reads_the_password_from_stdin(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=["users", "create", "Lead@Example.org", "--role", "team_lead"],
        input="a very long passphrase\n",
    )
    assert result.exit_code == 0, result.output
    assert "a very long passphrase" not in result.output
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user is not None and (user.email, user.role) == ("lead@example.org", "team_lead")
    short = runner.invoke(
        args=["users", "create", "x@example.org", "--role", "officer"], input="short\n"
    )
    assert short.exit_code != 0 and "at least 12" in short.output
    role = runner.invoke(args=["users", "create", "y@example.org", "--role", "king"], input="x\n")
    assert role.exit_code != 0
    reset = runner.invoke(
        args=["users", "reset-password", "lead@example.org"], input="another long passphrase\n"
    )
    assert reset.exit_code == 0
    unknown = runner.invoke(
        args=["users", "reset-password", "no@example.org"], input="another long passphrase\n"
    )
    assert unknown.exit_code != 0 and "no user" in unknown.output


def test_no_password_option_exists(runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=["users", "create", "z@example.org", "--role", "officer", "--password", "x"]
    )
    assert result.exit_code != 0


def test_db_demo_loads_once(app: Flask, runner: FlaskCliRunner) -> None:
    first = runner.invoke(args=["db", "demo"])
    assert first.exit_code == 0 and "demo officer login: officer@example.org" in first.output
    second = runner.invoke(args=["db", "demo"])
    assert "exists already" in second.output
    assert runner.invoke(args=["db", "current"]).output.strip() != "empty"
    with app.app_context():
        languages = {row.language: row for row in db.session.scalars(select(Case))}
        assert {"de", "uk", "ar", "fa", "tr"} <= set(languages)
        ukrainian = languages["uk"]  # the press and corruption, in Ukrainian
        assert ukrainian.high_risk and ukrainian.restricted
        assert "(Zeitung)" in (ukrainian.flag_reasons or "")


def test_users_update_changes_role_and_state_with_the_admin_pages_rules(
    app: Flask, runner: FlaskCliRunner
) -> None:
    make_user(app, "amal@example.org", "officer")
    made_lead = runner.invoke(
        args=["users", "update", "Amal@example.org", "--role", "team_lead", "--office", "diez"]
    )
    assert made_lead.exit_code == 0, made_lead.output
    assert "role officer -> team_lead" in made_lead.output and "sessions ended" in made_lead.output
    closed = runner.invoke(args=["users", "update", "amal@example.org", "--inactive"])
    assert closed.exit_code == 0 and "deactivated" in closed.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "amal@example.org"))
        assert user is not None and (user.role, user.active) == ("team_lead", False)
        assert user.office_id is not None
        actions = list(db.session.scalars(select(AuditEvent.action)))
        assert actions.count("cli_user_update") == 2
    unknown_office = runner.invoke(args=["users", "update", "amal@example.org", "--office", "xy"])
    assert unknown_office.exit_code != 0 and "no open office" in unknown_office.output
    nobody = runner.invoke(args=["users", "update", "no@example.org", "--active"])
    assert nobody.exit_code != 0 and "no user" in nobody.output
