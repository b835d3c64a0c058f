"""Layout tree → display list, in the painting order of CSS 2.1 Appendix E.

A *unit* is a subtree painted as one piece: the root, each atomic inline
(inline-block, image, inline table) and each positioned or translucent box.
Within a unit:
  1. backgrounds and borders of the block-level boxes, in tree order
     (units with a negative z-index come first, right after the unit's own);
  2. the inline content of every block container in tree order: inline
     boxes' backgrounds and borders, text, text decorations, list markers,
     replaced content, and atomic inlines, each painted as a unit in line order;
  3. outlines;
  4. the positioned and translucent units inside, by z-index then tree order.
Steps 1 and 4 belong to *stacking contexts* (Appendix E, §9.9.1): the root, a
positioned box with an integer z-index, a translucent box — and, painted as if
they were one, atomic inlines.  Flex and grid items are painted in step 2 like
inline-blocks, each whole, in `order`-modified document order (Flexbox §5.4,
Grid §9); one with a z-index is a stacking context, painted in steps 1 or 4.
A positioned box with `z-index: auto` is a unit but not a stacking context: the
positioned boxes inside it are painted by the stacking context around it, in
its z-index order (stacking.py finds them).
`overflow` other than `visible` clips a box's descendants to its padding box
(rounded when the box is); the clip is carried along to units painted later.
The root's (or, failing that, the body's) background covers the whole canvas
(CSS Backgrounds 3 §2.11.2).  Like layout, painting runs as generators driven
by an explicit stack (`layout.run`), so deep trees are safe.
"""
from __future__ import annotations

from typing import Any, Generator

from ..css.properties import LinearGradient
from ..css.values import CURRENT_COLOR, RGBA, Dim, LengthContext, length_to_px, resolve
from ..layout import run
from ..layout.tree import (ATOMIC_INLINE_KINDS, INLINE, LINE_BREAK, MARKER, REPLACED, TABLE, TABLE_CELL,
                           TABLE_ROW, TABLE_ROW_GROUP, TEXT, Box, Fragment)
from ..layout.fieldset import rendered_legend
from ..layout.floats import is_float
from .controls import PLACEHOLDER_COLOR, is_placeholder, paint_control, select_arrow, themed
from .stacking import IN_FLOW, holds_items, paints_alone, stacking_members
from .display_list import (DisplayList, DrawBorder, DrawGradient, DrawImage, DrawLine, DrawPolyline, DrawText,
                           FillRect, PopClip, PopOpacity, PushClip, PushOpacity)

BROKEN_IMAGE_BORDER = RGBA(192, 192, 192)
BROKEN_ICON = 16.0   # the broken-image icon's size (layout/boxes.py BROKEN_IMAGE_ICON)


def _visible_color(color: RGBA) -> bool:
    return color.a > 0


def _background(style) -> RGBA:
    """The used background colour: `currentcolor` is the element's own colour (CSS Color 4 §6.4)."""
    return style.resolve_color(style.background_color)


def border_radii(box: Box) -> tuple:
    """Used border radii ((rx, ry) × 4 corners, from top-left clockwise), scaled down together when
    adjacent radii would overlap (CSS Backgrounds 3 §5.5); () when the box is not rounded."""
    s = box.style
    values = []
    for corner in ("top_left", "top_right", "bottom_right", "bottom_left"):
        rx, ry = getattr(s, f"border_{corner}_radius")
        values.append((resolve(rx, box.width, auto=0.0) or 0.0, resolve(ry, box.height, auto=0.0) or 0.0))
    if not any(v[0] > 0 and v[1] > 0 for v in values):
        return ()
    (a, b), (c, d), (e, f), (g, h) = values
    factor = 1.0
    for length, total in ((box.width, a + c), (box.width, g + e), (box.height, b + h), (box.height, d + f)):
        if total > length:
            factor = min(factor, length / total)
    if factor < 1.0:
        values = [(rx * factor, ry * factor) for rx, ry in values]
    return tuple(values)


def inner_radii(radii: tuple, widths: tuple) -> tuple:
    """Radii of an inner edge: the outer radii less the widths between (CSS Backgrounds 3 §5.2)."""
    if not radii:
        return ()
    t, r, b, l = widths
    (a, b0), (c, d), (e, f), (g, h) = radii
    out = ((max(0.0, a - l), max(0.0, b0 - t)), (max(0.0, c - r), max(0.0, d - t)),
           (max(0.0, e - r), max(0.0, f - b)), (max(0.0, g - l), max(0.0, h - b)))
    return out if any(rx > 0 and ry > 0 for rx, ry in out) else ()


