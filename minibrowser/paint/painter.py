"""Layout tree → display list, in the painting order of CSS 2.1 Appendix E.

For each subtree that paints as a unit (the root, each atomic inline, each
relatively positioned or translucent box):
  1. backgrounds and borders of the block-level boxes, in tree order;
  2. the inline content of every block container: inline box backgrounds and
     borders, text, text decorations, list markers, and atomic inlines (each
     painted as a unit, in line order);
  3. relatively positioned and translucent descendants, in tree order.
The root's (or, failing that, the body's) background covers the whole canvas
(CSS Backgrounds 3 §2.11.2).  Like layout, painting runs as generators driven
by an explicit stack, so deep trees are safe.
"""
from __future__ import annotations

from typing import Any, Generator

from ..css.values import RGBA, TRANSPARENT, resolve
from ..layout import run
from ..layout.tree import (ATOMIC_INLINE_KINDS, INLINE, LINE_BREAK, MARKER, REPLACED, TABLE, TABLE_CELL,
                           TABLE_ROW, TABLE_ROW_GROUP, TEXT, Box, Fragment)
from .display_list import (DisplayList, DrawBorder, DrawGradient, DrawImage, DrawLine, DrawText, FillRect,
                           PopClip, PopOpacity, PushClip, PushOpacity)
from ..css.properties import LinearGradient

WHITE = RGBA(255, 255, 255, 1.0)


def _visible_color(color: RGBA) -> bool:
    return color.a > 0


def _radii(box: Box) -> tuple:
    s = box.style
    values = []
    for corner in ("top_left", "top_right", "bottom_right", "bottom_left"):
        rx, ry = getattr(s, f"border_{corner}_radius")
        values.append((resolve(rx, box.width, auto=0.0) or 0.0, resolve(ry, box.height, auto=0.0) or 0.0))
    return tuple(values) if any(v[0] > 0 and v[1] > 0 for v in values) else ()


