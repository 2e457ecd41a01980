# What differs from one installation to the next, included by deploy/varnish.vcl: where the blog
# listens, and who may purge. Copy this file to a directory listed before deploy/ in vcl_path
# (varnishd -p vcl_path=/etc/blog:/path/to/deploy) and edit the copy.

backend blog {
    .host = "127.0.0.1";
    .port = "8000";
    # A fresh connection is local and quick; the first byte may take as long as gunicorn's own
    # timeout (gunicorn.conf.py: 25 s) before Varnish gives up and serves a stale copy.
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
}

# Where the blog's web processes send PURGE from (CACHE_PURGE_URLS). Add their addresses if they
# do not run on this machine.
acl purgers {
    "127.0.0.1";
    "::1";
}

# Or a secret for purges from anywhere (Heroku dynos, say, have no fixed address): set it here
# and give the blog CACHE_PURGE_URLS=http://purge:<secret>@<this varnish>/ , which it sends as
# HTTP Basic (keep it out of reach: over the internet, put TLS in front of Varnish). Empty: the
# addresses above alone may purge.
sub purge_secret {
    set req.http.X-Purge-Secret = "";
}
