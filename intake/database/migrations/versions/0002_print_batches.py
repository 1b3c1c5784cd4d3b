"""print batches, card requests, paper cards

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 05:27:10.182975
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('print_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('layout', sa.String(length=12), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_via', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff_user.id'], ),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('print_batch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_print_batch_office_id'), ['office_id'], unique=False)

    op.create_table('card_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('layout', sa.String(length=12), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['print_batch.id'], ),
    sa.ForeignKeyConstraint(['done_by_id'], ['staff_user.id'], ),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], ),
    sa.ForeignKeyConstraint(['requested_by_id'], ['staff_user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('card_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_card_request_status'), ['status'], unique=False)

    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('office_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_staff_user_office_id_office', 'office', ['office_id'], ['id'])

    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.alter_column('receipt_selector',
               existing_type=sa.VARCHAR(length=8),
               nullable=True)
        batch_op.alter_column('receipt_hash',
               existing_type=sa.VARCHAR(length=200),
               nullable=True)
        batch_op.alter_column('form_nonce_hash',
               existing_type=sa.VARCHAR(length=64),
               nullable=True)



def downgrade() -> None:
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.alter_column('form_nonce_hash',
               existing_type=sa.VARCHAR(length=64),
               nullable=False)
        batch_op.alter_column('receipt_hash',
               existing_type=sa.VARCHAR(length=200),
               nullable=False)
        batch_op.alter_column('receipt_selector',
               existing_type=sa.VARCHAR(length=8),
               nullable=False)

    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.drop_constraint('fk_staff_user_office_id_office', type_='foreignkey')
        batch_op.drop_column('office_id')

    with op.batch_alter_table('card_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_card_request_status'))

    op.drop_table('card_request')
    with op.batch_alter_table('print_batch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_print_batch_office_id'))

    op.drop_table('print_batch')