class Painter:
    def __init__(self, images: dict | None = None, metrics: Any = None) -> None:
        self.images = images or {}
        self.metrics = metrics   # the TextMetrics layout used: decoration positions, justified spaces
        # id(style) -> whether an inline box of that style paints nothing of its own (no background,
        # no border): most spans, <a>, <code> of a page; styles are shared and live all paint long
        self._bare_inline: dict[int, bool] = {}

    def paint(self, layout, base_url_resolver=None, root_style=None) -> DisplayList:
        """`root_style` is the root element's computed style: its background colour still paints the
        canvas when the root generates no box (display: none), as browsers do."""
        out = DisplayList(width=layout.document_width, height=layout.document_height)
        self.resolve_url = base_url_resolver or (lambda href: href)
        self.canvas_source = None
        root = layout.root
        if root is not None:
            self._canvas_background(root, out)
            run(self._paint_unit(root, out, ()))
        elif root_style is not None and _visible_color(_background(root_style)):
            out.background = _background(root_style)
        return out

    def _canvas_background(self, root: Box, out: DisplayList) -> None:
        """The root's background, or the body's when the root has none, paints the whole canvas."""
        source = root
        if not _visible_color(_background(root.style)) and root.style.background_image == "none":
            body = next((c for c in root.children if c.tag == "body"), None)
            if body is not None:
                source = body
        self.canvas_source = source
        if _visible_color(_background(source.style)):
            out.background = _background(source.style)
        if source.style.background_image != "none":
            # positioned against the root element's box, tiled over the whole canvas
            area = (0.0, 0.0, out.width, out.height)
            self._background_image(source, out, _box_rect(root), area, ())

    # ------------------------------------------------------------------ units
    def _paint_unit(self, unit: Box, out: DisplayList, clips: tuple, context: bool = True) -> Generator:
        """Paint one unit; `clips` are ancestors' clips to re-open around a unit painted out of place;
        `context`: the unit paints the positioned units inside it (it is a stacking context)."""
        for clip in clips:
            out.append(clip)
        opacity = unit.style.opacity
        if opacity < 1:
            out.append(PushOpacity(opacity))
        # the positioned and translucent units this unit paints in steps 1 and 4 (none when it is a
        # positioned box with z-index auto: its stacking context paints them)
        deferred = stacking_members(unit) if context else []
        outlines: list[Box] = []
        # phase 1: backgrounds and borders of block-level boxes
        own_end = None
        stack: list[Any] = [unit]
        floats: list[tuple[Box, tuple]] = []   # floating boxes, with the clips around them
        chain: list[PushClip] = []
        while stack:
            item = stack.pop()
            if item is _POP:
                out.append(PopClip())
                chain.pop()
                continue
            box = item
            if box is not unit and paints_alone(box):
                continue
            if box is not unit and is_float(box):
                floats.append((box, tuple(chain)))
                continue
            if box.floats:   # floats that were in this box's inline content
                clip = _overflow_clip(box)
                inner = tuple(chain) + ((clip,) if clip is not None else ())
                floats.extend((f, inner) for f in box.floats if not paints_alone(f))
            self._box_decorations(box, out)
            if _has_outline(box):
                outlines.append(box)
            if box is unit:
                own_end = len(out.commands)
            # a flex or grid container's items wait for phase 2, where each is painted whole
            kids = [] if holds_items(box) else _block_children(box)
            if kids:
                clip = _overflow_clip(box)
                if clip is not None:
                    out.append(clip)
                    chain.append(clip)
                    stack.append(_POP)
                stack.extend(reversed(kids))
        deferred.sort(key=lambda entry: (entry[0], entry[1]))
        negative = [entry for entry in deferred if entry[0] < 0]
        if negative:
            below = DisplayList()
            for _z, _n, box, box_clips, context in negative:
                yield self._paint_unit(box, below, box_clips, context)
            out.commands[own_end:own_end] = below.commands
        # floats, each painted whole, above the in-flow blocks' backgrounds and below their inline
        # content (Appendix E step 5); their positioned descendants belong to this stacking context
        for box, box_clips in floats:
            yield self._paint_unit(box, out, box_clips, context=False)
        # phase 2: inline content, replaced content and atomic inlines
        stack = [unit]
        while stack:
            item = stack.pop()
            if item is _POP:
                out.append(PopClip())
                continue
            box = item
            if box is not unit and (paints_alone(box) or is_float(box)):
                continue
            if box.marker is not None and box.style.visibility == "visible":
                self._marker(box, out)
            if box.kind == REPLACED:
                self._replaced_content(box, out)
            kids = _block_children(box)
            clip = _overflow_clip(box) if (kids or box.lines) else None
            if clip is not None:
                out.append(clip)
            if box.lines is not None:
                for line in box.lines:
                    for atomic in self._line(box, line, out, outlines):
                        if not paints_alone(atomic):
                            yield self._paint_unit(atomic, out, ())
            if holds_items(box):
                # the items, as inline-blocks (those painting alone are this context's members);
                # the positioned boxes inside them belong to the stacking context (context=False)
                for item in kids:
                    if not paints_alone(item, item.style.position in IN_FLOW):
                        yield self._paint_unit(item, out, (), context=False)
                kids = []
            if clip is not None:
                stack.append(_POP)
            stack.extend(reversed(kids))
        # phase 3: outlines, above the unit's content
        for box in outlines:
            self._outline(box, out)
        # phase 4: positioned and translucent descendants, by z-index then tree order
        for z, _n, box, box_clips, context in deferred:
            if z >= 0:
                yield self._paint_unit(box, out, box_clips, context)
        if opacity < 1:
            out.append(PopOpacity())
        for _clip in clips:
            out.append(PopClip())
        return None

    # ------------------------------------------------------------------ boxes
    def _box_decorations(self, box: Box, out: DisplayList) -> None:
        s = box.style
        if s.visibility != "visible" or box.kind in (TEXT, INLINE, LINE_BREAK):
            return
        if box.kind in (TABLE_ROW_GROUP, TABLE_ROW):
            if _visible_color(_background(s)):
                out.append(FillRect(box.x, box.y, box.width, box.height, _background(s)))
            return
        if box.kind == TABLE_CELL and s.empty_cells == "hide" and not _has_content(box):
            return
        x, y, w, h = box.x, box.y, box.width, box.height
        if box.kind == TABLE and box.grid_height:
            y, h = box.y + box.grid_top, box.grid_height
        radii = border_radii(box)
        widths = _border_widths(box)
        legend = rendered_legend(box) if box.tag == "fieldset" else None
        if legend is not None and legend.laid_out:
            # HTML §15.3.13: the border (and the background inside it) is centred on the rendered
            # legend, and the top side is interrupted behind the legend's border box
            band = legend.margin[0] + legend.height + legend.margin[2]
            shift = max(0.0, (band - widths[0]) / 2)
            y, h = y + shift, h - shift
        control = themed(box, bool(radii)) if box.tag in _CONTROL_TAGS else None
        if control is not None:   # Chromium's light theme draws it (paint/controls.py)
            paint_control(control, box, out)
            if box.tag == "select":
                select_arrow(box, out)
            return
        if box is not self.canvas_source:
            clip_rect, clip_radii = _edge_rect((x, y, w, h), radii, widths, box.padding, s.background_clip)
            if _visible_color(_background(s)):
                out.append(FillRect(*clip_rect, _background(s), clip_radii))
            if s.background_image != "none":
                origin, _r = _edge_rect((x, y, w, h), radii, widths, box.padding, s.background_origin)
                self._background_image(box, out, origin, clip_rect, clip_radii)
        if box.kind == TABLE_CELL and box.collapsed_edges is not None:
            self._collapsed_edges(box, out)
        elif legend is not None and legend.laid_out:
            self._border_behind_legend(box, out, x, y, w, h, radii, widths, legend)
        elif not (box.kind == TABLE and s.border_collapse == "collapse" and _has_collapsed_cells(box)):
            self._border(box, out, x, y, w, h, radii, widths)
        if box.tag == "select" and box.pseudo is None:   # restyled, it keeps its chevron
            select_arrow(box, out)

    def _replaced_content(self, box: Box, out: DisplayList) -> None:
        if box.style.visibility != "visible":
            return
        if box.tag == "input" and box.image is None:
            self._check_control(box, out)
        elif box.image is not None:
            out.append(DrawImage(box.content_x, box.content_y, box.content_width, box.content_height, box.image,
                                 box.alt))
        elif box.tag == "img":
            # a broken image without alt text: the icon, in a light outline when sized bigger (HTML §15.4.2)
            if box.width > BROKEN_ICON + 2 and box.height > BROKEN_ICON + 2:
                out.append(DrawBorder(box.x, box.y, box.width, box.height, (1.0,) * 4, ("solid",) * 4,
                                      (BROKEN_IMAGE_BORDER,) * 4))
            if box.content_width >= BROKEN_ICON and box.content_height >= BROKEN_ICON:
                _broken_image_icon(box.content_x, box.content_y, out)
        elif box.element is None and box.pseudo is None and box.intrinsic_width == BROKEN_ICON:
            # the icon before a broken image's alt text: it takes no height, its top 13px above the baseline
            _broken_image_icon(box.x, box.y - 13, out)

    def _check_control(self, box: Box, out: DisplayList) -> None:
        """A checkbox or radio button drawn as Chromium's light theme draws it: a 1px grey square
        (2px corners) or circle on white; when checked, blue with a white tick or a blue dot."""
        kind = (box.element.get("type") or "").lower()
        checked = box.element.get("checked") is not None
        x, y, w, h = box.content_x, box.content_y, box.content_width, box.content_height
        if w <= 0 or h <= 0:
            return
        grey, blue, white = RGBA(118, 118, 118), RGBA(0, 117, 255), RGBA(255, 255, 255)
        if kind == "radio":
            r = min(w, h) / 2
            round_all = ((r, r),) * 4
            out.append(FillRect(x, y, w, h, white, round_all))
            out.append(DrawBorder(x, y, w, h, (1.0,) * 4, ("solid",) * 4, ((blue if checked else grey),) * 4,
                                  round_all))
            if checked:
                inset = max(2.0, r * 0.4)
                inner = ((r - inset, r - inset),) * 4
                out.append(FillRect(x + inset, y + inset, w - 2 * inset, h - 2 * inset, blue, inner))
            return
        corners = ((2.0, 2.0),) * 4
        if checked:
            out.append(FillRect(x, y, w, h, blue, corners))
            out.append(DrawPolyline(((x + w * 0.22, y + h * 0.52), (x + w * 0.42, y + h * 0.72),
                                     (x + w * 0.78, y + h * 0.3)), max(1.5, w / 7), white))
        else:
            out.append(FillRect(x, y, w, h, white, corners))
            out.append(DrawBorder(x, y, w, h, (1.0,) * 4, ("solid",) * 4, (grey,) * 4, corners))

    def _border(self, box: Box, out: DisplayList, x: float, y: float, w: float, h: float, radii: tuple,
                widths: tuple) -> None:
        s = box.style
        styles = (s.border_top_style, s.border_right_style, s.border_bottom_style, s.border_left_style)
        if not any(wd > 0 and st not in ("none", "hidden") for wd, st in zip(widths, styles)):
            return
        out.append(DrawBorder(x, y, w, h, tuple(widths), styles, border_colors(s, styles), radii))

    def _border_behind_legend(self, box: Box, out: DisplayList, x: float, y: float, w: float, h: float,
                              radii: tuple, widths: tuple, legend: Box) -> None:
        """A fieldset's border with a gap in its top side as wide as the legend's border box, as Blink
        cuts it: three sides whole, the top side as the pieces left and right of the legend."""
        s = box.style
        styles = (s.border_top_style, s.border_right_style, s.border_bottom_style, s.border_left_style)
        colors = border_colors(s, styles)
        top = widths[0] if styles[0] not in ("none", "hidden") else 0.0
        sides = (0.0, widths[1], widths[2], widths[3])
        if any(wd > 0 and st not in ("none", "hidden") for wd, st in zip(sides, styles)):
            out.append(DrawBorder(x, y, w, h, sides, styles, colors, radii))
        gap_start, gap_end = max(x, legend.x), min(x + w, legend.x + legend.width)
        for piece_x, piece_w in ((x, gap_start - x), (gap_end, x + w - gap_end)):
            if top > 0 and piece_w > 0:
                out.append(DrawBorder(piece_x, y, piece_w, top, (top, 0.0, 0.0, 0.0), styles, colors))

    def _collapsed_edges(self, cell: Box, out: DisplayList) -> None:
        """Collapsing border model (CSS 2.1 §17.6.2): every cell draws its four resolved edges whole,
        centred on the grid lines, in the winning border's style and colour; neighbours draw a shared
        edge alike.  'inset' and 'outset' are drawn as 'ridge' and 'groove' in this model."""
        (t, ts, tc), (r, rs, rc), (b, bs, bc), (l, ls, lc) = cell.collapsed_edges
        if not any(w > 0 for w in (t, r, b, l)):
            return
        styles = tuple(_COLLAPSED_STYLE.get(st, st) for st in (ts, rs, bs, ls))
        out.append(DrawBorder(cell.x - l / 2, cell.y - t / 2, cell.width + (l + r) / 2, cell.height + (t + b) / 2,
                              (t, r, b, l), styles, (tc, rc, bc, lc)))

    def _outline(self, box: Box, out: DisplayList) -> None:
        """CSS UI 4 §5: outside the border box by outline-offset, not taking up space."""
        s = box.style
        ow = s.outline_width
        off = s.outline_offset if isinstance(s.outline_offset, float) else 0.0
        color = s.resolve_color(s.outline_color)
        style = "solid" if s.outline_style == "auto" else s.outline_style
        rects = [(f.x, f.y, f.width, f.height) for f in box.fragments] if box.kind == INLINE and box.fragments \
            else [(box.x, box.y, box.width, box.height)]
        for x, y, w, h in rects:
            out.append(DrawBorder(x - ow - off, y - ow - off, w + 2 * (ow + off), h + 2 * (ow + off),
                                  (ow,) * 4, (style,) * 4, (color,) * 4))

    # ------------------------------------------------------------------ backgrounds
    def _background_image(self, box: Box, out: DisplayList, origin: tuple, area: tuple, radii: tuple) -> None:
        """One background layer: `origin` is the positioning area, `area` the painting area (clip)."""
        image = box.style.background_image
        if radii:
            out.append(PushClip(*area, radii))
        if isinstance(image, LinearGradient):
            self._gradient(box, out, image, area)
        elif isinstance(image, tuple) and image[0] == "url":
            info = self.images.get(self.resolve_url(image[1]))
            if info is not None and info.handle is not None and info.width > 0 and info.height > 0:
                out.append(background_tiles(box.style, origin, area, info))
        if radii:
            out.append(PopClip())

    def _gradient(self, box: Box, out: DisplayList, gradient: LinearGradient, area: tuple) -> None:
        """Stop positions become px along the gradient line (percentages of its length)."""
        import math

        x, y, w, h = area
        angle = math.radians(gradient.angle)
        length = abs(w * math.sin(angle)) + abs(h * math.cos(angle))
        s = box.style
        ctx = LengthContext(font_size=s.font_size)
        stops = []
        for color, pos in gradient.stops:
            rgba = s.resolve_color(color) if not isinstance(color, RGBA) else color
            if pos is None:
                px = None
            elif isinstance(pos, Dim) and pos.unit == "%":
                px = pos.value / 100 * length
            elif isinstance(pos, Dim):
                try:
                    px = length_to_px(pos.value, pos.unit, ctx)
                except ValueError:
                    px = None
            else:
                px = resolve(pos, length, auto=None)
            stops.append((rgba, px))
        out.append(DrawGradient(x, y, w, h, gradient.angle, tuple(stops), gradient.repeating))

    # ------------------------------------------------------------------ inline content
    def _marker(self, box: Box, out: DisplayList) -> None:
        marker = box.marker
        for frag in marker.fragments or []:
            if marker.kind == REPLACED and marker.image is not None:
                out.append(DrawImage(frag.x, frag.y, marker.intrinsic_width or 0, marker.intrinsic_height or 0,
                                     marker.image))
            elif frag.text:
                style = marker.style
                symbol = self._symbol(box.style, frag.text)
                if symbol is not None:
                    # the shape ends 7px + 0.3em before the list item's border edge, as Blink places it
                    end = box.x - (7 + 0.3 * style.font_size)
                    self._symbol_shape(symbol, end, frag, style, out)
                    continue
                out.append(DrawText(frag.x, frag.baseline, frag.text, frag.font, style.color, frag.width,
                                    style.font_size, style.font_weight >= 600, style.font_style != "normal"))

    def _symbol(self, item_style, text: str) -> str | None:
        """disc, circle or square when a marker shows that bullet and shapes can be drawn (not in text mode)."""
        kind = item_style.list_style_type
        if kind not in _SYMBOLS or self.metrics is None or getattr(self.metrics, "cell_based", True):
            return None
        return kind if text.strip() == _SYMBOLS[kind] else None

    def _symbol_shape(self, kind: str, end: float, frag: Fragment, style, out: DisplayList) -> None:
        """Blink paints symbol markers as shapes, not glyphs: a square of (ascent·2/3 + 1)/2 whose top
        is half the ascent above the baseline (list_marker.cc, RelativeSymbolMarkerRect)."""
        ascent = round(self.metrics.metrics(frag.font).ascent)
        size = (ascent * 2 / 3 + 1) / 2
        x, y = end - size, frag.baseline - ascent / 2
        color = style.color
        if kind == "square":
            out.append(FillRect(x, y, size, size, color))
        elif kind == "disc":
            out.append(FillRect(x, y, size, size, color, ((size / 2, size / 2),) * 4))
        else:
            thickness = max(1.0, round(style.font_size / 16))
            out.append(DrawBorder(x, y, size, size, (thickness,) * 4, ("solid",) * 4, (color,) * 4,
                                  ((size / 2, size / 2),) * 4))

    def _line(self, container: Box, line, out: DisplayList, outlines: list) -> list[Box]:
        """Paint one line's fragments; return the atomic inlines to paint as units, in order."""
        atomics: list[Box] = []
        # decorations propagate from the block and from enclosing inline boxes (CSS Text Decoration 3 §2)
        block_decos = _decorations(container.style)
        placeholder = is_placeholder(container)
        # each open inline box keeps its depth, the decorations of it and its ancestors as a linked
        # chain (innermost first) and the innermost link: 10,000 nested spans stay linear
        open_stack: list[tuple[int, tuple | None, str | None]] = []
        for frag in line.fragments:
            while open_stack and open_stack[-1][0] >= frag.depth:
                open_stack.pop()
            chain, href = (open_stack[-1][1], open_stack[-1][2]) if open_stack else (None, None)
            kind = frag.box.kind
            if kind in (INLINE, MARKER):
                box = frag.box
                self._inline_fragment(frag, out)
                if frag.starts and _has_outline(box) and box not in outlines:
                    outlines.append(box)
                element_href = box.element.get("href") if box.element is not None and box.tag == "a" else None
                own = _decorations(box.style)
                open_stack.append((frag.depth, (own, chain) if own else chain, element_href or href))
            elif kind == TEXT:
                self._text(frag, out, _chain_decorations(block_decos, chain), href, placeholder)
            elif kind in ATOMIC_INLINE_KINDS or kind == TABLE:
                atomics.append(frag.box)
        return atomics

    def _inline_fragment(self, frag: Fragment, out: DisplayList) -> None:
        s = frag.box.style
        bare = self._bare_inline.get(id(s))
        if bare is None:
            bare = self._bare_inline[id(s)] = s.visibility != "visible" or (
                not _visible_color(_background(s))
                and all(width <= 0 or style in ("none", "hidden") for width, style in (
                    (s.border_top_width, s.border_top_style), (s.border_right_width, s.border_right_style),
                    (s.border_bottom_width, s.border_bottom_style), (s.border_left_width, s.border_left_style))))
        if bare:
            return
        if _visible_color(_background(s)):
            out.append(FillRect(frag.x, frag.y, frag.width, frag.height, _background(s)))
        widths = [s.border_top_width, s.border_right_width if frag.ends else 0.0, s.border_bottom_width,
                  s.border_left_width if frag.starts else 0.0]
        styles = (s.border_top_style, s.border_right_style, s.border_bottom_style, s.border_left_style)
        widths = [w if st not in ("none", "hidden") else 0.0 for w, st in zip(widths, styles)]
        if any(w > 0 for w in widths):
            out.append(DrawBorder(frag.x, frag.y, frag.width, frag.height, tuple(widths), styles,
                                  border_colors(s, styles)))

    def _text(self, frag: Fragment, out: DisplayList, decos: list, href: str | None,
              placeholder: bool = False) -> None:
        """`placeholder`: the text is an empty field's placeholder, grey as in Chromium's UA sheet."""
        s = frag.box.style
        if s.visibility != "visible" or not frag.text:
            return
        if frag.box.pseudo == "marker":   # an inside marker: its shape at the start of its box
            symbol = self._symbol(s, frag.text)
            if symbol is not None:
                ascent = round(self.metrics.metrics(frag.font).ascent)
                self._symbol_shape(symbol, frag.x + 1 + (ascent * 2 / 3 + 1) / 2, frag, s, out)
                return
        letter = s.letter_spacing if isinstance(s.letter_spacing, float) else 0.0
        word = s.word_spacing if isinstance(s.word_spacing, float) else 0.0
        word += self._justification(frag, letter, word)
        color = PLACEHOLDER_COLOR if placeholder else s.color
        out.append(DrawText(frag.x, frag.baseline, frag.text, frag.font, color, frag.width, s.font_size,
                            s.font_weight >= 600, s.font_style != "normal", href, letter, word))
        if decos:
            self._decoration_lines(frag, out, decos)

    def _justification(self, frag: Fragment, letter: float, word: float) -> float:
        """Extra px per space when text-align: justify widened the fragment (CSS Text 3 §7.3)."""
        if frag.box.style.text_align != "justify" or self.metrics is None or " " not in frag.text.rstrip(" "):
            return 0.0
        natural = sum(self.metrics.width(t, f) for t, f in self.metrics.runs(frag.text, frag.font))
        natural += letter * len(frag.text) + word * frag.text.count(" ")
        spaces = frag.text.rstrip(" ").count(" ")
        extra = (frag.width - natural) / spaces
        return extra if extra > 0.01 else 0.0

    def _decoration_lines(self, frag: Fragment, out: DisplayList, decos: list) -> None:
        """Underline, overline and line-through at the positions and thickness the font gives."""
        fm = self.metrics.metrics(frag.font) if self.metrics is not None and frag.font is not None else None
        size = frag.box.style.font_size
        if fm is not None:
            thickness = fm.underline_thickness
            ascent, underline, strike = fm.ascent, fm.underline_offset, fm.strikeout_offset
        else:
            thickness = max(1.0, round(size / 16))
            ascent, underline, strike = size * 0.8, size / 10, size * 0.3
        for line_kind, color, style in decos:
            if line_kind == "underline":
                top = frag.baseline + max(1.0, round(underline - thickness / 2))
            elif line_kind == "overline":
                top = frag.baseline - ascent
            else:
                top = frag.baseline - round(strike)
            out.append(DrawLine(frag.x, top, frag.x + frag.width, top, thickness, color, style))


