"""The userinfo and end-session endpoints and the RFC 9207 `iss` parameter, on Authlib's classes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from authlib.oauth2.rfc9207 import IssuerParameter
from authlib.oidc.core import UserInfo
from authlib.oidc.core import UserInfoEndpoint
from authlib.oidc.rpinitiated import EndSessionEndpoint
from flask import session
from joserfc.jwk import KeySet

from .keys import ALGORITHM
from .users import user_claims

if TYPE_CHECKING:
    from .provider import DevProvider


class UserInfoClaims(UserInfoEndpoint):
    """GET/POST /userinfo: the claims of the token's user, as plain JSON."""

    def __init__(self, provider: DevProvider) -> None:
        super().__init__(resource_protector=provider.resource_protector)
        self.provider = provider

    def generate_user_info(self, user, scope: str) -> UserInfo:
        """The user's claims allowed by the token's scope."""
        return user_claims(user, scope, self.provider.groups_of(user.name))

    def get_issuer(self) -> str:
        """The issuer for this request."""
        return self.provider.issuer()


class EndSession(EndSessionEndpoint):
    """RP-initiated logout: forget the provider's sign-in, then maybe go back to the client."""

    def __init__(self, provider: DevProvider) -> None:
        super().__init__()
        self.provider = provider

    def get_server_jwks(self) -> KeySet:
        """Every key we ever signed with, so a hint issued before a rotation is still ours."""
        return self.provider.keys.verification_key_set()

    def get_algorithms(self) -> list[str]:
        """Only what we sign with."""
        return [ALGORITHM]

    def _is_valid_post_logout_redirect_uri(self, client, post_logout_redirect_uri: str) -> bool:
        # Authlib's hook only knows registered URIs; ours also allows the same-origin paths.
        return client.check_post_logout_redirect_uri(post_logout_redirect_uri)

    def is_post_logout_redirect_uri_legitimate(self, request, uri, client, logout_hint) -> bool:
        """A client_id is enough: the URI is already one the client registered or allowed.

        Without this, Authlib only redirects when an id_token_hint is sent; the blog may
        omit the hint so that no ID token ends up in request logs.
        """
        return True

    def end_session(self, end_session_request) -> None:
        """Forget who signed in here (and the CSRF token with it)."""
        session.clear()


class IssuerInResponse(IssuerParameter):
    """Add `iss` to every authorization response, so a client can detect mix-ups (RFC 9207)."""

    def __init__(self, provider: DevProvider) -> None:
        self.provider = provider

    def get_issuer(self) -> str:
        """The issuer for this request."""
        return self.provider.issuer()
