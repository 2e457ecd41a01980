"""The session interface: signed-cookie sessions that keep any cookie-setting answer private."""

from __future__ import annotations

from flask.sessions import SecureCookieSessionInterface

from blog.caching.public import make_private


class PrivateWhenSettingCookies(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, which also keep any response that sets a cookie private.

    The session cookie is written after every after_request hook has run, so this is the one
    place that sees it. A request without a session cookie costs no signing work at all.
    """

    def open_session(self, app, request):
        """The session from the request's cookie; an empty one, cheaply, when there is none."""
        if "HTTP_COOKIE" not in request.environ:
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app, session, response) -> None:
        """Write the cookie as Flask does; mark the response private if it now sets a cookie."""
        if not session and not session.modified:
            # Flask would set no cookie either, only "Vary: Cookie" if the session was looked at
            # (public pages have it already); skip working out the cookie settings.
            if session.accessed and response.headers.get("Vary") != "Cookie":
                response.vary.add("Cookie")
        else:
            super().save_session(app, session, response)
        if "Set-Cookie" in response.headers:
            make_private(response)
