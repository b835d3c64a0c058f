"""Absolute and fixed positioning (CSS 2.1 §9.6, §10.1, §10.3.7, §10.3.8, §10.6.4, §10.6.5).

An absolutely positioned box is taken out of the normal flow (§9.6): it takes
no space among its siblings, block or inline, it is blockified (CSS Display 3
§2.7, done by the cascade) and it establishes a new block formatting context.
Layout therefore happens in two steps:

1. While the in-flow boxes are laid out (block.py, inline.py), each
   out-of-flow box met is *deferred* with its **static position**: where the
   top-left corner of its margin box would have been had it been in the flow
   (§10.3.7, §10.6.4) — relative to the border box of the block container
   that met it, so it moves with that container when coordinates are made
   absolute.  In inline content a box that was inline-level before
   blockification stands on the current line at the pen position (the note in
   §10.3.7); a block-level one starts the next line, as Blink places it.
2. Once the in-flow tree has its final, absolute coordinates (so every
   containing block has its size), `layout_out_of_flow` lays the deferred boxes
   out one by one, each with the generator driver, and converts their subtrees
   to absolute coordinates.  Boxes met inside them join the queue: the queue
   is a loop, not a recursion.

The **containing block** (§10.1) of `position: absolute` is the padding box of
the nearest positioned ancestor — for an inline ancestor, the box from the
start of its first fragment to the end of its last — or the initial containing
block (the viewport's size at the origin); that of `position: fixed` is the
viewport.  A grid container narrows it for its own children to the grid area
their grid-placement properties name (CSS Grid 1 §9.1): grid_layout.py gives
that area with the deferred box.  The page is one canvas, so a fixed box stays where the first
screenful puts it (as a full-page screenshot of Chromium shows it).

The sizes solve one equation per axis (§10.3.7, §10.6.4):

    start + margin-start + edges + size + margin-end + end = containing block size

with the rules of the sections for `auto`: shrink-to-fit widths, content
heights, the static position when both insets are auto, equal auto margins
when nothing else is auto, and `right`/`bottom` ignored when over-constrained.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Generator

from ..css.values import resolve
from .tree import INLINE, REPLACED, TABLE, TEXT, Box, clamp

OUT_OF_FLOW = ("absolute", "fixed")
Layout = Generator[Any, Any, Any]
# an inline-level box before blockification: its static position is on the line (§10.3.7 note)
INLINE_LEVEL_DISPLAYS = {"inline", "inline-block", "inline-table", "inline-flex", "inline-grid", "ruby"}


def is_out_of_flow(box: Box) -> bool:
    """Absolutely positioned (§9.6).  Text boxes carry their parent's style, so they never are."""
    return box.kind != TEXT and box.style.position in OUT_OF_FLOW


def was_inline_level(box: Box) -> bool:
    return getattr(box.style, "original_display", box.style.display) in INLINE_LEVEL_DISPLAYS


@dataclass
class Rect:
    x: float
    y: float
    width: float
    height: float


@dataclass
class Deferred:
    """An out-of-flow box met during layout, and its static position (the top-left of its
    hypothetical margin box) relative to the border box of `container`; `area`: (x, y, width,
    height) there, the containing block when `container` is the box's positioned ancestor (a
    grid container's grid area, CSS Grid 1 §9.1)."""

    box: Box
    container: Box
    x: float
    y: float
    area: tuple | None = None


class OutOfFlowQueue:
    """The out-of-flow boxes met so far, in the order met.  A container laid out twice (table
    cells are) defers its boxes again: the later static position wins, the first place is kept."""

    def __init__(self) -> None:
        self.pending: dict[int, Deferred] = {}

    def defer(self, box: Box, container: Box, x: float, y: float, area: tuple | None = None) -> None:
        self.pending[id(box)] = Deferred(box, container, x, y, area)

    def pop(self) -> Deferred | None:
        if not self.pending:
            return None
        key = next(iter(self.pending))
        return self.pending.pop(key)


def inline_static_x(style, available: float) -> float:
    """Where an originally inline-level box would start on an empty line of a block container
    (Blink aligns its static position with text-align, as an empty inline would be)."""
    align = style.text_align
    if align in ("right", "end", "-webkit-right"):
        return available
    if align in ("center", "-webkit-center"):
        return available / 2
    return 0.0


# ---------------------------------------------------------------------------
# containing blocks (§10.1)

def containing_blocks(root: Box) -> dict[int, Box | None]:
    """Every out-of-flow box's nearest positioned ancestor (None: the initial containing block),
    in one walk down the tree carrying the nearest positioned ancestor: linear, no recursion."""
    found: dict[int, Box | None] = {}
    stack: list[tuple[Box, Box | None]] = [(root, None)]
    while stack:
        box, nearest = stack.pop()
        if box.kind == TEXT:
            continue
        if box is not root and box.style.position in OUT_OF_FLOW:
            found[id(box)] = nearest
        if box.style.position != "static":
            nearest = box
        stack.extend((child, nearest) for child in box.children)
    return found


