"""Flex layout (CSS Flexible Box Layout Module Level 1).

A flex container lays its in-flow children — its *flex items* — out along a
main axis (a row or a column), breaks them into *flex lines* when it wraps,
lets them grow or shrink to fill each line, then aligns them on both axes.
`layout_flex` follows the steps of §9 "Flex Layout Algorithm" and cites them.

Like block.py and table.py, the layouts here are generators: an item is laid
out with `yield layout_block(...)`, run by the trampoline in layout/__init__.py,
so nesting flex containers 100,000 deep never recurses in Python.

Sizes are kept as *content-box* main sizes (what §9.7 flexes); an item's
*outer* size adds its border, padding and margins.  Coordinates written here
are relative to the container's border box, as everywhere in layout.

The box tree side (§4 "Flex Items"): `make_flex_items` turns a container's
children into items when the box tree is built — each in-flow child is
blockified, each run of text is wrapped in an anonymous item, and runs of white
space alone are dropped — and puts them in `order`-modified document order
(§5.4), which is also the order they paint in.
"""
from __future__ import annotations

import math
import weakref
from dataclasses import dataclass, field
from typing import Any, Generator

from ..css.values import resolve
from .alignment import content_distribution
from .block import (BlockResult, Strut, apply_relative, edges, size_container, intrinsic_contribution,
                    intrinsic_widths, layout_block, layout_block_level, layout_replaced, used_size)
from .tree import BLOCK, INLINE, INLINE_BLOCK, LINE_BREAK, REPLACED, TABLE, TEXT, Box, clamp

Layout = Generator[Any, Any, Any]

FLEX_DISPLAYS = frozenset({"flex", "inline-flex"})
# form controls whose box shows a value rather than their children never hold flex items
VALUE_CONTROLS = frozenset({"input", "select", "textarea"})
OUT_OF_FLOW = frozenset({"absolute", "fixed"})
WHITESPACE = " \t\n\r\f"
MAX_FACTOR = 1e30      # flex factors and gaps saturate here: sums of a few stay finite


def is_flex_container(box: Box) -> bool:
    """A box whose children are flex items (display: flex | inline-flex, CSS Flexbox 1 §3)."""
    return (box.style.display in FLEX_DISPLAYS and box.kind in (BLOCK, INLINE_BLOCK)
            and box.tag not in VALUE_CONTROLS)


# ---------------------------------------------------------------------------
# §4: flex items (the box tree)

def make_flex_items(container: Box) -> None:
    """Turn the container's children into flex items (CSS Flexbox 1 §4, CSS Display 3 §2.7).

    Each element child becomes a block-level item (`display` is blockified: an inline box becomes
    a block container, an inline-block or image a block-level one).  Each contiguous run of text
    (and <br>, which Blink lays out as text) is wrapped in an anonymous block item, unless it is
    white space alone, which is not rendered.  Items are then stably sorted by `order` (§5.4).
    Called from the box builder, children first, so the items' own children are already fixed."""
    from .boxes import _wrap_inline_runs, anonymous_style

    items: list[Box] = []
    run: list[Box] = []

    def flush() -> None:
        kept = [c for c in run if not (c.kind == TEXT and not c.text.strip(WHITESPACE))]
        if any(c.kind == TEXT for c in kept):
            items.append(Box(BLOCK, anonymous_style(container.style), None, kept, anonymous=True))
        run.clear()

    for child in container.children:
        if child.kind in (TEXT, LINE_BREAK):
            run.append(child)
            continue
        flush()
        child.inline_level = False
        if child.kind == INLINE:
            child.kind = BLOCK
            _wrap_inline_runs(child)
        items.append(child)
    flush()
    items.sort(key=lambda box: box.style.order if isinstance(box.style.order, int) else 0)
    container.children = items


# ---------------------------------------------------------------------------
# the algorithm's per-item state

