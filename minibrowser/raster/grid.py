"""Text mode: the same layout measured in character cells, rasterized to a grid of characters.

`CellMetrics` is the `TextMetrics` of the terminal surface: every character
is one cell (8 CSS px) wide, East Asian wide characters two, and every line
is one row (16 CSS px) tall.  The layout engine runs unchanged with it
(DESIGN.md, "one engine, two surfaces"); `GridRasterizer` then turns the
display list into rows of characters:

* rows — each DrawText's top (baseline − ascent) and each horizontal rule is
  an anchor; anchors less than ¾ of a row apart share a row, so text shifted
  by vertical-align or centred in a table cell stays on its line.  A vertical
  gap of half a row or more between two rows (block margins, padding) becomes
  exactly one blank line, as w3m prints one between paragraphs; lines of a
  paragraph follow each other with none.
* columns — x / 8 px, rounded; on a row, text never overlaps the text before
  it (it moves right instead), so no word is lost.
* rules — sides of DrawBorder at least half a cell thick (table rules and
  <hr> are made whole cells by layout/cells.py) become lines of box-drawing
  characters; lines that meet are joined into corners and junctions.
* hiding — transparent text, opacity 0, font-size 0 and content outside its
  overflow clip (the "visually hidden" pattern) are not drawn.
* width — only rows holding `white-space: pre` text may be longer than the
  column count (w3m does not wrap <pre> either); any other row that overflows
  (an unbreakable table, say) is folded, never splitting a wide character.

Everything that reaches the output goes through `_SAFE`, so page text cannot
carry terminal control sequences (and no-break spaces come out as spaces); with colour on, the only escapes are the
SGR sequences built in `_sgr`.
"""
from __future__ import annotations

import bisect
import math
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from ..css.values import RGBA
from ..layout.metrics import FontMetrics
from ..layout.text import NO_BREAK_AFTER, NO_BREAK_BEFORE
from ..paint.display_list import (DisplayList, DrawBorder, DrawText, PopClip, PopOpacity, PushClip,
                                  PushOpacity)

CELL_WIDTH = 8.0
ROW_HEIGHT = 16.0
ASCENT = 12.0
JOIN_ROW = 12.0         # anchors closer than this share a row
BLANK_GAP = 8.0         # a vertical gap this large between rows is one blank line
HALF_CELL = CELL_WIDTH / 2
HALF_ROW = ROW_HEIGHT / 2

# C0 and C1 controls and DEL can drive a terminal: never print them.  Tabs are spaces here
# (layout already expanded preserved tabs).
_SAFE = {c: "?" for c in range(0x20)}
_SAFE.update({0x09: " ", 0x7F: "?"})
_SAFE.update({c: "?" for c in range(0x80, 0xA0)})
_SAFE[0xA0] = " "   # a no-break space has done its work in layout; terminals and w3m print a space
_ZERO_WIDTH = set("\u200b\u00ad\u200c\u200d\u2060\ufeff")


class CellFont(NamedTuple):
    """What text mode needs to know of a font: attributes, and whether the text may overflow."""

    bold: bool
    italic: bool
    verbatim: bool = False    # white-space: pre — kept as is, may be longer than the columns
    invisible: bool = False   # font-size: 0 — takes no cells and is not drawn


