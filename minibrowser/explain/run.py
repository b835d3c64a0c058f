"""Run one page load for `explain`, keeping what every stage handed on.

The load is the ordinary `pipeline.load`; `explain` watches it through
`LoadOptions.after_stage`, which sees each stage's output as it is made, and
stops it there for `--stop-after`.  Resolution, connection and TLS happen
inside the fetch of the document, so stopping after one of them runs those
steps alone, with the same resolver, connection code and event log the
fetcher uses.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from ..errors import BrowserError
from ..net.connection import Deadline, TLSConfig, open_connection
from ..net.fetcher import Fetcher
from ..net.response import Response
from ..pipeline import LoadOptions, PageLoad, load, make_metrics
from ..url import URL, from_user_input
from .tables import PIPELINE_STAGE, STAGES

NETWORK_STAGES = ("resolve", "connect", "tls")
MAX_SCREENSHOT_HEIGHT = 4000     # CSS px of the page drawn into the report's screenshot


class _Stop(Exception):
    """Raised by the after_stage hook to end the load after the --stop-after stage."""


@dataclass
class Run:
    """Everything one `explain` run saw, as the stages made it."""

    input: str
    options: LoadOptions
    stop_after: str | None = None
    url: URL | None = None
    fetcher: Fetcher | None = None
    outputs: dict[str, Any] = field(default_factory=dict)   # explain stage → the output of that stage
    timings: dict[str, float] = field(default_factory=dict)  # seconds per pipeline stage
    finished_at: dict[str, float] = field(default_factory=dict)  # explain stage → perf_counter() when done
    page: PageLoad | None = None
    probe: dict[str, Any] = field(default_factory=dict)     # --stop-after resolve/connect/tls: what was done
    error: BrowserError | None = None
    screenshot: Any = None                                  # a PIL image of the final page
    started: float = field(default_factory=time.perf_counter)
    finished: float = 0.0

    @property
    def response(self) -> Response | None:
        return self.outputs.get("http")

    @property
    def is_network(self) -> bool:
        return self.url is not None and self.url.scheme in ("http", "https")

    def reached(self, stage: str) -> bool:
        """Did the run get through `stage` (or would it have, for a stage that does not apply)?"""
        if self.stop_after is None:
            return True
        return STAGES.index(stage) <= STAGES.index(self.stop_after)


def execute(text: str, options: LoadOptions, stop_after: str | None = None) -> Run:
    """Load `text` (a URL or a path).  A failure of the load is kept in `Run.error`, not raised:
    explain shows what happened up to it.  A URL that cannot be parsed is raised."""
    run = Run(text, options, stop_after)
    t0 = time.perf_counter()
    run.url = from_user_input(text)
    run.timings["url"] = time.perf_counter() - t0
    if stop_after == "url":
        return _finish(run)
    run.fetcher = Fetcher(options.fetch)
    try:
        if stop_after in NETWORK_STAGES:
            if run.is_network:
                _probe(run, stop_after)
            return _finish(run)
        _load(run)
        if stop_after in (None, "close"):
            _screenshot(run)
    except BrowserError as exc:
        run.error = exc
    return _finish(run)


def _finish(run: Run) -> Run:
    """Close the pool (every idle connection is closed and the reason recorded)."""
    if run.fetcher is not None:
        t0 = time.perf_counter()
        run.fetcher.close()
        run.timings["close"] = time.perf_counter() - t0
    run.finished = time.perf_counter()
    return run


def _load(run: Run) -> None:
    def after_stage(stage: str, output: Any, timings: dict) -> None:
        key = PIPELINE_STAGE[stage]
        run.finished_at[key] = time.perf_counter()
        run.outputs[key] = output
        run.timings.update(timings)
        if key == run.stop_after:
            raise _Stop

    run.options.after_stage = after_stage
    try:
        run.page = load(run.url, run.options, fetcher=run.fetcher, metrics=make_metrics(run.options))
        run.timings.update(run.page.timings)
    except _Stop:
        pass
    finally:
        run.options.after_stage = None


def _probe(run: Run, upto: str) -> None:
    """Resolve (and connect, and handshake) the way the fetcher would, then stop before any request."""
    url, fetcher = run.url, run.fetcher
    settings = fetcher.transport.settings
    t0 = time.perf_counter()
    answer = fetcher.resolver.resolve(url.host, url.port, timeout=settings.connect_timeout)
    run.timings["dns"] = time.perf_counter() - t0
    run.probe["answer"] = answer
    if upto == "resolve":
        return
    tls_config = settings.tls if url.scheme == "https" else TLSConfig()
    conn, tcp, tls = open_connection(url.scheme, url.host, url.port, answer.addresses,
                                     tls_config=tls_config, contexts=fetcher.transport.contexts,
                                     connect_timeout=settings.connect_timeout,
                                     deadline=Deadline(fetcher.options.max_time), recorder=fetcher.recorder)
    run.timings["connect"], run.timings["tls"] = tcp, tls
    run.probe["connection"] = conn
    conn.close()
    fetcher.recorder.event("close", conn=conn.id, host=conn.host, port=conn.port, requests=0,
                           reason=f"explain --stop-after {upto}: closed before any request")


def _screenshot(run: Run) -> None:
    """The final picture: the page as painted, down to MAX_SCREENSHOT_HEIGHT."""
    from ..raster.pil import PILRasterizer

    page = run.page
    if page is None:
        return
    t0 = time.perf_counter()
    height = max(1, min(MAX_SCREENSHOT_HEIGHT, round(page.layout.document_height)))
    run.screenshot = PILRasterizer(page.metrics).render(page.display_list, run.options.width, height)
    run.timings["raster"] = time.perf_counter() - t0
