"""Serve a WSGI app over real HTTP on 127.0.0.1 in a background thread, for tests."""

from __future__ import annotations

import threading
from urllib.parse import urlsplit

from werkzeug.serving import BaseWSGIServer
from werkzeug.serving import WSGIRequestHandler
from werkzeug.serving import make_server


class _PathOnlyRequestHandler(WSGIRequestHandler):
    # The default access log prints the query string, which may carry codes or an
    # id_token_hint; tests assert that nothing secret reaches the log.
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        self.log("info", '"%s %s" %s', self.command, urlsplit(self.path).path, code)


class LiveServer:
    """A context manager running `wsgi_app` on a free loopback port; `url` is set on entry."""

    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app
        self.url = ""
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> LiveServer:
        self._server = make_server(
            "127.0.0.1",
            0,
            self.wsgi_app,
            threaded=True,
            request_handler=_PathOnlyRequestHandler,
        )
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            # shutdown() waits up to one poll interval; the default half second adds up.
            kwargs={"poll_interval": 0.05},
            name=f"live-server-{self.url}",
            daemon=True,
        )
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        """Stop serving, wait for the thread, and release the port."""
        assert self._server is not None and self._thread is not None
        self._server.shutdown()
        self._thread.join()
        self._server.server_close()
