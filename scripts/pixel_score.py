#!/usr/bin/env python3
"""Score minibrowser's pixels against headless Chromium's, page by page.

    python scripts/pixel_score.py --diffs DIR [PAGE.html ...] [--fonts bundled|pinned] [-j 2]
    python scripts/pixel_score.py --diffs DIR --cache DIR      # reuse Chromium's screenshots

For each page (default: pages/*.html and tests/layout/pages/*.html, `deep-*` skipped) both
engines render the 800×600 viewport with the same fonts:

- `--fonts bundled` (default): minibrowser uses its PyPI fonts (MINIBROWSER_FONTS=bundled) and
  Chromium sees exactly those files through the fontconfig file scripts/chromium_fonts.py writes;
- `--fonts pinned`: both resolve fonts through the reference tools' pinned fontconfig file
  (FONTCONFIG_FILE for both, MINIBROWSER_FONTS unset), i.e. the machine's DejaVu and Noto CJK.

Chromium's screenshot comes from the reference probe chromium_boxes.py (path from --tool or the
CHROMIUM_BOXES environment variable; default ../shared/tools/chromium_boxes.py beside the checkout),
run with the system python that has Playwright, scripts off.  With --cache the screenshots are
kept, so only minibrowser re-renders when the engine changes.

Printed per page:
  strict  the share of pixels where some channel differs by more than --tol (0-255);
  fuzzy   the share left when a pixel may instead match any pixel of the 3×3 neighbourhood in
          the other picture (both ways), which forgives antialiasing and 1px shifts of edges;
and the diff picture DIFFS/NAME.png: Chromium | minibrowser | the difference (Chromium faded to
grey, yellow where only the strict test fails, red where the fuzzy one fails too).  The last
line is `pixel_score strict S% fuzzy F%`, the mean over pages.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import os
import pathlib
import subprocess
import sys
import tempfile

from PIL import Image, ImageChops

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

WIDTH, HEIGHT = 800, 600
NEIGHBOURS = [(dx, dy) for dy in (-1, 0, 1) for dx in (-1, 0, 1)]


def default_tool() -> pathlib.Path:
    return pathlib.Path(os.environ.get("CHROMIUM_BOXES", ROOT.parent / "shared" / "tools" / "chromium_boxes.py"))


def default_pages() -> list[pathlib.Path]:
    pages = sorted((ROOT / "pages").glob("*.html")) + sorted((ROOT / "tests" / "layout" / "pages").glob("*.html"))
    return [p for p in pages if not p.name.startswith("deep-")]


def shot_name(page: pathlib.Path) -> str:
    """A file name that tells apart pages/forms.html and tests/layout/pages/forms.html."""
    try:
        rel = page.resolve().relative_to(ROOT)
        prefix = "layout-" if rel.parts[:2] == ("tests", "layout") else ""
    except ValueError:
        prefix = "other-"
    return prefix + page.stem


# ---------------------------------------------------------------------------- the two renderings

def chromium_shot(tool: pathlib.Path, python: str, page: pathlib.Path, target: pathlib.Path,
                  fonts_conf: str | None) -> Image.Image:
    """Chromium's 800×600 viewport of `page` (the top of its full-page screenshot), cached in `target`."""
    if not target.exists():
        command = [python, str(tool), str(page), "--no-js", "--width", str(WIDTH), "--height", str(HEIGHT),
                   "--screenshot", str(target)]
        if fonts_conf:
            command += ["--fonts-conf", fonts_conf]
        result = subprocess.run(command, capture_output=True, text=True, timeout=300)
        if result.returncode != 0 or not target.exists():
            lines = result.stderr.strip().splitlines()
            raise RuntimeError(f"{page.name}: {lines[-1] if lines else 'no screenshot'}")
    image = Image.open(target).convert("RGB")
    return _viewport(image)


def _viewport(image: Image.Image) -> Image.Image:
    """The top 800×600 of a picture, padded with white if it is smaller."""
    if image.size == (WIDTH, HEIGHT):
        return image
    out = Image.new("RGB", (WIDTH, HEIGHT), (255, 255, 255))
    out.paste(image.crop((0, 0, min(WIDTH, image.width), min(HEIGHT, image.height))), (0, 0))
    return out


def minibrowser_shot(page: pathlib.Path) -> Image.Image:
    from minibrowser.pipeline import LoadOptions, load
    from minibrowser.raster.capture import capture
    from minibrowser.url import from_user_input

    loaded = load(from_user_input(str(page)), LoadOptions(width=WIDTH, height=HEIGHT))
    try:
        return capture(loaded, WIDTH, HEIGHT).convert("RGB")
    finally:
        loaded.fetcher.close()


# ---------------------------------------------------------------------------- comparison

def channel_max(a: Image.Image, b: Image.Image) -> Image.Image:
    """Per pixel, the largest channel difference (an L image)."""
    r, g, bl = ImageChops.difference(a, b).split()
    return ImageChops.lighter(ImageChops.lighter(r, g), bl)


def shifted(image: Image.Image, dx: int, dy: int) -> Image.Image:
    """The picture moved by (dx, dy); what comes in from outside repeats nothing (black), and the
    unshifted comparison is always among the nine, so edges are never penalised by it."""
    return image.crop((dx, dy, dx + image.width, dy + image.height))


