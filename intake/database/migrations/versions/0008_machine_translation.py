"""machine translation: the officer's German translation of a case, answers in two languages

Five nullable columns on `submission`, no data to move:

- `text_translation`, `translation_source`, `translated_on`: the machine translation of the
  (masked) text into German, the language it came from, and the day it was made (a date,
  never the time: the row is about a citizen's case);
- `answer_language`: the language the answer is written in (NULL for older answers);
- `answer_original`: the officer's German text when the answer was drafted by machine
  translation into the customer's language (the German stays the binding version).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-16 09:00:00
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


_COLUMNS: tuple[tuple[str, Callable[[], sa.types.TypeEngine[Any]]], ...] = (
    ("answer_language", lambda: sa.String(length=8)),
    ("answer_original", sa.Text),
    ("text_translation", sa.Text),
    ("translation_source", lambda: sa.String(length=16)),
    ("translated_on", sa.Date),
)


# Plain ALTER TABLE both ways, no batch mode: on SQLite a batch would copy `submission` and
# drop the old table, and with foreign keys on, that drop cascades into every row that points
# at a case (contacts, links, measures). SQLite adds and (since 3.35) drops plain columns in
# place, as PostgreSQL does.
def upgrade() -> None:
    for name, kind in _COLUMNS:
        op.add_column("submission", sa.Column(name, kind(), nullable=True))


def downgrade() -> None:
    for name, _kind in reversed(_COLUMNS):
        op.drop_column("submission", name)
