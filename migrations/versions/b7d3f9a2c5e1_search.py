"""Search

posts.search_text holds each post's visible text (its body without markup), which search
indexes with the title and summary; it is filled here for every existing post. The index: on
SQLite an FTS5 table over posts (external content) kept by triggers, built once the text is
there; on PostgreSQL a generated tsvector column (kept in the row: STORAGE MAIN) with a GIN
index, added first so that the backfill computes every row's vector.

Self-contained on purpose: the body's text is read here with the standard library's HTML parser,
not the blog's code, which may change after this revision; and the DDL is written out as it was
at this revision (blog/search/schema.py has the same).

Plain ALTER TABLE on SQLite: rebuilding the posts table would delete, through ON DELETE CASCADE,
the rows that refer to it (and would drop the triggers).

Revision ID: b7d3f9a2c5e1
Revises: b7d2e94c3a15
Create Date: 2026-12-01 15:45:00.000000

"""
import re
from html.parser import HTMLParser

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b7d3f9a2c5e1'
down_revision = 'b7d2e94c3a15'
branch_labels = None
depends_on = None

BATCH = 500
# After these a reader sees a break, so the text gets a space.
BREAKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote", "td",
                    "th", "dd", "dt", "figcaption", "caption", "br", "hr", "tr", "div"})
# Search's own marker characters: the indexed text never holds them.
MARKERS = str.maketrans(dict.fromkeys("\ue000\ue001\ue002\ue003", " "))
WHITESPACE = re.compile(r"\s+")

SQLITE_COLUMNS = "title, summary, search_text"
SQLITE_NEW = "new.id, new.title, new.summary, new.search_text"
SQLITE_OLD = "'delete', old.id, old.title, old.summary, old.search_text"
SQLITE_UP = (
    f"CREATE VIRTUAL TABLE posts_search USING fts5({SQLITE_COLUMNS}, content='posts', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')",
    "CREATE TRIGGER posts_search_insert AFTER INSERT ON posts BEGIN "
    f"INSERT INTO posts_search(rowid, {SQLITE_COLUMNS}) VALUES ({SQLITE_NEW}); END",
    "CREATE TRIGGER posts_search_delete AFTER DELETE ON posts BEGIN "
    f"INSERT INTO posts_search(posts_search, rowid, {SQLITE_COLUMNS}) VALUES ({SQLITE_OLD}); END",
    f"CREATE TRIGGER posts_search_update AFTER UPDATE OF {SQLITE_COLUMNS} ON posts BEGIN "
    f"INSERT INTO posts_search(posts_search, rowid, {SQLITE_COLUMNS}) VALUES ({SQLITE_OLD}); "
    f"INSERT INTO posts_search(rowid, {SQLITE_COLUMNS}) VALUES ({SQLITE_NEW}); END",
    "INSERT INTO posts_search(posts_search) VALUES ('rebuild')",
)
SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS posts_search_insert",
    "DROP TRIGGER IF EXISTS posts_search_delete",
    "DROP TRIGGER IF EXISTS posts_search_update",
    "DROP TABLE IF EXISTS posts_search",
)


def pg_weighted(column, weight):
    return (f"setweight(to_tsvector('simple', translate({column}, '<>', "
            f"'\ue002\ue003')), '{weight}')")


POSTGRES_UP = (
    "ALTER TABLE posts ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    f"{pg_weighted('title', 'A')} || {pg_weighted('summary', 'B')} || "
    f"{pg_weighted('search_text', 'C')}) STORED",
    "ALTER TABLE posts ALTER COLUMN search_vector SET STORAGE MAIN",
    "CREATE INDEX ix_posts_search_vector ON posts USING gin (search_vector)",
)
POSTGRES_DOWN = ("ALTER TABLE posts DROP COLUMN IF EXISTS search_vector",)


class VisibleText(HTMLParser):
    """The text of sanitized HTML as readers see it, a space at each break."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in BREAKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in BREAKS:
            self.parts.append(" ")

    def handle_data(self, data):
        self.parts.append(data)


def visible_text(html):
    parser = VisibleText()
    parser.feed((html or "").translate(MARKERS))
    parser.close()
    return WHITESPACE.sub(" ", "".join(parser.parts)).strip()


def backfill(connection):
    posts = sa.table("posts", sa.column("id", sa.Integer), sa.column("body", sa.Text),
                     sa.column("search_text", sa.Text))
    last = 0
    while True:
        rows = connection.execute(
            sa.select(posts.c.id, posts.c.body).where(posts.c.id > last)
            .order_by(posts.c.id).limit(BATCH)).all()
        if not rows:
            return
        connection.execute(
            posts.update().where(posts.c.id == sa.bindparam("row_id"))
            .values(search_text=sa.bindparam("text")),
            [{"row_id": row.id, "text": visible_text(row.body)} for row in rows])
        last = rows[-1].id


def upgrade():
    op.add_column('posts', sa.Column('search_text', sa.Text(), nullable=False,
                                     server_default=''))
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        # The FTS5 table is built from the rows once their text is there.
        backfill(connection)
        for statement in SQLITE_UP:
            op.execute(statement)
    else:
        # The column first: the backfill's UPDATE then computes each row's vector, and writes
        # it with the storage set here (ALTER ... SET STORAGE only applies to rows written
        # after it).
        for statement in POSTGRES_UP:
            op.execute(statement)
        backfill(connection)


def downgrade():
    connection = op.get_bind()
    statements = SQLITE_DOWN if connection.dialect.name == "sqlite" else POSTGRES_DOWN
    for statement in statements:
        op.execute(statement)
    op.drop_column('posts', 'search_text')
