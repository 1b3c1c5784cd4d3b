"""The staff roles, as one enum: what each may do is declared next to the views and services.

A `StrEnum`, so the value stored in `staff_user.role` is the plain name ("officer"), a
stored role compares equal to its member, and templates print the name. German labels are
the back office's words for them.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """A staff member's role; one per account."""

    OFFICER = "officer"  # KRM-Beauftragte/r: receives, triages, answers
    TEAM_LEAD = "team_lead"  # Teamleitung: statements on forwarded cases of the own office
    MANAGEMENT = "management"  # Geschäftsführung: reads, signs formal answers, reports
    ANTI_CORRUPTION = "anti_corruption"  # Antikorruptionsbeauftragte/r: corruption hints only
    SERVICE = "service"  # Service-Team: prints cards and posters
    ADMIN = "admin"  # Administration: accounts, offices, settings

    @property
    def label(self) -> str:
        """The role's name in the back office."""
        return ROLE_LABELS[self]


ROLE_LABELS: dict[str, str] = {
    Role.OFFICER: "KRM-Beauftragte/r",
    Role.TEAM_LEAD: "Teamleitung",
    Role.MANAGEMENT: "Geschäftsführung",
    Role.ANTI_CORRUPTION: "Antikorruptionsbeauftragte/r",
    Role.SERVICE: "Service-Team",
    Role.ADMIN: "Administration",
}
ALL_ROLES = frozenset(Role)
