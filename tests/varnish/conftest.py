"""Fixtures: varnishd running deploy/varnish.vcl, in front of a stub backend or the real blog.

Without varnishd or vmod xkey these tests skip and say how to install them; with CI=true in the
environment that is a failure instead (.ci/run installs them).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from scripts.servers import Varnish
from scripts.servers import free_port
from scripts.servers import varnish_missing
from tests.blog_process import BlogProcess
from tests.databases import ci
from tests.live_server import LiveServer
from tests.varnish.cache_browsing import Author
from tests.varnish.stub_backend import StubBackend


@pytest.fixture(scope="session")
def _varnish_installed():
    reason = varnish_missing()
    if reason is None:
        return
    if ci():
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def _stub_server():
    backend = StubBackend()
    with LiveServer(backend) as server:
        yield backend, int(server.url.rsplit(":", 1)[1])


@pytest.fixture
def stub_backend(_stub_server) -> StubBackend:
    """The stub backend's app (tests.varnish.stub_backend): what it answered and received."""
    backend, _port = _stub_server
    backend.reset()
    return backend


@pytest.fixture(scope="module")
def _stub_varnish(_varnish_installed, _stub_server, tmp_path_factory):
    # Starting varnishd compiles the VCL (seconds): the module's tests share one, emptied.
    _backend, port = _stub_server
    with Varnish(port, tmp_path_factory.mktemp("varnish"),
                 parameters={"ban_lurker_age": "0"}) as cache:
        yield cache


@pytest.fixture
def stub_cache(_stub_varnish, stub_backend) -> Varnish:
    """Varnish in front of the stub backend, purgeable from loopback, with nothing stored."""
    _stub_varnish.forget_everything()
    return _stub_varnish


@pytest.fixture
def make_stub_cache(_varnish_installed, _stub_server, stub_backend, tmp_path):
    """make_stub_cache(purgers=(...)) -> another Varnish in front of the stub backend,
    accepting PURGE only from those addresses; stopped after the test."""
    _backend, port = _stub_server
    started: list[Varnish] = []

    def start(**options) -> Varnish:
        cache = Varnish(port, tmp_path / f"varnish{len(started)}", **options)
        started.append(cache.start())
        return cache

    yield start
    for cache in started:
        cache.stop()


@dataclass
class CachedBlog:
    """The blog under gunicorn with Varnish in front; readers and authors use `url`."""

    url: str
    varnish: Varnish
    web: BlogProcess


@pytest.fixture
def cached_blog(_varnish_installed, serve_provider, start_blog_process, tmp_path) -> CachedBlog:
    """The real blog (gunicorn, the release phase run) behind Varnish, which it purges.

    Its public address is Varnish's, so logins go through Varnish too; Varnish is the one proxy
    in front (TRUSTED_PROXY_HOPS 1, the production default).
    """
    cache_port, web_port = free_port(), free_port()
    public_url = f"http://127.0.0.1:{cache_port}"
    issuer = serve_provider([public_url])
    web = start_blog_process(web_port, issuer, PUBLIC_URL=public_url,
                             CACHE_PURGE_URLS=public_url + "/")
    varnish = Varnish(web_port, tmp_path / "varnish", port=cache_port)
    varnish.start()
    yield CachedBlog(public_url, varnish, web)
    varnish.stop()


@pytest.fixture
def author(cached_blog) -> Author:
    """Alice, logged in to the cached blog through Varnish."""
    return Author(cached_blog.url, "alice")
