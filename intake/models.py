"""The data model. Typed SQLAlchemy 2.x models; no commits or behaviour beyond small helpers.

What is deliberately *not* here: no IP address, user agent, referrer or time of day of a
citizen's case. Case ids are random, so their order tells nothing about the
order (and thus the time) in which submissions arrived; so are the ids of every row about a
case (contact, Google review, forwarding link, measure). The one exception is the
audit log: it is the staff's timeline (`at`), and a citizen's case never writes to it
(tests/integration/test_unordered_ids.py holds both rules).
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intake.database import Base

# SQLite only aliases the rowid for INTEGER PRIMARY KEY; PostgreSQL needs BIGINT for 62 bits.
RandomId = BigInteger().with_variant(Integer(), "sqlite")


def random_id() -> int:
    """A positive 62-bit random id (fits signed 64-bit integers everywhere)."""
    return secrets.randbits(62) or 1


def utcnow() -> datetime:
    """Aware UTC now, for staff-side records only (never for citizens' submissions)."""
    return datetime.now(UTC)


class Office(Base):
    """A Geschäftsstelle: the place a card lies in and a reaction is about."""

    __tablename__ = "office"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)  # stored upper case
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="")
    state: Mapped[str] = mapped_column(String(2))  # federal state, e.g. RP, BE
    retired: Mapped[bool] = mapped_column(Boolean, default=False)


class Case(Base):
    """One customer reaction (Kundenreaktion) and its handling. `text` is already masked;
    contact data lives apart.

    The stored names predate the noun: the table is `submission` and the columns that point
    at it are `submission_id`. Code says `Case`/`case_id` throughout; renaming live tables
    would buy nothing and cost every installation a rewrite of its largest table.
    """

    __tablename__ = "submission"
    __table_args__ = (
        Index("ix_submission_inbox", "is_spam", "received_on", "id"),
        Index("ix_submission_office_inbox", "office_id", "is_spam", "received_on", "id"),
        Index("ix_submission_status", "status", "received_on", "id"),
        Index("ix_submission_next_due", "next_due_on"),
        Index("ix_submission_high_risk", "high_risk", "restricted", "received_on", "id"),
        Index("ix_submission_assignee", "assignee_id", "received_on", "id"),
        Index("ix_submission_restricted", "restricted", "received_on"),
        Index("ix_submission_closed", "status", "closed_on"),
    )

    id: Mapped[int] = mapped_column(
        RandomId, primary_key=True, autoincrement=False, default=random_id
    )
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"), index=False)
    channel: Mapped[str] = mapped_column(String(20))  # see intake.reception.services.CHANNELS
    batch: Mapped[int | None] = mapped_column(Integer)  # print batch number from the URL
    kind: Mapped[str] = mapped_column(String(20))
    rating: Mapped[int | None] = mapped_column(SmallInteger)
    text: Mapped[str] = mapped_column(Text)
    masked_kinds: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(8))
    received_on: Mapped[date] = mapped_column(Date)  # the date only, never the time of day
    status: Mapped[str] = mapped_column(String(20), default="new")  # intake.triage.workflow.STATES
    is_spam: Mapped[bool] = mapped_column(Boolean, default=False)
    spam_reason: Mapped[str | None] = mapped_column(String(40))
    # Web submissions only: paper cards and staff-entered reactions have no receipt.
    receipt_selector: Mapped[str | None] = mapped_column(String(8), index=True)
    receipt_hash: Mapped[str | None] = mapped_column(String(200))
    form_nonce_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_on: Mapped[date | None] = mapped_column(Date)
    answer_channel: Mapped[str | None] = mapped_column(String(10))  # email, letter, receipt
    # The language the answer is written in (intake.languages code; NULL: not recorded, older
    # answers), and, when it was drafted by machine translation, the officer's German text,
    # which stays the binding one (intake.answers.translation).
    answer_language: Mapped[str | None] = mapped_column(String(8))
    answer_original: Mapped[str | None] = mapped_column(Text)
    # Machine translation of the (masked) text into German for the officer, made on request:
    # the translation, the language it was translated from, and the day (never the time).
    text_translation: Mapped[str | None] = mapped_column(Text)
    translation_source: Mapped[str | None] = mapped_column(String(16))
    translated_on: Mapped[date | None] = mapped_column(Date)

    # Triage (intake.triage.cases): the officer's classification, the hints that preceded it, the
    # risk, the deadlines' milestones and the earliest open deadline (for the due views).
    contactable: Mapped[bool] = mapped_column(Boolean, default=False)
    krm_kind: Mapped[str | None] = mapped_column(String(30))  # triage.rules' kinds
    about_conduct: Mapped[bool] = mapped_column(Boolean, default=False)
    justified: Mapped[bool | None] = mapped_column(Boolean)
    justified_reason: Mapped[str | None] = mapped_column(String(40))
    suggested_kind: Mapped[str | None] = mapped_column(String(30))
    suggestion_reason: Mapped[str | None] = mapped_column(String(300))
    suggestion_accepted: Mapped[bool | None] = mapped_column(Boolean)
    hints_version: Mapped[str | None] = mapped_column(String(16))
    flags: Mapped[str] = mapped_column(String(200), default="")  # comma-separated flag names
    flag_reasons: Mapped[str] = mapped_column(Text, default="")  # "name: reason" per line
    high_risk: Mapped[bool] = mapped_column(Boolean, default=False)
    # Corruption hints: visible to the anti-corruption role only (GA 5.3).
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)
    handoff_to: Mapped[str | None] = mapped_column(String(120))
    first_followup_on: Mapped[date | None] = mapped_column(Date)
    committee_deadline: Mapped[date | None] = mapped_column(Date)
    acknowledged_on: Mapped[date | None] = mapped_column(Date)
    forwarded_on: Mapped[date | None] = mapped_column(Date)
    statement_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    next_due_on: Mapped[date | None] = mapped_column(Date)
    next_due_name: Mapped[str | None] = mapped_column(String(40))
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_user.id", name="fk_submission_assignee_id_staff_user")
    )
    contact_deleted_on: Mapped[date | None] = mapped_column(Date)
    anonymised_on: Mapped[date | None] = mapped_column(Date)

    office: Mapped[Office | None] = relationship(lazy="joined")
    contact: Mapped[Contact | None] = relationship(
        back_populates="case", cascade="all, delete-orphan", uselist=False
    )
    google_review: Mapped[GoogleReview | None] = relationship(
        back_populates="case", cascade="all, delete-orphan", uselist=False
    )
    assignee: Mapped[User | None] = relationship(lazy="joined")
    forward_links: Mapped[list[ForwardLink]] = relationship(
        back_populates="case",
        cascade="all, delete-orphan",
        order_by="ForwardLink.created_at",
    )
    measures: Mapped[list[Measure]] = relationship(
        back_populates="case", order_by="(Measure.created_at, Measure.id)"
    )

    @property
    def flag_names(self) -> list[str]:
        """The raised flags as a list."""
        return [name for name in self.flags.split(",") if name]


