"""PNG writing for screenshots: 8-bit RGB or RGBA, no row filter, zlib, compressed in strips.

Pillow's PNG writer tries a filter per row (PNG spec §9) and is reached
through its plugin machinery, which imports five image plugins, logging and
`fractions` on the first save.  A page screenshot is mostly flat colour,
where the "None" filter compresses as well or better (pages/index.html:
85 KB against Pillow's 106 KB) in half the time.  An opaque screenshot (the
usual white backdrop) is written as RGB: a quarter fewer bytes to compress.

The zlib stream of the image data may be cut into strips of rows, each
compressed on its own (by another process, raster/strips.py) and joined as
pigz joins its blocks: every strip is a raw deflate stream ended on a byte
boundary by a sync flush, only the last one is final, and the Adler-32 of
the whole follows from the strips' own (RFC 1950 §2.2, RFC 1951 §3.2.3).
PNG spec: IHDR, IDAT chunks, IEND; each chunk is length, type, data, CRC-32
of type and data.

Deflate is most of the time spent writing a screenshot (a full-page picture of a long page is tens
of millions of pixels), so the compressor is Intel's ISA-L (the `isal` package) where it is
installed: at its level 2 it deflates a page ~6× faster than zlib at level 3, for files ~20%
larger.  Without it, zlib at level 3.  Either writes the standard raw deflate format (RFC 1951),
and a caller who asks for a zlib level gets zlib.
"""
from __future__ import annotations

import struct
import zlib
from typing import BinaryIO, NamedTuple, Sequence

try:
    from isal import isal_zlib
except ImportError:         # not installed, or no wheel for this machine: zlib does the same job slower
    isal_zlib = None

SIGNATURE = b"\x89PNG\r\n\x1a\n"
BAND_ROWS = 128                # rows filtered and compressed per step
CHUNK_BYTES = 1 << 20          # the most compressed data one IDAT chunk holds
COLOUR_TYPE_RGB = 2
COLOUR_TYPE_RGBA = 6
FILTER_NONE = b"\x00"
ADLER_BASE = 65521             # the largest prime below 2^16 (RFC 1950)
ISAL_LEVEL = 2                 # ISA-L's levels are 0-3; 3 is several times slower for ~1% smaller output
ZLIB_LEVEL = 3                 # without ISA-L: several times faster than 6, a few % larger


def _compressor(level: int | None):
    """A raw deflate compressor (the zlib frame is ours): ISA-L's for the default (`None`), when
    installed; zlib's at `level` (or ZLIB_LEVEL) otherwise."""
    if level is None and isal_zlib is not None:
        return isal_zlib.compressobj(ISAL_LEVEL, isal_zlib.DEFLATED, -15)
    return zlib.compressobj(ZLIB_LEVEL if level is None else level, zlib.DEFLATED, -15)


class Deflated(NamedTuple):
    """A strip of rows as raw deflate data, with what joining it to the others needs."""
    pieces: list[bytes]        # the compressed bytes, in order
    adler: int                 # Adler-32 of the strip's filtered rows
    length: int                # how many bytes those rows are


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(data, zlib.crc32(kind)))


def deflate_rows(image, top: int, bottom: int, opaque: bool, level: int | None = None,
                 final: bool = True) -> Deflated:
    """Rows top..bottom of an RGBA image, each behind its filter byte, as raw deflate data (`level`:
    a zlib level, or None for the fastest compressor installed).  `opaque` drops the alpha channel;
    a strip that is not `final` ends with a sync flush so that the next strip's stream can follow it."""
    width = image.width
    stride = width * (3 if opaque else 4)
    rawmode = "RGB" if opaque else "RGBA"
    compressor = _compressor(level)
    pieces: list[bytes] = []
    adler, length = 1, 0
    for band_top in range(top, bottom, BAND_ROWS):
        band_bottom = min(bottom, band_top + BAND_ROWS)
        raw = memoryview(image.crop((0, band_top, width, band_bottom)).tobytes("raw", rawmode))
        # b"\0".join puts a filter byte between rows; one more goes before the first
        rows = FILTER_NONE + FILTER_NONE.join([raw[i:i + stride] for i in range(0, len(raw), stride)])
        adler = zlib.adler32(rows, adler)
        length += len(rows)
        out = compressor.compress(rows)
        if out:
            pieces.append(out)
    pieces.append(compressor.flush(zlib.Z_FINISH if final else zlib.Z_SYNC_FLUSH))
    return Deflated(pieces, adler, length)


def adler32_combine(first: int, second: int, second_length: int) -> int:
    """The Adler-32 of A + B from those of A and B: the sums of B's bytes start from A's sum, so B's
    second sum gains A's first sum (less its initial 1) once per byte of B (zlib's adler32_combine)."""
    a1, b1 = first & 0xFFFF, first >> 16
    a2, b2 = second & 0xFFFF, second >> 16
    a = (a1 + a2 - 1) % ADLER_BASE
    b = (b1 + b2 + second_length * (a1 - 1)) % ADLER_BASE
    return (b << 16) | a


def _zlib_header(level: int | None) -> bytes:
    """CMF (deflate, 32 KB window) and FLG, whose level bits say what zlib's own would (None, the
    fast default: "fast"), and whose check bits make the pair a multiple of 31."""
    cmf = 0x78
    level = ZLIB_LEVEL if level is None else level
    flevel = 0 if level < 2 else 1 if level < 6 else 2 if level == 6 else 3
    flg = flevel << 6
    flg += 31 - (cmf * 256 + flg) % 31
    return bytes([cmf, flg])


def write_strips(handle: BinaryIO, width: int, height: int, opaque: bool, strips: Sequence[Deflated],
                 level: int | None = None) -> None:
    """A PNG file whose image data are the strips, top to bottom (the last one final)."""
    colour_type = COLOUR_TYPE_RGB if opaque else COLOUR_TYPE_RGBA
    handle.write(SIGNATURE)
    handle.write(_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)))
    adler = 1
    for strip in strips:
        adler = adler32_combine(adler, strip.adler, strip.length)
    pieces = [_zlib_header(level)] + [piece for strip in strips for piece in strip.pieces]
    pieces.append(struct.pack(">I", adler))
    pending: list[bytes] = []
    waiting = 0
    for piece in pieces:
        while piece:     # a piece may be larger than a chunk
            part = piece[:CHUNK_BYTES - waiting]
            piece = piece[len(part):]
            pending.append(part)
            waiting += len(part)
            if waiting >= CHUNK_BYTES:
                handle.write(_chunk(b"IDAT", b"".join(pending)))
                pending, waiting = [], 0
    if pending:
        handle.write(_chunk(b"IDAT", b"".join(pending)))
    handle.write(_chunk(b"IEND", b""))


def write_png(image, handle: BinaryIO, level: int | None = None, opaque: bool = False) -> None:
    """Write a Pillow image as a PNG file (`level`: zlib's 0-9, or None for the fastest compressor
    installed): RGB when `opaque` (its alpha is dropped), else RGBA."""
    if image.mode != "RGBA":
        image = image.convert("RGBA")
    strip = deflate_rows(image, 0, image.height, opaque, level)
    write_strips(handle, image.width, image.height, opaque, [strip], level)
