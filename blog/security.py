"""Running behind a TLS-terminating router: trusted forwarding headers and security headers."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask
from flask import g
from flask import request
from werkzeug.middleware.proxy_fix import ProxyFix

from blog.settings import ConfigurationError

HSTS = "max-age=31536000"
# Post bodies may show remote images; everything else comes from the blog itself. No inline
# scripts or styles and no eval: the scripts are files in blog/static/js/.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "img-src": "'self' https: http:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
STATIC_HEADERS = {"X-Content-Type-Options": "nosniff"}
PAGE_HEADERS = {
    **STATIC_HEADERS,
    "X-Frame-Options": "DENY",
    # "same-origin" rather than "strict-origin-when-cross-origin": the callback URL carries the
    # authorization code, and remote images in posts need not learn which blog is read. Same-origin
    # requests keep their Referer, which Flask-WTF checks on HTTPS form posts.
    "Referrer-Policy": "same-origin",
}


def trust_proxies(app: Flask) -> None:
    """Believe X-Forwarded-For, -Proto and -Port from TRUSTED_PROXY_HOPS proxies in front.

    Then request.scheme is https when the router says so, and so are the URLs the blog builds
    (the OpenID redirect_uri among them). X-Forwarded-Host is never believed: routers pass the
    Host header on as it is, and a forged host must not make the blog build links elsewhere.
    """
    hops = app.config["TRUSTED_PROXY_HOPS"]
    if hops < 0:
        raise ConfigurationError(f"TRUSTED_PROXY_HOPS must be 0 or more, not {hops}.")
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_port=hops)


def register_security_headers(app: Flask) -> None:
    """Add the security headers to every response the Flask app makes, error pages included."""
    app.after_request(add_security_headers)


def allow_form_action(url: str) -> None:
    """Let this response's page submit a form to url's origin (the provider's end-session form)."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.netloc:
        g.setdefault("form_action_origins", set()).add(f"{parts.scheme}://{parts.netloc}")


def content_security_policy() -> str:
    """The Content-Security-Policy for this request's response."""
    policy = dict(CONTENT_SECURITY_POLICY)
    extra = sorted(g.get("form_action_origins", ()))
    if extra:
        policy["form-action"] = " ".join([policy["form-action"], *extra])
    return "; ".join(f"{name} {value}" for name, value in policy.items())


def add_security_headers(response):
    """after_request hook: CSP, nosniff, framing and referrer rules; HSTS on HTTPS only."""
    for name, value in PAGE_HEADERS.items():
        response.headers.setdefault(name, value)
    response.headers.setdefault("Content-Security-Policy", content_security_policy())
    # Only on HTTPS (as the trusted router reports it): browsers ignore it over plain HTTP, and a
    # development server on http://localhost must not pin the browser to HTTPS.
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response
