"""Backup and restore: every table comes back row by row, the file is private and whole.

SQLite: `flask --app intake db backup` (online backup API) and `db restore` into a fresh
file. PostgreSQL: `db backup` (pg_dump -Fc) and the documented `pg_restore --clean
--if-exists` into a fresh database. Under CI=true missing PostgreSQL tools fail the test.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
import stat
import subprocess
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.engine import make_url

from intake import audit, create_app
from intake.cli import demo
from intake.database import Base, backup, make_engine, migrate
from intake.models import (
    AnswerTemplate,
    CardRequest,
    Case,
    ForwardLink,
    GoogleLocation,
    GoogleReview,
    Measure,
    Office,
    PrintBatch,
    User,
)
from intake.web.extensions import db
from tests.helpers import CI, PG_URL, make_config, seed_offices, submit

# Tables every backup must carry rows of (the round trip compares all tables, filled or not).
FILLED = {
    "office",
    "staff_user",
    "submission",
    "contact",
    "audit_event",
    "print_batch",
    "card_request",
    "google_location",
    "google_review",
    "forward_link",
    "measure",
    "answer_template",
}


def fill(app: Flask) -> None:
    """Demo data, web submissions with contact data, and a row in every other table."""
    with app.app_context():
        demo.load(db.session)
    client = app.test_client()
    for number, text_ in enumerate(("Danke für die schnelle Hilfe!", "Bitte mehr Sitzplätze.")):
        response = submit(
            client,
            text=text_,
            name=f"Jana Sicherung {number}",
            email=f"jana{number}@example.org",
            preferred="email",
            consent="y",
        )
        assert response.status_code == 200
    with app.app_context():
        session = db.session
        officer = session.scalars(select(User).where(User.role == "officer")).first()
        office = session.scalars(select(Office).where(Office.code == "DIEZ")).one()
        case = session.scalars(select(Case).order_by(Case.id)).first()
        assert officer is not None and case is not None
        audit.record(session, officer, "classify", case_id=case.id, detail="Lob")
        audit.record(session, officer, "transition", case_id=case.id, to_state="closed")
        batch = PrintBatch(office_id=office.id, layout="card", language="de", count=200)
        session.add(batch)
        session.flush()
        session.add(CardRequest(office_id=office.id, layout="card", count=100, batch_id=batch.id))
        session.add(GoogleLocation(office_id=office.id, name="accounts/1/locations/2"))
        review_case = Case(
            office_id=office.id,
            channel="google",
            kind="praise",
            text="Sehr nett hier.",
            language="de",
            received_on=date.today(),
        )
        review_case.google_review = GoogleReview(
            name="accounts/1/locations/2/reviews/r1",
            location_name="accounts/1/locations/2",
            reviewer_name="Ömer Beispiel",
            star_rating=5,
            comment_original="Sehr nett hier.",
            create_time=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        )
        session.add(review_case)
        session.add(
            ForwardLink(
                case_id=case.id,
                token_hash=secrets.token_hex(32),
                recipient="teamleitung.diez@example.org",
                note="Bitte Stellungnahme bis Freitag.",
                expires_at=datetime.now(UTC) + timedelta(days=14),
            )
        )
        session.add(
            Measure(
                case_id=case.id,
                office_id=office.id,
                what="Wartebereich umgestalten",
                responsible="Teamleitung",
                due_on=date.today() + timedelta(days=30),
            )
        )
        session.add(
            AnswerTemplate(kind="lob", title="Dank", body="Vielen Dank für Ihr Lob, {anrede}.")
        )
        session.commit()


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, ordered by primary key (plus the schema revision)."""
    present = set(inspect(engine).get_table_names())
    rows: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name in present:  # a model without its migration is test_migrations' job
                query = select(table).order_by(*table.primary_key.columns)
                rows[table.name] = [tuple(row) for row in connection.execute(query)]
        rows["alembic_version"] = [
            tuple(row) for row in connection.execute(text("select * from alembic_version"))
        ]
    return rows


