"""Back-office benchmark: inbox and case pages with 100,000 open and 1,000,000 closed cases.

Builds a fresh database (SQLite in a temporary folder, or a throw-away schema on PostgreSQL),
migrates it with `intake.database.migrate.upgrade`, fills it with realistic cases through SQLAlchemy
Core `insert()` in chunks, runs ANALYZE, and then times the back office's list and detail
pages through the real app (`create_app`, Flask test client, a logged-in officer). In the
same run and the same process it times the bare stack: `../shared/bench/baseline_app.py`
with one extra view that runs the plain SQL of the default inbox page on the same database
and renders a trivial template. Every page is reported as median and p95, and as a ratio
to the baseline's median (see docs/benchmarks.md).

It also prints the query plans of every SELECT on `submission` that the inbox, due views
and case page run (EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on PostgreSQL) and flags
those that scan or sort far more rows than they return.

    scripts/bench-backoffice                       # SQLite, 100k open / 1M closed
    scripts/bench-backoffice --quick               # 10k / 100k, 10 runs per page
    scripts/bench-backoffice --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import random
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BASELINE_DIR = ROOT.parent / "shared" / "bench"
sys.path[:0] = [str(ROOT), str(BASELINE_DIR)]

from flask import Flask, render_template_string  # noqa: E402  (after the sys.path set-up)
from flask.testing import FlaskClient  # noqa: E402  (after the sys.path set-up)
from sqlalchemy import Engine, event, insert, select, text  # noqa: E402  (after the sys.path set-up)

from intake import create_app  # noqa: E402  (after the sys.path set-up)
from intake.database import make_engine, migrate  # noqa: E402  (after the sys.path set-up)
from intake.models import Case, Office, User, random_id  # noqa: E402  (after the sys.path set-up)
from intake.triage import workflow  # noqa: E402  (after the sys.path set-up)
from intake.web.extensions import db  # noqa: E402  (after the sys.path set-up)
from tests.helpers import login, make_config, make_user  # noqa: E402  (after the sys.path set-up)

OFFICER = "officer@example.org"  # the logged-in officer, one of the assignees
NEWCOMER = "newcomer@example.org"  # an officer with only a few assigned cases
YEARS = 3
DAYS = 365 * YEARS
OFFICES = 12
ASSIGNEES = 20
OPEN_STATUS = (("new", 0.30), ("triaged", 0.35), ("forwarded", 0.20), ("statement", 0.15))
CLOSED_STATUS = (("closed", 0.85), ("handed_off", 0.10), ("answered", 0.05))
CHANNEL_MIX = (
    ("homepage", 0.25),
    ("office_link", 0.15),
    ("qr_card", 0.20),
    ("qr_poster", 0.10),
    ("embed", 0.05),
    ("paper_card", 0.08),
    ("google", 0.05),
    ("phone", 0.05),
    ("email", 0.04),
    ("letter", 0.03),
)
KIND_MIX = (("praise", 0.30), ("idea", 0.15), ("complaint", 0.45), ("other", 0.10))
KRM_FOR = {"praise": "lob", "idea": "idee", "complaint": "beschwerde", "other": "fachliche_anfrage"}
DUE_NAMES = ("eingangsbestaetigung", "weiterleitung_teamleitung", "abschluss")
SENTENCES = (
    "Die Beratung war freundlich und kompetent.",
    "Ich habe über eine Stunde im Eingangsbereich gewartet.",
    "Mein Antrag liegt seit Wochen unbearbeitet.",
    "Die Sachbearbeiterin hat sich viel Zeit genommen.",
    "Telefonisch ist niemand zu erreichen.",
    "Der Bescheid ist für mich nicht verständlich.",
    "Bitte mehr Sitzplätze im Wartebereich.",
    "Die Unterlagen wurden schon zweimal angefordert.",
    "Vielen Dank für die schnelle Hilfe bei der Weiterbildung.",
    "Die Terminvergabe online funktioniert nicht.",
    "Ich wurde unfreundlich behandelt.",
    "Ein Wickeltisch im Erdgeschoss wäre hilfreich.",
    "Die Zahlung kam pünktlich, danke.",
    "Ich verstehe nicht, warum meine Leistungen gekürzt wurden.",
    "Das Formular ist zu lang und zu kompliziert.",
    "Mein Ansprechpartner wechselt ständig.",
)
SLOW_RATIO = 10.0  # pages at or above this many times the baseline are marked "slow"


class BenchError(Exception):
    """The run cannot go on."""


# --- database ------------------------------------------------------------------------------


@contextmanager
def bench_database(url: str | None, keep: bool, log: Callable[[str], None]) -> Iterator[str]:
    """A fresh, empty database URL: a temp SQLite file, or a new schema on PostgreSQL."""
    if not url or url.startswith("sqlite"):
        with tempfile.TemporaryDirectory(prefix="intake-bench-backoffice-") as tmp:
            path = Path(tmp) / "bench.sqlite3"
            target = url if url else f"sqlite:///{path}"
            yield target
            if keep:
                kept = Path(tempfile.gettempdir()) / "intake-bench-backoffice.sqlite3"
                for suffix in ("", "-wal", "-shm"):
                    with suppress(FileNotFoundError):
                        os.replace(f"{path}{suffix}", f"{kept}{suffix}")
                log(f"kept the database at {kept}")
        return
    schema = f"bench_{secrets.token_hex(4)}"
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f"create schema {schema}"))
    separator = "&" if "?" in url else "?"
    try:
        yield f"{url}{separator}options=-csearch_path%3D{schema}"
    finally:
        if keep:
            log(f"kept the schema {schema}")
        else:
            with admin.begin() as connection:
                connection.execute(text(f"drop schema {schema} cascade"))
        admin.dispose()


def _pick(rng: random.Random, mix: tuple[tuple[str, float], ...]) -> str:
    roll, total = rng.random(), 0.0
    for value, share in mix:
        total += share
        if roll < total:
            return value
    return mix[-1][0]


@dataclass
class Population:
    offices: list[int]
    officer_id: int
    newcomer_id: int
    assignees: list[int]
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _row(
    rng: random.Random,
    today: date,
    population: Population,
    *,
    is_open: bool,
) -> dict[str, Any]:
    # open cases are mostly recent (exponential age, mean 120 days); closed ones spread evenly
    age = min(DAYS - 1, int(rng.expovariate(1 / 120))) if is_open else rng.randrange(14, DAYS)
    received = today - timedelta(days=age)
    kind = _pick(rng, KIND_MIX)
    status = _pick(rng, OPEN_STATUS if is_open else CLOSED_STATUS)
    krm_kind = None if status == "new" else KRM_FOR[kind]
    if krm_kind and rng.random() < 0.05:
        krm_kind = rng.choice(("dienstaufsicht", "folgeticket_1", "eingabe", "widerspruch"))
    high_risk = rng.random() < 0.01
    channel = _pick(rng, CHANNEL_MIX)
    row: dict[str, Any] = {
        "id": random_id(),
        "office_id": rng.choice(population.offices) if rng.random() < 0.97 else None,
        "channel": channel,
        "batch": rng.randrange(1, 40) if channel.startswith("qr_") else None,
        "kind": kind,
        "rating": rng.randrange(1, 6) if rng.random() < 0.8 else None,
        "text": " ".join(rng.choices(SENTENCES, k=rng.randrange(1, 6))),
        "masked_kinds": "",
        "language": "de" if rng.random() < 0.9 else rng.choice(("en", "tr", "ar", "uk")),
        "received_on": received,
        "status": status,
        "is_spam": False,
        "contactable": rng.random() < 0.3,
        "krm_kind": krm_kind,
        "about_conduct": krm_kind == "dienstaufsicht",
        "suggested_kind": KRM_FOR[kind],
        "suggestion_reason": "vom Absender gewählt",
        "hints_version": "1",
        "flags": "gefaehrdung" if high_risk else "",
        "flag_reasons": "gefaehrdung: Drohung" if high_risk else "",
        "high_risk": high_risk,
        "restricted": rng.random() < 0.001,
        "acknowledged_on": None,
        "forwarded_on": None,
        "statement_on": None,
        "answered_on": None,
        "answer": None,
        "answer_channel": None,
        "closed_on": None,
        "next_due_on": None,
        "next_due_name": None,
        "assignee_id": None,
    }
    # The steps below draw from `rng` in a fixed order: the same seed gives the same database.
    _steps_taken(rng, row, today, is_open=is_open)
    if is_open:
        _open_due(rng, row, today, population)
    else:
        _ended(rng, row, today, population)
    return row


def _steps_taken(rng: random.Random, row: dict[str, Any], today: date, *, is_open: bool) -> None:
    """Acknowledged, forwarded, statement: the dates of the steps the case's status implies."""
    status, received = row["status"], row["received_on"]
    if status != "new" and rng.random() < 0.7:
        row["acknowledged_on"] = min(today, received + timedelta(days=rng.randrange(0, 5)))
    if status in ("forwarded", "statement") or (not is_open and rng.random() < 0.3):
        row["forwarded_on"] = min(today, received + timedelta(days=rng.randrange(1, 10)))
    if status == "statement":
        row["statement_on"] = min(today, received + timedelta(days=rng.randrange(5, 25)))