# ---------------------------------------------------------------------------
# helpers

_POP = object()   # a stack marker: close the clip opened for a box's descendants


def _block_children(box: Box) -> list[Box]:
    return [] if box.lines is not None else [c for c in box.children if not c.inline_level]


_CONTROL_TAGS = frozenset({"input", "button", "select", "textarea"})
_COLLAPSED_STYLE = {"inset": "ridge", "outset": "groove"}

# Blink (after WebKit): an inset or outset side whose colour is currentcolor is painted from #EEEEEE,
# not from the text colour, so an unstyled <hr> (color: gray) is a light bevel
_BEVEL_DEFAULT = RGBA(238, 238, 238)


def border_colors(style, styles: tuple) -> tuple:
    """The four sides' used colours: currentcolor is the element's colour, except on inset/outset sides."""
    sides = (style.border_top_color, style.border_right_color, style.border_bottom_color, style.border_left_color)
    return tuple(_BEVEL_DEFAULT if color == CURRENT_COLOR and side_style in ("inset", "outset")
                 else style.resolve_color(color) for color, side_style in zip(sides, styles))
_SYMBOLS = {"disc": "\u2022", "circle": "\u25e6", "square": "\u25aa"}   # as layout/counters.py writes them


def _has_collapsed_cells(table: Box) -> bool:
    """Whether the table's cells draw its collapsed edges (a table without cells draws its own)."""
    stack = list(table.children)
    while stack:
        box = stack.pop()
        if box.kind == TABLE_CELL:
            return box.collapsed_edges is not None
        if box.kind in (TABLE_ROW_GROUP, TABLE_ROW):
            stack.extend(box.children)
    return False


