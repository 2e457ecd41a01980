"""Stored bodies on their way into a page: code blocks take keyboard focus (they may scroll)."""

from __future__ import annotations

import pytest

from blog.content.display import body_for_page
from blog.content.render import render_body
from blog.extensions import db
from blog.models import Post


@pytest.mark.parametrize(("stored", "shown"), [
    pytest.param("<pre>x</pre>", '<pre tabindex="0">x</pre>', id="plain"),
    pytest.param('<pre class="highlight"><code class="language-python">x</code></pre>',
                 '<pre tabindex="0" class="highlight"><code class="language-python">x</code>'
                 '</pre>', id="highlighted"),
    pytest.param("<p>&lt;pre&gt; is a tag</p>", "<p>&lt;pre&gt; is a tag</p>", id="text"),
    pytest.param("<p>no code</p>", "<p>no code</p>", id="none"),
])
def test_every_code_block_and_nothing_else_gets_a_tabindex(stored, shown):
    assert body_for_page(stored) == shown


def test_an_authors_own_tabindex_is_still_removed_on_save():
    html = render_body('<pre tabindex="5">x</pre><p tabindex="0">y</p>', "html").html
    assert "tabindex" not in html


def test_the_post_page_shows_code_blocks_focusable_and_stores_them_as_written(auth, app):
    auth.login()
    assert auth.publish("Code", "```\nprint(1)\n```").status_code == 302
    page = app.test_client().get("/code").text
    assert '<pre tabindex="0">' in page
    with app.app_context():
        assert "tabindex" not in db.session.execute(db.select(Post.body)).scalar_one()
