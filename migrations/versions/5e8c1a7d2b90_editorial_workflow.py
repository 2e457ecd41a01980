"""Editorial workflow: authors' roles, posts' versions and review notes, revisions, the audit log.

Existing authors become authors (the role DEFAULT_ROLE gives by default); their next login reads
the role from the provider's groups. Every existing post starts at version 1, with no revisions
(its first save keeps one). Downgrading drops the revisions and the audit log, and makes posts in
review drafts again.

Revision ID: 5e8c1a7d2b90
Revises: 5d8e1f0a7c23
"""
import sqlalchemy as sa
from alembic import op

revision = '5e8c1a7d2b90'
down_revision = '5d8e1f0a7c23'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN with defaults: no table is recreated (see downgrade).
    op.add_column('authors', sa.Column('role', sa.String(length=16), nullable=False,
                                       server_default='author'))
    op.add_column('posts', sa.Column('version', sa.Integer(), nullable=False,
                                     server_default='1'))
    op.add_column('posts', sa.Column('review_note', sa.Text(), nullable=False,
                                     server_default=''))
    op.add_column('posts', sa.Column('return_note', sa.Text(), nullable=False,
                                     server_default=''))
    op.create_index('ix_posts_status_updated_at_id', 'posts', ['status', 'updated_at', 'id'],
                    unique=False)
    op.create_table(
        'post_revisions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('post_id', sa.Integer(), nullable=False),
        sa.Column('saved_by_id', sa.Integer(), nullable=True),
        sa.Column('saved_by_name', sa.String(length=200), nullable=False),
        sa.Column('saved_at', sa.DateTime(), nullable=False),
        sa.Column('title', sa.Text(), nullable=False),
        sa.Column('source', sa.Text(), nullable=False),
        sa.Column('source_format', sa.String(length=16), nullable=False),
        sa.Column('summary', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['post_id'], ['posts.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['saved_by_id'], ['authors.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_post_revisions_post_id_id', 'post_revisions', ['post_id', 'id'],
                    unique=False)
    op.create_table(
        'audit_log',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('actor_name', sa.String(length=200), nullable=False),
        sa.Column('action', sa.String(length=32), nullable=False),
        sa.Column('post_id', sa.Integer(), nullable=True),
        sa.Column('subject', sa.String(length=300), nullable=False),
        sa.Column('detail', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['actor_id'], ['authors.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_audit_log_at_id', 'audit_log', ['at', 'id'], unique=False)


def downgrade():
    op.drop_index('ix_audit_log_at_id', table_name='audit_log')
    op.drop_table('audit_log')
    op.drop_index('ix_post_revisions_post_id_id', table_name='post_revisions')
    op.drop_table('post_revisions')
    op.execute("UPDATE posts SET status = 'draft' WHERE status = 'review'")
    op.drop_index('ix_posts_status_updated_at_id', table_name='posts')
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+), not a batch: a batch recreates the table,
    # and dropping the old authors or posts table would cascade to every post or redirect.
    for table, column in (('posts', 'return_note'), ('posts', 'review_note'),
                          ('posts', 'version'), ('authors', 'role')):
        op.drop_column(table, column)
