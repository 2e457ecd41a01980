"""Gunicorn settings for the web process: the platform's port and workers, timeouts, logs."""

import os

# The platform says where to listen ($PORT) and how many workers fit the dyno ($WEB_CONCURRENCY).
bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))

# Routers give up on a request after 30 s (Heroku's H12); a worker stuck longer is restarted
# first, so that the reason shows in our log and the worker is free again.
timeout = 25
# Platforms send SIGTERM and wait about 30 s before SIGKILL: let requests in flight finish.
graceful_timeout = 20
keepalive = 5

# One line per request on standard output. The path only: never the query string (%(q)s, %(r)s)
# nor the Referer (%(f)s), since /oidc/callback?code=...&state=... carries the authorization code.
# No client address either: the router's own log has it.
accesslog = "-"
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms request_id=%({x-request-id}i)s'
errorlog = "-"

# The app's ProxyFix (TRUSTED_PROXY_HOPS) alone decides whether X-Forwarded-Proto is believed.
secure_scheme_headers = {}

# gunicorn's control socket (for gunicornc) is unused here, and several servers on one machine
# would compete for its single default path.
control_socket_disable = True
