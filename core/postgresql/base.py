"""Django's PostgreSQL backend with a client-side deadline on every query.

PostgreSQL's statement_timeout only helps while the server runs. A server that
stops answering without closing the connection (frozen, or its host gone with
the network still up) leaves the query waiting for ever: the kernel keeps
acknowledging, so TCP timeouts never fire. Here one thread per process watches
the queries in flight and, past the deadline, shuts the connection's socket:
the query fails at once with an OperationalError (the visitor gets the 503
page), and Django replaces the broken connection on the next request.
"""

import os
import socket
import threading
import time
from contextlib import contextmanager

from django.db.backends.postgresql import base


class Watchdog:
    """Shuts the socket of any query still running past its deadline."""

    TICK = 0.25

    def __init__(self):
        self._lock = threading.Lock()
        self._running: dict[object, tuple[float, int]] = {}
        self._pid = None

    def watch(self, fd: int, seconds: float) -> object:
        token = object()
        with self._lock:
            self._running[token] = (time.monotonic() + seconds, fd)
            if self._pid != os.getpid():  # first use here, or after a fork
                self._pid = os.getpid()
                threading.Thread(target=self._loop, daemon=True).start()
        return token

    def done(self, token: object) -> None:
        with self._lock:
            self._running.pop(token, None)

    def _loop(self) -> None:
        while True:
            time.sleep(self.TICK)
            now = time.monotonic()
            with self._lock:
                late = [(t, fd) for t, (end, fd) in self._running.items() if end <= now]
                for token, _ in late:
                    del self._running[token]
            for _, fd in late:
                _shut(fd)


def _shut(fd: int) -> None:
    try:
        duplicate = socket.socket(fileno=os.dup(fd))
    except OSError:
        return
    try:
        duplicate.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        duplicate.close()


WATCHDOG = Watchdog()


class DatabaseWrapper(base.DatabaseWrapper):
    """settings_dict["QUERY_DEADLINE"] (seconds, 0 or absent: none) bounds each
    query and the connection health check."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.execute_wrappers.append(self._with_deadline)

    @contextmanager
    def _watched(self):
        seconds = self.settings_dict.get("QUERY_DEADLINE")
        try:
            fd = self.connection.fileno() if seconds and self.connection else None
        except base.Database.Error:  # already lost: the query fails on its own
            fd = None
        if fd is None:
            yield
            return
        token = WATCHDOG.watch(fd, seconds)
        try:
            yield
        finally:
            WATCHDOG.done(token)

    def _with_deadline(self, execute, sql, params, many, context):
        with self._watched():
            return execute(sql, params, many, context)

    def is_usable(self) -> bool:
        with self._watched():
            return super().is_usable()
