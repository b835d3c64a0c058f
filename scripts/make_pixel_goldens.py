#!/usr/bin/env python3
"""Regenerate tests/paint/goldens/: the 800x600 viewport of each page in pages/, with the bundled fonts.

    python scripts/make_pixel_goldens.py

The goldens are minibrowser's own renderings, reviewed by eye when they change; the pixel tests
(tests/paint/test_pages_golden.py) compare against them with a tolerance so antialiasing noise
passes and a moved box, a lost background or missing text fails.  Regenerate them only after
looking at the new pictures.
"""
import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
os.environ["MINIBROWSER_FONTS"] = "bundled"
sys.path.insert(0, str(ROOT))


def main() -> int:
    from minibrowser.pipeline import LoadOptions, load
    from minibrowser.raster.capture import capture
    from minibrowser.url import from_user_input

    out_dir = ROOT / "tests" / "paint" / "goldens"
    out_dir.mkdir(parents=True, exist_ok=True)
    for page_path in sorted((ROOT / "pages").glob("*.html")):
        page = load(from_user_input(str(page_path)), LoadOptions(width=800, height=600))
        try:
            image = capture(page, 800, 600).convert("RGB")
        finally:
            page.fetcher.close()
        target = out_dir / (page_path.stem + ".png")
        image.save(target, optimize=True)
        print(f"{page_path.name:24} -> {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
