"""Tables (CSS 2.1 §17, CSS Tables 3): the grid, column widths, row heights, cell alignment.

`layout_table` works in the order of CSS Tables 3 §3 ("Layout"), which is what
Blink implements:

1. the *grid*: row groups (header first, footer last), rows, cells with their
   colspan and rowspan, and the columns of <col>/<colgroup> (`build_grid`);
2. in the collapsing border model, each edge of the grid takes the winner of the
   borders that meet there (§17.6.2.1) and each cell keeps half of its edges;
3. *column constraints*: each column gets a min-content width, a max-content
   width, maybe a percentage, and is "constrained" when a cell or <col> gives it
   a fixed width; cells spanning several columns are spread over them afterwards
   (§3.9.2 of CSS Tables 3, "distribution of spanning cells");
   `table-layout: fixed` takes them from <col> and the first row only;
4. the table's width: its specified width, or shrink-to-fit between the grid's
   min- and max-content widths (captions' min-content counts too);
5. *width distribution* (CSS Tables 3 §3.9.3): the width left after borders and
   spacing goes to the columns through the "guesses" — min-content, then
   percentages, then constrained columns, then auto columns in proportion to
   (max − min), and above max-content in proportion to max;
6. cells are laid out at their columns' width; rows are as tall as their
   tallest cell (with baseline alignment); rowspans and a specified table height
   add height to rows; cells align their content by vertical-align.

Widths are rounded down to Blink's LayoutUnit (1/64 px) where Blink does, so
column edges land where Chromium puts them.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from ..css.values import Pct
from .block import (BlockResult, Layout, Strut, apply_relative, edges, intrinsic_widths, layout_block,
                    used_size)
from .cells import restyled
from .tree import TABLE_CAPTION, TABLE_CELL, TABLE_COLUMN, TABLE_ROW, TABLE_ROW_GROUP, Box


def _unit(value: float) -> float:
    """Truncate to Blink's LayoutUnit (1/64 px), as `LayoutUnit(float)` does."""
    return math.floor(value * 64 + 1e-6) / 64


def _ceil_unit(value: float) -> float:
    """Round up to a LayoutUnit: Blink rounds content widths up, so text that fits still fits."""
    return math.ceil(value * 64 - 1e-6) / 64


@dataclass
class Column:
    """One column's constraints (CSS Tables 3 §3.9.1)."""

    min: float = 0.0
    max: float = 0.0
    percent: float | None = None
    constrained: bool = False      # a cell or <col> gave it a fixed width: it does not grow past it
    percent_extra: float = 0.0     # border + padding of the cell whose percentage this is
    empty: bool = True             # no constraint merged yet
    width: float = 0.0             # the used width, once distributed

    def resolve_percent(self, target: float) -> float:
        return max(self.min, _unit(self.percent * target / 100) + self.percent_extra)


@dataclass
class Grid:
    rows: list[Box] = field(default_factory=list)          # row boxes in visual order
    row_groups: list[Box] = field(default_factory=list)
    cells: list[tuple[Box, int, int]] = field(default_factory=list)  # (cell, row index, column index)
    columns: int = 0
    column_boxes: list[tuple[Box, int, int]] = field(default_factory=list)  # (col/colgroup, first, span)
    slots: dict[tuple[int, int], Box] = field(default_factory=dict)       # (row, column) → cell


def build_grid(table: Box) -> Grid:
    """Rows and cells in visual order with their grid positions (CSS 2.1 §17.5, HTML §4.9.12)."""
    grid = Grid()
    groups = [c for c in table.children if c.kind == TABLE_ROW_GROUP]
    heads = [g for g in groups if g.style.display == "table-header-group"][:1]
    feet = [g for g in groups if g.style.display == "table-footer-group"][:1]
    bodies = [g for g in groups if g not in heads and g not in feet]
    grid.row_groups = heads + bodies + feet
    row_index = 0
    for group in grid.row_groups:
        group_rows = [r for r in group.children if r.kind == TABLE_ROW]
        for position, row in enumerate(group_rows):
            grid.rows.append(row)
            left_in_group = len(group_rows) - position
            col = 0
            for cell in row.children:
                if cell.kind != TABLE_CELL:
                    continue
                while (row_index, col) in grid.slots:
                    col += 1
                # rowspan=0 and overlong spans stop at the end of the row group
                span = cell.rowspan if cell.rowspan > 0 else left_in_group
                cell.rowspan = max(1, min(span, left_in_group))
                for r in range(row_index, row_index + cell.rowspan):
                    for c in range(col, col + cell.colspan):
                        grid.slots[(r, c)] = cell
                grid.cells.append((cell, row_index, col))
                col += cell.colspan
                grid.columns = max(grid.columns, col)
            row_index += 1
    # columns: a <colgroup> with <col>s covers them, one without covers its own span
    col = 0
    for child in table.children:
        if child.kind != TABLE_COLUMN:
            continue
        if child.style.display == "table-column-group" and child.children:
            first = col
            for column in child.children:
                grid.column_boxes.append((column, col, column.colspan))
                col += column.colspan
            grid.column_boxes.append((child, first, col - first))
        else:
            grid.column_boxes.append((child, col, child.colspan))
            col += child.colspan
    grid.columns = max(grid.columns, col)
    return grid