def assert_same(original: dict[str, list[tuple[Any, ...]]], copy: dict[str, Any]) -> None:
    empty = sorted(name for name in FILLED if not original.get(name))
    assert empty == [], "fill() left these tables empty: the round trip would prove less"
    assert copy.keys() == original.keys()
    for name, rows in original.items():
        assert copy[name] == rows, f"table {name} differs after restore"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def sqlite_app(tmp_path: Path, sqlite_template: Path) -> Iterator[Flask]:
    target = tmp_path / "live" / "intake.sqlite3"
    target.parent.mkdir()
    shutil.copy(sqlite_template, target)
    application = create_app(make_config(f"sqlite:///{target}"))
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("target", ["new file", "populated database"])
def test_sqlite_backup_restores_every_row(
    sqlite_app: Flask, tmp_path: Path, sqlite_template: Path, target: str
) -> None:
    fill(sqlite_app)
    saved = tmp_path / "backups" / "intake-2026-03-31.sqlite3"
    saved.parent.mkdir()
    result = sqlite_app.test_cli_runner().invoke(args=["db", "backup", str(saved)])
    assert result.exit_code == 0, result.output
    assert "backup written" in result.output
    assert oct(mode(saved)) == "0o600"
    assert sorted(p.name for p in saved.parent.iterdir()) == [saved.name]  # no -wal, no temp
    database = tmp_path / "restored" / "intake.sqlite3"
    if target == "populated database":  # other rows, more pages than the backup
        database.parent.mkdir()
        shutil.copy(sqlite_template, database)
    fresh = create_app(make_config(f"sqlite:///{database}"))
    if target == "populated database":
        seed_offices(fresh)
        for _ in range(30):
            submit(fresh.test_client(), text="Überschriebene Zeile. " * 150)
    try:
        restored = fresh.test_cli_runner().invoke(args=["db", "restore", str(saved), "--yes"])
        assert restored.exit_code == 0, restored.output
        with sqlite_app.app_context():
            original = snapshot(db.engine)
        with fresh.app_context():
            assert_same(original, snapshot(db.engine))
            assert db.session.scalar(text("pragma integrity_check")) == "ok"
    finally:
        with fresh.app_context():
            db.engine.dispose()


def test_sqlite_backup_is_consistent_while_a_write_is_open(
    sqlite_app: Flask, tmp_path: Path
) -> None:
    """A writer in the middle of its transaction neither blocks the backup nor leaks into it."""
    fill(sqlite_app)
    writer = sqlite3.connect(tmp_path / "live" / "intake.sqlite3", isolation_level=None)
    writer.execute("begin immediate")
    writer.execute("update office set name = 'halb geschrieben' where code = 'DIEZ'")
    try:
        saved = tmp_path / "during-write.sqlite3"
        result = sqlite_app.test_cli_runner().invoke(args=["db", "backup", str(saved)])
        assert result.exit_code == 0, result.output
    finally:
        writer.execute("rollback")
        writer.close()
    copy = sqlite3.connect(saved)
    names = [row[0] for row in copy.execute("select name from office order by code")]
    copy.close()
    assert "halb geschrieben" not in names and "Geschäftsstelle Diez" in names


