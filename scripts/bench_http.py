"""HTTP benchmark of the intake against the bare-stack baseline (run through `scripts/bench`).

For each database (SQLite, PostgreSQL) it starts the app and `../shared/bench/baseline_app.py`
side by side under gunicorn with the same config file and the same number of sync workers,
then drives one at a time with the same load:

1. form page GET and submission POST at full load (`wrk`, closed loop, N connections),
   throughput and p50/p99, each as a ratio to the baseline measured in the same run;
2. the same requests at half the measured maximum rate (an open-loop generator in this
   script: requests start on a fixed schedule, latency counts from the scheduled start);
3. the resident memory of every gunicorn worker after the load;
4. the check that every accepted submission was stored: each thank-you page's receipt code
   is mapped back to the form token that produced it and looked up in the database.

Missed targets are printed as MISSED; the exit status is non-zero only when something is
wrong (a server did not start, a submission was accepted but not stored, errors answered).
Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import datetime as dt
import json
import math
import os
import platform
import re
import secrets
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BASELINE_DIR = ROOT.parent / "shared" / "bench"
LUA = ROOT / "scripts" / "bench_wrk_post.lua"
GUNICORN_CONF = ROOT / "scripts" / "gunicorn.conf.py"
RESULTS = ROOT / "bench-results"
HOST = "127.0.0.1"
PG_SERVER = "postgres@127.0.0.1:5432"
PG_ADMIN_DB = "test"
PG_APP_DB = "bench_intake"
PG_BASELINE_DB = "bench_baseline"
OFFICE = "DIEZ"
FORM_PATH = "/m/diez"
TEXT = (
    "Die Beratung war freundlich, aber die Wartezeit im Eingangsbereich war mit über einer "
    "Stunde deutlich zu lang. Mehr Sitzplätze wären schön."
)
# what baseline_app.py wraps around its page of x's
BASELINE_PAGE_WRAPPER = len("<!doctype html><html><body></body></html>")
TARGETS = {"get_ratio": 0.6, "post_ratio": 0.5, "half_load_p99_ms": 50.0, "worker_rss_mb": 150.0}
CODE_RE = re.compile(rb'id="receipt-code"[^>]*?value="([0-9A-Z-]+)"')
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


class BenchError(Exception):
    """The bench cannot go on (a server did not start, a tool is missing)."""


# --- servers -----------------------------------------------------------------------------


def _die_with_parent() -> None:
    """In the child before exec: get SIGTERM if the bench dies, so no server is left over."""
    with suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def free_port() -> int:
    """A free port below the ephemeral range, so no client socket of the load can hold it."""
    low = 32768
    with suppress(OSError, ValueError):
        low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    for _ in range(200):
        port = secrets.randbelow(max(1, low - 20000)) + 20000 if low > 20100 else 0
        with socket.socket() as sock:
            try:
                sock.bind((HOST, port))
            except OSError:
                continue
            found: int = sock.getsockname()[1]
            return found
    raise BenchError("no free port for a server")


def clean_env(extra: dict[str, str]) -> dict[str, str]:
    """This process's environment without settings that would change either server."""
    drop = ("INTAKE_", "BASELINE_", "GUNICORN_", "FLASK_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    for key in ("HOST", "PORT", "WEB_CONCURRENCY"):
        env.pop(key, None)
    env.update(extra)
    return env


@dataclass
class Server:
    name: str
    argv: list[str]
    env: dict[str, str]
    cwd: Path
    port: int
    log: Path
    proc: subprocess.Popen[bytes] | None = None

    def start(self, ready_path: str, timeout: float = 40.0) -> None:
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                self.argv,
                cwd=self.cwd,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(f"{self.name} exited with {self.proc.returncode}:\n{self.tail()}")
            with suppress(OSError):
                status, _, _ = http(self.port, "GET", ready_path)
                if status == 200 and len(self.workers()) >= 1:
                    return
            time.sleep(0.2)
        raise BenchError(
            f"{self.name} did not answer {ready_path} in {timeout:.0f} s:\n{self.tail()}"
        )

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def tail(self, lines: int = 25) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def workers(self) -> list[int]:
        if self.proc is None:
            return []
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            with suppress(OSError):
                stat = (entry / "stat").read_text()
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                if ppid == self.proc.pid:
                    found.append(int(entry.name))
        return sorted(found)

    def worker_memory(self) -> dict[str, Any]:
        """VmRSS now and VmHWM (peak) of each worker, in MB."""
        rows = []
        for pid in self.workers():
            with suppress(OSError):
                fields = dict(
                    line.split(":", 1)
                    for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                )
                rows.append(
                    {
                        "pid": pid,
                        "rss_mb": int(fields["VmRSS"].split()[0]) / 1024,
                        "peak_mb": int(fields["VmHWM"].split()[0]) / 1024,
                    }
                )
        return {
            "workers": rows,
            "max_rss_mb": max((r["rss_mb"] for r in rows), default=0.0),
            "max_peak_mb": max((r["peak_mb"] for r in rows), default=0.0),
        }

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        with suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=5)


def http(
    port: int,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """One blocking request to 127.0.0.1 (set-up and checks; not for load)."""
    import http.client

    conn = http.client.HTTPConnection(HOST, port, timeout=15)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


# --- databases ---------------------------------------------------------------------------


@dataclass
class Databases:
    """Where the app and the baseline store, how to count rows, and how to clean up."""

    kind: str
    workdir: Path

    @property
    def app_url(self) -> str:
        if self.kind == "sqlite":
            return f"sqlite:///{self.workdir / 'intake.sqlite3'}"
        return f"postgresql+psycopg://{PG_SERVER}/{PG_APP_DB}"

    @property
    def baseline_url(self) -> str:
        if self.kind == "sqlite":
            return f"sqlite:///{self.workdir / 'baseline.sqlite3'}"
        return f"postgresql://{PG_SERVER}/{PG_BASELINE_DB}"

    def create(self) -> None:
        if self.kind == "postgres":
            self._pg_admin(
                [f"drop database if exists {db} with (force)" for db in (PG_APP_DB, PG_BASELINE_DB)]
                + [f"create database {db}" for db in (PG_APP_DB, PG_BASELINE_DB)]
            )

    def drop(self) -> None:
        if self.kind == "postgres":
            self._pg_admin(
                [f"drop database if exists {db} with (force)" for db in (PG_APP_DB, PG_BASELINE_DB)]
            )

    @staticmethod
    def _pg_admin(statements: list[str]) -> None:
        import psycopg

        try:
            conn = psycopg.connect(
                f"postgresql://{PG_SERVER}/{PG_ADMIN_DB}", autocommit=True, connect_timeout=5
            )
        except psycopg.OperationalError as exc:
            raise BenchError(f"PostgreSQL at {PG_SERVER} does not answer: {exc}") from exc
        with conn:
            for statement in statements:
                conn.execute(statement)

    def query(self, which: str, sql: str) -> list[tuple[Any, ...]]:
        url = self.app_url if which == "app" else self.baseline_url
        if self.kind == "sqlite":
            conn = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30)
            try:
                return conn.execute(sql).fetchall()
            finally:
                conn.close()
        import psycopg

        with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as pg:
            return pg.execute(sql).fetchall()

    def app_rows(self) -> int:
        return int(self.query("app", "select count(*) from submission")[0][0])

    def app_nonce_hashes(self) -> set[str]:
        return {row[0] for row in self.query("app", "select form_nonce_hash from submission")}

    def app_receipts(self) -> dict[str, list[str]]:
        """Stored receipt hashes by selector (codes are random: found by selector, verified)."""
        found: dict[str, list[str]] = {}
        sql = "select receipt_selector, receipt_hash from submission where receipt_hash is not null"
        for selector, verifier_hash in self.query("app", sql):
            found.setdefault(selector, []).append(verifier_hash)
        return found

    def baseline_rows(self) -> int:
        return int(self.query("baseline", "select count(*) from baseline_submission")[0][0])