def _spacing(table: Box) -> tuple[float, float]:
    if table.style.border_collapse == "collapse":
        return 0.0, 0.0
    h, v = table.style.border_spacing
    return float(h), float(v)


# ---------------------------------------------------------------------------
# the collapsing border model (CSS 2.1 §17.6.2)

STYLE_RANK = {"hidden": 10, "double": 8, "solid": 7, "dashed": 6, "dotted": 5, "ridge": 4, "outset": 3,
              "groove": 2, "inset": 1, "none": 0}
SIDES = ("top", "right", "bottom", "left")


def _own_style(box: Box):
    """A cell's own computed style (its `style` may carry resolved collapsed borders)."""
    return box.cell_style if box.cell_style is not None else box.style


# who wins a tie of width and style (§17.6.2.1 rule 4): cell, row, row group, column, table
CELL, ROW, ROW_GROUP, COLUMN, TABLE_ORIGIN = 4, 3, 2, 1, 0


def _border(style, side: str, origin: int = CELL) -> tuple:
    """(width, style rank, origin, style, colour) of one border: §17.6.2.1 compares the first three;
    hidden beats everything.  The style and colour are what paint draws for the winner."""
    kind = getattr(style, f"border_{side}_style")
    color = style.resolve_color(getattr(style, f"border_{side}_color"))
    if kind == "hidden":
        return (math.inf, STYLE_RANK["hidden"], origin, kind, color)
    width = getattr(style, f"border_{side}_width") if kind != "none" else 0.0
    return (width, STYLE_RANK.get(kind, 0), origin, kind, color)


def _best(candidates: list) -> tuple:
    """The winning border; between equals the first listed (the one to the left or above) wins."""
    if not candidates:
        return (0.0, 0, 0, "none", None)
    order = {id(c): i for i, c in enumerate(candidates)}
    return max(candidates, key=lambda c: (c[0], c[1], c[2], -order[id(c)]))


def _winner(candidates: list) -> float:
    best = _best(candidates)
    return 0.0 if best[0] == math.inf else best[0]


def _edge(winner: tuple) -> tuple:
    """(width, style, colour) to paint for a resolved edge; hidden and none paint nothing."""
    width, _rank, _origin, kind, color = winner
    if width == math.inf or kind in ("none", "hidden"):
        return (0.0, "none", color)
    return (width, kind, color)


