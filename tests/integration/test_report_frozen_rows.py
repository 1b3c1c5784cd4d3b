"""A final report version never changes, whoever writes: the database refuses it too."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from intake.models import ReportVersion
from intake.web.extensions import db


def test_the_database_refuses_to_change_or_delete_a_final_version(app: Flask) -> None:
    with app.app_context():
        db.session.add_all(
            [
                ReportVersion(
                    period="2026-Q3",
                    number=1,
                    status="final",
                    causes="Lange Wartezeiten am Empfang in Diez.",
                    recommendations="Terminvergabe online ausbauen.",
                    figures='{"schema": 1}',
                    pdf=b"%PDF-1.7 frozen",
                ),
                ReportVersion(period="2026-Q3", number=2, status="draft", causes="Entwurf"),
            ]
        )
        db.session.commit()

        for statement in (
            "update report_version set causes = 'geändert' where number = 1",
            "update report_version set status = 'draft' where number = 1",
            "delete from report_version where number = 1",
        ):
            with pytest.raises(DBAPIError, match="never changes"):
                db.session.execute(text(statement))
            db.session.rollback()

        # The draft stays editable.
        db.session.execute(text("update report_version set causes = 'neu' where number = 2"))
        db.session.commit()
        db.session.expire_all()
        frozen = db.session.scalars(select(ReportVersion).where(ReportVersion.number == 1)).one()
        assert (frozen.causes, frozen.pdf) == (
            "Lange Wartezeiten am Empfang in Diez.",
            b"%PDF-1.7 frozen",
        )
