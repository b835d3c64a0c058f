"""What the network stage did, as data (for `explain`) and as curl -v lines.

Every part of the stage (resolver, connection, pool, fetcher) reports through
one `Recorder`, so the log of a page load reads in the order things happened,
even when subresources are fetched on several threads.
"""
from __future__ import annotations

import threading
import time
from typing import Any, Callable

from ..errors import sanitize


class Recorder:
    def __init__(self, verbose: Callable[[str], None] | None = None) -> None:
        self.events: list[dict[str, Any]] = []
        self._verbose = verbose
        self._lock = threading.Lock()
        self._t0 = time.perf_counter()

    def event(self, kind: str, **fields: Any) -> None:
        """Append one event: a dict with "kind", "t" (seconds since start) and facts."""
        record = {"kind": kind, "t": round(time.perf_counter() - self._t0, 6), **fields}
        with self._lock:
            self.events.append(record)

    def info(self, text: str) -> None:
        """A curl-style "* ..." line."""
        self.line("* " + text)

    def line(self, text: str) -> None:
        """A verbose line; server-supplied text is sanitized so it cannot drive the terminal."""
        if self._verbose is not None:
            self._verbose(sanitize(text))

    @property
    def verbose(self) -> bool:
        return self._verbose is not None