def _broken_image_icon(x: float, y: float, out: DisplayList) -> None:
    """A 16px picture of a torn picture, like the icon browsers show for an image that failed."""
    out.append(FillRect(x + 1, y + 1, 14, 14, RGBA(255, 255, 255)))
    out.append(FillRect(x + 3, y + 3, 10, 5, RGBA(140, 186, 242)))      # sky
    out.append(FillRect(x + 3, y + 8, 10, 5, RGBA(98, 168, 82)))        # hill
    out.append(DrawBorder(x + 1, y + 1, 14, 14, (1.0,) * 4, ("solid",) * 4, (RGBA(150, 150, 150),) * 4))
    out.append(DrawPolyline(((x + 9, y + 1), (x + 7, y + 6), (x + 10, y + 10), (x + 8, y + 15)), 1.5,
                            RGBA(255, 255, 255)))                         # the tear


def _has_outline(box: Box) -> bool:
    s = box.style
    return s.outline_style != "none" and s.outline_width > 0 and s.visibility == "visible"


def _border_widths(box: Box) -> tuple:
    if box.kind == TABLE_CELL and box.collapsed_border is not None:
        return tuple(box.collapsed_border)
    return tuple(box.border)


def _overflow_clip(box: Box) -> PushClip | None:
    """overflow other than visible clips the descendants to the padding box (CSS Overflow 3 §3)."""
    s = box.style
    if (s.overflow_x == "visible" and s.overflow_y == "visible") or box.kind in (INLINE, TEXT):
        return None
    b = _border_widths(box)
    radii = inner_radii(border_radii(box), b)
    return PushClip(box.x + b[3], box.y + b[0], box.width - b[1] - b[3], box.height - b[0] - b[2], radii)


