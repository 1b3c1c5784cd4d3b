"""reports: a maintained summary per day, kept current by triggers; report versions

- `report_day`: one row per day of receipt with the JSON facts the reports merge
  (`intake.reports.daily`), so a year of a million reactions is 365 rows, not a million;
- `report_month`: a month of the days' dashboard cubes merged, with the digest of the day
  rows it came from (checked on every read, so it is never stale);
- `report_dirty`: the days whose summary is out of date. Triggers on `submission` and
  `google_review` append the day of receipt on every insert, update and delete — whichever
  code writes, a bulk UPDATE and a psql session included. Append-only, so concurrent
  submissions never wait on one another's row. Every existing day is marked dirty here;
- `report_version`: the officer's draft of a period's report and the frozen final versions;
  a trigger refuses every UPDATE and DELETE of a final row, from any client.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-20 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# Random 62-bit ids, as every row a citizen's submission writes: a counter would tell how
# many cases were written, and in which order (tests/integration/test_unordered_ids.py).
_SQLITE_ID = "(random() & 4611686018427387903)"
_POSTGRES_ID = "floor(random() * 4611686018427387903)::bigint"
_MARK = "INSERT INTO report_dirty (id, day) VALUES (" + _SQLITE_ID + ", {day})"
_MARK_REVIEW = (
    "INSERT INTO report_dirty (id, day) SELECT " + _SQLITE_ID + ", received_on FROM submission "
    "WHERE id = {case}"
)

SQLITE_TRIGGERS = (
    "CREATE TRIGGER report_dirty_case_insert AFTER INSERT ON submission BEGIN "
    + _MARK.format(day="NEW.received_on")
    + "; END",
    "CREATE TRIGGER report_dirty_case_update AFTER UPDATE ON submission BEGIN "
    + _MARK.format(day="OLD.received_on")
    + "; "
    + "INSERT INTO report_dirty (id, day) SELECT "
    + _SQLITE_ID
    + ", NEW.received_on "
    + "WHERE NEW.received_on IS NOT OLD.received_on; END",
    "CREATE TRIGGER report_dirty_case_delete AFTER DELETE ON submission BEGIN "
    + _MARK.format(day="OLD.received_on")
    + "; END",
    "CREATE TRIGGER report_dirty_review_insert AFTER INSERT ON google_review BEGIN "
    + _MARK_REVIEW.format(case="NEW.submission_id")
    + "; END",
    "CREATE TRIGGER report_dirty_review_update AFTER UPDATE ON google_review BEGIN "
    + _MARK_REVIEW.format(case="NEW.submission_id")
    + "; END",
    "CREATE TRIGGER report_dirty_review_delete AFTER DELETE ON google_review BEGIN "
    + _MARK_REVIEW.format(case="OLD.submission_id")
    + "; END",
    "CREATE TRIGGER report_version_final_update BEFORE UPDATE ON report_version "
    "WHEN OLD.status = 'final' BEGIN SELECT RAISE(ABORT, 'a final report version never changes'); END",
    "CREATE TRIGGER report_version_final_delete BEFORE DELETE ON report_version "
    "WHEN OLD.status = 'final' BEGIN SELECT RAISE(ABORT, 'a final report version never changes'); END",
)
SQLITE_DROP = (
    "report_dirty_case_insert",
    "report_dirty_case_update",
    "report_dirty_case_delete",
    "report_dirty_review_insert",
    "report_dirty_review_update",
    "report_dirty_review_delete",
    "report_version_final_update",
    "report_version_final_delete",
)

POSTGRES_FUNCTIONS = (
    """
    CREATE FUNCTION report_dirty_case() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO report_dirty (id, day) VALUES (floor(random() * 4611686018427387903)::bigint, OLD.received_on);
      END IF;
      IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.received_on IS DISTINCT FROM OLD.received_on)
      THEN
        INSERT INTO report_dirty (id, day) VALUES (floor(random() * 4611686018427387903)::bigint, NEW.received_on);
      END IF;
      RETURN NULL;
    END $$
    """,
    """
    CREATE FUNCTION report_dirty_review() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO report_dirty (id, day)
          SELECT floor(random() * 4611686018427387903)::bigint, received_on
          FROM submission WHERE id = OLD.submission_id;
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO report_dirty (id, day)
          SELECT floor(random() * 4611686018427387903)::bigint, received_on
          FROM submission WHERE id = NEW.submission_id;
      END IF;
      RETURN NULL;
    END $$
    """,
    "CREATE TRIGGER report_dirty_case AFTER INSERT OR UPDATE OR DELETE ON submission "
    "FOR EACH ROW EXECUTE FUNCTION report_dirty_case()",
    "CREATE TRIGGER report_dirty_review AFTER INSERT OR UPDATE OR DELETE ON google_review "
    "FOR EACH ROW EXECUTE FUNCTION report_dirty_review()",
    """
    CREATE FUNCTION report_version_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'a final report version never changes';
    END $$
    """,
    "CREATE TRIGGER report_version_frozen BEFORE UPDATE OR DELETE ON report_version "
    "FOR EACH ROW WHEN (OLD.status = 'final') EXECUTE FUNCTION report_version_frozen()",
)


def upgrade() -> None:
    op.create_table(
        "report_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("profile", sa.String(length=60), nullable=False),
        sa.Column("open_until", sa.Date(), nullable=True),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("offices", sa.Text(), nullable=False),
        sa.Column("closed", sa.Text(), nullable=False),
        sa.Column("cube", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("day"),
    )
    op.create_index("ix_report_day_open_until", "report_day", ["open_until"], unique=False)
    op.create_table(
        "report_month",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("cube", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("month"),
    )
    op.create_table(
        "report_dirty",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("day", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_report_dirty_day", "report_dirty", ["day"], unique=False)
    op.create_table(
        "report_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=24), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("causes", sa.Text(), nullable=False),
        sa.Column("recommendations", sa.Text(), nullable=False),
        sa.Column("figures", sa.Text(), nullable=True),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finalized_by_id", sa.Integer(), nullable=True),
        sa.Column("finalized_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["finalized_by_id"], ["staff_user.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["updated_by_id"], ["staff_user.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("period", "number", name="uq_report_version_number"),
    )
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_FUNCTIONS:
            op.execute(statement)
    else:
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)
    random_id = _POSTGRES_ID if op.get_bind().dialect.name == "postgresql" else _SQLITE_ID
    op.execute(
        f"INSERT INTO report_dirty (id, day) SELECT {random_id}, received_on "  # noqa: S608 (constants)
        "FROM (SELECT DISTINCT received_on FROM submission) AS days"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS report_dirty_review ON google_review")
        op.execute("DROP TRIGGER IF EXISTS report_dirty_case ON submission")
        op.execute("DROP FUNCTION IF EXISTS report_dirty_review()")
        op.execute("DROP FUNCTION IF EXISTS report_dirty_case()")
        op.execute("DROP TRIGGER IF EXISTS report_version_frozen ON report_version")
        op.execute("DROP FUNCTION IF EXISTS report_version_frozen()")
    else:
        for name in SQLITE_DROP:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("report_version")
    op.drop_index("ix_report_dirty_day", table_name="report_dirty")
    op.drop_table("report_dirty")
    op.drop_table("report_month")
    op.drop_index("ix_report_day_open_until", table_name="report_day")
    op.drop_table("report_day")
