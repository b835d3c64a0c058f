"""Text mode: table rules and <hr> that occupy whole character cells.

A terminal draws a rule as a line of box-drawing characters, one cell wide or
one row tall, so in text mode (raster/grid.py: a cell is 8 CSS px wide, a row
16 px tall) the box tree is adjusted before layout so that the same table
algorithm (table.py) sizes columns that leave room for those lines:

* A *ruled* table — the table or any of its cells has a visible border — uses
  separated borders with no spacing: every cell gets a one-cell left border
  and a one-row top border, the table a right and a bottom one, and padding is
  dropped.  Each rule is then a whole column or row shared by the cells on both
  sides, and the grid joins the lines into ┌ ┬ ┼ ┤ ┘ (like `w3m` for
  `<table border>`).  Collapsed borders would give each cell half a cell.
* An *unruled* table has no borders and no spacing; each cell is padded by
  one cell on its right, as w3m separates the columns of a layout table.
* `<hr>` becomes a one-row top border across its width, whatever the author
  drew it with (a thematic break, HTML §4.4.2), with no vertical margins.
* Every other horizontal length in px (margins, padding, widths,
  text-indent, offsets) is rounded to whole cells, so that text starts on a
  cell boundary: `code { padding: 0 2px }` must not push the next word one
  cell to the right.  A border at least half a cell thick becomes a one-cell
  rule that the grid draws (a frame, or a bar beside a quotation); a thinner
  one is dropped, as it could only be drawn across a character.  Inline boxes
  keep no top or bottom rule: it would be drawn over the neighbouring line.  Heights are rounded to whole rows (a 90px table row
  holds six lines, not five and a half); vertical margins and padding stay,
  as the grid turns any gap of half a row or more into one blank line.
* Indentation is capped, as w3m caps it: once the horizontal margins and
  padding of a block and its block ancestors add up to more than
  `MAX_INDENT` cells, deeper blocks keep none.  A hundred nested lists, or a
  `margin-left: 3000px`, would otherwise push the text past the right edge
  of the terminal (or squeeze it to a character per line).

Only computed styles of these boxes change; the cascade's objects are copied,
never mutated (siblings may share them).
"""
from __future__ import annotations

import math
from typing import Any

from ..css.computed import ComputedStyle
from .tree import INLINE, TABLE, TABLE_CELL, TABLE_ROW, TABLE_ROW_GROUP, TEXT, Box

CELL_PX = 8.0    # one character cell, horizontally
ROW_PX = 16.0    # one row
SIDES = ("top", "right", "bottom", "left")
RULE_WIDTHS = {"top": ROW_PX, "bottom": ROW_PX, "left": CELL_PX, "right": CELL_PX}
NO_PADDING = {f"padding_{side}": 0.0 for side in SIDES}


HORIZONTAL_LENGTHS = ("margin_left", "margin_right", "padding_left", "padding_right", "width", "min_width",
                      "max_width", "text_indent", "left", "right")


VERTICAL_LENGTHS = ("height", "min_height", "max_height", "top", "bottom")


def to_cells(px: float, unit: float = CELL_PX) -> float:
    """The nearest whole number of cells (or rows), in px; exactly half rounds down (4px is no cell)."""
    return math.ceil(px / unit - 0.5) * unit


def snap_lengths(style: ComputedStyle, inline: bool) -> ComputedStyle:
    changes: dict[str, Any] = {}
    for attrs, unit in ((HORIZONTAL_LENGTHS, CELL_PX), (VERTICAL_LENGTHS, ROW_PX)):
        for attr in attrs:
            value = getattr(style, attr)
            if isinstance(value, float) and value % unit:
                changes[attr] = to_cells(value, unit)
    for side in SIDES:
        width = getattr(style, f"border_{side}_width")
        if not width:
            continue
        drawn = width >= CELL_PX / 2 and getattr(style, f"border_{side}_style") not in ("none", "hidden") \
            and not (inline and side in ("top", "bottom"))
        wanted = RULE_WIDTHS[side] if drawn else 0.0
        if width != wanted:
            changes[f"border_{side}_width"] = wanted
    return restyled(style, changes) if changes else style


def restyled(style: ComputedStyle, changes: dict[str, Any]) -> ComputedStyle:
    """A copy of a computed style with some values replaced."""
    values = dict(style.__dict__)
    values.pop("custom_properties", None)
    values.update(changes)
    return ComputedStyle(values, style.custom_properties)