def collapse_borders(table: Box, grid: Grid) -> tuple[float, float, float, float]:
    """Resolve every grid edge to the widest border meeting there (§17.6.2.1: hidden wins, then width,
    then style); each cell keeps half of its edges.  Returns the table's own border widths, which
    are half of its outer edges (the first row's start and end edges at the sides, as Blink does)."""
    rows, cols = len(grid.rows), grid.columns
    ts = table.style
    row_group_of = {}
    first_in_group, last_in_group = set(), set()
    index = 0
    for group in grid.row_groups:
        members = [r for r in group.children if r.kind == TABLE_ROW]
        for i, _row in enumerate(members):
            row_group_of[index] = group
            if i == 0:
                first_in_group.add(index)
            if i == len(members) - 1:
                last_in_group.add(index)
            index += 1
    column_of: dict[int, list] = {}
    for box, first, span in grid.column_boxes:
        for c in range(first, first + span):
            column_of.setdefault(c, []).append(box)

    def horizontal(r: int, c: int) -> tuple:
        """The edge above row r (r == rows: below the last row) in column c."""
        found = []
        above, below = grid.slots.get((r - 1, c)), grid.slots.get((r, c))
        if above is not None:
            found.append(_border(_own_style(above), "bottom"))
        if below is not None:
            found.append(_border(_own_style(below), "top"))
        if r > 0:
            found.append(_border(grid.rows[r - 1].style, "bottom", ROW))
            if r - 1 in last_in_group:
                found.append(_border(row_group_of[r - 1].style, "bottom", ROW_GROUP))
        if r < rows:
            found.append(_border(grid.rows[r].style, "top", ROW))
            if r in first_in_group:
                found.append(_border(row_group_of[r].style, "top", ROW_GROUP))
        if r in (0, rows):
            side = "top" if r == 0 else "bottom"
            found.append(_border(ts, side, TABLE_ORIGIN))
            found.extend(_border(box.style, side, COLUMN) for box in column_of.get(c, ()))
        return _best(found)

    def vertical(r: int, c: int) -> tuple:
        """The edge left of column c (c == cols: right of the last column) in row r."""
        found = []
        left, right = grid.slots.get((r, c - 1)), grid.slots.get((r, c))
        if left is not None:
            found.append(_border(_own_style(left), "right"))
        if right is not None:
            found.append(_border(_own_style(right), "left"))
        found.extend(_border(box.style, "right", COLUMN) for box in column_of.get(c - 1, ()))
        found.extend(_border(box.style, "left", COLUMN) for box in column_of.get(c, ()))
        if c in (0, cols):
            side = "left" if c == 0 else "right"
            found.append(_border(ts, side, TABLE_ORIGIN))
            if r < rows:
                found.append(_border(grid.rows[r].style, side, ROW))
                found.append(_border(row_group_of[r].style, side, ROW_GROUP))
        return _best(found)

    def widest(edges: list) -> tuple:
        return _edge(max(edges, key=lambda e: 0.0 if e[0] == math.inf else e[0]))

    for cell, r, c in grid.cells:
        top = widest([horizontal(r, i) for i in range(c, c + cell.colspan)])
        bottom = widest([horizontal(r + cell.rowspan, i) for i in range(c, c + cell.colspan)])
        left = widest([vertical(i, c) for i in range(r, r + cell.rowspan)])
        right = widest([vertical(i, c + cell.colspan) for i in range(r, r + cell.rowspan)])
        cell.collapsed_edges = (top, right, bottom, left)   # what paint draws, centred on the grid lines
        cell.collapsed_border = (top[0] / 2, right[0] / 2, bottom[0] / 2, left[0] / 2)
        cell.style = _with_border(_own_style(cell), cell.collapsed_border)
    if not rows or not cols:
        return tuple(_winner([_border(ts, side)]) / 2 for side in SIDES)
    return (max(_edge(horizontal(0, c))[0] for c in range(cols)) / 2, _edge(vertical(0, cols))[0] / 2,
            max(_edge(horizontal(rows, c))[0] for c in range(cols)) / 2, _edge(vertical(0, 0))[0] / 2)


def _with_border(style, widths: tuple):
    """The cell's style with its collapsed border widths (every other value kept, its language too)."""
    return restyled(style, {f"border_{side}_width": width for side, width in zip(SIDES, widths)})


def _prepare(table: Box) -> tuple[Grid, tuple, tuple]:
    """The grid, and the table's border and padding in its border model."""
    grid = build_grid(table)
    for cell, _r, _c in grid.cells:
        if cell.cell_style is None:
            cell.cell_style = cell.style
        cell.style, cell.collapsed_border, cell.collapsed_edges = cell.cell_style, None, None
    border, padding, _m = edges(table.style, 0.0)
    if table.style.border_collapse == "collapse":
        # the table's border box holds half of its outer collapsed edges and has no padding (§17.6.2)
        border = collapse_borders(table, grid)
        padding = (0.0, 0.0, 0.0, 0.0)
    return grid, border, padding


# ---------------------------------------------------------------------------
# column constraints (CSS Tables 3 §3.9.1)

def _cell_extra(cell: Box) -> float:
    border, padding, _m = edges(cell.style, 0.0)
    return border[1] + border[3] + padding[1] + padding[3]


def _cell_constraint(cell: Box, ctx, fixed: bool) -> Layout:
    """(min, max, percent, constrained, percent extra) of one cell's border box."""
    s = cell.style
    extra = _cell_extra(cell)
    width = s.width
    css = None
    if isinstance(width, float):
        css = max(width, extra) if s.box_sizing == "border-box" else width + extra
    percent = width.value if isinstance(width, Pct) else None
    # fixed layout resolves a cell's percentage for its content box and adds its border and padding
    percent_extra = extra if fixed and percent is not None and s.box_sizing != "border-box" else 0.0
    if fixed:
        return (css or 0.0, css or 0.0, percent, css is not None, percent_extra)
    low, high = yield intrinsic_widths(cell, ctx)
    low = _ceil_unit(low + extra)
    high = max(low, _ceil_unit(high + extra))
    css_min = used_size(s.min_width, None)
    if css_min is not None:
        low = max(low, css_min + (0.0 if s.box_sizing == "border-box" else extra))
    content_max = css if css is not None else high
    css_max = used_size(s.max_width, None)
    if css_max is not None:
        css_max += 0.0 if s.box_sizing == "border-box" else extra
        content_max, low = min(content_max, css_max), min(low, css_max)
    return (low, max(low, content_max), percent, css is not None, percent_extra)