@dataclass(eq=False)
class FlexItem:
    box: Box
    margins: list                  # top, right, bottom, left in px; None where auto
    bp_main: float                 # border + padding along the main axis
    bp_cross: float                # ... and the cross axis
    grow: float = 0.0
    shrink: float = 1.0
    base: float = 0.0              # flex base size (content box, §9.2.3)
    hypothetical: float = 0.0      # hypothetical main size: base clamped by min/max (§9.2.3)
    min_main: float = 0.0
    max_main: float = math.inf
    target: float = 0.0            # target main size while flexing (§9.7)
    frozen: bool = False
    violation: float = 0.0
    cross: float = 0.0             # border-box cross size, once laid out
    baseline: float | None = None  # first baseline from the item's border-box top
    align: str = "stretch"         # the used align-self
    stretched: bool = False
    laid_out_as: tuple | None = None   # (width, border-box height) of a layout already done

    def margin_main(self, row: bool) -> float:
        m = self.margins
        return (m[3] or 0.0) + (m[1] or 0.0) if row else (m[0] or 0.0) + (m[2] or 0.0)

    def margin_cross(self, row: bool) -> float:
        return self.margin_main(not row)


@dataclass(eq=False)
class FlexLine:
    items: list[FlexItem]
    cross: float = 0.0             # the line's cross size (§9.4 step 8)
    max_ascent: float = 0.0        # baseline-aligned items: largest distance from margin-box top to baseline
    position: float = 0.0          # cross offset of the line from the content box's cross-start edge


@dataclass
class Axes:
    """The container's main and cross axes in physical terms (horizontal-tb, ltr only)."""

    row: bool                      # the main axis is horizontal
    reverse: bool                  # main-start is on the right (row-reverse) or bottom (column-reverse)
    wrap: bool                     # multi-line (flex-wrap is not nowrap)
    wrap_reverse: bool             # cross-start and cross-end are swapped


def _axes(style) -> Axes:
    direction = style.flex_direction
    return Axes(row=direction in ("row", "row-reverse"), reverse=direction.endswith("-reverse"),
                wrap=style.flex_wrap != "nowrap", wrap_reverse=style.flex_wrap == "wrap-reverse")


def _gap(value, basis: float | None) -> float:
    """row-gap / column-gap: `normal` is 0 in a flex container (CSS Box Alignment 3 §8.1)."""
    if value == "normal":
        return 0.0
    return min(MAX_FACTOR, max(0.0, resolve(value, basis, auto=0.0) or 0.0))


def _factor(value) -> float:
    """flex-grow / flex-shrink, saturated (Blink keeps them as floats) so sums stay finite."""
    number = float(value)
    return 0.0 if math.isnan(number) else min(MAX_FACTOR, max(0.0, number))


def _layout_item(item: FlexItem, cb_width: float, cb_height: float | None, ctx,
                 width: float | None = None, height: float | str | None = None) -> Layout:
    """Lay the item out with its border box `width` forced (None: as its style says) and its
    `height` forced (a border-box px value, 'auto' for its content's height whatever its style
    says, None: as its style says).  A forced height is definite: percentages inside resolve
    against it, as against a flexed main size or a stretched cross size (§9.8)."""
    box = item.box
    if box.kind == REPLACED:
        layout_replaced(box, cb_width, cb_height)
        if width is not None and width != box.width:
            bp_w = box.border[1] + box.border[3] + box.padding[1] + box.padding[3]
            bp_h = box.border[0] + box.border[2] + box.padding[0] + box.padding[2]
            iw, ih = box.intrinsic_width, box.intrinsic_height
            if box.style.height == "auto" and iw and ih:
                box.height = (width - bp_w) * ih / iw + bp_h   # the aspect ratio holds (§9.8)
            box.width = width
        if isinstance(height, float):
            box.height = height
        return None
    if box.kind == TABLE:
        from .table import layout_table
        yield layout_table(box, width if width is not None else cb_width, cb_height, ctx, None)
        if isinstance(height, float):
            box.height = max(box.height, height)
        return None
    forced = None
    if isinstance(height, float):
        forced = max(0.0, height - (box.border[0] + box.border[2] + box.padding[0] + box.padding[2]))
    yield layout_block(box, cb_width, cb_height, ctx, None, forced_border_width=width, bfc=True,
                       auto_height=height == "auto", forced_height=forced)
    return None


def _border_padding(box: Box, style, cb_width: float) -> tuple[tuple, tuple, list]:
    border, padding, margins = edges(style, cb_width)
    box.border, box.padding = border, padding
    return border, padding, margins


