"""Block formatting (CSS 2.1 §9.4.1, §10.3, §10.6, §8.3.1).

Layout functions here are *generators*: to lay out a child they
`yield layout_block_level(child, ...)` and receive its result back.  The
driver in `layout/__init__.py` runs them with an explicit stack, so the code
reads like ordinary recursion but a 100,000-deep tree never touches Python's
recursion limit.

Coordinates written here are relative to the parent box's border box; a final
pass makes them absolute.

Margin collapsing uses *struts*: the set of adjoining margins not yet
separated by content, border or padding, kept as (largest positive, most
negative) — their collapsed size is the sum of the two (§8.3.1).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Generator, NamedTuple

from ..css.values import resolve
from .inline import box_line_metrics, layout_inline_content, line_height_px, relative_offset, shift_fragments, flatten, _groups, _group_width, _ends_line, BREAK, ATOMIC, WORD, OPEN, CLOSE, Item
from .positioned import inline_static_x, is_out_of_flow, was_inline_level
from . import floats as fl
from .fieldset import place_legend, rendered_legend
from .tree import (ATOMIC_INLINE_KINDS, BLOCK, INLINE, INLINE_BLOCK, REPLACED, TABLE, TABLE_CAPTION,
                   TABLE_CELL, TEXT, Box, MARKER, clamp)

Layout = Generator[Any, Any, Any]


class Strut(NamedTuple):
    """Adjoining margins, immutable (a NamedTuple: made several times per box, far cheaper than a
    frozen dataclass)."""

    positive: float = 0.0
    negative: float = 0.0

    def add(self, margin: float) -> "Strut":
        return Strut(max(self.positive, margin), min(self.negative, margin))

    def merge(self, other: "Strut") -> "Strut":
        return Strut(max(self.positive, other.positive), min(self.negative, other.negative))

    @property
    def size(self) -> float:
        return self.positive + self.negative


@dataclass
class BlockResult:
    top: Strut            # margins that collapse through this box's top (its own margin-top included)
    bottom: Strut         # ... through its bottom (its own margin-bottom included)
    through: bool = False  # the box is empty and its top and bottom margins adjoin


def edges(style, cb_width: float) -> tuple[tuple, tuple, list]:
    """(border, padding, margins) with percentages resolved against the containing block width;
    auto margins are None."""
    border = (style.border_top_width, style.border_right_width, style.border_bottom_width,
              style.border_left_width)
    padding = (_padding(style.padding_top, cb_width), _padding(style.padding_right, cb_width),
               _padding(style.padding_bottom, cb_width), _padding(style.padding_left, cb_width))
    margins = [_margin(style.margin_top, cb_width), _margin(style.margin_right, cb_width),
               _margin(style.margin_bottom, cb_width), _margin(style.margin_left, cb_width)]
    return border, padding, margins


def _padding(value, cb_width: float) -> float:
    if value.__class__ is float:   # (most values: a length) the same as below, without the calls
        return value if value > 0.0 else 0.0
    return max(0.0, resolve(value, cb_width, auto=0.0) or 0.0)


def _margin(value, cb_width: float) -> float | None:
    """A used margin, None for auto."""
    if value.__class__ is float:
        return value
    return resolve(value, cb_width, auto=None) if value != "auto" else None


def establishes_bfc(box: Box, is_root: bool = False) -> bool:
    """A new block formatting context (CSS 2.1 §9.4.1, CSS Display 3 flow-root)."""
    s = box.style
    return (is_root or box.kind in (INLINE_BLOCK, TABLE_CELL, TABLE_CAPTION, TABLE)
            or s.overflow_x != "visible" or s.display in ("flow-root", "flex", "grid", "inline-block",
                                                          "table-cell", "inline-flex", "inline-grid")
            or s.float != "none" or s.position in ("absolute", "fixed")
            or box.tag in FORM_CONTROL_TAGS and box.element is not None)   # widgets lay out their own content


def used_size(value, basis: float | None) -> float | None:
    """A width/height/min/max value in px, None for auto/none/unresolvable."""
    if isinstance(value, str):
        return None
    return resolve(value, basis, auto=None)


def content_width_of(style, border_box_width: float, border: tuple, padding: tuple) -> float:
    return max(0.0, border_box_width - border[1] - border[3] - padding[1] - padding[3])


def size_container(box: Box, cb_width: float, cb_height: float | None, parent_style,
                   forced_border_width: float | None, forced_height: float | None, auto_height: bool,
                   intrinsic: Layout) -> Layout:
    """A flex or grid container's own box, sized like a block box: its width (the block's, the
    shrink-to-fit width its parent forced, or fit-content for a <button>, HTML §15.5.13) and its
    height (a forced one — flexed, stretched or absolutely positioned — or its own, None if auto).
    Returns (content width, height or None, min-height, max-height); `intrinsic` yields the
    container's (min-content, max-content) widths and runs only for a <button>."""
    if forced_border_width is None and box.tag == "button" and used_size(box.style.width, cb_width) is None:
        forced_border_width = yield fit_content_width(box, cb_width, intrinsic)
    else:
        intrinsic.close()
    solve_width(box, cb_width, parent_style, forced_border_width)
    content_w = content_width_of(box.style, box.width, box.border, box.padding)
    height, min_h, max_h = (None, None, None) if auto_height else resolve_height(box, cb_height)
    if forced_height is not None:
        height = forced_height
    return content_w, height, min_h, max_h


