"""Who may open each back-office page, written out once by hand.

The roles are declared beside each view (`@roles`), and the route walk in test_staff.py reads
those declarations. This table is the independent reference: widening or narrowing a
declaration, adding a page or dropping one fails here until the table is changed on purpose.
(It is the former `ROLES_BY_ENDPOINT` table, endpoints renamed to `staff.<area>.<name>`.)
"""

from __future__ import annotations

from flask import Flask

from intake.web.access import declaration

OFF, LEAD, MGMT, AC, SVC, ADM = (
    "officer",
    "team_lead",
    "management",
    "anti_corruption",
    "service",
    "admin",
)
EVERYONE = {OFF, LEAD, MGMT, AC, SVC, ADM}
WORK = {OFF, ADM, AC}
SEE_CASE = WORK | {MGMT, LEAD}
DESK = {OFF, ADM}
PRINTING = {SVC, ADM}

EXPECTED: dict[str, set[str]] = {
    "staff.home": EVERYONE,
    "staff.login.logout": EVERYONE,
    "staff.cases.inbox": WORK,
    "staff.cases.case": SEE_CASE,
    "staff.cases.old_address": SEE_CASE,
    "staff.cases.mark_spam": WORK,
    "staff.cases.translate": SEE_CASE,
    "staff.triage.case_new": DESK,
    "staff.triage.classify": WORK,
    "staff.triage.transition": WORK,
    "staff.triage.assign": WORK,
    "staff.triage.hand_off": WORK,
    "staff.triage.restrict": WORK,
    "staff.triage.acknowledge": WORK,
    "staff.forwarding.forward": WORK,
    "staff.forwarding.revoke": WORK,
    "staff.forwarding.lead_cases": {LEAD},
    "staff.forwarding.lead_statement": {LEAD},
    "staff.answers.answer": WORK,
    "staff.answers.letter": WORK,
    "staff.answers.templates": DESK,
    "staff.answers.template_edit": DESK,
    "staff.measures.index": {OFF, ADM, MGMT},
    "staff.measures.new": WORK,
    "staff.measures.edit": WORK,
    "staff.reports.high_risk": {MGMT, OFF},
    "staff.reports.hint_stats": {OFF, ADM, MGMT},
    "staff.reports.index": {OFF, MGMT},
    "staff.reports.export": {OFF, MGMT},
    "staff.reports.export_xlsx": {OFF, MGMT},
    "staff.reports.save_draft": {OFF},
    "staff.reports.finalize": {OFF},
    "staff.reports.new_version": {OFF},
    "staff.reports.version": {OFF, MGMT},
    "staff.reports.version_pdf": {OFF, MGMT},
    "staff.reports.draft_pdf": {OFF, MGMT},
    "staff.reports.dashboard": {OFF, MGMT},
    "staff.reports.summary": {OFF, MGMT},
    "staff.reports.summary_pdf": {OFF, MGMT},
    "staff.printing.paper_cards": DESK,
    "staff.printing.cards": PRINTING,
    "staff.printing.preview": PRINTING,
    "staff.printing.print": PRINTING,
    "staff.printing.request_done": PRINTING,
    "staff.printing.batches": {SVC, ADM, OFF, MGMT},
    "staff.printing.request_new": {LEAD, ADM},
    "staff.reviews.reply": DESK,
    "staff.reviews.reply_delete": DESK,
    "staff.admin.users": {ADM},
    "staff.admin.user": {ADM},
    "staff.admin.offices": {ADM},
    "staff.admin.settings": {ADM},
}
LOGIN_STEPS = {
    "staff.login.form": "public",
    "staff.login.code": "half",
    "staff.login.enrol": "half",
}


def test_each_back_office_page_opens_to_exactly_the_roles_in_the_table(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    staff = {endpoint for endpoint in endpoints if endpoint.startswith("staff.")}
    assert staff == set(EXPECTED) | set(LOGIN_STEPS)
    for endpoint, roles in EXPECTED.items():
        declared = declaration(app, endpoint)
        assert declared is not None, endpoint
        assert {str(role) for role in declared.roles} == roles, endpoint
        assert not declared.public and not declared.half_login, endpoint


def test_the_login_steps_are_open_only_as_far_as_they_must_be(app: Flask) -> None:
    for endpoint, kind in LOGIN_STEPS.items():
        declared = declaration(app, endpoint)
        assert declared is not None and not declared.roles, endpoint
        assert (declared.public, declared.half_login) == (kind == "public", kind == "half")
