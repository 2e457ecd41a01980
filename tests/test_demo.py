"""flask seed-demo: realistic demo authors and posts, in bulk, by the blog's own rules."""

from __future__ import annotations

import random

import pytest

from blog.content.excerpts import plain_excerpt
from blog.content.sanitize import sanitize_body
from blog.demo.seed import DEMO_ISSUER
from blog.demo.seed import DemoSlugs
from blog.demo.text import post_body
from blog.extensions import db
from blog.models import Author
from blog.models import Post
from blog.posts.slugs import base_slug


@pytest.fixture
def seeded(app, runner):
    """The blog after `flask seed-demo --posts 300 --authors 7`."""
    result = runner.invoke(args=["seed-demo", "--posts", "300", "--authors", "7"])
    assert result.exit_code == 0, result.output
    assert "Added 7 demo authors and 300 posts" in result.output
    return app


def all_posts(app) -> list[Post]:
    with app.app_context():
        return list(db.session.execute(db.select(Post).order_by(Post.id)).scalars())


def test_seeding_adds_the_posts_and_authors_asked_for(seeded):
    with seeded.app_context():
        authors = list(db.session.execute(db.select(Author)).scalars())
        assert db.session.execute(db.select(db.func.count(Post.id))).scalar_one() == 300
    assert len(authors) == 7
    assert all(" " in author.name for author in authors)


def test_demo_authors_belong_to_no_provider(seeded):
    with seeded.app_context():
        issuers = set(db.session.execute(db.select(Author.issuer)).scalars())
    assert issuers == {DEMO_ISSUER}


def test_demo_posts_vary_in_title_author_and_date(seeded):
    posts = all_posts(seeded)
    assert len({post.title for post in posts}) > 200
    assert len({post.author_id for post in posts}) == 7
    dates = sorted(post.created_at for post in posts)
    assert (dates[-1] - dates[0]).days > 3 * 365


def test_demo_bodies_are_multi_paragraph_and_already_sanitized(seeded):
    for post in all_posts(seeded)[::15]:
        assert post.body.count("<p>") >= 2
        assert sanitize_body(post.body) == post.body


def test_demo_excerpts_are_the_bodies_excerpts(seeded):
    for post in all_posts(seeded)[::15]:
        assert post.excerpt == plain_excerpt(post.body)


def test_demo_slugs_are_unique_and_follow_the_slug_rules(seeded):
    posts = all_posts(seeded)
    assert len({post.slug for post in posts}) == len(posts)
    for post in posts:
        base = base_slug(post.title)
        assert post.slug == base or post.slug.removeprefix(base + "-").isdigit()


def test_seeding_again_adds_more_without_clashing(seeded, runner):
    result = runner.invoke(args=["seed-demo", "--posts", "300", "--authors", "2"])
    assert result.exit_code == 0, result.output
    posts = all_posts(seeded)
    assert len(posts) == 600
    assert len({post.slug for post in posts}) == 600


def test_the_demo_blog_is_served(seeded):
    reader = seeded.test_client()
    index = reader.get("/")
    assert index.status_code == 200
    assert index.text.count('class="post-card"') == 10
    newest = all_posts(seeded)[-1]
    assert reader.get(f"/{newest.slug}").status_code == 200


def test_demo_slugs_number_repeats_like_unique_slug_does():
    slugs = DemoSlugs(taken={"hello"}, reserved=frozenset({"login"}))
    assert [slugs.unique(title) for title in ["Hello", "Hello", "Login", "Fresh"]] == [
        "hello-2", "hello-3", "login-2", "fresh"]


def test_generated_bodies_survive_sanitizing_unchanged():
    rng = random.Random(2024)
    for _ in range(200):
        body, lede = post_body(rng)
        assert sanitize_body(body) == body
        assert body.startswith(lede)
        assert body.count("<p>") >= 2