def _open_due(rng: random.Random, row: dict[str, Any], today: date, population: Population) -> None:
    """An open case's next deadline and, for some, an assignee."""
    received = row["received_on"]
    roll = rng.random()  # 20 % overdue, 4 % due within a few days, the rest later
    if roll < 0.20:
        due = max(received, today - timedelta(days=rng.randrange(1, 90)))
        due = min(due, today - timedelta(days=1))
    elif roll < 0.24:
        due = today + timedelta(days=rng.randrange(0, 4))
    else:
        due = today + timedelta(days=rng.randrange(4, 60))
    row["next_due_on"], row["next_due_name"] = due, rng.choice(DUE_NAMES)
    if rng.random() < 0.4:
        row["assignee_id"] = rng.choice(population.assignees)


def _ended(rng: random.Random, row: dict[str, Any], today: date, population: Population) -> None:
    """A closed or handed-off case's answer and end date and, for most, an assignee."""
    status = row["status"]
    ended = min(today, row["received_on"] + timedelta(days=rng.randrange(3, 60)))
    if status != "handed_off":
        row["answered_on"] = ended
        row["answer"] = "Vielen Dank für Ihre Rückmeldung."
        row["answer_channel"] = rng.choice(("email", "letter", "receipt"))
    if status != "answered":
        row["closed_on"] = ended
    if rng.random() < 0.6:
        row["assignee_id"] = rng.choice(population.assignees)