class Painter:
    def __init__(self, images: dict | None = None, background: RGBA | None = WHITE) -> None:
        self.images = images or {}
        self.canvas_background = background

    def paint(self, layout, base_url_resolver=None) -> DisplayList:
        out = DisplayList(width=layout.document_width, height=layout.document_height)
        self.resolve_url = base_url_resolver or (lambda href: href)
        root = layout.root
        out.background = self.canvas_background if self.canvas_background is not None else TRANSPARENT
        self.root_background_from = None
        if root is not None:
            source = root
            if not _visible_color(root.style.background_color) and root.style.background_image == "none":
                body = next((c for c in root.children if c.tag == "body"), None)
                if body is not None:
                    source = body
            self.root_background_from = source
            color = source.style.background_color
            if _visible_color(color):
                base = out.background if out.background.a else TRANSPARENT
                out.background = _over(color, base) if base.a else color
            if source.style.background_image != "none":
                self._background_image(source, out, 0.0, 0.0, out.width, out.height)
            run(self._paint_unit(root, out, top=True))
        return out

    # ------------------------------------------------------------------
    def _paint_unit(self, unit: Box, out: DisplayList, top: bool = False) -> Generator:
        s = unit.style
        opacity = s.opacity
        if opacity < 1:
            out.append(PushOpacity(opacity))
        deferred: list[Box] = []
        # phase 1: block backgrounds and borders
        stack = [unit]
        clips: list[tuple[Box, int]] = []
        while stack:
            box = stack.pop()
            if box is not unit and self._paints_alone(box):
                deferred.append(box)
                continue
            self._box_decorations(box, out)
            if box.lines is None:
                kids = [c for c in box.children if not c.inline_level or c.kind == TABLE and not c.inline_level]
                stack.extend(reversed(kids))
        # phase 2: inline content, with overflow clipping per box
        stack2: list[Any] = [unit]
        while stack2:
            item = stack2.pop()
            if isinstance(item, tuple):  # ("pop-clip",)
                out.append(PopClip())
                continue
            box = item
            if box is not unit and self._paints_alone(box):
                continue
            clipped = box.style.overflow_x != "visible" and box.kind not in (INLINE,)
            if clipped:
                out.append(PushClip(box.x + box.border[3], box.y + box.border[0],
                                    box.width - box.border[1] - box.border[3],
                                    box.height - box.border[0] - box.border[2]))
                stack2.append(("pop-clip",))
            if box.marker is not None and box.style.visibility == "visible":
                self._marker(box, out)
            if box.lines is not None:
                for line in box.lines:
                    for sub in self._line(box, line, out):
                        yield self._paint_unit(sub, out)
            else:
                kids = [c for c in box.children if not c.inline_level]
                stack2.extend(reversed(kids))
        for box in deferred:
            yield self._paint_unit(box, out)
        if opacity < 1:
            out.append(PopOpacity())
        return None

    @staticmethod
    def _paints_alone(box: Box) -> bool:
        s = box.style
        return s.position == "relative" or s.opacity < 1

    # ------------------------------------------------------------------
    def _box_decorations(self, box: Box, out: DisplayList) -> None:
        s = box.style
        if s.visibility != "visible" or box.kind in (TEXT, INLINE, LINE_BREAK):
            return
        if box.kind in (TABLE_ROW_GROUP, TABLE_ROW):
            color = s.background_color
            if _visible_color(color):
                out.append(FillRect(box.x, box.y, box.width, box.height, color))
            return
        if box.kind == TABLE_CELL and s.empty_cells == "hide" and not _has_content(box):
            return
        x, y, w, h = box.x, box.y, box.width, box.height
        if box.kind == TABLE and box.grid_height:
            y, h = box.y + box.grid_top, box.grid_height
        radii = _radii(box)
        if box is not self.root_background_from:
            color = s.background_color
            clip = s.background_clip
            bx, by, bw, bh = _clip_rect(box, x, y, w, h, clip)
            if _visible_color(color):
                out.append(FillRect(bx, by, bw, bh, color, radii))
            if s.background_image != "none":
                self._background_image(box, out, bx, by, bw, bh)
        self._border(box, out, x, y, w, h, radii)
        if box.kind == REPLACED and box.image is not None:
            cx, cy = box.content_x, box.content_y
            out.append(DrawImage(cx, cy, box.content_width, box.content_height, box.image, box.alt))
        elif box.kind == REPLACED and box.image is None and box.tag == "img":
            # a broken image with a size: an outlined box with its alt text
            if box.alt and box.width > 4 and box.height > 4:
                font = None
                out.append(DrawBorder(box.x, box.y, box.width, box.height, (1, 1, 1, 1), ("solid",) * 4,
                                      (RGBA(192, 192, 192),) * 4))
        if s.outline_style not in ("none",) and s.outline_width > 0:
            ow = s.outline_width
            off = s.outline_offset if isinstance(s.outline_offset, float) else 0.0
            color = s.resolve_color(s.outline_color)
            style = "solid" if s.outline_style == "auto" else s.outline_style
            out.append(DrawBorder(x - ow - off, y - ow - off, w + 2 * (ow + off), h + 2 * (ow + off),
                                  (ow,) * 4, (style,) * 4, (color,) * 4))

    def _border(self, box: Box, out: DisplayList, x: float, y: float, w: float, h: float, radii: tuple) -> None:
        s = box.style
        widths = box.border if box.kind != TABLE_CELL or box.collapsed_border is None else box.collapsed_border
        styles = (s.border_top_style, s.border_right_style, s.border_bottom_style, s.border_left_style)
        if not any(wd > 0 and st not in ("none", "hidden") for wd, st in zip(widths, styles)):
            return
        colors = tuple(s.resolve_color(c) for c in (s.border_top_color, s.border_right_color,
                                                     s.border_bottom_color, s.border_left_color))
        out.append(DrawBorder(x, y, w, h, tuple(widths), styles, colors, radii))

    def _background_image(self, box: Box, out: DisplayList, x: float, y: float, w: float, h: float) -> None:
        image = box.style.background_image
        if isinstance(image, LinearGradient):
            out.append(DrawGradient(x, y, w, h, image))
            return
        if isinstance(image, tuple) and image[0] == "url":
            info = self.images.get(self.resolve_url(image[1]))
            if info is None or info.handle is None:
                return
            out.append(_BackgroundTiles(box, x, y, w, h, info).command())

    # ------------------------------------------------------------------
    def _marker(self, box: Box, out: DisplayList) -> None:
        marker = box.marker
        frags = marker.fragments or []
        for frag in frags:
            if marker.kind == REPLACED and marker.image is not None:
                out.append(DrawImage(frag.x, frag.y, marker.intrinsic_width or 0, marker.intrinsic_height or 0,
                                     marker.image))
            elif frag.text:
                style = marker.style
                out.append(DrawText(frag.x, frag.baseline, frag.text, frag.font, style.color, frag.width,
                                    style.font_size, style.font_weight >= 600,
                                    style.font_style != "normal"))

    def _line(self, container: Box, line, out: DisplayList) -> list[Box]:
        """Paint one line's fragments; return the atomic inlines to paint as units, in order."""
        atomics: list[Box] = []
        # decorations and links propagate from the block and from enclosing inline boxes
        block_decos = _decorations(container.style)
        open_stack: list[tuple[int, list, str | None]] = []
        link = _link_of(container)
        for frag in line.fragments:
            while open_stack and open_stack[-1][0] >= frag.depth:
                open_stack.pop()
            decos = list(block_decos)
            href = link
            for _depth, d, h in open_stack:
                decos.extend(d)
                href = h or href
            kind = frag.box.kind
            if kind in (INLINE, MARKER):
                box = frag.box
                self._inline_fragment(frag, out)
                element_href = box.element.get("href") if box.element is not None and box.tag == "a" else None
                open_stack.append((frag.depth, _decorations(box.style), element_href))
            elif kind == TEXT:
                self._text(frag, out, decos, href)
            elif kind in ATOMIC_INLINE_KINDS or kind == TABLE:
                atomics.append(frag.box)
        return atomics

    def _inline_fragment(self, frag: Fragment, out: DisplayList) -> None:
        s = frag.box.style
        if s.visibility != "visible":
            return
        color = s.background_color
        if _visible_color(color):
            out.append(FillRect(frag.x, frag.y, frag.width, frag.height, color))
        widths = [s.border_top_width, s.border_right_width if frag.ends else 0.0, s.border_bottom_width,
                  s.border_left_width if frag.starts else 0.0]
        styles = (s.border_top_style, s.border_right_style, s.border_bottom_style, s.border_left_style)
        if any(w > 0 and st not in ("none", "hidden") for w, st in zip(widths, styles)):
            colors = tuple(s.resolve_color(c) for c in (s.border_top_color, s.border_right_color,
                                                         s.border_bottom_color, s.border_left_color))
            out.append(DrawBorder(frag.x, frag.y, frag.width, frag.height, tuple(widths), styles, colors))

    def _text(self, frag: Fragment, out: DisplayList, decos: list, href: str | None) -> None:
        s = frag.box.style
        if s.visibility != "visible" or not frag.text:
            return
        out.append(DrawText(frag.x, frag.baseline, frag.text, frag.font, s.color, frag.width, s.font_size,
                            s.font_weight >= 600, s.font_style != "normal", href,
                            s.letter_spacing if isinstance(s.letter_spacing, float) else 0.0))
        if not decos:
            return
        size = s.font_size
        thickness = max(1.0, round(size / 16))
        for line_kind, color, style in decos:
            if line_kind == "underline":
                y = frag.baseline + max(1.0, round(size / 10))
            elif line_kind == "overline":
                y = frag.baseline - size * 0.8
            else:
                y = frag.baseline - size * 0.3
            out.append(DrawLine(frag.x, y, frag.x + frag.width, y, thickness, color, style))


