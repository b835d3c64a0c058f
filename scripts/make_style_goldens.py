"""Make the computed-style goldens: headless Chromium's getComputedStyle for the css test pages.

    python scripts/make_style_goldens.py [--python python3] [PAGE.html ...]

For every tests/css/pages/*.html (or the pages named) and every viewport width
the page asks for (`<meta name="widths" content="400 800 1200">`, default 800)
this loads the page in headless Chromium (Debian's /usr/bin/chromium, driven by
Playwright) and writes tests/css/goldens/NAME.wWIDTH.json:

    {"page": "NAME.html", "width": 800, "chromium": "156...", "properties": ["display", ...],
     "elements": {"html[1]/body[1]/p[2]": ["block", ...],      # one value per property, in order
                  "html[1]/body[1]/p[2]::before": [...], ...}}

Paths use the DESIGN.md scheme.  ::before and ::after are recorded where their
`content` generates something; ::marker for list items.

Chromium sees only minibrowser's bundled fonts (scripts/chromium_fonts.py), so
font-relative units (ex, ch) are measured on the same font files.  This file
runs twice: under this checkout's Python (to write the fontconfig file) and,
as `--driver`, under a Python that has Playwright (`--python`, default python3).
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "css" / "pages"
GOLDENS = ROOT / "tests" / "css" / "goldens"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--hide-scrollbars"]

# The properties compared, by their CSS names (the tests read this list from each golden).
PROPERTIES = [
    "display", "position", "float", "clear", "box-sizing", "z-index", "top", "right", "bottom", "left",
    "width", "height", "min-width", "min-height", "max-width", "max-height",
    "margin-top", "margin-right", "margin-bottom", "margin-left",
    "padding-top", "padding-right", "padding-bottom", "padding-left",
    "border-top-width", "border-right-width", "border-bottom-width", "border-left-width",
    "border-top-style", "border-right-style", "border-bottom-style", "border-left-style",
    "border-top-color", "border-right-color", "border-bottom-color", "border-left-color",
    "border-top-left-radius", "border-top-right-radius", "border-bottom-right-radius",
    "border-bottom-left-radius", "outline-style", "outline-width", "outline-color", "outline-offset",
    "color", "background-color", "background-image", "background-repeat", "background-position",
    "background-size", "background-attachment", "background-clip", "background-origin",
    "opacity", "visibility", "overflow-x", "overflow-y",
    "font-family", "font-size", "font-weight", "font-style", "font-variant", "font-stretch", "line-height",
    "text-align", "text-indent", "text-decoration-line", "text-decoration-color", "text-decoration-style",
    "text-transform", "white-space", "word-break", "overflow-wrap", "letter-spacing", "word-spacing",
    "vertical-align", "direction", "list-style-type", "list-style-position", "list-style-image",
    "content", "quotes", "counter-reset", "counter-increment", "counter-set",
    "border-collapse", "border-spacing", "caption-side", "table-layout", "empty-cells",
    "column-gap", "row-gap", "tab-size",
]

# Walks the DOM in document order without recursion; returns {path: {prop: value}}.
COLLECT_JS = r"""
(props) => {
  const out = {};
  const read = (cs) => { const o = {}; for (const p of props) o[p] = cs.getPropertyValue(p); return o; };
  const stack = [[document.documentElement, null]];
  while (stack.length) {
    const [el, parentPath] = stack.pop();
    const name = el.localName.toLowerCase();
    let idx = 1;
    for (let s = el.previousElementSibling; s; s = s.previousElementSibling)
      if (s.localName.toLowerCase() === name) idx++;
    const path = (parentPath === null ? "" : parentPath + "/") + name + "[" + idx + "]";
    const cs = getComputedStyle(el);
    out[path] = read(cs);
    if (cs.display !== "none") {
      for (const pseudo of ["::before", "::after"]) {
        const ps = getComputedStyle(el, pseudo);
        if (ps.content !== "none" && ps.content !== "normal" && ps.display !== "none") out[path + pseudo] = read(ps);
      }
      if (cs.display === "list-item") out[path + "::marker"] = read(getComputedStyle(el, "::marker"));
    }
    const kids = el.children;
    for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i], path]);
  }
  return out;
}
"""


def page_widths(page: pathlib.Path) -> list[int]:
    """The widths a page asks for in <meta name="widths" content="...">."""
    import re
    text = page.read_text(encoding="utf-8")
    match = re.search(r'<meta\s+name="widths"\s+content="([0-9 ]+)"', text)
    return [int(w) for w in match.group(1).split()] if match else [800]


def golden_path(page: pathlib.Path, width: int) -> pathlib.Path:
    return GOLDENS / f"{page.stem}.w{width}.json"


def driver(jobs: list[tuple[str, int, str]], fonts_conf: str) -> None:
    """Under a Python with Playwright: load each page and write its golden."""
    from playwright.sync_api import sync_playwright

    env = dict(os.environ, FONTCONFIG_FILE=fonts_conf)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, env=env)
        try:
            for page_file, width, out in jobs:
                ctx = browser.new_context(viewport={"width": width, "height": 600}, device_scale_factor=1)
                page = ctx.new_page()
                page.goto(pathlib.Path(page_file).as_uri(), wait_until="load")
                page.evaluate("() => document.fonts.ready.then(() => true)")
                elements = page.evaluate(COLLECT_JS, PROPERTIES)
                ctx.close()
                # no machine paths in the goldens: URLs into the pages folder become PAGES/...
                prefix = PAGES.as_uri() + "/"
                elements = {path: [values[prop].replace(prefix, "PAGES/") for prop in PROPERTIES]
                            for path, values in elements.items()}
                doc = {"page": pathlib.Path(page_file).name, "width": width, "height": 600,
                       "chromium": browser.version, "properties": PROPERTIES, "elements": elements}
                blob = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
                blob = blob.replace('},"html[', '},\n"html[')  # one element a line: diffable
                pathlib.Path(out).write_text(blob + "\n", encoding="utf-8")
                print(f"wrote {pathlib.Path(out).relative_to(ROOT)} ({len(elements)} elements)")
        finally:
            browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", help="pages to do (default: every tests/css/pages/*.html)")
    parser.add_argument("--python", default="python3", help="a Python that has Playwright (default python3)")
    parser.add_argument("--driver", metavar="JOBS.json", help=argparse.SUPPRESS)
    parser.add_argument("--fonts-conf", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.driver:
        driver(json.loads(pathlib.Path(args.driver).read_text()), args.fonts_conf)
        return 0
    sys.path.insert(0, str(ROOT / "scripts"))
    from chromium_fonts import write_fonts_conf

    pages = [pathlib.Path(p).resolve() for p in args.pages] or sorted(PAGES.glob("*.html"))
    GOLDENS.mkdir(parents=True, exist_ok=True)
    jobs = [(str(page), width, str(golden_path(page, width))) for page in pages for width in page_widths(page)]
    conf = write_fonts_conf()
    jobs_file = conf.parent / "jobs.json"
    jobs_file.write_text(json.dumps(jobs))
    return subprocess.run([args.python, __file__, "--driver", str(jobs_file), "--fonts-conf", str(conf)]).returncode


if __name__ == "__main__":
    sys.exit(main())