def insert_offices(engine: Engine) -> list[int]:
    """OFFICES offices, two in Rhineland-Palatinate to one in Berlin; their ids."""
    with engine.begin() as connection:
        connection.execute(
            insert(Office),
            [
                {
                    "code": f"GS{n:02d}",
                    "name": f"Geschäftsstelle {n:02d}",
                    "address": "",
                    "state": "RP" if n % 3 else "BE",
                    "retired": False,
                }
                for n in range(1, OFFICES + 1)
            ],
        )
        return list(connection.scalars(select(Office.id).order_by(Office.id)))


def populate(
    engine: Engine,
    app: Flask,
    open_count: int,
    closed_count: int,
    chunk: int,
    log: Callable[[str], None],
) -> Population:
    """Offices, staff and the cases, with SQLAlchemy Core executemany in chunks."""
    started = time.perf_counter()
    offices = insert_offices(engine)
    officer = make_user(app, OFFICER)
    newcomer = make_user(app, NEWCOMER)
    with engine.begin() as connection:
        connection.execute(
            insert(User),
            [
                {
                    "email": f"officer{n:02d}@example.org",
                    "password_hash": "!",
                    "role": "officer",
                    "active": True,
                    "session_version": 1,
                }
                for n in range(ASSIGNEES - 1)
            ],
        )
        others = list(
            connection.scalars(select(User.id).where(User.email.like("officer__@example.org")))
        )
    population = Population(offices, officer.id, newcomer.id, [officer.id, *others])
    rng = random.Random(20261121)
    today = date.today()
    sqlite = engine.dialect.name == "sqlite"
    total = open_count + closed_count
    done = 0
    counts: dict[str, int] = {}
    with engine.connect() as connection:
        if sqlite:  # the loading connection only: a bigger page cache for the index inserts
            connection.exec_driver_sql("pragma cache_size=-400000")
        for is_open, count in ((True, open_count), (False, closed_count)):
            left = count
            while left:
                rows = [
                    _row(rng, today, population, is_open=is_open) for _ in range(min(chunk, left))
                ]
                left -= len(rows)
                for row in rows:
                    counts[row["status"]] = counts.get(row["status"], 0) + 1
                rows.sort(key=lambda row: row["id"])
                connection.execute(insert(Case), rows)
                connection.commit()
                done += len(rows)
                if done % (chunk * 10) < chunk or done == total:
                    log(f"  {done:,} / {total:,} cases ({time.perf_counter() - started:.0f} s)")
        # a newcomer with just 10 open cases, old ones: the worst case of "assigned to me"
        ids = connection.scalars(
            select(Case.id)
            .where(Case.status == "new", Case.restricted.is_(False))
            .order_by(Case.received_on)
            .limit(10)
        ).all()
        connection.execute(
            Case.__table__.update()
            .where(Case.id.in_(ids))
            .values(assignee_id=population.newcomer_id)
        )
        connection.commit()
    log("  ANALYZE")
    if sqlite:
        with engine.begin() as connection:
            connection.exec_driver_sql("analyze")
    else:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("vacuum analyze")
    population.counts = counts
    population.seconds = time.perf_counter() - started
    return population


