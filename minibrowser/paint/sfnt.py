"""The few OpenType tables fonts.py needs, read straight from the file with `struct`.

Loading a font with fontTools to ask which characters it covers decodes every
glyph name (the `post` and CFF tables) and builds a dictionary of every code
point: a quarter of a small page's time.  The engine only needs numbers from
fixed places in six tables and the *ranges* of the best Unicode cmap subtable,
so this module reads exactly those (OpenType 1.9, "Font file" and the cmap,
head, hhea, OS/2, post and fvar chapters).

Coverage is a sorted list of inclusive code-point ranges with a bisect lookup.
It claims exactly the characters fontTools' `getBestCmap()` maps: the same
subtable preference order (HarfBuzz's), and a code mapped to glyph 0
(.notdef) is not covered.  Subtable formats other than 4 and 12 (rare in
real fonts: 0, 6, 10, 13) are handed to fontTools.
"""
from __future__ import annotations

import bisect
import itertools
import operator
import struct
from array import array
from sys import byteorder
from typing import NamedTuple

# (platformID, encodingID) in the order fontTools' getBestCmap and HarfBuzz prefer them
CMAP_PREFERENCES = ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0))


class FontFileError(ValueError):
    """Not an sfnt file, or a table points outside the file."""


def read_tables(path: str, index: int, wanted: tuple[str, ...]) -> dict[str, bytes]:
    """The bytes of the `wanted` tables of face `index` of a font file or collection (OpenType
    "Font file": the TTC header, then the table directory).  Only those tables are read: a CJK
    font is 10-20 MB, its cmap a few hundred KB."""
    tables = {}
    with open(path, "rb") as handle:
        head = handle.read(12)
        offset = 0
        if head[:4] == b"ttcf":
            (count,) = struct.unpack_from(">I", head, 8)
            if not 0 <= index < count:
                raise FontFileError(f"no face {index} in a collection of {count}")
            handle.seek(12 + 4 * index)
            (offset,) = struct.unpack(">I", _read(handle, 4))
            handle.seek(offset)
            head = handle.read(12)
        if len(head) < 12:
            raise FontFileError("truncated table directory")
        (num_tables,) = struct.unpack_from(">H", head, 4)
        directory = _read(handle, 16 * num_tables)
        places = {}
        for tag, _checksum, start, length in struct.iter_unpack(">4sIII", directory):
            places[tag.decode("latin-1")] = (start, length)
        for tag in wanted:
            if tag in places:
                start, length = places[tag]
                handle.seek(start)
                tables[tag] = _read(handle, length)
    return tables


def _read(handle, size: int) -> bytes:
    data = handle.read(size)
    if len(data) != size:
        raise FontFileError("a table runs past the end of the file")
    return data


class Coverage:
    """Which code points a font maps to a glyph: sorted, disjoint, inclusive ranges."""

    __slots__ = ("starts", "ends", "_known")

    def __init__(self, starts: list[int], ends: list[int]) -> None:
        """`starts`/`ends`: sorted, disjoint ranges; touching ones (an end + 1 = the next start) are
        joined here, without a Python loop: a CJK font's 15,000 cmap groups become 2,000 ranges."""
        if starts:
            apart = list(map(operator.ne, starts[1:], [end + 1 for end in ends[:-1]]))
            starts = [starts[0], *itertools.compress(starts[1:], apart)]
            ends = [*itertools.compress(ends[:-1], apart), ends[-1]]
        self.starts = starts
        self.ends = ends
        self._known: set[str] = set()   # characters already looked up and found covered

    @classmethod
    def from_ranges(cls, ranges: list[tuple[int, int]]) -> "Coverage":
        """Any (start, end) pairs, in any order, overlapping or not."""
        merged: list[list[int]] = []
        for start, end in sorted(ranges):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        return cls([start for start, _end in merged], [end for _start, end in merged])

    def __contains__(self, code: int) -> bool:
        i = bisect.bisect_right(self.starts, code) - 1
        return i >= 0 and code <= self.ends[i]

    def covers(self, text: str, ignore: frozenset[str] = frozenset()) -> bool:
        """Every character of `text`, but those in `ignore`, covered?  Set arithmetic in C first, the
        ranges only for characters not seen before."""
        for ch in set(text).difference(self._known, ignore):
            if ord(ch) not in self:
                return False
            self._known.add(ch)
        return True

    def __len__(self) -> int:
        return sum(self.ends) - sum(self.starts) + len(self.starts)