def _merge(column: Column, low: float, high: float, percent, constrained: bool, percent_extra: float) -> None:
    """A single-column cell's constraint joins its column's: constrained columns do not grow past
    their fixed width, so an unconstrained cell only raises their minimum."""
    if column.empty:
        column.min, column.max, column.constrained = low, high, constrained
        column.empty = False
    else:
        column.min = max(column.min, low)
        if constrained and not column.constrained:
            column.max = high
        elif constrained or not column.constrained:
            column.max = max(column.max, high)
        column.constrained = column.constrained or constrained
    column.max = max(column.max, column.min)
    if percent is not None and (column.percent is None or percent > column.percent):
        column.percent, column.percent_extra = percent, percent_extra


def column_constraints(table: Box, grid: Grid, ctx, fixed: bool) -> Layout:
    """Every column's constraints from <col>s and cells; spanning cells are spread last."""
    columns = [Column() for _ in range(grid.columns)]
    for box, first, span in grid.column_boxes:
        if box.style.display == "table-column-group" and box.children:
            continue  # its <col>s speak for it
        width = box.style.width
        for c in range(first, min(first + span, grid.columns)):
            if isinstance(width, float):
                _merge(columns[c], width, width, None, True, 0.0)
            elif isinstance(width, Pct):
                _merge(columns[c], 0.0, 0.0, width.value, False, 0.0)
    from_cols = [not c.empty for c in columns]
    spanning = []
    for cell, r, c in grid.cells:
        if fixed and (r != 0 or from_cols[c]):
            continue  # table-layout: fixed reads <col>s, then the first row only (§17.5.2.1)
        constraint = yield _cell_constraint(cell, ctx, fixed)
        if cell.colspan == 1:
            _merge(columns[c], *constraint)
        else:
            spanning.append((cell.colspan, c, constraint))
    h_spacing, _ = _spacing(table)
    for span, c, constraint in sorted(spanning, key=lambda item: (item[0], item[1])):
        span = min(span, grid.columns - c)
        if span <= 1:
            _merge(columns[c], *constraint)
        elif fixed:
            _spread_fixed(columns[c:c + span], constraint, h_spacing)
        else:
            _spread_auto(columns[c:c + span], constraint, h_spacing)
    _limit_percentages(columns)
    return columns


def _spread_fixed(columns: list[Column], constraint, spacing: float) -> None:
    """Fixed layout: a spanning cell shares its width evenly among columns that have none yet."""
    low, high, percent, constrained, _extra = constraint
    span = len(columns)
    each_min = _unit(max(0.0, low - (span - 1) * spacing) / span) if constrained else 0.0
    each_max = _unit(max(0.0, high - (span - 1) * spacing) / span) if constrained else 0.0
    for column in columns:
        if column.empty:
            column.min, column.max, column.constrained, column.empty = each_min, each_max, constrained, False
        if percent is not None and column.percent is None:
            column.percent = percent / span


def _spread_auto(columns: list[Column], constraint, spacing: float) -> None:
    """Auto layout: a spanning cell's min and max are distributed over its columns with the width
    distribution algorithm itself; its percentage goes to non-percentage columns by their max."""
    low, high, percent, _constrained, _extra = constraint
    span = len(columns)
    if percent is not None:
        surplus = percent - sum(c.percent for c in columns if c.percent is not None)
        others = [c for c in columns if c.percent is None]
        if surplus > 0 and others:
            total = sum(c.max for c in others)
            for column in others:
                column.percent = surplus * column.max / total if total else surplus / len(others)
    for column in columns:
        column.empty = False
    inner = (span - 1) * spacing
    for value, attr in ((low, "min"), (high, "max")):
        widths = distribute_auto(max(0.0, value - inner), columns)
        for column, width in zip(columns, widths):
            setattr(column, attr, max(getattr(column, attr), width))
    for column in columns:
        column.max = max(column.max, column.min)


