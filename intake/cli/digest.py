"""(being written) `flask --app intake digest …`."""

from __future__ import annotations

import click

digest_cli = click.Group("digest", help="Staff notification digests (counts, never texts).")