def _main_limits(item: FlexItem, axes: Axes, basis_w: float, basis_h: float | None) -> tuple[float | None, float | None]:
    """The item's min and max main size properties as content-box px (None: auto / none)."""
    s = item.box.style
    low_value, high_value, basis = ((s.min_width, s.max_width, basis_w) if axes.row
                                    else (s.min_height, s.max_height, basis_h))
    delta = item.bp_main if s.box_sizing == "border-box" else 0.0
    low = used_size(low_value, basis)
    high = used_size(high_value, basis)
    return (None if low is None else max(0.0, low - delta),
            None if high is None else max(0.0, high - delta))


def _specified_main(item: FlexItem, axes: Axes, value, basis: float | None) -> float | None:
    """A definite main size from flex-basis or width/height, as a content-box size."""
    size = used_size(value, basis)
    if size is None:
        return None
    if item.box.style.box_sizing == "border-box":
        size -= item.bp_main
    return max(0.0, size)


# ---------------------------------------------------------------------------
# §9: the flex layout algorithm

def layout_flex(box: Box, cb_width: float, cb_height: float | None, ctx, parent_style=None,
                forced_border_width: float | None = None, forced_height: float | None = None,
                auto_height: bool = False) -> Layout:
    """Lay out a flex container and its items (CSS Flexbox 1 §9); returns its BlockResult.

    The container itself is sized like a block box (§9.2 step 2: its width is the block's, or the
    shrink-to-fit width its parent forced); its auto height comes from its lines (§9.4 step 15,
    or the main size of a column container, §9.3 step 4)."""
    content_w, height, min_h, max_h = yield size_container(box, cb_width, cb_height, parent_style,
                                                           forced_border_width, forced_height, auto_height,
                                                           flex_intrinsic_widths(box, ctx))
    s = box.style
    border, padding = box.border, box.padding
    axes = _axes(s)
    content_left, content_top = border[3] + padding[3], border[0] + padding[0]
    main_gap = _gap(s.column_gap if axes.row else s.row_gap, content_w if axes.row else height)
    cross_gap = _gap(s.row_gap if axes.row else s.column_gap, height if axes.row else content_w)

    flow = [c for c in box.children if c.style.position not in OUT_OF_FLOW]
    items: list[FlexItem] = []
    # §9.2 step 3 / §9.3 step 3: the flex base size and hypothetical main size of each item
    for child in flow:
        item = yield _prepare_item(child, axes, content_w, height, ctx, s)
        items.append(item)

    # §9.2 step 2 / §9.3 step 4: the available main space and the container's inner main size
    if axes.row:
        main_size: float | None = content_w
        available_main = content_w
    else:
        main_size = height
        available_main = height if height is not None else (max_h if max_h is not None else math.inf)

    # §9.3 step 5: collect the items into flex lines
    lines = _collect_lines(items, axes, available_main, main_gap)

    if main_size is None:
        # a column container with an auto height is as tall as its longest line (its max-content size)
        longest = max((sum(i.hypothetical + i.bp_main + i.margin_main(False) for i in line.items)
                       + main_gap * (len(line.items) - 1) for line in lines), default=0.0)
        main_size = clamp(longest, min_h, max_h)

    # §9.3 step 6: resolve the flexible lengths of each line (§9.7)
    for line in lines:
        _resolve_flexible_lengths(line.items, axes, main_size, main_gap)

    # §9.4 step 7: the hypothetical cross size of each item — lay it out at its used main size
    child_cb_height = height
    for item in items:
        yield _measure_cross(item, axes, content_w, child_cb_height, ctx)

    # §9.4 step 8: the cross size of each line
    cross_size = (height if axes.row else content_w)
    min_cross, max_cross = (min_h, max_h) if axes.row else (None, None)
    for line in lines:
        _line_cross_size(line, axes)
    if not axes.wrap and lines:
        if cross_size is not None:
            lines[0].cross = cross_size
        else:
            lines[0].cross = clamp(lines[0].cross, min_cross, max_cross)

    # §9.4 step 9: align-content: stretch shares the spare cross space among the lines
    total_cross = sum(line.cross for line in lines) + cross_gap * max(0, len(lines) - 1)
    if axes.wrap and cross_size is not None and s.align_content in ("normal", "stretch") and lines \
            and total_cross < cross_size:
        extra = (cross_size - total_cross) / len(lines)
        for line in lines:
            line.cross += extra
        total_cross = cross_size

    # §9.4 step 11: stretched items are laid out again at their line's cross size
    for line in lines:
        for item in line.items:
            yield _stretch(item, line, axes, content_w, child_cb_height, ctx)

    # §9.4 step 15: the container's used cross size
    if cross_size is None:
        cross_size = clamp(total_cross, min_cross, max_cross)

    # §9.4 step 16: align the lines (align-content), then §9.5: main-axis alignment of each line
    _align_lines(lines, axes, s.align_content, cross_size, cross_gap)
    for line in lines:
        _justify_line(line, axes, s.justify_content, main_size, main_gap, content_left, content_top)
        for item in line.items:
            _align_item(item, line, axes, cross_size, content_left, content_top)
            apply_relative(item.box, content_w, height)

    # out-of-flow children: their static position is the content box's start (§4.1); the
    # positioned layout places them once containing blocks are final, where the engine has one
    queue = getattr(ctx, "out_of_flow", None)
    for child in box.children:
        if child.style.position in OUT_OF_FLOW:
            if queue is not None:
                queue.defer(child, box, content_left, content_top)
            else:
                yield layout_block_level(child, content_w, height, ctx, s)
                child.x = content_left + child.margin[3]
                child.y = content_top + child.margin[0]

    box.lines = None
    inner_height = cross_size if axes.row else main_size
    if height is None:
        height = inner_height
    height = clamp(height, min_h, max_h)
    box.height = height + border[0] + border[2] + padding[0] + padding[2]
    _container_baselines(box, lines, axes)
    return BlockResult(Strut().add(box.margin[0]), Strut().add(box.margin[2]))