def test_a_failed_backup_leaves_the_previous_one_and_no_partial_file(
    sqlite_app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    saved = folder / "intake.sqlite3"
    saved.write_bytes(b"yesterday's backup")

    def corrupt(_connection: object, what: str) -> None:
        raise backup.BackupError(f"{what} fails SQLite's integrity check: simulated")

    monkeypatch.setattr(backup, "_require_intact", corrupt)
    result = sqlite_app.test_cli_runner().invoke(args=["db", "backup", str(saved)])
    assert result.exit_code == 1 and "integrity check" in result.output
    assert saved.read_bytes() == b"yesterday's backup"
    assert [p.name for p in folder.iterdir()] == [saved.name]


def test_restore_refuses_what_is_not_a_backup_and_keeps_the_database(
    sqlite_app: Flask, tmp_path: Path
) -> None:
    fill(sqlite_app)
    with sqlite_app.app_context():
        before = snapshot(db.engine)
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("Einkaufsliste: Milch, Brot\n" * 200, encoding="utf-8")
    other_database = tmp_path / "other.sqlite3"
    sqlite3.connect(other_database).execute("create table t (x)").connection.close()
    runner = sqlite_app.test_cli_runner()
    for path in (not_a_backup, other_database):
        result = runner.invoke(args=["db", "restore", str(path), "--yes"])
        assert result.exit_code == 1 and "not a" in result.output, result.output
    with sqlite_app.app_context():
        assert snapshot(db.engine) == before


def test_a_missing_pg_dump_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no pg_dump anywhere
    engine = make_engine("postgresql+psycopg://intake@127.0.0.1:9/intake")
    with pytest.raises(backup.BackupError, match="pg_dump not found"):
        backup.backup(engine, tmp_path / "intake.dump")
    assert list(tmp_path.iterdir()) == []


def test_the_pg_dump_url_keeps_its_password_off_the_command_line() -> None:
    url = make_url("postgresql+psycopg://intake:geheim@db.example:5433/krm?sslmode=require")
    assert backup.libpq_url(url) == "postgresql://intake@db.example:5433/krm?sslmode=require"


def pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    if CI:
        pytest.fail(f"{name} is missing (install postgresql-client)")
    pytest.skip(f"{name} is missing")


@pytest.fixture
def pg_databases() -> Iterator[tuple[str, str]]:
    """Two fresh databases on the test server: the original and the restore target."""
    if not PG_URL:
        if CI:
            pytest.fail("INTAKE_TEST_DATABASE_URL is not set")
        pytest.skip("PostgreSQL is not configured (INTAKE_TEST_DATABASE_URL)")
    admin = make_engine(PG_URL, isolation_level="AUTOCOMMIT")
    names = [f"backup_{which}_{secrets.token_hex(4)}" for which in ("source", "target")]
    with admin.connect() as connection:
        for name in names:
            connection.execute(text(f"create database {name}"))
    base = make_url(PG_URL)
    urls = [base.set(database=name).render_as_string(hide_password=False) for name in names]
    try:
        yield urls[0], urls[1]
    finally:
        with admin.connect() as connection:
            for name in names:
                connection.execute(text(f"drop database if exists {name} with (force)"))
        admin.dispose()


def test_postgres_backup_restores_every_row_into_a_fresh_database(
    pg_databases: tuple[str, str], tmp_path: Path
) -> None:
    pg_restore = pg_tool("pg_restore")
    pg_tool("pg_dump")
    source_url, target_url = pg_databases
    engine = make_engine(source_url)
    migrate.upgrade(engine)
    engine.dispose()
    app = create_app(make_config(source_url))
    try:
        fill(app)
        saved = tmp_path / "intake.dump"
        result = app.test_cli_runner().invoke(args=["db", "backup", str(saved)])
        assert result.exit_code == 0, result.output
        assert oct(mode(saved)) == "0o600" and saved.read_bytes().startswith(b"PGDMP")
        target = make_url(target_url)
        done = subprocess.run(
            [
                pg_restore,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--exit-on-error",
                f"--dbname={backup.libpq_url(target)}",
                str(saved),
            ],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, **({"PGPASSWORD": str(target.password)} if target.password else {})},
        )
        assert done.returncode == 0, done.stderr
        with app.app_context():
            original = snapshot(db.engine)
        restored_engine = make_engine(target_url)
        try:
            assert_same(original, snapshot(restored_engine))
        finally:
            restored_engine.dispose()
    finally:
        with app.app_context():
            db.engine.dispose()