def _limit_percentages(columns: list[Column]) -> None:
    """Percentages may not add up to more than 100%: later columns get what is left."""
    total = 0.0
    for column in columns:
        if column.percent is not None:
            column.percent = max(0.0, min(column.percent, 100.0 - total))
            total += column.percent


# ---------------------------------------------------------------------------
# width distribution (CSS Tables 3 §3.9.3)

def distribute_auto(target: float, columns: list[Column]) -> list[float]:
    """Widths of auto-layout columns for `target` px: find the two "guesses" it falls between
    (all min-content; percentages resolved; constrained columns at their width; everything at
    max-content) and interpolate, as Blink does."""
    if not columns:
        return []
    pct = [c.percent is not None for c in columns]
    fixed = [c.percent is None and c.constrained for c in columns]
    auto = [not p and not f for p, f in zip(pct, fixed)]
    resolved = [c.resolve_percent(target) if p else 0.0 for c, p in zip(columns, pct)]
    guess_min = sum(c.min for c in columns)
    guess_pct = sum(r if p else c.min for c, p, r in zip(columns, pct, resolved))
    guess_fixed = sum(r if p else (c.max if f else c.min) for c, p, f, r in zip(columns, pct, fixed, resolved))
    guess_max = sum(r if p else c.max for c, p, r in zip(columns, pct, resolved))
    target = max(target, guess_min)
    if target <= guess_min:
        return [c.min for c in columns]
    if target <= guess_pct:
        return _grow(columns, target - guess_min, [r - c.min if p else None for c, p, r in zip(columns, pct, resolved)],
                     lambda c, i: c.min)
    if target <= guess_fixed:
        base = [r if p else c.min for c, p, r in zip(columns, pct, resolved)]
        return _grow(columns, target - guess_pct, [c.max - c.min if f else None for c, f in zip(columns, fixed)],
                     lambda c, i: base[i])
    if target <= guess_max:
        base = [r if p else (c.max if f else c.min) for c, p, f, r in zip(columns, pct, fixed, resolved)]
        return _grow(columns, target - guess_fixed, [c.max - c.min if a else None for c, a in zip(columns, auto)],
                     lambda c, i: base[i])
    # above max-content: auto columns grow in proportion to their max, else constrained ones,
    # else percentage columns in proportion to their percentages
    base = [r if p else c.max for c, p, r in zip(columns, pct, resolved)]
    extra = target - guess_max
    if any(auto):
        return _grow(columns, extra, [c.max if a else None for c, a in zip(columns, auto)], lambda c, i: base[i])
    if any(fixed):
        return _grow(columns, extra, [c.max if f else None for c, f in zip(columns, fixed)], lambda c, i: base[i])
    total = sum(c.percent for c in columns)
    return [_unit(c.percent / total * target) if total else target / len(columns) for c in columns]


def _grow(columns: list[Column], extra: float, weights: list, base) -> list[float]:
    """Share `extra` among the columns with a weight (by weight, or evenly when all are zero); the
    rounding remainder goes to the last of them."""
    chosen = [i for i, w in enumerate(weights) if w is not None]
    total = sum(weights[i] for i in chosen)
    widths = [base(c, i) for i, c in enumerate(columns)]
    left = extra
    for i in chosen:
        delta = _unit(extra * weights[i] / total) if total else _unit(extra / len(chosen))
        widths[i] += delta
        left -= delta
    if chosen:
        widths[chosen[-1]] += left
    return widths


def distribute_fixed(target: float, columns: list[Column]) -> list[float]:
    """table-layout: fixed — constrained columns keep their width (scaled down when too wide, up when
    nothing else can take the space), percentages come next, auto columns share the rest evenly."""
    n = len(columns)
    if not n:
        return []
    widths = [0.0] * n
    pct = [c.percent is not None for c in columns]
    fixed = [not p and c.constrained for p, c in zip(pct, columns)]
    auto = [not p and not f for p, f in zip(pct, fixed)]
    total_pct_width = sum(_unit(c.percent / 100 * target) for c, p in zip(columns, pct) if p)
    total_fixed = sum(c.max for c, f in zip(columns, fixed) if f)
    assigned = 0.0
    last = None
    if any(fixed):
        room = max(0.0, target - total_pct_width)
        scale = 1.0
        if (total_fixed < room and not any(auto)) or total_fixed > target:
            scale = room / total_fixed if total_fixed else None
        for i in range(n):
            if fixed[i]:
                widths[i] = _unit(scale * columns[i].max) if scale is not None else _unit(target / n)
                assigned += widths[i]
                last = i
    if assigned >= target:
        return widths
    if any(pct):
        left = target - assigned
        scale = 1.0
        if (total_pct_width < left and not any(auto)) or total_pct_width > left:
            scale = left / total_pct_width if total_pct_width else None
        count = sum(pct)
        for i in range(n):
            if pct[i]:
                widths[i] = (_unit(scale * columns[i].percent / 100 * target) + columns[i].percent_extra
                             if scale is not None else _unit(left / count))
                assigned += widths[i]
                last = i
    share = target - assigned
    count = sum(auto)
    for i in range(n):
        if auto[i]:
            widths[i] = _unit(share / count)
            assigned += widths[i]
            last = i
    if last is not None:
        widths[last] += target - assigned
    return widths