def padding_box(box: Box) -> Rect:
    """The padding box of a laid-out box; for an inline box, from the start of its first fragment
    to the end of its last (CSS 2.1 §10.1 item 4.1, with padding edges as CSS Position 3 and
    Blink have it)."""
    if box.kind == INLINE:
        frags = box.fragments or []
        if not frags:
            return Rect(box.x, box.y, 0.0, 0.0)
        s = box.style
        first, last = frags[0], frags[-1]
        left = first.x + (s.border_left_width if first.starts else 0.0)
        top = first.y + s.border_top_width
        right = last.x + last.width - (s.border_right_width if last.ends else 0.0)
        bottom = last.y + last.height - s.border_bottom_width
        return Rect(left, top, max(0.0, right - left), max(0.0, bottom - top))
    b = box.border
    return Rect(box.x + b[3], box.y + b[0], max(0.0, box.width - b[1] - b[3]),
                max(0.0, box.height - b[0] - b[2]))


# ---------------------------------------------------------------------------
# the constraint equations (§10.3.7 horizontal, §10.6.4 vertical)

def solve_axis(cb_size: float, start: float | None, end: float | None, size: float | None,
               m_start: float | None, m_end: float | None, edges: float, static: float,
               fit: Callable[[float], float], inline_axis: bool) -> tuple[float, float, float, float]:
    """Solve start + m_start + edges + size + m_end + end = cb_size; None is `auto`.

    Returns (start, size, m_start, m_end): `size` is the content size, `fit(available)` gives the
    auto size (shrink-to-fit horizontally, the content height vertically).  `inline_axis`: auto
    margins that would be negative are not split equally (the start margin is 0 in ltr)."""
    if start is not None and end is not None and size is not None:
        free = cb_size - start - end - size - edges
        if m_start is None and m_end is None:
            if inline_axis and free < 0:
                return start, size, 0.0, free
            return start, size, free / 2, free / 2
        if m_start is None:
            return start, size, free - m_end, m_end
        if m_end is None:
            return start, size, m_start, free - m_start
        return start, size, m_start, m_end          # over-constrained: `end` is ignored
    ms, me = m_start or 0.0, m_end or 0.0           # otherwise auto margins are 0
    if start is None and end is None:
        start = static                              # §10.3.7 / §10.6.4: the static position
        if size is None:
            size = fit(cb_size - start - ms - me - edges)
        return start, size, ms, me
    if size is None:
        if start is not None and end is not None:   # both insets: the size stretches between them
            return start, max(0.0, cb_size - start - end - ms - me - edges), ms, me
        size = fit(cb_size - (start if start is not None else end) - ms - me - edges)
    if start is None:
        start = cb_size - end - size - ms - me - edges
    return start, size, ms, me


def _inset(value, basis: float) -> float | None:
    return None if isinstance(value, str) else resolve(value, basis, auto=None)


# ---------------------------------------------------------------------------
# laying out one out-of-flow box