def _align_self(child: Box, container_style) -> str:
    """The used align-self: auto takes the container's align-items; normal behaves as stretch (§8.3)."""
    value = child.style.align_self
    if value == "auto":
        value = container_style.align_items
    return "stretch" if value == "normal" else value


def _prepare_item(child: Box, axes: Axes, content_w: float, height: float | None, ctx, container_style) -> Layout:
    """§9.2 step 3: the flex base size and hypothetical main size, with §4.5's automatic minimum."""
    s = child.style
    border, padding, margins = _border_padding(child, s, content_w)
    bp_h = border[1] + border[3] + padding[1] + padding[3]
    bp_v = border[0] + border[2] + padding[0] + padding[2]
    item = FlexItem(child, margins, bp_main=bp_h if axes.row else bp_v, bp_cross=bp_v if axes.row else bp_h,
                    grow=_factor(s.flex_grow), shrink=_factor(s.flex_shrink))
    item.align = _align_self(child, container_style)
    main_basis = content_w if axes.row else height
    basis_value = s.flex_basis
    if basis_value == "auto":
        basis_value = s.width if axes.row else s.height   # §7.3.1: auto takes the main size property
    base = _specified_main(item, axes, basis_value, main_basis)   # §9.2.3 A: a definite flex basis
    specified = _specified_main(item, axes, s.width if axes.row else s.height, main_basis)
    low, high = _main_limits(item, axes, content_w, height)
    content_min = 0.0
    needs_auto_min = low is None and s.overflow_x == "visible" and s.overflow_y == "visible"
    if axes.row:
        if base is None or needs_auto_min:
            min_content, max_content = yield _content_widths(child, content_w, ctx)
            if base is None:
                base = max_content                       # §9.2.3 E: content → max-content size
            content_min = min_content
    elif base is None or needs_auto_min:
        # §9.2.3 E in the block axis: lay the item out at its cross size, its height from content
        width = yield _column_cross_width(item, content_w, ctx)
        yield _layout_item(item, content_w, height, ctx, width=width, height="auto")
        item.laid_out_as = (width, child.height)
        content_height = child.height - bp_v
        if base is None:
            base = content_height
        content_min = content_height
    if needs_auto_min:
        # §4.5: the content-based minimum size — the smaller of the specified size suggestion and
        # the content size suggestion, the latter clamped by the max main size
        suggestion = content_min if high is None else min(content_min, high)
        low = suggestion if specified is None else min(specified, suggestion)
    item.base = base
    item.min_main = low or 0.0
    item.max_main = high if high is not None else math.inf
    item.hypothetical = clamp(base, item.min_main, item.max_main if high is not None else None)
    return item


