"""google reviews: office locations and review details

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 05:45:10.867158
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('google_location',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('linked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('synced_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('synced_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('full_synced_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name='fk_google_location_office_id_office'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name', name='uq_google_location_name'),
    sa.UniqueConstraint('office_id', name='uq_google_location_office_id')
    )
    op.create_table('google_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('location_name', sa.String(length=200), nullable=False),
    sa.Column('reviewer_name', sa.String(length=200), nullable=True),
    sa.Column('star_rating', sa.SmallInteger(), nullable=True),
    sa.Column('comment_original', sa.Text(), nullable=True),
    sa.Column('comment_translation', sa.Text(), nullable=True),
    sa.Column('create_time', sa.DateTime(timezone=True), nullable=True),
    sa.Column('update_time', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reply_comment', sa.Text(), nullable=True),
    sa.Column('reply_update_time', sa.DateTime(timezone=True), nullable=True),
    sa.Column('first_replied_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], name='fk_google_review_submission_id_submission', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name', name='uq_google_review_name'),
    sa.UniqueConstraint('submission_id', name='uq_google_review_submission_id')
    )
    with op.batch_alter_table('google_review', schema=None) as batch_op:
        batch_op.create_index('ix_google_review_location', ['location_name'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('google_review', schema=None) as batch_op:
        batch_op.drop_index('ix_google_review_location')

    op.drop_table('google_review')
    op.drop_table('google_location')