def _box_rect(box: Box) -> tuple:
    return (box.x, box.y, box.width, box.height)


def _edge_rect(rect: tuple, radii: tuple, widths: tuple, padding: tuple, edge: str) -> tuple:
    """The border, padding or content box of a box, with its radii (background-clip / -origin)."""
    x, y, w, h = rect
    if edge == "border-box":
        return rect, radii
    b = widths
    if edge == "padding-box":
        return (x + b[3], y + b[0], w - b[1] - b[3], h - b[0] - b[2]), inner_radii(radii, b)
    p = padding
    inset = (b[0] + p[0], b[1] + p[1], b[2] + p[2], b[3] + p[3])
    return ((x + inset[3], y + inset[0], w - inset[1] - inset[3], h - inset[0] - inset[2]),
            inner_radii(radii, inset))


def background_tiles(style, origin: tuple, area: tuple, info) -> DrawImage:
    """background-size, -position and -repeat → one tiled DrawImage (CSS Backgrounds 3 §3.6–3.9)."""
    ox, oy, ow, oh = origin
    iw, ih = info.width, info.height
    size = style.background_size
    if size in ("cover", "contain"):
        scale = (max if size == "cover" else min)(ow / iw, oh / ih)
        tw, th = iw * scale, ih * scale
    else:
        sw = None if size[0] == "auto" else resolve(size[0], ow, auto=None)
        sh = None if size[1] == "auto" else resolve(size[1], oh, auto=None)
        if sw is None and sh is None:
            tw, th = iw, ih
        elif sw is None:
            tw, th = iw * sh / ih, sh
        elif sh is None:
            tw, th = sw, ih * sw / iw
        else:
            tw, th = sw, sh
    repeat_x, repeat_y = style.background_repeat
    # 'round' rescales the tile so a whole number fits (§3.9)
    if repeat_x == "round" and tw > 0:
        tw = ow / max(1, round(ow / tw))
    if repeat_y == "round" and th > 0:
        th = oh / max(1, round(oh / th))
    px = resolve(style.background_position[0], ow - tw, auto=0.0) or 0.0
    py = resolve(style.background_position[1], oh - th, auto=0.0) or 0.0
    repeat = tuple("no-repeat" if r == "no-repeat" else "repeat" for r in (repeat_x, repeat_y))
    return DrawImage(ox + px, oy + py, max(tw, 0.0), max(th, 0.0), info.handle, repeat=repeat, area=area)


def _chain_decorations(block_decos: list, chain: tuple | None) -> list:
    """The block's decorations, then each enclosing inline box's, outermost first."""
    layers = []
    while chain is not None:
        layers.append(chain[0])
        chain = chain[1]
    decos = list(block_decos)
    for own in reversed(layers):
        decos.extend(own)
    return decos


def _decorations(style) -> list:
    lines = style.text_decoration_line
    if not lines:
        return []
    color = style.resolve_color(style.text_decoration_color)
    return [(kind, color, style.text_decoration_style) for kind in lines if kind in
            ("underline", "overline", "line-through")]


def _has_content(box: Box) -> bool:
    if box.lines:
        return True
    return any(not c.inline_level for c in box.children)

