"""Registered clients of the development provider and which URIs each may be sent back to."""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from urllib.parse import urlsplit

from authlib.oauth2.rfc6749 import ClientMixin
from authlib.oauth2.rfc6749 import list_to_scope
from authlib.oauth2.rfc6749 import scope_to_list
from flask import request

SCOPES = ("openid", "email", "profile")
SECRET_AUTH_METHODS = ("client_secret_basic", "client_secret_post")
KEY_AUTH_METHOD = "private_key_jwt"
AUTH_METHODS = (*SECRET_AUTH_METHODS, KEY_AUTH_METHOD)
GRANT_TYPES = ("authorization_code", "refresh_token")
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class DevClient(ClientMixin):
    """A confidential client allowed to use the authorization code flow and refresh tokens.

    It authenticates with its client secret or, when it registered a JWKS, only with a
    private_key_jwt assertion signed by one of those keys (RFC 7523).
    """

    client_id: str
    client_secret: str = field(repr=False)
    redirect_uris: tuple[str, ...] = ()
    post_logout_redirect_uris: tuple[str, ...] = ()
    same_origin_paths: tuple[str, ...] = ()
    jwks: dict | None = field(default=None, repr=False, hash=False, compare=False)

    @property
    def client_metadata(self) -> dict:
        """RFC 7591 metadata, read by Authlib's userinfo and end-session endpoints."""
        return {"post_logout_redirect_uris": list(self.post_logout_redirect_uris)}

    def get_client_id(self) -> str:
        """The client identifier."""
        return self.client_id

    def get_default_redirect_uri(self) -> None:
        """None: OpenID Connect requires every authentication request to name its redirect_uri."""
        return None

    def get_allowed_scope(self, scope: str | None) -> str:
        """The requested scopes this provider knows; unknown ones are ignored (RFC 6749 §3.3)."""
        return list_to_scope([s for s in scope_to_list(scope) or [] if s in SCOPES])

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        """Whether the authorization response may be sent to `redirect_uri`."""
        return redirect_uri in self.redirect_uris or self._is_same_origin(redirect_uri)

    def check_post_logout_redirect_uri(self, uri: str) -> bool:
        """Whether the browser may be sent to `uri` after logout."""
        return uri in self.post_logout_redirect_uris or self._is_same_origin(uri)

    def check_client_secret(self, client_secret: str) -> bool:
        """Compare the secret in constant time; a client without one has no secret to match."""
        return bool(self.client_secret) and hmac.compare_digest(self.client_secret.encode(),
                                                                client_secret.encode())

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        """private_key_jwt for a client with keys, else the two client-secret methods; never
        "none": every client is confidential."""
        if self.jwks is not None:
            return method == KEY_AUTH_METHOD
        return method in SECRET_AUTH_METHODS

    def check_response_type(self, response_type: str) -> bool:
        """Only the authorization code flow."""
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        """The authorization_code grant, and refresh_token (so code responses carry one)."""
        return grant_type in GRANT_TYPES

    def _is_same_origin(self, uri: str) -> bool:
        # The Host header comes from the user's own browser when it follows a link, so an
        # attacker cannot make the provider accept an origin other than the one it is on.
        return bool(self.same_origin_paths) and is_same_origin_uri(
            uri, request.host_url, self.same_origin_paths
        )


def is_same_origin_uri(uri: str, origin: str, paths: Iterable[str]) -> bool:
    """Whether `uri` is on `origin` (scheme, host, port) at one of `paths`, with nothing else.

    On loopback, localhost, 127.0.0.1 and ::1 count as one host: a browser may open the blog at
    http://localhost:5000 while the blog sends it to its provider at http://127.0.0.1:5000.
    """
    try:
        target, own = urlsplit(uri), urlsplit(origin)
        target_port, own_port = _port(target), _port(own)
    except ValueError:
        return False
    return (
        target.scheme in _DEFAULT_PORTS
        and target.scheme == own.scheme
        and target.hostname is not None
        and _same_host(target.hostname, own.hostname)
        and target_port == own_port
        and target.username is None
        and target.password is None
        and target.path in paths
        and not target.query
        and not target.fragment
    )


def _same_host(target: str, own: str | None) -> bool:
    return target == own or (_is_loopback(target) and own is not None and _is_loopback(own))


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _port(parts) -> int | None:
    return parts.port or _DEFAULT_PORTS.get(parts.scheme)


def load_clients(specs: Iterable[dict]) -> dict[str, DevClient]:
    """Build the client registry from plain dicts, refusing malformed entries at startup."""
    clients: dict[str, DevClient] = {}
    for spec in specs:
        jwks = spec.get("jwks")
        if jwks is not None and not (isinstance(jwks, dict) and isinstance(jwks.get("keys"), list)):
            raise ValueError("jwks must be a JWKS document: {\"keys\": [...]}")
        client = DevClient(
            client_id=_required_text(spec, "client_id"),
            # A client that signs assertions needs no secret.
            client_secret=(spec.get("client_secret") or "") if jwks else _required_text(
                spec, "client_secret"),
            redirect_uris=_absolute_uris(spec, "redirect_uris"),
            post_logout_redirect_uris=_absolute_uris(spec, "post_logout_redirect_uris"),
            same_origin_paths=_paths(spec.get("same_origin_paths", ())),
            jwks=jwks,
        )
        if client.client_id in clients:
            raise ValueError(f"client {client.client_id!r} is registered twice")
        clients[client.client_id] = client
    return clients


def _required_text(spec: dict, name: str) -> str:
    value = spec.get(name)
    if not isinstance(value, str) or not value:
        raise ValueError(f"every client needs a non-empty {name}")
    return value


def _absolute_uris(spec: dict, name: str) -> tuple[str, ...]:
    uris = tuple(spec.get(name, ()))
    for uri in uris:
        parts = urlsplit(uri) if isinstance(uri, str) else None
        if not parts or parts.scheme not in _DEFAULT_PORTS or not parts.netloc or parts.fragment:
            # RFC 6749 §3.1.2: an absolute URI without a fragment.
            raise ValueError(f"{name} must be absolute http(s) URIs without a fragment: {uri!r}")
    return uris


def _paths(paths: Iterable[str]) -> tuple[str, ...]:
    checked = () if isinstance(paths, str) else tuple(paths)
    malformed = any(not isinstance(p, str) or not p.startswith("/") for p in checked)
    if isinstance(paths, str) or malformed:
        raise ValueError("same_origin_paths must be a list of absolute paths such as '/'")
    return checked
