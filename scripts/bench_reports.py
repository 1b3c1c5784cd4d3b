"""Reports benchmark: the year's report and the dashboard over a year of 1,000,000 reactions.

Run as `scripts/bench-backoffice --reports [--database-url …] [--cases N]`. Builds a fresh
database, fills one calendar year (the last one that ended) with realistic reactions through
SQLAlchemy Core in chunks — the triggers of migration 0009 mark every day as it is written —
then measures, through the real app and in the same run as the bare stack's inbox
(`../shared/bench/baseline_app.py` plus one plain-SQL view, as `scripts/bench_backoffice.py`):

- the cold refresh: every day's summary computed from the cases (what the nightly
  `flask --app intake reports refresh` does, and what the first report after a bulk import
  pays once);
- the report page for the year and for its last quarter, the dashboard for the year
  (everything and one office), the monthly summary and the XLSX figures, warm;
- the report page right after a case changed (one day out of date, recomputed in the request).

Every page must answer within 2 seconds (the issue's limit); the ratio to the baseline is the
figure to compare across machines.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from bench_backoffice import (  # type: ignore[import-not-found]
    CHANNEL_MIX,
    KIND_MIX,
    KRM_FOR,
    OFFICER,
    SENTENCES,
    _pick,
    bench_database,
    insert_offices,
    machine,
    make_baseline,
)
from flask.testing import FlaskClient
from sqlalchemy import Engine, insert, select, update

from intake import create_app
from intake.database import make_engine, migrate
from intake.models import Case, Office, random_id
from intake.reports import daily
from intake.triage import rules
from intake.web.extensions import db
from tests.helpers import login, make_config, make_user

LIMIT_SECONDS = 2.0
LANGUAGES = (("de", 0.82), ("uk", 0.05), ("ar", 0.04), ("tr", 0.03), ("ru", 0.03), ("en", 0.02))
LANGUAGES += (("fa", 0.01),)


@dataclass
class Timed:
    label: str
    url: str
    client: str = "officer"
    samples: list[float] = field(default_factory=list)
    status: int = 0
    error: str = ""


def _case(rng: random.Random, year: int, offices: list[int]) -> dict[str, Any]:
    received = date(year, 1, 1) + timedelta(days=rng.randrange(0, 365))
    kind = _pick(rng, KIND_MIX)
    classified = rng.random() < 0.93
    krm_kind = KRM_FOR[kind] if classified else None
    if krm_kind and rng.random() < 0.05:
        krm_kind = rng.choice(("dienstaufsicht", "folgeticket_1", "folgeticket_2", "eingabe"))
    channel = _pick(rng, CHANNEL_MIX)
    closed = rng.random() < 0.9
    ack = (
        received + timedelta(days=rng.choice((0, 1, 1, 2, 3, 4, 6))) if rng.random() < 0.6 else None
    )
    answered = received + timedelta(days=rng.randrange(2, 30)) if rng.random() < 0.7 else None
    forwarded = received + timedelta(days=rng.randrange(1, 16)) if rng.random() < 0.2 else None
    justified = rng.choice((True, False, None)) if krm_kind == "beschwerde" else None
    return {
        "id": random_id(),
        "office_id": rng.choice(offices) if rng.random() < 0.97 else None,
        "channel": channel,
        "batch": None,
        "kind": kind,
        "rating": None,
        "text": rng.choice(SENTENCES),
        "masked_kinds": "",
        "language": _pick(rng, LANGUAGES),
        "received_on": received,
        "status": "closed" if closed else rng.choice(("new", "triaged", "forwarded")),
        "is_spam": rng.random() < 0.01,
        "contactable": rng.random() < 0.3,
        "krm_kind": krm_kind,
        "about_conduct": krm_kind == "dienstaufsicht",
        "justified": justified,
        "justified_reason": rng.choice(("verhalten", "organisation")) if justified else None,
        "flags": "",
        "flag_reasons": "",
        "high_risk": rng.random() < 0.01,
        "restricted": rng.random() < 0.001,
        "acknowledged_on": ack,
        "answered_on": answered,
        "forwarded_on": forwarded,
        "statement_on": forwarded + timedelta(days=rng.randrange(1, 10)) if forwarded else None,
        "closed_on": (answered or received) + timedelta(days=rng.randrange(0, 5))
        if closed
        else None,
    }


def fill(engine: Engine, count: int, year: int, chunk: int, log: Callable[[str], None]) -> float:
    started = time.perf_counter()
    offices = insert_offices(engine)
    rng = random.Random(20261130)
    done = 0
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("pragma cache_size=-400000")
        while done < count:
            rows = [_case(rng, year, offices) for _ in range(min(chunk, count - done))]
            rows.sort(key=lambda row: row["id"])
            connection.execute(insert(Case), rows)
            connection.commit()
            done += len(rows)
            if done % (chunk * 10) == 0 or done == count:
                log(f"  {done:,} / {count:,} cases ({time.perf_counter() - started:.0f} s)")
    if engine.dialect.name == "sqlite":
        with engine.begin() as connection:
            connection.exec_driver_sql("analyze")
    else:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("vacuum analyze")
    return time.perf_counter() - started


def fetch(client: FlaskClient, url: str) -> tuple[float, int]:
    started = time.perf_counter()
    response = client.get(url)
    response.get_data()
    return time.perf_counter() - started, response.status_code


def run(args: Any, log: Callable[[str], None]) -> int:
    year = date.today().year - 1
    facts = machine()
    with bench_database(args.database_url or None, args.keep, log) as url:
        engine = make_engine(url)
        kind = "SQLite (WAL)" if engine.dialect.name == "sqlite" else "PostgreSQL"
        log(f"== {kind}: migrating")
        migrate.upgrade(engine)
        app = create_app(make_config(url, RATELIMIT_LOGIN_CLIENT="1000 per minute"))
        log(f"   filling {args.cases:,} reactions received in {year}")
        fill_seconds = fill(engine, args.cases, year, args.chunk, log)
        make_user(app, OFFICER)
        profile = rules.PROFILES[app.config["RULE_PROFILE"]]
        with app.app_context():
            office = db.session.scalar(select(Office.id).order_by(Office.id).limit(1))
            started = time.perf_counter()
            days = daily.refresh(db.session, profile)
            db.session.commit()
            refresh_seconds = time.perf_counter() - started
        log(f"   cold refresh: {days} days in {refresh_seconds:.1f} s")
        clients = {"officer": app.test_client()}
        login(clients["officer"], OFFICER)
        bare = make_baseline(url)
        clients["baseline"] = bare.test_client()
        pages = [
            Timed("baseline: plain SQL + trivial template", "/inbox", "baseline"),
            Timed(f"report page, year {year}", f"/staff/reports?period={year}"),
            Timed(f"report page, {year}-Q4", f"/staff/reports?period={year}-Q4"),
            Timed(f"dashboard, year {year}", f"/staff/reports/dashboard?period={year}"),
            Timed(
                f"dashboard, {year}, one office",
                f"/staff/reports/dashboard?period={year}&office={office}",
            ),
            Timed(f"monthly summary {year}-12", f"/staff/reports/summary?month={year}-12"),
        ]
        try:
            for page in pages:
                for _ in range(args.warmup):
                    _s, page.status = fetch(clients[page.client], page.url)
                if page.status != 200:
                    page.error = f"status {page.status}"
            live = [page for page in pages if not page.error]
            for number in range(args.runs):
                for page in live if number % 2 == 0 else reversed(live):
                    seconds, status = fetch(clients[page.client], page.url)
                    page.samples.append(seconds)
                    if status != 200:
                        page.error = f"status {status}"
            changed = Timed(
                f"report page {year} after a case changed", f"/staff/reports?period={year}"
            )
            with app.app_context():
                ids = list(db.session.scalars(select(Case.id).limit(args.runs)))
            for case_id in ids:
                with engine.begin() as connection:
                    connection.execute(
                        update(Case).where(Case.id == case_id).values(high_risk=True)
                    )
                seconds, changed.status = fetch(clients["officer"], changed.url)
                changed.samples.append(seconds)
            pages.append(changed)
        finally:
            bare.extensions["bench.connection"].close()
            engine.dispose()
    base = statistics.median(pages[0].samples)
    print()
    print(
        f"== {kind}: {args.cases:,} reactions in {year}; {args.warmup} warm-up + {args.runs} runs"
        f" per page; filled in {fill_seconds:.0f} s; cold refresh {refresh_seconds:.1f} s"
    )
    print(f"   machine: {facts['cpus']} × {facts['cpu']}, Python {facts['python']}")
    print(f"   {'page':<44} {'median':>9} {'p95':>9} {'max':>9} {'× baseline':>11}  ≤ 2 s")
    failed = False
    for page in pages:
        if page.error or not page.samples:
            print(f"   {page.label:<44} {page.error or 'no samples'}")
            failed = failed or page.client != "baseline"
            continue
        ordered = sorted(page.samples)
        median = statistics.median(ordered)
        p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
        ok = ordered[-1] <= LIMIT_SECONDS
        failed = failed or not ok
        print(
            f"   {page.label:<44} {median * 1000:8.0f}ms {p95 * 1000:8.0f}ms"
            f" {ordered[-1] * 1000:8.0f}ms {median / base:10.1f}×  {'yes' if ok else 'NO'}"
        )
    return 1 if failed else 0
