"""The layout overlay: every box's margin, border, padding and content, coloured as developer tools do.

Drawn over a faded copy of the screenshot.  Boxes are filled in tree order
on one layer, so each pixel ends up with the colour of the innermost box
area that covers it — nested boxes read as nested rings.  Inline boxes are
outlined per line fragment; every line box is outlined, with its baseline
in red (CSS 2.1 §10.8: the line's inline boxes are aligned on it).
"""
from __future__ import annotations

from PIL import Image, ImageDraw

from ..layout import iter_boxes
from ..layout.tree import INLINE, MARKER, TEXT, Box
from .tables import OVERLAY_COLORS

LINE_COLOR = (0, 150, 136, 210)
BASELINE_COLOR = (229, 57, 53, 230)
INLINE_COLOR = (41, 98, 255, 200)
HIGHLIGHT_COLOR = (216, 27, 196, 255)   # the --element box, outside its margin


def _inset(rect: tuple, sides: tuple) -> tuple:
    """Shrink (x0, y0, x1, y1) by (top, right, bottom, left)."""
    top, right, bottom, left = sides
    return (rect[0] + left, rect[1] + top, rect[2] - right, rect[3] - bottom)


def _ring(draw: ImageDraw.ImageDraw, outer: tuple, inner: tuple, color: tuple) -> None:
    """Fill the area between two rectangles (four strips; negative or empty strips are skipped)."""
    strips = ((outer[0], outer[1], outer[2], inner[1]), (outer[0], inner[3], outer[2], outer[3]),
              (outer[0], inner[1], inner[0], inner[3]), (inner[2], inner[1], outer[2], inner[3]))
    for x0, y0, x1, y1 in strips:
        if x1 - x0 >= 0.5 and y1 - y0 >= 0.5:
            draw.rectangle([x0, y0, x1 - 1, y1 - 1], fill=color)


def _outline(draw: ImageDraw.ImageDraw, x: float, y: float, width: float, height: float, color: tuple,
             line: int = 1) -> None:
    if width >= 1 and height >= 1:
        draw.rectangle([x, y, x + width - 1, y + height - 1], outline=color, width=line)


def _box_areas(draw: ImageDraw.ImageDraw, box: Box) -> None:
    border_box = (box.x, box.y, box.x + box.width, box.y + box.height)
    margins = tuple(max(0.0, m) for m in box.margin)
    margin_box = _inset(border_box, tuple(-m for m in margins))
    padding_box = _inset(border_box, box.border)
    content_box = _inset(padding_box, box.padding)
    _ring(draw, margin_box, border_box, OVERLAY_COLORS["margin"])
    _ring(draw, border_box, padding_box, OVERLAY_COLORS["border"])
    _ring(draw, padding_box, content_box, OVERLAY_COLORS["padding"])
    if content_box[2] - content_box[0] >= 0.5 and content_box[3] - content_box[1] >= 0.5:
        draw.rectangle([content_box[0], content_box[1], content_box[2] - 1, content_box[3] - 1],
                       fill=OVERLAY_COLORS["content"])


def draw_overlay(screenshot: Image.Image, root: Box | None, highlight: Box | None = None) -> Image.Image:
    """The overlay picture, the size of `screenshot` (boxes below its bottom are cut off)."""
    base = Image.blend(screenshot.convert("RGBA"), Image.new("RGBA", screenshot.size, (255, 255, 255, 255)), 0.55)
    areas = Image.new("RGBA", screenshot.size, (0, 0, 0, 0))
    lines = Image.new("RGBA", screenshot.size, (0, 0, 0, 0))
    fill, stroke = ImageDraw.Draw(areas), ImageDraw.Draw(lines)
    for box in iter_boxes(root):
        if box.kind == TEXT or not box.laid_out or box.y > screenshot.size[1]:
            continue
        if box.kind in (INLINE, MARKER):
            for frag in box.fragments or ():
                _outline(stroke, frag.x, frag.y, frag.width, frag.height, INLINE_COLOR)
            continue
        _box_areas(fill, box)
        for line in box.lines or ():
            _outline(stroke, line.x, line.y, line.width, line.height, LINE_COLOR)
            if line.width >= 1:
                stroke.line([(line.x, line.baseline), (line.x + line.width - 1, line.baseline)], fill=BASELINE_COLOR)
    if highlight is not None:
        margin_box = _inset((highlight.x, highlight.y, highlight.x + highlight.width, highlight.y + highlight.height),
                            tuple(-max(0.0, m) for m in highlight.margin))
        _outline(stroke, margin_box[0] - 1, margin_box[1] - 1, margin_box[2] - margin_box[0] + 2,
                 margin_box[3] - margin_box[1] + 2, HIGHLIGHT_COLOR, 2)
    return Image.alpha_composite(Image.alpha_composite(base, areas), lines).convert("RGB")
