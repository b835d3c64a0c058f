"""Rendering helpers for the paint tests: HTML (and files beside it) → RGBA pixels."""
import pathlib

from minibrowser.pipeline import LoadOptions, load
from minibrowser.raster.capture import capture
from minibrowser.url import from_user_input


def render_file(path: pathlib.Path, width: int = 800, height: int = 600, **capture_options):
    """Load a local file through the whole pipeline; return (page, RGBA image)."""
    page = load(from_user_input(str(path)), LoadOptions(width=width, height=height,
                                                        font_dirs=capture_options.pop("font_dirs", [])))
    try:
        return page, capture(page, width, height, **capture_options)
    finally:
        page.fetcher.close()


def render_html(tmp_path: pathlib.Path, html: str, name: str = "page.html", **options):
    target = tmp_path / name
    target.write_text(html, encoding="utf-8")
    return render_file(target, **options)


def rgb(image, x: int, y: int) -> tuple:
    return image.getpixel((x, y))[:3]


def count(image, box: tuple, predicate) -> int:
    """How many pixels in box (x0, y0, x1, y1) satisfy predicate(r, g, b)."""
    region = image.convert("RGB").crop(box)
    return sum(1 for p in getattr(region, "get_flattened_data", region.getdata)() if predicate(*p))
