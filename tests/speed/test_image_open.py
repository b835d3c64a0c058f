"""paint/image_open.py: images opened by their own plugin decode as Image.open decodes them, and
Pillow's EXIF tables are loaded only when EXIF is read."""
import io
import subprocess
import sys

import pytest
from PIL import Image

from minibrowser.paint.image_open import open_image
from minibrowser.pipeline import decode_image


def _encoded(fmt: str, **options) -> bytes:
    image = Image.new("RGBA" if fmt in ("PNG", "GIF") else "RGB", (7, 3), (200, 30, 90))
    image.putpixel((1, 1), (10, 240, 20))
    if fmt == "GIF":
        image = image.convert("P")
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF", "BMP", "WEBP"])
def test_same_pixels_as_image_open(fmt):
    data = _encoded(fmt)
    ours, theirs = open_image(data), Image.open(io.BytesIO(data))
    assert (ours.format, ours.size, ours.mode) == (theirs.format, theirs.size, theirs.mode)
    assert ours.convert("RGBA").tobytes() == theirs.convert("RGBA").tobytes()


def test_broken_data_fails_as_image_open_fails():
    for data in (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, b"\xff\xd8\xff", b"GIF89a", b"not an image"):
        with pytest.raises(Exception) as ours:
            open_image(data).load()
        with pytest.raises(Exception) as theirs:
            Image.open(io.BytesIO(data)).load()
        assert type(ours.value) is type(theirs.value)


def test_exif_orientation_still_applies():
    exif = Image.Exif()
    exif[0x0112] = 6                     # rotate 90° clockwise to show
    info = decode_image(_encoded("JPEG", exif=exif.tobytes()), "photo.jpg", [])
    assert (info.width, info.height) == (3, 7)


def test_exif_tables_are_not_loaded_by_a_screenshot_import():
    probe = ("import sys\nimport minibrowser.paint.fonts, minibrowser.raster.capture\n"
             "print('Base' in vars(sys.modules['PIL.ExifTags']))\n"
             "from PIL import ExifTags\nprint(ExifTags.Base.Orientation == 274)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["False", "True"], done.stderr
