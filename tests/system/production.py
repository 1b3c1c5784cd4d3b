"""A deployment shaped like production, started by the test that uses it.

nginx (Debian's binary) terminates TLS with a throwaway CA from `trustme` and runs the shipped
site file `docs/nginx.conf`, changed only in the values that differ per installation (host
name, ports, certificate, log and static paths: see its header). Behind it gunicorn runs
`scripts/gunicorn.conf.py` with two workers, the app on a fresh PostgreSQL schema and Redis
for rate limits, `INTAKE_TRUSTED_PROXIES=1`. A second nginx server on another port and host
name plays the Jobcenter's homepage that frames `/embed`.

Everything lives in one temporary folder; the schema and the Redis keys are removed after.
"""

from __future__ import annotations

import base64
import hashlib
import os
import pwd
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import redis
import trustme
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from playwright.sync_api import Browser, sync_playwright
from sqlalchemy import text

from intake.database import make_engine
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.helpers import GUNICORN, free_port

ROOT = Path(__file__).resolve().parents[2]
NGINX = "/usr/sbin/nginx"
SITE_CONFIG = ROOT / "docs" / "nginx.conf"
STAFF_EMAIL = "krm@jobcenter-test.example"
STAFF_PASSWORD = "Wartemarke-Fensterbank-Kaffeeduft-17"
T = TypeVar("T")


@dataclass(frozen=True)
class Ports:
    https: int = field(default_factory=free_port)
    http: int = field(default_factory=free_port)
    homepage: int = field(default_factory=free_port)
    gunicorn: int = field(default_factory=free_port)


@dataclass
class Deployment:
    """What a test needs to talk to the deployment and to search what it left behind."""

    ports: Ports
    workdir: Path
    ca_file: Path
    spki: str
    database_url: str
    redis_url: str
    redis_prefix: str
    env: dict[str, str]

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.ports.https}"

    @property
    def homepage(self) -> str:
        return f"https://localhost:{self.ports.homepage}"

    @property
    def instance(self) -> Path:
        return self.workdir / "instance"

    def log_files(self) -> dict[str, bytes]:
        """Every log nginx and gunicorn wrote, by file name."""
        found = {}
        for folder in (self.workdir / "logs", self.workdir / "nginx" / "logs"):
            for path in sorted(folder.glob("*")):
                if path.is_file():
                    found[path.name] = path.read_bytes()
        return found

    def database_dump(self) -> bytes:
        """Every row of every table in the deployment's schema, as PostgreSQL prints it."""
        engine = make_engine(self.database_url)
        rows: list[bytes] = []
        with engine.connect() as connection:
            schema = connection.scalar(text("select current_schema()"))
            tables = connection.scalars(
                text("select table_name from information_schema.tables where table_schema = :s"),
                {"s": schema},
            ).all()
            for table in tables:
                # Names from information_schema, not from a request.
                query = text(f'select t::text from "{schema}"."{table}" t')  # noqa: S608  (names from information_schema)
                for line in connection.scalars(query):
                    rows.append(f"{table}: {line}".encode())
        engine.dispose()
        return b"\n".join(rows)

    def redis_dump(self) -> bytes:
        """The rate limiter's keys and values of this deployment."""
        connection = redis.Redis.from_url(self.redis_url)
        keys: list[bytes] = connection.keys(self.redis_prefix + "*")  # type: ignore[assignment]
        return b"\n".join(k + b"=" + bytes(connection.dump(k) or b"") for k in keys)

    def flask(self, *args: str, stdin: str = "") -> str:
        """Run `flask --app intake …` with the deployment's environment."""
        done = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "intake", *args],
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout


def spki_hash(cert_pem: bytes) -> str:
    """Base64 SHA-256 of a certificate's public key: what Chromium pins to trust it."""
    cert = x509.load_pem_x509_certificate(cert_pem)
    spki = cert.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(hashlib.sha256(spki).digest()).decode()


