"""No id or value linked to an anonymous submission tells the order or time of arrival.

A counter (INTEGER autoincrement, a PostgreSQL sequence, SQLite's rowid) on a row written
when a citizen submits numbers the citizens in the order they wrote. The schema test walks
the whole metadata; the behavioural tests watch what a real submission writes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import BigInteger, DateTime, Table, func, inspect, select, text
from sqlalchemy.dialects import postgresql

from intake.database import Base, make_engine, migrate
from intake.models import Contact, ReportDirty
from intake.web.extensions import db
from tests.helpers import submit

# Tables about submissions that may keep a counter, and why. Nothing else may.
COUNTED_ON_PURPOSE = {
    "audit_event": "the staff's timeline: every row has its staff time `at` anyway, and a "
    "citizen's submission never writes one (test_a_web_submission_writes_no_counter_or_time)",
}
CONTACT = {"name": "Anna Beispiel", "email": "anna@example.org", "preferred": "email"}


def about_submissions() -> Iterator[Table]:
    """The submission table and every table whose rows refer to a submission."""
    for table in Base.metadata.sorted_tables:
        refers = "submission_id" in table.c or any(
            fk.column.table.name == "submission" for fk in table.foreign_keys
        )
        if table.name == "submission" or refers:
            yield table


def test_no_counter_on_any_table_about_submissions() -> None:
    tables = {table.name: table for table in about_submissions()}
    assert {"submission", "contact", "google_review", "forward_link", "measure"} <= set(tables)
    for name, table in tables.items():
        if name in COUNTED_ON_PURPOSE:
            continue
        assert table.autoincrement_column is None, f"{name}.id counts up"
        for column in table.primary_key.columns:
            assert column.default is not None, f"{name}.{column.name} has no random default"
            # 62 random bits need BIGINT on PostgreSQL (SQLite's INTEGER is 64-bit).
            on_postgres = column.type.dialect_impl(postgresql.dialect())  # type: ignore[no-untyped-call]
            assert isinstance(on_postgres, BigInteger), f"{name}.{column.name}"


def test_the_migrated_database_has_no_sequence_on_them(database_url: str) -> None:
    engine = make_engine(database_url)
    inspector = inspect(engine)
    for table in about_submissions():
        if table.name in COUNTED_ON_PURPOSE:
            continue
        for column in inspector.get_columns(table.name):
            if column["name"] == "id":
                assert "nextval" not in str(column.get("default") or ""), table.name
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            sequences = set(
                connection.execute(
                    text("select relname from pg_class where relkind = 'S'")
                ).scalars()
            )
        assert (
            not {f"{t.name}_id_seq" for t in about_submissions()} - {"audit_event_id_seq"}
            & sequences
        )
    engine.dispose()


def row_counts(app: Flask) -> dict[str, int]:
    with app.app_context():
        return {
            table.name: db.session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


def test_a_web_submission_writes_no_counter_or_time(app: Flask, client: FlaskClient) -> None:
    before = row_counts(app)
    response = submit(client, consent="y", **CONTACT)
    assert response.status_code == 200
    after = row_counts(app)
    written = {name for name in after if after[name] != before[name]}
    # No audit event, nothing else; `report_dirty` is the reports' marker "this day changed"
    # (its day of receipt, a random id: `intake.reports.daily`).
    assert written == {"submission", "contact", "report_dirty"}, written
    for table in Base.metadata.sorted_tables:
        if table.name in written:
            assert table.autoincrement_column is None, table.name
            times = [c.name for c in table.columns if isinstance(c.type, DateTime)]
            assert times == [], f"{table.name} keeps a time of day: {times}"


def test_contact_ids_tell_nothing_about_the_order_of_arrival(
    app: Flask, client: FlaskClient
) -> None:
    for n in range(12):
        text_ = f"Bitte rufen Sie mich zurück, Anliegen Nummer {n}."
        assert submit(client, text=text_, consent="y", **CONTACT).status_code == 200
    with app.app_context():
        order = {
            int(re.findall(r"\d+", row.case.text)[0]): row.id
            for row in db.session.scalars(select(Contact))
        }
    assert sorted(order) == list(range(12))
    ids = [order[n] for n in range(12)]
    assert ids != sorted(ids) and ids != sorted(ids, reverse=True)  # not in arrival order
    assert all(abs(a - b) > 1_000_000 for a, b in pairwise(ids))  # nowhere near a counter
    assert min(ids) > 2**31  # random 62-bit ids, not small counted ones
    with app.app_context():  # the reports' day markers too
        marks = list(db.session.scalars(select(ReportDirty.id)))
    assert len(marks) >= 12 and min(marks) > 2**31
    assert all(abs(a - b) > 1_000_000 for a, b in pairwise(marks))


def test_upgrade_renumbers_existing_rows_at_random(database_url: str) -> None:
    """A database at 0005 with counted rows: 0006 gives them random ids, references follow."""
    engine = make_engine(database_url)
    migrate.downgrade(engine, "0005")
    try:
        with engine.begin() as connection:
            _populate_counted(connection)
        migrate.upgrade(engine)
        with engine.connect() as connection:
            contacts = connection.execute(
                text(
                    "select c.id, s.text from contact c "
                    "join submission s on s.id = c.submission_id order by s.text"
                )
            ).all()
            links = connection.execute(text("select id from forward_link")).scalars().all()
            measures = connection.execute(text("select id from measure")).scalars().all()
            details = set(connection.execute(text("select detail from audit_event")).scalars())
        assert [row.text for row in contacts] == [f"Text {n}" for n in range(5)]
        assert all(row.id > 2**31 for row in contacts)
        assert len(links) == 1 and links[0] > 2**31 and len(measures) == 1
        assert details == {
            f"chef@example.org, link {links[0]}",
            f"link {links[0]}",
            f"measure {measures[0]}: what, status=open",
            "other detail 1",
        }
        migrate.downgrade(engine, "0005")  # and back: counted again, references kept
        with engine.connect() as connection:
            assert connection.execute(text("select id from forward_link")).scalar() == 1
            assert "link 1" in set(
                connection.execute(text("select detail from audit_event")).scalars()
            )
    finally:
        migrate.upgrade(engine)
        with engine.begin() as connection:
            for table in ("audit_event", "measure", "forward_link", "contact", "submission"):
                connection.execute(text(f"delete from {table}"))  # noqa: S608 - fixed names
        engine.dispose()


def _populate_counted(connection: object) -> None:
    run = connection.execute  # type: ignore[attr-defined]
    for n in range(5):
        run(
            text(
                "insert into submission (id, channel, kind, text, masked_kinds, language, "
                "received_on, status, is_spam, contactable, about_conduct, flags, flag_reasons, "
                "high_risk, restricted) values (:id, 'homepage', 'idea', :text, '', 'de', "
                "'2026-01-05', 'new', false, true, false, '', '', false, false)"
            ),
            {"id": 7_000_000_000 + n, "text": f"Text {n}"},
        )
        run(
            text(
                "insert into contact (submission_id, name, email, phone, postal_address, "
                "preferred, consent_on) values (:s, 'Anna', 'a@example.org', '', '', 'email', "
                "'2026-01-05')"
            ),
            {"s": 7_000_000_000 + n},
        )
    run(
        text(
            "insert into forward_link (submission_id, token_hash, recipient, note, created_at, "
            "expires_at) values (7000000000, :h, 'chef@example.org', '', "
            "'2026-01-06 10:00:00+00', '2026-01-20 10:00:00+00')"
        ),
        {"h": "a" * 64},
    )
    run(
        text(
            "insert into measure (submission_id, what, responsible, status, created_at) "
            "values (7000000000, 'Schild', 'Team', 'open', '2026-01-06 10:00:00+00')"
        )
    )
    for detail in (
        "chef@example.org, link 1",
        "link 1",
        "measure 1: what, status=open",
        "other detail 1",
    ):
        run(
            text(
                "insert into audit_event (at, action, submission_id, detail) "
                "values ('2026-01-06 10:00:00+00', 'forward', 7000000000, :d)"
            ),
            {"d": detail},
        )
