"""Grid layout (CSS Grid Layout Module Level 1).

(Not to be confused with raster/grid.py, the character grid of text mode.)

A grid container divides its content box into columns and rows — *tracks* —
and places each in-flow child, a *grid item*, into a rectangle of cells, its
*grid area*.  `layout_grid` follows the spec's order:

  1. §7.1 the explicit grid from grid-template-* (repeat(), auto-fill, line names, areas);
  2. §8.5 placement: definite positions, then the auto-placement algorithm (sparse or dense),
     growing the implicit grid (sized by grid-auto-*);
  3. §11 track sizing: columns first (items' min/max-content contributions), then rows
     (items laid out at their column width to learn their heights);
  4. §10 alignment: each item in its area (justify-self / align-self, auto margins), the
     tracks in the container (justify-content / align-content).

The box tree side (§6.1) is flex's: every in-flow child is blockified, runs of text are
wrapped in anonymous items, and items are kept in `order`-modified document order (§6.3),
which is also their painting order.  Like the other layouts this one is a generator driven
by layout/__init__.py's trampoline, so nested grids never recurse in Python.
"""
from __future__ import annotations

import math
import weakref
from dataclasses import dataclass, field
from typing import Any, Generator

from ..css.grid_values import FitContent, Fr, GridLine, LineNames, MinMax, Repeat, Subgrid, area_rectangles
from ..css.values import CalcPct, Pct, resolve
from .block import (MENU_LIST_PADDING, BlockResult, Strut, _positive_int, apply_relative, atomic_descendants,
                    edges, size_container, form_control_width, intrinsic_contribution, intrinsic_widths,
                    layout_block, layout_replaced, used_size)
from .alignment import content_distribution
from .inline import line_height_px
from .positioned import is_out_of_flow
from .tree import BLOCK, INLINE_BLOCK, REPLACED, TABLE, Box, clamp

Layout = Generator[Any, Any, Any]

GRID_DISPLAYS = frozenset({"grid", "inline-grid"})
VALUE_CONTROLS = frozenset({"input", "select", "textarea"})
INTRINSIC = ("auto", "min-content", "max-content")
MAX_TRACKS = 10000       # Blink caps the grid at this many tracks per axis
HUGE = 1e30              # sizes and gaps saturate here, so sums of a few stay finite


def is_grid_container(box: Box) -> bool:
    """A box whose children are grid items (display: grid | inline-grid, CSS Grid 1 §5)."""
    return (box.style.display in GRID_DISPLAYS and box.kind in (BLOCK, INLINE_BLOCK)
            and box.tag not in VALUE_CONTROLS)


def make_grid_items(container: Box) -> None:
    """§6.1: grid items are made as flex items are — each in-flow child blockified, each run of
    text in an anonymous item, white space alone dropped — and sorted by `order` (§6.3)."""
    from .flex import make_flex_items
    make_flex_items(container)


# ---------------------------------------------------------------------------
# §7.1: the explicit grid of one axis

@dataclass
class AxisTemplate:
    sizes: list                      # explicit track sizes, auto-repeats expanded
    names: dict                      # line name -> sorted explicit line indices (0 = the first line)
    auto_sizes: tuple                # grid-auto-columns / -rows, cycled over implicit tracks
    auto_fit: range = range(0)       # explicit tracks made by repeat(auto-fit): empty ones collapse

    @property
    def count(self) -> int:
        return len(self.sizes)


def _fixed_size(size: Any, basis: float | None) -> float | None:
    """A track size's fixed breadth for counting auto repetitions (§7.2.3.2): the max if it is
    fixed, else the min if that is fixed."""
    if isinstance(size, MinMax):
        high = _length(size.max, basis)
        return high if high is not None else _length(size.min, basis)
    if isinstance(size, FitContent):
        return _length(size.limit, basis)
    return _length(size, basis)


def _length(value: Any, basis: float | None) -> float | None:
    if isinstance(value, (float, int)):
        return float(value)
    if isinstance(value, (Pct, CalcPct)):
        return resolve(value, basis, auto=None)
    return None


def _explicit_axis(track_list: Any, auto_sizes: tuple, areas: dict, area_count: int, area_index: int,
                   room: tuple, gap: float, subgrid_count: int | None = None) -> AxisTemplate:
    """Expand a grid-template-columns/-rows value into tracks and line names (§7.2), with the
    lines that grid-template-areas names implicitly (§7.3.2).  A subgridded axis has as many
    tracks as its area spans in the parent grid, sized there (CSS Grid 2 §9)."""
    sizes: list = []
    names: dict[str, list[int]] = {}
    auto_fit = range(0)
    if isinstance(track_list, Subgrid) and subgrid_count is not None:
        for index, found in enumerate(track_list.names[:subgrid_count + 1]):
            for name in found.names:
                names.setdefault(name, []).append(index)
        return AxisTemplate(["auto"] * subgrid_count, names, ("auto",))

    def name_line(found: LineNames) -> None:
        for name in found.names:
            names.setdefault(name, []).append(len(sizes))

    entries = track_list if isinstance(track_list, tuple) else ()
    for entry in entries:
        if isinstance(entry, LineNames):
            name_line(entry)
        elif isinstance(entry, Repeat):
            count = entry.count
            if isinstance(count, str):
                count = _auto_repetitions(entries, entry, room, gap)
            start = len(sizes)
            for _ in range(min(count, MAX_TRACKS)):
                for inner in entry.entries:
                    if isinstance(inner, LineNames):
                        name_line(inner)
                    elif len(sizes) < MAX_TRACKS:
                        sizes.append(inner)
            if entry.count == "auto-fit":
                auto_fit = range(start, len(sizes))
        elif len(sizes) < MAX_TRACKS:
            sizes.append(entry)
    while len(sizes) < area_count:       # areas make tracks of their own, sized by grid-auto-*
        sizes.append(None)
    for name, box in areas.items():
        for suffix, index in (("-start", box[area_index]), ("-end", box[area_index + 2])):
            names.setdefault(name + suffix, []).append(index)
    for lines in names.values():
        lines.sort()
    auto = auto_sizes if isinstance(auto_sizes, tuple) and auto_sizes else ("auto",)
    sizes = [auto[i % len(auto)] if s is None else s for i, s in enumerate(sizes)]
    return AxisTemplate(sizes, names, auto, auto_fit)


