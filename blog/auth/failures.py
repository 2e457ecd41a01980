"""How logins fail: LoginFailed, ProviderUnavailable, and Authlib's errors turned into them."""

from __future__ import annotations

import requests
from authlib.integrations.base_client import OAuthError
from joserfc.errors import JoseError


class LoginFailed(Exception):
    """A login that cannot complete; carries the status and message for the error page.

    `reason` goes to the log only: it may name claims and endpoints, but never tokens or secrets.
    `cancelled` marks the author's own choice at the provider, which is no failure to report.
    """

    def __init__(self, reason: str, *, status: int = 400, message: str | None = None,
                 cancelled: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.message = message or "We could not log you in. Please try again."
        self.cancelled = cancelled


class ProviderUnavailable(LoginFailed):
    """The provider could not be reached or answered garbage: a passing failure, not a refusal.

    A login shows the error page either way; a logged-in author's session survives this one (the
    cached profile is kept) but not a plain LoginFailed, which means the provider said no.
    """

    def __init__(self, reason: str, *, status: int = 502, message: str | None = None):
        super().__init__(reason, status=status, message=message)


def call_provider(function, *args, **kwargs):
    """Call the provider through Authlib, turning network and protocol failures into LoginFailed."""
    try:
        return function(*args, **kwargs)
    except LoginFailed:
        raise
    # An answer broken off halfway (ChunkedEncodingError) is the network failing too.
    except (requests.ConnectionError, requests.Timeout,
            requests.exceptions.ChunkedEncodingError) as error:
        raise ProviderUnavailable(
            f"provider unreachable: {type(error).__name__}",
            status=503,
            message="The identity provider could not be reached. Please try again in a moment.",
        ) from None
    except requests.HTTPError as error:
        raise ProviderUnavailable(
            f"provider answered HTTP {error.response.status_code}",
            status=502,
            message="The identity provider had a problem. Please try again in a moment.",
        ) from None
    except OAuthError as error:
        raise refusal_for(error) from None
    except JoseError as error:
        # The ID token checks inside authorize_access_token (Authlib's, with our options).
        raise LoginFailed(f"ID token refused: {error}", status=403,
                          message="The identity provider sent a login we could not verify.",
                          ) from None
    except (ValueError, KeyError, TypeError) as error:
        # requests' JSON decoding and Authlib's parsing of malformed answers end here.
        raise ProviderUnavailable(
            f"provider answered something unreadable: {type(error).__name__}",
            status=502,
            message="The identity provider gave an answer we could not understand.",
        ) from None
    except RuntimeError as error:
        # Authlib's word for a discovery document that lacks an endpoint it needs (jwks_uri,
        # authorization_endpoint); the message names the field, nothing secret.
        raise ProviderUnavailable(
            f"provider metadata incomplete: {error}",
            message="The identity provider is misconfigured. Please try again later.",
        ) from None


def refusal_for(error: OAuthError) -> LoginFailed:
    """The LoginFailed for an OAuth error, whether the provider sent it or Authlib raised it."""
    code = getattr(error, "error", "oauth_error")
    if code == "access_denied":
        return LoginFailed(
            "the author denied consent (access_denied)",
            status=403,
            message="You cancelled it at the identity provider, so nothing has changed here.",
            cancelled=True,
        )
    if code == "mismatching_state":
        return state_refused()
    if code in ("server_error", "temporarily_unavailable"):
        # RFC 6749 4.1.2.1: the provider is having trouble, not saying no; a session survives it.
        return ProviderUnavailable(f"provider unavailable: {code}")
    return LoginFailed(f"provider refused the login: {code}")


def state_refused() -> LoginFailed:
    """The refusal of a callback whose state this browser was not given (or no longer has)."""
    return LoginFailed(
        "state missing or not issued to this browser",
        message="This login link has expired or was opened in another browser. "
        "Please log in again.",
    )
