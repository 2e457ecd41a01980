"""Paths served beside the Flask app's URL map (the development provider), reserved for ever."""

from __future__ import annotations

# The built-in development provider is mounted here in debug mode (blog.auth.provider).
DEV_PROVIDER_PREFIX = "/devidp"

# First path segments no post may take, whether or not anything is mounted there now: a post made
# in production must not be shadowed when the same database is used in development.
RESERVED_MOUNTS = frozenset({DEV_PROVIDER_PREFIX.strip("/")})
