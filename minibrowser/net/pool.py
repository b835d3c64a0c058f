"""Keep-alive connections, shared by every thread of a page load.

Connections are keyed by origin and TLS settings.  At most six are open per
key, as browsers allow; a seventh request waits for one to come back.  An
idle connection is checked before it is handed out: past its idle time it
is closed, and if its socket is readable the server has closed it (or sent
bytes nobody asked for), so it is closed too.  Every close is recorded with
its reason.
"""
from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Callable

from ..errors import TimeoutError_
from .events import Recorder

if TYPE_CHECKING:   # annotations only: importing the pool (for its limits) does not load ssl
    from .connection import Connection, Deadline

MAX_PER_ORIGIN = 6
IDLE_TIMEOUT = 60.0           # seconds an idle connection is kept
KEEP_ALIVE_MARGIN = 0.5       # close this much before the server's own Keep-Alive timeout


class Pool:
    def __init__(self, recorder: Recorder, *, max_per_origin: int = MAX_PER_ORIGIN,
                 idle_timeout: float = IDLE_TIMEOUT) -> None:
        self.recorder = recorder
        self.max_per_origin = max_per_origin
        self.idle_timeout = idle_timeout
        self._idle: dict[tuple, list[Connection]] = {}
        self._open: dict[tuple, int] = {}
        self._cond = threading.Condition()
        self.opened = 0               # connections ever opened (for tests and explain)

    def acquire(self, key: tuple, opener: Callable[[], Connection], deadline: Deadline,
                wait_timeout: float, fresh: bool = False) -> Connection:
        """An idle connection for `key` if a live one exists (unless `fresh`),
        else a new one from `opener`, waiting while the key is at its limit."""
        with self._cond:
            while True:
                self._sweep_expired()
                idle = self._idle.get(key, [])
                while idle and not fresh:
                    conn = idle.pop()          # the most recently used is the likeliest alive
                    reason = conn.stale_reason()
                    if reason:
                        self._close_locked(conn, f"stale at checkout: {reason}")
                        continue
                    conn.reused = True
                    self.recorder.info(f"Re-using existing connection #{conn.id} with host {conn.host}")
                    return conn
                if fresh and idle and self._open.get(key, 0) >= self.max_per_origin:
                    self._close_locked(idle.pop(0), "making room for a fresh connection")
                if self._open.get(key, 0) < self.max_per_origin:
                    self._open[key] = self._open.get(key, 0) + 1
                    break
                seconds, blame = deadline.timeout(wait_timeout, "waiting for a free connection")
                if not self._cond.wait(seconds):
                    raise TimeoutError_(blame)
        try:
            conn = opener()
        except BaseException:
            with self._cond:
                self._open[key] -= 1
                self._cond.notify_all()
            raise
        conn.reused = False
        with self._cond:
            self.opened += 1
        return conn

    def release(self, conn: Connection, keep_alive: bool, reason: str = "") -> None:
        """Give a connection back after a complete response; close it unless it may live on."""
        if not keep_alive:
            self.discard(conn, reason or "not reusable")
            return
        conn.last_used = time.monotonic()
        with self._cond:
            self._idle.setdefault(conn.key, []).append(conn)
            self._cond.notify_all()
        self.recorder.info(f"Connection #{conn.id} to host {conn.host} left intact")

    def discard(self, conn: Connection, reason: str) -> None:
        with self._cond:
            self._close_locked(conn, reason)

    def close_all(self, reason: str = "fetcher closed") -> None:
        with self._cond:
            for idle in self._idle.values():
                while idle:
                    self._close_locked(idle.pop(), reason)

    def idle_count(self, key: tuple | None = None) -> int:
        with self._cond:
            if key is not None:
                return len(self._idle.get(key, []))
            return sum(len(v) for v in self._idle.values())

    # ---- internals (the lock is held) ----
    def _expiry(self, conn: Connection) -> float:
        limit = self.idle_timeout
        if conn.idle_timeout is not None:
            limit = min(limit, max(0.0, conn.idle_timeout - KEEP_ALIVE_MARGIN))
        return conn.last_used + limit

    def _sweep_expired(self) -> None:
        now = time.monotonic()
        for idle in self._idle.values():
            for conn in [c for c in idle if self._expiry(c) <= now]:
                idle.remove(conn)
                self._close_locked(conn, "idle timeout")

    def _close_locked(self, conn: Connection, reason: str) -> None:
        if conn.closed:
            return
        conn.close()
        self._open[conn.key] = max(0, self._open.get(conn.key, 0) - 1)
        self._cond.notify_all()
        self.recorder.event("close", conn=conn.id, host=conn.host, port=conn.port,
                            requests=conn.requests, reason=reason)
        self.recorder.info(f"Closing connection #{conn.id}: {reason}")
