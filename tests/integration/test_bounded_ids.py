"""Ids in back-office URLs and cursors: only ASCII digits up to 2**63-1, else 404 or page one.

Before, `<int:…>` accepted any length (2**64 overflowed the database driver: a 500) and any
Unicode digits ("١٢" was case 12).
"""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from intake.params import MAX_ID, parse_cursor
from intake.web.access import declaration
from tests.helpers import hidden_fields, login, make_user

BAD_IDS = (str(2**63), str(2**64), str(10**30), "١٢", "0", "12345678901234567890")
ARGUMENT = re.compile(r"<(?:([a-z_]+):)?([a-z_]+)>")


def id_routes(app: Flask) -> list[tuple[str, str, str]]:
    """Every back-office route with an id in its path: (endpoint, rule, method)."""
    found = []
    for rule in app.url_map.iter_rules():
        declared = declaration(app, rule.endpoint)
        if declared is not None and declared.public:
            continue
        if not any(converter for converter, _name in ARGUMENT.findall(rule.rule)):
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, rule.rule, method))
    return found


Clients = dict[str, tuple[FlaskClient, dict[str, str]]]


def first_role(app: Flask, endpoint: str) -> str:
    """One role the endpoint's view declares (the first by name)."""
    found = declaration(app, endpoint)
    assert found is not None and found.roles, endpoint
    return sorted(found.roles)[0]


def with_id(rule: str, value: str) -> str:
    """The rule's path with `value` for its id and "x" for any other segment."""
    return ARGUMENT.sub(lambda m: value if m.group(1) else "x", rule)


def client_for(app: Flask, role: str, clients: Clients) -> tuple[FlaskClient, dict[str, str]]:
    """A logged-in client of `role` (one per role) and its CSRF token."""
    if role not in clients:
        make_user(app, f"{role}@example.org", role, office_code="DIEZ")
        visitor = app.test_client()
        login(visitor, f"{role}@example.org")
        clients[role] = (visitor, hidden_fields(visitor.get("/staff/login").get_data(as_text=True)))
    return clients[role]


def test_every_id_route_answers_404_to_ids_out_of_range(app: Flask) -> None:
    routes = id_routes(app)
    assert len(routes) >= 15, routes  # the grep in the brief found 20 such routes
    clients: Clients = {}
    for endpoint, rule, method in routes:
        visitor, token = client_for(app, first_role(app, endpoint), clients)
        for bad in BAD_IDS:
            url = with_id(rule, bad)
            data = token if method == "POST" else None
            response = visitor.open(url, method=method, data=data)
            assert response.status_code == 404, (endpoint, method, bad, response.status_code)


def test_id_routes_use_the_bounded_converter(app: Flask) -> None:
    for endpoint, rule, _method in id_routes(app):
        assert "<int:" not in rule, (endpoint, rule)


def test_the_largest_id_still_routes(app: Flask, client: FlaskClient) -> None:
    make_user(app)
    login(client)
    assert client.get(f"/staff/cases/{MAX_ID}").status_code == 404
    assert client.get("/staff/cases/0042").status_code == 404  # routed, just unknown


def test_ids_near_each_key_size_never_give_a_500(app: Flask) -> None:
    """INTEGER keys on PostgreSQL (staff, templates, card requests) end at 2**31-1."""
    clients: Clients = {}
    for endpoint, rule, method in id_routes(app):
        visitor, token = client_for(app, first_role(app, endpoint), clients)
        for edge in (str(2**31 - 1), str(2**31), str(MAX_ID)):
            url = with_id(rule, edge)
            response = visitor.open(url, method=method, data=token if method == "POST" else None)
            assert response.status_code < 500, (endpoint, edge)
    visitor, _token = client_for(app, "officer", clients)
    for query in ("/staff/inbox?office={}", "/staff/measures?office={}"):
        for big in (2**31, MAX_ID, 2**64):
            assert visitor.get(query.format(big)).status_code == 200, (query, big)
    admin, _token = client_for(app, "admin", clients)
    assert admin.get(f"/staff/cards/batches?office={2**31}").status_code == 200
    assert admin.get(f"/staff/cards/preview.png?office={2**40}").status_code < 500


CURSORS = (
    f"2024-01-01_{2**63}",
    f"2024-01-01_{2**64}",
    f"2024-01-01_{10**30}",
    "2024-01-01_١٢",
    f"9999-12-31_{MAX_ID}",
    "99999-01-01_5",
    "2024-01-01_-3",
    "_",
)
LISTS = (
    "/staff/inbox?after={}",
    "/staff/inbox?due=overdue&after={}",
    "/staff/inbox?due=soon&after={}",
    "/staff/inbox?office={}&after=2024-01-01_1",
    "/staff/high-risk?after={}",
    "/staff/measures?after={}",
    "/staff/measures?show=check&after={}",
)


def test_cursors_out_of_range_give_a_page_never_a_500(app: Flask, client: FlaskClient) -> None:
    make_user(app)
    login(client)
    for cursor in CURSORS:
        for pattern in LISTS:
            response = client.get(pattern.format(cursor))
            assert response.status_code in {200, 400}, (pattern, cursor, response.status_code)


def test_parse_cursor_is_bounded() -> None:
    assert parse_cursor(f"2024-01-01_{MAX_ID}") is not None
    for raw in (*CURSORS[:4], "2024-13-01_4", "", None, "2024-01-01", "2024-01-01_"):
        assert parse_cursor(raw) is None, raw