def _decorations(style) -> list:
    lines = style.text_decoration_line
    if not lines:
        return []
    color = style.resolve_color(style.text_decoration_color)
    return [(kind, color, style.text_decoration_style) for kind in lines]


def _link_of(box: Box) -> str | None:
    return None


def _has_content(box: Box) -> bool:
    if box.lines:
        return True
    return any(not c.inline_level for c in box.children)


def _clip_rect(box: Box, x: float, y: float, w: float, h: float, clip: str) -> tuple:
    if clip == "padding-box":
        b = box.border
        return x + b[3], y + b[0], w - b[1] - b[3], h - b[0] - b[2]
    if clip == "content-box":
        b, p = box.border, box.padding
        return (x + b[3] + p[3], y + b[0] + p[0], w - b[1] - b[3] - p[1] - p[3],
                h - b[0] - b[2] - p[0] - p[2])
    return x, y, w, h


def _over(top: RGBA, bottom: RGBA) -> RGBA:
    a = top.a + bottom.a * (1 - top.a)
    if a == 0:
        return TRANSPARENT
    mix = lambda t, b: round((t * top.a + b * bottom.a * (1 - top.a)) / a)  # noqa: E731
    return RGBA(mix(top.r, bottom.r), mix(top.g, bottom.g), mix(top.b, bottom.b), a)


class _BackgroundTiles:
    """background-image with repeat, position and size → one DrawImage-like command."""

    def __init__(self, box: Box, x: float, y: float, w: float, h: float, info) -> None:
        self.box, self.x, self.y, self.w, self.h, self.info = box, x, y, w, h, info

    def command(self):
        from .display_list import DrawImage
        s = self.box.style
        iw, ih = self.info.width, self.info.height
        size = s.background_size
        if size == "cover" or size == "contain":
            scale = (max if size == "cover" else min)(self.w / iw if iw else 1, self.h / ih if ih else 1)
            tw, th = iw * scale, ih * scale
        else:
            sw = resolve(size[0], self.w, auto=None) if size[0] != "auto" else None
            sh = resolve(size[1], self.h, auto=None) if size[1] != "auto" else None
            if sw is None and sh is None:
                tw, th = iw, ih
            elif sw is None:
                tw, th = (iw * sh / ih if ih else sh), sh
            elif sh is None:
                tw, th = sw, (ih * sw / iw if iw else sw)
            else:
                tw, th = sw, sh
        px = resolve(s.background_position[0], self.w - tw, auto=0.0) or 0.0
        py = resolve(s.background_position[1], self.h - th, auto=0.0) or 0.0
        repeat = s.background_repeat
        cmd = DrawImage(self.x + px, self.y + py, tw, th, self.info.handle)
        cmd.repeat = repeat
        cmd.clip = (self.x, self.y, self.w, self.h)
        return cmd