def _content_widths(child: Box, cb_width: float, ctx) -> Layout:
    """(min-content, max-content) widths of an item's content box.  A replaced item's max-content
    width is its used width; its min-content width is its natural one (CSS Sizing 3 §5.1), or
    the width its aspect ratio gives a definite height (the transferred size, §4.5)."""
    if child.kind == REPLACED:
        layout_replaced(child, cb_width, None)
        bp = child.border[1] + child.border[3] + child.padding[1] + child.padding[3]
        width = child.width - bp
        natural = child.intrinsic_width or 0.0
        height = used_size(child.style.height, None)
        if height is not None and child.intrinsic_width and child.intrinsic_height:
            if child.style.box_sizing == "border-box":
                height -= child.border[0] + child.border[2] + child.padding[0] + child.padding[2]
            natural = max(0.0, height) * child.intrinsic_width / child.intrinsic_height
        return (natural, width)
    low, high = yield intrinsic_widths(child, ctx)
    if child.kind == TABLE:
        # a table's intrinsic widths are of its border box
        bp = child.border[1] + child.border[3] + child.padding[1] + child.padding[3]
        low, high = max(0.0, low - bp), max(0.0, high - bp)
    return (low, high)


def _column_cross_width(item: FlexItem, content_w: float, ctx) -> Layout:
    """The border-box width a column container's item is laid out at: its own width, the container's
    (less margins) when it stretches, otherwise fit-content (§9.2.3 E, §9.4 step 11)."""
    s = item.box.style
    if item.box.kind in (REPLACED, TABLE):
        return None
    width = used_size(s.width, content_w)
    if width is not None:
        return None   # the style decides (layout_block applies box-sizing, min and max)
    m = item.margins
    auto_margins = m[1] is None or m[3] is None
    available = content_w - (m[1] or 0.0) - (m[3] or 0.0)
    if item.align == "stretch" and not auto_margins:
        fill = available
    else:
        low, high = yield intrinsic_widths(item.box, ctx)
        fill = min(max(low, available - item.bp_cross), high) + item.bp_cross
    limit_low = used_size(s.min_width, content_w)
    limit_high = used_size(s.max_width, content_w)
    delta = 0.0 if s.box_sizing == "border-box" else item.bp_cross
    return clamp(fill, None if limit_low is None else limit_low + delta,
                  None if limit_high is None else limit_high + delta)


def _collect_lines(items: list[FlexItem], axes: Axes, available: float, gap: float) -> list[FlexLine]:
    """§9.3 step 5: a single line, or as many items per line as fit (at least one)."""
    if not axes.wrap:
        return [FlexLine(items)] if items else []
    lines: list[FlexLine] = []
    current: list[FlexItem] = []
    used = 0.0
    for item in items:
        outer = item.hypothetical + item.bp_main + item.margin_main(axes.row)
        if current and used + gap + outer > available + 1e-6:
            lines.append(FlexLine(current))
            current, used = [], 0.0
        used += (gap if current else 0.0) + outer
        current.append(item)
    if current:
        lines.append(FlexLine(current))
    return lines


