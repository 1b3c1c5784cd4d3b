"""(being written) Back-office routes added to the staff blueprint."""

from __future__ import annotations

from intake.staff.views import bp

__all__ = ["bp"]
