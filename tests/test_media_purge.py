"""flask purge-images: images no post uses, uploaded over a day ago, are deleted; images that a
post, or text still being written, points to are kept."""

from __future__ import annotations

from datetime import timedelta

import pytest

from blog.extensions import db
from blog.models import Image
from blog.models import ImageVariant
from blog.models import KeptDraft
from blog.models import Post
from blog.models import PostAutosave
from blog.models import utcnow
from tests import images
from tests.helpers import slug_from


@pytest.fixture
def alice(auth):
    """Alice, logged in."""
    auth.login("alice")
    return auth


@pytest.fixture
def image_url(alice) -> str:
    """The URL of an image Alice uploaded."""
    return alice.upload_image(images.png(), alt="A chart").get_json()["url"]


def uploaded_days_ago(app, days: float) -> None:
    """Date every image's upload `days` ago."""
    with app.app_context():
        db.session.execute(db.update(Image).values(created_at=utcnow() - timedelta(days=days)))
        db.session.commit()


def remaining(app) -> tuple[int, int]:
    with app.app_context():
        return db.session.query(Image).count(), db.session.query(ImageVariant).count()


def purge(runner) -> str:
    result = runner.invoke(args=["purge-images"])
    assert result.exit_code == 0, result.output
    return result.output


def test_an_unused_image_over_a_day_old_is_deleted_with_its_files(app, runner, image_url):
    uploaded_days_ago(app, 2)
    assert purge(runner) == "Deleted 1 unused images.\n"
    assert remaining(app) == (0, 0)


def test_an_unused_image_of_today_is_kept(app, runner, image_url):
    uploaded_days_ago(app, 0.5)
    assert purge(runner) == "Deleted 0 unused images.\n"
    assert remaining(app)[0] == 1


@pytest.mark.parametrize("use", ["published body", "draft body", "feature image"])
def test_an_image_a_post_uses_is_kept(app, runner, alice, image_url, use):
    if use == "published body":
        alice.publish("Chart", f"![A chart]({image_url})")
    elif use == "draft body":
        alice.save_draft("Chart", f"![A chart]({image_url})")
    else:
        alice.save_draft("Chart", "Words.", feature_image=image_url)
    uploaded_days_ago(app, 30)
    purge(runner)
    assert remaining(app)[0] == 1


def test_an_image_in_an_unsaved_autosave_is_kept(app, runner, alice, image_url):
    slug = slug_from(alice.publish("Chart", "No image yet."))
    with app.app_context():
        post = db.session.execute(db.select(Post).filter_by(slug=slug)).scalar_one()
        db.session.add(PostAutosave(post_id=post.id, title="Chart", source_format="markdown",
                                    source=f"Now: ![A chart]({image_url})"))
        db.session.commit()
    uploaded_days_ago(app, 2)
    purge(runner)
    assert remaining(app)[0] == 1


def test_an_image_in_text_kept_across_a_login_is_kept(app, runner, image_url):
    with app.app_context():
        db.session.add(KeptDraft(id="k" * 64, title="Chart", body=f"![A chart]({image_url})",
                                 expires_at=utcnow() + timedelta(hours=1)))
        db.session.commit()
    uploaded_days_ago(app, 2)
    purge(runner)
    assert remaining(app)[0] == 1


def test_an_image_removed_from_its_post_is_purged_later(app, runner, alice, image_url):
    slug = slug_from(alice.publish("Chart", f"![A chart]({image_url})"))
    alice.edit(slug, "Chart", "The chart is gone.")
    uploaded_days_ago(app, 2)
    assert purge(runner) == "Deleted 1 unused images.\n"
