#!/usr/bin/env python3
"""Make tests/paint/chromium/: small pages and headless Chromium's pictures of them.

    python scripts/make_paint_crops.py [--tool PATH/chromium_boxes.py] [--python python3]

Each page of PAGES is written to tests/paint/chromium/NAME.html, rendered at 800×600 by the
reference probe chromium_boxes.py (scripts off) with Chromium seeing exactly minibrowser's bundled
fonts (scripts/chromium_fonts.py), and the top-left CROP of the screenshot is saved as NAME.png.
tests/paint/test_chromium_crops.py renders the same pages with minibrowser and compares: text
rasterisation (hinting, subpixel positions, gamma) and the form controls' theme.  The probe path
comes from --tool or CHROMIUM_BOXES (default ../shared/tools/chromium_boxes.py beside the checkout).
"""
from __future__ import annotations

import argparse
import os
import pathlib
import subprocess
import sys
import tempfile

from PIL import Image

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "paint" / "chromium"
sys.path.insert(0, str(ROOT / "scripts"))

from chromium_fonts import write_fonts_conf  # noqa: E402

CROP = (0, 0, 400, 200)
STYLE = "<!doctype html><meta charset=utf-8><style>body{margin:8px;font:16px sans-serif}</style>"
PAGES = {
    "text-runs": STYLE + """
<div style="margin-left:0">llllllllll onto the quick brown fox</div>
<div style="margin-left:0.25px">llllllllll onto the quick brown fox</div>
<div style="margin-left:0.5px">llllllllll onto the quick brown fox</div>
<div style="margin-left:0.75px">llllllllll onto the quick brown fox</div>
<p style="color:#777;font-size:13px">Grey 13px text, <b>bold</b> and <i>italic</i>.</p>
<p style="background:#222;color:white">White on dark: Hamburgefonstiv 0123</p>
<p style="font:24px serif">Serif 24px Qualität</p>
""",
    "controls": STYLE + """
<p><input value="Ada Lovelace"> <input placeholder="type here"></p>
<p><button>Button</button> <input type=submit> <select><option>Chosen one</select></p>
<p><textarea>some text</textarea></p>
""",
}


def default_tool() -> str:
    return os.environ.get("CHROMIUM_BOXES", str(ROOT.parent / "shared" / "tools" / "chromium_boxes.py"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tool", default=default_tool(), help="path of chromium_boxes.py")
    parser.add_argument("--python", default="python3", help="the python that has Playwright")
    args = parser.parse_args()
    if not pathlib.Path(args.tool).is_file():
        print(f"make_paint_crops: no such probe: {args.tool} (use --tool or CHROMIUM_BOXES)", file=sys.stderr)
        return 2
    conf = str(write_fonts_conf())
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, html in PAGES.items():
            page = OUT / f"{name}.html"
            page.write_text(html.lstrip(), encoding="utf-8")
            shot = pathlib.Path(tmp) / f"{name}.png"
            result = subprocess.run([args.python, args.tool, str(page), "--no-js", "--width", "800", "--height",
                                     "600", "--screenshot", str(shot), "--fonts-conf", conf],
                                    capture_output=True, text=True, timeout=300)
            if result.returncode != 0 or not shot.exists():
                print(f"make_paint_crops: {name}: {result.stderr.strip()}", file=sys.stderr)
                return 1
            Image.open(shot).convert("RGB").crop(CROP).save(OUT / f"{name}.png", optimize=True)
            print(f"{name}: tests/paint/chromium/{name}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
