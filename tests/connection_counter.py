"""A loopback port that counts the connections made to it and closes each one unanswered."""

from __future__ import annotations

import socket
import threading


class ConnectionCounter:
    """`with ConnectionCounter() as counter:` listens on 127.0.0.1:counter.port until the end."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self.connections = 0
        self._thread = threading.Thread(target=self._accept, name=f"counter-{self.port}",
                                        daemon=True)

    def __enter__(self) -> ConnectionCounter:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        """Stop listening and wait for the accepting thread."""
        # shutdown() wakes the blocked accept() on Linux; close() alone would not.
        try:
            self._listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._listener.close()
        self._thread.join(timeout=5)

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            self.connections += 1
            connection.close()
