"""A TCP proxy on 127.0.0.1 that can cut its connections or delay its answers, to take a database
or an identity provider away from the app (tests, scripts/load_faults.py)."""

from __future__ import annotations

import socket
import threading
import time


class TCPProxy:
    """Forwards connections to (host, port); cut() drops them all and refuses new ones until
    restore(); slow(seconds) holds back every answer that long. Used as a context manager;
    `port` is where to connect instead of the target.
    """

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = 0
        self._listener: socket.socket | None = None
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []
        self._up = True
        self._closing = False
        # Seconds each answer of the target waits before it is passed on (0: none).
        self._answer_delay = 0.0

    def __enter__(self) -> TCPProxy:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._start(self._accept_loop)
        return self

    def __exit__(self, *exc) -> None:
        """Stop accepting, close every connection, and wait for the threads."""
        self._closing = True
        self._close_all()
        assert self._listener is not None
        # Wake the accept loop with a connection of our own, then close the listener.
        with socket.create_connection(("127.0.0.1", self.port)):
            pass
        for thread in self._threads:
            thread.join(timeout=5)
        self._listener.close()

    def cut(self) -> None:
        """The database goes away: open connections are dropped, new ones are closed at once."""
        self._up = False
        self._close_all()

    def restore(self) -> None:
        """The target is back to normal: new connections are forwarded again, without delay."""
        self._up = True
        self._answer_delay = 0.0

    def slow(self, seconds: float) -> None:
        """The target answers late: the first bytes it sends after each request wait `seconds`
        (on open connections too); the rest of the answer follows at once."""
        self._answer_delay = seconds

    def _start(self, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept_loop(self) -> None:
        while True:
            client, _address = self._listener.accept()
            if self._closing:
                client.close()
                return
            if not self._up:
                client.close()
                continue
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            with self._lock:
                self._open.update((client, server))
            # Whether the client sent something the target has not begun to answer.
            asked = threading.Event()
            self._start(self._pipe, client, server, asked, False)
            self._start(self._pipe, server, client, asked, True)

    def _pipe(self, source: socket.socket, destination: socket.socket, asked: threading.Event,
              answers: bool) -> None:
        try:
            while data := source.recv(65536):
                if not answers:
                    asked.set()
                elif asked.is_set():
                    asked.clear()
                    if self._answer_delay:
                        time.sleep(self._answer_delay)
                destination.sendall(data)
        except OSError:
            pass  # one side was closed, by cut() or by its owner
        finally:
            self._close(source)
            self._close(destination)

    def _close(self, connection: socket.socket) -> None:
        with self._lock:
            self._open.discard(connection)
        try:
            connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # already shut down or never connected
        connection.close()

    def _close_all(self) -> None:
        with self._lock:
            connections = list(self._open)
        for connection in connections:
            self._close(connection)