def fit_content_width(box: Box, cb_width: float, intrinsic: Layout) -> Layout:
    """The border-box width min(max(min-content, available), max-content), within min/max-width
    (CSS Sizing 3 fit-content); `intrinsic` yields the container's (min-content, max-content) widths."""
    s = box.style
    border, padding, margins = edges(s, cb_width)
    bp = border[1] + border[3] + padding[1] + padding[3]
    low, high = yield intrinsic
    width = min(max(low, cb_width - (margins[1] or 0.0) - (margins[3] or 0.0) - bp), high)
    delta = bp if s.box_sizing == "border-box" else 0.0
    min_w, max_w = used_size(s.min_width, cb_width), used_size(s.max_width, cb_width)
    width = clamp(width, None if min_w is None else max(0.0, min_w - delta),
                  None if max_w is None else max(0.0, max_w - delta))
    return width + bp


def _box_sizing_delta(style, border: tuple, padding: tuple, horizontal: bool) -> float:
    if style.box_sizing != "border-box":
        return 0.0
    if horizontal:
        return border[1] + border[3] + padding[1] + padding[3]
    return border[0] + border[2] + padding[0] + padding[2]


def solve_width(box: Box, cb_width: float, parent_style=None, forced_border_width: float | None = None) -> None:
    """CSS 2.1 §10.3.3: block-level, non-replaced elements in normal flow."""
    s = box.style
    border, padding, margins = edges(s, cb_width)
    h_extra = border[1] + border[3] + padding[1] + padding[3]
    delta = _box_sizing_delta(s, border, padding, True)
    if forced_border_width is not None:
        width = max(0.0, forced_border_width - h_extra)
    else:
        width = used_size(s.width, cb_width)
        if width is not None:
            width = max(0.0, width - delta)
        low = used_size(s.min_width, cb_width)
        high = used_size(s.max_width, cb_width)
        low = None if low is None else max(0.0, low - delta)
        high = None if high is None else max(0.0, high - delta)
        if width is None:
            ml = margins[3] or 0.0
            mr = margins[1] or 0.0
            width = max(0.0, cb_width - ml - mr - h_extra)
            auto_width = clamp(width, low, high)
            if auto_width != width:
                width = auto_width
            else:
                margins[3], margins[1] = ml, mr
        else:
            width = clamp(width, low, high)
    ml, mr = margins[3], margins[1]
    used = width + h_extra
    align = parent_style.text_align if parent_style is not None else "start"
    if ml is None and mr is None:
        ml = mr = max(0.0, (cb_width - used) / 2)
        if cb_width - used < 0:
            ml, mr = 0.0, cb_width - used
    elif ml is None:
        ml = cb_width - used - mr
    elif mr is None:
        mr = cb_width - used - ml
    elif align in ("-webkit-center", "-webkit-right") and forced_border_width is None:
        # Chromium centres (or right-aligns) block children of text-align: -webkit-center/right
        free = cb_width - used - ml - mr
        if align == "-webkit-center":
            shift = max(0.0, free / 2)
        else:
            shift = max(0.0, free)
        ml += shift
        mr = cb_width - used - ml
    else:
        mr = cb_width - used - ml  # over-constrained: margin-right gives (ltr)
    box.width = used
    box.border = border
    box.padding = padding
    box.margin = (margins[0] or 0.0, mr, margins[2] or 0.0, ml)


