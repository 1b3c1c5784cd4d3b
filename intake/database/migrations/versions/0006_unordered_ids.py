"""unordered ids: random ids for every row about a citizen's submission

Contacts, Google reviews, forwarding links and measures counted up (SERIAL on PostgreSQL,
the rowid on SQLite), so their ids told the order in which rows were written: a contact's
id is the order in which people wrote in. They now get random 62-bit ids like submissions
(`intake.models.random_id`); existing rows are renumbered at random here, and the audit
details that name a link or measure ("link 12", "measure 7: …") follow their new ids.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 09:00:00
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TABLES = ("contact", "google_review", "forward_link", "measure")
# Audit details that name a row of these tables by id (intake.forwarding.services, intake.measures.services).
_LINK = re.compile(r"(?<![\w])link (\d+)(?=$|\D)")
_MEASURE = re.compile(r"^measure (\d+)(?=:|$)")
_BATCH = 1000


def _random_id() -> int:
    """As intake.models.random_id (copied: a migration must not change with the models)."""
    return secrets.randbits(62) or 1


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in TABLES:
        if postgres:
            _drop_serial(table)
        mapping = _renumber(table, _random_ids)
        _rewrite_audit(table, mapping)


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in reversed(TABLES):
        mapping = _renumber(table, _counted)
        _rewrite_audit(table, mapping)
        if postgres:
            _restore_serial(table, len(mapping))


def _drop_serial(table: str) -> None:
    """BIGINT without the sequence's default (SQLite keeps INTEGER: it is 64-bit already)."""
    op.execute(f"alter table {table} alter column id drop default")
    op.execute(f"drop sequence if exists {table}_id_seq")
    op.execute(f"alter table {table} alter column id type bigint")


def _restore_serial(table: str, rows: int) -> None:
    op.execute(f"alter table {table} alter column id type integer")
    op.execute(f"create sequence {table}_id_seq owned by {table}.id")
    op.execute(f"select setval('{table}_id_seq', {rows + 1}, false)")
    op.execute(f"alter table {table} alter column id set default nextval('{table}_id_seq')")


def _random_ids(old_ids: list[int]) -> dict[int, int]:
    """A new random id per row, all different."""
    taken, mapping = set(old_ids), {}
    for old in old_ids:
        new = _random_id()
        while new in taken:
            new = _random_id()
        taken.add(new)
        mapping[old] = new
    return mapping


def _counted(old_ids: list[int]) -> dict[int, int]:
    """1, 2, 3 … for the downgrade (INTEGER and a sequence again)."""
    return {old: new for new, old in enumerate(old_ids, start=1)}


def _renumber(table: str, plan: Callable[[list[int]], dict[int, int]]) -> dict[int, int]:
    """Give every row of `table` the id `plan` maps it to; returns old → new."""
    bind = op.get_bind()
    select_ids = sa.text(f"select id from {table} order by id")  # noqa: S608 - TABLES only
    old_ids = [row[0] for row in bind.execute(select_ids)]
    mapping = plan(old_ids)
    # Two steps (negative first), so that no new id ever meets a not-yet-moved old one.
    update = sa.text(f"update {table} set id = :new where id = :old")  # noqa: S608 - TABLES
    _run(update, [{"old": old, "new": -new} for old, new in mapping.items()])
    _run(update, [{"old": -new, "new": new} for new in mapping.values()])
    return mapping


def _run(statement: sa.TextClause, rows: list[dict[str, int]]) -> None:
    bind = op.get_bind()
    for start in range(0, len(rows), _BATCH):
        bind.execute(statement, rows[start : start + _BATCH])


def _rewrite_audit(table: str, mapping: dict[int, int]) -> None:
    """Audit details name forwarding links and measures by id: keep them pointing right."""
    pattern = {"forward_link": _LINK, "measure": _MEASURE}.get(table)
    if pattern is None or not mapping:
        return
    bind = op.get_bind()
    like = "%link %" if table == "forward_link" else "measure %"
    events = bind.execute(
        sa.text("select id, detail from audit_event where detail like :like"), {"like": like}
    ).all()
    changed = []
    for event_id, detail in events:
        new_detail = pattern.sub(
            lambda m: m.group(0).replace(m.group(1), str(mapping.get(int(m.group(1)), m.group(1)))),
            detail,
        )
        if new_detail != detail:
            changed.append({"id": event_id, "detail": new_detail})
    _run_details(changed)


def _run_details(rows: list[dict[str, object]]) -> None:
    bind = op.get_bind()
    statement = sa.text("update audit_event set detail = :detail where id = :id")
    for start in range(0, len(rows), _BATCH):
        bind.execute(statement, rows[start : start + _BATCH])
