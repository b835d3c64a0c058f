"""raster/png.py writes screenshots: any PNG reader must get back exactly the pixels written."""
from __future__ import annotations

import io
import random
import zlib

import pytest
from PIL import Image

from minibrowser.raster import png


def noisy(width: int, height: int, seed: int) -> Image.Image:
    rng = random.Random(seed)
    return Image.frombytes("RGBA", (width, height), bytes(rng.randrange(256) for _ in range(width * height * 4)))


@pytest.mark.parametrize("size", [(1, 1), (3, 130), (257, 65), (800, 64)])
def test_pixels_survive_the_round_trip(size):
    image = noisy(*size, seed=size[0] * 1000 + size[1])
    out = io.BytesIO()
    png.write_png(image, out)
    back = Image.open(io.BytesIO(out.getvalue()))
    assert back.mode == "RGBA" and back.size == size
    assert back.tobytes() == image.tobytes()


def test_a_tall_picture_is_written_in_several_chunks(monkeypatch):
    monkeypatch.setattr(png, "CHUNK_BYTES", 4096)
    image = noisy(40, 700, seed=7)
    out = io.BytesIO()
    png.write_png(image, out, level=1)
    data = out.getvalue()
    assert data.startswith(png.SIGNATURE) and data.endswith(b"IEND\xaeB`\x82")
    assert data.count(b"IDAT") > 5
    back = Image.open(io.BytesIO(data))
    back.load()                      # Pillow checks every chunk's CRC
    assert back.tobytes() == image.tobytes()


def test_other_modes_are_written_as_rgba():
    image = Image.new("RGB", (10, 5), (10, 200, 30))
    out = io.BytesIO()
    png.write_png(image, out)
    back = Image.open(io.BytesIO(out.getvalue()))
    assert back.mode == "RGBA" and back.getpixel((9, 4)) == (10, 200, 30, 255)


def test_flat_screenshots_are_compressed():
    image = Image.new("RGBA", (800, 600), (255, 255, 255, 255))
    for y in range(0, 600, 40):
        image.paste((30, 60, 200, 255), (20, y, 780, y + 18))
    out = io.BytesIO()
    png.write_png(image, out)
    assert len(out.getvalue()) < 800 * 600 * 4 / 100


def test_opaque_pictures_are_written_as_rgb():
    image = noisy(33, 20, seed=3)
    out = io.BytesIO()
    png.write_png(image, out, opaque=True)
    back = Image.open(io.BytesIO(out.getvalue()))
    assert back.mode == "RGB" and back.tobytes() == image.convert("RGB").tobytes()


@pytest.mark.parametrize("cuts", [[0, 1, 2], [0, 50, 51, 130], [0, 7, 64, 99, 130]])
def test_strips_compressed_apart_join_into_one_stream(cuts):
    """Each strip a raw deflate stream of its own; zlib and Pillow read the joined IDAT data as one."""
    image = noisy(21, cuts[-1], seed=len(cuts))
    strips = [png.deflate_rows(image, top, bottom, False, level=2, final=bottom == cuts[-1])
              for top, bottom in zip(cuts, cuts[1:])]
    out = io.BytesIO()
    png.write_strips(out, image.width, image.height, False, strips, level=2)
    back = Image.open(io.BytesIO(out.getvalue()))
    back.load()
    assert back.tobytes() == image.tobytes()


def test_adler32_of_joined_data_from_its_parts():
    rng = random.Random(5)
    for _ in range(50):
        first = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 3000)))
        second = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 70000)))
        combined = png.adler32_combine(zlib.adler32(first), zlib.adler32(second), len(second))
        assert combined == zlib.adler32(first + second)


def test_zlib_header_is_valid_for_every_level():
    for level in range(10):
        header = png._zlib_header(level)
        assert header[0] == 0x78 and (header[0] * 256 + header[1]) % 31 == 0
        assert zlib.decompress(header + zlib.compress(b"abc", level)[2:]) == b"abc"


@pytest.mark.parametrize("opaque", [True, False])
def test_isal_and_zlib_streams_hold_the_same_pixels(monkeypatch, opaque):
    """The default compressor (ISA-L where installed) and zlib write different bytes for one picture;
    both, and a picture joined from strips of each, decode to the same pixels."""
    image = noisy(50, 90, seed=11)
    for y in range(0, 90, 9):                        # flat bands too, where the two differ most
        image.paste((255, 255, 255, 255), (0, y, 50, y + 4))
    expected = image.convert("RGB").tobytes() if opaque else image.tobytes()
    fast = [png.deflate_rows(image, 0, 40, opaque, final=False)]
    slow = [png.deflate_rows(image, 40, 90, opaque, level=6)]
    out = io.BytesIO()
    png.write_strips(out, 50, 90, opaque, fast + slow)
    back = Image.open(io.BytesIO(out.getvalue()))
    back.load()
    assert back.tobytes() == expected
    monkeypatch.setattr(png, "isal_zlib", None)       # a machine without ISA-L: zlib at ZLIB_LEVEL
    out = io.BytesIO()
    png.write_png(image, out, opaque=opaque)
    assert Image.open(io.BytesIO(out.getvalue())).tobytes() == expected


def test_isal_is_the_default_compressor_where_installed():
    pytest.importorskip("isal")
    image = Image.new("RGBA", (64, 64), (255, 255, 255, 255))
    for y in range(0, 64, 8):
        image.paste((20, 40, 200, 255), (y, y, 64 - y // 2, y + 3))
    with_default = png.deflate_rows(image, 0, 64, True)
    with_zlib = png.deflate_rows(image, 0, 64, True, level=png.ZLIB_LEVEL)
    assert with_default.pieces != with_zlib.pieces       # a different encoder wrote it ...
    assert zlib.decompress(b"".join(with_default.pieces), -15) == zlib.decompress(b"".join(with_zlib.pieces), -15)
