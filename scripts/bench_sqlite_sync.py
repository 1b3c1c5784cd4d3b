"""What `synchronous=FULL` costs SQLite against `NORMAL`, on this machine's disk.

Usage: .venv/bin/python scripts/bench_sqlite_sync.py [--count 300] [--dir /var/lib/meinungskarte]

Two measurements per mode, each on a fresh database file in --dir (put it on the disk the
database will live on; the default is the system's temporary folder):

- `receive`: N web submissions through `intake.reception.services.receive`, the whole intake
  path after the form (masking done, receipt hash, hints, one commit each);
- `commit`: N bare one-row transactions (a 600-byte row), the commit alone.

In WAL mode NORMAL syncs the WAL only at checkpoints, so a power cut can lose the last
commits; FULL syncs the WAL at every commit, so an acknowledged case is on disk.
"""

from __future__ import annotations

import argparse
import secrets
import sqlite3
import tempfile
import time
from pathlib import Path

from sqlalchemy import event

from intake import create_app
from intake.database import migrate
from intake.models import Office
from intake.reception import services as reception
from intake.reception.formtoken import FormTicket
from intake.web import settings
from intake.web.extensions import db

TEXT = "Die Wartezeit am Empfang war heute sehr lang, aber die Beratung war freundlich. " * 4


def time_receive(folder: Path, mode: str, count: int) -> float:
    path = folder / f"receive-{mode}.sqlite3"
    app = create_app({"TESTING": True, "SECRET_KEY": "b" * 48, "DATABASE_URL": f"sqlite:///{path}"})
    with app.app_context():
        event.listen(db.engine, "connect", lambda c, _r: c.execute(f"pragma synchronous={mode}"))
        migrate.upgrade(db.engine)
        office = Office(code="DIEZ", name="Geschäftsstelle Diez", state="RP")
        db.session.add(office)
        db.session.commit()
        draft = reception.Draft(
            kind="complaint",
            text=TEXT,
            language="de",
            source=reception.Source("qr_card"),
            office_id=office.id,
        )
        profile, key = settings.rule_profile(), settings.receipt_key()
        started = time.perf_counter()
        for _ in range(count):
            ticket = FormTicket(nonce=secrets.token_urlsafe(16), age_seconds=30.0)
            reception.receive(
                db.session,
                draft,
                ticket,
                min_fill_seconds=0,
                min_batch=50,
                rule_profile=profile,
                receipt_key=key,
            )
        elapsed = time.perf_counter() - started
        db.engine.dispose()
    return elapsed


def time_commits(folder: Path, mode: str, count: int) -> float:
    connection = sqlite3.connect(folder / f"commit-{mode}.sqlite3", isolation_level=None)
    for pragma in ("journal_mode=wal", f"synchronous={mode}", "secure_delete=on"):
        connection.execute(f"pragma {pragma}")
    connection.execute("create table row (id integer primary key, body text)")
    body = "x" * 600
    started = time.perf_counter()
    for _ in range(count):
        connection.execute("begin")
        connection.execute("insert into row (body) values (?)", (body,))
        connection.execute("commit")
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        results: dict[tuple[str, str], float] = {}
        for mode in ("normal", "full"):
            for name, measure in (("receive", time_receive), ("commit", time_commits)):
                seconds = measure(Path(folder), mode, args.count)
                results[(name, mode)] = seconds
                print(
                    f"{name:8} synchronous={mode:6} {args.count} in {seconds:6.2f} s: "
                    f"{seconds / args.count * 1000:6.2f} ms each, {args.count / seconds:7.0f}/s"
                )
        for name in ("receive", "commit"):
            extra = (results[(name, "full")] - results[(name, "normal")]) / args.count * 1000
            print(f"{name:8} FULL costs {extra:+.2f} ms per transaction")


if __name__ == "__main__":
    main()
