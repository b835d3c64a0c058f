"""What a screenshot captures and how it is encoded.

The captured region is the viewport (`--width` × `--height`), the whole page
(`--full-page`: the viewport width, the document's height) or the border box
of the first element matching `--selector`.  Layout is always done in CSS px;
`--scale` only multiplies the raster (device pixels), as a HiDPI screen does.
The file format follows the extension: PNG by default, JPEG (which has no
alpha: transparent pixels are laid on white) or WebP.
"""
from __future__ import annotations

import os

import cssselect2
from PIL import Image

from ..errors import UsageError
from ..layout import iter_boxes
from .pil import PILRasterizer
from .png import write_png, write_strips
from .strips import render_strips

FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP"}


def element_rect(page, selector: str) -> tuple[float, float, float, float]:
    """The border box (x, y, width, height) of the first element matching `selector`."""
    try:
        compiled = list(cssselect2.compile_selector_list(selector))
    except cssselect2.SelectorError as exc:
        raise UsageError(f"--selector {selector!r} is not a valid selector ({exc})") from None
    if not compiled:
        raise UsageError("--selector is empty")
    document = page.document
    root = cssselect2.ElementWrapper.from_xml_root(document.root) if document.is_xml \
        else cssselect2.ElementWrapper.from_html_root(document.root)
    element = next((w.etree_element for w in root.iter_subtree() if any(s.test(w) for s in compiled)), None)
    if element is None:
        raise UsageError(f"--selector {selector!r} matches no element")
    rects = []
    for box in iter_boxes(page.layout.root):
        if box.element is element and box.pseudo is None:
            if box.fragments:
                rects.extend((f.x, f.y, f.width, f.height) for f in box.fragments)
            else:
                rects.append((box.x, box.y, box.width, box.height))
    rects = [r for r in rects if r[2] > 0 and r[3] > 0]
    if not rects:
        raise UsageError(f"--selector {selector!r}: the element has no box to capture")
    x0 = min(r[0] for r in rects)
    y0 = min(r[1] for r in rects)
    x1 = max(r[0] + r[2] for r in rects)
    y1 = max(r[1] + r[3] for r in rects)
    return x0, y0, x1 - x0, y1 - y0


def region(page, width: int, height: int, full_page: bool = False,
           selector: str | None = None) -> tuple[float, float, float, float]:
    """The captured region (left, top, width, height) in CSS px."""
    if selector:
        x, y, w, h = element_rect(page, selector)
        return x, y, w, h
    if full_page:
        height = max(1, int(round(page.layout.document_height)))
    return 0.0, 0.0, width, height


def _rasterizer(page, scale: float, transparent: bool) -> PILRasterizer:
    """Over white, as a browser window shows a page, or over nothing (`--background transparent`)."""
    return PILRasterizer(page.metrics, scale, backdrop=None if transparent else PILRasterizer.WHITE)


def capture(page, width: int, height: int, scale: float = 1.0, full_page: bool = False,
            selector: str | None = None, transparent: bool = False) -> Image.Image:
    """Rasterize the requested region of a loaded page into an RGBA image of device pixels."""
    x, y, w, h = region(page, width, height, full_page, selector)
    return _rasterizer(page, scale, transparent).render(page.display_list, w, h, top=y, left=x)


def capture_png(page, handle, width: int, height: int, scale: float = 1.0, full_page: bool = False,
                selector: str | None = None, transparent: bool = False, level: int | None = None) -> float:
    """Rasterize the region and write it as a PNG, on every core for a large picture (strips.py).
    Opaque (the white backdrop) it is written as RGB.  Returns the seconds spent rasterizing
    in this process, before compressing and waiting for the other strips."""
    x, y, w, h = region(page, width, height, full_page, selector)
    opaque = not transparent
    device_width, device_height, strips, raster_seconds = render_strips(
        _rasterizer(page, scale, transparent), page.display_list, w, h, y, x, opaque, level)
    write_strips(handle, device_width, device_height, opaque, strips, level)
    return raster_seconds


def output_format(path: str) -> str:
    return FORMATS.get(os.path.splitext(path)[1].lower(), "PNG")


def encode(image: Image.Image, fmt: str, handle, png_compress_level: int | None = None) -> None:
    """Write the image; PNG by png.py rather than Pillow (faster, smaller for screenshots), with its
    fastest compressor unless a zlib level is given."""
    if fmt == "JPEG":
        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(image, mask=image.getchannel("A"))
        flat.save(handle, format="JPEG", quality=92)
    elif fmt == "WEBP":
        image.save(handle, format="WEBP", quality=92)
    else:
        write_png(image, handle, png_compress_level)
