"""Site settings

One row (id 1) of settings admins edit at /dashboard/site. No row is inserted: until an admin
saves, the environment's BLOG_TITLE, BLOG_DESCRIPTION and BLOG_ABOUT hold.

Revision ID: c9e4a1f7b2d6
Revises: b7d3f9a2c5e1
Create Date: 2026-12-01 17:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c9e4a1f7b2d6'
down_revision = 'b7d3f9a2c5e1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'site_settings',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=100), nullable=False),
        sa.Column('description', sa.String(length=300), nullable=False),
        sa.Column('about', sa.String(length=200), nullable=False),
        sa.Column('navigation', sa.Text(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_site_settings')),
    )


def downgrade():
    op.drop_table('site_settings')
