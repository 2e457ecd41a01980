"""Addresses follow titles

A post never published whose author did not type its address gets it made again from its title
at each save, until it is published (a first autosave may catch half a title). posts.slug_chosen
says whether the author typed the address; every existing post counts as not (published ones
never follow their titles anyway).

Plain ALTER TABLE on SQLite too: rebuilding the posts table would delete, through ON DELETE
CASCADE, the rows that refer to it.

Revision ID: 8a4c2e6f1b37
Revises: 5e8c1a7d2b90
Create Date: 2026-12-01 14:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '8a4c2e6f1b37'
down_revision = '5e8c1a7d2b90'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('posts', sa.Column('slug_chosen', sa.Boolean(), nullable=False,
                                     server_default=sa.false()))


def downgrade():
    op.drop_column('posts', 'slug_chosen')
