"""Opening image bytes with only the Pillow plugin their signature names.

`PIL.Image.open` on bytes (no file name to guess from) first imports five
plugins — BMP, GIF, JPEG, PPM and PNG — whichever the data is: ~15-25 ms of a
small page with one PNG on it.  The common formats announce themselves in
their first bytes (PNG spec §5.2, JFIF's SOI marker, GIF's "GIF87a"/"GIF89a"),
so the one plugin is imported and its image class opens the data.  Anything
else, and anything that class refuses, goes to `Image.open`, which then tries
every format as before: the result is the same image or the same error.
"""
from __future__ import annotations

import importlib
import io

SIGNATURES = (   # (first bytes, Pillow plugin module, its image class)
    (b"\x89PNG\r\n\x1a\n", "PIL.PngImagePlugin", "PngImageFile"),
    (b"\xff\xd8\xff", "PIL.JpegImagePlugin", "JpegImageFile"),
    (b"GIF87a", "PIL.GifImagePlugin", "GifImageFile"),
    (b"GIF89a", "PIL.GifImagePlugin", "GifImageFile"),
)


def open_image(data: bytes):
    """A lazily decoded Pillow image of `data` (as `Image.open(io.BytesIO(data))` gives)."""
    from PIL import Image

    for signature, module, name in SIGNATURES:
        if data.startswith(signature):
            try:
                image = getattr(importlib.import_module(module), name)(io.BytesIO(data))
            except (SyntaxError, IndexError, TypeError, ValueError, OSError, EOFError):
                break
            limit = Image.MAX_IMAGE_PIXELS
            if limit is None or image.width * image.height <= limit:
                return image
            break    # Image.open warns about, or refuses, a possible decompression bomb
    return Image.open(io.BytesIO(data))
