"""Concurrent creates: any number of posts with the same title, written at once, all succeed."""

from __future__ import annotations

import threading

from blog.extensions import db
from blog.models import Author
from blog.models import Post
from tests.helpers import save_post

# Three times the slug retries (blog/posts/editing.py SLUG_ATTEMPTS): before creates were
# serialized, each round of a race let one writer through, so the last ones ran out of retries.
WRITERS = 24


def test_equal_titles_written_at_once_all_get_numbered_slugs(make_app, database_url):
    # A connection per writer, so that none waits for the pool instead of the database; SQLite
    # writers wait for its write lock for up to 60 s instead of the default 5 s.
    options = {"pool_size": WRITERS, "max_overflow": 0}
    if database_url.startswith("sqlite:"):
        options["connect_args"] = {"timeout": 60}
    app = make_app(SQLALCHEMY_ENGINE_OPTIONS=options)
    with app.app_context():
        author = Author(issuer="https://id.example", subject="alice", name="Alice")
        db.session.add(author)
        db.session.commit()
        author_id = author.id
    barrier = threading.Barrier(WRITERS)
    slugs: list[str] = []
    errors: list[BaseException] = []

    def write() -> None:
        try:
            with app.app_context():
                author = db.session.get(Author, author_id)
                barrier.wait(timeout=60)
                slugs.append(save_post(author, "Same title", "<p>x</p>").slug)
        except BaseException as error:  # reported by the test below, not lost in the thread
            errors.append(error)
            barrier.abort()

    threads = [threading.Thread(target=write) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    expected = ["same-title"] + [f"same-title-{number}" for number in range(2, WRITERS + 1)]
    assert sorted(slugs) == sorted(expected)
    with app.app_context():
        stored = db.session.execute(db.select(Post.slug)).scalars().all()
    assert sorted(stored) == sorted(expected)