def _resolve_flexible_lengths(items: list[FlexItem], axes: Axes, main_size: float, gap: float) -> None:
    """§9.7 Resolving Flexible Lengths, for one line."""
    row = axes.row
    outer_extra = [i.bp_main + i.margin_main(row) for i in items]
    gaps = gap * max(0, len(items) - 1)
    # step 1: grow or shrink, from the sum of the hypothetical outer main sizes
    hypothetical_sum = sum(i.hypothetical + e for i, e in zip(items, outer_extra)) + gaps
    growing = hypothetical_sum < main_size
    # step 2: size inflexible items
    for item in items:
        item.frozen = False
        item.target = item.base
        factor = item.grow if growing else item.shrink
        if factor == 0 or (growing and item.base > item.hypothetical) or \
                (not growing and item.base < item.hypothetical):
            item.target = item.hypothetical
            item.frozen = True

    def free_space() -> float:
        return main_size - gaps - sum((i.target if i.frozen else i.base) + e for i, e in zip(items, outer_extra))

    # step 3: the initial free space
    initial_free = free_space()
    # step 4: loop until every item is frozen
    while not all(i.frozen for i in items):
        unfrozen = [i for i in items if not i.frozen]
        remaining = free_space()
        factor_sum = sum(i.grow if growing else i.shrink for i in unfrozen)
        if factor_sum < 1:
            scaled = initial_free * factor_sum
            if abs(scaled) < abs(remaining):
                remaining = scaled
        if remaining != 0:
            if growing:
                for item in unfrozen:
                    item.target = item.base + remaining * item.grow / factor_sum if factor_sum else item.base
            else:
                scaled_sum = sum(i.shrink * i.base for i in unfrozen)
                for item in unfrozen:
                    ratio = (item.shrink * item.base / scaled_sum) if scaled_sum else 0.0
                    item.target = item.base - abs(remaining) * ratio
        else:
            for item in unfrozen:
                item.target = item.base
        # fix min/max violations (a target never goes below zero: min_main is at least 0)
        total = 0.0
        for item in unfrozen:
            clamped = min(item.target, item.max_main)
            clamped = max(clamped, item.min_main, 0.0)
            item.violation = clamped - item.target
            item.target = clamped
            total += item.violation
        frozen_now = 0
        for item in unfrozen:
            if total == 0 or (total > 0 and item.violation > 0) or (total < 0 and item.violation < 0):
                item.frozen = True
                frozen_now += 1
        if not frozen_now:
            # only NaN from hostile sizes (1e308px gaps, infinite factors) can get here: stop, as a
            # zero total violation would (each pass must freeze something, or this never ends)
            for item in unfrozen:
                item.target = item.hypothetical if math.isfinite(item.target) else 0.0
                item.frozen = True


def _measure_cross(item: FlexItem, axes: Axes, content_w: float, cb_height: float | None, ctx) -> Layout:
    """§9.4 step 7: lay the item out at its used main size; its cross size follows."""
    main_border = item.target + item.bp_main
    if axes.row:
        yield _layout_item(item, content_w, cb_height, ctx, width=main_border)
        item.cross = item.box.height
    else:
        width = item.laid_out_as[0] if item.laid_out_as is not None else \
            (yield _column_cross_width(item, content_w, ctx))
        if item.laid_out_as is None or abs(item.laid_out_as[1] - main_border) > 1e-9:
            yield _layout_item(item, content_w, cb_height, ctx, width=width, height=main_border)
        # (an item whose content height is its main size keeps the layout that measured it:
        # nested columns lay out once per level, not twice)
        item.cross = item.box.width
    item.baseline = _item_baseline(item.box)


def _item_baseline(box: Box) -> float:
    """An item's first baseline from its border-box top, synthesized from its border box's
    bottom edge when it has none (§8.5, CSS Box Alignment 3 §9.1)."""
    first = box.first_baseline if box.first_baseline is not None else box.baseline
    if box.kind == REPLACED or first is None:
        return box.height
    return first


def _uses_baseline(item: FlexItem, axes: Axes) -> bool:
    """Baseline alignment needs auto-free cross margins and a horizontal main axis; in a column it
    falls back to flex-start (§8.3)."""
    m = item.margins
    cross_auto = (m[0] is None or m[2] is None) if axes.row else (m[1] is None or m[3] is None)
    return axes.row and item.align in ("baseline", "last baseline") and not cross_auto


def _line_cross_size(line: FlexLine, axes: Axes) -> None:
    """§9.4 step 8: the largest outer hypothetical cross size, baseline-aligned items counted as
    their largest ascent plus largest descent."""
    ascent = descent = 0.0
    largest = 0.0
    for item in line.items:
        m = item.margins
        outer = item.cross + item.margin_cross(axes.row)
        if _uses_baseline(item, axes):
            above = (m[0] or 0.0) + item.baseline
            ascent = max(ascent, above)
            descent = max(descent, outer - above)
        else:
            largest = max(largest, outer)
    line.max_ascent = ascent
    line.cross = max(largest, ascent + descent)