class Contact(Base):
    """Contact data a sender chose to give, with consent; kept apart from the text."""

    __tablename__ = "contact"

    # Random, like the submission's: a counter would tell the order in which people wrote.
    id: Mapped[int] = mapped_column(
        RandomId, primary_key=True, autoincrement=False, default=random_id
    )
    case_id: Mapped[int] = mapped_column(
        "submission_id", ForeignKey("submission.id", ondelete="CASCADE"), unique=True
    )
    name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    postal_address: Mapped[str] = mapped_column(String(500), default="")
    preferred: Mapped[str] = mapped_column(String(10))  # email / phone / post
    consent_on: Mapped[date] = mapped_column(Date)

    case: Mapped[Case] = relationship(back_populates="contact")


class User(Base):
    """A staff member of the back office."""

    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower case
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The office a team lead belongs to (None for roles that span all offices).
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"))
    # Bumped on password reset so that existing sessions end.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Second factor (TOTP, intake.accounts.totp): the base32 secret (pending until enrolled_at is
    # set) and the last time step accepted, so that one code cannot be used twice.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enrolled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)


class StaffSession(Base):
    """A staff login on the server: the cookie carries the id, only its SHA-256 is stored.

    Logout sets `revoked_at`, so a copied cookie dies with it; `intake.accounts.sessions` ends a
    session after an idle time and an absolute lifetime as well.
    """

    __tablename__ = "staff_session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_user.id", ondelete="CASCADE", name="fk_staff_session_user_id_staff_user"),
        index=True,
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class RecoveryCode(Base):
    """A one-time recovery code for the second factor; only its SHA-256 is stored."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_user.id", ondelete="CASCADE", name="fk_recovery_code_user_id_staff_user"),
        index=True,
    )
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AuditEvent(Base):
    """Who did what when, for every staff action."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_submission", "submission_id", "at"),)

    # A counter on purpose: staff actions in order. Never written when a citizen submits.
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    action: Mapped[str] = mapped_column(String(40))
    case_id: Mapped[int | None] = mapped_column("submission_id", RandomId)
    detail: Mapped[str] = mapped_column(String(500), default="")
    # Workflow transitions (action "transition"): the state before and after.
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str | None] = mapped_column(String(20))

    user: Mapped[User | None] = relationship(lazy="joined")