# --- the bare-stack baseline ---------------------------------------------------------------


BASELINE_TEMPLATE = """<!doctype html><html><body><table>
{% for r in rows[:50] %}<tr><td>{{ r[1] }}</td><td>{{ r[2] }}</td><td>{{ r[3] }}</td>
<td>{{ r[4] }}</td><td>{{ r[5] or "" }}</td><td>{{ r[6] }}</td>
<td><a href="/c/{{ r[0] }}">{{ r[7][:120] }}</a></td></tr>
{% endfor %}</table>{% if rows|length > 50 %}
<a href="?after={{ rows[49][1] }}_{{ rows[49][0] }}">next</a>{% endif %}
</body></html>"""


def make_baseline(url: str) -> Flask:
    """`../shared/bench/baseline_app.py` plus one view: the default inbox's plain SQL."""
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    os.environ["BASELINE_DATABASE_URL"] = plain
    import baseline_app as bare  # ../shared/bench/baseline_app.py

    app: Flask = bare.create_app()
    connection, mark = bare._connect(plain)  # its connection set-up: WAL pragmas, autocommit
    false = "0" if mark == "?" else "false"
    states = ", ".join(f"'{s}'" for s in sorted(workflow.OPEN_STATES))
    sql = (  # constants only
        "select id, received_on, office_id, kind, status, next_due_on, channel, text "  # noqa: S608  (constants only)
        f"from submission where is_spam = {false} and restricted = {false} "
        f"and status in ({states}) order by received_on desc, id desc limit 51"
    )
    lock = threading.Lock()

    @app.get("/inbox")
    def inbox() -> str:
        with lock:
            rows = connection.execute(sql).fetchall()
        return render_template_string(BASELINE_TEMPLATE, rows=rows)

    app.extensions["bench.connection"] = connection
    return app


