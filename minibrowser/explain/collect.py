"""One `Run` → one JSON-able dict whose top-level keys are the stages, in load order.

This dict is the single source of every output: the terminal summary, the
HTML report and `--json` all print it, so they can never disagree.
"""
from __future__ import annotations

from typing import Any

from . import net_sections as net
from . import page_sections as page
from .run import Run
from .tables import STAGES

TIMING_ORDER = ("url", "dns", "connect", "tls", "fetch", "parse", "fetch-css", "css", "style", "fetch-fonts",
                "fonts", "fetch-images", "images", "boxes", "layout", "paint", "raster", "encode", "close")


def collect(run: Run, selector: str | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "url": net.url_section(run),
        "resolve": net.resolve_section(run),
        "connect": net.connect_section(run),
        "tls": net.tls_section(run),
        "http": net.http_section(run),
        "parse": page.parse_section(run),
        "style": page.style_section(run, selector),
        "boxes": page.boxes_section(run),
        "layout": page.layout_section(run),
        "paint": page.paint_section(run),
        "close": net.close_section(run),
        "timings": timings(run),
    }
    assert tuple(data) == (*STAGES, "timings")
    return data


def timings(run: Run) -> dict[str, Any]:
    """Milliseconds per step: the pipeline's own stopwatch, the document's network phases, the total."""
    out: dict[str, Any] = {}
    phases = {}
    chain = [r for r in net.document_chain(run) if r.url.scheme in ("http", "https")]
    if chain:
        phases = {name: sum(getattr(r.timing, name) for r in chain) for name in ("dns", "connect", "tls")}
    for name in TIMING_ORDER:
        value = phases.get(name, run.timings.get(name))
        if value is not None:
            out[name] = net.ms(value)
    out["total"] = net.ms(run.finished - run.started) if run.finished else None
    out["stopped_after"] = run.stop_after
    out["error"] = run.error.one_line() if run.error is not None else None
    out["exit_code"] = int(run.error.exit_code) if run.error is not None else 0
    return out
