#!/usr/bin/env python3
"""The development OpenID provider (blog.devidp) in a process of its own, for load_faults.py.

The blog then uses it as an external provider (OIDC_ISSUER), reached through a proxy that the
load script can slow down or cut. One confidential client is registered: the blog, with the
callback URLs given. It serves on a loopback port with Werkzeug's threaded server and prints
"ready" once it listens.

    load_provider.py --port 8765 --client-secret s --callback http://127.0.0.1:8000/oidc/callback
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from werkzeug.serving import WSGIRequestHandler  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from blog.devidp import create_provider_app  # noqa: E402

CLIENT_ID = "blog-load"


class QuietRequestHandler(WSGIRequestHandler):
    # Thousands of requests are no news; the query strings would carry codes.
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


def main() -> None:
    """Serve the provider until killed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--client-secret", required=True)
    parser.add_argument("--callback", action="append", required=True,
                        help="a redirect URI of the blog (repeat for each front)")
    parser.add_argument("--users", type=int, default=16, help="author1 … authorN may sign in")
    args = parser.parse_args()
    fronts = [callback.removesuffix("/oidc/callback") for callback in args.callback]
    app = create_provider_app(
        [{"client_id": CLIENT_ID, "client_secret": args.client_secret,
          "redirect_uris": args.callback,
          "post_logout_redirect_uris": [front + "/" for front in fronts]}],
        secret_key=args.client_secret + "-provider",
        users=tuple(f"author{number}" for number in range(1, args.users + 1)))
    server = make_server("127.0.0.1", args.port, app, threaded=True,
                         request_handler=QuietRequestHandler)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