def _auto_repetitions(entries: tuple, repeat: Repeat, room: tuple, gap: float) -> int:
    """§7.2.3.2: as many repetitions as fit in the container's size (or max size) without
    overflowing it, at least one; with only a min size, the fewest that fill it; one when the
    size is indefinite.  `room` is (size, max size, min size) of the content box, None where
    indefinite."""
    size, largest, smallest = room
    available = size if size is not None else largest
    fill = available is None and smallest is not None
    if fill:
        available = smallest
    if available is None:
        return 1
    inner = [e for e in repeat.entries if not isinstance(e, LineNames)]
    outer = [e for e in entries if not isinstance(e, (LineNames, Repeat))]
    each = [_fixed_size(s, available) for s in inner]
    others = [_fixed_size(s, available) for s in outer]
    if any(v is None for v in each) or sum(v or 0.0 for v in each) <= 0:
        return 1
    fixed = sum(v or 0.0 for v in others) + gap * len(others)
    block = sum(each) + gap * len(each)
    if fill:
        count = math.ceil((available - fixed + gap) / block)
    else:
        count = int((available - fixed + gap) // block)
    return max(1, min(count, MAX_TRACKS))


# ---------------------------------------------------------------------------
# §8.3: line-based placement of one item in one axis

def _named_line(template: AxisTemplate, name: str, number: int) -> int:
    """The number-th line called `name` (counting from the end when negative); implicit lines
    past the explicit grid all count as having the name (§8.3)."""
    lines = template.names.get(name, [])
    if number > 0:
        return lines[number - 1] if number <= len(lines) else template.count + number - len(lines)
    back = -number
    return lines[-back] if back <= len(lines) else -(back - len(lines))


def _definite_line(line: Any, template: AxisTemplate, side: str) -> int | None:
    """A non-span grid line as a line index (0 = the explicit grid's first), None for auto/span."""
    if not isinstance(line, GridLine) or line.span:
        return None
    if line.name is None:
        n = line.number
        return n - 1 if n > 0 else template.count + 1 + n
    if line.number is None:
        for candidate in (f"{line.name}-{side}", line.name):   # an area's edge first (§8.3 custom-ident)
            lines = template.names.get(candidate)
            if lines:
                return lines[0]
        return _named_line(template, line.name, 1)
    return _named_line(template, line.name, line.number)


def _span_from(line: GridLine, template: AxisTemplate, fixed: int, forward: bool) -> int:
    """The other end of a span counted from a definite line (§8.3.1)."""
    count = line.number or 1
    if line.name is None:
        return fixed + count if forward else fixed - count
    lines = template.names.get(line.name, [])
    position = fixed
    for _ in range(count):
        following = [i for i in lines if (i > position if forward else i < position)]
        if following:
            position = following[0] if forward else following[-1]
        else:   # past the named lines: every implicit line counts
            position = max(position + 1, template.count + 1) if forward else min(position - 1, -1)
    return position


def _axis_placement(start: Any, end: Any, template: AxisTemplate) -> tuple[int | None, int]:
    """(start line or None when auto, span) of one axis (§8.3, §8.3.1 conflict handling)."""
    a = _definite_line(start, template, "start")
    b = _definite_line(end, template, "end")
    if a is not None and b is not None:
        if a == b:
            b = a + 1
        return min(a, b), abs(b - a)
    if a is not None:
        if isinstance(end, GridLine) and end.span:
            return a, max(1, _span_from(end, template, a, True) - a)
        return a, 1
    if b is not None:
        if isinstance(start, GridLine) and start.span:
            first = _span_from(start, template, b, False)
            return first, max(1, b - first)
        return b - 1, 1
    span = 1
    if isinstance(start, GridLine) and start.span and start.name is None:
        span = start.number or 1
    elif isinstance(end, GridLine) and end.span and end.name is None:
        span = end.number or 1
    return None, min(span, MAX_TRACKS)


# ---------------------------------------------------------------------------
# §8.5: the grid item placement algorithm

@dataclass(eq=False)
class GridItem:
    box: Box
    row: int = 0                 # first row track (0-based, after implicit tracks before the grid)
    row_span: int = 1
    column: int = 0
    column_span: int = 1
    margins: list = field(default_factory=list)   # top, right, bottom, left; None where auto
    bp_h: float = 0.0
    bp_v: float = 0.0
    min_content: float = 0.0     # outer (margin-box) contributions in the column axis
    max_content: float = 0.0
    minimum: float = 0.0         # the minimum contribution (automatic minimum size, §6.6)
    outer_height: float = 0.0    # the margin-box height at its column width (the row contributions)
    height_minimum: float = 0.0
    justify: str = "stretch"
    align: str = "stretch"
    baseline_shim: float = 0.0   # space above a baseline-aligned item in its row (§10.6)
    automatic_width: bool = True   # min-width: auto, overflow visible: a content-based minimum (§6.6)
    subgrid: "SubgridAxes | None" = None   # the item is a subgrid (CSS Grid 2 §9) ...
    inner: "GridSetup | None" = None       # ... and these are its own items, placed
    used_width: float | None = None      # the border-box width it is laid out at (None: its style's)
    measured_height: float = 0.0         # border-box height and first baseline at that width
    measured_baseline: float = 0.0
    automatic_height: bool = True


class Occupancy:
    """Which cells are taken, as rows of column sets (sparse: a grid can have 10,000 tracks).
    `first_open` is the first row with a free cell, where dense packing starts looking: no
    item fits in a full row, and skipping them keeps dense placement linear in practice."""

    def __init__(self, width: int) -> None:
        self.cells: dict[int, set[int]] = {}
        self.width = max(1, width)   # (a row of no cells would count as full forever)
        self.first_open = 0

    def free(self, major: int, minor: int, major_span: int, minor_span: int) -> bool:
        wanted = range(minor, minor + minor_span)
        for m in range(major, major + major_span):
            taken = self.cells.get(m)
            if taken and not taken.isdisjoint(wanted):
                return False
        return True

    def take(self, major: int, minor: int, major_span: int, minor_span: int) -> None:
        for m in range(major, major + major_span):
            self.cells.setdefault(m, set()).update(range(minor, minor + minor_span))
        while len(self.cells.get(self.first_open, ())) >= self.width:
            self.first_open += 1


def place_items(items: list[GridItem], rows: AxisTemplate, columns: AxisTemplate,
                flow: str) -> tuple[int, int, int, int]:
    """§8.5: set every item's area; returns (implicit rows before, row count, implicit columns
    before, column count).  The algorithm is written for row flow — the *major* axis is the one
    auto-placement adds tracks to — and column flow swaps the axes."""
    column_flow = flow.startswith("column")
    dense = flow.endswith("dense")
    placements = []
    for item in items:
        s = item.box.style
        r = _axis_placement(s.grid_row_start, s.grid_row_end, rows)
        c = _axis_placement(s.grid_column_start, s.grid_column_end, columns)
        placements.append((c, r) if column_flow else (r, c))
    major_template, minor_template = (columns, rows) if column_flow else (rows, columns)
    # implicit tracks before the explicit grid: shift every index so the first line is 0
    major_shift = -min([0] + [p[0][0] for p in placements if p[0][0] is not None])
    minor_shift = -min([0] + [p[1][0] for p in placements if p[1][0] is not None])
    minor_count = minor_template.count + minor_shift
    for (major, minor) in placements:
        if minor[0] is not None:
            minor_count = max(minor_count, minor[0] + minor_shift + minor[1])
        else:
            minor_count = max(minor_count, minor[1])
    minor_count = min(minor_count, MAX_TRACKS)
    grid = Occupancy(minor_count)
    areas: list = [None] * len(items)
    # step 1: items with a definite position in both axes
    for index, (major, minor) in enumerate(placements):
        if major[0] is not None and minor[0] is not None:
            areas[index] = (major[0] + major_shift, major[1], minor[0] + minor_shift, minor[1])
            grid.take(*_cells(areas[index]))
    # step 2: items locked to a major track (row flow: a definite row, an auto column)
    row_cursors: dict[int, int] = {}
    for index, (major, minor) in enumerate(placements):
        if major[0] is None or minor[0] is not None:
            continue
        m = major[0] + major_shift
        column = 0 if dense else row_cursors.get(m, 0)
        while not grid.free(m, column, major[1], minor[1]):
            column += 1
        areas[index] = (m, major[1], column, minor[1])
        grid.take(*_cells(areas[index]))
        row_cursors[m] = column + minor[1]
        minor_count = max(minor_count, column + minor[1])
    grid.width = max(1, minor_count)
    # step 4: the rest, with the auto-placement cursor
    cursor_major, cursor_minor = 0, 0
    for index, (major, minor) in enumerate(placements):
        if areas[index] is not None:
            continue
        span_major, span_minor = major[1], min(minor[1], max(1, minor_count))
        if dense:
            cursor_major, cursor_minor = grid.first_open, 0
        if minor[0] is not None:
            column = minor[0] + minor_shift
            if not dense and column < cursor_minor:
                cursor_major += 1
            cursor_minor = column
            while not grid.free(cursor_major, column, span_major, span_minor):
                cursor_major += 1
        else:
            while True:
                if cursor_minor + span_minor > minor_count:
                    cursor_major += 1
                    cursor_minor = 0
                    continue
                if grid.free(cursor_major, cursor_minor, span_major, span_minor):
                    break
                cursor_minor += 1
        areas[index] = (cursor_major, span_major, cursor_minor, span_minor)
        grid.take(*_cells(areas[index]))
        if minor[0] is None:
            cursor_minor += span_minor
    major_count = min(MAX_TRACKS, max([major_template.count + major_shift] + [a[0] + a[1] for a in areas]))
    minor_count = min(MAX_TRACKS, max([minor_count] + [a[2] + a[3] for a in areas]))
    # the grid stops at MAX_TRACKS tracks: an area past it is moved back inside (as Blink clamps)
    areas = [_clamp_area(a, major_count, minor_count) for a in areas]
    for item, (major, major_span, minor, minor_span) in zip(items, areas):
        if column_flow:
            item.column, item.column_span, item.row, item.row_span = major, major_span, minor, minor_span
        else:
            item.row, item.row_span, item.column, item.column_span = major, major_span, minor, minor_span
    if column_flow:
        return minor_shift, min(minor_count, MAX_TRACKS), major_shift, min(major_count, MAX_TRACKS)
    return major_shift, min(major_count, MAX_TRACKS), minor_shift, min(minor_count, MAX_TRACKS)


def _clamp_area(area: tuple, major_count: int, minor_count: int) -> tuple[int, int, int, int]:
    major, major_span, minor, minor_span = area
    major = min(major, major_count - 1)
    minor = min(minor, minor_count - 1)
    return major, min(major_span, major_count - major), minor, min(minor_span, minor_count - minor)


def _cells(area: tuple) -> tuple[int, int, int, int]:
    major, major_span, minor, minor_span = area
    return major, minor, major_span, minor_span


# ---------------------------------------------------------------------------
# §11: the grid sizing algorithm

@dataclass(eq=False)
class Track:
    min_fn: Any                  # px float, "auto", "min-content" or "max-content"
    max_fn: Any                  # px float, "auto", "min-content", "max-content" or Fr
    fit: float | None = None     # fit-content(limit)
    base: float = 0.0
    limit: float = math.inf      # the growth limit
    collapsed: bool = False      # an empty auto-fit track (§7.2.3.2)
    infinitely_growable: bool = False
    position: float = 0.0

    @property
    def flexible(self) -> bool:
        return isinstance(self.max_fn, Fr)


def _resolve_breadth(value: Any, basis: float | None) -> Any:
    """Percentages of an indefinite size behave as auto (§7.2.1)."""
    if isinstance(value, (Pct, CalcPct)):
        resolved = resolve(value, basis, auto=None)
        return "auto" if resolved is None else max(0.0, resolved)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return max(0.0, float(value))
    return value


def make_tracks(template: AxisTemplate, before: int, count: int, basis: float | None) -> list[Track]:
    """The tracks of one axis: `before` implicit tracks, the explicit ones, then implicit ones
    after, the implicit ones sized by grid-auto-* (cycled from the explicit grid's edges, §7.6)."""
    tracks = []
    auto = template.auto_sizes
    for index in range(count):
        explicit = index - before
        if 0 <= explicit < template.count:
            size = template.sizes[explicit]
        elif explicit >= template.count:
            size = auto[(explicit - template.count) % len(auto)]
        else:
            size = auto[explicit % len(auto)]
        if isinstance(size, MinMax):
            low, high, fit = size.min, size.max, None
        elif isinstance(size, FitContent):
            limit = _length(size.limit, basis)
            low, high, fit = "auto", "max-content", limit
            if limit is None:
                high, fit = "max-content", None
        elif isinstance(size, Fr):
            low, high, fit = "auto", size, None
        else:
            low = high = size
            fit = None
        low, high = _resolve_breadth(low, basis), _resolve_breadth(high, basis)
        if isinstance(low, Fr):
            low = "auto"
        tracks.append(Track(low, high, fit))
    return tracks


@dataclass
class Span:
    """What track sizing needs of one item in one axis: where it is, and its contributions."""

    start: int
    count: int
    minimum: float
    min_content: float
    max_content: float
    automatic: bool = True       # `minimum` is the automatic minimum size (min-width/height: auto)


def size_tracks(tracks: list[Track], spans: list[Span], gap: float, available: float | None,
                mode: str = "layout", min_available: float | None = None,
                distribution: str = "normal") -> None:
    """§11.3 the track sizing algorithm for one axis.  `available` is the content-box size when
    definite; `mode` "min" or "max" sizes the container under a min-/max-content constraint
    (its intrinsic widths, §11.1)."""
    # §11.4 initialise track sizes
    for track in tracks:
        track.base = track.min_fn if isinstance(track.min_fn, float) else 0.0
        if isinstance(track.max_fn, float):
            track.limit = max(track.max_fn, track.base)
        else:
            track.limit = math.inf
        if track.collapsed:
            track.base, track.limit = 0.0, 0.0
    _resolve_intrinsic(tracks, spans, gap, mode)
    gaps = gap * max(0, _visible(tracks) - 1)
    # §11.6 maximise tracks
    if mode == "max" or (available is None and mode == "layout"):
        for track in tracks:
            if not track.flexible:
                track.base = max(track.base, track.limit)
    elif available is not None and mode == "layout":
        _grow_equally(tracks, available - gaps - sum(t.base for t in tracks), lambda t: t.limit)
    # §11.7 expand flexible tracks
    flexible = [t for t in tracks if t.flexible and not t.collapsed]
    if flexible and mode != "min":
        if available is not None and mode == "layout":
            fraction = _fr_size(tracks, available, gap)
        else:
            fraction = 0.0
            for track in flexible:
                factor = track.max_fn.value
                fraction = max(fraction, track.base / factor if factor > 1 else track.base)
            for span in spans:
                spanned = tracks[span.start:span.start + span.count]
                if any(t.flexible for t in spanned):
                    fraction = max(fraction, _fr_size(spanned, span.max_content, gap))
            if min_available is not None and mode == "layout":
                total = sum(max(t.base, fraction * t.max_fn.value) if t.flexible else t.base for t in tracks)
                if total + gaps < min_available:
                    fraction = _fr_size(tracks, min_available, gap)
        for track in flexible:
            track.base = max(track.base, min(HUGE, fraction * track.max_fn.value))
    # §11.8 stretch auto tracks
    space = available if available is not None else min_available
    if mode == "layout" and space is not None and distribution in ("normal", "stretch"):
        autos = [t for t in tracks if t.max_fn == "auto" and not t.collapsed]
        free = space - gaps - sum(t.base for t in tracks)
        if autos and free > 0:
            for track in autos:
                track.base += free / len(autos)


def _visible(tracks: list[Track]) -> int:
    return sum(1 for t in tracks if not t.collapsed)


def _grow_equally(tracks: list[Track], free: float, cap) -> None:
    """Share `free` equally among the tracks, freezing each at its cap (§11.6)."""
    if free <= 0:
        return
    open_tracks = sorted((t for t in tracks if not t.collapsed and cap(t) > t.base),
                         key=lambda t: cap(t) - t.base)
    for index, track in enumerate(open_tracks):
        share = free / (len(open_tracks) - index)
        grow = min(share, cap(track) - track.base)
        track.base += grow
        free -= grow


def _fr_size(tracks: list[Track], space: float, gap: float) -> float:
    """§11.7.1 find the size of an fr: flexible tracks whose base is larger than their share
    are treated as inflexible, and the share found again."""
    inflexible: set[int] = set()
    gaps = gap * max(0, _visible(tracks) - 1)
    while True:
        leftover = space - gaps
        factors = 0.0
        for index, track in enumerate(tracks):
            if track.flexible and index not in inflexible and not track.collapsed:
                factors += track.max_fn.value
            else:
                leftover -= track.base
        share = max(0.0, leftover) / max(factors, 1.0)
        newly = {i for i, t in enumerate(tracks) if t.flexible and i not in inflexible and not t.collapsed
                 and t.base > share * t.max_fn.value}
        if not newly:
            return share
        inflexible |= newly


def _resolve_intrinsic(tracks: list[Track], spans: list[Span], gap: float, mode: str) -> None:
    """§11.5 resolve intrinsic track sizes."""
    single: list[Span] = []
    multi: dict[int, list[Span]] = {}
    crossing_flexible: list[Span] = []
    flexible_before = [0]   # flexible_before[i]: how many of tracks[:i] are flexible
    for track in tracks:
        flexible_before.append(flexible_before[-1] + track.flexible)
    for span in _merge_spans(spans):
        if flexible_before[span.start + span.count] > flexible_before[span.start]:
            crossing_flexible.append(span)
        elif span.count == 1:
            single.append(span)
        else:
            multi.setdefault(span.count, []).append(span)
    # step 2: items spanning one track
    limits: dict[int, float] = {}
    for span in single:
        track = tracks[span.start]
        if track.collapsed:
            continue
        low = track.min_fn
        if low == "min-content" or (low == "auto" and mode == "min"):
            track.base = max(track.base, span.min_content)
        elif low == "max-content" or (low == "auto" and mode == "max"):
            track.base = max(track.base, span.max_content)
        elif low == "auto":
            minimum = span.minimum
            if span.automatic and isinstance(track.max_fn, float):
                minimum = min(minimum, track.max_fn)   # §6.6: clamped by a fixed max track size
            track.base = max(track.base, minimum)
        high = track.max_fn
        if high == "min-content":
            limits[span.start] = max(limits.get(span.start, 0.0), span.min_content)
        elif high in ("max-content", "auto"):
            value = span.max_content
            if track.fit is not None:
                value = min(value, max(track.fit, span.min_content if low != "auto" else 0.0))
            limits[span.start] = max(limits.get(span.start, 0.0), value)
    for index, value in limits.items():
        if tracks[index].limit == math.inf:
            tracks[index].limit = value
    for track in tracks:
        if track.fit is not None and track.limit != math.inf:
            track.limit = max(track.limit, track.base)
        if track.limit < track.base:
            track.limit = track.base
    # step 3: items spanning several tracks, fewest spans first
    for count in sorted(multi):
        group = multi[count]
        _distribute(tracks, group, gap, "base", lambda t: t.min_fn in INTRINSIC, lambda s: s.minimum
                    if mode == "layout" else s.min_content)
        _distribute(tracks, group, gap, "base", lambda t: t.min_fn in ("min-content", "max-content"),
                    lambda s: s.min_content)
        _distribute(tracks, group, gap, "base",
                    lambda t: t.min_fn == "max-content" or (t.min_fn == "auto" and mode == "max"),
                    lambda s: s.max_content)
        for track in tracks:
            if track.limit < track.base:
                track.limit = track.base
        _distribute(tracks, group, gap, "limit", lambda t: t.max_fn in INTRINSIC, lambda s: s.min_content)
        _distribute(tracks, group, gap, "limit", lambda t: t.max_fn in ("max-content", "auto"),
                    lambda s: s.max_content)
    # step 4 (CSS Grid 2 §11.5): items crossing flexible tracks grow those tracks' base sizes,
    # in proportion to their flex factors
    for span in sorted(crossing_flexible, key=lambda s: s.count):
        spanned = [t for t in tracks[span.start:span.start + span.count] if not t.collapsed]
        targets = [t for t in spanned if t.flexible and t.min_fn in INTRINSIC]
        if span.count > 1 and span.automatic and mode == "layout":
            continue   # §6.6: no content-based minimum for an item spanning flexible tracks
        contribution = span.min_content if mode != "layout" else span.minimum
        if mode == "max":
            contribution = span.max_content if all(t.min_fn == "max-content" for t in targets) else contribution
        extra = contribution - sum(t.base for t in spanned) - gap * max(0, len(spanned) - 1)
        if extra <= 0 or not targets:
            continue
        factors = sum(t.max_fn.value for t in targets)
        for track in targets:
            share = track.max_fn.value / factors if factors > 0 else 1.0 / len(targets)
            track.base += extra * share
    # step 5: growth limits still infinite become the base size
    for track in tracks:
        if track.limit == math.inf or track.limit < track.base:
            track.limit = track.base


def _merge_spans(spans: list[Span]) -> list[Span]:
    """Items spanning the same tracks count as one with the largest of each contribution: what
    each step makes of them is monotonic in the contribution, so the result is the same, and a
    thousand items spanning a 10,000-track grid are distributed once, not a thousand times."""
    merged: dict[tuple, Span] = {}
    for span in spans:
        key = (span.start, span.count, span.automatic)
        known = merged.get(key)
        if known is None:
            merged[key] = Span(span.start, span.count, span.minimum, span.min_content, span.max_content,
                               span.automatic)
        else:
            known.minimum = max(known.minimum, span.minimum)
            known.min_content = max(known.min_content, span.min_content)
            known.max_content = max(known.max_content, span.max_content)
    return list(merged.values())


def _distribute(tracks: list[Track], group: list[Span], gap: float, target: str, affected, contribution) -> None:
    """§11.5.1 distribute extra space across spanned tracks, for one group of items with the same
    span count: each item's extra space goes equally to its affected tracks up to their limits,
    then beyond them; each track grows by the largest increase any item planned for it."""
    planned: dict[int, float] = {}
    for span in group:
        indices = [i for i in range(span.start, span.start + span.count) if not tracks[i].collapsed]
        chosen = [i for i in indices if affected(tracks[i])]
        if not chosen:
            continue

        def size(i: int) -> float:
            t = tracks[i]
            if target == "base":
                return t.base
            return t.limit if t.limit != math.inf else t.base

        extra = contribution(span) - sum(size(i) for i in indices) - gap * max(0, len(indices) - 1)
        if extra <= 0:
            continue
        increase = dict.fromkeys(chosen, 0.0)

        def room(i: int) -> float:
            t = tracks[i]
            if target == "base":
                return max(0.0, t.limit - t.base) if t.limit != math.inf else math.inf
            if t.fit is not None:
                return max(0.0, t.fit - size(i))
            return math.inf if t.infinitely_growable or t.limit == math.inf else 0.0

        ordered = sorted(chosen, key=room)
        left = extra
        for n, i in enumerate(ordered):
            grow = min(left / (len(ordered) - n), room(i))
            increase[i] += grow
            left -= grow
        if left > 1e-9:
            # beyond the limits: to tracks whose max sizing function suits the contribution
            if target == "base":
                beyond = [i for i in chosen if tracks[i].max_fn in INTRINSIC] or chosen
            else:
                beyond = [i for i in chosen if tracks[i].fit is None] or chosen
            for i in beyond:
                increase[i] += left / len(beyond)
        for i, grow in increase.items():
            planned[i] = max(planned.get(i, 0.0), grow)
    for i, grow in planned.items():
        track = tracks[i]
        if target == "base":
            track.base += grow
        else:
            if track.limit == math.inf:
                track.limit = track.base + grow
                track.infinitely_growable = True
            else:
                track.limit += grow


def _position_tracks(tracks: list[Track], gap: float, start: float, space: float | None,
                     distribution: str) -> float:
    """§10.5: place the tracks along the axis with justify-content / align-content; returns the
    size they take (gaps included).  Collapsed tracks take no size and no gutters."""
    visible = _visible(tracks)
    used = sum(t.base for t in tracks) + gap * max(0, visible - 1)
    free = (space - used) if space is not None else 0.0
    offset, between = content_distribution(distribution, free, visible)
    position = start + offset
    seen = False
    for track in tracks:
        if track.collapsed:
            track.position = position
            continue
        if seen:
            position += gap + between
        track.position = position
        position += track.base
        seen = True
    return used


# ---------------------------------------------------------------------------
# the grid container

def _gap(value: Any, basis: float | None) -> float:
    """row-gap / column-gap: `normal` is 0 in a grid container (CSS Box Alignment 3 §8.1)."""
    if value == "normal":
        return 0.0
    return min(HUGE, max(0.0, resolve(value, basis, auto=0.0) or 0.0))


def _self_alignment(value: str, fallback: str, box: Box) -> str:
    """The used justify-self / align-self: auto takes the container's *-items; normal is stretch,
    but start for replaced elements (§10.3, §10.4)."""
    if value == "auto":
        value = fallback
    if value in ("normal", "legacy"):
        value = "start" if box.kind == REPLACED else "stretch"
    return value


@dataclass
class GridSetup:
    """A container's items placed and its tracks made, for layout or for its intrinsic widths."""

    items: list[GridItem]
    rows: list[Track]
    columns: list[Track]
    column_gap: float
    row_gap: float
    # what resolves an absolutely positioned child's lines (§9.1): the templates, and how many
    # implicit tracks come before the explicit grid in each axis
    row_template: AxisTemplate | None = None
    column_template: AxisTemplate | None = None
    row_before: int = 0
    column_before: int = 0


def _setup(box: Box, content_w: float | None, height: float | None, width_room: tuple,
           height_room: tuple, subgrid: "SubgridAxes | None" = None) -> GridSetup:
    """Place the items and make the tracks; the rooms are (size, max, min) of the content box
    in each axis, for auto repetitions.  In a subgridded axis the items stay inside the tracks
    the parent lends (a subgrid has no implicit tracks there, CSS Grid 2 §9)."""
    s = box.style
    column_gap = _gap(s.column_gap, content_w)
    row_gap = _gap(s.row_gap, height)
    areas = area_rectangles(s.grid_template_areas) if isinstance(s.grid_template_areas, tuple) else None
    areas = areas or {}
    area_rows = len(s.grid_template_areas) if areas else 0
    area_columns = len(s.grid_template_areas[0]) if areas else 0
    lent_columns, lent_rows = (subgrid.columns, subgrid.rows) if subgrid is not None else (None, None)
    columns = _explicit_axis(s.grid_template_columns, s.grid_auto_columns, areas, area_columns, 1,
                             width_room, column_gap, lent_columns)
    rows = _explicit_axis(s.grid_template_rows, s.grid_auto_rows, areas, area_rows, 0, height_room, row_gap,
                          lent_rows)
    items = [GridItem(child) for child in box.children if not is_out_of_flow(child)]
    row_before, row_count, column_before, column_count = place_items(items, rows, columns, s.grid_auto_flow)
    for lent, key in ((lent_columns, "column"), (lent_rows, "row")):
        if lent is None:
            continue
        before = column_before if key == "column" else row_before
        for item in items:
            start = min(max(getattr(item, key) - before, 0), lent - 1)
            setattr(item, key, start)
            setattr(item, key + "_span", max(1, min(getattr(item, key + "_span"), lent - start)))
        if key == "column":
            column_before, column_count = 0, lent
        else:
            row_before, row_count = 0, lent
    column_tracks = make_tracks(columns, column_before, column_count, content_w)
    row_tracks = make_tracks(rows, row_before, row_count, height)
    for tracks, template, before, key in ((column_tracks, columns, column_before, "column"),
                                          (row_tracks, rows, row_before, "row")):
        if template.auto_fit:
            used = set()
            for item in items:
                start = getattr(item, key)
                used.update(range(start, start + getattr(item, key + "_span")))
            for index in template.auto_fit:
                if index + before not in used:
                    tracks[index + before].collapsed = True
    return GridSetup(items, row_tracks, column_tracks, column_gap, row_gap, rows, columns, row_before, column_before)


def _content_sized_before(tracks: list[Track], indefinite: bool) -> list[int]:
    """Prefix counts of the tracks whose size depends on their items' contributions: an intrinsic
    min or max sizing function, or a flexible one when the space is indefinite (§11.5, §11.7)."""
    counts = [0]
    for track in tracks:
        sized = track.min_fn in INTRINSIC or track.max_fn in INTRINSIC or (indefinite and track.flexible)
        counts.append(counts[-1] + sized)
    return counts


def _column_contributions(item: GridItem, ctx) -> Layout:
    """An item's min-content, max-content and minimum contributions in the column axis, as
    margin boxes (§11.5, the automatic minimum size of §6.6)."""
    box = item.box
    s = box.style
    if box.kind == REPLACED:
        # percentages of an indefinite size are ignored for the max-content contribution; they
        # make the min-content one zero (a compressible replaced element, CSS Sizing 3 §5.2.2)
        layout_replaced(box, None, None)
        high = box.width + box.margin[1] + box.margin[3]
        compressible = any(isinstance(v, (Pct, CalcPct)) for v in (s.width, s.max_width))
        low = box.margin[1] + box.margin[3] if compressible else high
    else:
        low, high = yield intrinsic_contribution(box, ctx)
    item.min_content, item.max_content = low, high
    border, padding, margins = edges(s, 0.0)
    extra = (border[1] + border[3] + padding[1] + padding[3] + (margins[1] or 0.0) + (margins[3] or 0.0))
    min_w = used_size(s.min_width, None)
    item.automatic_width = min_w is None and s.overflow_x == "visible"
    if min_w is not None:
        item.minimum = min_w + (0.0 if s.box_sizing == "border-box" else border[1] + border[3]
                                + padding[1] + padding[3]) + (margins[1] or 0.0) + (margins[3] or 0.0)
    elif s.overflow_x != "visible":
        item.minimum = extra
    else:
        width = used_size(s.width, None)
        item.minimum = high if width is not None and box.kind != REPLACED else low
    return None


def _area(tracks: list[Track], start: int, span: int) -> tuple[float, float]:
    """(position, size) of the area spanning tracks[start:start+span]."""
    first = tracks[start]
    last = tracks[start + span - 1]
    return first.position, last.position + last.base - first.position


def _item_width(item: GridItem, area_w: float, ctx) -> Layout:
    """The border-box width of an item in its area: stretched to fill it (less margins) when its
    width is auto, else fit-content, or the min-/max-content width it asks for; None when a
    length or percentage width decides (§10.3, §6.2, CSS Sizing 3 §3.2)."""
    box = item.box
    s = box.style
    if box.kind in (REPLACED, TABLE) or used_size(s.width, area_w) is not None:
        return None
    m = item.margins
    available = area_w - (m[1] or 0.0) - (m[3] or 0.0)
    keyword = s.width if s.width in ("min-content", "max-content", "fit-content") else None
    if keyword is None and item.justify == "stretch" and m[1] is not None and m[3] is not None:
        width = available
    else:
        low, high = yield intrinsic_widths(box, ctx)
        fit = min(max(low, available - item.bp_h), high)
        width = {"min-content": low, "max-content": high}.get(keyword, fit) + item.bp_h
    delta = 0.0 if s.box_sizing == "border-box" else item.bp_h
    low_w, high_w = used_size(s.min_width, area_w), used_size(s.max_width, area_w)
    if high_w is not None:
        width = min(width, high_w + delta)
    if low_w is not None:
        width = max(width, low_w + delta)
    return max(width, item.bp_h)


def _layout_item(item: GridItem, area_w: float, area_h: float | None, ctx, width: float | None,
                 height: float | None) -> Layout:
    """Lay the item out in an area `area_w` wide with its border-box `width` (None: its style's)
    and, when given, its border-box `height` forced (a stretched item, §10.4)."""
    box = item.box
    key = (area_w, area_h, width, height)
    memo = _memo(ctx)
    last = memo.last
    if last.get(id(box)) == key and id(box) not in memo.subgrids:
        return None   # its geometry is already this layout's (a subgrid's depends on lent tracks too)
    last[id(box)] = key
    if box.kind == REPLACED:
        layout_replaced(box, area_w, area_h)
        if height is not None:
            box.height = height
        return None
    if box.kind == TABLE:
        from .table import layout_table
        yield layout_table(box, area_w, area_h, ctx, None)
        if height is not None:
            box.height = max(box.height, height)
        return None
    forced = None if height is None else max(0.0, height - item.bp_v)
    yield layout_block(box, area_w, area_h, ctx, None, forced_border_width=width, bfc=True,
                       forced_height=forced)
    if forced is None and box.style.height == "auto":
        _control_height(box, ctx)
    return None


def _control_height(box: Box, ctx) -> None:
    """A <textarea> is as tall as its rows and a drop-down <select> has inner padding, whatever
    it holds — as when it is laid out inline (block.layout_atomic)."""
    if box.tag == "textarea" and box.element is not None:
        rows = _positive_int(box.element.get("rows"), 2)
        line = line_height_px(box.style, ctx.metrics.metrics(ctx.metrics.font(box.style)))
        box.height = rows * line + box.border[0] + box.border[2] + box.padding[0] + box.padding[2]
    elif box.tag == "select" and form_control_width(box, ctx) is not None:
        box.height += MENU_LIST_PADDING[0] + MENU_LIST_PADDING[2]


def layout_grid(box: Box, cb_width: float, cb_height: float | None, ctx, parent_style=None,
                forced_border_width: float | None = None, forced_height: float | None = None,
                auto_height: bool = False) -> Layout:
    """Lay out a grid container and its items (CSS Grid 1 §11); returns its BlockResult.

    The container is sized like a block box (its width the block's, or the shrink-to-fit width
    its parent forced); its auto height is the sum of its rows (§11.1 step 4 / §10.6.3)."""
    content_w, height, min_h, max_h = yield size_container(box, cb_width, cb_height, parent_style,
                                                           forced_border_width, forced_height, auto_height,
                                                           grid_intrinsic_widths(box, ctx))
    s = box.style
    border, padding = box.border, box.padding
    content_left, content_top = border[3] + padding[3], border[0] + padding[0]
    lent = _memo(ctx).subgrids.get(id(box))    # this container is a subgrid: its parent lends tracks
    setup = _setup(box, content_w, height, (content_w, None, None), (height, max_h, min_h), lent)
    items, rows, columns = setup.items, setup.rows, setup.columns
    _register_subgrids(items, ctx)
    container_justify, container_align = s.justify_items, s.align_items

    # §11.1 step 1: size the columns from the items' inline contributions (of the items that
    # span a content-sized column: fixed and minmax(<fixed>, 1fr) columns need none, §11.5)
    content_sized = _content_sized_before(columns, indefinite=False)
    spans: list[Span] = []
    for item in items:
        child = item.box
        cs = child.style
        border_i, padding_i, item.margins = edges(cs, content_w)
        child.border, child.padding = border_i, padding_i
        item.bp_h = border_i[1] + border_i[3] + padding_i[1] + padding_i[3]
        item.bp_v = border_i[0] + border_i[2] + padding_i[0] + padding_i[2]
        item.justify = _self_alignment(cs.justify_self, container_justify, child)
        item.align = _self_alignment(cs.align_self, container_align, child)
        if item.subgrid is not None and item.subgrid.columns is not None:
            spans.extend((yield _subgrid_column_spans(item, setup.column_gap, content_w, ctx)))
            continue
        if content_sized[item.column + item.column_span] > content_sized[item.column]:
            yield _column_contributions(item, ctx)
        spans.append(Span(item.column, item.column_span, item.minimum, item.min_content, item.max_content,
                          item.automatic_width))
    if lent is not None and lent.column_tracks is not None:
        _use_lent_tracks(columns, lent.column_tracks)
    else:
        size_tracks(columns, spans, setup.column_gap, content_w, distribution=s.justify_content)
        _position_tracks(columns, setup.column_gap, content_left, content_w, s.justify_content)
    for item in items:
        if item.subgrid is not None and item.subgrid.columns is not None:
            x, area_w = _area(columns, item.column, item.column_span)
            b, p, m = edges(item.box.style, content_w)
            item.subgrid.column_tracks = _lend_tracks(
                item, columns, item.column, item.column_span, x + (m[3] or 0.0),
                (m[3] or 0.0) + b[3] + p[3], (m[1] or 0.0) + b[1] + p[1],
                _half_gap(item.box.style.column_gap, setup.column_gap, content_w))

    # §11.1 step 2: size the rows from the items' heights at their column widths
    row_spans: list[Span] = []
    for item in items:
        _x, area_w = _area(columns, item.column, item.column_span)
        # percentages of margins and padding are of the grid area's width (§6.2)
        border_i, padding_i, item.margins = edges(item.box.style, area_w)
        item.bp_h = border_i[1] + border_i[3] + padding_i[1] + padding_i[3]
        item.bp_v = border_i[0] + border_i[2] + padding_i[0] + padding_i[2]
        width = yield _item_width(item, area_w, ctx)
        item.used_width = width
        if item.subgrid is not None and item.subgrid.rows is not None:
            row_spans.extend((yield _subgrid_row_spans(item, area_w, setup.row_gap, ctx)))
            item.measured_height = -1.0   # laid out once the rows it borrows are sized
            continue
        yield _measure(item, area_w, ctx)
        m = item.margins
        item.outer_height = item.measured_height + (m[0] or 0.0) + (m[2] or 0.0)
        cs = item.box.style
        fixed_h = used_size(cs.height, None)
        min_h_item = used_size(cs.min_height, None)
        item.automatic_height = min_h_item is None and cs.overflow_y == "visible"
        if min_h_item is not None:
            item.height_minimum = min_h_item + (0.0 if cs.box_sizing == "border-box" else item.bp_v) \
                + (m[0] or 0.0) + (m[2] or 0.0)
        elif cs.overflow_y != "visible" and fixed_h is None:
            item.height_minimum = item.bp_v + (m[0] or 0.0) + (m[2] or 0.0)
        else:
            item.height_minimum = item.outer_height
    _align_baselines(items)
    row_spans += [Span(i.row, i.row_span, i.height_minimum, i.outer_height, i.outer_height, i.automatic_height)
                  for i in items if i.measured_height >= 0]
    if lent is not None and lent.row_tracks is not None:
        _use_lent_tracks(rows, lent.row_tracks)
        rows_used = (rows[-1].position + rows[-1].base - content_top) if rows else 0.0
        if height is None:
            height = rows_used
        height = clamp(height, min_h, max_h)
    else:
        size_tracks(rows, row_spans, setup.row_gap, height, min_available=min_h if height is None else None,
                    distribution=s.align_content)
        rows_used = sum(t.base for t in rows) + setup.row_gap * max(0, _visible(rows) - 1)
        if height is None:
            height = rows_used
        height = clamp(height, min_h, max_h)
        if isinstance(s.row_gap, (Pct, CalcPct)) and setup.row_gap == 0.0:
            # a percentage gap of an auto height counts as zero for sizing, then resolves against
            # the height found (as Blink does)
            setup.row_gap = _gap(s.row_gap, height)
        _position_tracks(rows, setup.row_gap, content_top, height, s.align_content)
    for item in items:
        if item.subgrid is not None and item.subgrid.rows is not None:
            y, _area_h = _area(rows, item.row, item.row_span)
            b, p, m = edges(item.box.style, content_w)
            item.subgrid.row_tracks = _lend_tracks(
                item, rows, item.row, item.row_span, y + (m[0] or 0.0), (m[0] or 0.0) + b[0] + p[0],
                (m[2] or 0.0) + b[2] + p[2], _half_gap(item.box.style.row_gap, setup.row_gap, None))

    # §10: each item in its area
    for item in items:
        x, area_w = _area(columns, item.column, item.column_span)
        y, area_h = _area(rows, item.row, item.row_span)
        child = item.box
        target = _stretch_target(item, area_h)
        if target is not None and abs(target - item.measured_height) > 1e-9:
            if _height_independent(child, ctx):
                # stretching moves nothing inside a plain block: the measured layout, made taller
                yield _layout_item(item, area_w, None, ctx, item.used_width, None)
                child.height = target
                _memo(ctx).last[id(child)] = (area_w, area_h, item.used_width, target)
            else:
                yield _layout_item(item, area_w, area_h, ctx, item.used_width, target)
        elif isinstance(child.style.height, (Pct, CalcPct)) or isinstance(child.style.min_height, (Pct, CalcPct)):
            # percentage heights resolve against the grid area once the rows are sized (§6.2)
            yield _layout_item(item, area_w, area_h, ctx, item.used_width, None)
        else:
            yield _layout_item(item, area_w, None, ctx, item.used_width, None)   # (as measured)
        m = item.margins
        left, right = _place_in(area_w, child.width, m[3], m[1], item.justify)
        top, bottom = _place_in(area_h, child.height, m[0], m[2], item.align)
        top += item.baseline_shim
        child.x = x + left
        child.y = y + top
        child.margin = (m[0] if m[0] is not None else top, m[1] if m[1] is not None else right,
                        m[2] if m[2] is not None else bottom, m[3] if m[3] is not None else left)
        apply_relative(child, area_w, area_h)

    # out-of-flow children: their static position is the start of the content box (§9.2, as the
    # sole item of an area at the content edges) — when this container is their containing block,
    # their grid area is (§9.1), whose auto lines are the padding edges; its start is the static
    # position too, as Blink places it
    queue = getattr(ctx, "out_of_flow", None)
    for child in box.children:
        if is_out_of_flow(child) and queue is not None:
            if s.position != "static" and child.style.position == "absolute":
                padding_edges = (border[3], border[0], box.width - border[1],
                                 height + border[0] + padding[0] + padding[2])
                area = abspos_area(child.style, setup, padding_edges, (content_left, content_top))
                queue.defer(child, box, area[0], area[1], area)
            else:
                queue.defer(child, box, content_left, content_top)

    box.lines = None
    box.height = height + border[0] + border[2] + padding[0] + padding[2]
    _baselines(box, items)
    return BlockResult(Strut().add(box.margin[0]), Strut().add(box.margin[2]))


# ---------------------------------------------------------------------------
# §9.1: the grid area of an absolutely positioned child

def _abspos_lines(start: Any, end: Any, template: AxisTemplate, before: int, count: int) -> tuple:
    """The two lines (0 = the first line of the grid, implicit tracks included) one axis of an
    absolutely positioned child's placement resolves to; None is `auto`, the padding edge.

    Unlike an item's, an auto line stays auto (no span of 1, no auto-placement), a span needs a
    definite line to count from, and a line outside the grid — named past it, or reached by a
    span — is auto too: such a child adds no implicit tracks (§9.1)."""
    a = _definite_line(start, template, "start")
    b = _definite_line(end, template, "end")
    if a is not None and b is not None:
        if a == b:
            b = a + 1
        a, b = min(a, b), max(a, b)
    elif a is not None and isinstance(end, GridLine) and end.span:
        b = _span_from(end, template, a, True)
    elif b is not None and isinstance(start, GridLine) and start.span:
        a = _span_from(start, template, b, False)
    return tuple(None if line is None or not 0 <= line + before <= count else line + before for line in (a, b))


def _line_edge(tracks: list[Track], line: int | None, is_start: bool, padding_edge: float,
               content_edge: float) -> float:
    """Where a line is, as the start or the end of an area: the gutter beside it is not part of
    the area (an end line is where the track before it ends, a start line where the one after
    it starts); auto is the padding edge."""
    if line is None:
        return padding_edge
    if not tracks:
        return content_edge
    if (is_start and line < len(tracks)) or line == 0:
        return tracks[line].position
    return tracks[line - 1].position + tracks[line - 1].base


def abspos_area(style, setup: GridSetup, padding_edges: tuple, content_start: tuple) -> tuple:
    """§9.1: the containing block an absolutely positioned child of this (positioned) grid
    container gets from its grid-placement properties, as (x, y, width, height) relative to the
    container's border box; `padding_edges` are (left, top, right, bottom) there."""
    left, top, right, bottom = padding_edges
    c0, c1 = _abspos_lines(style.grid_column_start, style.grid_column_end, setup.column_template,
                           setup.column_before, len(setup.columns))
    r0, r1 = _abspos_lines(style.grid_row_start, style.grid_row_end, setup.row_template,
                           setup.row_before, len(setup.rows))
    x0 = _line_edge(setup.columns, c0, True, left, content_start[0])
    x1 = _line_edge(setup.columns, c1, False, right, content_start[0])
    y0 = _line_edge(setup.rows, r0, True, top, content_start[1])
    y1 = _line_edge(setup.rows, r1, False, bottom, content_start[1])
    return x0, y0, max(0.0, x1 - x0), max(0.0, y1 - y0)


def _align_baselines(items: list[GridItem]) -> None:
    """§10.6 baseline alignment: the baseline-aligned items of a row (a baseline-sharing group)
    are shifted down so their first baselines line up; the shift counts in the row's size, as
    the spec's shim does (§11.5 step 1)."""
    groups: dict[int, list[GridItem]] = {}
    for item in items:
        m = item.margins
        if item.align in ("baseline", "last baseline") and m[0] is not None and m[2] is not None:
            groups.setdefault(item.row, []).append(item)
    for group in groups.values():
        above = {id(i): (i.margins[0] or 0.0) + i.measured_baseline for i in group}
        ascent = max(above.values())
        for item in group:
            item.baseline_shim = ascent - above[id(item)]
            item.outer_height += item.baseline_shim
            item.height_minimum += item.baseline_shim


def _item_baseline(box: Box) -> float:
    """An item's first baseline from its border-box top, synthesized from its border-box bottom
    when it has none (CSS Box Alignment 3 §9.1)."""
    first = box.first_baseline if getattr(box, "first_baseline", None) is not None else box.baseline
    if box.kind == REPLACED or first is None:
        return box.height
    return first


PERCENTAGES = (Pct, CalcPct)


def _height_independent(box: Box, ctx) -> bool:
    """Whether a block container's content is laid out the same whatever its definite height:
    nothing in it is a flex or grid layout (which align in that height), nor has a percentage
    height resolving against it (in quirks mode percentages look through auto heights too)."""
    if ctx.quirks or box.kind not in (BLOCK, INLINE_BLOCK) or box.style.display not in ("block", "inline-block",
                                                                                          "flow-root", "list-item"):
        return False
    if box.tag in ("fieldset", "button", "textarea", "select", "input"):
        return False
    for child in box.children + atomic_descendants(box):
        cs = child.style
        if isinstance(cs.height, PERCENTAGES) or isinstance(cs.min_height, PERCENTAGES) or \
                isinstance(cs.max_height, PERCENTAGES):
            return False
    return True


def _stretch_target(item: GridItem, area_h: float) -> float | None:
    """align-self: stretch with an auto height and no auto margins fills the area's height
    (within min/max-height): the border-box height to lay the item out at, or None (§10.4)."""
    child = item.box
    s = child.style
    m = item.margins
    if item.align != "stretch" or s.height != "auto" or m[0] is None or m[2] is None or child.kind == REPLACED:
        return None
    target = area_h - m[0] - m[2]
    low, high = used_size(s.min_height, area_h), used_size(s.max_height, area_h)
    delta = 0.0 if s.box_sizing == "border-box" else item.bp_v
    target = clamp(target, None if low is None else low + delta, None if high is None else high + delta)
    return max(target, item.bp_v)


@dataclass
class SubgridAxes:
    """What a parent grid lends a subgrid (CSS Grid 2 §9): per subgridded axis, how many tracks
    its area spans, then — once the parent has sized them — each track's (position, size)
    relative to the subgrid's border box (None until then, or in an axis it does not lend)."""

    columns: int | None
    rows: int | None
    column_tracks: list | None = None
    row_tracks: list | None = None


def _subgrid_axes(box: Box) -> SubgridAxes | None:
    s = box.style
    if not is_grid_container(box):
        return None
    columns, rows = isinstance(s.grid_template_columns, Subgrid), isinstance(s.grid_template_rows, Subgrid)
    if not (columns or rows):
        return None
    return SubgridAxes(0 if columns else None, 0 if rows else None)


def _register_subgrids(items: list[GridItem], ctx) -> None:
    """Items that are subgrids: note the tracks their areas span and place their own items, whose
    contributions size the parent's tracks in the subgridded axes (CSS Grid 2 §9.1)."""
    memo = _memo(ctx)
    for item in items:
        axes = _subgrid_axes(item.box)
        if axes is None:
            continue
        if axes.columns is not None:
            axes.columns = item.column_span
        if axes.rows is not None:
            axes.rows = item.row_span
        memo.subgrids[id(item.box)] = axes
        item.subgrid = axes
        item.inner = _setup(item.box, None, None, (None, None, None), (None, None, None), axes)


def _edge_extra(start: int, span: int, count: int, start_edge: float, end_edge: float, half_gap: float) -> float:
    """What a subgrid's item adds to its contribution to the parent's tracks: the subgrid's margin,
    border and padding at the subgrid's edges, and half the difference of the gaps at inner
    gutters (negative when the subgrid's own gap is smaller, CSS Grid 2 §9.3)."""
    return (start_edge if start == 0 else half_gap) + (end_edge if start + span == count else half_gap)


def _half_gap(own: Any, parent_gap: float, basis: float | None) -> float:
    """A subgrid's own gap (normal: the parent's) less the parent's, halved."""
    return 0.0 if own == "normal" else (_gap(own, basis) - parent_gap) / 2


def _subgrid_column_spans(item: GridItem, parent_gap: float, content_w: float, ctx) -> Layout:
    """The column contributions of a column subgrid's items, in the parent's tracks."""
    s = item.box.style
    border, padding, margins = edges(s, content_w)
    start_edge = (margins[3] or 0.0) + border[3] + padding[3]
    end_edge = (margins[1] or 0.0) + border[1] + padding[1]
    half = _half_gap(s.column_gap, parent_gap, content_w)
    spans = []
    for child in item.inner.items:
        child.box.border, child.box.padding, child.margins = edges(child.box.style, content_w)
        yield _column_contributions(child, ctx)
        extra = _edge_extra(child.column, child.column_span, item.subgrid.columns, start_edge, end_edge, half)
        spans.append(Span(item.column + child.column, child.column_span, child.minimum + extra,
                          child.min_content + extra, child.max_content + extra, child.automatic_width))
    return spans


def _subgrid_row_spans(item: GridItem, area_w: float, parent_gap: float, ctx) -> Layout:
    """The row contributions of a row subgrid's items, in the parent's tracks: each is measured at
    the width of its columns — lent by the parent too, or the subgrid's own, sized here."""
    box = item.box
    s = box.style
    info, inner = item.subgrid, item.inner
    border, padding, margins = edges(s, area_w)
    width = item.used_width if item.used_width is not None else area_w - (margins[1] or 0.0) - (margins[3] or 0.0)
    inner_w = max(0.0, width - border[1] - border[3] - padding[1] - padding[3])
    if info.column_tracks is not None:
        origin = border[3] + padding[3]
        columns = [(position - origin, size) for position, size in info.column_tracks]
    else:
        spans = []
        for child in inner.items:
            child.box.border, child.box.padding, child.margins = edges(child.box.style, inner_w)
            yield _column_contributions(child, ctx)
            spans.append(Span(child.column, child.column_span, child.minimum, child.min_content,
                              child.max_content, child.automatic_width))
        size_tracks(inner.columns, spans, inner.column_gap, inner_w, distribution=s.justify_content)
        _position_tracks(inner.columns, inner.column_gap, 0.0, inner_w, s.justify_content)
        columns = [(t.position, t.base) for t in inner.columns]
    top_edge = (margins[0] or 0.0) + border[0] + padding[0]
    bottom_edge = (margins[2] or 0.0) + border[2] + padding[2]
    half = _half_gap(s.row_gap, parent_gap, None)
    result = []
    for child in inner.items:
        first, last = columns[child.column], columns[child.column + child.column_span - 1]
        child_w = last[0] + last[1] - first[0]
        cs = child.box.style
        border_c, padding_c, child.margins = edges(cs, child_w)
        child.box.border, child.box.padding = border_c, padding_c
        child.bp_h = border_c[1] + border_c[3] + padding_c[1] + padding_c[3]
        child.bp_v = border_c[0] + border_c[2] + padding_c[0] + padding_c[2]
        child.justify = _self_alignment(cs.justify_self, s.justify_items, child.box)
        child.used_width = yield _item_width(child, child_w, ctx)
        yield _measure(child, child_w, ctx)
        m = child.margins
        outer = child.measured_height + (m[0] or 0.0) + (m[2] or 0.0)
        outer += _edge_extra(child.row, child.row_span, info.rows, top_edge, bottom_edge, half)
        result.append(Span(item.row + child.row, child.row_span, outer, outer, outer, True))
    return result


def _lend_tracks(item: GridItem, tracks: list[Track], start: int, span: int, box_start: float,
                 start_edge: float, end_edge: float, half: float) -> list:
    """The parent's tracks as the subgrid sees them: relative to its border box (which starts at
    `box_start`), its edges taken off the first and last, the gap difference off inner ones."""
    lent = []
    for k in range(span):
        track = tracks[start + k]
        low = track.position + (start_edge if k == 0 else half)
        high = track.position + track.base - (end_edge if k == span - 1 else half)
        lent.append((low - box_start, max(0.0, high - low)))
    return lent


def _use_lent_tracks(tracks: list[Track], lent: list) -> None:
    for track, (position, size) in zip(tracks, lent):
        track.base, track.position = size, position


class LayoutMemo:
    """An item is laid out to measure its height, then again when stretched: nested grids would
    make that 2^depth layouts.  So, for one document layout (kept on its context), each item
    remembers the inputs of the layout its geometry comes from — a layout with the same inputs
    is skipped — and what measuring it at a width found (CSS Grid 1 §11.1 step 2)."""

    def __init__(self) -> None:
        self.last: dict[int, tuple] = {}       # id(box) -> (area width, area height, width, height)
        self.measured: dict[int, tuple] = {}   # id(box) -> ((area width, width), height, baseline)
        self.subgrids: dict[int, SubgridAxes] = {}   # id(box) -> the tracks its parent lends it


def _memo(ctx) -> LayoutMemo:
    memo = getattr(ctx, "grid_memo", None)
    if memo is None:
        memo = LayoutMemo()
        ctx.grid_memo = memo
    return memo


def _measure(item: GridItem, area_w: float, ctx) -> Layout:
    """The item's border-box height and first baseline at its used width, its height auto."""
    key = (area_w, item.used_width)
    memo = _memo(ctx)
    measured = memo.measured
    known = measured.get(id(item.box))
    if known is None or known[0] != key or id(item.box) in memo.subgrids:
        yield _layout_item(item, area_w, None, ctx, item.used_width, None)
        known = measured[id(item.box)] = (key, item.box.height, _item_baseline(item.box))
    item.measured_height, item.measured_baseline = known[1], known[2]
    return None


def _place_in(space: float, size: float, before: float | None, after: float | None,
              align: str) -> tuple[float, float]:
    """(offset of the border box, the used trailing margin) of a box in an area: auto margins take
    the free space first (§10.2), then the self-alignment value places the margin box (§10.3)."""
    free = space - size - (before or 0.0) - (after or 0.0)
    if before is None or after is None:
        autos = (before is None) + (after is None)
        share = max(0.0, free) / autos
        lead = share if before is None else before
        trail = share if after is None else after
        return lead, trail
    shift = {"end": free, "flex-end": free, "self-end": free, "right": free, "center": free / 2}.get(align, 0.0)
    return before + shift, after


def _baselines(box: Box, items: list[GridItem]) -> None:
    """§10.8: the container's first baseline is its first row's shared alignment baseline if items
    there are baseline-aligned, else that of the row's first item in grid order (synthesized from
    the item's border-box bottom when it has none); its last, of the last row."""
    if not items:
        box.baseline = box.first_baseline = None
        return

    def of(item: GridItem) -> float:
        child = item.box
        first = child.first_baseline if getattr(child, "first_baseline", None) is not None else child.baseline
        if child.kind == REPLACED or first is None:
            return child.y + child.height
        return child.y + first

    def pick(row: int) -> GridItem:
        in_row = [i for i in items if i.row == row]
        aligned = [i for i in in_row if i.baseline_shim or i.align in ("baseline", "last baseline")]
        return min(aligned or in_row, key=lambda i: i.column)   # grid order: by column in the row

    first = of(pick(min(i.row for i in items)))
    last = of(pick(max(i.row for i in items)))
    box.first_baseline = first
    box.baseline = first if box.style.display == "inline-grid" else last


# ---------------------------------------------------------------------------
# §11.1: intrinsic widths of a grid container

_INTRINSIC_CACHE: "weakref.WeakKeyDictionary[Box, tuple[float, float]]" = weakref.WeakKeyDictionary()


def grid_intrinsic_widths(box: Box, ctx) -> Layout:
    """(min-content, max-content) widths of a grid container's content box: its columns sized
    under a min-content and a max-content constraint (§11.1, §11.5).  Kept per box, as flex's are."""
    cached = _INTRINSIC_CACHE.get(box)
    if cached is not None:
        return cached
    s = box.style
    border, padding, _margins = edges(s, 0.0)
    delta = border[1] + border[3] + padding[1] + padding[3] if s.box_sizing == "border-box" else 0.0
    limits = [used_size(value, None) for value in (s.max_width, s.min_width)]
    largest, smallest = (None if v is None else max(0.0, v - delta) for v in limits)
    setup = _setup(box, None, None, (None, largest, smallest), (None, None, None))
    content_sized = _content_sized_before(setup.columns, indefinite=True)
    for item in setup.items:
        item.box.border, item.box.padding, item.margins = edges(item.box.style, 0.0)
        if content_sized[item.column + item.column_span] > content_sized[item.column]:
            yield _column_contributions(item, ctx)
    spans = [Span(i.column, i.column_span, i.minimum, i.min_content, i.max_content, i.automatic_width)
             for i in setup.items]
    results = []
    for mode in ("min", "max"):
        size_tracks(setup.columns, spans, setup.column_gap, None, mode=mode)
        results.append(sum(t.base for t in setup.columns)
                       + setup.column_gap * max(0, _visible(setup.columns) - 1))
    result = (results[0], max(results))
    _INTRINSIC_CACHE[box] = result
    return result
