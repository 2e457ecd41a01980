"""Content version and reader indexes

The content_version row is what public pages use as their ETag and cache key; it starts at the
time in milliseconds so that a recreated database never repeats an old database's ETags.

The dashboard's index gains id, its ordering's tie-breaker, so that PostgreSQL (whose indexes hold
no row id, unlike SQLite's) can read a page of one author's posts from the index alone. The new
index is built before the old one is dropped, so the dashboard never goes without one.

Revision ID: c555d75cbf9c
Revises: 0d21a6b8ff8f
Create Date: 2026-11-21 11:03:29.038303

"""
import time

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c555d75cbf9c'
down_revision = '0d21a6b8ff8f'
branch_labels = None
depends_on = None


def upgrade():
    content_version = op.create_table(
        'content_version',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('version', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_content_version')),
    )
    op.bulk_insert(content_version, [{'id': 1, 'version': int(time.time() * 1000)}])
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.create_index('ix_posts_author_id_created_at_id',
                              ['author_id', 'created_at', 'id'], unique=False)
        batch_op.drop_index('ix_posts_author_id_created_at')


def downgrade():
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.create_index('ix_posts_author_id_created_at', ['author_id', 'created_at'],
                              unique=False)
        batch_op.drop_index('ix_posts_author_id_created_at_id')
    op.drop_table('content_version')