def _grid_min_max(columns: list[Column]) -> tuple[float, float]:
    """The grid's min- and max-content widths; percentage columns make the max-content width
    large enough to honour their percentages (CSS Tables 3 §3.9.2)."""
    low = sum(c.min for c in columns)
    high = sum(c.max for c in columns)
    total_pct = sum(c.percent for c in columns if c.percent is not None)
    if total_pct > 0:
        biggest = max((c.max * 100 / c.percent for c in columns if c.percent), default=0.0)
        rest = sum(c.max for c in columns if c.percent is None)
        high = max(high, biggest)
        if total_pct < 100:
            high = max(high, rest * 100 / (100 - total_pct))
    return low, high


def _captions(table: Box) -> list[Box]:
    return [c for c in table.children if c.kind == TABLE_CAPTION]


def _caption_min(table: Box, ctx) -> Layout:
    widest = 0.0
    for caption in _captions(table):
        low, _high = yield intrinsic_widths(caption, ctx)
        border, padding, margins = edges(caption.style, 0.0)
        widest = max(widest, low + border[1] + border[3] + padding[1] + padding[3]
                     + (margins[1] or 0.0) + (margins[3] or 0.0))
    return widest


def _uses_fixed_layout(table: Box) -> bool:
    return table.style.table_layout == "fixed" and table.style.width != "auto"


def table_min_max(table: Box, grid: Grid, border: tuple, padding: tuple, ctx) -> Layout:
    """(min, max, columns): the table's border-box min- and max-content widths."""
    fixed = _uses_fixed_layout(table)
    columns = yield column_constraints(table, grid, ctx, fixed)
    h_spacing, _ = _spacing(table)
    extra = border[1] + border[3] + padding[1] + padding[3] + (h_spacing * (grid.columns + 1) if grid.columns else 0.0)
    if fixed:
        low = high = sum(c.max if c.constrained and c.percent is None else 0.0 for c in columns)
    else:
        low, high = _grid_min_max(columns)
    caption = yield _caption_min(table, ctx)
    return max(low + extra, caption), max(high + extra, caption), columns


def table_intrinsic_widths(table: Box, ctx) -> Layout:
    """The table's min/max-content widths, for shrink-to-fit and for tables inside cells."""
    grid, border, padding = _prepare(table)
    low, high, _columns = yield table_min_max(table, grid, border, padding, ctx)
    specified = used_size(table.style.width, None)
    if specified is not None:
        if table.style.box_sizing != "border-box":   # the UA sheet makes tables border-box
            specified += border[1] + border[3] + padding[1] + padding[3]
        low = high = max(low, specified)
    return (low, high)


# ---------------------------------------------------------------------------
# layout

