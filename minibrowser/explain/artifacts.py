"""`--stop-after STAGE`: print what that stage handed on, and nothing after it.

The network stages print their facts (the same lines as the summary); the
document stages print the stage's own dump (dumps.py), the output a
`--dump` of the main command would give.
"""
from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from ..dumps import dump_boxes, dump_display_list, dump_dom, dump_layout, dump_style
from ..errors import sanitize
from .run import Run
from .terminal import RENDERERS

DUMPS = {"parse": dump_dom, "style": dump_style, "boxes": dump_boxes, "layout": dump_layout,
         "paint": dump_display_list}


def render(stage: str, data: dict[str, Any], run: Run) -> str:
    section = data[stage]
    if "skipped" in section:
        return sanitize(f"{stage}: {section['skipped']}\n")
    if stage == "http":
        return _response(run)
    if stage in DUMPS:
        page = SimpleNamespace(document=run.outputs.get("parse"), styled=run.outputs.get("style"),
                               boxes=run.outputs.get("boxes"), layout=run.outputs.get("layout"),
                               display_list=run.outputs.get("paint"))
        return DUMPS[stage](page)
    return sanitize("\n".join(line[2:] for line in RENDERERS[stage](section)), keep_newlines=True) + "\n"


def _response(run: Run) -> str:
    """The Response the fetch stage hands to parsing: exact heads of each hop, and the body's size."""
    out: list[str] = []
    response = run.response
    for hop in [*response.history, response]:
        out.append(f"# {hop.url}")
        out.append(hop.request_bytes.decode("latin-1").rstrip("\r\n").replace("\r\n", "\n"))
        out.append("")
        out.append(hop.response_head_bytes.decode("latin-1").rstrip("\r\n").replace("\r\n", "\n"))
        out.append("")
    out.append(f"[body: {len(response.body)} bytes, {response.headers.get('Content-Type') or 'no Content-Type'}]")
    return sanitize("\n".join(out), keep_newlines=True) + "\n"
