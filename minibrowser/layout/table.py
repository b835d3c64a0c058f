"""Tables (CSS 2.1 §17): the grid, column widths, row heights, cell alignment.

`layout_table` builds the grid from row groups and rows (header groups first,
footer groups last), honouring colspan and rowspan; computes each column's
min- and max-content width from its cells (the automatic table layout of
§17.5.2.2, as browsers implement it) or from the first row for
`table-layout: fixed`; lays the cells out at their column widths; makes each
row as tall as its tallest cell; and places cell content by vertical-align.
Both border models are supported; `border-collapse: collapse` resolves each
shared edge to the widest border (§17.6.2) and gives each cell half of it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..css.values import Pct, resolve
from .block import (BlockResult, Layout, Strut, apply_relative, edges, intrinsic_widths, layout_block,
                    used_size, _box_sizing_delta)
from .tree import TABLE_CAPTION, TABLE_CELL, TABLE_COLUMN, TABLE_ROW, TABLE_ROW_GROUP, Box


@dataclass
class Grid:
    rows: list[Box] = field(default_factory=list)          # row boxes in visual order
    row_groups: list[Box] = field(default_factory=list)
    cells: list[tuple[Box, int, int]] = field(default_factory=list)  # (cell, row index, column index)
    columns: int = 0
    column_boxes: list[Box] = field(default_factory=list)


def build_grid(table: Box) -> Grid:
    grid = Grid()
    groups = [c for c in table.children if c.kind == TABLE_ROW_GROUP]
    heads = [g for g in groups if g.style.display == "table-header-group"][:1]
    feet = [g for g in groups if g.style.display == "table-footer-group"][:1]
    bodies = [g for g in groups if g not in heads and g not in feet]
    grid.row_groups = heads + bodies + feet
    grid.column_boxes = [c for c in table.children if c.kind == TABLE_COLUMN]
    occupied: dict[tuple[int, int], bool] = {}
    row_index = 0
    for group in grid.row_groups:
        group_rows = [r for r in group.children if r.kind == TABLE_ROW]
        for row in group_rows:
            grid.rows.append(row)
            col = 0
            for cell in row.children:
                if cell.kind != TABLE_CELL:
                    continue
                while occupied.get((row_index, col)):
                    col += 1
                rowspan = cell.rowspan if cell.rowspan > 0 else max(1, len(group_rows) - group_rows.index(row))
                rowspan = min(rowspan, max(1, len(group_rows) - group_rows.index(row)))
                cell.rowspan = rowspan
                for r in range(row_index, row_index + rowspan):
                    for c in range(col, col + cell.colspan):
                        occupied[(r, c)] = True
                grid.cells.append((cell, row_index, col))
                col += cell.colspan
                grid.columns = max(grid.columns, col)
            row_index += 1
    return grid


def _spacing(table: Box) -> tuple[float, float]:
    if table.style.border_collapse == "collapse":
        return 0.0, 0.0
    h, v = table.style.border_spacing
    return float(h), float(v)


def _collapse_borders(table: Box, grid: Grid) -> None:
    """Collapsing border model: each cell keeps half of each of its resolved edges."""
    if table.style.border_collapse != "collapse":
        return
    style_rank = {"hidden": 10, "double": 8, "solid": 7, "dashed": 6, "dotted": 5, "ridge": 4, "outset": 3,
                  "groove": 2, "inset": 1, "none": 0}

    def width(style, side: str) -> tuple[float, int]:
        st = getattr(style, f"border_{side}_style")
        return (getattr(style, f"border_{side}_width") if st not in ("none", "hidden") else 0.0,
                style_rank.get(st, 0))

    rows = len(grid.rows)
    for cell, r, c in grid.cells:
        s = cell.style
        top = max(width(s, "top"), width(table.style, "top") if r == 0 else (0.0, 0))
        bottom = max(width(s, "bottom"), width(table.style, "bottom") if r + cell.rowspan >= rows else (0.0, 0))
        left = max(width(s, "left"), width(table.style, "left") if c == 0 else (0.0, 0))
        right = max(width(s, "right"), width(table.style, "right") if c + cell.colspan >= grid.columns else (0.0, 0))
        cell.collapsed_border = (top[0] / 2, right[0] / 2, bottom[0] / 2, left[0] / 2)


def table_intrinsic_widths(table: Box, ctx) -> Layout:
    grid = build_grid(table)
    _collapse_borders(table, grid)
    mins, maxs, _pcts = yield _column_widths(table, grid, ctx)
    h_spacing, _ = _spacing(table)
    border, padding, _m = edges(table.style, 0.0)
    extra = h_spacing * (grid.columns + 1) if grid.columns else 0.0
    if table.style.border_collapse != "collapse":
        extra += border[1] + border[3] + padding[1] + padding[3]
    low = sum(mins) + extra
    high = sum(maxs) + extra
    fixed = used_size(table.style.width, None)
    if fixed is not None:
        low = high = max(low, fixed)
    return (low, high)


def _cell_edges(cell: Box) -> tuple[tuple, tuple]:
    border, padding, _ = edges(cell.style, 0.0)
    collapsed = getattr(cell, "collapsed_border", None)
    if collapsed is not None:
        border = collapsed
    return border, padding


def _column_widths(table: Box, grid: Grid, ctx) -> Layout:
    """Per column (min, max, percentage) from the cells (single-span cells first)."""
    n = grid.columns
    mins = [0.0] * n
    maxs = [0.0] * n
    pcts: list[float | None] = [None] * n
    spanning: list[tuple[Box, int, float, float]] = []
    for cell, _r, c in grid.cells:
        low, high = yield intrinsic_widths(cell, ctx)
        border, padding = _cell_edges(cell)
        extra = border[1] + border[3] + padding[1] + padding[3]
        width = cell.style.width
        if isinstance(width, float):
            fixed = width if cell.style.box_sizing == "border-box" else width + extra
            low_total = max(low + extra, fixed)
            high_total = max(low_total, fixed)
        else:
            low_total, high_total = low + extra, max(low, high) + extra
            if isinstance(width, Pct) and cell.colspan == 1:
                pcts[c] = max(pcts[c] or 0.0, width.value)
        if cell.colspan == 1:
            mins[c] = max(mins[c], low_total)
            maxs[c] = max(maxs[c], high_total)
        else:
            spanning.append((cell, c, low_total, high_total))
    for col_box_index, col_box in enumerate(grid.column_boxes[:n]):
        if isinstance(col_box.style.width, float) and col_box_index < n:
            maxs[col_box_index] = max(maxs[col_box_index], col_box.style.width)
    h_spacing, _ = _spacing(table)
    for cell, c, low_total, high_total in spanning:
        span = range(c, min(n, c + cell.colspan))
        inner = h_spacing * (len(span) - 1)
        cur_min = sum(mins[i] for i in span) + inner
        cur_max = sum(maxs[i] for i in span) + inner
        if low_total > cur_min:
            _distribute(mins, span, low_total - cur_min, maxs)
        if high_total > cur_max:
            _distribute(maxs, span, high_total - cur_max, maxs)
    for i in range(n):
        maxs[i] = max(maxs[i], mins[i])
    return (mins, maxs, pcts)


def _distribute(widths: list[float], span: range, extra: float, weights: list[float]) -> None:
    total = sum(weights[i] for i in span)
    for i in span:
        share = (weights[i] / total) if total else 1 / len(span)
        widths[i] += extra * share


def layout_table(table: Box, cb_width: float, cb_height: float | None, ctx, parent_style) -> Layout:
    s = table.style
    grid = build_grid(table)
    _collapse_borders(table, grid)
    border, padding, margins = edges(s, cb_width)
    if s.border_collapse == "collapse":
        # the table's border box holds half of its outer collapsed borders; no padding (§17.6.2)
        border = tuple(b / 2 for b in border)
        padding = (0.0, 0.0, 0.0, 0.0)
    h_spacing, v_spacing = _spacing(table)
    n = grid.columns
    mins, maxs, pcts = yield _column_widths(table, grid, ctx)
    h_extra = border[1] + border[3] + padding[1] + padding[3]
    spacing_total = h_spacing * (n + 1) if n else 0.0
    min_total = sum(mins) + spacing_total + h_extra
    max_total = sum(maxs) + spacing_total + h_extra
    ml = margins[3] if margins[3] is not None else 0.0
    mr = margins[1] if margins[1] is not None else 0.0
    available = cb_width - ml - mr
    specified = used_size(s.width, cb_width)
    if specified is not None:
        if s.box_sizing != "border-box":
            specified += h_extra
        width = max(specified, min_total)
    else:
        width = max(min_total, min(max_total, available))
    # percentage columns first, then share between min and max
    content = width - h_extra - spacing_total
    cols = _assign_columns(mins, maxs, pcts, content, s.table_layout == "fixed" and specified is not None)
    if margins[3] is None and margins[1] is None:
        ml = mr = max(0.0, (cb_width - width) / 2)
    elif margins[3] is None:
        ml = cb_width - width - mr
    elif parent_style is not None and parent_style.text_align == "-webkit-center":
        ml += max(0.0, (cb_width - width - ml - mr) / 2)
    table.width = width
    table.border = border
    table.padding = padding
    table.margin = (margins[0] or 0.0, mr, margins[2] or 0.0, ml)
    # captions above (or below) the grid
    y = 0.0
    captions_top = [c for c in table.children if c.kind == TABLE_CAPTION and c.style.caption_side != "bottom"]
    captions_bottom = [c for c in table.children if c.kind == TABLE_CAPTION and c.style.caption_side == "bottom"]
    for caption in captions_top:
        res = yield layout_block(caption, width, None, ctx, s, bfc=True)
        y += res.top.size
        caption.x = caption.margin[3]
        caption.y = y
        y += caption.height + res.bottom.size
    grid_top = y
    table.grid_top = grid_top
    # lay out cells
    col_x = []
    x = border[3] + padding[3] + h_spacing
    for w in cols:
        col_x.append(x)
        x += w + h_spacing
    cell_heights: dict[int, float] = {}
    for cell, r, c in grid.cells:
        span_width = sum(cols[c:c + cell.colspan]) + h_spacing * (cell.colspan - 1)
        collapsed = getattr(cell, "collapsed_border", None)
        if collapsed is not None:
            cell.style = _with_border(cell.style, collapsed)
        yield layout_block(cell, span_width, None, ctx, None, forced_border_width=span_width, bfc=True)
        cell.margin = (0.0, 0.0, 0.0, 0.0)
        cell_heights[id(cell)] = cell.height
    # row heights
    rows = len(grid.rows)
    heights = [0.0] * rows
    for i, row in enumerate(grid.rows):
        specified_h = used_size(row.style.height, None)
        if specified_h:
            heights[i] = specified_h
    baselines: dict[int, float] = {}
    for cell, r, c in grid.cells:
        if cell.rowspan == 1:
            specified_h = used_size(cell.style.height, None)
            h = cell.height
            if specified_h is not None:
                h = max(h, specified_h + (0 if cell.style.box_sizing == "border-box" else
                                          cell.border[0] + cell.border[2] + cell.padding[0] + cell.padding[2]))
            heights[r] = max(heights[r], h)
            if cell.style.vertical_align == "baseline" and cell.first_baseline is not None:
                baselines[r] = max(baselines.get(r, 0.0), cell.first_baseline)
    # baseline-aligned cells may push the row taller
    for cell, r, c in grid.cells:
        if cell.rowspan == 1 and cell.style.vertical_align == "baseline" and cell.first_baseline is not None:
            shift = baselines[r] - cell.first_baseline
            heights[r] = max(heights[r], cell.height + shift)
    for cell, r, c in grid.cells:
        if cell.rowspan > 1:
            span = range(r, min(rows, r + cell.rowspan))
            current = sum(heights[i] for i in span) + v_spacing * (len(span) - 1)
            if cell.height > current:
                extra = (cell.height - current) / len(span)
                for i in span:
                    heights[i] += extra
    # place rows (relative to their group) and groups (relative to the table)
    row_y: list[float] = []
    y = grid_top + border[0] + padding[0] + v_spacing
    for i in range(rows):
        row_y.append(y)
        y += heights[i] + v_spacing
    grid_bottom = y - (v_spacing if rows else 0.0) + (v_spacing if rows else 0.0)
    if not rows:
        grid_bottom = grid_top + border[0] + padding[0]
    for group in grid.row_groups:
        members = [grid.rows.index(r) for r in group.children if r.kind == TABLE_ROW]
        if members:
            top = row_y[members[0]]
            bottom = row_y[members[-1]] + heights[members[-1]]
        else:
            top = bottom = grid_top
        group.x = border[3] + padding[3] + h_spacing
        group.y = top
        group.width = max(0.0, width - h_extra - 2 * h_spacing)
        group.height = bottom - top
        group.margin = group.border = group.padding = (0.0, 0.0, 0.0, 0.0)
        for row in group.children:
            if row.kind != TABLE_ROW:
                continue
            i = grid.rows.index(row)
            row.x = 0.0
            row.y = row_y[i] - top
            row.width = group.width
            row.height = heights[i]
            row.margin = row.border = row.padding = (0.0, 0.0, 0.0, 0.0)
    row_of: dict[int, Box] = {id(c): row for row in grid.rows for c in row.children}
    for cell, r, c in grid.cells:
        span = range(r, min(rows, r + cell.rowspan))
        full = sum(heights[i] for i in span) + v_spacing * (len(span) - 1)
        content_h = cell_heights[id(cell)]
        align = cell.style.vertical_align
        if align == "middle":
            offset = (full - content_h) / 2
        elif align == "bottom":
            offset = full - content_h
        elif align == "baseline" and cell.first_baseline is not None and r in baselines:
            offset = baselines[r] - cell.first_baseline
        else:
            offset = 0.0
        cell.content_offset = offset
        row = row_of[id(cell)]
        cell.x = col_x[c] - (border[3] + padding[3] + h_spacing)
        cell.y = 0.0
        cell.height = full
        if offset:
            _shift_contents(cell, offset)
        apply_relative(cell, width, None)
    table_height = grid_bottom - grid_top + border[2] + padding[2]
    specified_h = used_size(s.height, cb_height)
    if specified_h is not None and specified_h > table_height:
        table_height = specified_h
    y = grid_top + table_height
    for caption in captions_bottom:
        res = yield layout_block(caption, width, None, ctx, s, bfc=True)
        y += res.top.size
        caption.x = caption.margin[3]
        caption.y = y
        y += caption.height + res.bottom.size
    table.height = y
    table.grid_height = table_height
    first_row_baseline = None
    if grid.rows:
        first_row_baseline = row_y[0] + baselines.get(0, heights[0])
    table.baseline = first_row_baseline
    table.first_baseline = first_row_baseline
    return BlockResult(Strut().add(table.margin[0]), Strut().add(table.margin[2]))


def _assign_columns(mins: list[float], maxs: list[float], pcts: list, content: float, fixed: bool) -> list[float]:
    n = len(mins)
    if not n:
        return []
    min_sum, max_sum = sum(mins), sum(maxs)
    if fixed:
        # fixed layout: widths from the first row (approximated by the column maxima), rest shared
        widths = list(maxs)
        rest = content - sum(widths)
        return [w + rest / n for w in widths] if rest > 0 else widths
    cols = list(mins)
    if content <= min_sum:
        return cols
    # percentage columns take their share first (capped by what is available)
    for i, pct in enumerate(pcts):
        if pct is not None:
            cols[i] = max(mins[i], content * pct / 100)
    auto = [i for i in range(n) if pcts[i] is None]
    remaining = content - sum(cols)
    if remaining <= 0:
        return cols
    auto_min = sum(mins[i] for i in auto)
    auto_max = sum(maxs[i] for i in auto)
    if auto and remaining + auto_min <= auto_max + 1e-9:
        # between min and max: each auto column grows in proportion to (max - min)
        grow = remaining
        span = auto_max - auto_min
        for i in auto:
            cols[i] = mins[i] + (grow * (maxs[i] - mins[i]) / span if span else 0)
        return cols
    if auto:
        extra = remaining + auto_min - auto_max
        for i in auto:
            cols[i] = maxs[i]
        weights = sum(maxs[i] for i in auto)
        for i in auto:
            cols[i] += extra * (maxs[i] / weights if weights else 1 / len(auto))
        return cols
    extra = remaining
    total = sum(cols)
    return [c + extra * (c / total if total else 1 / n) for c in cols]


def _with_border(style, collapsed: tuple):
    from ..css.computed import ComputedStyle
    values = dict(style.__dict__)
    values.pop("custom_properties", None)
    for side, width in zip(("top", "right", "bottom", "left"), collapsed):
        values[f"border_{side}_width"] = width
    return ComputedStyle(values, style.custom_properties)


def _shift_contents(cell: Box, dy: float) -> None:
    if cell.lines:
        for line in cell.lines:
            line.y += dy
            line.baseline += dy
            for frag in line.fragments:
                frag.y += dy
                frag.baseline += dy
                if frag.box.kind in ("replaced", "inline-block", "table"):
                    frag.box.y += dy
    else:
        for child in cell.children:
            if not child.inline_level:
                child.y += dy
    if cell.baseline is not None:
        cell.baseline += dy
