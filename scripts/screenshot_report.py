#!/usr/bin/env python3
"""Screenshot an `explain --report` with headless Chromium, to look at it.

    python3 scripts/screenshot_report.py REPORT_DIR [-o report.png] [--width 1200] [--max-height 12000]

Opens REPORT_DIR/index.html from disk with every request that is not a file
inside REPORT_DIR refused, takes a full-page screenshot, and lists what the
page asked for: a report that needs the network, or a file it did not write,
makes this script exit 1.  Needs playwright (the Python driver only) and a
Chromium binary ($CHROMIUM, default /usr/bin/chromium); the tests never run it.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import sys

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("report", help="the directory given to --report")
    parser.add_argument("-o", "--output", default="report.png")
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--max-height", type=int, default=12000, help="cut the screenshot at this many px")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    folder = pathlib.Path(args.report).resolve()
    index = folder / "index.html"
    if not index.is_file():
        print(f"screenshot_report: no {index}", file=sys.stderr)
        return 2
    asked: list[str] = []
    refused: list[str] = []

    def route(request_route) -> None:
        url = request_route.request.url
        asked.append(url)
        target = pathlib.Path(url[len("file://"):]) if url.startswith("file://") else None
        if target is not None and target.resolve().parent == folder and target.exists():
            request_route.continue_()
        else:
            refused.append(url)
            request_route.abort()

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": 800})
        page.route("**/*", route)
        page.goto(index.as_uri(), wait_until="load")
        height = min(args.max_height, page.evaluate("document.documentElement.scrollHeight"))
        page.set_viewport_size({"width": args.width, "height": height})
        page.screenshot(path=args.output, full_page=False)
        broken = page.evaluate("[...document.images].filter(i => !i.complete || !i.naturalWidth).map(i => i.src)")
        browser.close()
    print(f"screenshot_report: {args.output} ({args.width}x{height}); {len(asked)} requests, "
          f"{len(refused)} refused, {len(broken)} broken images")
    for url in refused + broken:
        print(f"  {url}")
    return 1 if refused or broken else 0


if __name__ == "__main__":
    sys.exit(main())
