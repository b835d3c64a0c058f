"""Score minibrowser's layout against the Chromium goldens of tests/layout/.

    python scripts/layout_score.py [--tol 2] [--worst 5] [PAGE-NAME ...]
    python scripts/layout_score.py --system-fonts --goldens DIR [--pages DIR]

Prints, per page, the boxes whose x, y, width and height are all within `tol`
CSS px of Chromium's, the worst offenders, and the total (last line:
`layout_score W/T P%`).  By default minibrowser uses its bundled PyPI fonts, as
the tests and the goldens in tests/layout/goldens do.  With --system-fonts it
resolves fonts through fontconfig (the machine's DejaVu), to be compared with
goldens made by `make_layout_goldens.py --fonts pinned --out DIR`; --pages scores
another folder of pages (pages/, say) against such goldens.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="page names (file stems); default: every page with a golden")
    parser.add_argument("--tol", type=float, default=2.0)
    parser.add_argument("--worst", type=int, default=5)
    parser.add_argument("--goldens", type=pathlib.Path, help="folder of NAME.boxes.json (default tests/layout/goldens)")
    parser.add_argument("--pages", type=pathlib.Path, help="folder of NAME.html (default tests/layout/pages)")
    parser.add_argument("--system-fonts", action="store_true", help="fonts through fontconfig, not the bundled ones")
    args = parser.parse_args()
    if not args.system_fonts:
        os.environ["MINIBROWSER_FONTS"] = "bundled"
    from tests.layout.helpers import GOLDENS, PAGES, layout_boxes_of, read_golden, score, shared_metrics

    goldens = args.goldens or GOLDENS
    pages = [p for p in sorted((args.pages or PAGES).glob("*.html")) if (goldens / f"{p.stem}.boxes.json").exists()]
    if args.names:
        pages = [p for p in pages if p.stem in args.names]
    if not pages:
        print(f"layout_score: no pages with goldens in {goldens}", file=sys.stderr)
        return 2
    metrics = shared_metrics()
    total = within = 0
    rows = []
    for page in pages:
        result = score(page.stem, read_golden(goldens / f"{page.stem}.boxes.json"),
                       layout_boxes_of(page, metrics), args.tol)
        total += result.total
        within += result.within
        rows.append(result)
        if result.within < result.total and args.worst:
            print(result.report(args.worst))
    print(f"== pages (tolerance {args.tol:g} px)")
    for result in rows:
        print(f"  {result.name:28s} {result.within:5d}/{result.total:<5d} {result.percent:5.1f}%")
    print(f"layout_score {within}/{total} {100.0 * within / total if total else 100.0:.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