@lru_cache(maxsize=8192)
def cell_width(ch: str) -> int:
    """Cells a character takes: 2 for East Asian Wide/Fullwidth, 0 for combining and format marks."""
    if ch in _ZERO_WIDTH or unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def text_cells(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(cell_width(ch) for ch in text)


class CellMetrics:
    """TextMetrics in cells: widths are cell counts × 8 px, lines are 16 px."""

    cell_based = True
    _METRICS = FontMetrics(ascent=ASCENT, descent=ROW_HEIGHT - ASCENT, line_gap=0.0, x_height=8.0)

    def font(self, style) -> CellFont:
        return CellFont(style.font_weight >= 600, style.font_style != "normal", style.white_space == "pre",
                        style.font_size <= 0)

    def runs(self, text: str, font: CellFont) -> list[tuple[str, CellFont]]:
        return [(text, font)]

    def width(self, text: str, font: CellFont) -> float:
        return 0.0 if font.invisible else text_cells(text) * CELL_WIDTH

    def metrics(self, font: CellFont) -> FontMetrics:
        return self._METRICS


# ---------------------------------------------------------------------------
# colour: CSS colours → the xterm 256-colour palette

_CUBE = (0, 95, 135, 175, 215, 255)


def _nearest_level(value: int) -> int:
    return min(range(6), key=lambda i: abs(_CUBE[i] - value))


@lru_cache(maxsize=1024)
def palette_index(r: int, g: int, b: int) -> int:
    """The nearest of the 6×6×6 cube (16–231) and the grey ramp (232–255)."""
    ri, gi, bi = _nearest_level(r), _nearest_level(g), _nearest_level(b)
    cube = (_CUBE[ri], _CUBE[gi], _CUBE[bi])
    grey_step = max(0, min(23, round(((r + g + b) / 3 - 8) / 10)))
    grey = 8 + 10 * grey_step
    cube_error = sum((a - c) ** 2 for a, c in zip((r, g, b), cube))
    grey_error = sum((a - grey) ** 2 for a in (r, g, b))
    return 232 + grey_step if grey_error < cube_error else 16 + 36 * ri + 6 * gi + bi


def terminal_color(color: RGBA) -> int | None:
    """A text colour worth sending: near-black and near-white greys stay the terminal's own
    foreground (the page background is not drawn, so they would vanish on one theme or the other)."""
    r, g, b = color.r, color.g, color.b
    grey = max(r, g, b) - min(r, g, b) <= 0x20
    if grey and (max(r, g, b) <= 0x50 or min(r, g, b) >= 0xE0):
        return None
    return palette_index(r, g, b)


class Attr(NamedTuple):
    bold: bool
    underline: bool
    color: int | None


PLAIN = Attr(False, False, None)


def _sgr(attr: Attr) -> str:
    codes = (["1"] if attr.bold else []) + (["4"] if attr.underline else []) + \
        ([f"38;5;{attr.color}"] if attr.color is not None else [])
    return "\x1b[" + ";".join(codes) + "m" if codes else ""


# ---------------------------------------------------------------------------
# what the display list says, in grid terms

@dataclass
class _Text:
    top: float
    x: float
    text: str
    attr: Attr
    verbatim: bool


@dataclass
class _Rule:
    """A horizontal rule (top, x0, x1) or a vertical one (x, y0, y1), in CSS px."""

    horizontal: bool
    at: float
    start: float
    end: float


def _clip_text(x: float, text: str, clip: tuple[float, float, float, float] | None) -> list[tuple[float, str]]:
    """The runs of text whose characters have their centre inside the clip rectangle."""
    if clip is None:
        return [(x, text)]
    left, right = clip[0], clip[0] + clip[2]
    if x >= left and x + text_cells(text) * CELL_WIDTH <= right:
        return [(x, text)]
    runs: list[tuple[float, str]] = []
    current: list[str] = []
    start = x
    for ch in text:
        width = cell_width(ch) * CELL_WIDTH
        centre = x + width / 2
        if width == 0 or left <= centre < right:
            if not current:
                start = x
            current.append(ch)
        elif current:
            runs.append((start, "".join(current)))
            current = []
        x += width
    if current:
        runs.append((start, "".join(current)))
    return runs


def _intersect(a, b):
    if a is None:
        return b
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    x1, y1 = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    return (x0, y0, max(0.0, x1 - x0), max(0.0, y1 - y0))


def collect(display_list: DisplayList, color: bool) -> tuple[list[_Text], list[_Rule]]:
    """Text runs and rules that are visible, with their attributes."""
    texts: list[_Text] = []
    rules: list[_Rule] = []
    clips: list = [None]
    opacities: list[float] = [1.0]
    for cmd in display_list.commands:
        if isinstance(cmd, DrawText):
            font = cmd.font
            if not cmd.text or cmd.color.a == 0 or opacities[-1] <= 0 or getattr(font, "invisible", False):
                continue
            top = cmd.baseline - ASCENT
            clip = clips[-1]
            if clip is not None and not clip[1] <= top + HALF_ROW < clip[1] + clip[3]:
                continue
            attr = Attr(cmd.bold, cmd.link is not None, terminal_color(cmd.color)) if color else PLAIN
            verbatim = bool(getattr(font, "verbatim", False))
            for x, text in _clip_text(cmd.x, cmd.text.translate(_SAFE), clip):
                if x >= 0 or x + text_cells(text) * CELL_WIDTH > 0:   # not wholly left of the page
                    texts.append(_Text(top, x, text, attr, verbatim))
        elif isinstance(cmd, DrawBorder):
            if opacities[-1] > 0:
                rules.extend(_rules_of(cmd))
        elif isinstance(cmd, PushClip):
            clips.append(_intersect(clips[-1], (cmd.x, cmd.y, cmd.width, cmd.height)))
        elif isinstance(cmd, PopClip):
            if len(clips) > 1:
                clips.pop()
        elif isinstance(cmd, PushOpacity):
            opacities.append(opacities[-1] * cmd.opacity)
        elif isinstance(cmd, PopOpacity):
            if len(opacities) > 1:
                opacities.pop()
    return texts, rules


def _rules_of(cmd: DrawBorder) -> list[_Rule]:
    """Sides at least half a cell thick are rules (thinner borders cannot be drawn in cells)."""
    top, right, bottom, left = cmd.widths
    visible = [style not in ("none", "hidden") and c.a > 0 for style, c in zip(cmd.styles, cmd.colors)]
    out: list[_Rule] = []
    x0, x1 = cmd.x, cmd.x + cmd.width
    if visible[0] and top >= HALF_ROW:
        out.append(_Rule(True, cmd.y, x0, x1))
    if visible[2] and bottom >= HALF_ROW:
        out.append(_Rule(True, cmd.y + cmd.height - bottom, x0, x1))
    if visible[3] and left >= HALF_CELL:
        out.append(_Rule(False, cmd.x, cmd.y, cmd.y + cmd.height))
    if visible[1] and right >= HALF_CELL:
        out.append(_Rule(False, x1 - right, cmd.y, cmd.y + cmd.height))
    return out


# ---------------------------------------------------------------------------
# rows and columns

MAX_COLUMN = 10_000   # text placed farther right (margin-left: 1e308px) is put here, not a million cells out


def column(x: float) -> int:
    """The cell an x position falls in, to the nearest cell; half a cell rounds left, so text
    centred in an odd number of free cells leans left, as w3m centres it."""
    if not -MAX_COLUMN * CELL_WIDTH <= x <= MAX_COLUMN * CELL_WIDTH:   # also NaN
        return MAX_COLUMN if x > 0 else 0 if x != x else -MAX_COLUMN
    return math.ceil(x / CELL_WIDTH - 0.5)


class Rows:
    """The output rows: anchor tops in CSS px → row numbers, blank lines for vertical gaps."""

    def __init__(self, anchors: list[float]) -> None:
        self.tops: list[float] = []          # the top (px) of every output row, blank rows included
        self.row_of: dict[float, int] = {}   # anchor → its row
        for top in sorted(set(anchors)):
            if self.tops and top < self.tops[-1] + JOIN_ROW:
                self.row_of[top] = len(self.tops) - 1
                continue
            if self.tops and top - self.tops[-1] - ROW_HEIGHT >= BLANK_GAP:
                self.tops.append(self.tops[-1] + ROW_HEIGHT)
            self.tops.append(top)
            self.row_of[top] = len(self.tops) - 1

    def __len__(self) -> int:
        return len(self.tops)

    def span(self, y0: float, y1: float) -> range:
        """Rows whose top lies within a vertical extent (a vertical rule's)."""
        first = bisect.bisect_left(self.tops, y0 - HALF_CELL)
        last = bisect.bisect_right(self.tops, y1 - HALF_ROW) - 1
        return range(first, last + 1)


# box-drawing: bits for the four directions a line leaves a cell
UP, DOWN, LEFT, RIGHT = 1, 2, 4, 8
BOX_CHARS = {
    UP | DOWN: "│", LEFT | RIGHT: "─", DOWN | RIGHT: "┌", DOWN | LEFT: "┐", UP | RIGHT: "└", UP | LEFT: "┘",
    UP | DOWN | RIGHT: "├", UP | DOWN | LEFT: "┤", LEFT | RIGHT | DOWN: "┬", LEFT | RIGHT | UP: "┴",
    UP | DOWN | LEFT | RIGHT: "┼", UP: "│", DOWN: "│", LEFT: "─", RIGHT: "─",
}


def _merge(segments: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Collinear segments that overlap or touch become one."""
    merged: list[list[int]] = []
    for start, end in sorted(segments):
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def line_art(rules: list[_Rule], rows: Rows) -> dict[tuple[int, int], str]:
    """(row, column) → box-drawing character, with corners and junctions where rules meet."""
    across: dict[int, list[tuple[int, int]]] = {}
    down: dict[int, list[tuple[int, int]]] = {}
    for rule in rules:
        if rule.horizontal:
            row = rows.row_of.get(rule.at)
            first, last = column(rule.start), column(rule.end) - 1
            if row is not None and last >= first:
                across.setdefault(row, []).append((first, last))
        else:
            span = rows.span(rule.start, rule.end)
            if len(span):
                down.setdefault(column(rule.at), []).append((span.start, span.stop - 1))
    bits: dict[tuple[int, int], int] = {}
    h_segments = [(row, seg) for row, segs in across.items() for seg in _merge(segs)]
    v_segments = [(col, seg) for col, segs in down.items() for seg in _merge(segs)]
    for row, (first, last) in h_segments:
        for col in range(first, last + 1):
            bits[(row, col)] = bits.get((row, col), 0) | (LEFT if col > first else 0) | \
                (RIGHT if col < last else 0) | (LEFT | RIGHT if first == last else 0)
    for col, (first, last) in v_segments:
        for row in range(first, last + 1):
            bits[(row, col)] = bits.get((row, col), 0) | (UP if row > first else 0) | \
                (DOWN if row < last else 0) | (UP | DOWN if first == last else 0)
    # a line that ends next to a line across it joins it: ─┤ ┬ ├─
    joins: list[tuple[tuple[int, int], int]] = []
    for row, (first, last) in h_segments:
        if bits.get((row, last + 1), 0) & (UP | DOWN):
            joins += [((row, last), RIGHT), ((row, last + 1), LEFT)]
        if bits.get((row, first - 1), 0) & (UP | DOWN):
            joins += [((row, first), LEFT), ((row, first - 1), RIGHT)]
    for col, (first, last) in v_segments:
        if bits.get((last + 1, col), 0) & (LEFT | RIGHT):
            joins += [((last, col), DOWN), ((last + 1, col), UP)]
        if bits.get((first - 1, col), 0) & (LEFT | RIGHT):
            joins += [((first, col), UP), ((first - 1, col), DOWN)]
    for key, bit in joins:
        bits[key] |= bit
    return {key: BOX_CHARS[value] for key, value in bits.items() if value}


class _Row:
    """One output row: a character (or a wide character's right half, None) per cell."""

    __slots__ = ("chars", "attrs", "verbatim")

    def __init__(self) -> None:
        self.chars: list[str | None] = []
        self.attrs: list[Attr] = []
        self.verbatim = False

    def put(self, col: int, text: str, attr: Attr) -> int:
        """Write text from col on; returns the column after it."""
        chars, attrs = self.chars, self.attrs
        if text.isascii() and text:   # the usual case: one cell per character, written as one slice
            end = col + len(text)
            if len(chars) < end:
                grow = end - len(chars)
                chars.extend([" "] * grow)
                attrs.extend([PLAIN] * grow)
            if col < len(chars) and chars[col] is None:   # the right half of a wide character
                chars[col - 1] = " "
            if end < len(chars) and chars[end] is None:   # ... or its left half
                chars[end] = " "
            chars[col:end] = text
            attrs[col:end] = [attr] * len(text)
            return end
        for ch in text:
            width = cell_width(ch)
            if width == 0:
                if ch not in _ZERO_WIDTH and 0 < col <= len(chars) and chars[col - 1] is not None:
                    chars[col - 1] += ch  # a combining mark stays with its base character
                continue
            if len(chars) < col + width:
                grow = col + width - len(chars)
                chars.extend([" "] * grow)
                attrs.extend([PLAIN] * grow)
            if chars[col] is None:                      # overwriting the right half of a wide character
                chars[col - 1] = " "
            if width == 1 and col + 1 < len(chars) and chars[col + 1] is None:
                chars[col + 1] = " "                    # ... or its left half
            chars[col] = ch
            attrs[col] = attr
            if width == 2:
                if col + 2 < len(chars) and chars[col + 2] is None:
                    chars[col + 2] = " "
                chars[col + 1] = None
                attrs[col + 1] = attr
            col += width
        return col

    def end(self) -> int:
        """The column after the last non-blank cell."""
        end = len(self.chars)
        while end and self.chars[end - 1] == " ":
            end -= 1
        return end

    def pieces(self, columns: int) -> list[tuple[list, list]]:
        """The row, folded at the column count unless it holds preformatted text."""
        end = self.end()
        chars, attrs = self.chars[:end], self.attrs[:end]
        if self.verbatim or end <= columns:
            return [(chars, attrs)]
        out = []
        start = 0
        while start < end:
            stop = min(end, start + columns)
            if stop < end and chars[stop] is None:   # never split a wide character
                stop -= 1
            if stop < end:
                stop = _kinsoku_fold(chars, start, stop)
            out.append((chars[start:stop], attrs[start:stop]))
            start = stop
        return out


def _kinsoku_fold(chars: list, start: int, stop: int) -> int:
    """Where to fold a row at `stop` or before it, so that the next piece does not begin with
    closing punctuation and this one does not end with opening punctuation (the kinsoku rules
    layout/text.py wraps lines by): the characters that would break a rule move down too."""
    fold = stop
    while fold > start + 1:
        before = chars[fold - 1] if chars[fold - 1] is not None else chars[fold - 2]
        after = chars[fold]
        if after not in NO_BREAK_BEFORE and before not in NO_BREAK_AFTER:
            return fold
        fold -= 1
        if chars[fold] is None:    # the right half of a wide character: fold before its left half
            fold -= 1
    return stop   # no place within the row keeps the rules: fold at the column count


def _text_of(chars: list, attrs: list, color: bool) -> str:
    if not color:
        return "".join(c for c in chars if c is not None).rstrip()
    out: list[str] = []
    current = PLAIN
    for ch, attr in zip(chars, attrs):
        if ch is None:
            continue
        if attr != current:
            if current != PLAIN:
                out.append("\x1b[0m")
            out.append(_sgr(attr))
            current = attr
        out.append(ch)
    if current != PLAIN:
        out.append("\x1b[0m")
    return "".join(out).rstrip(" ")


class GridRasterizer:
    """Display list → text, `columns` cells wide."""

    def __init__(self, columns: int, color: bool = False) -> None:
        self.columns = columns
        self.color = color

    def render(self, display_list: DisplayList) -> str:
        texts, rules = collect(display_list, self.color)
        anchors = [t.top for t in texts] + [r.at for r in rules if r.horizontal]
        if not anchors:
            return ""
        rows = Rows(anchors)
        grid = [_Row() for _ in range(len(rows))]
        for (row, col), ch in line_art(rules, rows).items():
            if col >= 0:
                grid[row].put(col, ch, PLAIN)
        cursor: dict[int, int] = {}
        for text in sorted(texts, key=lambda t: (rows.row_of[t.top], t.x)):
            row = rows.row_of[text.top]
            col = max(0, column(text.x), cursor.get(row, 0))
            cursor[row] = grid[row].put(col, text.text, text.attr)
            if text.verbatim:
                grid[row].verbatim = True
        lines: list[str] = []
        for row in grid:
            for chars, attrs in row.pieces(self.columns):
                lines.append(_text_of(chars, attrs, self.color))
        while lines and not lines[-1]:
            lines.pop()
        while lines and not lines[0]:
            lines.pop(0)
        return "\n".join(lines) + "\n" if lines else ""


def references(links: list[str], columns: int) -> str:
    """The numbered list of link targets that follows the page, as `lynx -dump` prints it."""
    if not links:
        return ""
    lines = ["", "References", ""]
    for number, url in enumerate(links, 1):
        label = f"{number:>4}. "
        url = url.translate(_SAFE)
        room = max(1, columns - len(label))
        parts = [url[i:i + room] for i in range(0, len(url), room)] or [""]
        lines.append(label + parts[0])
        lines.extend(" " * len(label) + part for part in parts[1:])
    return "\n".join(lines) + "\n"


def render_text(display_list: DisplayList, links: list[str], columns: int, color: bool = False,
                with_references: bool = True) -> str:
    """The whole text-mode output: the page, then (unless left out) its references."""
    page = GridRasterizer(columns, color).render(display_list)
    if with_references:
        page += references(links, columns)
    return page
