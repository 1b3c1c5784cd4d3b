"""A worker starts without the report libraries: matplotlib, WeasyPrint and openpyxl load on
the first chart, PDF or workbook, so every gunicorn worker and every command stays small
and starts fast (issue 12: worker memory under 150 MB)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = ("matplotlib", "weasyprint", "openpyxl", "pikepdf")
ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
import intake
from tests.helpers import make_config
intake.create_app(make_config("sqlite:///" + sys.argv[1]))
print(json.dumps(sorted(name for name in sys.modules if name.split(".")[0] in {heavy})))
"""


def test_creating_the_app_loads_no_report_library(tmp_path: Path) -> None:
    found = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=set(HEAVY)), str(tmp_path / "lean.sqlite3")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert json.loads(found.stdout.strip().splitlines()[-1]) == []
