"""deploy/varnish.vcl on its own, in a real varnishd, in front of a stub backend: what it stores,
what it passes, what it strips and what PURGE does (the stub answers as the blog would)."""

from __future__ import annotations

import pytest
import requests

from tests.varnish.cache_browsing import cached_read
from tests.varnish.cache_browsing import read
from tests.varnish.cache_browsing import seconds_until
from tests.varnish.cache_browsing import served_from_cache


def test_a_public_answer_is_stored_and_served_to_the_next_reader(stub_cache, stub_backend):
    first = read(stub_cache.url + "/public/site")
    second = read(stub_cache.url + "/public/site")
    assert not served_from_cache(first) and served_from_cache(second)
    assert second.text == first.text
    assert stub_backend.received("/public/site") == 1


@pytest.mark.parametrize("cookie", ["_ga=GA1.1.123; consent=yes", "theme=dark"])
def test_other_cookies_are_removed_so_readers_who_have_them_share_the_cache(
        stub_cache, stub_backend, cookie):
    read(stub_cache.url + "/public/site")
    with_cookie = read(stub_cache.url + "/public/site", Cookie=cookie)
    assert served_from_cache(with_cookie)
    missed = read(stub_cache.url + "/public/other", Cookie=cookie)
    assert "cookie: \n" in missed.text  # what the backend received


@pytest.mark.parametrize("cookie", ["blog_session=abc", "_ga=1; blog_session=abc"])
def test_a_request_with_the_session_cookie_goes_to_the_blog_with_its_cookies(
        stub_cache, stub_backend, cookie):
    cached_read(stub_cache.url + "/public/site")
    author = read(stub_cache.url + "/public/site", Cookie=cookie)
    assert not served_from_cache(author)
    assert f"cookie: {cookie}\n" in author.text
    assert stub_backend.received("/public/site") == 2


def test_a_cookie_named_like_the_session_cookie_is_not_taken_for_it(stub_cache, stub_backend):
    cached_read(stub_cache.url + "/public/site")
    assert served_from_cache(read(stub_cache.url + "/public/site", Cookie="not_blog_session=1"))


@pytest.mark.parametrize("kind", ["private", "sets-cookie", "unmarked"])
def test_answers_not_marked_public_or_setting_a_cookie_are_never_stored(
        stub_cache, stub_backend, kind):
    answers = [read(f"{stub_cache.url}/{kind}") for _ in range(3)]
    assert not any(served_from_cache(answer) for answer in answers)
    assert len({answer.text for answer in answers}) == 3
    assert stub_backend.received(f"/{kind}") == 3


def test_a_cookie_set_for_one_reader_is_not_given_to_the_next(stub_cache):
    read(stub_cache.url + "/sets-cookie")
    assert "Set-Cookie" in read(stub_cache.url + "/sets-cookie").headers
    assert "Set-Cookie" not in read(stub_cache.url + "/public/site").headers


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_only_get_and_head_are_answered_from_the_cache(stub_cache, stub_backend, method):
    cached_read(stub_cache.url + "/public/site")
    answer = requests.request(method, stub_cache.url + "/public/site", timeout=10)
    assert not served_from_cache(answer)
    assert stub_backend.received("/public/site") == 2


def test_head_is_answered_from_the_object_get_stored(stub_cache):
    cached_read(stub_cache.url + "/public/site")
    assert served_from_cache(requests.head(stub_cache.url + "/public/site", timeout=10))


def test_surrogate_keys_are_not_shown_to_readers(stub_cache):
    for answer in (read(stub_cache.url + "/public/site+post:1"),
                   cached_read(stub_cache.url + "/public/site+post:1")):
        assert "Surrogate-Key" not in answer.headers and "xkey" not in answer.headers


def test_purge_removes_every_object_tagged_with_a_key_and_says_how_many(stub_cache):
    tagged = ["/public/site+post:1", "/public/site+post:1+tag:7", "/public/site+post:2"]
    for path in tagged:
        cached_read(stub_cache.url + path)
    assert stub_cache.purge("post:1") == 2
    assert [served_from_cache(read(stub_cache.url + path)) for path in tagged] == [
        False, False, True]