def resolve_height(box: Box, cb_height: float | None) -> tuple[float | None, float | None, float | None]:
    """(height, min, max) of the content box, None where auto."""
    s = box.style
    delta = _box_sizing_delta(s, box.border, box.padding, False)
    height = used_size(s.height, cb_height)
    low = used_size(s.min_height, cb_height)
    high = used_size(s.max_height, cb_height)
    fix = (lambda v: None if v is None else max(0.0, v - delta))
    return fix(height), fix(low), fix(high)


def apply_relative(box: Box, cb_width: float, cb_height: float | None) -> None:
    """position: relative shifts the box after layout (CSS 2.1 §9.4.3)."""
    dx, dy = relative_offset(box.style, cb_width, cb_height)
    box.x += dx
    box.y += dy


def has_inline_content(box: Box) -> bool:
    """Inline-level children only (absolutely positioned ones aside: they are out of flow).
    (One loop rather than any() and all(): this is asked of every block box, some more than once.)"""
    inline = False
    for child in box.children:
        if child.inline_level:
            inline = True
        elif not (is_out_of_flow(child) or fl.is_float(child)):
            return False
    return inline


def atomic_descendants(box: Box) -> list[Box]:
    """Atomic inlines inside box's inline content (not looking into the atomics themselves)."""
    out: list[Box] = []
    stack = list(reversed(box.children))
    while stack:
        child = stack.pop()
        if child.kind == TEXT or is_out_of_flow(child):   # (most of them are text)
            continue
        if child.kind in ATOMIC_INLINE_KINDS or (child.kind == TABLE and child.inline_level) or \
                (child.kind not in (INLINE, TEXT, MARKER) and child.kind != "br"):
            out.append(child)
        elif child.kind in (INLINE, MARKER):
            stack.extend(reversed(child.children))
    return out


def layout_block_level(box: Box, cb_width: float, cb_height: float | None, ctx, parent_style=None,
                       is_root: bool = False) -> Layout:
    """Lay out any block-level box; returns its BlockResult."""
    if box.kind == TABLE:
        from .table import layout_table
        result = yield layout_table(box, cb_width, cb_height, ctx, parent_style)
        return result
    if box.kind == REPLACED:
        layout_replaced(box, cb_width, cb_height)
        return BlockResult(Strut().add(box.margin[0]), Strut().add(box.margin[2]))
    if box.tag in FORM_CONTROL_TAGS and box.element is not None:
        # a block-level control keeps its own width (HTML §15.5: a button is fit-content, a
        # field as wide as its size attribute), like an inline-level one
        result = yield layout_atomic(box, cb_width, cb_height, ctx)
        return result
    result = yield layout_block(box, cb_width, cb_height, ctx, parent_style, is_root=is_root)
    return result


FORM_CONTROL_TAGS = {"input", "button", "select", "textarea"}


