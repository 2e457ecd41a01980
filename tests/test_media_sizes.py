"""Images in a body carry their width and height, so that the page does not shift as they load."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from blog.extensions import db
from blog.media.usage import with_image_sizes
from blog.models import Post
from tests.images import png

KEY = "0123456789abcdef0123456789abcdef"
IMAGE = SimpleNamespace(key=KEY, width=1200, height=800)


@pytest.mark.parametrize(("html", "expected"), [
    pytest.param(f'<p><img alt="A" src="/media/{KEY}-1200.png"></p>',
                 f'<p><img width="1200" height="800" alt="A" src="/media/{KEY}-1200.png"></p>',
                 id="ours"),
    pytest.param(f'<img src="https://blog.example/media/{KEY}-800.webp">',
                 f'<img width="1200" height="800" src="https://blog.example/media/{KEY}-800.webp">',
                 id="absolute"),
    pytest.param(f'<img src="/media/{KEY}-1200.png" width="300">',
                 f'<img src="/media/{KEY}-1200.png" width="300">', id="author's own size kept"),
    pytest.param('<img src="/media/ffffffffffffffffffffffffffffffff-1200.png">',
                 '<img src="/media/ffffffffffffffffffffffffffffffff-1200.png">',
                 id="not one of the post's images"),
    pytest.param('<img src="https://elsewhere.example/a.png">',
                 '<img src="https://elsewhere.example/a.png">', id="elsewhere"),
    pytest.param(f"<p>&lt;img src=/media/{KEY}-1200.png&gt;</p>",
                 f"<p>&lt;img src=/media/{KEY}-1200.png&gt;</p>", id="text"),
])
def test_only_the_posts_own_images_without_a_size_get_theirs(html, expected):
    assert with_image_sizes(html, [IMAGE]) == expected


def test_a_published_body_stores_the_uploads_size(auth, app):
    auth.login()
    url = auth.upload_image(png(300, 150), alt="A strip").get_json()["url"]
    assert auth.publish("Strip", f"![A strip]({url})").status_code == 302
    with app.app_context():
        body = db.session.execute(db.select(Post.body)).scalar_one()
    assert f'<img width="300" height="150" src="{url}" alt="A strip">' in body
    page = app.test_client().get("/strip").text
    assert 'width="300" height="150"' in page


def test_sizing_the_images_costs_the_save_no_extra_write(auth, app):
    auth.login()
    url = auth.upload_image(png(300, 150), alt="A strip").get_json()["url"]
    auth.publish("Strip", f"![A strip]({url})")
    auth.publish("Words", "No picture.")
    with app.app_context():
        versions = dict(db.session.execute(db.select(Post.slug, Post.version)).all())
    assert versions["strip"] == versions["words"]