def layout_table(table: Box, cb_width: float, cb_height: float | None, ctx, parent_style) -> Layout:
    s = table.style
    grid, border, padding = _prepare(table)
    _b, _p, margins = edges(s, cb_width)
    h_spacing, v_spacing = _spacing(table)
    n = grid.columns
    low, high, columns = yield table_min_max(table, grid, border, padding, ctx)
    h_extra = border[1] + border[3] + padding[1] + padding[3]
    spacing_total = h_spacing * (n + 1) if n else 0.0
    ml = margins[3] if margins[3] is not None else 0.0
    mr = margins[1] if margins[1] is not None else 0.0
    specified = used_size(s.width, cb_width)
    if specified is not None:
        if s.box_sizing != "border-box":
            specified += h_extra
        width = max(specified, low)
    else:
        width = max(low, min(high, _unit(cb_width - ml - mr)))
    assignable = max(0.0, width - h_extra - spacing_total)
    widths = distribute_fixed(assignable, columns) if _uses_fixed_layout(table) else distribute_auto(assignable, columns)
    if margins[3] is None and margins[1] is None:
        ml = mr = max(0.0, (cb_width - width) / 2)
    elif margins[3] is None:
        ml = cb_width - width - mr
    elif parent_style is not None and parent_style.text_align == "-webkit-center":
        ml += max(0.0, (cb_width - width - ml - mr) / 2)
    elif parent_style is not None and parent_style.text_align == "-webkit-right":
        ml += max(0.0, cb_width - width - ml - mr)
    table.width = width
    table.border = border
    table.padding = padding
    table.margin = (margins[0] or 0.0, mr, margins[2] or 0.0, ml)
    # captions above the grid
    y = 0.0
    for caption in (c for c in _captions(table) if c.style.caption_side != "bottom"):
        y = yield _place_caption(caption, table, y, ctx)
    grid_top = y
    table.grid_top = grid_top
    col_x = []
    x = border[3] + padding[3] + h_spacing
    for w in widths:
        col_x.append(x)
        x += w + h_spacing
    # cells at their columns' width; their content height first
    content_height: dict[int, float] = {}
    for cell, r, c in grid.cells:
        span_width = sum(widths[c:c + cell.colspan]) + h_spacing * (cell.colspan - 1)
        yield layout_block(cell, span_width, None, ctx, None, forced_border_width=span_width, bfc=True,
                           auto_height=True)
        cell.margin = (0.0, 0.0, 0.0, 0.0)
        content_height[id(cell)] = cell.height
    heights, baselines = _row_heights(grid, v_spacing)
    rows = len(grid.rows)
    # a specified table height makes the rows taller, in proportion to their heights
    grid_inner = sum(heights) + v_spacing * (rows + 1 if rows else 0)
    specified_h = used_size(s.height, cb_height)
    v_extra = border[0] + border[2] + padding[0] + padding[2]
    if specified_h is not None and rows:
        want = specified_h - (v_extra if s.box_sizing == "border-box" else 0.0)
        if want > grid_inner:
            _grow_rows(heights, want - grid_inner)
    row_y: list[float] = []
    y = grid_top + border[0] + padding[0] + v_spacing
    for i in range(rows):
        row_y.append(y)
        y += heights[i] + v_spacing
    grid_bottom = y if rows else grid_top + border[0] + padding[0] + (v_spacing if n else 0.0)
    _place_rows(table, grid, row_y, heights, border, padding, h_spacing, width, h_extra)
    _place_cells(grid, row_y, heights, baselines, content_height, col_x, border, padding, h_spacing, v_spacing,
                 width)
    _place_columns(grid, col_x, widths, row_y, heights, h_spacing, grid_top + border[0] + padding[0])
    table_height = grid_bottom - grid_top + border[2] + padding[2]
    if specified_h is not None:
        table_height = max(table_height, specified_h + (0.0 if s.box_sizing == "border-box" else v_extra))
    y = grid_top + table_height
    for caption in (c for c in _captions(table) if c.style.caption_side == "bottom"):
        y = yield _place_caption(caption, table, y, ctx)
    table.height = y
    table.grid_height = table_height
    first_row_baseline = None
    if grid.rows:
        first_row_baseline = row_y[0] + baselines.get(0, heights[0])
    table.baseline = first_row_baseline
    table.first_baseline = first_row_baseline
    return BlockResult(Strut().add(table.margin[0]), Strut().add(table.margin[2]))


def _place_caption(caption: Box, table: Box, y: float, ctx) -> Layout:
    """A caption is a block as wide as the table, its margins kept inside the table box."""
    res = yield layout_block(caption, table.width, None, ctx, table.style, bfc=True)
    y += res.top.size
    caption.x = caption.margin[3]
    caption.y = y
    return y + caption.height + res.bottom.size


def _cell_baseline(cell: Box) -> float:
    """A cell's baseline from its top: its first line's, else the bottom of its content box (§17.5.3)."""
    if cell.first_baseline is not None:
        return cell.first_baseline
    return cell.height - cell.border[2] - cell.padding[2]