def _ranges_of_nonzero(codes: range, gids) -> list[tuple[int, int]]:
    """Runs of consecutive codes whose glyph id is not 0."""
    ranges = []
    start = None
    for code, gid in zip(codes, gids):
        if gid and start is None:
            start = code
        elif not gid and start is not None:
            ranges.append((start, code - 1))
            start = None
    if start is not None:
        ranges.append((start, codes[-1]))
    return ranges


def _format_4(table: bytes) -> Coverage:
    """Segment mapping to delta values (BMP).  The last segment (…0xFFFF) is the required end mark."""
    (seg_x2,) = struct.unpack_from(">H", table, 6)
    seg = seg_x2 // 2
    words = array("H")
    words.frombytes(table[14:len(table) // 2 * 2])
    if byteorder != "big":
        words.byteswap()
    ends, starts = words[:seg], words[seg + 1:2 * seg + 1]
    deltas, offsets = words[2 * seg + 1:3 * seg + 1], words[3 * seg + 1:4 * seg + 1]
    glyphs = words[4 * seg + 1:]
    ranges = []
    for i in range(seg - 1):
        start, end, delta, offset = starts[i], ends[i], deltas[i], offsets[i]
        if end < start:
            continue
        if offset == 0:
            # glyph = (code + delta) mod 65536: zero for at most one code of the segment
            hole = (-delta) & 0xFFFF
            if start <= hole <= end:
                ranges += [r for r in ((start, hole - 1), (hole + 1, end)) if r[0] <= r[1]]
            else:
                ranges.append((start, end))
        else:
            # idRangeOffset points into glyphIdArray, relative to its own slot in the offsets array;
            # a slot outside the array is the missing glyph (HarfBuzz reads it so; fontTools refuses)
            first = offset // 2 + i - seg
            slots = range(first, first + end - start + 1)
            gids = [(glyphs[k] + delta) & 0xFFFF if 0 <= k < len(glyphs) and glyphs[k] else 0 for k in slots]
            ranges += _ranges_of_nonzero(range(start, end + 1), gids)
    return Coverage.from_ranges(ranges)


def _format_12_or_13(table: bytes) -> Coverage:
    """Segmented coverage (12: a group maps startChar… to startGlyph…) and many-to-one (13: a group
    maps every code to one glyph).  Groups are taken as HarfBuzz and fontTools take them: clamped to
    U+10FFFF, skipped when inverted or starting before the previous group's end."""
    fmt, _reserved, length, _language, count = struct.unpack_from(">HHIII", table, 0)
    if length != len(table) or length != 16 + 12 * count:
        raise FontFileError(f"cmap format {fmt} subtable has an inconsistent length")
    groups = array("I")
    groups.frombytes(table[16:])
    if byteorder != "big":
        groups.byteswap()
    starts, ends, glyphs = groups[0::3], groups[1::3], groups[2::3]
    if (fmt == 12 and 0 not in glyphs and max(ends, default=0) <= 0x10FFFF and all(map(operator.le, starts, ends))
            and all(map(operator.gt, starts[1:], ends))):
        return Coverage(starts.tolist(), ends.tolist())   # the usual, well-formed table: no loop
    ranges = []
    last_end = 0
    for start, end, glyph in zip(starts, ends, glyphs):
        end = min(end, 0x10FFFF)
        if start > end or start < last_end:
            continue
        last_end = end
        if glyph == 0:
            if fmt == 13:
                continue     # every code of the group is the missing glyph
            start += 1       # only the first code is
        if start <= end:
            ranges.append((start, end))
    return Coverage.from_ranges(ranges)


CMAP_FORMATS = {4: _format_4, 12: _format_12_or_13, 13: _format_12_or_13}


def best_cmap_subtable(cmap: bytes | None) -> bytes | None:
    """The first non-empty subtable of the most preferred (platform, encoding) pair, or None."""
    if cmap is None or len(cmap) < 4:
        return None
    _version, count = struct.unpack_from(">HH", cmap, 0)
    records: dict[tuple[int, int], bytes] = {}
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", cmap, 4 + 8 * i)
        fmt, length = struct.unpack_from(">HH", cmap, offset)
        if fmt in (8, 10, 12, 13):
            (length,) = struct.unpack_from(">I", cmap, offset + 4)
        elif fmt in (14, 15):
            (length,) = struct.unpack_from(">I", cmap, offset + 2)
        if length:
            records.setdefault((platform, encoding), cmap[offset:offset + length])
    for pair in CMAP_PREFERENCES:
        if pair in records:
            return records[pair]
    return None


def coverage(path: str, index: int = 0) -> Coverage:
    """The characters the font maps to glyphs, as fontTools' getBestCmap() would list them."""
    subtable = best_cmap_subtable(read_tables(path, index, ("cmap",)).get("cmap"))
    if subtable is None:
        return Coverage([], [])
    (fmt,) = struct.unpack_from(">H", subtable, 0)
    reader = CMAP_FORMATS.get(fmt)
    if reader is not None:
        return reader(subtable)
    from fontTools.ttLib import TTFont   # a rare subtable format (0, 2, 6, 8, 10): fontTools decodes it

    font = TTFont(path, fontNumber=index, lazy=True)
    codes = sorted(font.getBestCmap() or {})
    font.close()
    return Coverage.from_ranges([(code, code) for code in codes])


class Style(NamedTuple):
    """What font matching needs from the font itself."""

    weight: float                           # OS/2 usWeightClass
    italic: bool                            # OS/2 fsSelection bit 0
    wght_axis: tuple[float, float] | None   # (min, max) of a variable font's weight axis


class Metrics(NamedTuple):
    """The font units layout and paint use (signed 16-bit values, as stored)."""

    units_per_em: int
    x_min: int
    y_min: int
    x_max: int
    y_max: int
    hhea: tuple[int, int, int] | None       # ascender, descender, lineGap
    typo: tuple[int, int, int] | None       # OS/2 sTypoAscender, sTypoDescender, sTypoLineGap
    x_height: int                           # OS/2 sxHeight (version ≥ 2), else 0
    strikeout_position: int                 # OS/2 yStrikeoutPosition, else 0
    avg_char_width: int                     # OS/2 xAvgCharWidth, else 0
    underline: tuple[int, int] | None       # post underlinePosition, underlineThickness


def _fields(table: bytes | None, fmt: str, offset: int) -> tuple | None:
    """struct fields at `offset`, or None when the table is missing or too short for them."""
    if table is None or len(table) < offset + struct.calcsize(fmt):
        return None
    return struct.unpack_from(fmt, table, offset)


def read_style_and_metrics(path: str, index: int = 0) -> tuple[Style, Metrics]:
    """Style (for matching) and metrics (for layout) of one face, from five small tables."""
    tables = read_tables(path, index, ("head", "hhea", "OS/2", "post", "fvar"))
    os2 = tables.get("OS/2")
    os2_version = (_fields(os2, ">H", 0) or (0,))[0]
    weight = _fields(os2, ">H", 4)
    selection = _fields(os2, ">H", 62)
    axis = None
    fvar = tables.get("fvar")
    header = _fields(fvar, ">4H4H", 0)
    if header is not None:
        array_offset, axis_count, axis_size = header[2], header[4], header[5]
        for i in range(axis_count):
            record = _fields(fvar, ">4siiiHH", array_offset + i * axis_size)
            if record is not None and record[0] == b"wght":
                axis = (record[1] / 65536, record[3] / 65536)
    style = Style(float(weight[0]) if weight else 400.0, bool(selection[0] & 1) if selection else False, axis)

    upem, bbox = _fields(tables.get("head"), ">H", 18), _fields(tables.get("head"), ">4h", 36)
    if upem is None or bbox is None:
        raise FontFileError("no head table")
    post = _fields(tables.get("post"), ">2h", 8)
    metrics = Metrics(
        units_per_em=upem[0], x_min=bbox[0], y_min=bbox[1], x_max=bbox[2], y_max=bbox[3],
        hhea=_fields(tables.get("hhea"), ">3h", 4),
        typo=_fields(os2, ">3h", 68),
        x_height=(_fields(os2, ">h", 86) or (0,))[0] if os2_version >= 2 else 0,
        strikeout_position=(_fields(os2, ">h", 28) or (0,))[0],
        avg_char_width=(_fields(os2, ">h", 2) or (0,))[0],
        underline=post)
    return style, metrics