# --- timing --------------------------------------------------------------------------------


@dataclass
class Page:
    label: str
    url: str
    client: str = "officer"  # which logged-in client
    samples: list[float] = field(default_factory=list)
    rows: int = 0
    size: int = 0
    error: str = ""


class QueryLog:
    """The SQL statements an engine runs while `on` is set (for the query plans)."""

    def __init__(self, engine: Engine) -> None:
        self.on = False
        self.statements: list[tuple[str, Any]] = []
        event.listen(engine, "before_cursor_execute", self._before)

    def _before(self, _conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if self.on:
            self.statements.append((statement, parameters))

    @contextmanager
    def capture(self) -> Iterator[list[tuple[str, Any]]]:
        self.statements = []
        self.on = True
        try:
            yield self.statements
        finally:
            self.on = False


ROW_RE = re.compile(r'href="/staff/cases/\d+')
NEXT_RE = re.compile(r'rel="next" href="([^"]+)"')


def fetch(client: FlaskClient, url: str) -> tuple[float, int, str]:
    """One GET: seconds, status and body."""
    started = time.perf_counter()
    response = client.get(url)
    body = response.get_data(as_text=True)
    return time.perf_counter() - started, response.status_code, body


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def follow(client: FlaskClient, url: str, pages: int) -> str:
    """The URL of page `pages` (1-based), following the inbox's "older" links."""
    for _ in range(pages - 1):
        _seconds, status, body = fetch(client, url)
        match = NEXT_RE.search(body)
        if status != 200 or not match:
            raise BenchError(f"no next-page link on {url} (status {status})")
        url = html.unescape(match.group(1))
    return url


def measure(
    clients: dict[str, FlaskClient],
    pages: list[Page],
    runs: int,
    warmup: int,
    log: Callable[[str], None],
) -> None:
    """Warm-up, then `runs` rounds; each round requests every page once, in turn."""
    for page in pages:
        try:
            for _ in range(warmup):
                _s, status, body = fetch(clients[page.client], page.url)
            if status != 200:
                page.error = f"status {status}"
                continue
            page.size = len(body.encode())
            page.rows = (
                len(ROW_RE.findall(body)) if page.client != "baseline" else body.count("<tr>")
            )
        except Exception as exc:  # e.g. a BuildError while templates are being changed
            page.error = f"{type(exc).__name__}: {exc}"[:200]
            log(f"  {page.label}: {page.error}")
    live = [page for page in pages if not page.error]
    for run in range(runs):
        for page in live if run % 2 == 0 else reversed(live):
            seconds, status, _body = fetch(clients[page.client], page.url)
            if status != 200:
                page.error = f"status {status} in run {run}"
            page.samples.append(seconds)
        if (run + 1) % 10 == 0:
            log(f"  {run + 1} / {runs} rounds")


# --- query plans ---------------------------------------------------------------------------


def explain(engine: Engine, statement: str, parameters: Any) -> list[str]:
    """The plan of one captured statement with its parameters."""
    sqlite = engine.dialect.name == "sqlite"
    prefix = "explain query plan " if sqlite else "explain (analyze, buffers off, timing off) "
    with engine.connect() as connection:
        result = connection.exec_driver_sql(prefix + statement, parameters)
        rows = result.fetchall()
        connection.rollback()
    if sqlite:
        depth: dict[int, int] = {0: 0}
        lines = []
        for node, parent, _unused, detail in rows:
            depth[node] = depth.get(parent, 0) + 1
            lines.append("  " * (depth[node] - 1) + detail)
        return [*lines, sqlite_work(engine, statement, parameters)]
    return [row[0] for row in rows]


def sqlite_work(engine: Engine, statement: str, parameters: Any) -> str:
    """How much work SQLite does for the statement: VM instructions (counted in thousands
    with a progress handler), the rows it returned and the time. SQLite has no EXPLAIN
    ANALYZE; a query that walks far more index entries than it returns shows up here."""
    ticks = 0

    def tick() -> int:
        nonlocal ticks
        ticks += 1
        return 0

    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        raw.set_progress_handler(tick, 1000)
        try:
            started = time.perf_counter()
            returned = len(raw.execute(statement, parameters).fetchall())
            seconds = time.perf_counter() - started
        finally:
            raw.set_progress_handler(None, 0)
        connection.rollback()
    return (
        f"executed: {returned} rows returned, ~{ticks * 1000:,} VM instructions, "
        f"{seconds * 1000:.1f} ms"
    )


SQLITE_BAD = (
    (re.compile(r"^SCAN submission$"), "full table scan"),
    (re.compile(r"USE TEMP B-TREE FOR ORDER BY"), "sorts every match before the LIMIT"),
)
PG_BAD = (
    (re.compile(r"Seq Scan on submission"), "sequential scan"),
    (re.compile(r"^(->\s*)?Sort\s+\("), "sorts every match before the LIMIT"),
)
REMOVED = re.compile(r"Rows Removed by Filter: (\d+)")
WORK = re.compile(r"~([\d,]+) VM instructions")


def verdict(engine: Engine, plan: list[str]) -> list[str]:
    """What looks wrong in a plan (heuristics; the timings are what counts)."""
    found = []
    patterns = SQLITE_BAD if engine.dialect.name == "sqlite" else PG_BAD
    for line in plan:
        for pattern, what in patterns:
            if pattern.search(line.strip()):
                found.append(what)
        work = WORK.search(line)
        if work and int(work.group(1).replace(",", "")) > 1_000_000:
            found.append(f"{work.group(1)} VM instructions")
        removed = REMOVED.search(line)
        if removed and int(removed.group(1)) > 10_000:
            found.append(f"filters out {int(removed.group(1)):,} rows")
    return sorted(set(found))


def short_sql(statement: str) -> str:
    """The WHERE … ORDER BY … LIMIT part of a SELECT, for the report."""
    flat = " ".join(statement.split())
    where = flat.find(" WHERE ")
    tail = flat[where + 1 :] if where >= 0 else flat[-200:]
    return re.sub(r"submission\.", "", tail)


def query_plans(
    engine: Engine, querylog: QueryLog, clients: dict[str, FlaskClient], pages: list[Page]
) -> list[dict[str, Any]]:
    """Capture the SELECTs on `submission` each page runs and explain them."""
    plans: list[dict[str, Any]] = []
    seen: set[str] = set()
    for page in pages:
        if page.client == "baseline" or page.error:
            continue
        with querylog.capture() as statements:
            clients[page.client].get(page.url)
        for statement, parameters in statements:
            flat = " ".join(statement.split())
            if not flat.upper().startswith("SELECT") or "FROM submission" not in flat:
                continue
            if " WHERE submission.id = " in flat:  # the primary-key look-up
                continue
            key = re.sub(r"\s+", " ", statement) + repr(parameters)
            if key in seen:
                continue
            seen.add(key)
            plan = explain(engine, statement, parameters)
            plans.append(
                {
                    "page": page.label,
                    "sql": short_sql(statement),
                    "parameters": repr(parameters)[:300],
                    "plan": plan,
                    "problems": verdict(engine, plan),
                }
            )
    return plans


# --- report --------------------------------------------------------------------------------


def fmt_ms(seconds: float) -> str:
    ms = seconds * 1000
    return f"{ms:.1f}" if ms < 100 else f"{ms:.0f}"


def table(pages: list[Page], baseline: Page) -> tuple[list[str], list[dict[str, Any]]]:
    base = statistics.median(baseline.samples) if baseline.samples else float("nan")
    lines = [
        f"   {'page':<44}{'rows':>5}{'KiB':>6}{'median ms':>11}{'p95 ms':>9}{'× baseline':>12}",
    ]
    results = []
    for page in [baseline, *pages]:
        if page.error and not page.samples:
            lines.append(f"   {page.label:<44}  {page.error}")
            results.append({"label": page.label, "url": page.url, "error": page.error})
            continue
        median = statistics.median(page.samples)
        p95 = percentile(page.samples, 95)
        ratio = median / base
        lines.append(
            f"   {page.label:<44}{page.rows:>5}{page.size / 1024:>6.0f}"
            f"{fmt_ms(median):>11}{fmt_ms(p95):>9}{ratio:>11.1f}×"
            + (f"  ({page.error})" if page.error else "")
            + ("  <-- slow" if ratio >= SLOW_RATIO else "")
        )
        results.append(
            {
                "label": page.label,
                "url": page.url,
                "rows": page.rows,
                "bytes": page.size,
                "median_ms": round(median * 1000, 3),
                "p95_ms": round(p95 * 1000, 3),
                "ratio": round(ratio, 2),
                "samples_ms": [round(s * 1000, 3) for s in page.samples],
                "error": page.error,
            }
        )
    return lines, results


def machine() -> dict[str, Any]:
    cpu = ""
    with suppress(OSError):
        cpu = next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            "",
        )
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "commit": commit,
    }


