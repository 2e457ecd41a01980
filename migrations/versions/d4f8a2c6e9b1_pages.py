"""Pages

The site's pages (About, Privacy...) at /<slug>, and their earlier addresses.

Revision ID: d4f8a2c6e9b1
Revises: c9e4a1f7b2d6
Create Date: 2026-12-01 19:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd4f8a2c6e9b1'
down_revision = 'c9e4a1f7b2d6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'pages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('slug', sa.String(length=100), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('source', sa.Text(), nullable=False),
        sa.Column('source_format', sa.String(length=16), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('published_at', sa.DateTime(), nullable=True),
        sa.Column('version', sa.Integer(), server_default='1', nullable=False),
        sa.Column('editor_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['editor_id'], ['authors.id'],
                                name=op.f('fk_pages_editor_id_authors'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_pages')),
        sa.UniqueConstraint('slug', name=op.f('uq_pages_slug')),
    )
    op.create_index(op.f('ix_pages_editor_id'), 'pages', ['editor_id'], unique=False)
    op.create_table(
        'page_redirects',
        sa.Column('slug', sa.String(length=100), nullable=False),
        sa.Column('page_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['page_id'], ['pages.id'],
                                name=op.f('fk_page_redirects_page_id_pages'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('slug', name=op.f('pk_page_redirects')),
    )
    op.create_index(op.f('ix_page_redirects_page_id'), 'page_redirects', ['page_id'],
                    unique=False)


def downgrade():
    op.drop_index(op.f('ix_page_redirects_page_id'), table_name='page_redirects')
    op.drop_table('page_redirects')
    op.drop_index(op.f('ix_pages_editor_id'), table_name='pages')
    op.drop_table('pages')
