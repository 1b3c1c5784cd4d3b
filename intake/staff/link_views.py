"""(being written) The team lead's forwarding link: its own blueprint, no staff login."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("forward", __name__, url_prefix="/f")