def _row_heights(grid: Grid, v_spacing: float) -> tuple[list[float], dict[int, float]]:
    """Each row as tall as its specified height and its single-row cells (baseline-aligned cells
    share a baseline); then rowspans add what they still need, shared evenly (§17.5.3)."""
    rows = len(grid.rows)
    heights = [0.0] * rows
    for i, row in enumerate(grid.rows):
        specified = used_size(row.style.height, None)
        if specified:
            heights[i] = specified
    baselines: dict[int, float] = {}
    below: dict[int, float] = {}
    for cell, r, _c in grid.cells:
        specified = used_size(cell.style.height, None)
        needed = cell.height
        if specified is not None:
            edges_v = cell.border[0] + cell.border[2] + cell.padding[0] + cell.padding[2]
            needed = max(needed, specified + (0.0 if cell.style.box_sizing == "border-box" else edges_v))
        cell.height = needed
        if cell.style.vertical_align == "baseline":
            base = _cell_baseline(cell)
            baselines[r] = max(baselines.get(r, 0.0), base)
            if cell.rowspan == 1:
                below[r] = max(below.get(r, 0.0), needed - base)
        if cell.rowspan == 1:
            heights[r] = max(heights[r], needed)
    for r, base in baselines.items():
        heights[r] = max(heights[r], base + below.get(r, 0.0))
    for cell, r, _c in grid.cells:
        if cell.rowspan > 1:
            span = range(r, min(rows, r + cell.rowspan))
            current = sum(heights[i] for i in span) + v_spacing * (len(span) - 1)
            if cell.height > current:
                extra = (cell.height - current) / len(span)
                for i in span:
                    heights[i] += extra
    return heights, baselines


def _grow_rows(heights: list[float], extra: float) -> None:
    total = sum(heights)
    for i, h in enumerate(heights):
        heights[i] += extra * (h / total) if total else extra / len(heights)


def _place_rows(table: Box, grid: Grid, row_y: list[float], heights: list[float], border: tuple, padding: tuple,
                h_spacing: float, width: float, h_extra: float) -> None:
    """Row groups relative to the table, rows relative to their group: as wide as the grid."""
    index_of = {id(row): i for i, row in enumerate(grid.rows)}
    for group in grid.row_groups:
        members = [index_of[id(r)] for r in group.children if r.kind == TABLE_ROW]
        top = row_y[members[0]] if members else table.grid_top
        bottom = row_y[members[-1]] + heights[members[-1]] if members else top
        group.x = border[3] + padding[3] + h_spacing
        group.y = top
        group.width = max(0.0, width - h_extra - 2 * h_spacing)
        group.height = bottom - top
        group.margin = group.border = group.padding = (0.0, 0.0, 0.0, 0.0)
        for row in group.children:
            if row.kind != TABLE_ROW:
                continue
            i = index_of[id(row)]
            row.x, row.y = 0.0, row_y[i] - top
            row.width, row.height = group.width, heights[i]
            row.margin = row.border = row.padding = (0.0, 0.0, 0.0, 0.0)


def _place_cells(grid: Grid, row_y: list[float], heights: list[float], baselines: dict[int, float],
                 content_height: dict[int, float], col_x: list[float], border: tuple, padding: tuple,
                 h_spacing: float, v_spacing: float, width: float) -> None:
    """Cells relative to their row; content moved down by vertical-align (§17.5.4)."""
    rows = len(grid.rows)
    origin = border[3] + padding[3] + h_spacing
    for cell, r, c in grid.cells:
        span = range(r, min(rows, r + cell.rowspan))
        full = sum(heights[i] for i in span) + v_spacing * (len(span) - 1)
        content = content_height[id(cell)]
        align = cell.style.vertical_align
        if align == "middle":
            offset = _unit((full - content) / 2)
        elif align == "bottom":
            offset = full - content
        elif align == "baseline" and r in baselines:
            offset = baselines[r] - _cell_baseline(cell)
        else:
            offset = 0.0
        cell.content_offset = offset
        cell.x = col_x[c] - origin
        cell.y = 0.0
        cell.height = full
        if offset:
            _shift_contents(cell, offset)
        apply_relative(cell, width, None)


def _place_columns(grid: Grid, col_x: list[float], widths: list[float], row_y: list[float], heights: list[float],
                   h_spacing: float, top: float) -> None:
    """<col> and <colgroup> boxes span their columns from the first row's top to the last row's
    bottom, as Blink reports them."""
    if row_y:
        y, height = row_y[0], row_y[-1] + heights[-1] - row_y[0]
    else:
        y, height = top, 0.0
    for box, first, span in grid.column_boxes:
        last = min(first + span, len(widths)) - 1
        box.margin = box.border = box.padding = (0.0, 0.0, 0.0, 0.0)
        if first > last:
            box.x, box.y, box.width, box.height = (col_x[-1] + widths[-1] if col_x else 0.0), y, 0.0, 0.0
            continue
        box.x, box.y = col_x[first], y
        box.width = col_x[last] + widths[last] - col_x[first]
        box.height = height
        for column in box.children:   # a colgroup's cols are placed on their own, relative to it
            column.x -= box.x
            column.y -= box.y


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
