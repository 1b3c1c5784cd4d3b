"""The back office (/staff/): one blueprint per area, nested under the `staff` blueprint.

Each area's routes live in `intake/backoffice/<area>/views.py` on the area's own blueprint
(endpoints `staff.<area>.<name>`, e.g. `staff.cases.case`); every view declares its roles
with `intake.web.access.roles`. `create_blueprint` lists the areas explicitly, so what the
back office consists of is read here, not inferred from imports.
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from intake.backoffice.admin.views import bp as admin
from intake.backoffice.answers.views import bp as answers
from intake.backoffice.cases.views import bp as cases
from intake.backoffice.forwarding.views import bp as forwarding
from intake.backoffice.login.views import bp as login
from intake.backoffice.measures.views import bp as measures
from intake.backoffice.printing.views import bp as printing
from intake.backoffice.reports.views import bp as reports
from intake.backoffice.reviews.views import bp as reviews
from intake.backoffice.triage.views import bp as triage
from intake.web.access import EVERYONE, can, roles

AREAS: tuple[Blueprint, ...] = (
    login,
    cases,
    triage,
    forwarding,
    answers,
    measures,
    reports,
    printing,
    reviews,
    admin,
)
# Where each role starts: the first of these it may open.
START_PAGES = (
    "staff.cases.inbox",
    "staff.forwarding.lead_cases",
    "staff.reports.high_risk",
    "staff.printing.cards",
    "staff.printing.request_new",
    "staff.printing.batches",
)


@roles(*EVERYONE)
def home() -> ResponseReturnValue:
    """The start page: the first page of `START_PAGES` the user may open."""
    for endpoint in START_PAGES:
        if can(endpoint):
            return redirect(url_for(endpoint))
    return render_template("staff/home.html")


def create_blueprint() -> Blueprint:
    """The back office's blueprint with its start page and every area; a new one per app."""
    staff = Blueprint("staff", __name__, url_prefix="/staff")
    staff.add_url_rule("/", "home", home, methods=["GET"])
    for area in AREAS:
        staff.register_blueprint(area)
    return staff