class PrintBatch(Base):
    """One print run of cards or posters. Its id is the batch number in the QR code's URL."""

    __tablename__ = "print_batch"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    layout: Mapped[str] = mapped_column(String(12))  # card, poster-a4, poster-a3
    language: Mapped[str] = mapped_column(String(8))
    count: Mapped[int] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_via: Mapped[str] = mapped_column(String(10), default="web")  # web or cli
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    office: Mapped[Office] = relationship(lazy="joined")
    created_by: Mapped[User | None] = relationship(lazy="joined")


class CardRequest(Base):
    """A team lead's order of cards for an office (Neukölln GA 5.2/5.4)."""

    __tablename__ = "card_request"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    layout: Mapped[str] = mapped_column(String(12))
    count: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)  # open, done
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("print_batch.id"))

    office: Mapped[Office] = relationship(lazy="joined")
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id], lazy="joined")


class GoogleLocation(Base):
    """An office's Google Business Profile location, and how far its reviews are synced.

    `synced_until` is the newest review `updateTime` of the last *complete* listing (the
    next run passes it as `since_update_time`); `full_synced_at` is when the last complete
    listing without it ran (the pass that notices deleted reviews).
    """

    __tablename__ = "google_location"
    __table_args__ = (
        UniqueConstraint("office_id", name="uq_google_location_office_id"),
        UniqueConstraint("name", name="uq_google_location_name"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_id: Mapped[int] = mapped_column(
        ForeignKey("office.id", name="fk_google_location_office_id_office")
    )
    name: Mapped[str] = mapped_column(String(200))  # accounts/{a}/locations/{l}
    linked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    synced_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    synced_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    full_synced_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    office: Mapped[Office] = relationship(lazy="joined")


class GoogleReview(Base):
    """What Google says about a review shown in the inbox as a `Case` (channel google).

    Public text, so nothing is masked. The reviewer's display name is public on Google too,
    but it is shown only on the review's own page: never in lists, exports or reports, and
    never copied into `Case.text`.
    """

    __tablename__ = "google_review"
    __table_args__ = (
        UniqueConstraint("submission_id", name="uq_google_review_submission_id"),
        UniqueConstraint("name", name="uq_google_review_name"),
        Index("ix_google_review_location", "location_name"),
    )

    id: Mapped[int] = mapped_column(
        RandomId, primary_key=True, autoincrement=False, default=random_id
    )
    case_id: Mapped[int] = mapped_column(
        "submission_id",
        RandomId,
        ForeignKey(
            "submission.id", ondelete="CASCADE", name="fk_google_review_submission_id_submission"
        ),
    )
    name: Mapped[str] = mapped_column(String(300))  # accounts/{a}/locations/{l}/reviews/{r}
    location_name: Mapped[str] = mapped_column(String(200))
    reviewer_name: Mapped[str | None] = mapped_column(String(200))
    star_rating: Mapped[int | None] = mapped_column(SmallInteger)
    comment_original: Mapped[str | None] = mapped_column(Text)
    comment_translation: Mapped[str | None] = mapped_column(Text)
    create_time: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    update_time: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reply_comment: Mapped[str | None] = mapped_column(Text)
    reply_update_time: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    first_replied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    case: Mapped[Case] = relationship(back_populates="google_review")


class ForwardLink(Base):
    """A case forwarded to a team lead: a secret, expiring link that shows only this case.

    Only the SHA-256 of the token is stored; the link itself is shown once to the officer
    (and e-mailed to the lead). The lead's statement and proposed measures land here.
    """

    __tablename__ = "forward_link"

    id: Mapped[int] = mapped_column(
        RandomId, primary_key=True, autoincrement=False, default=random_id
    )
    case_id: Mapped[int] = mapped_column(
        "submission_id",
        RandomId,
        ForeignKey(
            "submission.id", ondelete="CASCADE", name="fk_forward_link_submission_id_submission"
        ),
        index=True,
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    recipient: Mapped[str] = mapped_column(String(254))  # the team lead's e-mail address
    note: Mapped[str] = mapped_column(Text, default="")  # the officer's request to the lead
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_user.id", name="fk_forward_link_created_by_id_staff_user")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    statement: Mapped[str | None] = mapped_column(Text)
    proposed_measures: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    case: Mapped[Case] = relationship(back_populates="forward_links")
    created_by: Mapped[User | None] = relationship(lazy="joined")


class Measure(Base):
    """A Maßnahme taken because of reactions, and the later check of its effect (RL Nr. 2)."""

    __tablename__ = "measure"

    id: Mapped[int] = mapped_column(
        RandomId, primary_key=True, autoincrement=False, default=random_id
    )
    case_id: Mapped[int | None] = mapped_column(
        "submission_id",
        RandomId,
        ForeignKey(
            "submission.id", ondelete="SET NULL", name="fk_measure_submission_id_submission"
        ),
        index=True,
    )
    office_id: Mapped[int | None] = mapped_column(
        ForeignKey("office.id", name="fk_measure_office_id_office")
    )
    what: Mapped[str] = mapped_column(Text)
    responsible: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="open")  # open, done, dropped
    check_on: Mapped[date | None] = mapped_column(Date)  # when to check the effect
    check_result: Mapped[str | None] = mapped_column(Text)
    effective: Mapped[bool | None] = mapped_column(Boolean)
    checked_on: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_user.id", name="fk_measure_created_by_id_staff_user")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    case: Mapped[Case | None] = relationship(back_populates="measures")
    office: Mapped[Office | None] = relationship(lazy="joined")


class AnswerTemplate(Base):
    """An editable answer text for one kind and language (friendly, addressing every point)."""

    __tablename__ = "answer_template"
    __table_args__ = (
        UniqueConstraint("kind", "language", "title", name="uq_answer_template_kind_lang_title"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))  # an intake.triage.rules kind
    language: Mapped[str] = mapped_column(String(8), default="de")
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_user.id", name="fk_answer_template_updated_by_id_staff_user")
    )
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ReportDay(Base):
    """The maintained summary of one day's reactions for reports (`intake.reports.daily`).

    The JSON columns hold counts only, computed from the day's cases under the rule profile
    `profile` names; a `ReportDirty` row for the day says it must be computed again.
    `open_until` is the latest `closed_on` of the day's cases, `OPEN` while one is open: the
    backlog at a period's end reads only the days with `open_until` after it.
    """

    __tablename__ = "report_day"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    profile: Mapped[str] = mapped_column(String(60), default="")
    open_until: Mapped[date | None] = mapped_column(Date, index=True)
    facts: Mapped[str] = mapped_column(Text, default="{}")  # every office's counts together
    offices: Mapped[str] = mapped_column(Text, default="{}")  # the same per office id ("-": none)
    closed: Mapped[str] = mapped_column(Text, default="{}")  # closing days' counts, per office
    cube: Mapped[str] = mapped_column(Text, default="[]")  # the dashboard's combinations


class ReportMonth(Base):
    """A month of `ReportDay.cube` rows merged, for the dashboard; `digest` is the SHA-256 of
    the day rows it was merged from, checked on every read (`intake.reports.daily.cube`)."""

    __tablename__ = "report_month"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # "2026-07"
    digest: Mapped[str] = mapped_column(String(64))
    cube: Mapped[str] = mapped_column(Text)


class ReportDirty(Base):
    """A day whose summary is out of date: written by database triggers on every insert,
    update and delete of a case (and of its Google review), consumed by
    `intake.reports.daily.refresh`. Append-only, so concurrent writers never wait on it."""

    __tablename__ = "report_dirty"

    # Random, written by the triggers: a counter would tell how many cases were written.
    id: Mapped[int] = mapped_column(RandomId, primary_key=True, autoincrement=False)
    day: Mapped[date] = mapped_column(Date, index=True)


class ReportVersion(Base):
    """One version of a period's KRM report: the officer's draft texts, or a final version
    frozen with its figures and PDF (`intake.reports.documents`)."""

    __tablename__ = "report_version"
    __table_args__ = (UniqueConstraint("period", "number", name="uq_report_version_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[str] = mapped_column(String(24))  # "2026-Q3", "2026", "2026-07"
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, … per period
    status: Mapped[str] = mapped_column(String(8), default="draft")  # draft, final
    causes: Mapped[str] = mapped_column(Text, default="")
    recommendations: Mapped[str] = mapped_column(Text, default="")
    figures: Mapped[str | None] = mapped_column(Text)  # JSON of the frozen Figures (final only)
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary)  # the PDF handed in (final only)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_user.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finalized_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_user.id", ondelete="SET NULL")
    )
    finalized_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id], lazy="joined")
    finalized_by: Mapped[User | None] = relationship(foreign_keys=[finalized_by_id], lazy="joined")
