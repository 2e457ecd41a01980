"""Fixtures for the development provider's tests: the provider alone, and mounted in a site."""

import pytest
from werkzeug.exceptions import NotFound
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from blog.devidp import create_provider_app
from tests.devidp.flows import CLIENTS
from tests.devidp.flows import new_http_session
from tests.live_server import LiveServer


@pytest.fixture
def provider_app(signing_key):
    """A fresh provider (its own clients, codes, tokens, sessions) signing with the shared key."""
    return create_provider_app(CLIENTS, secret_key="test-secret-key", signing_key=signing_key)


@pytest.fixture
def provider(provider_app):
    return provider_app.extensions["devidp"]


@pytest.fixture
def idp(provider_app):
    with LiveServer(provider_app) as server:
        yield server


@pytest.fixture
def embedded(provider_app):
    """The provider mounted under /devidp of a site, as the blog mounts it in development."""
    with LiveServer(DispatcherMiddleware(NotFound(), {"/devidp": provider_app})) as server:
        yield server


@pytest.fixture
def browser():
    with new_http_session() as session:
        yield session


@pytest.fixture
def backchannel():
    with new_http_session() as session:
        yield session
