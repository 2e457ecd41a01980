"""Page numbers: any ?page= the index or dashboard cannot show is a 404, never a 500."""

from __future__ import annotations

import pytest

from blog.demo import seed_demo

# Past the 64-bit OFFSET of SQLite and PostgreSQL, at it, below 1: none of them is a page.
OUT_OF_RANGE = ["9223372036854775807", "9223372036854775808", str(10**30), "-" + str(10**30),
                "922337203685477580", "0", "-1", "4"]


@pytest.fixture
def three_pages(app):
    """25 posts in the app: three index pages."""
    with app.app_context():
        seed_demo(25, 2)


@pytest.mark.parametrize("page", OUT_OF_RANGE)
def test_an_index_page_out_of_range_is_not_found(three_pages, client, page):
    assert client.get(f"/?page={page}").status_code == 404


@pytest.mark.parametrize("page", OUT_OF_RANGE)
def test_an_index_page_out_of_range_is_not_kept_in_the_page_cache(three_pages, app, client,
                                                                  page):
    client.get(f"/?page={page}")
    assert len(app.extensions["blog_caching"].pages) == 0


@pytest.mark.parametrize("page", OUT_OF_RANGE)
def test_an_index_page_out_of_range_is_not_found_for_an_author_too(three_pages, auth, client,
                                                                   page):
    auth.login("alice")
    assert client.get(f"/?page={page}").status_code == 404


@pytest.mark.parametrize("page", [*OUT_OF_RANGE[:-1], "2"])
def test_a_dashboard_page_out_of_range_is_not_found(auth, client, page):
    auth.login("alice")
    assert client.get(f"/dashboard?page={page}").status_code == 404