def layout_block(box: Box, cb_width: float, cb_height: float | None, ctx, parent_style=None,
                 forced_border_width: float | None = None, is_root: bool = False,
                 bfc: bool | None = None, auto_height: bool = False,
                 forced_height: float | None = None) -> Layout:
    """A block container box (§10.3.3 widths, §10.6.3 heights, §8.3.1 margins).  `auto_height`:
    the height is the content's whatever the style says (table cells: the row decides);
    `forced_height`: the content height is this (absolutely positioned boxes, §10.6.4)."""
    if box.style.display in ("flex", "inline-flex"):
        from .flex import is_flex_container, layout_flex
        if is_flex_container(box):   # CSS Flexbox 1 §9: a flex container lays out its items
            result = yield layout_flex(box, cb_width, cb_height, ctx, parent_style, forced_border_width,
                                       forced_height, auto_height)
            return result
    if box.style.display in ("grid", "inline-grid"):
        from .grid_layout import is_grid_container, layout_grid
        if is_grid_container(box):   # CSS Grid 1 §11: a grid container lays out its items
            result = yield layout_grid(box, cb_width, cb_height, ctx, parent_style, forced_border_width,
                                       forced_height, auto_height)
            return result
    solve_width(box, cb_width, parent_style, forced_border_width)
    if ctx.quirky_top_child is box:
        ctx.quirky_top_child = None
        if _quirky_top_margin(box):
            box.margin = (0.0,) + tuple(box.margin[1:])
    s = box.style
    border, padding = box.border, box.padding
    content_w = content_width_of(s, box.width, border, padding)
    height, min_h, max_h = (None, None, None) if auto_height else resolve_height(box, cb_height)
    if forced_height is not None:
        height = forced_height
    is_bfc = establishes_bfc(box, is_root) if bfc is None else bfc
    content_left = border[3] + padding[3]
    top_band = border[0]   # the top border, or the band a fieldset's legend sits in
    legend = rendered_legend(box)
    if legend is not None:
        yield layout_atomic(legend, content_w, None, ctx)   # shrink-wrapped, out of the flow
        top_band = place_legend(legend, border[0], content_left)
    content_top = top_band + padding[0]
    flow = fl.enter(box, ctx, is_bfc)   # where the box sits among floats (None: the page has none)
    collapse_top = not is_bfc and top_band == 0 and padding[0] == 0
    collapse_bottom = (not is_bfc and border[2] == 0 and padding[2] == 0 and height is None
                       and (min_h or 0) == 0)
    # §8.3.1: an empty box's own top and bottom margins adjoin when nothing separates them
    # (no border, padding, line box, or non-zero height or min-height)
    empty_adjoins = (collapse_top and border[2] == 0 and padding[2] == 0 and (min_h or 0) == 0
                     and (height is None or height == 0))
    own_top = Strut().add(box.margin[0])
    own_bottom = Strut().add(box.margin[2])
    child_cb_height = height
    fill = None
    if ctx.quirks and height is None and box.kind == BLOCK and not box.inline_level:
        if box.tag in ("html", "body") and (is_root or box.tag == "body") and cb_height is not None:
            # Quirks §3.6, §3.7: html fills the viewport and body fills html, less their edges
            fill = max(0.0, cb_height - box.margin[0] - box.margin[2] - border[0] - border[2]
                       - padding[0] - padding[2])
            child_cb_height = fill
        else:
            child_cb_height = cb_height   # Quirks §3.5: % heights look through auto-height blocks
    escaped = Strut()
    through = False
    if has_inline_content(box):
        # the content as items; then its atomic inlines and floats (those items, in document order:
        # `atomic_descendants`) are laid out, before the lines need their sizes
        items = flatten(box, ctx, content_w)
        for item in items:
            if item.kind == ATOMIC or item.kind == fl.FLOAT_ITEM:
                yield layout_atomic(item.box, content_w, child_cb_height, ctx)
        # (lines and baselines come out in the box's coordinates: origin at its content edge)
        origin = (content_left, content_top)
        result = layout_inline_content(box, content_w, ctx, origin, items) if flow is None else \
            fl.layout_lines_around_floats(box, content_w, ctx, flow, origin, items)
        box.lines = result.lines
        for oof, x, y in result.out_of_flow:   # static positions on the lines (positioned.py)
            ctx.out_of_flow.defer(oof, box, x + content_left, y + content_top)
        content_h = result.height
        box.baseline = result.last_baseline
        box.first_baseline = result.first_baseline
        if not result.lines:
            box.lines = []
            through = empty_adjoins
        bottom_strut = Strut()
        at_top = not result.lines
    else:
        box.lines = None
        cursor = 0.0
        pending = Strut()
        at_top = collapse_top
        last_baseline = None
        first_baseline = None
        for child in box.children:
            if child.inline_level or child is legend:
                continue
            if is_out_of_flow(child):
                # out of flow (§9.6): its static position is where the next in-flow box would go
                y = content_top + (0.0 if at_top else cursor + pending.size)
                x = content_left + (inline_static_x(s, content_w) if was_inline_level(child) else 0.0)
                ctx.out_of_flow.defer(child, box, x, y)
                continue
            if flow is not None and fl.is_float(child):   # out of flow, placed now (§9.5.1)
                yield fl.place_block_float(child, flow, content_w, child_cb_height,
                                           0.0 if at_top else cursor + pending.size, ctx)
                continue
            if ctx.quirks and at_top and box.tag in QUIRKY_CONTAINERS:
                ctx.quirky_top_child = child
            placement = fl.before_child(flow, child, ctx, content_w, at_top, cursor, pending)
            dx = 0.0
            if placement is not None and placement.avoids:   # a BFC root beside floats (§9.5)
                res, dx, placement.y = yield fl.layout_beside_floats(child, flow, placement, content_w,
                                                                     child_cb_height, ctx, s)
            else:
                res = yield layout_block_level(child, content_w, child_cb_height, ctx, s)
            ctx.quirky_top_child = None
            child.x = content_left + child.margin[3] + dx
            if placement is not None and (placement.cleared or placement.moved):
                # clearance (§9.5.2) or a BFC root moved below floats: its border box goes there
                if at_top:
                    escaped = escaped.merge(pending)
                    at_top = False
                child.y = content_top + max(placement.y, placement.clear_to) - flow.content_y
                cursor = child.y - content_top + child.height
                pending = res.bottom
                apply_relative(child, content_w, child_cb_height)
                continue
            if res.through:
                if at_top:
                    escaped = escaped.merge(res.top).merge(res.bottom)
                    child.y = content_top
                else:
                    strut = pending.merge(res.top)
                    child.y = content_top + cursor + strut.size
                    pending = strut.merge(res.bottom)
                apply_relative(child, content_w, child_cb_height)
                continue
            if at_top:
                escaped = escaped.merge(pending).merge(res.top)
                child.y = content_top
                at_top = False
            else:
                child.y = content_top + cursor + pending.merge(res.top).size
            cursor = child.y - content_top + child.height
            pending = res.bottom
            child_base = getattr(child, "baseline", None)
            if child_base is not None:
                # a table's rows are not line boxes of this flow: an inline-block's baseline (its
                # last line box's, CSS 2.1 §10.8.1) passes over a table, as Blink's does
                if child.kind != TABLE:
                    last_baseline = child.y + child_base
                if first_baseline is None:
                    first_baseline = child.y + getattr(child, "first_baseline", child_base)
            apply_relative(child, content_w, child_cb_height)
        if at_top:
            # nothing separated our top from our bottom: margins of every child are adjoining
            escaped = escaped.merge(pending)
            pending = Strut()
            through = empty_adjoins
            content_h = 0.0
            bottom_strut = Strut()
            if not through:
                # the margins stay inside (our top or bottom is separated)
                if not collapse_top:
                    content_h = escaped.size
                    escaped = Strut()
        elif collapse_bottom:
            content_h = cursor
            bottom_strut = pending
        else:
            content_h = cursor + pending.size
            bottom_strut = Strut()
        box.baseline = last_baseline
        box.first_baseline = first_baseline
    if flow is not None and flow.own:
        content_h = max(content_h, fl.contained_height(flow))   # a BFC root holds its floats (§10.6.7)
    if box.marker is not None and not box.lines and all(c.inline_level for c in box.children):
        # the outside marker of an empty list item still stands on a line of its own (as in Blink)
        marker_line = box_line_metrics(s, ctx)
        content_h = max(content_h, marker_line.above + marker_line.below)
        through = False
    if height is None:
        height = max(0.0, content_h)   # negative margins cannot make a box taller than nothing (§10.6.3)
        if fill is not None:
            height = max(height, fill)
    height = clamp(height, min_h, max_h)
    box.height = height + top_band + border[2] + padding[0] + padding[2]
    if through:
        return BlockResult(own_top.merge(escaped), own_bottom, through=True)
    top = own_top.merge(escaped) if collapse_top else own_top
    if not collapse_top and escaped != Strut():
        pass
    bottom = own_bottom.merge(bottom_strut) if collapse_bottom else own_bottom
    return BlockResult(top, bottom)