# --- form tokens and receipt codes -------------------------------------------------------


class TokenMint:
    """Form tokens as the app issues them, minted here because the bench knows the secret."""

    def __init__(self, secret: str) -> None:
        from intake.reception import formtoken

        self.secret = secret
        self._formtoken = formtoken

    def mint(self, count: int) -> list[str]:
        # issued 30 s ago, so the minimum fill time has passed and nothing lands in spam
        issued = time.time() - 30
        return [self._formtoken.issue(self.secret, now=issued) for _ in range(count)]


def code_is_stored(code: str, stored: dict[str, list[str]], secret: str) -> bool:
    """Whether a shown receipt code belongs to a stored row (codes are random, not minted)."""
    from intake.privacy import receipts

    bare = receipts.normalize_code(code)
    if bare is None:
        return False
    key = receipts.derive_key(secret)  # the app's: no RECEIPT_KEY here, so from SECRET_KEY
    hashes = stored.get(bare[: receipts.SELECTOR_LENGTH], [])
    return any(receipts.verify(bare, h, key) for h in hashes)


# --- load: wrk (closed loop, maximum throughput) -----------------------------------------


@dataclass
class Shape:
    """One kind of request against one server."""

    port: int
    method: str
    path: str
    ok_status: int
    cookie: str = ""
    body_prefix: str = ""
    body_suffix: str = ""
    fixed_token: str = ""  # baseline POST: same body size, nothing changes

    def request_body(self, token: str = "") -> bytes:
        return (self.body_prefix + (token or self.fixed_token) + self.body_suffix).encode()

    def request_bytes(self, token: str = "") -> bytes:
        body = self.request_body(token) if self.method == "POST" else b""
        head = [
            f"{self.method} {self.path} HTTP/1.1",
            f"Host: {HOST}:{self.port}",
            "Connection: close",
        ]
        if self.cookie:
            head.append(f"Cookie: {self.cookie}")
        if self.method == "POST":
            head += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
            ]
        return ("\r\n".join(head) + "\r\n\r\n").encode() + body


def run_wrk(
    shape: Shape,
    seconds: float,
    connections: int,
    threads: int,
    workdir: Path,
    tokens: list[str] | None,
) -> dict[str, Any]:
    env = clean_env(
        {
            "BENCH_METHOD": shape.method,
            "BENCH_PATH": shape.path,
            "BENCH_COOKIE": shape.cookie,
            "BENCH_BODY_PREFIX": shape.body_prefix,
            "BENCH_BODY_SUFFIX": shape.fixed_token + shape.body_suffix
            if not tokens
            else shape.body_suffix,
        }
    )
    codes_file = workdir / "codes.txt"
    codes_file.unlink(missing_ok=True)
    if tokens is not None:
        tokens_file = workdir / "tokens.txt"
        tokens_file.write_text("\n".join(tokens) + "\n")
        env["BENCH_TOKENS"] = str(tokens_file)
        env["BENCH_CODES_OUT"] = str(codes_file)
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(LUA),
        f"http://{HOST}:{shape.port}{shape.path}",
        "--",
        str(threads),
    ]
    proc = subprocess.run(
        cmd, env=env, capture_output=True, text=True, timeout=seconds + 120, check=False
    )
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("BENCHJSON ")), None)
    if proc.returncode != 0 or line is None:
        servers = "\n".join(
            f"--- {server.name} ({'running' if server.alive() else 'exited'}), its log ends:\n"
            + server.tail()
            for server in SERVERS
        )
        raise BenchError(
            f"wrk failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}\n{servers}"
        )
    result: dict[str, Any] = json.loads(line.removeprefix("BENCHJSON "))
    seconds_run = result["duration_us"] / 1e6
    result["ok"] = result["statuses"].get(str(shape.ok_status), 0)
    result["ok_per_s"] = result["ok"] / seconds_run
    result["p50_ms"] = result["latency_us"]["p50"] / 1000
    result["p99_ms"] = result["latency_us"]["p99"] / 1000
    result["unexpected"] = {
        k: v for k, v in result["statuses"].items() if k != str(shape.ok_status)
    }
    if tokens is not None:
        result["codes"] = codes_file.read_text().split() if codes_file.exists() else []
    return result


# --- load: open loop at a fixed rate (latency at half load) -------------------------------


def percentile(sorted_values: list[float], pct: float) -> float:
    if not sorted_values:
        return float("nan")
    rank = math.ceil(pct / 100 * len(sorted_values))  # nearest rank
    return sorted_values[max(0, min(len(sorted_values), rank) - 1)]