def layout_absolute(box: Box, cb: Rect, static_left: float, static_top: float, ctx) -> Layout:
    """Lay out `box` against its containing block `cb` (absolute coordinates); its border box
    ends up in absolute coordinates, its descendants relative to it (make them absolute after)."""
    from .block import (_box_sizing_delta, edges, intrinsic_widths, layout_block, layout_replaced,
                        used_size)
    s = box.style
    cbw, cbh = cb.width, cb.height
    border, padding, margins = edges(s, cbw)
    h_edges = border[1] + border[3] + padding[1] + padding[3]
    v_edges = border[0] + border[2] + padding[0] + padding[2]
    left, right = _inset(s.left, cbw), _inset(s.right, cbw)
    top, bottom = _inset(s.top, cbh), _inset(s.bottom, cbh)

    # horizontal (§10.3.7 non-replaced, §10.3.8 replaced) ---------------------------------
    if box.kind == REPLACED:
        # the used width and height of a replaced element do not depend on its position (§10.3.8)
        layout_replaced(box, cbw, cbh)
        width = box.width - h_edges
        h = solve_axis(cbw, left, right, width, margins[3], margins[1], h_edges, static_left,
                       lambda available: width, True)
    elif box.kind == TABLE:
        from .table import layout_table
        available = cbw - (left if left is not None else static_left) - (right or 0.0)
        yield layout_table(box, max(0.0, available), cbh, ctx, None)
        width = box.width - h_edges
        h = solve_axis(cbw, left, right, width, margins[3], margins[1], h_edges, static_left,
                       lambda available: width, True)
    else:
        delta = _box_sizing_delta(s, border, padding, True)
        fix = (lambda v: None if v is None else max(0.0, v - delta))
        width = fix(used_size(s.width, cbw))
        low, high = fix(used_size(s.min_width, cbw)), fix(used_size(s.max_width, cbw))
        fit: Callable[[float], float] = lambda available: available
        if width is None and (left is None or right is None):
            # shrink-to-fit (§10.3.7): min(max(preferred minimum, available), preferred)
            pref_min, pref = yield intrinsic_widths(box, ctx)
            fit = (lambda available: min(max(pref_min, available), pref))
        h = solve_axis(cbw, left, right, width, margins[3], margins[1], h_edges, static_left, fit, True)
        used = clamp(h[1], low, high)
        if used != h[1]:   # §10.4: solve again with the clamped width as the computed one
            h = solve_axis(cbw, left, right, used, margins[3], margins[1], h_edges, static_left, fit, True)
        box.margin = (0.0, 0.0, 0.0, 0.0)
        # heights: a definite height (its own, or stretched between top and bottom) is known before
        # the content is laid out, so percentages inside resolve against it (§10.5)
        v_delta = _box_sizing_delta(s, border, padding, False)
        vfix = (lambda v: None if v is None else max(0.0, v - v_delta))
        height = vfix(used_size(s.height, cbh))
        low_h, high_h = vfix(used_size(s.min_height, cbh)), vfix(used_size(s.max_height, cbh))
        forced = height
        if height is None and top is not None and bottom is not None:
            forced = max(0.0, cbh - top - bottom - (margins[0] or 0.0) - (margins[2] or 0.0) - v_edges)
        if forced is not None:
            forced = clamp(forced, low_h, high_h)
        yield layout_block(box, cbw, cbh, ctx, None, forced_border_width=h[1] + h_edges, bfc=True,
                           forced_height=forced)
    start_x, _w, ml, mr = h

    # vertical (§10.6.4 non-replaced, §10.6.5 replaced) -----------------------------------
    # the height is known by now — from the content, or given, or stretched before the layout —
    # so the equation is solved for the insets and margins with it as the computed height (§10.6.4,
    # §10.6.5; after min/max-height, §10.7)
    content_h = box.height - v_edges
    start_y, _h, mt, mb = solve_axis(cbh, top, bottom, content_h, margins[0], margins[2], v_edges,
                                     static_top, lambda available: content_h, False)
    box.margin = (mt, mr, mb, ml)
    box.x = cb.x + start_x + ml
    box.y = cb.y + start_y + mt
    return None


def layout_out_of_flow(root: Box, ctx, make_absolute: Callable[[Box, Any], None], run) -> None:
    """Step 2: lay out every deferred box once its containing block is final, in the order met;
    boxes found inside them are deferred in turn and handled by the same loop."""
    queue: OutOfFlowQueue = ctx.out_of_flow
    if not queue.pending:
        return
    viewport = Rect(0.0, 0.0, ctx.viewport_width, ctx.viewport_height)
    cbs = containing_blocks(root)
    while True:
        item = queue.pop()
        if item is None:
            return
        box = item.box
        ancestor = cbs.get(id(box))
        if box.style.position == "fixed" or ancestor is None:
            cb = viewport
        elif item.area is not None and ancestor is item.container:
            x, y, width, height = item.area
            cb = Rect(ancestor.x + x, ancestor.y + y, width, height)
        else:
            cb = padding_box(ancestor)
        static_left = item.container.x + item.x - cb.x
        static_top = item.container.y + item.y - cb.y
        run(layout_absolute(box, cb, static_left, static_top, ctx))
        make_absolute(box, ctx)


def page_extent(root: Box) -> tuple[float, float]:
    """(right, bottom) of everything that makes the page scrollable: boxes in the flow and
    absolutely positioned ones, not fixed ones (they stay in the viewport)."""
    right = bottom = 0.0
    stack = [root]
    while stack:
        box = stack.pop()
        if box is not root and box.kind != TEXT and box.style.position == "fixed":
            continue
        edge = box.x + box.width   # (compared, not max(): this runs for every box of the page)
        if edge > right:
            right = edge
        edge = box.y + box.height
        if edge > bottom:
            bottom = edge
        for child in box.children:
            if child.kind == TEXT and not child.children and child.marker is None:
                # most boxes are text: measured here rather than pushed (the result is a maximum,
                # so the order of the boxes does not matter)
                edge = child.x + child.width
                if edge > right:
                    right = edge
                edge = child.y + child.height
                if edge > bottom:
                    bottom = edge
            else:
                stack.append(child)
        if box.marker is not None:
            stack.append(box.marker)
    return right, bottom