# Quirks §3.2 (the margin collapsing quirk, as Blink has it): the user agent's top margins of these
# elements (in em, by tag) vanish at the top of body and of table cells
QUIRKY_TOP_MARGINS = {"p": 1.0, "blockquote": 1.0, "ul": 1.0, "ol": 1.0, "dl": 1.0, "menu": 1.0, "dir": 1.0,
                      "h1": 0.67, "h2": 0.83, "h3": 1.0, "h4": 1.33, "h5": 1.67, "h6": 2.33}
QUIRKY_CONTAINERS = {"body", "td", "th"}


def _quirky_top_margin(box: Box) -> bool:
    factor = QUIRKY_TOP_MARGINS.get(box.tag)
    return factor is not None and abs(box.margin[0] - factor * box.style.font_size) < 0.01


# ---------------------------------------------------------------------------
# replaced elements (§10.3.2, §10.6.2) and atomic inlines (§10.3.9)

def layout_replaced(box: Box, cb_width: float, cb_height: float | None) -> None:
    s = box.style
    border, padding, margins = edges(s, cb_width)
    delta_w = _box_sizing_delta(s, border, padding, True)
    delta_h = _box_sizing_delta(s, border, padding, False)
    width = used_size(s.width, cb_width)
    height = used_size(s.height, cb_height)
    width = None if width is None else max(0.0, width - delta_w)
    height = None if height is None else max(0.0, height - delta_h)
    iw, ih = box.intrinsic_width, box.intrinsic_height
    ratio = (iw / ih) if iw and ih else None
    if width is None and height is None:
        width = iw if iw is not None else 300.0
        height = ih if ih is not None else (width / ratio if ratio else 150.0)
    elif width is None:
        width = height * ratio if ratio else (iw if iw is not None else 300.0)
    elif height is None:
        height = width / ratio if ratio else (ih if ih is not None else 150.0)
    low_w = used_size(s.min_width, cb_width) or 0.0
    high_w = used_size(s.max_width, cb_width)
    low_h = used_size(s.min_height, cb_height) or 0.0
    high_h = used_size(s.max_height, cb_height)
    new_w = clamp(width, low_w, high_w)
    new_h = clamp(height, low_h, high_h)
    if ratio and (new_w != width) != (new_h != height) and s.height == "auto" and s.width == "auto":
        if new_w != width:
            new_h = clamp(new_w / ratio, low_h, high_h)
        else:
            new_w = clamp(new_h * ratio, low_w, high_w)
    width, height = new_w, new_h
    ml = margins[3] if margins[3] is not None else 0.0
    mr = margins[1] if margins[1] is not None else 0.0
    box.border, box.padding = border, padding
    box.width = width + border[1] + border[3] + padding[1] + padding[3]
    box.height = height + border[0] + border[2] + padding[0] + padding[2]
    if not box.inline_level and margins[3] is None and margins[1] is None and not fl.is_float(box):
        ml = mr = max(0.0, (cb_width - box.width) / 2)
    elif not box.inline_level and margins[3] is None and not fl.is_float(box):
        ml = cb_width - box.width - mr
    box.margin = (margins[0] or 0.0, mr, margins[2] or 0.0, ml)
    # a replaced box sits on its bottom margin edge (§10.8.1); Blink puts a checkbox or radio
    # button on its border edge, so its bottom margin hangs below the baseline
    box.baseline = box.height if box.tag == "input" else None