def site_config(shipped: str, ports: Ports, certs: Path, logs: Path) -> str:
    """docs/nginx.conf with this machine's values; each replaced text must be there."""
    replacements = {
        "listen 443 ssl;": f"listen 127.0.0.1:{ports.https} ssl;",
        "listen 80;": f"listen 127.0.0.1:{ports.http};",
        "server_name feedback.jobcenter-musterstadt.de;": "server_name 127.0.0.1;",
        "/etc/ssl/meinungskarte/": f"{certs}/",
        "server 127.0.0.1:5000;": f"server 127.0.0.1:{ports.gunicorn};",
        "/srv/meinungskarte/static/": f"{ROOT / 'intake' / 'static'}/",
        "/var/log/nginx/": f"{logs}/",
    }
    config = shipped
    for placeholder, value in replacements.items():
        assert placeholder in config, f"docs/nginx.conf no longer contains {placeholder!r}"
        config = config.replace(placeholder, value)
    return config


def homepage_server(port: int, certs: Path, root: Path) -> str:
    """Another origin (another host name and port) serving the page that frames /embed."""
    return f"""
server {{
    listen 127.0.0.1:{port} ssl;
    server_name localhost;
    ssl_certificate {certs}/fullchain.pem;
    ssl_certificate_key {certs}/privkey.pem;
    access_log off;
    root {root};
}}
"""


def main_config(prefix: Path, site: Path, homepage: str) -> str:
    """The parts of Debian's /etc/nginx/nginx.conf a site file relies on, in the temp folder.

    Like Debian's, the `http` level keeps the "combined" access log (address, user agent,
    referrer): the site file must switch it off where the shipped file says so.
    """
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {kind}_temp_path {prefix}/tmp/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}
daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/main-error.log info;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
{temp}
    access_log {prefix}/logs/http-level-access.log combined;
    include {site};
{homepage}
}}
"""


def write_certificates(folder: Path) -> tuple[Path, str]:
    """A throwaway CA and a certificate for 127.0.0.1 and localhost: the CA file, the SPKI pin."""
    folder.mkdir()
    ca = trustme.CA()
    leaf = ca.issue_cert("127.0.0.1", "localhost")
    (folder / "fullchain.pem").write_bytes(b"".join(b.bytes() for b in leaf.cert_chain_pems))
    leaf.private_key_pem.write_to_path(str(folder / "privkey.pem"))
    ca.cert_pem.write_to_path(str(folder / "ca.pem"))
    return folder / "ca.pem", spki_hash(leaf.cert_chain_pems[0].bytes())


HEAD = '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Jobcenter</title></head>'
FORGED_TEXT = "Untergeschoben von einer fremden Seite"


def write_homepage(folder: Path, app_url: str) -> None:
    """The Jobcenter's homepage framing /embed, and a page posting to the office form."""
    folder.mkdir()
    (folder / "index.html").write_text(
        f"{HEAD}<body><h1>Jobcenter Musterstadt</h1>"
        f'<iframe src="{app_url}/embed" title="Ihre Meinung" width="640" height="1100">'
        "</iframe></body></html>",
        encoding="utf-8",
    )
    (folder / "forged.html").write_text(
        f'{HEAD}<body><form method="post" action="{app_url}/m/diez">'
        '<input type="hidden" name="kind" value="praise">'
        f'<input type="hidden" name="text" value="{FORGED_TEXT}">'
        "<button>Gewinnspiel</button></form></body></html>",
        encoding="utf-8",
    )


def wait_for(port: int, what: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Until `port` accepts connections; a process that died shows its log."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{what} exited: {log.read_text(errors='replace')[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{what} did not listen on {port}")


@contextmanager
def running(
    command: list[str], env: dict[str, str], log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """A process group that is stopped (SIGTERM, then waited for) on leaving."""
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=output, start_new_session=True
        )
        try:
            yield process
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
            process.wait(20)


@contextmanager
def fresh_schema(url: str) -> Iterator[str]:
    """An empty PostgreSQL schema (through search_path), dropped afterwards."""
    schema = f"production_{secrets.token_hex(4)}"
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f"create schema {schema}"))
    separator = "&" if "?" in url else "?"
    try:
        yield f"{url}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"drop schema {schema} cascade"))
        admin.dispose()


