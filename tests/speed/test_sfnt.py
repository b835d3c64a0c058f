"""sfnt.py, the struct-based font table reader, against fontTools on the bundled fonts.

The reader replaced fontTools on the hot path (glyph coverage was a quarter of a small page's time);
layout must not move by a pixel, so every number it reads is checked against fontTools' own.
"""
from __future__ import annotations

import struct

import pytest
from fontTools.ttLib import TTFont

from minibrowser.paint import fonts, sfnt

FACES = sorted({face.path for faces in fonts.bundled_database().faces.values() for face in faces})


def ranges_to_set(coverage: sfnt.Coverage) -> set[int]:
    out: set[int] = set()
    for start, end in zip(coverage.starts, coverage.ends):
        out.update(range(start, end + 1))
    return out


@pytest.mark.parametrize("path", FACES, ids=lambda p: p.rsplit("/", 1)[-1])
def test_coverage_is_fonttools_best_cmap(path):
    reference = set(TTFont(path, lazy=True).getBestCmap())
    coverage = sfnt.coverage(path)
    assert ranges_to_set(coverage) == reference
    assert len(coverage) == len(reference)
    assert all(code in coverage for code in list(reference)[::97])
    assert 0x10FFFF not in coverage and -1 not in coverage


@pytest.mark.parametrize("path", FACES, ids=lambda p: p.rsplit("/", 1)[-1])
def test_style_and_metrics_are_fonttools_numbers(path):
    style, metrics = sfnt.read_style_and_metrics(path)
    tt = TTFont(path, lazy=True)
    head, hhea, os2, post = tt["head"], tt["hhea"], tt["OS/2"], tt["post"]
    assert (metrics.units_per_em, metrics.x_min, metrics.y_min, metrics.x_max, metrics.y_max) == (
        head.unitsPerEm, head.xMin, head.yMin, head.xMax, head.yMax)
    assert metrics.hhea == (hhea.ascent, hhea.descent, hhea.lineGap)
    assert metrics.typo == (os2.sTypoAscender, os2.sTypoDescender, os2.sTypoLineGap)
    assert (metrics.x_height, metrics.strikeout_position, metrics.avg_char_width) == (
        os2.sxHeight, os2.yStrikeoutPosition, os2.xAvgCharWidth)
    assert metrics.underline == (post.underlinePosition, post.underlineThickness)
    assert style.weight == os2.usWeightClass and style.italic == bool(os2.fsSelection & 1)
    axes = {a.axisTag: (a.minValue, a.maxValue) for a in tt["fvar"].axes}
    assert style.wght_axis == axes["wght"]


def format_4(segments: list[tuple[int, int, int, int]], glyph_ids: list[int]) -> bytes:
    """A cmap format 4 subtable from (start, end, idDelta, idRangeOffset) segments (the 0xFFFF end
    segment is added) and a glyphIdArray."""
    segments = segments + [(0xFFFF, 0xFFFF, 1, 0)]
    n = len(segments)
    body = struct.pack(f">{n}H", *[s[1] for s in segments]) + b"\0\0"
    body += struct.pack(f">{n}H", *[s[0] for s in segments])
    body += struct.pack(f">{n}H", *[s[2] & 0xFFFF for s in segments])
    body += struct.pack(f">{n}H", *[s[3] for s in segments])
    body += struct.pack(f">{len(glyph_ids)}H", *glyph_ids)
    return struct.pack(">7H", 4, 14 + len(body), 0, 2 * n, 0, 0, 0) + body


def test_format_4_glyph_zero_is_not_coverage():
    # 'A'..'E' by delta, where 'C' lands on glyph 0; 'a'..'d' through glyphIdArray, 'b' missing;
    # a segment pointing past glyphIdArray covers nothing (HarfBuzz reads the slot as glyph 0)
    table = format_4([(0x41, 0x45, -0x43, 0), (0x61, 0x64, 0, 2 * 3), (0x70, 0x72, 0, 200)], [5, 0, 7, 8])
    coverage = sfnt.CMAP_FORMATS[4](table)
    assert ranges_to_set(coverage) == {0x41, 0x42, 0x44, 0x45, 0x61, 0x63, 0x64}


def test_format_12_groups_are_clamped_skipped_and_joined():
    groups = [(0x20, 0x7E, 1), (0x7F, 0x80, 200), (0x70, 0x75, 9), (0x100, 0x100, 0), (0x10FFF0, 0x120000, 5)]
    body = b"".join(struct.pack(">III", *g) for g in groups)
    table = struct.pack(">HHIII", 12, 0, 16 + len(body), 0, len(groups)) + body
    coverage = sfnt.CMAP_FORMATS[12](table)
    # the overlapping 0x70 group is skipped, glyph 0 at 0x100 is no coverage, U+10FFFF is the end
    assert list(zip(coverage.starts, coverage.ends)) == [(0x20, 0x80), (0x10FFF0, 0x10FFFF)]


def test_covers_looks_at_ranges_once_per_character():
    coverage = sfnt.Coverage([0x20, 0x61], [0x5A, 0x7A])
    assert coverage.covers("hello WORLD")
    assert not coverage.covers("hello ~")
    assert coverage.covers("hi\n", ignore=frozenset("\n"))
    assert 0x60 not in coverage and 0x61 in coverage and 0x7B not in coverage


def test_a_collection_face_is_read_at_its_offset(tmp_path):
    """A TTC whose second face is the Roboto Mono file: the reader follows the TTC header's offset."""
    source = next(p for p in FACES if "RobotoMono[" in p)
    data = open(source, "rb").read()
    num_tables = struct.unpack_from(">H", data, 4)[0]
    pad = 64
    header = b"ttcf" + struct.pack(">HHI", 1, 0, 2) + struct.pack(">II", 20, 20 + pad)
    first = b"\0" * pad           # a dummy face 0: no tables
    shift = len(header) + pad
    directory = bytearray(data[:12 + 16 * num_tables])
    for i in range(num_tables):   # table offsets in a collection count from the start of the file
        at = 12 + 16 * i + 8
        struct.pack_into(">I", directory, at, struct.unpack_from(">I", directory, at)[0] + shift)
    path = tmp_path / "two.ttc"
    path.write_bytes(header + first + bytes(directory) + data[len(directory):])
    assert ranges_to_set(sfnt.coverage(str(path), 1)) == ranges_to_set(sfnt.coverage(source))
    assert sfnt.read_style_and_metrics(str(path), 1) == sfnt.read_style_and_metrics(source)
    with pytest.raises(sfnt.FontFileError):
        sfnt.coverage(str(path), 2)


def test_a_png_load_does_not_import_fonttools(tmp_path):
    """Coverage and metrics come from sfnt.py; fontTools is left for @font-face names and WOFF."""
    import subprocess
    import sys

    page = tmp_path / "page.html"
    page.write_text("<!doctype html><h1>Title</h1><p>Some <b>bold</b> text, 中文 and ✓.</p>")
    probe = ("import sys\nfrom minibrowser.cli import main\nstatus = main(sys.argv[1:])\n"
             "print('fontTools' in sys.modules, status)")
    done = subprocess.run([sys.executable, "-c", probe, str(page), "-o", str(tmp_path / "out.png")],
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["False", "0"], done.stderr
    assert (tmp_path / "out.png").read_bytes().startswith(b"\x89PNG")