def layout_atomic(box: Box, cb_width: float, cb_height: float | None, ctx) -> Layout:
    """An inline-level replaced element, inline-block or inline-table: laid out as a unit."""
    if box.kind == REPLACED:
        layout_replaced(box, cb_width, cb_height)
        return None
    if box.kind == TABLE:
        from .table import layout_table
        yield layout_table(box, cb_width, cb_height, ctx, None)
        return None
    s = box.style
    border, padding, margins = edges(s, cb_width)
    h_extra = border[1] + border[3] + padding[1] + padding[3]
    width = used_size(s.width, cb_width)
    ml = margins[3] or 0.0
    mr = margins[1] or 0.0
    control = form_control_width(box, ctx) if width is None else None
    if control is not None:
        width = control
        border_width = width + h_extra
    elif width is None:
        # shrink-to-fit (§10.3.9): min(max(min-content, available), max-content)
        low, high = yield intrinsic_widths(box, ctx)
        available = cb_width - ml - mr - h_extra
        width = min(max(low, available), high)
        low_w = used_size(s.min_width, cb_width)
        high_w = used_size(s.max_width, cb_width)
        width = clamp(width, low_w, high_w)
        border_width = width + h_extra
    else:
        border_width = None
    result = yield layout_block(box, cb_width, cb_height, ctx, None,
                                forced_border_width=border_width if border_width is not None else None, bfc=True)
    in_flow_control = (not box.inline_level and box.tag in FORM_CONTROL_TAGS and not fl.is_float(box)
                       and s.position not in ("absolute", "fixed"))
    if not in_flow_control:   # (an in-flow block-level control keeps the auto margins solved)
        box.margin = (box.margin[0], mr, box.margin[2], ml)
    if control is not None and box.tag == "select" and s.height == "auto":
        box.height += MENU_LIST_PADDING[0] + MENU_LIST_PADDING[2]
        # the inner padding is above the option's text too: its line and baseline move down
        for line in box.lines or ():
            line.y += MENU_LIST_PADDING[0]
            shift_fragments(line, 0.0, MENU_LIST_PADDING[0])
        if getattr(box, "baseline", None) is not None:
            box.baseline += MENU_LIST_PADDING[0]
            if getattr(box, "first_baseline", None) is not None:
                box.first_baseline += MENU_LIST_PADDING[0]
    if box.tag == "textarea" and s.height == "auto":
        # as tall as its rows (HTML §4.10.11, default 2), whatever it holds
        rows = _positive_int(box.element.get("rows"), 2)
        line = line_height_px(s, ctx.metrics.metrics(ctx.metrics.font(s)))
        box.height = rows * line + border[0] + border[2] + box.padding[0] + box.padding[2]
    # the baseline of an inline-block is its last line box's, unless overflow hides it (§10.8.1)
    # (overflow: clip makes no scroll container, so it keeps the baseline: CSS Overflow 3 §3)
    if s.overflow_x not in ("visible", "clip") or getattr(box, "baseline", None) is None:
        box.baseline = None
    if box.baseline is None and _is_button(box) and s.overflow_x in ("visible", "clip"):
        # a button without a line box sits on its content box's bottom edge, not its margin edge
        # (HTML §15.5.2's button layout, as Blink synthesizes it)
        box.baseline = box.height - border[2] - box.padding[2]
    return result


