"""Make the layout goldens: headless Chromium's element boxes for each layout test page.

    python scripts/make_layout_goldens.py --tool PATH/chromium_boxes.py [-j 2] [PAGE.html ...]
    python scripts/make_layout_goldens.py --tool ... --fonts pinned --out DIR pages/*.html

For every tests/layout/pages/*.html (or the pages named) this runs the reference
probe `chromium_boxes.py PAGE --no-js --dom html5lib --fonts-conf FONTS.conf`
with the system python (which has Playwright) and writes
tests/layout/goldens/NAME.boxes.json.

`--fonts bundled` (the default) writes FONTS.conf with scripts/chromium_fonts.py,
so Chromium sees exactly the PyPI fonts that the tests use
(MINIBROWSER_FONTS=bundled).  `--fonts pinned` leaves the probe's own pinned
fontconfig (the machine's DejaVu + Noto CJK): goldens to score minibrowser with
its system fonts (scripts/layout_score.py --system-fonts), kept out of the tests.

`--dom html5lib` makes Chromium lay out the tree html5lib builds, so element
paths match minibrowser's even where Blink's parser would differ.  The probe
path is given with --tool or the CHROMIUM_BOXES environment variable (default:
../shared/tools/chromium_boxes.py next to the checkout).  Machine-specific
fields (the page URL, the fontconfig path) are replaced by repository-relative
names, so the goldens do not depend on where the checkout lives.  Pages whose
name starts with `deep-` are skipped: they exist to test depth, not geometry.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "layout" / "pages"
GOLDENS = ROOT / "tests" / "layout" / "goldens"
sys.path.insert(0, str(ROOT / "scripts"))

from chromium_fonts import write_fonts_conf  # noqa: E402


def default_tool() -> str:
    return os.environ.get("CHROMIUM_BOXES", str(ROOT.parent / "shared" / "tools" / "chromium_boxes.py"))


def golden_name(page: pathlib.Path) -> str:
    return page.stem + ".boxes.json"


def make_one(tool: str, python: str, page: pathlib.Path, out: pathlib.Path, fonts_conf: str | None,
             label: str) -> str:
    command = [python, tool, str(page), "--no-js", "--dom", "html5lib", "--width", "800", "--height", "600"]
    if fonts_conf:
        command += ["--fonts-conf", fonts_conf]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(f"{page.name}: {result.stderr.strip().splitlines()[-1] if result.stderr else 'failed'}")
    doc = json.loads(result.stdout)
    try:
        doc["url"] = page.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        doc["url"] = page.name
    doc["fonts_conf"] = label
    blob = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).replace('},{"path"', '},\n{"path"')
    target = out / golden_name(page)
    target.write_text(blob + "\n", encoding="utf-8")
    return f"{page.name}: {len(doc['boxes'])} boxes, document height {doc['document_height']}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", type=pathlib.Path, help="pages (default: tests/layout/pages/*.html)")
    parser.add_argument("--tool", default=default_tool(), help="path of chromium_boxes.py")
    parser.add_argument("--python", default="python3", help="the python that has Playwright (default python3)")
    parser.add_argument("--fonts", choices=["bundled", "pinned"], default="bundled")
    parser.add_argument("--out", type=pathlib.Path, default=GOLDENS, help="output folder")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args()
    if not pathlib.Path(args.tool).is_file():
        print(f"make_layout_goldens: no such probe: {args.tool} (use --tool or CHROMIUM_BOXES)", file=sys.stderr)
        return 2
    pages = args.pages or sorted(PAGES.glob("*.html"))
    pages = [p for p in pages if not p.name.startswith("deep-")]
    args.out.mkdir(parents=True, exist_ok=True)
    if args.fonts == "bundled":
        conf, label = str(write_fonts_conf()), "bundled PyPI fonts (scripts/chromium_fonts.py)"
    else:
        conf, label = None, "the probe's pinned fonts (DejaVu, Noto CJK)"
    failures = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {pool.submit(make_one, args.tool, args.python, page, args.out, conf, label): page
                   for page in pages}
        for future in concurrent.futures.as_completed(futures):
            try:
                print(future.result())
            except (RuntimeError, subprocess.TimeoutExpired, ValueError) as exc:
                failures += 1
                print(f"make_layout_goldens: {exc}", file=sys.stderr)
    print(f"wrote {len(pages) - failures} goldens to {args.out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
