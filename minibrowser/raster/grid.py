"""Text mode: the same layout measured in character cells, rasterized to a grid of characters.

`CellMetrics` is the `TextMetrics` of the terminal surface: every character
is one cell (8 CSS px) wide, East Asian wide characters two, and every line
is one row (16 CSS px) tall.  The layout engine runs unchanged with it
(DESIGN.md, "one engine, two surfaces"); `GridRasterizer` then puts each
DrawText of the display list into a row and column.  Lines keep their order
and never share a row; vertical gaps of a row or more (paragraph margins)
become blank lines.
"""
from __future__ import annotations

import unicodedata
from typing import NamedTuple

from ..errors import sanitize
from ..layout.metrics import FontMetrics
from ..paint.display_list import DisplayList, DrawBorder, DrawText

CELL_WIDTH = 8.0
ROW_HEIGHT = 16.0


class CellFont(NamedTuple):
    bold: bool
    italic: bool


def cell_width(ch: str) -> int:
    if unicodedata.combining(ch) or ch in "\u200b\u00ad\u200c\u200d\ufeff":
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def text_cells(text: str) -> int:
    return sum(cell_width(ch) for ch in text)


class CellMetrics:
    """TextMetrics in cells: widths are cell counts × 8 px, lines are 16 px."""

    cell_based = True
    _METRICS = FontMetrics(ascent=12.0, descent=4.0, line_gap=0.0, x_height=8.0)

    def font(self, style) -> CellFont:
        return CellFont(style.font_weight >= 600, style.font_style != "normal")

    def runs(self, text: str, font: CellFont) -> list[tuple[str, CellFont]]:
        return [(text, font)]

    def width(self, text: str, font: CellFont) -> float:
        return text_cells(text) * CELL_WIDTH

    def metrics(self, font: CellFont) -> FontMetrics:
        return self._METRICS


class GridRasterizer:
    def __init__(self, columns: int) -> None:
        self.columns = columns

    def render(self, display_list: DisplayList) -> str:
        # group text by line (baseline), then give each line its own row, in order
        texts = [c for c in display_list.commands if isinstance(c, DrawText)]
        rules = [c for c in display_list.commands if isinstance(c, DrawBorder)
                 and c.height <= 8 and c.width >= 2 * CELL_WIDTH]
        items: list[tuple[float, int, object]] = []
        for cmd in texts:
            items.append((cmd.baseline - 12.0, 0, cmd))
        for cmd in rules:
            items.append((cmd.y, 1, cmd))
        items.sort(key=lambda item: (round(item[0], 1), item[1]))
        rows: dict[int, list] = {}
        row_of_top: dict[float, int] = {}
        last_row = -1
        for top, _kind, cmd in items:
            key = round(top, 1)
            if key not in row_of_top:
                wanted = round(top / ROW_HEIGHT)
                row = max(last_row + 1, wanted)
                row_of_top[key] = row
                last_row = row
            rows.setdefault(row_of_top[key], []).append(cmd)
        if not rows:
            return ""
        out_lines: list[str] = []
        first = min(rows)
        for row in range(first, max(rows) + 1):
            cells: list[str] = []
            for cmd in sorted(rows.get(row, []), key=lambda c: getattr(c, "x", 0)):
                col = max(0, round(cmd.x / CELL_WIDTH))
                if isinstance(cmd, DrawText):
                    text = sanitize(cmd.text)
                    _put(cells, col, text)
                else:
                    length = max(1, round(cmd.width / CELL_WIDTH))
                    _put(cells, col, "─" * min(length, self.columns - col if col < self.columns else length))
            out_lines.append("".join(c for c in cells if c is not None).rstrip())
        # collapse runs of blank lines to one, as w3m does
        result: list[str] = []
        for line in out_lines:
            if not line and result and not result[-1]:
                continue
            result.append(line)
        while result and not result[-1]:
            result.pop()
        while result and not result[0]:
            result.pop(0)
        return "\n".join(result) + "\n"


def _put(cells: list, col: int, text: str) -> None:
    """Write text into a row of cells; a wide character owns two cells (the second is None)."""
    for ch in text:
        width = cell_width(ch)
        if width == 0:
            continue
        while len(cells) < col + width:
            cells.append(" ")
        if cells[col] is None and col > 0:
            cells[col - 1] = " "  # overwrote the right half of a wide character
        cells[col] = ch
        if width == 2:
            cells[col + 1] = None
        col += width
