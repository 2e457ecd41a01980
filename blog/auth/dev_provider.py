"""Where the blog reaches its built-in development provider: its own server, never a Host header.

The built-in provider is mounted inside the blog, so the blog fetches its discovery document and
tokens from itself. That address must not come from the request: a Host header would point the
blog's server-side requests anywhere and register a new OAuth client for every value sent.
"""

from __future__ import annotations

from blog.settings import ConfigurationError
from blog.settings import origin_parts

_DEFAULT_PORTS = {"http": "80", "https": "443"}
# A server bound to every address is reached on this machine through loopback.
_WILDCARD_ADDRESSES = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}


def checked_origin(value: str) -> str:
    """DEV_PROVIDER_ORIGIN as scheme://host[:port] without a trailing slash, or refuse it."""
    parts = origin_parts(value)
    if parts is None:
        raise ConfigurationError(
            f"DEV_PROVIDER_ORIGIN must be scheme://host:port with nothing after it (for example "
            f"http://127.0.0.1:5000), not {value!r}."
        )
    return f"{parts.scheme}://{parts.netloc}"


def server_origin(environ: dict) -> str:
    """scheme://host[:port] of the server that received this request, as this machine reaches it.

    SERVER_NAME and SERVER_PORT are the address the server is bound to (Werkzeug's development
    server and gunicorn on TCP set them from the listening socket, not from the Host header),
    and the values from before ProxyFix are used, so no request header changes the answer.
    """
    original = {**environ, **environ.get("werkzeug.proxy_fix.orig", {})}
    scheme = original["wsgi.url_scheme"]
    name = original.get("SERVER_NAME", "")
    host = _WILDCARD_ADDRESSES.get(name, name)
    if ":" in host:
        host = f"[{host}]"
    port = str(original.get("SERVER_PORT", ""))
    if port in ("", _DEFAULT_PORTS.get(scheme)):
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"