def has_visible_border(style: ComputedStyle) -> bool:
    return any(getattr(style, f"border_{side}_width") > 0 and
               getattr(style, f"border_{side}_style") not in ("none", "hidden") for side in SIDES)


def _borders(ruled_sides: tuple[str, ...], style: ComputedStyle) -> dict[str, Any]:
    """Solid one-cell rules on the given sides, none elsewhere; colours stay the author's."""
    changes: dict[str, Any] = {}
    for side in SIDES:
        ruled = side in ruled_sides
        changes[f"border_{side}_style"] = "solid" if ruled else "none"
        changes[f"border_{side}_width"] = RULE_WIDTHS[side] if ruled else 0.0
    return changes


def table_cells(table: Box) -> list[Box]:
    """The cells of a table (after anonymous table boxes were added): groups → rows → cells."""
    cells: list[Box] = []
    for group in table.children:
        if group.kind != TABLE_ROW_GROUP:
            continue
        for row in group.children:
            if row.kind == TABLE_ROW:
                cells.extend(c for c in row.children if c.kind == TABLE_CELL)
    return cells


def snap_table(table: Box) -> None:
    cells = table_cells(table)
    ruled = has_visible_border(table.style) or any(has_visible_border(c.style) for c in cells)
    common = {"border_collapse": "separate", **NO_PADDING}
    if ruled:
        table.style = restyled(table.style, {**common, "border_spacing": (0.0, 0.0),
                                             **_borders(("right", "bottom"), table.style)})
        for cell in cells:
            cell.style = restyled(cell.style, {**NO_PADDING, **_borders(("top", "left"), cell.style)})
    else:
        table.style = restyled(table.style, {**common, "border_spacing": (0.0, 0.0),
                                             **_borders((), table.style)})
        for cell in cells:
            cell.style = restyled(cell.style, {**NO_PADDING, "padding_right": CELL_PX,
                                               **_borders((), cell.style)})
    for group in table.children:  # rows and groups draw no borders of their own in text mode
        if group.kind == TABLE_ROW_GROUP:
            group.style = restyled(group.style, _borders((), group.style))
            for row in group.children:
                if row.kind == TABLE_ROW:
                    row.style = restyled(row.style, _borders((), row.style))


def snap_rule(hr: Box) -> None:
    hr.style = restyled(hr.style, {**_borders(("top",), hr.style), "height": 0.0, "min_height": 0.0,
                                   "margin_top": 0.0, "margin_bottom": 0.0, **NO_PADDING,
                                   "border_top_color": hr.style.resolve_color(hr.style.border_top_color)})


MAX_INDENT = 40 * CELL_PX   # w3m stops indenting nested blocks at about half of its 80 columns
INSETS = ("margin_left", "margin_right", "padding_left", "padding_right")
NO_INSETS = {attr: 0.0 for attr in INSETS}


def _insets(style: ComputedStyle) -> float:
    """A block's horizontal margins and padding in px (percentages and auto shrink with the
    containing block, so they do not count)."""
    return sum(value for value in (getattr(style, attr) for attr in INSETS) if isinstance(value, float))


def snap_to_cells(root: Box) -> None:
    """Adjust every box, table and <hr> of the box tree (an explicit stack: no recursion)."""
    snapped: dict[tuple[int, bool], tuple[ComputedStyle, ComputedStyle]] = {}  # boxes share styles
    stack: list[tuple[Box, float]] = [(root, 0.0)]   # (box, indentation of its block ancestors in px)
    while stack:
        box, indent = stack.pop()
        key = (id(box.style), box.kind in (INLINE, TEXT))
        known = snapped.get(key)
        if known is None:
            known = snapped[key] = (box.style, snap_lengths(box.style, key[1]))
        box.style = known[1]
        if box.marker is not None:
            box.marker.style = snap_lengths(box.marker.style, True)
        if box.kind == TABLE:
            snap_table(box)
        elif box.tag == "hr" and not box.inline_level:
            snap_rule(box)
        if not box.inline_level:
            own = _insets(box.style)
            if own and indent + own > MAX_INDENT:
                box.style = restyled(box.style, NO_INSETS)
                own = 0.0
            indent += own
        stack.extend((child, indent) for child in box.children)
