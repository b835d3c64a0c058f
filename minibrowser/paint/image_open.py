"""Opening image bytes with only the Pillow plugin their signature names.

`PIL.Image.open` on bytes (no file name to guess from) first imports five
plugins — BMP, GIF, JPEG, PPM and PNG — whichever the data is: ~15-25 ms of a
small page with one PNG on it.  The common formats announce themselves in
their first bytes (PNG spec §5.2, JFIF's SOI marker, GIF's "GIF87a"/"GIF89a"),
so the one plugin is imported and its image class opens the data.  Anything
else, and anything that class refuses, goes to `Image.open`, which then tries
every format as before: the result is the same image or the same error.

Importing this module also defers `PIL.ExifTags` (`defer_exif_tags`): PIL.Image
imports it, and its enum tables cost ~8 ms of every screenshot, while only
a JPEG's EXIF orientation reads them.  paint/fonts.py imports this module
before Pillow for that reason.
"""
from __future__ import annotations

import importlib
import importlib.util
import io
import sys
import threading
import types

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


class _DeferredModule(types.ModuleType):
    """A module whose code runs when one of its names is first read (Python calls __getattr__ only
    for names not yet there).  importlib.util.LazyLoader cannot be used: on Python 3.11 the
    `from . import ExifTags` in PIL.Image reads the module's __spec__, which makes it load at once."""

    def __getattr__(self, name: str):
        with _deferred_lock:
            spec = self.__dict__.pop("_deferred_spec", None)
            if spec is not None:
                spec.loader.exec_module(self)
        if name in self.__dict__:
            return self.__dict__[name]
        raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")


_deferred_lock = threading.Lock()


def defer_exif_tags() -> None:
    """Put a `_DeferredModule` for `PIL.ExifTags` in sys.modules, unless it is already imported:
    PIL.Image reads it only when EXIF data is asked for."""
    if "PIL.ExifTags" in sys.modules:
        return
    spec = importlib.util.find_spec("PIL.ExifTags")
    if spec is None or spec.loader is None:
        return
    module = _DeferredModule(spec.name)
    module.__spec__, module.__file__, module.__package__ = spec, spec.origin, spec.parent
    module.__dict__["_deferred_spec"] = spec
    sys.modules[spec.name] = module


defer_exif_tags()
