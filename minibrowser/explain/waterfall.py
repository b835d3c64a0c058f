"""The request waterfall: one row per request, its phases laid along a time axis, drawn with Pillow.

Like the network panel of browser developer tools: each bar starts when its
request started and is split into the phases of `Timing` (name lookup, TCP
handshake, TLS handshake, sending, waiting for the first byte, receiving).
A request on a kept-alive connection has no lookup or handshake to draw, and
the square before its label has the colour of the connection it reused, so
requests that shared one connection are seen at a glance.
"""
from __future__ import annotations

from typing import Any

from PIL import Image, ImageDraw, ImageFont

from .tables import PHASE_COLORS, PHASE_WORDS, PHASES

WIDTH = 960
LABEL_WIDTH = 360
ROW = 26
TOP = 34
BAR = 12
RIGHT_PAD = 24
# one colour per connection, in the order connections were opened
CONNECTION_COLORS = ((230, 25, 75), (60, 180, 75), (0, 130, 200), (245, 130, 48), (145, 30, 180),
                     (70, 240, 240), (240, 50, 230), (128, 128, 0), (0, 128, 128), (170, 110, 40))
MARK_COLOR = (120, 120, 120)
MARK_BAND = 32        # px under the rows for "parse done", "style done", ...
LEGEND_HEIGHT = 40
NICE_STEPS = (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)


def ui_font(size: int) -> ImageFont.ImageFont:
    """Noto Sans from the bundled fonts (the same files the pages are drawn with)."""
    from ..paint.fonts import bundled_database

    faces = bundled_database().faces.get("noto sans", [])
    for face in faces:
        if not face.italic:
            return ImageFont.truetype(face.path, size)
    return ImageFont.load_default()


def _tick_step(total_ms: float) -> float:
    for step in NICE_STEPS:
        if total_ms / step <= 8:
            return step
    return NICE_STEPS[-1]


def _label(request: dict[str, Any]) -> str:
    url = request["url"]
    short = url.split("://", 1)[-1]
    short = short if len(short) <= 38 else "…" + short[-37:]
    return f"[{request['index']}] {request['method']} {short} {request['status']}"


def draw_waterfall(requests: list[dict[str, Any]], marks: list[dict[str, Any]] = ()) -> Image.Image:
    """`requests` are the entries of the http section (net_sections.request_entry); `marks` say when
    the document's stages finished (a stylesheet is requested only once parsing has found it)."""
    font, small = ui_font(13), ui_font(11)
    end = max([r["timing"]["start_ms"] + r["timing"]["total_ms"] for r in requests] + [1.0])
    marks = [m for m in marks if m["at_ms"] <= end]
    band = MARK_BAND if marks else 0
    height = TOP + ROW * max(1, len(requests)) + band + LEGEND_HEIGHT
    image = Image.new("RGB", (WIDTH, height), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    plot = WIDTH - LABEL_WIDTH - RIGHT_PAD
    scale = plot / end

    step = _tick_step(end)
    tick = 0.0
    while tick <= end + 1e-9:
        x = LABEL_WIDTH + tick * scale
        draw.line([(x, TOP - 6), (x, TOP + ROW * len(requests))], fill=(225, 228, 232))
        label = f"{tick:g} ms"
        if x + 2 + draw.textlength(label, font=small) <= WIDTH:
            draw.text((x + 2, 8), label, fill=(90, 96, 104), font=small)
        tick += step

    for mark in marks:
        x = LABEL_WIDTH + mark["at_ms"] * scale
        for y0 in range(TOP - 4, TOP + ROW * len(requests) + 4, 6):
            draw.line([(x, y0), (x, y0 + 2)], fill=MARK_COLOR)
    colors: dict[Any, tuple] = {}
    for row, request in enumerate(requests):
        y = TOP + row * ROW
        if row % 2:
            draw.rectangle([0, y, WIDTH, y + ROW - 1], fill=(247, 248, 250))
        conn = request["connection"]
        if conn is not None and conn not in colors:
            colors[conn] = CONNECTION_COLORS[len(colors) % len(CONNECTION_COLORS)]
        swatch = colors.get(conn, (200, 200, 200))
        draw.rectangle([6, y + 7, 18, y + 19], fill=swatch)
        draw.text((24, y + 5), _label(request), fill=(31, 35, 40), font=font)
        x = start = LABEL_WIDTH + request["timing"]["start_ms"] * scale
        bar_top = y + (ROW - BAR) // 2
        if request["cache"].startswith("hit"):
            draw.rectangle([x, bar_top, x + 3, bar_top + BAR], fill=(158, 158, 158))
            draw.text((x + 8, y + 6), "from cache", fill=(90, 96, 104), font=small)
            continue
        for phase in PHASES:
            width = request["timing"][f"{phase}_ms"] * scale
            if width > 0:
                draw.rectangle([x, bar_top, x + max(width, 1.0), bar_top + BAR], fill=PHASE_COLORS[phase])
            x += width
        note = f"#{conn} reused" if request["reused"] else f"#{conn} new" if conn is not None else ""
        if request["status"] == 304:
            note += ", 304"
        width = draw.textlength(note, font=small)
        at = x + 6 if x + 6 + width <= WIDTH - 4 else max(LABEL_WIDTH, start - width - 6)
        draw.text((at, y + 6), note, fill=(90, 96, 104), font=small)

    # mark labels in a band under the rows; a label that would touch the previous one drops a line
    free_at = [float("-inf"), float("-inf")]
    for mark in marks:
        text = f"{mark['stage']} done"
        width = draw.textlength(text, font=small)
        x = min(LABEL_WIDTH + mark["at_ms"] * scale + 2, WIDTH - width - 2)
        level = 0 if x >= free_at[0] else 1
        draw.text((x, TOP + ROW * len(requests) + 4 + 13 * level), text, fill=MARK_COLOR, font=small)
        free_at[level] = x + width + 6
    y = TOP + ROW * max(1, len(requests)) + band + 12
    x = 10
    for phase in PHASES:
        draw.rectangle([x, y + 3, x + 12, y + 15], fill=PHASE_COLORS[phase])
        text = f"{phase} ({PHASE_WORDS[phase]})"
        draw.text((x + 16, y + 1), text, fill=(31, 35, 40), font=small)
        x += 22 + int(draw.textlength(text, font=small))
    return image