async def _open_loop(
    shape: Shape, rate: float, seconds: float, tokens: list[str] | None, timeout: float
) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    count = max(1, int(rate * seconds))
    fixed = shape.request_bytes()
    outcomes: list[dict[str, Any]] = []

    async def one(index: int, scheduled: float) -> None:
        token = tokens[index] if tokens is not None else ""
        request = shape.request_bytes(token) if tokens is not None else fixed
        outcome: dict[str, Any] = {"token": token, "lag": loop.time() - scheduled}
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        try:

            async def exchange() -> bytes:
                await loop.sock_connect(sock, (HOST, shape.port))
                await loop.sock_sendall(sock, request)
                chunks: list[bytes] = []
                while True:
                    data = await loop.sock_recv(sock, 65536)
                    if not data:
                        return b"".join(chunks)
                    chunks.append(data)

            raw = await asyncio.wait_for(exchange(), timeout)
            outcome["latency"] = loop.time() - scheduled
            outcome["status"] = int(raw.split(b" ", 2)[1]) if raw.startswith(b"HTTP/") else 0
            if tokens is not None and outcome["status"] == 200:
                match = CODE_RE.search(raw)
                outcome["code"] = match.group(1).decode() if match else "MISSING"
                outcome["repeated"] = b'class="notice" role="status"' in raw
        except (TimeoutError, OSError) as exc:
            outcome["error"] = type(exc).__name__
        finally:
            sock.close()
        outcomes.append(outcome)

    tasks = []
    start = loop.time() + 0.05
    for index in range(count):
        scheduled = start + index / rate
        delay = scheduled - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(index, scheduled)))
    sending = loop.time() - start
    await asyncio.gather(*tasks)
    elapsed = loop.time() - start

    ok = [o for o in outcomes if o.get("status") == shape.ok_status]
    latencies = sorted(o["latency"] * 1000 for o in ok)
    lags = sorted(o["lag"] * 1000 for o in outcomes)
    statuses: dict[str, int] = {}
    for o in outcomes:
        key = str(o.get("status", o.get("error")))
        statuses[key] = statuses.get(key, 0) + 1
    return {
        "rate_target": rate,
        "requests": count,
        "elapsed_s": elapsed,
        "rate_achieved": (count - 1) / sending if count > 1 and sending > 0 else rate,
        "ok": len(ok),
        "statuses": statuses,
        "unexpected": {k: v for k, v in statuses.items() if k != str(shape.ok_status)},
        "p50_ms": percentile(latencies, 50),
        "p90_ms": percentile(latencies, 90),
        "p99_ms": percentile(latencies, 99),
        "max_ms": latencies[-1] if latencies else float("nan"),
        "start_lag_p99_ms": percentile(lags, 99),
        "outcomes": outcomes,
    }


def open_loop(
    shape: Shape, rate: float, seconds: float, tokens: list[str] | None
) -> dict[str, Any]:
    return asyncio.run(_open_loop(shape, rate, seconds, tokens, timeout=15.0))


# --- checks ------------------------------------------------------------------------------


def settle(count: Callable[[], int], timeout: float = 10.0) -> int:
    """The row count once the servers have finished what wrk sent before its deadline."""
    last, deadline = count(), time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(0.4)
        now = count()
        if now == last:
            return now
        last = now
    return last


def check_app_stored(
    dbs: Databases,
    mint: TokenMint,
    tokens: list[str],
    accepted_codes: list[str],
    repeated: int,
    rows_before: int,
    unanswered: int,
    phase: str,
) -> dict[str, Any]:
    """Every accepted submission is in the database, once; extra rows only from the cut-off."""
    rows_after = settle(dbs.app_rows)
    stored = dbs.app_receipts()
    missing_receipt = accepted_codes.count("MISSING")
    shown = [c for c in accepted_codes if c != "MISSING"]
    # Every code by its selector and its keyed hash (microseconds each).
    unknown = [c for c in shown if not code_is_stored(c, stored, mint.secret)]
    not_stored: list[str] = []
    duplicates = len(accepted_codes) - len(set(accepted_codes))
    new_rows = rows_after - rows_before
    accepted = len(accepted_codes)
    problems = []
    if missing_receipt:
        problems.append(
            f"{missing_receipt} answers 200 without a receipt code (not a thank-you page)"
        )
    if unknown:
        problems.append(f"{len(unknown)} receipt codes match no stored submission")
    if not_stored:
        problems.append(f"{len(not_stored)} accepted submissions are not in the database")
    if duplicates or repeated:
        problems.append(f"{duplicates} duplicate receipts, {repeated} 'already received' pages")
    if not 0 <= new_rows - accepted <= unanswered:
        problems.append(
            f"{new_rows} new rows for {accepted} accepted (+ at most {unanswered} unanswered)"
        )
    return {
        "phase": phase,
        "accepted": accepted,
        "new_rows": new_rows,
        "cut_off_unanswered": unanswered,
        "stored_after_cut_off": new_rows - accepted,
        "ok": not problems,
        "problems": problems,
    }


def check_baseline_stored(
    dbs: Databases, accepted: int, rows_before: int, unanswered: int, phase: str
) -> dict[str, Any]:
    new_rows = settle(dbs.baseline_rows) - rows_before
    ok = 0 <= new_rows - accepted <= unanswered
    return {
        "phase": phase,
        "accepted": accepted,
        "new_rows": new_rows,
        "cut_off_unanswered": unanswered,
        "stored_after_cut_off": new_rows - accepted,
        "ok": ok,
        "problems": []
        if ok
        else [f"{new_rows} new rows for {accepted} accepted (+ at most {unanswered} cut off)"],
    }


# --- one database ------------------------------------------------------------------------


@dataclass
class Settings:
    dbs: list[str]
    duration: float
    warmup: float
    half_duration: float
    rounds: int
    connections: int
    threads: int
    workers: int
    ratelimit_storage: str
    half_baseline: bool
    profile: bool = False