def _stretch(item: FlexItem, line: FlexLine, axes: Axes, content_w: float, cb_height: float | None, ctx) -> Layout:
    """§9.4 step 11: align-self: stretch with an auto cross size and no auto cross margins makes the
    item's outer cross size its line's, within its min and max cross sizes; it is laid out again."""
    if item.align != "stretch":
        return None
    s = item.box.style
    m = item.margins
    if axes.row:
        if s.height != "auto" or m[0] is None or m[2] is None:
            return None
        low, high = used_size(s.min_height, cb_height), used_size(s.max_height, cb_height)
        delta = 0.0 if s.box_sizing == "border-box" else item.bp_cross
        target = clamp(line.cross - item.margin_cross(True), None if low is None else low + delta,
                        None if high is None else high + delta)
        target = max(target, item.bp_cross)
        if abs(target - item.box.height) < 1e-9:
            return None
        yield _layout_item(item, content_w, cb_height, ctx, width=item.target + item.bp_main, height=target)
        item.box.height = target
        item.cross = target
    else:
        if s.width != "auto" or m[1] is None or m[3] is None or item.box.kind in (REPLACED, TABLE):
            return None
        low, high = used_size(s.min_width, content_w), used_size(s.max_width, content_w)
        delta = 0.0 if s.box_sizing == "border-box" else item.bp_cross
        target = clamp(line.cross - item.margin_cross(False), None if low is None else low + delta,
                        None if high is None else high + delta)
        target = max(target, item.bp_cross)
        if abs(target - item.box.width) < 1e-9:
            return None
        yield _layout_item(item, content_w, cb_height, ctx, width=target, height=item.target + item.bp_main)
        item.cross = target
    item.stretched = True
    item.baseline = _item_baseline(item.box)
    return None


def _to_flex_relative(value: str, reverse: bool, horizontal: bool) -> str:
    """start/end/left/right name physical or writing-mode sides; in a reversed axis they are the
    opposite of flex-start/flex-end.  left/right only mean anything on a horizontal axis."""
    if value in ("normal", "stretch", "baseline", "last baseline"):
        return "flex-start"
    if value in ("left", "right") and not horizontal:
        value = "start"
    if value in ("start", "left", "self-start"):
        return "flex-end" if reverse else "flex-start"
    if value in ("end", "right", "self-end"):
        return "flex-start" if reverse else "flex-end"
    return value


def _align_lines(lines: list[FlexLine], axes: Axes, align_content: str, cross_size: float, gap: float) -> None:
    """§9.4 step 16: place the lines along the cross axis (align-content; a single-line container
    has its one line fill its cross size, §8.4)."""
    if not lines:
        return
    total = sum(line.cross for line in lines) + gap * (len(lines) - 1)
    free = cross_size - total
    value = _to_flex_relative(align_content, axes.wrap_reverse, not axes.row) if axes.wrap else "flex-start"
    start, between = content_distribution(value, free, len(lines))
    position = start
    for line in lines:
        line.position = position
        position += line.cross + gap + between


def _justify_line(line: FlexLine, axes: Axes, justify: str, main_size: float, gap: float,
                  content_left: float, content_top: float) -> None:
    """§9.5 steps 12: main-axis alignment — auto margins take positive free space first (§8.1),
    then justify-content distributes what is left."""
    row = axes.row
    items = line.items
    free = main_size - gap * (len(items) - 1) - sum(i.target + i.bp_main + i.margin_main(row) for i in items)
    start_side, end_side = (3, 1) if row else (0, 2)
    if axes.reverse:
        start_side, end_side = end_side, start_side
    autos = sum((i.margins[start_side] is None) + (i.margins[end_side] is None) for i in items)
    share = free / autos if autos and free > 0 else 0.0
    if autos:
        offset, between = 0.0, 0.0
    else:
        offset, between = content_distribution(_to_flex_relative(justify, axes.reverse, row), free, len(items))
    position = offset
    for item in items:
        m = item.margins
        lead = m[start_side] if m[start_side] is not None else share
        trail = m[end_side] if m[end_side] is not None else share
        size = item.target + item.bp_main
        position += lead
        if row:
            x = position if not axes.reverse else main_size - position - size
            item.box.x = content_left + x
        else:
            y = position if not axes.reverse else main_size - position - size
            item.box.y = content_top + y
        position += size + trail + gap + between
        used = list(item.box.margin)
        for side, value in ((start_side, lead), (end_side, trail)):
            used[side] = value
        item.box.margin = tuple(used)