BUTTON_INPUT_TYPES = {"submit", "reset", "button"}


def _is_button(box: Box) -> bool:
    """A `<button>` or an input that is drawn as one (HTML §15.5.2, §15.5.10)."""
    if box.tag == "button":
        return True
    return box.tag == "input" and (box.element.get("type") or "").lower() in BUTTON_INPUT_TYPES


# text fields sized by their `size` attribute (HTML §4.10.5.1.1); other input types fit their label
TEXT_FIELD_TYPES = {"text", "search", "url", "tel", "email", "password", "number", "date", "time",
                    "datetime-local", "month", "week"}
SIZED_FIELD_TYPES = {"text", "search", "url", "tel", "email", "password"}
SCROLLBAR_WIDTH = 15.0   # a textarea keeps room for its vertical scrollbar (Blink, Linux)
MENU_LIST_PADDING = (1.0, 16.0, 1.0, 4.0)   # a drop-down <select>'s inner padding, the arrow on the right


def form_control_width(box: Box, ctx) -> float | None:
    """The content width of a text field or textarea whose CSS width is auto, as Blink computes it:
    `size` (or `cols`) average character widths — the font's OS/2 average, rounded — and, for a
    field, the font's widest glyph minus one average character (HTML §4.10.5.1.1, §4.10.11)."""
    element = box.element
    if element is None or box.cell_style is not None or ctx.metrics.cell_based:
        return None   # (text mode draws fields in character cells of its own)
    tag = element.tag
    kind = (element.get("type") or "text").lower()
    if tag == "input" and kind in TEXT_FIELD_TYPES:
        # `size` applies to the text-like types only (HTML §4.10.5.3.2); a number field ignores it
        count, field = (_positive_int(element.get("size"), 20) if kind in SIZED_FIELD_TYPES else 20), True
    elif tag == "textarea":
        count, field = _positive_int(element.get("cols"), 20), False
    elif tag == "select" and element.get("multiple") is None and _positive_int(element.get("size"), 1) == 1:
        # a drop-down is as wide as its widest option, plus Blink's inner padding and arrow
        font = ctx.metrics.font(box.style)
        widest = max((ctx.measurer.width(" ".join("".join(o.itertext()).split()), font, box.style, 0.0)
                      for o in element.iter("option")), default=0.0)
        return math.ceil(widest - 1e-6) + MENU_LIST_PADDING[1] + MENU_LIST_PADDING[3]
    else:
        return None
    fm = ctx.metrics.metrics(ctx.metrics.font(box.style))
    avg = fm.avg_char_width
    if avg is None:
        avg = ctx.measurer.width("0", ctx.metrics.font(box.style), box.style, 0.0)
    width = math.ceil(avg * count * 64 - 1e-6) / 64
    if field:
        return width + max(0.0, (fm.max_char_width or 0.0) - avg)
    return width + SCROLLBAR_WIDTH


def _positive_int(value: str | None, default: int) -> int:
    try:
        number = int((value or "").strip())
    except ValueError:
        return default
    return number if number > 0 else default


