"""Kept drafts

Text that an author posted after their login had ended (logged out in another tab, or expired) is
kept here until they log in again, then put back into their form (blog/posts/kept.py).

Revision ID: 7b3e9c1d4a2f
Revises: c555d75cbf9c
Create Date: 2026-12-01 10:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '7b3e9c1d4a2f'
down_revision = 'c555d75cbf9c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'kept_drafts',
        sa.Column('id', sa.String(length=64), nullable=False),
        sa.Column('post_slug', sa.String(length=100), nullable=True),
        sa.Column('title', sa.Text(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_kept_drafts')),
    )
    with op.batch_alter_table('kept_drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kept_drafts_created_at'), ['created_at'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_kept_drafts_expires_at'), ['expires_at'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('kept_drafts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kept_drafts_expires_at'))
        batch_op.drop_index(batch_op.f('ix_kept_drafts_created_at'))
    op.drop_table('kept_drafts')