# --- main ----------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="scripts/bench-backoffice", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--database-url", default="", help="default: SQLite in a temp folder")
    parser.add_argument("--open", type=int, default=100_000, help="open cases (100,000)")
    parser.add_argument("--closed", type=int, default=1_000_000, help="closed cases (1,000,000)")
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page (30)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests per page (3)")
    parser.add_argument("--chunk", type=int, default=20_000, help="rows per executemany")
    parser.add_argument("--deep", type=int, default=20, help="the keyset page to time (20)")
    parser.add_argument("--quick", action="store_true", help="10k open / 100k closed, 10 runs")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--json", type=Path, help="write the results to this file")
    parser.add_argument(
        "--reports",
        action="store_true",
        help="instead: the report and dashboard over a year of --cases reactions",
    )
    parser.add_argument("--cases", type=int, default=1_000_000, help="with --reports (1,000,000)")
    args = parser.parse_args(argv)
    if args.quick:
        args.open, args.closed, args.runs = 10_000, 100_000, 10
    return args


def build_pages(
    clients: dict[str, FlaskClient], engine: Engine, population: Population, deep: int
) -> list[Page]:
    """The pages to time; the deep cursor and the two cases are looked up first."""
    officer = clients["officer"]
    deep_url = follow(officer, "/staff/inbox", deep)
    with engine.connect() as connection:
        _s, _status, body = fetch(officer, deep_url)
        open_case = int(ROW_RE.findall(body)[0].rsplit("/", 1)[1])
        middle = date.today() - timedelta(days=DAYS // 2)
        closed_case = connection.scalar(
            select(Case.id)
            .where(
                Case.status == "closed",
                Case.restricted.is_(False),
                Case.received_on <= middle,
            )
            .order_by(Case.received_on.desc())
            .limit(1)
        )
        office = population.offices[len(population.offices) // 2]
    return [
        Page("inbox, open cases, first page", "/staff/inbox"),
        Page(f"inbox, open cases, page {deep} (after=)", deep_url),
        Page("inbox ?status=all", "/staff/inbox?status=all"),
        Page("inbox ?status=closed", "/staff/inbox?status=closed"),
        Page("inbox ?due=overdue", "/staff/inbox?due=overdue"),
        Page("inbox ?due=soon", "/staff/inbox?due=soon"),
        Page("inbox ?krm=none", "/staff/inbox?krm=none"),
        Page("inbox ?risk=1", "/staff/inbox?risk=1"),
        Page("inbox ?mine=1", "/staff/inbox?mine=1"),
        Page("inbox ?mine=1, officer with 10 cases", "/staff/inbox?mine=1", "newcomer"),
        Page(f"inbox ?office={office}", f"/staff/inbox?office={office}"),
        Page(f"case page, open case (page {deep})", f"/staff/cases/{open_case}"),
        Page("case page, closed case, 18 months old", f"/staff/cases/{closed_case}"),
        Page(
            "  … the same from ?status=closed",
            f"/staff/cases/{closed_case}?status=closed",
        ),
    ]


def main(argv: list[str]) -> int:
    args = parse_args(argv)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    if args.reports:
        import bench_reports  # type: ignore[import-not-found]  (beside this file)

        return int(bench_reports.run(args, log))

    facts = machine()
    with bench_database(args.database_url or None, args.keep, log) as url:
        engine = make_engine(url)
        kind = "SQLite (WAL)" if engine.dialect.name == "sqlite" else "PostgreSQL"
        log(f"== {kind}: migrating")
        migrate.upgrade(engine)
        app = create_app(make_config(url, RATELIMIT_LOGIN_CLIENT="1000 per minute"))
        log(f"   filling: {args.open:,} open and {args.closed:,} closed cases")
        population = populate(engine, app, args.open, args.closed, args.chunk, log)
        log(f"   filled in {population.seconds:.0f} s")
        clients: dict[str, FlaskClient] = {}
        for name, email in (("officer", OFFICER), ("newcomer", NEWCOMER)):
            clients[name] = app.test_client()
            login(clients[name], email)
        bare = make_baseline(url)
        clients["baseline"] = bare.test_client()
        with app.app_context():
            app_engine = db.engine
        querylog = QueryLog(app_engine)
        try:
            pages = build_pages(clients, engine, population, args.deep)
            baseline = Page("baseline: plain SQL + trivial template", "/inbox", "baseline")
            log(f"   timing {len(pages)} pages, {args.warmup} warm-up + {args.runs} runs each")
            measure(clients, [baseline, *pages], args.runs, args.warmup, log)
            log("   query plans")
            # outside an app context: the test client's requests must each get their own
            plans = query_plans(app_engine, querylog, clients, pages)
        finally:
            bare.extensions["bench.connection"].close()
            app_engine.dispose()
            engine.dispose()
    lines, results = table(pages, baseline)
    counts = ", ".join(f"{k} {v:,}" for k, v in sorted(population.counts.items()))
    out = [
        "",
        f"== {kind}: {args.open:,} open + {args.closed:,} closed cases, {OFFICES} offices, "
        f"{YEARS} years; Flask test client in-process, {args.warmup} warm-up + "
        f"{args.runs} runs per page, rounds alternate the order",
        f"   machine: {facts['cpus']} × {facts['cpu']}, Python {facts['python']}, "
        f"commit {facts['commit']}",
        f"   statuses: {counts}; filled and analysed in {population.seconds:.0f} s",
        "   × baseline = page median / median of the bare-stack inbox (same run, same database)",
        *lines,
        "",
        f"== {kind}: query plans of the SELECTs on submission (primary-key look-ups left out)",
    ]
    for plan in plans:
        flag = "  <-- " + "; ".join(plan["problems"]) if plan["problems"] else ""
        out.append(f"-- {plan['page']}{flag}")
        out.append(f"   {plan['sql'][:400]}")
        out.append(f"   params {plan['parameters'][:200]}")
        out += [f"     {line}" for line in plan["plan"]]
    print("\n".join(out), flush=True)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "database": kind,
                    "machine": facts,
                    "open": args.open,
                    "closed": args.closed,
                    "runs": args.runs,
                    "statuses": population.counts,
                    "fill_seconds": round(population.seconds, 1),
                    "pages": results,
                    "plans": plans,
                },
                indent=2,
                default=str,
            )
        )
        log(f"wrote {args.json}")
    return 1 if any(page.error for page in pages) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
