"""The built wheel runs on its own: no checkout, no editable install, no PYTHONPATH.

A checkout hides packaging mistakes, because the app finds its templates, static files,
migrations, catalogs and fonts beside the sources either way. Here the wheel is built from a
copy of the tree (so setuptools' `build/` and `*.egg-info` never touch the checkout and a stale
`build/lib` cannot smuggle files in), installed into a fresh virtual environment outside the
checkout, and run from a directory outside it: `flask db upgrade` through the packaged Alembic
scripts, `cards print` with the packaged fonts, then gunicorn serves the form (German and, from
the compiled catalog, English), a static file and the back-office login.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.helpers import free_port

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("intake", "cards")
# Never part of a build: caches, local state, other environments.
NOT_SOURCES = shutil.ignore_patterns(
    ".git",
    ".venv",
    "venv",
    "instance",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    "*.pyc",
    ".*_cache",
    "test-artifacts",
    "bench-results",
    "node_modules",
)


def run(args: list[str], *, cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run a command; on failure show its output (pip's and flask's errors are the point)."""
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def source_files(tree: Path) -> set[str]:
    """Every file of the importable packages, as a path inside the wheel."""
    return {
        path.relative_to(tree).as_posix()
        for package in PACKAGES
        for path in (tree / package).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def wait_for(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited:\n{log.read_text(errors='replace')}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"gunicorn did not answer:\n{log.read_text(errors='replace')}")


def get(port: int, path: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the checkout with the dev venv's own setuptools."""
    setuptools = version("setuptools")
    assert int(setuptools.split(".")[0]) >= 77, (
        f"setuptools {setuptools} in the dev venv cannot build this project (PEP 639 license): "
        "the dev extras bring setuptools>=77 (pip install -e '.[dev]')"
    )
    work = tmp_path_factory.mktemp("wheel")
    tree = work / "src"
    shutil.copytree(ROOT, tree, ignore=NOT_SOURCES)
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",  # no download of setuptools; the dev venv has it
            "--quiet",
            "-w",
            str(work / "dist"),
            str(tree),
        ],
        cwd=work,
    )
    (built,) = (work / "dist").glob("meinungskarte-*.whl")
    # Everything under intake/ and cards/ ships; a new data file needs a package-data line.
    with zipfile.ZipFile(built) as archive:
        missing = source_files(tree) - set(archive.namelist())
    assert not missing, f"not in the wheel (see [tool.setuptools.package-data]): {missing}"
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel and its dependencies; returns its bin/."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    assert not venv.is_relative_to(ROOT)
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=venv.parent)
    started = time.monotonic()
    # The dev venv's pip installs into the new one (`--python`), so no pip is bootstrapped;
    # the dependencies come from the configured index or pip's cache.
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv / "bin" / "python"),
            "install",
            "--quiet",
            str(wheel),
        ],
        cwd=venv.parent,
    )
    print(f"wheel and dependencies installed in {time.monotonic() - started:.1f} s")
    return venv / "bin"


@pytest.fixture
def outside(installed: Path, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A working directory outside the checkout and the environment of a deployed app."""
    assert not tmp_path.is_relative_to(ROOT)
    keep = ("HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(
        {
            "PATH": f"{installed}{os.pathsep}/usr/bin:/bin",
            "VIRTUAL_ENV": str(installed.parent),
            "INTAKE_SECRET_KEY": "w" * 48,
            "INTAKE_INSTANCE_PATH": str(tmp_path / "instance"),
            "INTAKE_DATABASE_URL": f"sqlite:///{tmp_path}/intake.sqlite3",
        }
    )
    (tmp_path / "instance").mkdir()
    return tmp_path, env


def test_the_wheel_serves_the_form_and_the_login_from_outside_the_checkout(
    installed: Path, outside: tuple[Path, dict[str, str]]
) -> None:
    cwd, env = outside
    imported = "import cards, intake; print(intake.__file__); print(cards.__file__)"
    for where in run([str(installed / "python"), "-c", imported], cwd=cwd, env=env).split():
        assert Path(where).is_relative_to(installed.parent), where
        assert not Path(where).is_relative_to(ROOT), where

    def flask(*args: str) -> str:
        return run([str(installed / "flask"), "--app", "intake", *args], cwd=cwd, env=env)

    assert re.search(r"database at \d{4}", flask("db", "upgrade"))  # the packaged migrations
    flask("offices", "add", "DIEZ", "Geschäftsstelle Diez", "--state", "RP")
    pdf = cwd / "diez.pdf"
    flask(
        "cards", "print", "--office", "DIEZ", "--layout", "poster-a4", "--count=1", "-o", str(pdf)
    )
    assert pdf.read_bytes().startswith(b"%PDF"), "no card PDF: fonts or layout missing"

    config = cwd / "gunicorn.conf.py"  # a deployment copies it next to its service files
    shutil.copy(ROOT / "scripts" / "gunicorn.conf.py", config)
    port = free_port()
    log = cwd / "gunicorn.log"
    serve_env = {**env, "PORT": str(port), "WEB_CONCURRENCY": "1"}
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(installed / "gunicorn"), "-c", str(config), "intake:create_app()"],
            cwd=cwd,
            env=serve_env,
            stdout=output,
            stderr=output,
            start_new_session=True,
        )
    try:
        wait_for(port, process, log)
        status, form = get(port, "/")
        assert status == 200
        assert 'class="feedback-form"' in form and 'name="csrf_token"' in form
        assert "<h1>Ihre Meinung zählt</h1>" in form
        status, english = get(port, "/?lang=en")
        assert status == 200 and "<h1>Your opinion matters</h1>" in english, (
            "the compiled catalog is missing"
        )
        status, office = get(port, "/m/diez")
        assert status == 200 and "Geschäftsstelle Diez" in office
        status, css = get(port, "/static/css/site.css")
        assert status == 200 and "{" in css
        status, login = get(port, "/staff/login")
        assert status == 200 and 'name="password"' in login
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(20)