# ---------------------------------------------------------------------------
# intrinsic widths (CSS Sizing 3: min-content and max-content contributions)

def intrinsic_widths(box: Box, ctx) -> Layout:
    """(min-content, max-content) of box's content box; a generator like the layouts."""
    s = box.style
    if box.kind == REPLACED:
        layout_replaced(box, 0.0, None)
        width = box.width - box.border[1] - box.border[3] - box.padding[1] - box.padding[3]
        if isinstance(s.width, tuple) or (s.width != "auto" and not isinstance(s.width, float)):
            return (0.0, width)  # a percentage width: min-content contribution is zero
        return (width, width)
    if box.kind == TABLE:
        from .table import table_intrinsic_widths
        result = yield table_intrinsic_widths(box, ctx)
        return result
    if s.display in ("flex", "inline-flex"):
        from .flex import flex_intrinsic_widths, is_flex_container
        if is_flex_container(box):
            result = yield flex_intrinsic_widths(box, ctx)
            return result
    if s.display in ("grid", "inline-grid"):
        from .grid_layout import grid_intrinsic_widths, is_grid_container
        if is_grid_container(box):
            result = yield grid_intrinsic_widths(box, ctx)
            return result
    control = form_control_width(box, ctx)
    if control is not None:
        return (control, control)
    if has_inline_content(box):
        result = yield _inline_intrinsic(box, ctx)
        return result
    low = high = 0.0
    beside = fl.FloatWidths()   # floats stand side by side: their max-content widths add up
    for child in box.children:
        if child.inline_level or is_out_of_flow(child):
            continue
        c_low, c_high = yield intrinsic_contribution(child, ctx)
        low = max(low, c_low)
        high = max(high, beside.add(child, c_high))
    return (low, high)


def intrinsic_contribution(box: Box, ctx) -> Layout:
    """A child's min/max-content contribution: its margin box (fixed widths win)."""
    s = box.style
    border, padding, margins = edges(s, 0.0)
    extra = border[1] + border[3] + padding[1] + padding[3] + (margins[1] or 0.0) + (margins[3] or 0.0)
    fixed = s.width if isinstance(s.width, float) else None
    if fixed is not None and box.kind != TABLE:
        if s.box_sizing == "border-box":
            fixed = max(fixed, border[1] + border[3] + padding[1] + padding[3]) - \
                (border[1] + border[3] + padding[1] + padding[3])
        return (fixed + extra, fixed + extra)
    low, high = yield intrinsic_widths(box, ctx)
    if box.kind == TABLE:   # a table's intrinsic widths are of its border box already (table.py)
        extra = (margins[1] or 0.0) + (margins[3] or 0.0)
    max_w = s.max_width if isinstance(s.max_width, float) else None
    min_w = s.min_width if isinstance(s.min_width, float) else None
    if max_w is not None:
        high = min(high, max_w)
        low = min(low, max_w)
    if min_w is not None:
        low = max(low, min_w)
        high = max(high, min_w)
    return (low + extra, high + extra)


def _inline_intrinsic(box: Box, ctx) -> Layout:
    for atomic in atomic_descendants(box):
        if atomic.kind == REPLACED:
            layout_replaced(atomic, 0.0, None)
            atomic.min_content = atomic.max_content = atomic.margin[1] + atomic.width + atomic.margin[3]
        else:
            low, high = yield intrinsic_contribution(atomic, ctx)
            atomic.min_content, atomic.max_content = low, high
    items = [Item(ATOMIC, i.box, break_after=True, style=i.style) if i.kind == fl.FLOAT_ITEM else i
             for i in flatten(box, ctx, 0.0)]   # a float adds its width to the line it stands on
    indent = box.style.text_indent if isinstance(box.style.text_indent, float) else 0.0
    low = 0.0
    high = 0.0
    line = indent
    first = True
    for group in _groups(items):
        for item in group:
            if item.kind == ATOMIC:
                item.width = getattr(item.box, "min_content", 0.0)
        width, _space = _group_width(group)
        low = max(low, width + (indent if first else 0.0))
        first = False
        for item in group:
            if item.kind == ATOMIC:
                item.width = getattr(item.box, "max_content", 0.0)
        width, space = _group_width(group)
        line += width + space
        if _ends_line(group):
            high = max(high, line - space)
            line = 0.0
        else:
            high = max(high, line - space)
    return (low, max(high, low))
