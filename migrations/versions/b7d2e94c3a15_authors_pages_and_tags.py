"""Author pages and tags

authors.slug (the address of the author's page, made from the name, unique, kept when the name
changes) and authors.bio; tags and post_tags, which keeps copies of each post's status and
published_at so that a tag's public posts are read from one index (blog/posts/tags.py);
kept_drafts.tags, the tags field of text kept across a login.

Existing authors get slugs made from their names, in the order they joined: the first of a name
gets it bare, the next -2, -3, ... Plain ALTER TABLE on SQLite: rebuilding the authors table
would delete, through ON DELETE CASCADE, their posts.

Revision ID: b7d2e94c3a15
Revises: 8a4c2e6f1b37
Create Date: 2026-12-01 15:40:00.000000

"""
import sqlalchemy as sa
from alembic import op
from slugify import slugify

# revision identifiers, used by Alembic.
revision = 'b7d2e94c3a15'
down_revision = '8a4c2e6f1b37'
branch_labels = None
depends_on = None

SLUG_LENGTH = 100


def _slugs(names):
    # As blog/auth/author_slugs.py makes them (written out here: a migration does not change
    # when the app's code does).
    taken = set()
    for name in names:
        base = slugify(name or "", max_length=SLUG_LENGTH - 8, word_boundary=True) or "author"
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        yield slug


def upgrade():
    # NOT NULL needs a default to add the column to existing rows (SQLite insists); every row
    # gets its real slug below, and the unique index comes after.
    op.add_column('authors', sa.Column('slug', sa.String(length=100), nullable=False,
                                       server_default=''))
    op.add_column('authors', sa.Column('bio', sa.String(length=500), nullable=False,
                                       server_default=''))
    connection = op.get_bind()
    authors = sa.table('authors', sa.column('id', sa.Integer), sa.column('name', sa.String),
                       sa.column('slug', sa.String))
    rows = connection.execute(sa.select(authors.c.id, authors.c.name)
                              .order_by(authors.c.id)).all()
    slugs = _slugs(name for _, name in rows)
    for (author_id, _), slug in zip(rows, slugs, strict=True):
        connection.execute(authors.update().where(authors.c.id == author_id).values(slug=slug))
    if connection.dialect.name != 'sqlite':
        # New authors always get a slug from the app; only SQLite keeps the default (it cannot
        # drop one without rebuilding the table).
        op.alter_column('authors', 'slug', server_default=None)
    op.create_index('ix_authors_slug', 'authors', ['slug'], unique=True)

    op.create_table(
        'tags',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('slug', sa.String(length=60), nullable=False),
        sa.Column('name', sa.String(length=60), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('slug'),
    )
    op.create_table(
        'post_tags',
        sa.Column('post_id', sa.Integer(), nullable=False),
        sa.Column('tag_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('published_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['post_id'], ['posts.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('post_id', 'tag_id'),
    )
    op.create_index('ix_post_tags_tag_id_status_published_at_post_id', 'post_tags',
                    ['tag_id', 'status', 'published_at', 'post_id'])
    # Text kept across a login keeps its tags field too (blog/posts/kept.py).
    op.add_column('kept_drafts', sa.Column('tags', sa.Text(), nullable=True))


def downgrade():
    op.drop_column('kept_drafts', 'tags')
    op.drop_index('ix_post_tags_tag_id_status_published_at_post_id', table_name='post_tags')
    op.drop_table('post_tags')
    op.drop_table('tags')
    op.drop_index('ix_authors_slug', table_name='authors')
    op.drop_column('authors', 'bio')
    op.drop_column('authors', 'slug')