def neighbourhood_diff(a: Image.Image, b: Image.Image) -> Image.Image:
    """Per pixel of `a`, the smallest channel_max against the 3×3 neighbourhood in `b`."""
    best = None
    for dx, dy in NEIGHBOURS:
        d = channel_max(a, shifted(b, dx, dy))
        best = d if best is None else ImageChops.darker(best, d)
    return best


def compare(chromium: Image.Image, ours: Image.Image, tol: int) -> tuple[float, float, Image.Image]:
    """(strict share, fuzzy share, diff picture)."""
    over = [255 if v > tol else 0 for v in range(256)]
    strict = channel_max(chromium, ours).point(over)
    fuzzy = ImageChops.lighter(neighbourhood_diff(ours, chromium).point(over),
                               neighbourhood_diff(chromium, ours).point(over))
    total = chromium.width * chromium.height
    strict_share = strict.histogram()[255] / total
    fuzzy_share = fuzzy.histogram()[255] / total
    faded = Image.eval(chromium.convert("L"), lambda v: 180 + v * 75 // 255).convert("RGB")
    faded.paste((255, 200, 0), mask=strict)
    faded.paste((230, 0, 0), mask=fuzzy)
    sheet = Image.new("RGB", (chromium.width * 3 + 8, chromium.height), (40, 40, 40))
    sheet.paste(chromium, (0, 0))
    sheet.paste(ours, (chromium.width + 4, 0))
    sheet.paste(faded, (2 * chromium.width + 8, 0))
    return strict_share, fuzzy_share, sheet


# ---------------------------------------------------------------------------- main

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", type=pathlib.Path, help="pages (default: pages/ and tests/layout/pages/)")
    parser.add_argument("--diffs", type=pathlib.Path, required=True, help="folder for the diff pictures")
    parser.add_argument("--cache", type=pathlib.Path, help="folder keeping Chromium's screenshots between runs")
    parser.add_argument("--fonts", choices=["bundled", "pinned"], default="bundled")
    parser.add_argument("--tol", type=int, default=24, help="channel difference still counted equal (0-255)")
    parser.add_argument("--tool", type=pathlib.Path, default=default_tool(), help="path of chromium_boxes.py")
    parser.add_argument("--python", default="python3", help="the python that has Playwright")
    parser.add_argument("-j", "--jobs", type=int, default=2, help="Chromium processes at once")
    args = parser.parse_args()

    pages = args.pages or default_pages()
    missing = [p for p in pages if not p.is_file()]
    if missing:
        print(f"pixel_score: no such page: {missing[0]}", file=sys.stderr)
        return 2
    if not args.tool.is_file():
        print(f"pixel_score: no such probe: {args.tool} (use --tool or CHROMIUM_BOXES)", file=sys.stderr)
        return 2
    if args.fonts == "bundled":
        from chromium_fonts import write_fonts_conf

        os.environ["MINIBROWSER_FONTS"] = "bundled"
        fonts_conf = str(write_fonts_conf())
    else:
        os.environ.pop("MINIBROWSER_FONTS", None)
        fonts_conf = str(args.tool.resolve().with_name("fonts-pinned.conf"))
        os.environ["FONTCONFIG_FILE"] = fonts_conf    # minibrowser's fontconfig sees the same files
    sys.path.insert(0, str(ROOT))
    args.diffs.mkdir(parents=True, exist_ok=True)
    cache = args.cache or pathlib.Path(tempfile.mkdtemp(prefix="pixel-score-"))
    cache = cache / args.fonts
    cache.mkdir(parents=True, exist_ok=True)

    shots: dict[pathlib.Path, Image.Image] = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {pool.submit(chromium_shot, args.tool, args.python, page,
                               cache / f"{shot_name(page)}.png", fonts_conf): page for page in pages}
        for future in concurrent.futures.as_completed(futures):
            try:
                shots[futures[future]] = future.result()
            except (RuntimeError, subprocess.TimeoutExpired, OSError) as exc:
                print(f"pixel_score: chromium: {exc}", file=sys.stderr)

    rows = []
    for page in pages:
        if page not in shots:
            continue
        try:
            ours = minibrowser_shot(page)
        except Exception as exc:   # one broken page must not stop the score of the others
            print(f"pixel_score: minibrowser: {page.name}: {exc}", file=sys.stderr)
            continue
        strict, fuzzy, sheet = compare(shots[page], ours, args.tol)
        sheet.save(args.diffs / f"{shot_name(page)}.png")
        rows.append((shot_name(page), strict, fuzzy))
    if not rows:
        print("pixel_score: nothing compared", file=sys.stderr)
        return 1
    print(f"{'page':32s} {'strict':>8s} {'fuzzy':>8s}")
    for name, strict, fuzzy in sorted(rows, key=lambda r: -r[2]):
        print(f"{name:32s} {100 * strict:7.2f}% {100 * fuzzy:7.2f}%")
    mean_strict = sum(r[1] for r in rows) / len(rows)
    mean_fuzzy = sum(r[2] for r in rows) / len(rows)
    print(f"pixel_score strict {100 * mean_strict:.2f}% fuzzy {100 * mean_fuzzy:.2f}% over {len(rows)} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