def app_environment(
    deployment_dir: Path, ports: Ports, database_url: str, redis_url: str, prefix: str
) -> dict[str, str]:
    """The environment of `flask` and gunicorn, as an operator would set it."""
    logs = deployment_dir / "logs"
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("INTAKE_")},
        "INTAKE_SECRET_KEY": secrets.token_urlsafe(48),
        "INTAKE_INSTANCE_PATH": str(deployment_dir / "instance"),
        "INTAKE_DATABASE_URL": database_url,
        "INTAKE_RATELIMIT_STORAGE_URI": redis_url,
        "INTAKE_RATELIMIT_KEY_PREFIX": prefix,
        "INTAKE_TRUSTED_PROXIES": "1",
        "INTAKE_PUBLIC_BASE_URL": f"https://127.0.0.1:{ports.https}",
        "INTAKE_EMBED_ALLOWED_ORIGINS": f"https://localhost:{ports.homepage}",
        # The one change from production: a test fills a form faster than a person does.
        "INTAKE_MIN_FILL_SECONDS": "0",
        "HOST": "127.0.0.1",
        "PORT": str(ports.gunicorn),
        "WEB_CONCURRENCY": "2",
        "GUNICORN_ACCESS_LOG": str(logs / "gunicorn-access.log"),
        "GUNICORN_ERROR_LOG": str(logs / "gunicorn-error.log"),
    }


@contextmanager
def deploy(workdir: Path, database_url: str, redis_url: str) -> Iterator[Deployment]:
    """Certificates, schema, an office and an officer, gunicorn and nginx; all gone afterwards."""
    ports = Ports()
    (workdir / "logs").mkdir()
    (workdir / "instance").mkdir()
    prefix = workdir / "nginx"
    for folder in ("logs", "tmp"):
        (prefix / folder).mkdir(parents=True)
    ca_file, spki = write_certificates(workdir / "certs")
    redis_prefix = f"mk-production-{secrets.token_hex(4)}"
    with fresh_schema(database_url) as scoped:
        env = app_environment(workdir, ports, scoped, redis_url, redis_prefix)
        deployment = Deployment(ports, workdir, ca_file, spki, scoped, redis_url, redis_prefix, env)
        deployment.flask("db", "upgrade")
        deployment.flask("offices", "add", "DIEZ", "Geschäftsstelle Diez", "--state", "RP")
        deployment.flask(
            "users", "create", STAFF_EMAIL, "--role", "officer", stdin=STAFF_PASSWORD + "\n"
        )
        site = prefix / "meinungskarte.conf"
        site.write_text(
            site_config(
                SITE_CONFIG.read_text(encoding="utf-8"), ports, workdir / "certs", prefix / "logs"
            ),
            encoding="utf-8",
        )
        write_homepage(workdir / "homepage", deployment.url)
        conf = prefix / "nginx.conf"
        conf.write_text(
            main_config(
                prefix,
                site,
                homepage_server(ports.homepage, workdir / "certs", workdir / "homepage"),
            ),
            encoding="utf-8",
        )
        gunicorn = GUNICORN
        nginx = [
            NGINX,
            "-p",
            str(prefix),
            "-c",
            str(conf),
            "-e",
            str(prefix / "logs" / "startup.log"),
        ]
        try:
            with (
                running(gunicorn, env, workdir / "logs" / "app-output.log") as app,
                running(nginx, env, prefix / "logs" / "nginx-output.log") as proxy,
            ):
                wait_for(ports.gunicorn, "gunicorn", app, workdir / "logs" / "app-output.log")
                wait_for(ports.https, "nginx", proxy, prefix / "logs" / "nginx-output.log")
                yield deployment
        finally:
            keys = redis.Redis.from_url(redis_url).keys(redis_prefix + "*")
            if keys:
                redis.Redis.from_url(redis_url).delete(*keys)


def in_chromium(deployment: Deployment, journey: Callable[[Browser], T]) -> T:
    """Run `journey` in a Chromium that trusts exactly the deployment's certificate.

    The certificate is pinned by its public key (`--ignore-certificate-errors-spki-list`);
    every other certificate error still fails. Playwright's sync API allows one instance per
    thread and the browser tests' session-wide instance may be running in this one, so the
    journey gets a thread of its own.
    """

    def run() -> T:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=[*CHROMIUM_ARGS, f"--ignore-certificate-errors-spki-list={deployment.spki}"],
            )
            try:
                return journey(browser)
            finally:
                browser.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()
