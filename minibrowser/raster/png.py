"""PNG writing for screenshots: 8-bit RGBA, no row filter, zlib, streamed in bands.

Pillow's PNG writer tries a filter per row (PNG spec §9) and is reached
through its plugin machinery, which imports five image plugins, logging and
`fractions` on the first save.  A page screenshot is mostly flat colour,
where the "None" filter compresses as well or better (pages/index.html:
85 KB against Pillow's 106 KB) in half the time.  Rows are compressed a band
at a time, so a 75,000-pixel-tall full-page picture never needs a second
copy of itself in memory (PNG spec: IHDR, IDAT chunks, IEND; each chunk is
length, type, data, CRC-32 of type and data).
"""
from __future__ import annotations

import struct
import zlib
from typing import BinaryIO

SIGNATURE = b"\x89PNG\r\n\x1a\n"
BAND_ROWS = 64                 # rows compressed per step
CHUNK_BYTES = 1 << 20          # an IDAT chunk is written once this much compressed data is waiting
COLOUR_TYPE_RGBA = 6
FILTER_NONE = b"\x00"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(data, zlib.crc32(kind)))


def write_png(image, handle: BinaryIO, level: int = 3) -> None:
    """Write an RGBA Pillow image as a PNG file (zlib level 0-9; 3 is fast and within a few % of 9)."""
    if image.mode != "RGBA":
        image = image.convert("RGBA")
    width, height = image.size
    handle.write(SIGNATURE)
    handle.write(_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, COLOUR_TYPE_RGBA, 0, 0, 0)))
    stride = width * 4
    compressor = zlib.compressobj(level)
    pending: list[bytes] = []
    waiting = 0
    for top in range(0, height, BAND_ROWS):
        bottom = min(height, top + BAND_ROWS)
        raw = image.crop((0, top, width, bottom)).tobytes()
        rows = b"".join([FILTER_NONE + raw[i:i + stride] for i in range(0, len(raw), stride)])
        out = compressor.compress(rows)
        if out:
            pending.append(out)
            waiting += len(out)
        if waiting >= CHUNK_BYTES:
            handle.write(_chunk(b"IDAT", b"".join(pending)))
            pending, waiting = [], 0
    pending.append(compressor.flush())
    handle.write(_chunk(b"IDAT", b"".join(pending)))
    handle.write(_chunk(b"IEND", b""))
