"""Drafts, sources and addresses

Posts keep what their author wrote (source, in Markdown or HTML) beside the sanitized HTML readers
see, have a status (draft or published) and a publication time by which the index is ordered, an
optional summary and a reading time; kept drafts keep the format and summary too. Earlier addresses of renamed posts (post_redirects) and
autosaved edits of published posts (post_autosaves) get tables of their own.

Every existing post is an HTML post, published when it was created, whose source is its body.

Revision ID: 3f6a2b8d9c41
Revises: 7b3e9c1d4a2f
Create Date: 2026-12-01 12:40:00.000000

"""
import html
import math
import re

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '3f6a2b8d9c41'
down_revision = '7b3e9c1d4a2f'
branch_labels = None
depends_on = None

# A copy of the rule at the time of writing (blog/content), so that this revision does not change
# when the application's code does: words outside code, 230 a minute, at least one minute.
_CODE = re.compile(r"<pre\b.*?</pre>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
WORDS_PER_MINUTE = 230


def _reading_minutes(body):
    text = html.unescape(_TAG.sub(" ", _CODE.sub(" ", body or "")))
    return max(1, math.ceil(len(text.split()) / WORDS_PER_MINUTE))


def upgrade():
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('source_format', sa.String(length=16), nullable=False,
                                      server_default='html'))
        batch_op.add_column(sa.Column('summary', sa.String(length=400), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('reading_minutes', sa.Integer(), nullable=False,
                                      server_default='1'))
        batch_op.add_column(sa.Column('status', sa.String(length=16), nullable=False,
                                      server_default='published'))
        batch_op.add_column(sa.Column('published_at', sa.DateTime(), nullable=True))

    posts = sa.table('posts', sa.column('id', sa.Integer()), sa.column('body', sa.Text()),
                     sa.column('source', sa.Text()), sa.column('created_at', sa.DateTime()),
                     sa.column('published_at', sa.DateTime()),
                     sa.column('reading_minutes', sa.Integer()))
    op.execute(posts.update().values(source=posts.c.body, published_at=posts.c.created_at))
    connection = op.get_bind()
    # In batches by id: a large blog's bodies are never all in memory at once.
    last_id = 0
    while True:
        rows = connection.execute(
            sa.select(posts.c.id, posts.c.body).where(posts.c.id > last_id)
            .order_by(posts.c.id).limit(500)).all()
        if not rows:
            break
        for post_id, body in rows:
            connection.execute(posts.update().where(posts.c.id == post_id)
                               .values(reading_minutes=_reading_minutes(body)))
        last_id = rows[-1][0]

    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.alter_column('source', existing_type=sa.Text(), nullable=False)
        for column in ('source_format', 'summary', 'reading_minutes', 'status'):
            batch_op.alter_column(column, server_default=None)
        batch_op.drop_index('ix_posts_author_id_created_at_id')
        batch_op.drop_index('ix_posts_created_at_id')
        batch_op.create_index('ix_posts_status_published_at_id',
                              ['status', 'published_at', 'id'], unique=False)
        batch_op.create_index('ix_posts_author_id_status_published_at_id',
                              ['author_id', 'status', 'published_at', 'id'], unique=False)

    with op.batch_alter_table('kept_drafts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_format', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('summary', sa.Text(), nullable=False, server_default=''))
    with op.batch_alter_table('kept_drafts', schema=None) as batch_op:
        batch_op.alter_column('summary', server_default=None)

    op.create_table(
        'post_redirects',
        sa.Column('slug', sa.String(length=100), nullable=False),
        sa.Column('post_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['post_id'], ['posts.id'],
                                name=op.f('fk_post_redirects_post_id_posts'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('slug', name=op.f('pk_post_redirects')),
    )
    with op.batch_alter_table('post_redirects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_post_redirects_post_id'), ['post_id'], unique=False)
    op.create_table(
        'post_autosaves',
        sa.Column('post_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.Text(), nullable=False),
        sa.Column('source', sa.Text(), nullable=False),
        sa.Column('source_format', sa.String(length=16), nullable=False),
        sa.Column('summary', sa.Text(), nullable=False),
        sa.Column('saved_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['post_id'], ['posts.id'],
                                name=op.f('fk_post_autosaves_post_id_posts'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('post_id', name=op.f('pk_post_autosaves')),
    )


def downgrade():
    op.drop_table('post_autosaves')
    with op.batch_alter_table('kept_drafts', schema=None) as batch_op:
        batch_op.drop_column('summary')
        batch_op.drop_column('source_format')
    with op.batch_alter_table('post_redirects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_post_redirects_post_id'))
    op.drop_table('post_redirects')
    # Drafts did not exist before this revision: going back deletes them rather than publish them.
    op.execute("DELETE FROM posts WHERE status <> 'published'")
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_index('ix_posts_author_id_status_published_at_id')
        batch_op.drop_index('ix_posts_status_published_at_id')
        batch_op.create_index('ix_posts_created_at_id', ['created_at', 'id'], unique=False)
        batch_op.create_index('ix_posts_author_id_created_at_id',
                              ['author_id', 'created_at', 'id'], unique=False)
        for column in ('published_at', 'status', 'reading_minutes', 'summary', 'source_format',
                       'source'):
            batch_op.drop_column(column)
