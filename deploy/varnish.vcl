vcl 4.1;
# Varnish 7.1 in front of the blog (see docs/deploy.md). It keeps what the blog marks as shareable
# (Cache-Control: public, s-maxage; tagged by Surrogate-Key), never keeps anything private, and
# forgets tagged objects when the blog sends PURGE with the keys a change touched.
#
#   varnishd -a :6081 -f /path/to/deploy/varnish.vcl -p vcl_path=/etc/blog:/path/to/deploy \
#            -s malloc,256m
#
# The backend and who may purge live in varnish-site.vcl, found on vcl_path: copy
# deploy/varnish-site.vcl to a directory listed first in vcl_path (/etc/blog above) and edit it
# there; this file then stays as shipped.

import blob;
import std;
import xkey;

include "varnish-site.vcl";

sub vcl_recv {
    if (req.method == "PURGE") {
        # From an address the site file trusts, or with its purge secret (HTTP Basic, user
        # "purge"), for a blog whose processes have no fixed address (varnish-site.vcl).
        call purge_secret;
        if (!(client.ip ~ purgers
              || (req.http.X-Purge-Secret != ""
                  && req.http.Authorization == "Basic " + blob.encode(BASE64,
                         blob=blob.decode(encoded="purge:" + req.http.X-Purge-Secret))))) {
            return (synth(403, "Not allowed to purge"));
        }
        unset req.http.X-Purge-Secret;
        if (!req.http.Surrogate-Key) {
            return (synth(400, "PURGE needs a Surrogate-Key header"));
        }
        # xkey.purge takes the keys separated by spaces, as the blog sends them; it answers how
        # many objects it removed. A hard purge, not a soft one: the next reader must get the
        # new page, not one more stale copy while it is fetched.
        set req.http.X-Purged = xkey.purge(req.http.Surrogate-Key);
        return (synth(200, "Purged"));
    }

    # The blog's links are the same whatever the port; one spelling of the host, one object.
    set req.http.Host = std.tolower(regsub(req.http.Host, ":[0-9]+$", ""));

    # Varnish speaks plain HTTP; whoever is in front (the platform's TLS router) said what the
    # reader used. Each proxy adds what it received, so that the blog's TRUSTED_PROXY_HOPS (the
    # router and Varnish: 2) picks the router's answer, exactly as it does for X-Forwarded-For,
    # which varnishd itself extends with the client's address.
    if (req.restarts == 0) {
        # Only vcl_deliver's restart may ask for stale copies, not a client.
        unset req.http.X-Serve-Stale;
        if (req.http.X-Forwarded-Proto) {
            set req.http.X-Forwarded-Proto = req.http.X-Forwarded-Proto + ", http";
        } else {
            set req.http.X-Forwarded-Proto = "http";
        }
        if (req.http.X-Forwarded-Port) {
            set req.http.X-Forwarded-Port = req.http.X-Forwarded-Port + ", " + std.port(server.ip);
        } else {
            set req.http.X-Forwarded-Port = std.port(server.ip);
        }
    }

    if (req.method != "GET" && req.method != "HEAD") {
        # Forms, uploads, logouts: always the blog's to answer, never from the cache.
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;\s*)blog_session=") {
        # A logged-in author (or a reader with a flashed message waiting): their pages are
        # theirs; the blog marks them private, and they are not even looked up.
        return (pass);
    }
    # Any other cookie (analytics, consent banners) means nothing to the blog; left in place it
    # would make every request a pass (and a Vary: Cookie miss).
    unset req.http.Cookie;

    if (req.http.X-Serve-Stale) {
        # Second try after the blog failed (vcl_deliver): any copy still kept will do.
        set req.grace = 24h;
    } else {
        # A copy past its s-maxage is served at once, while a fresh one is fetched, only this
        # long after expiry; older copies wait for the blog, so staleness stays bounded.
        set req.grace = 30s;
    }
    return (hash);
}

sub vcl_hash {
    # The scheme is part of what the blog renders (absolute links, redirects to https).
    hash_data(req.http.X-Forwarded-Proto);
    # Host and URL: the built-in vcl_hash goes on to add them.
}

sub vcl_miss {
    if (req.http.X-Serve-Stale) {
        # No copy to fall back on: say so rather than make the failing blog answer twice.
        return (synth(503, "The blog is unavailable; please try again shortly"));
    }
}

sub vcl_backend_fetch {
    # A marker between vcl_deliver and vcl_recv, nothing the blog needs to see.
    unset bereq.http.X-Serve-Stale;
}

sub vcl_backend_response {
    if (beresp.http.Surrogate-Key) {
        # vmod xkey indexes objects by the space-separated keys of their xkey header.
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
    if (bereq.is_bgfetch && beresp.status >= 500) {
        # A background refresh that failed keeps the stale copy instead of replacing it.
        return (abandon);
    }
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(^|[ ,])(private|no-store|no-cache)([ ,]|$)"
        || !beresp.http.Cache-Control ~ "(^|[ ,])public([ ,]|$)") {
        # Only what the blog marks public is shared, and only what may be used without asking
        # the blog first (no-cache means asking every time). Everything else (an author's page,
        # a login that sets a cookie, a flash) goes to the one who asked and is never stored:
        # the object remembers for two minutes that this URL is not cacheable (hit-for-miss),
        # so other readers go straight to the blog, and a later public answer is stored again.
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Kept past its TTL for serving while the blog is down or failing (see vcl_deliver): a day
    # covers a night's outage; fresh copies replace these as soon as the blog answers again.
    # The stale-while-revalidate the blog sends applies through req.grace (vcl_recv), not here.
    set beresp.grace = 24h;
    return (deliver);
}

sub vcl_backend_error {
    if (bereq.is_bgfetch) {
        return (abandon);
    }
}

sub vcl_deliver {
    if (resp.status >= 500 && req.restarts == 0 && req.method == "GET"
        && !req.http.Cookie && !req.http.Authorization) {
        # The blog failed or is unreachable: look again, accepting a stale copy (vcl_recv).
        set req.http.X-Serve-Stale = "1";
        return (restart);
    }
    # Tags are for this cache only: they name the posts and authors behind a page.
    unset resp.http.Surrogate-Key;
    unset resp.http.xkey;
}

sub vcl_synth {
    if (req.method == "PURGE" && resp.status == 200) {
        set resp.http.Content-Type = "text/plain; charset=utf-8";
        set resp.body = "purged " + req.http.X-Purged;
        return (deliver);
    }
    if (resp.status == 503) {
        # The built-in vcl_synth would say Retry-After: 5; the blog's own 503 page says 30
        # (docs/deploy.md, Health and outages), and so does this one.
        set resp.http.Content-Type = "text/plain; charset=utf-8";
        set resp.http.Retry-After = "30";
        set resp.body = resp.reason;
        return (deliver);
    }
}
