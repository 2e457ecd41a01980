"""Where the blog sends a browser after login: same-site paths pass, everything else falls back."""

from __future__ import annotations

import pytest

from blog.auth.redirects import safe_next

DEFAULT = "/dashboard"


@pytest.mark.parametrize(
    "target",
    [
        "/",
        "/dashboard",
        "/some-post",
        "/some-post?x=1#y",
        "/some-post/edit",
        "/?page=2",
        "/%C3%BCber-caf%C3%A9",
        "/search?q=a%20b",
    ],
)
def test_same_site_paths_are_kept(target):
    assert safe_next(target, DEFAULT) == target


@pytest.mark.parametrize(
    "target",
    [
        pytest.param("https://evil.example/", id="absolute-https"),
        pytest.param("http://evil.example/dashboard", id="absolute-http"),
        pytest.param("HTTPS://evil.example/", id="absolute-upper-case"),
        pytest.param("//evil.example", id="scheme-relative"),
        pytest.param("///evil.example", id="triple-slash"),
        pytest.param("/\\evil.example", id="slash-backslash"),
        pytest.param("\\\\evil", id="double-backslash"),
        pytest.param("\\/evil.example", id="backslash-slash"),
        pytest.param("/dashboard\\..\\\\evil", id="backslash-inside"),
        pytest.param("javascript:alert(1)", id="javascript"),
        pytest.param("data:text/html,x", id="data"),
        pytest.param("http:/evil", id="scheme-single-slash"),
        pytest.param("http:evil", id="scheme-no-slash"),
        pytest.param("/%0d%0aSet-Cookie:x", id="encoded-crlf"),
        pytest.param("/%0D%0ALocation:%20https://evil.example", id="encoded-crlf-upper"),
        pytest.param("/%2F%2Fevil.example", id="encoded-scheme-relative"),
        pytest.param("/%5Cevil.example", id="encoded-backslash"),
        pytest.param("/dash\nboard", id="newline"),
        pytest.param("/dash\rboard", id="carriage-return"),
        pytest.param("/\tevil", id="tab"),
        pytest.param("/\x00", id="null"),
        pytest.param("/\x7f", id="delete"),
        pytest.param(" /dashboard", id="leading-space"),
        pytest.param("", id="empty"),
        pytest.param(None, id="none"),
        pytest.param("dashboard", id="relative"),
        pytest.param("../dashboard", id="relative-parent"),
        pytest.param("?next=/", id="query-only"),
        pytest.param("#top", id="fragment-only"),
        pytest.param(b"/dashboard", id="bytes"),
    ],
)
def test_other_targets_give_the_default(target):
    assert safe_next(target, DEFAULT) == DEFAULT