@dataclass
class Run:
    """Everything one database's run measured."""

    db: str
    results: dict[str, Any] = field(default_factory=dict)
    checks: list[dict[str, Any]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


SERVERS: list[Server] = []


def cpu_seconds() -> tuple[float, float, float]:
    """(CPU seconds the machine was busy, CPU seconds of this process and its reaped children,
    monotonic time): the difference of two tells how much CPU other processes took."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    busy = (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")
    own = os.times()
    mine = own.user + own.system + own.children_user + own.children_system
    return busy, mine, time.monotonic()


def others_share(before: tuple[float, float, float], after: tuple[float, float, float]) -> float:
    """Share of all CPUs used by processes other than the bench, its servers and wrk."""
    elapsed = after[2] - before[2]
    foreign = (after[0] - before[0]) - (after[1] - before[1])
    return max(0.0, foreign / (elapsed * (os.cpu_count() or 1))) if elapsed > 0 else 0.0


def run_db(kind: str, settings: Settings, log: Callable[[str], None]) -> Run:
    run = Run(kind)
    before = cpu_seconds()
    with tempfile.TemporaryDirectory(prefix=f"intake-bench-{kind}-") as tmp:
        workdir = Path(tmp)
        dbs = Databases(kind, workdir)
        dbs.create()
        try:
            _run_db(run, dbs, workdir, settings, log)
        finally:
            for server in list(SERVERS):
                server.stop()  # waits, so the workers' CPU time is counted as the bench's
                SERVERS.remove(server)
            with suppress(Exception):
                dbs.drop()
    run.results["cpu_share_of_other_processes"] = others_share(before, cpu_seconds())
    return run


def app_environment(dbs: Databases, workdir: Path, settings: Settings) -> dict[str, str]:
    instance = workdir / "instance"
    instance.mkdir(exist_ok=True)
    return clean_env(
        {
            "INTAKE_SECRET_KEY": secrets.token_urlsafe(48),
            "INTAKE_INSTANCE_PATH": str(instance),
            "INTAKE_DATABASE_URL": dbs.app_url,
            "INTAKE_RATELIMIT_STORAGE_URI": settings.ratelimit_storage,
            "INTAKE_RATELIMIT_SUBMIT_CLIENT": "1000000 per minute",
            "INTAKE_RATELIMIT_SUBMIT_GLOBAL": "1000000 per minute",
        }
    )


def prepare_app_db(app_env: dict[str, str]) -> None:
    """Migrate the app's fresh database and add the office the load goes to."""
    flask = [str(BIN / "flask"), "--app", "intake"]
    for args in (
        ["db", "upgrade"],
        ["offices", "add", OFFICE, "Geschäftsstelle Diez", "--state", "RP"],
    ):
        done = subprocess.run(
            flask + args, cwd=ROOT, env=app_env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise BenchError(f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")


@dataclass
class Stage:
    """What the load phases of one database's run share: the servers and the request shapes."""

    run: Run
    dbs: Databases
    workdir: Path
    settings: Settings
    log: Callable[[str], None]
    app: Server
    baseline: Server
    shapes: dict[tuple[str, str], Shape]
    mint: TokenMint


@dataclass(frozen=True)
class FormPage:
    """What the app's form page hands out: the session cookie, its CSRF token, its size."""

    cookie: str
    csrf: str
    size: int


def _run_db(
    run: Run, dbs: Databases, workdir: Path, settings: Settings, log: Callable[[str], None]
) -> None:
    app_env = app_environment(dbs, workdir, settings)
    prepare_app_db(app_env)
    app, form = _start_app(app_env, workdir, settings)
    baseline, baseline_page = _start_baseline(dbs, workdir, settings, form.size)
    mint = TokenMint(app_env["INTAKE_SECRET_KEY"])
    shapes = _shapes(app.port, baseline.port, form, len(mint.mint(1)[0]))
    stage = Stage(run, dbs, workdir, settings, log, app, baseline, shapes, mint)
    _note_sizes(stage, form.size, len(baseline_page))
    _one_submission(stage)  # a clear message beats a benchmark of error pages
    for kind in ("get", "post"):
        _full_load(stage, kind)
    for kind in ("get", "post"):
        for target in ("app", "baseline") if settings.half_baseline else ("app",):
            _half_load(stage, target, kind)
    _final_checks(stage)


def _gunicorn_env(base: dict[str, str], port: int, settings: Settings) -> dict[str, str]:
    return {
        **base,
        "HOST": HOST,
        "PORT": str(port),
        "WEB_CONCURRENCY": str(settings.workers),
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "GUNICORN_ERROR_LOG": "-",
    }


def _gunicorn() -> list[str]:
    """The same config file and options for both; no control socket, so two masters can run."""
    return [str(BIN / "gunicorn"), "--no-control-socket", "-c", str(GUNICORN_CONF)]


def _start_app(
    app_env: dict[str, str], workdir: Path, settings: Settings
) -> tuple[Server, FormPage]:
    app_port = free_port()
    app = Server(
        "app",
        [*_gunicorn(), "intake:create_app()"],
        _gunicorn_env(app_env, app_port, settings),
        ROOT,
        app_port,
        workdir / "app.log",
    )
    SERVERS.append(app)
    app.start(FORM_PATH)
    status, headers, page = http(app_port, "GET", FORM_PATH)
    cookie = headers.get("set-cookie", "").split(";", 1)[0]
    csrf = CSRF_RE.search(page.decode())
    if status != 200 or not cookie or csrf is None:
        raise BenchError(f"the form page gave no session cookie or CSRF token (status {status})")
    return app, FormPage(cookie, csrf.group(1), len(page))


def _start_baseline(
    dbs: Databases, workdir: Path, settings: Settings, page_bytes: int
) -> tuple[Server, bytes]:
    baseline_port = free_port()
    baseline_env = clean_env(
        {
            "BASELINE_DATABASE_URL": dbs.baseline_url,
            "BASELINE_PAGE_BYTES": str(page_bytes - BASELINE_PAGE_WRAPPER),
        }
    )
    baseline = Server(
        "baseline",
        [*_gunicorn(), "baseline_app:create_app()"],
        _gunicorn_env(baseline_env, baseline_port, settings),
        BASELINE_DIR,
        baseline_port,
        workdir / "baseline.log",
    )
    SERVERS.append(baseline)
    baseline.start("/")
    _, _, baseline_page = http(baseline_port, "GET", "/")
    return baseline, baseline_page


def _shapes(
    app_port: int, baseline_port: int, form: FormPage, token_length: int
) -> dict[tuple[str, str], Shape]:
    prefix, suffix = _post_parts(form)
    return {
        ("app", "get"): Shape(app_port, "GET", FORM_PATH, 200),
        ("baseline", "get"): Shape(baseline_port, "GET", "/", 200),
        ("app", "post"): Shape(app_port, "POST", FORM_PATH, 200, form.cookie, prefix, suffix),
        ("baseline", "post"): Shape(
            baseline_port,
            "POST",
            "/submit",
            201,
            "",
            f"office={OFFICE}&" + prefix,
            suffix,
            fixed_token="t" * token_length,
        ),
    }


def _post_parts(form: FormPage) -> tuple[str, str]:
    """A form POST's body before and after its form token."""
    prefix = f"csrf_token={urllib.parse.quote_plus(form.csrf)}&form_token="
    return prefix, f"&kind=idea&rating=4&text={urllib.parse.quote_plus(TEXT)}"


def _note_sizes(stage: Stage, page_bytes: int, baseline_page_bytes: int) -> None:
    app_post, baseline_post = stage.shapes[("app", "post")], stage.shapes[("baseline", "post")]
    stage.run.results["page_bytes"] = {"app": page_bytes, "baseline": baseline_page_bytes}
    stage.run.results["post_body_bytes"] = {  # a form token is as long as the baseline's
        "app": len(app_post.request_body(baseline_post.fixed_token)),
        "baseline": len(baseline_post.request_body()),
    }


def _one_submission(stage: Stage) -> None:
    """Send one form by hand and check that it was accepted and stored."""
    dbs, shape = stage.dbs, stage.shapes[("app", "post")]
    rows_before = dbs.app_rows()
    status, _, body = http(
        shape.port,
        "POST",
        FORM_PATH,
        shape.request_body(stage.mint.mint(1)[0]),
        {"Cookie": shape.cookie, "Content-Type": "application/x-www-form-urlencoded"},
    )
    if status != 200 or not CODE_RE.search(body) or dbs.app_rows() != rows_before + 1:
        raise BenchError(
            f"a test submission was not accepted and stored (status {status}, rows "
            f"{rows_before} → {dbs.app_rows()}); page starts: {body[:300]!r}"
        )


def _full_load(stage: Stage, kind: str) -> None:
    """Warm-up, then rounds that alternate app and baseline (ABBA...) at full load."""
    run, settings = stage.run, stage.settings
    rounds: dict[str, list[dict[str, Any]]] = {"app": [], "baseline": []}
    if settings.warmup > 0:
        for target in ("app", "baseline"):
            _wrk_run(stage, target, kind, "warm-up", settings.warmup)
    for number in range(settings.rounds):
        order = ("app", "baseline") if number % 2 == 0 else ("baseline", "app")
        for target in order:
            rounds[target].append(
                _wrk_run(stage, target, kind, f"round {number + 1}", settings.duration)
            )
    for target, results in rounds.items():
        run.results[f"{kind}_{target}"] = aggregate(results)
    run.results[f"{kind}_round_ratios"] = [
        a["ok_per_s"] / b["ok_per_s"] if b["ok_per_s"] else float("nan")
        for a, b in zip(rounds["app"], rounds["baseline"], strict=True)
    ]


def _wrk_run(stage: Stage, target: str, kind: str, phase: str, seconds: float) -> dict[str, Any]:
    run, dbs, settings = stage.run, stage.dbs, stage.settings
    tokens = None
    if (target, kind) == ("app", "post"):
        tokens = stage.mint.mint(_tokens_needed(run, seconds, settings))
    rows_before = dbs.app_rows() if target == "app" else dbs.baseline_rows()
    stage.log(
        f"  {kind.upper():4} {target:8} {phase:7} {seconds:g} s, {settings.connections} conn."
    )
    shape = stage.shapes[(target, kind)]
    result = run_wrk(shape, seconds, settings.connections, settings.threads, stage.workdir, tokens)
    label = f"{target} {kind} {phase}"
    _note_errors(run, label, result)
    if result.get("exhausted_threads"):
        run.failures.append(f"{label}: ran out of form tokens")
    if kind == "post":
        unanswered = result["sent"] - result["answered"]
        if tokens is not None:
            check = check_app_stored(
                dbs, stage.mint, tokens, result.pop("codes"), result["repeated"], rows_before,
                unanswered, label,
            )  # fmt: skip
        else:
            check = check_baseline_stored(dbs, result["ok"], rows_before, unanswered, label)
        run.checks.append(check)
    return result


def _half_load(stage: Stage, target: str, kind: str) -> None:
    """Half of the maximum rate, open loop."""
    run, dbs = stage.run, stage.dbs
    shape = stage.shapes[(target, kind)]
    rate = max(1.0, run.results[f"{kind}_{target}"]["ok_per_s"] / 2)
    seconds = stage.settings.half_duration
    tokens = stage.mint.mint(int(rate * seconds) + 1) if (target, kind) == ("app", "post") else None
    rows_before = dbs.app_rows() if target == "app" else dbs.baseline_rows()
    stage.log(f"  {kind.upper():4} {target:8} half   {seconds:g} s at {rate:,.0f}/s (open loop)")
    result = open_loop(shape, rate, seconds, tokens)
    outcomes = result.pop("outcomes")
    _note_errors(run, f"{target} {kind} half", result)
    if kind == "post":
        unanswered = sum(1 for o in outcomes if "error" in o)
        run.checks.append(
            _half_post_check(stage, target, tokens, outcomes, result, rows_before, unanswered)
        )
    run.results[f"{kind}_{target}_half"] = result


def _half_post_check(
    stage: Stage,
    target: str,
    tokens: list[str] | None,
    outcomes: list[dict[str, Any]],
    result: dict[str, Any],
    rows_before: int,
    unanswered: int,
) -> dict[str, Any]:
    if target != "app":
        return check_baseline_stored(
            stage.dbs, result["ok"], rows_before, unanswered, "baseline post half (open loop)"
        )
    assert tokens is not None
    accepted = [o["code"] for o in outcomes if o.get("status") == 200]
    repeated = sum(1 for o in outcomes if o.get("repeated"))
    return check_app_stored(
        stage.dbs,
        stage.mint,
        tokens,
        accepted,
        repeated,
        rows_before,
        unanswered,
        "app post half (open loop)",
    )


def _final_checks(stage: Stage) -> None:
    run, dbs, app, baseline = stage.run, stage.dbs, stage.app, stage.baseline
    run.results["memory"] = {"app": app.worker_memory(), "baseline": baseline.worker_memory()}
    run.results["rows"] = {"app": dbs.app_rows(), "baseline": dbs.baseline_rows()}
    spam = dbs.query("app", "select count(*) from submission where is_spam")[0][0]
    if spam:
        run.failures.append(f"{spam} benchmark submissions landed in the spam folder")
    run.failures += [f"{c['phase']}: {p}" for c in run.checks for p in c["problems"]]
    for server in (app, baseline):
        if server.proc is not None and server.proc.poll() is not None:
            run.failures.append(f"{server.name} server died during the run:\n{server.tail()}")


def aggregate(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Several wrk runs of one kind: throughput over all, latency as the median of the runs."""
    seconds = sum(r["duration_us"] for r in results) / 1e6
    ok = sum(r["ok"] for r in results)
    statuses: dict[str, int] = {}
    for r in results:
        for key, count in r["statuses"].items():
            statuses[key] = statuses.get(key, 0) + count
    return {
        "ok": ok,
        "seconds": seconds,
        "ok_per_s": ok / seconds if seconds else 0.0,
        "p50_ms": statistics.median(r["p50_ms"] for r in results),
        "p99_ms": statistics.median(r["p99_ms"] for r in results),
        "p99_ms_worst": max(r["p99_ms"] for r in results),
        "statuses": statuses,
        "rounds": results,
    }


def _tokens_needed(run: Run, seconds: float, settings: Settings) -> int:
    """Form tokens for one wrk POST run: plenty more than the app could possibly answer."""
    get_rate = run.results.get("get_app", {}).get("ok_per_s", 1000.0)
    return int(max(5000, 3 * get_rate * (seconds + 1) + 20 * settings.connections))


def _note_errors(run: Run, phase: str, result: dict[str, Any]) -> None:
    unexpected = result.get("unexpected") or {}
    errors = {k: v for k, v in result.get("errors", {}).items() if v and k != "status"}
    if unexpected:
        run.failures.append(f"{phase}: unexpected answers {unexpected}")
    if errors:  # under overload, not a wrong answer: reported, but does not fail the run
        run.warnings.append(f"{phase}: socket errors {errors}")


# --- Argon2id share ----------------------------------------------------------------------


def argon2_cost() -> dict[str, float]:
    """In-process cost of hashing one receipt code (`intake.privacy.receipts.store`)."""
    from intake.privacy import receipts

    key = receipts.derive_key("b" * 48)
    receipts.store("ABCDEFGHJK", key)
    calls = 2000
    seconds = timeit.timeit(lambda: receipts.store("ABCDEFGHJK", key), number=calls)
    return {"store_ms": seconds / calls * 1000}


# --- in-process profile (--profile) ------------------------------------------------------

# (module, class or "", function, label); a name the code no longer has is skipped. Labels in
# brackets run inside another section: shown, but not counted again.
PROFILE_SECTIONS = (
    ("intake.privacy.receipts", "", "store", "keyed hash of the receipt code (receipts.store)"),
    ("intake.public.views", "", "render_template", "template rendering (Jinja, WTForms widgets)"),
    ("intake.public.views", "", "_make_form", "building the FeedbackForm"),
    ("intake.offices.services", "ActiveOffices", "find", "office look-up (kept; DB on a miss)"),
    ("intake.offices.services", "", "find_active", "(in the office look-up: DB query)"),
    ("intake.triage.hints", "", "suggest", "hints and risk flags (triage.hints.suggest)"),
    ("flask_wtf.csrf", "CSRFProtect", "protect", "CSRF check (Flask-WTF, parses the form body)"),
    ("wtforms.form", "Form", "validate", "form validation (WTForms)"),
    (
        "flask_limiter",
        "Limiter",
        "_Limiter__inject_headers",
        "rate limits after the response (Flask-Limiter: deductions, headers)",
    ),
    ("flask.ctx", "RequestContext", "push", "request context: URL match, session cookie read"),
    (
        "flask.testing",
        "FlaskClient",
        "_request_from_builder_args",
        "test client builds the request (the harness; the baseline pays it too)",
    ),
    ("intake.reception.services", "", "_exists", "DB: duplicate check of the form nonce"),
    ("sqlalchemy.orm", "Session", "commit", "DB: commit (INSERT)"),
    ("flask_limiter", "Limiter", "_check_request_limit", "rate limits (Flask-Limiter)"),
    ("intake.public.views", "", "mask_identifiers", "masking"),
    ("intake.public.views", "", "_cached_form", "cached form page: look-up, fresh tokens"),
    ("flask.sessions", "SecureCookieSessionInterface", "save_session", "session cookie (signing)"),
    (
        "flask_wtf.i18n",
        "",
        "_get_translations",
        "(in form build/render: Flask-WTF reads a catalog)",
    ),
    ("intake.public.views", "", "generate_csrf", "(in the cached page: new CSRF token)"),
    ("intake.reception.formtoken", "", "issue", "(in the cached page: new form token)"),
)


def profile(kind: str, settings: Settings, requests: int = 300) -> list[str]:
    """Where one worker's time goes: the request handlers timed in-process, by section."""
    import importlib
    from collections import Counter

    with tempfile.TemporaryDirectory(prefix=f"intake-profile-{kind}-") as tmp:
        dbs = Databases(kind, Path(tmp))
        dbs.create()
        saved = dict(os.environ)
        try:
            app_env = app_environment(dbs, Path(tmp), settings)
            prepare_app_db(app_env)
            os.environ.clear()
            os.environ.update(app_env)
            spent: Counter[str] = Counter()
            for module_name, owner, attribute, label in PROFILE_SECTIONS:
                target: Any = importlib.import_module(module_name)
                target = getattr(target, owner, None) if owner else target
                if hasattr(target, attribute):
                    setattr(target, attribute, _timed(getattr(target, attribute), label, spent))
            from intake import create_app
            from intake.reception import formtoken

            app = create_app()
            client = app.test_client()
            page = client.get(FORM_PATH).get_data(as_text=True)
            csrf = CSRF_RE.search(page)
            assert csrf is not None
            secret = app_env["INTAKE_SECRET_KEY"]

            def get() -> None:
                assert client.get(FORM_PATH).status_code == 200

            # minted before the clock runs: the harness's own work is not the app's
            tokens = [formtoken.issue(secret, now=time.time() - 30) for _ in range(requests + 30)]

            def post() -> None:
                form = {"csrf_token": csrf.group(1), "kind": "idea", "rating": "4", "text": TEXT}
                form["form_token"] = tokens.pop()
                answer = client.post(FORM_PATH, data=form)
                assert answer.status_code == 200
                assert b"receipt-code" in answer.data

            lines = ["", f"== in-process profile, {kind}: mean per request over {requests}"]
            baseline = _baseline_in_process(dbs, requests)
            for name, call in (("form GET", get), ("submit POST", post)):
                for _ in range(30):
                    call()
                spent.clear()
                wall, cpu = time.perf_counter(), time.process_time()
                for _ in range(requests):
                    call()
                wall = (time.perf_counter() - wall) / requests * 1000
                cpu = (time.process_time() - cpu) / requests * 1000
                lines.append(
                    f"   {name}: {wall:.2f} ms ({cpu:.2f} ms CPU); baseline "
                    f"{baseline[name]:.2f} ms; of the app's time:"
                )
                rest = wall
                for label, seconds in spent.most_common():
                    ms = seconds / requests * 1000
                    rest -= 0 if label.startswith("(") else ms
                    lines.append(f"     {ms:6.2f} ms {ms / wall * 100:4.0f}%  {label}")
                share = f"{rest / wall * 100:4.0f}%"
                lines.append(
                    f"     {rest:6.2f} ms {share}  the rest (Flask, Werkzeug, CSRF, validation)"
                )
            return lines
        finally:
            os.environ.clear()
            os.environ.update(saved)
            dbs.drop()


def _baseline_in_process(dbs: Databases, requests: int) -> dict[str, float]:
    """The baseline's handlers in-process, for scale: mean ms per GET and per POST."""
    os.environ["BASELINE_DATABASE_URL"] = dbs.baseline_url
    os.environ["BASELINE_PAGE_BYTES"] = "7000"
    sys.path.insert(0, str(BASELINE_DIR))
    try:
        import importlib

        sys.modules.pop("baseline_app", None)  # a fresh module: it keeps a connection per thread
        module: Any = importlib.import_module("baseline_app")
        client = module.create_app().test_client()
    finally:
        sys.path.remove(str(BASELINE_DIR))
    form = {"office": OFFICE, "rating": "4", "text": TEXT}

    def get() -> None:
        assert client.get("/").status_code == 200

    def post() -> None:
        assert client.post("/submit", data=form).status_code == 201

    calls = {"form GET": get, "submit POST": post}
    result = {}
    for name, call in calls.items():
        for _ in range(30):
            call()
        start = time.perf_counter()
        for _ in range(requests):
            call()
        result[name] = (time.perf_counter() - start) / requests * 1000
    return result


def _timed(function: Any, label: str, spent: Any) -> Any:
    import functools

    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] += time.perf_counter() - start

    return timed


# --- report ------------------------------------------------------------------------------


def fmt_rate(value: float) -> str:
    return f"{value:,.0f}/s"


def fmt_ms(value: float) -> str:
    if value != value:  # nan
        return "–"
    return f"{value:.1f} ms" if value < 100 else f"{value:,.0f} ms"


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def _spread(values: list[float]) -> str:
    if len(values) < 2:
        return ""
    return f"rounds {min(values):.2f}–{max(values):.2f}"


def _grouped_checks(checks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One line per server and load generator, summed over warm-up and rounds."""
    groups: dict[str, dict[str, Any]] = {}
    for check in checks:
        target = check["phase"].split()[0]
        tool = "open loop" if "half" in check["phase"] else "wrk"
        group = groups.setdefault(
            f"{target} POST ({tool})",
            {"runs": 0, "accepted": 0, "new_rows": 0, "stored_after_cut_off": 0, "ok": True},
        )
        group["runs"] += 1
        for key in ("accepted", "new_rows", "stored_after_cut_off"):
            group[key] += check[key]
        group["ok"] = group["ok"] and check["ok"]
    return [{"label": label, **group} for label, group in groups.items()]


def report(run: Run, settings: Settings, argon: dict[str, float]) -> list[str]:
    r = run.results
    title = {"sqlite": "SQLite (WAL)", "postgres": "PostgreSQL"}[run.db]
    page, body = r["page_bytes"], r["post_body_bytes"]
    lines = [
        "",
        f"== {title}: {settings.workers} sync gunicorn workers each; wrk -t{settings.threads} "
        f"-c{settings.connections}, {settings.rounds} rounds × {settings.duration:g} s, app and "
        f"baseline alternating, "
        + (f"after {settings.warmup:g} s warm-up each" if settings.warmup else "no warm-up"),
        f"   form page {page['app']:,} B (baseline {page['baseline']:,} B); POST body "
        f"{body['app']} B (baseline {body['baseline']} B)",
        f"   {'full load':14}{'app':>9}{'baseline':>11}{'ratio':>8}   target",
    ]
    ratios = {}
    for kind, label, target_key in (
        ("get", "form GET", "get_ratio"),
        ("post", "submit POST", "post_ratio"),
    ):
        app, base = r[f"{kind}_app"], r[f"{kind}_baseline"]
        ratio = app["ok_per_s"] / base["ok_per_s"] if base["ok_per_s"] else float("nan")
        ratios[kind] = ratio
        target = TARGETS[target_key]
        lines.append(
            f"   {label:14}{fmt_rate(app['ok_per_s']):>9}{fmt_rate(base['ok_per_s']):>11}"
            f"{ratio:>8.2f}   ≥ {target:.1f}  {verdict(ratio >= target):6}  "
            f"{_spread(r[f'{kind}_round_ratios'])}"
        )
        for pct in ("p50", "p99"):
            a, b = app[f"{pct}_ms"], base[f"{pct}_ms"]
            times = a / b if b else float("nan")
            lines.append(f"   {'  ' + pct:14}{fmt_ms(a):>9}{fmt_ms(b):>11}{times:>7.1f}×")
    lines.append(
        "   half load      open loop at ½ of each server's measured maximum; latency from the "
        "scheduled start"
    )
    for kind, label in (("get", "form GET"), ("post", "submit POST")):
        half = r[f"{kind}_app_half"]
        lines.append(
            f"   {label:14}app at {half['rate_target']:,.0f}/s: p50 {fmt_ms(half['p50_ms'])}, "
            f"p99 {fmt_ms(half['p99_ms'])}   target p99 < {TARGETS['half_load_p99_ms']:.0f} ms  "
            f"{verdict(half['p99_ms'] < TARGETS['half_load_p99_ms'])}"
        )
        base_half = r.get(f"{kind}_baseline_half")
        if base_half:
            note = ""
            if base_half["rate_achieved"] < 0.95 * base_half["rate_target"]:
                note = f"; generator reached only {base_half['rate_achieved']:,.0f}/s"
            lines.append(
                f"   {'':14}baseline at {base_half['rate_target']:,.0f}/s: p50 "
                f"{fmt_ms(base_half['p50_ms'])}, p99 {fmt_ms(base_half['p99_ms'])} (reference; "
                f"the Python generator shares the CPUs{note})"
            )
    mem = r["memory"]
    peak = max(mem["app"]["max_rss_mb"], mem["app"]["max_peak_mb"])
    lines.append(
        f"   worker RSS     app {mem['app']['max_rss_mb']:.0f} MB after the load, peak "
        f"{mem['app']['max_peak_mb']:.0f} MB (baseline {mem['baseline']['max_rss_mb']:.0f} MB)   "
        f"target < {TARGETS['worker_rss_mb']:.0f} MB  {verdict(peak < TARGETS['worker_rss_mb'])}"
    )
    # the worker time one submission may take if the app is to reach the POST target
    base_post = r["post_baseline"]["ok_per_s"]
    budget = settings.workers / (TARGETS["post_ratio"] * base_post) * 1000 if base_post else 0.0
    r["post_budget_ms"] = budget
    lines.append(
        f"   receipt hash   receipts.store {argon['store_ms'] * 1000:.0f} µs per call in-process; "
        f"the POST target leaves {budget:.1f} ms of worker time per submission "
        f"({settings.workers} workers / ({TARGETS['post_ratio']} × {base_post:,.0f}/s))"
    )
    others = r["cpu_share_of_other_processes"]
    lines.append(
        f"   other load     {others:.0%} of the CPUs went to other processes during this run"
        + (" (PostgreSQL's server processes included)" if run.db == "postgres" else "")
        + ("" if others < 0.1 or run.db == "postgres" else ": figures are noisy")
    )
    for group in _grouped_checks(run.checks):
        extra = ""
        if group["stored_after_cut_off"]:
            extra = f" (+{group['stored_after_cut_off']} stored after wrk's cut-off, unanswered)"
        if group["ok"]:
            outcome = f"all stored{extra}  ok"
        else:
            outcome = f"{group['new_rows']:,} new rows  FAILED"
        lines.append(
            f"   stored = accepted  {group['label']:23}{group['accepted']:>7,} accepted, {outcome}"
        )
    lines += [f"   warning: {warning}" for warning in run.warnings]
    lines += [f"   FAILED: {failure}" for failure in run.failures]
    r["ratios"] = ratios
    return lines


# --- main --------------------------------------------------------------------------------


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM/SIGHUP unwind like Ctrl-C, so servers and databases are cleaned up."""

    def handler(signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    old = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, previous in old.items():
            signal.signal(sig, previous)


def machine_facts() -> dict[str, Any]:
    cpu = ""
    with suppress(OSError):
        cpu = next(
            (
                ln.split(":", 1)[1].strip()
                for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")
            ),
            "",
        )
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    dirty = subprocess.run(
        ["git", "--no-optional-locks", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "commit": commit.stdout.strip() + ("+changes" if dirty.stdout.strip() else ""),
        "wrk": (wrk.stdout or wrk.stderr).splitlines()[0] if (wrk.stdout or wrk.stderr) else "",
    }


def parse_args(argv: list[str]) -> Settings:
    parser = argparse.ArgumentParser(prog="scripts/bench", description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("--db", choices=["sqlite", "postgres", "both"], default="both", help="(both)")
    add("--duration", type=float, default=3, help="seconds per full-load round (3)")
    add("--rounds", type=int, default=3, help="full-load rounds per server and request (3)")
    add("--warmup", type=float, default=2, help="seconds of warm-up per server and request (2)")
    add("--half-duration", type=float, default=6, help="seconds per half-load run (6)")
    add("--connections", type=int, default=32, help="wrk connections at full load (32)")
    add("--threads", type=int, default=2, help="wrk threads (2)")
    add("--workers", type=int, default=2, help="gunicorn sync workers per server (2)")
    add(
        "--ratelimit-storage",
        default="memory://",
        help="the app's rate-limit store (memory://, or redis://127.0.0.1:6379/14)",
    )
    add("--no-baseline-half", action="store_true", help="skip the baseline's half-load runs")
    add("--quick", action="store_true", help="smoke check: 1 s runs, no warm-up (~30 s)")
    add(
        "--profile",
        action="store_true",
        help="instead of the load test: time the handlers in-process, by section",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.duration, args.rounds, args.warmup, args.half_duration = 1, 1, 0, 1
        args.no_baseline_half = True
    if not args.ratelimit_storage.startswith(
        ("memory://", "redis://127.0.0.1", "redis://localhost")
    ):
        parser.error("--ratelimit-storage: memory:// or a Redis on 127.0.0.1")
    if args.rounds < 1 or args.duration < 1 or args.half_duration <= 0:
        parser.error("--rounds and --duration need at least 1, --half-duration more than 0")
    return Settings(
        dbs=["sqlite", "postgres"] if args.db == "both" else [args.db],
        duration=args.duration,
        warmup=args.warmup,
        half_duration=args.half_duration,
        rounds=args.rounds,
        connections=args.connections,
        threads=args.threads,
        workers=args.workers,
        ratelimit_storage=args.ratelimit_storage,
        half_baseline=not args.no_baseline_half,
        profile=args.profile,
    )


def main(argv: list[str]) -> int:
    settings = parse_args(argv)
    if not BASELINE_DIR.joinpath("baseline_app.py").exists():
        print(f"bench: {BASELINE_DIR}/baseline_app.py is missing", file=sys.stderr)
        return 2
    started = dt.datetime.now(dt.UTC)
    lines: list[str] = []
    runs: list[Run] = []

    clock = time.monotonic()

    def log(message: str) -> None:
        print(f"[{time.monotonic() - clock:5.0f} s] {message}", file=sys.stderr, flush=True)

    if settings.profile:
        for kind in settings.dbs:
            print("\n".join(profile(kind, settings)), flush=True)
        return 0
    before = cpu_seconds()
    time.sleep(1)
    idle_check = others_share(before, cpu_seconds())
    if idle_check > 0.1:
        log(f"warning: other processes use {idle_check:.0%} of the CPUs: expect noisy figures")
    argon = argon2_cost()
    try:
        with terminate_as_interrupt():
            for kind in settings.dbs:
                log(f"bench: {kind}")
                run = run_db(kind, settings, log)
                runs.append(run)
                lines += report(run, settings, argon)
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("bench: interrupted; servers stopped, databases dropped", file=sys.stderr)
        return 130
    finally:
        for server in list(SERVERS):
            server.stop()

    failed = any(run.failures for run in runs)
    lines.append("")
    lines.append(
        "bench: FAILED (see above)"
        if failed
        else "bench: all checks passed (targets: see ok/MISSED)"
    )
    print("\n".join(lines))

    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"bench-{started.strftime('%Y%m%dT%H%M%SZ')}.json"
    out.write_text(
        json.dumps(
            {
                "started": started.isoformat(),
                "argv": argv,
                "settings": settings.__dict__,
                "machine": {**machine_facts(), "busy_before": idle_check},
                "targets": TARGETS,
                "argon2": argon,
                "runs": [
                    {
                        "db": r.db,
                        "results": r.results,
                        "checks": r.checks,
                        "failures": r.failures,
                        "warnings": r.warnings,
                    }
                    for r in runs
                ],
                "ok": not failed,
            },
            indent=2,
            default=str,
        )
        + "\n"
    )
    print(f"results: {out.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