def _align_item(item: FlexItem, line: FlexLine, axes: Axes, cross_size: float,
                content_left: float, content_top: float) -> None:
    """§9.6 steps 13–14: cross-axis auto margins, then align-self, within the item's line.
    Offsets are found from the line's cross-start edge, then made physical (wrap-reverse puts
    cross-start at the bottom, or the right)."""
    row = axes.row
    m = item.margins
    before, after = (0, 2) if row else (3, 1)       # the physical top/left and bottom/right margins
    used_before, used_after = m[before] or 0.0, m[after] or 0.0
    outer = item.cross + used_before + used_after
    free = line.cross - outer
    if m[before] is None or m[after] is None:
        # step 13: auto margins take positive free space; otherwise the top/left one is zero
        count = (m[before] is None) + (m[after] is None)
        if m[before] is None:
            used_before = free / count if free > 0 else 0.0
        if m[after] is None:
            used_after = free / count if free > 0 else line.cross - item.cross - used_before
        physical = 0.0
    elif _uses_baseline(item, axes):
        physical = line.max_ascent - (used_before + item.baseline)
    else:
        value = _to_flex_relative(item.align, axes.wrap_reverse, not row)
        offset = {"flex-end": free, "center": free / 2}.get(value, 0.0)
        physical = free - offset if axes.wrap_reverse else offset
    line_start = line.position if not axes.wrap_reverse else cross_size - line.position - line.cross
    used = list(item.box.margin)
    used[before], used[after] = used_before, used_after
    item.box.margin = tuple(used)
    position = line_start + physical + used_before
    if row:
        item.box.y = content_top + position
    else:
        item.box.x = content_left + position


def _container_baselines(box: Box, lines: list[FlexLine], axes: Axes) -> None:
    """§8.5: the first baseline comes from the first line's baseline-aligned items, else from its
    first item (synthesized from its border box if it has none); the last from the last line."""
    if not lines or not lines[0].items:
        box.baseline = box.first_baseline = None
        return

    def of_line(line: FlexLine, last: bool) -> float:
        aligned = [i for i in line.items if _uses_baseline(i, axes)]
        item = aligned[0] if aligned else (line.items[-1] if last and not axes.row else line.items[0])
        return item.box.y + item.baseline

    first = of_line(lines[0], False)
    last = of_line(lines[-1], True)
    box.first_baseline = first
    # an inline-flex box sits on its first baseline in a line (§8.5); a block parent's last
    # baseline (an inline-block holding this container) takes the last one
    box.baseline = first if box.style.display == "inline-flex" else last


# ---------------------------------------------------------------------------
# §9.9: intrinsic sizes of a flex container

_INTRINSIC_CACHE: "weakref.WeakKeyDictionary[Box, tuple[float, float]]" = weakref.WeakKeyDictionary()


def flex_intrinsic_widths(box: Box, ctx) -> Layout:
    """(min-content, max-content) widths of a flex container's content box (§9.9.1, as Blink
    computes them): a row adds its items' contributions (a wrapping row's min-content is its
    widest item's), a column takes the widest.  Each container's answer is kept (it depends on
    its subtree alone), so nested flex containers, which each ask about their items, stay linear
    in the depth of the nesting."""
    cached = _INTRINSIC_CACHE.get(box)
    if cached is not None:
        return cached
    result = yield _flex_intrinsic_widths(box, ctx)
    _INTRINSIC_CACHE[box] = result
    return result


def _flex_intrinsic_widths(box: Box, ctx) -> Layout:
    s = box.style
    axes = _axes(s)
    gap = _gap(s.column_gap, None) if axes.row else 0.0
    lows: list[float] = []
    highs: list[float] = []
    for child in box.children:
        if child.style.position in OUT_OF_FLOW:
            continue
        low, high = yield intrinsic_contribution(child, ctx)
        lows.append(low)
        highs.append(high)
    if not lows:
        return (0.0, 0.0)
    if not axes.row:
        return (max(lows), max(highs))
    gaps = gap * (len(lows) - 1)
    low = max(lows) if axes.wrap else sum(lows) + gaps
    return (low, sum(highs) + gaps)