def test_purge_takes_several_keys_separated_by_spaces(stub_cache):
    for path in ("/public/post:1", "/public/post:2", "/public/post:3"):
        cached_read(stub_cache.url + path)
    assert stub_cache.purge("post:1 post:3") == 2
    assert served_from_cache(read(stub_cache.url + "/public/post:2"))


def test_purge_of_a_key_nothing_has_purges_nothing(stub_cache):
    cached_read(stub_cache.url + "/public/site")
    assert stub_cache.purge("post:99") == 0
    assert served_from_cache(read(stub_cache.url + "/public/site"))


def test_purge_is_refused_to_addresses_outside_the_acl(make_stub_cache):
    cache = make_stub_cache(purgers=("192.0.2.1",))
    cached_read(cache.url + "/public/site")
    answer = requests.request("PURGE", cache.url + "/", headers={"Surrogate-Key": "site"},
                              timeout=10)
    assert answer.status_code == 403
    assert served_from_cache(read(cache.url + "/public/site"))


@pytest.mark.parametrize(("secret_sent", "status"), [("s3cret", 200), ("guess", 403)])
def test_purge_with_the_sites_secret_is_taken_from_any_address(make_stub_cache, secret_sent,
                                                               status):
    cache = make_stub_cache(purgers=("192.0.2.1",), purge_secret="s3cret")
    cached_read(cache.url + "/public/site")
    # As the blog sends it when CACHE_PURGE_URLS carries the secret: HTTP Basic, user "purge".
    address = cache.url.replace("http://", f"http://purge:{secret_sent}@")
    answer = requests.request("PURGE", address + "/", headers={"Surrogate-Key": "site"},
                              timeout=10)
    assert answer.status_code == status
    assert served_from_cache(read(cache.url + "/public/site")) == (status != 200)


def test_purge_without_keys_is_a_bad_request(stub_cache):
    assert requests.request("PURGE", stub_cache.url + "/", timeout=10).status_code == 400


@pytest.mark.parametrize(("router_says", "blog_receives"),
                         [(None, "http"), ("https", "https, http")])
def test_varnish_adds_its_own_scheme_after_the_routers(stub_cache, router_says,
                                                       blog_receives):
    headers = {"X-Forwarded-Proto": router_says} if router_says else {}
    assert f"proto: {blog_receives}\n" in read(stub_cache.url + "/public/site", **headers).text


def test_pages_asked_for_over_https_and_http_are_kept_apart(stub_cache):
    cached_read(stub_cache.url + "/public/site")
    over_https = read(stub_cache.url + "/public/site", **{"X-Forwarded-Proto": "https"})
    assert not served_from_cache(over_https)


def test_the_port_in_the_host_does_not_split_the_cache(stub_cache):
    cached_read(stub_cache.url + "/public/site")
    assert served_from_cache(read(stub_cache.url + "/public/site", Host="127.0.0.1:443"))


def test_a_stale_copy_is_kept_when_refreshing_it_fails(stub_cache, stub_backend):
    first = cached_read(stub_cache.url + "/short")  # s-maxage=1
    stub_backend.failing = True

    def refresh_tried() -> bool:
        # Past its second, the copy is served while a refresh is tried; its 503 is dropped.
        assert read(stub_cache.url + "/short").text == first.text
        return stub_backend.received("/short") > 1

    assert seconds_until(refresh_tried, timeout=5) is not None
    for _ in range(3):
        answer = read(stub_cache.url + "/short")
        assert (answer.status_code, answer.text) == (200, first.text)


def test_with_no_copy_to_serve_a_failing_blog_gives_a_503_to_retry(stub_cache, stub_backend):
    stub_backend.failing = True
    answer = read(stub_cache.url + "/public/never-seen")
    assert answer.status_code == 503
    assert answer.headers["Retry-After"] == "30"
