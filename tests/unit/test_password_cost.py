"""Staff passwords are hashed at Argon2id's production cost outside the test suite.

`tests/conftest.py` swaps in a cheap hasher for speed; this runs a fresh interpreter, as
gunicorn does, so the swap cannot hide a weakened production setting.
"""

from __future__ import annotations

import subprocess
import sys

PROBE = (
    "from argon2 import Parameters, extract_parameters\n"
    "from intake.accounts import services as auth\n"
    "p = extract_parameters(auth._hasher.hash('ein langes Passwort'))\n"
    "print(p.type.name, p.time_cost, p.memory_cost, p.parallelism)\n"
)


def test_production_hashes_staff_passwords_at_full_cost() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True
    ).stdout.split()
    kind, time_cost, memory_kib = out[0], int(out[1]), int(out[2])
    assert kind == "ID"
    assert time_cost >= 3 and memory_kib >= 64 * 1024  # OWASP: Argon2id, 64 MiB or more
