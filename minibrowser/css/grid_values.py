"""Values of the CSS Grid properties (CSS Grid Layout 1 §7, §8.3), parsed and computed.

Track lists are tuples of plain data, so styles holding them stay hashable and
shareable like every other computed value:

  * a track size is a breadth — px float, `Pct`, `CalcPct`, "auto", "min-content",
    "max-content" or `Fr` — or `MinMax(min, max)` or `FitContent(limit)`;
  * `LineNames(names)` stands between tracks (`[a b]`);
  * `Repeat(count, entries)` holds its own names and sizes; count is an int,
    "auto-fill" or "auto-fit" (§7.2.3).

A grid line (grid-row-start ...) is "auto" or `GridLine(span, number, name)` (§8.3).
grid-template-areas is "none" or a tuple of rows, each a tuple of cell names ("." for
a null cell), checked to form rectangles (§7.3).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from .values import Calc, Dim, compute_length, parse_length


class Fr(NamedTuple):
    """A flexible breadth: a share of the leftover space (§7.2.4)."""

    value: float


# (frozen dataclasses rather than tuples: a specified value's plain tuples are walked for url()s)
@dataclass(frozen=True)
class MinMax:
    min: Any
    max: Any


@dataclass(frozen=True)
class FitContent:
    limit: Any


@dataclass(frozen=True)
class LineNames:
    names: tuple


@dataclass(frozen=True)
class Subgrid:
    """grid-template-rows/-columns: subgrid <line-names>* (CSS Grid 2 §9): the item's tracks in
    that axis are the ones its area spans in its parent grid."""

    names: tuple         # LineNames per line, from the first


@dataclass(frozen=True)
class Repeat:
    count: Any          # int | "auto-fill" | "auto-fit"
    entries: tuple


class GridLine(NamedTuple):
    span: bool
    number: int | None  # None: a name alone
    name: str | None


INTRINSIC = ("auto", "min-content", "max-content")
REPEAT_LIMIT = 10000     # Blink's cap on the number of repetitions of a track list
LINE_LIMIT = 10000       # lines beyond ±10000 clamp, as Blink does


def _ident(tok) -> str | None:
    return tok.lower_value if tok.type == "ident" else None


def _breadth(tok, flex: bool = True) -> Any:
    """<track-breadth>: <length-percentage> | <flex> | min-content | max-content | auto."""
    word = _ident(tok)
    if word in INTRINSIC:
        return word
    if flex and tok.type == "dimension" and tok.lower_unit == "fr":
        return Fr(float(tok.value)) if tok.value >= 0 else None
    return parse_length(tok, negative=False)


def _track_size(tok, fixed_only: bool = False) -> Any:
    """<track-size>: a breadth | minmax(min, max) | fit-content(<length-percentage>)."""
    if tok.type == "function" and tok.lower_name == "minmax":
        args = _args(tok)
        if len(args) != 2 or len(args[0]) != 1 or len(args[1]) != 1:
            return None
        low, high = _breadth(args[0][0], flex=False), _breadth(args[1][0])
        if low is None or high is None:
            return None
        return MinMax(low, high)
    if tok.type == "function" and tok.lower_name == "fit-content":
        args = _args(tok)
        if len(args) != 1 or len(args[0]) != 1:
            return None
        limit = parse_length(args[0][0], negative=False)
        return FitContent(limit) if limit is not None else None
    return _breadth(tok)


def _args(fn) -> list[list]:
    groups: list[list] = [[]]
    for tok in fn.arguments:
        if tok.type in ("whitespace", "comment"):
            continue
        if tok.type == "literal" and tok.value == ",":
            groups.append([])
        else:
            groups[-1].append(tok)
    return groups


def _line_names(tok) -> LineNames | None:
    names = []
    for part in tok.content:
        if part.type in ("whitespace", "comment"):
            continue
        if part.type != "ident" or part.lower_value in ("span", "auto"):
            return None
        names.append(part.value)
    return LineNames(tuple(names))


def parse_track_list(tokens: list, allow_repeat: bool = True) -> Any:
    """grid-template-columns / -rows: none | <track-list> | <auto-track-list> (§7.2)."""
    if len(tokens) == 1 and _ident(tokens[0]) == "none":
        return "none"
    if tokens and _ident(tokens[0]) == "subgrid" and allow_repeat:
        names = [_line_names(t) if t.type == "[] block" else None for t in tokens[1:]]
        return None if None in names else Subgrid(tuple(names))
    entries = _track_entries(tokens, allow_repeat)
    if entries is None or not any(not isinstance(e, LineNames) for e in entries):
        return None
    autos = sum(1 for e in entries if isinstance(e, Repeat) and isinstance(e.count, str))
    if autos > 1:
        return None
    return entries


def _track_entries(tokens: list, allow_repeat: bool) -> tuple | None:
    entries: list = []
    for tok in tokens:
        if tok.type == "[] block":
            names = _line_names(tok)
            if names is None:
                return None
            if entries and isinstance(entries[-1], LineNames):   # [a] [b] is [a b]
                entries[-1] = LineNames(entries[-1].names + names.names)
            else:
                entries.append(names)
            continue
        if tok.type == "function" and tok.lower_name == "repeat":
            if not allow_repeat:
                return None
            repeat = _repeat(tok)
            if repeat is None:
                return None
            entries.append(repeat)
            continue
        size = _track_size(tok)
        if size is None:
            return None
        entries.append(size)
    return tuple(entries)


def _repeat(fn) -> Repeat | None:
    """repeat( [ <integer [1,∞]> | auto-fill | auto-fit ] , <track-list> ) (§7.2.3)."""
    tokens = [t for t in fn.arguments if t.type not in ("whitespace", "comment")]
    if len(tokens) < 3 or not (tokens[1].type == "literal" and tokens[1].value == ","):
        return None
    first = tokens[0]
    if first.type == "number" and first.is_integer and first.int_value >= 1:
        count: Any = min(first.int_value, REPEAT_LIMIT)
    elif _ident(first) in ("auto-fill", "auto-fit"):
        count = _ident(first)
    else:
        return None
    inner = _track_entries(tokens[2:], allow_repeat=False)
    if not inner or not any(not isinstance(e, LineNames) for e in inner):
        return None
    return Repeat(count, inner)


def parse_auto_tracks(tokens: list) -> Any:
    """grid-auto-columns / -rows: <track-size>+ (§7.6)."""
    sizes = [_track_size(tok) for tok in tokens]
    if not sizes or any(s is None for s in sizes):
        return None
    return tuple(sizes)


def _compute_breadth(value: Any, lengths) -> Any:
    if isinstance(value, (Dim, Calc)):
        return compute_length(value, lengths)
    return value


def _compute_size(value: Any, lengths) -> Any:
    if isinstance(value, MinMax):
        return MinMax(_compute_breadth(value.min, lengths), _compute_breadth(value.max, lengths))
    if isinstance(value, FitContent):
        return FitContent(_compute_breadth(value.limit, lengths))
    return _compute_breadth(value, lengths)


def compute_track_list(value: Any, ctx) -> Any:
    if not isinstance(value, tuple) or isinstance(value, (Dim, Fr)):
        return value
    out = []
    for entry in value:
        if isinstance(entry, Repeat):
            out.append(Repeat(entry.count, tuple(e if isinstance(e, LineNames) else _compute_size(e, ctx.lengths)
                                                 for e in entry.entries)))
        elif isinstance(entry, LineNames):
            out.append(entry)
        else:
            out.append(_compute_size(entry, ctx.lengths))
    return tuple(out)


def parse_grid_line(tokens: list) -> Any:
    """<grid-line>: auto | <custom-ident> | [ <integer> && <custom-ident>? ] |
    [ span && [ <integer> || <custom-ident> ] ] (§8.3)."""
    if len(tokens) == 1 and _ident(tokens[0]) == "auto":
        return "auto"
    span = False
    number: int | None = None
    name: str | None = None
    for tok in tokens:
        word = _ident(tok)
        if word == "span" and not span:
            span = True
        elif tok.type == "number" and tok.is_integer and number is None:
            number = max(-LINE_LIMIT, min(LINE_LIMIT, tok.int_value))
        elif tok.type == "ident" and word not in ("span", "auto", "inherit", "initial", "unset", "default") \
                and name is None:
            name = tok.value
        else:
            return None
    if span and tokens and _ident(tokens[0]) != "span" and _ident(tokens[-1]) != "span":
        return None   # span must come first or last
    if number == 0 or (span and number is not None and number < 0) or (number is None and name is None):
        return None
    return GridLine(span, number, name)


def parse_areas(tokens: list) -> Any:
    """grid-template-areas: none | <string>+ (§7.3), each row the same number of columns and
    each name a filled rectangle."""
    if len(tokens) == 1 and _ident(tokens[0]) == "none":
        return "none"
    if not tokens or any(t.type != "string" for t in tokens):
        return None
    rows = tuple(area_row(t.value) for t in tokens)
    if any(row is None for row in rows) or len({len(r) for r in rows}) != 1 or not rows[0]:
        return None
    if area_rectangles(rows) is None:
        return None
    return rows


def area_row(text: str) -> tuple | None:
    """One string of grid-template-areas as its cell tokens: names, and "." for each run of dots."""
    cells: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in " \t\n\r\f":
            i += 1
        elif ch == ".":
            while i < len(text) and text[i] == ".":
                i += 1
            cells.append(".")
        else:
            start = i
            while i < len(text) and text[i] not in " \t\n\r\f.":
                i += 1
            cells.append(text[start:i])
    return tuple(cells)


def area_rectangles(rows: tuple) -> dict | None:
    """{name: (row start, column start, row end, column end)} as 0-based line indices, or None
    when a name does not form a single filled rectangle."""
    found: dict[str, list[int]] = {}
    for r, row in enumerate(rows):
        for c, name in enumerate(row):
            if name == ".":
                continue
            box = found.get(name)
            if box is None:
                found[name] = [r, c, r + 1, c + 1]
            else:
                box[0], box[1] = min(box[0], r), min(box[1], c)
                box[2], box[3] = max(box[2], r + 1), max(box[3], c + 1)
    for name, (r0, c0, r1, c1) in found.items():
        if any(rows[r][c] != name for r in range(r0, r1) for c in range(c0, c1)):
            return None
        if sum(row.count(name) for row in rows) != (r1 - r0) * (c1 - c0):
            return None
    return {name: tuple(box) for name, box in found.items()}


def parse_auto_flow(tokens: list) -> Any:
    """grid-auto-flow: [ row | column ] || dense (§8.5)."""
    words = [_ident(t) for t in tokens]
    if not 1 <= len(words) <= 2 or len(set(words)) != len(words):
        return None
    axis = [w for w in words if w in ("row", "column")]
    dense = "dense" in words
    if len(axis) + dense != len(words):
        return None
    return (axis[0] if axis else "row") + (" dense" if dense else "")


# ---------------------------------------------------------------------------
# shorthands (§7.4 grid-template, §7.8 grid, §8.4 grid-row / grid-column / grid-area)

def _split_slash(tokens: list) -> list[list]:
    groups: list[list] = [[]]
    for tok in tokens:
        if tok.type == "literal" and tok.value == "/":
            groups.append([])
        else:
            groups[-1].append(tok)
    return groups


def _copy_ident(line: Any) -> Any:
    """An omitted end line copies a lone <custom-ident> start, and is auto otherwise (§8.4)."""
    if isinstance(line, GridLine) and not line.span and line.number is None:
        return line
    return "auto"


def expand_grid_line_pair(start: str, end: str):
    """grid-row / grid-column: <grid-line> [ / <grid-line> ]?"""

    def expand(tokens: list) -> dict | None:
        parts = _split_slash(tokens)
        if len(parts) > 2 or any(not p for p in parts):
            return None
        lines = [parse_grid_line(p) for p in parts]
        if any(v is None for v in lines):
            return None
        return {start: lines[0], end: lines[1] if len(lines) > 1 else _copy_ident(lines[0])}

    return expand


def expand_grid_area(tokens: list) -> dict | None:
    """grid-area: <grid-line> [ / <grid-line> ]{0,3} — row-start / column-start / row-end / column-end."""
    parts = _split_slash(tokens)
    if len(parts) > 4 or any(not p for p in parts):
        return None
    lines = [parse_grid_line(p) for p in parts]
    if any(v is None for v in lines):
        return None
    row_start = lines[0]
    column_start = lines[1] if len(lines) > 1 else _copy_ident(row_start)
    row_end = lines[2] if len(lines) > 2 else _copy_ident(row_start)
    column_end = lines[3] if len(lines) > 3 else _copy_ident(column_start)
    return {"grid-row-start": row_start, "grid-column-start": column_start,
            "grid-row-end": row_end, "grid-column-end": column_end}


TEMPLATE = ("grid-template-rows", "grid-template-columns", "grid-template-areas")


def expand_grid_template(tokens: list) -> dict | None:
    """grid-template: none | <'grid-template-rows'> / <'grid-template-columns'> |
    [ <line-names>? <string> <track-size>? <line-names>? ]+ [ / <explicit-track-list> ]? (§7.4)."""
    if len(tokens) == 1 and _ident(tokens[0]) == "none":
        return dict.fromkeys(TEMPLATE, "none")
    parts = _split_slash(tokens)
    if len(parts) > 2 or any(not p for p in parts):
        return None
    if any(t.type == "string" for t in parts[0]):
        return _template_with_areas(parts[0], parts[1] if len(parts) > 1 else None)
    if len(parts) != 2:
        return None
    rows, columns = parse_track_list(parts[0]), parse_track_list(parts[1])
    if rows is None or columns is None:
        return None
    return {"grid-template-rows": rows, "grid-template-columns": columns, "grid-template-areas": "none"}


def _template_with_areas(row_tokens: list, column_tokens: list | None) -> dict | None:
    strings: list = []
    rows: list = []
    i = 0
    while i < len(row_tokens):
        tok = row_tokens[i]
        if tok.type == "[] block":
            names = _line_names(tok)
            if names is None:
                return None
            if rows and isinstance(rows[-1], LineNames):
                rows[-1] = LineNames(rows[-1].names + names.names)
            else:
                rows.append(names)
            i += 1
            continue
        if tok.type != "string":
            return None
        strings.append(tok)
        i += 1
        size: Any = "auto"
        if i < len(row_tokens) and row_tokens[i].type not in ("string", "[] block"):
            size = _track_size(row_tokens[i])
            if size is None:
                return None
            i += 1
        rows.append(size)
    areas = parse_areas(strings)
    if areas is None or areas == "none":
        return None
    columns: Any = "none"
    if column_tokens is not None:
        columns = parse_track_list(column_tokens, allow_repeat=False)
        if columns is None or columns == "none":
            return None
    return {"grid-template-rows": tuple(rows), "grid-template-columns": columns, "grid-template-areas": areas}


GRID = TEMPLATE + ("grid-auto-rows", "grid-auto-columns", "grid-auto-flow")


def expand_grid(tokens: list) -> dict | None:
    """grid: <'grid-template'> | <'grid-template-rows'> / [ auto-flow && dense? ] <'grid-auto-columns'>? |
    [ auto-flow && dense? ] <'grid-auto-rows'>? / <'grid-template-columns'> (§7.8)."""
    parts = _split_slash(tokens)
    result: dict = {"grid-auto-rows": "initial", "grid-auto-columns": "initial", "grid-auto-flow": "initial"}
    if len(parts) == 2 and any(_ident(t) == "auto-flow" for t in parts[0] + parts[1]):
        side = 0 if any(_ident(t) == "auto-flow" for t in parts[0]) else 1
        flow_tokens = parts[side]
        words = [_ident(t) for t in flow_tokens[:2]]
        lead = 2 if "dense" in words and "auto-flow" in words else 1
        if set(words[:lead]) - {"auto-flow", "dense"}:
            return None
        dense = "dense" in words[:lead]
        sizes = flow_tokens[lead:]
        auto = parse_auto_tracks(sizes) if sizes else "initial"
        other = parse_track_list(parts[1 - side])
        if auto is None or other is None:
            return None
        if side == 0:   # auto-flow on the rows side: items flow into rows
            result.update({"grid-auto-flow": "row" + (" dense" if dense else ""), "grid-auto-rows": auto,
                           "grid-template-rows": "none", "grid-template-columns": other})
        else:
            result.update({"grid-auto-flow": "column" + (" dense" if dense else ""), "grid-auto-columns": auto,
                           "grid-template-columns": "none", "grid-template-rows": other})
        result["grid-template-areas"] = "none"
        return result
    template = expand_grid_template(tokens)
    if template is None:
        return None
    result.update(template)
    return result
