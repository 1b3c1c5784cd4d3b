"""Backups an operator can trust: consistent while the app runs, private, whole or absent.

- **SQLite**: SQLite's online backup API copies a consistent snapshot while workers go on
  writing (WAL readers do not block writers). The copy is a single file (rollback journal,
  no `-wal` beside it) and passes `pragma integrity_check` before it gets its name.
- **PostgreSQL**: `pg_dump` in its custom format (`-Fc`, compressed, restorable table by
  table with `pg_restore`); a consistent snapshot as well.

Either way the file is created 0600 under a temporary name in the target's folder, flushed
to disk and renamed into place, so a crash or a full disk never leaves half a backup under
the real name. A backup holds everything the database held at that moment, deleted-later
data included: docs/operations.md ("Backup and restore") says how to keep and expire them.

`restore` (SQLite only) copies a checked backup into the configured database through the
same API, so the database's `-wal` and `-shm` stay consistent; copying the file over a
database whose stale `-wal` lies beside it would corrupt it. PostgreSQL is restored with
`pg_restore` (documented), since that needs rights and choices (`--clean`, owner) the app
should not take.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from sqlalchemy import Engine
from sqlalchemy.engine import URL

from intake.database import FILE_MODE, checkpoint, sqlite_path


class BackupError(RuntimeError):
    """The backup or restore cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class BackupResult:
    """Where the backup went and how big it is."""

    path: Path
    size: int
    kind: str  # "sqlite" or "pg_dump"


def backup(engine: Engine, target: Path, *, pg_dump: str | None = None) -> BackupResult:
    """Write a consistent backup of the database to `target` (0600, atomically)."""
    target = target.expanduser().absolute()
    if not target.parent.is_dir():
        raise BackupError(f"folder {target.parent} does not exist")
    backend = engine.dialect.name
    with _private_temp(target) as temp:
        if backend == "sqlite":
            _sqlite_backup(engine, temp)
        elif backend == "postgresql":
            _pg_dump(engine.url, temp, pg_dump)
        else:
            raise BackupError(f"no backup for {backend} databases")
    kind = "sqlite" if backend == "sqlite" else "pg_dump"
    return BackupResult(target, target.stat().st_size, kind)


@contextmanager
def _private_temp(target: Path) -> Iterator[Path]:
    """A 0600 file beside `target`, renamed onto it if the block succeeds, else removed."""
    temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    os.close(os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
    try:
        yield temp
        _fsync(temp)
        os.replace(temp, target)
        _fsync(target.parent)  # the rename itself survives a power cut
    finally:
        for leftover in (temp, *(temp.with_name(temp.name + s) for s in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _sqlite_backup(engine: Engine, temp: Path) -> None:
    raw = engine.raw_connection()
    try:
        copy = sqlite3.connect(temp)
        try:
            source = raw.driver_connection
            assert isinstance(source, sqlite3.Connection)
            source.backup(copy)
            copy.execute("pragma journal_mode=delete")  # one self-contained file
            _require_intact(copy, "the backup")
        finally:
            copy.close()
    finally:
        raw.close()


def _require_intact(connection: sqlite3.Connection, what: str) -> None:
    result = connection.execute("pragma integrity_check").fetchone()
    if result != ("ok",):
        raise BackupError(f"{what} fails SQLite's integrity check: {result[0] if result else ''}")


def _pg_dump(url: URL, temp: Path, executable: str | None) -> None:
    program = shutil.which(executable or "pg_dump")
    if not program:
        raise BackupError(
            "pg_dump not found: install the PostgreSQL client tools of the server's major "
            "version (Debian: apt install postgresql-client) or pass --pg-dump PATH"
        )
    command = [program, "--format=custom", "--no-password", f"--file={temp}"]
    schema = _search_path_schema(url)
    if schema:
        command.append(f"--schema={schema}")
    command.append(f"--dbname={libpq_url(url)}")
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)  # not on the command line (ps)
    # An argument list, no shell: the URL cannot inject a command.
    done = subprocess.run(  # noqa: S603  (an argument list, no shell: see above)
        command, env=environment, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"pg_dump failed: {done.stderr.strip() or done.returncode}")


def libpq_url(url: URL) -> str:
    """The SQLAlchemy URL as a libpq connection URI, without driver and password."""
    plain = URL.create(
        "postgresql",
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    )
    return plain.render_as_string(hide_password=False)


def _search_path_schema(url: URL) -> str | None:
    """The schema of `options=-csearch_path=…` in the URL (then only that one is dumped)."""
    options = url.query.get("options")
    text = unquote(options if isinstance(options, str) else " ".join(options or ()))
    for part in text.replace("-c ", "-c").split():
        if part.startswith("-csearch_path="):
            return part.removeprefix("-csearch_path=").split(",")[0].strip() or None
    return None


def restore(engine: Engine, source: Path) -> None:
    """Replace the SQLite database's contents with a backup, after checking the backup."""
    if engine.dialect.name != "sqlite" or sqlite_path(engine.url) is None:
        raise BackupError(
            "restore works for SQLite files only; restore PostgreSQL with pg_restore "
            "(docs/operations.md, 'Backup and restore')"
        )
    backup_file = sqlite3.connect(f"file:{source.absolute()}?mode=ro", uri=True)
    try:
        try:
            _require_intact(backup_file, f"{source}")
            tables = {row[0] for row in backup_file.execute("select name from sqlite_master")}
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{source} is not a SQLite backup: {exc}") from exc
        if "alembic_version" not in tables:
            raise BackupError(f"{source} is not a Meinungskarte database (no alembic_version)")
        raw = engine.raw_connection()
        try:
            target = raw.driver_connection
            assert isinstance(target, sqlite3.Connection)
            backup_file.backup(target)
        finally:
            raw.close()
    finally:
        backup_file.close()
    checkpoint(engine)
