"""Lay out a test page in-process and score its boxes against a Chromium golden.

The goldens are `chromium_boxes.py` JSON (scripts/make_layout_goldens.py): the
border box of every element that generates a box, matched here by element path.
A box is "within tolerance" when x, y, width and height all differ by at most
`tol` CSS px — the rule of the reference comparison tool.
"""
from __future__ import annotations

import json
import pathlib
from dataclasses import dataclass, field

ROOT = pathlib.Path(__file__).resolve().parents[2]
PAGES = ROOT / "tests" / "layout" / "pages"
GOLDENS = ROOT / "tests" / "layout" / "goldens"
FIELDS = ("x", "y", "width", "height")


@dataclass
class Score:
    name: str
    total: int = 0
    within: int = 0
    missing: list[str] = field(default_factory=list)
    offenders: list[tuple[float, str, dict, dict]] = field(default_factory=list)  # (max diff, path, ref, ours)

    @property
    def percent(self) -> float:
        return 100.0 * self.within / self.total if self.total else 100.0

    def report(self, worst: int = 10) -> str:
        lines = [f"{self.name}: {self.within}/{self.total} boxes within tolerance ({self.percent:.1f}%)"]
        for diff, path, ref, ours in sorted(self.offenders, key=lambda o: -o[0])[:worst]:
            r = " ".join(f"{k[0]}={ref[k]:g}" for k in FIELDS)
            o = " ".join(f"{k[0]}={ours[k]:g}" for k in FIELDS)
            lines.append(f"  {diff:8.2f}  {path}\n            chromium {r}\n            ours     {o}")
        for path in self.missing[:worst]:
            lines.append(f"   missing  {path}")
        return "\n".join(lines)


def shared_metrics():
    """One font/metrics object for every page (fonts are opened once)."""
    from minibrowser.pipeline import LoadOptions, make_metrics
    return make_metrics(LoadOptions())


def boxes_of(root):
    """Every box under root (itself included) in tree order, markers aside, without recursion."""
    stack = [root]
    while stack:
        box = stack.pop()
        yield box
        stack.extend(reversed(box.children))


def load_html(html: str, metrics):
    """A page from HTML text through the whole pipeline (the caller closes page.fetcher)."""
    import urllib.parse

    from minibrowser.pipeline import LoadOptions, load
    from minibrowser.url import parse
    return load(parse("data:text/html;charset=utf-8," + urllib.parse.quote(html)), LoadOptions(), metrics=metrics)


def check_deep_nesting(opening: str, depth: int, metrics) -> None:
    """`opening` (a container with padding-left:1px) nested `depth` deep around the word "deep":
    the page lays out within 10 s of CPU, and the word sits 1px further right per level."""
    import time

    html = opening * depth + "deep" + "</div>" * depth
    start = time.process_time()
    page = load_html("<!doctype html><body style='margin:0'>" + html, metrics)
    try:
        elapsed = time.process_time() - start
        innermost = [box for box in boxes_of(page.boxes) if box.lines]
        assert innermost[0].lines[0].fragments[0].text == "deep"
        assert innermost[0].lines[0].fragments[0].x == depth
        assert elapsed < 10, f"{elapsed:.1f} s"
    finally:
        page.fetcher.close()


def geometry(html: str, metrics) -> dict[str, tuple[float, float, float, float]]:
    """path → (x, y, width, height) of every element box, for a page with body margin 0."""
    from minibrowser.dumps import layout_boxes

    page = load_html("<!doctype html><body style='margin:0; font: 16px sans-serif'>" + html, metrics)
    try:
        return {b["path"]: (b["x"], b["y"], b["width"], b["height"]) for b in layout_boxes(page)}
    finally:
        page.fetcher.close()


def layout_boxes_of(page_path: pathlib.Path, metrics, width: int = 800, height: int = 600) -> list[dict]:
    """Our layout-json boxes for a page file, through the whole pipeline."""
    from minibrowser.dumps import layout_boxes
    from minibrowser.pipeline import LoadOptions, load
    from minibrowser.url import from_user_input

    page = load(from_user_input(str(page_path)), LoadOptions(width=width, height=height), metrics=metrics)
    try:
        return layout_boxes(page)
    finally:
        page.fetcher.close()


def read_golden(path: pathlib.Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["boxes"]


def score(name: str, reference: list[dict], ours: list[dict], tol: float) -> Score:
    mine = {}
    for box in ours:
        mine.setdefault(box["path"], box)
    result = Score(name)
    seen = set()
    for ref in reference:
        if ref["path"] in seen:
            continue
        seen.add(ref["path"])
        result.total += 1
        cand = mine.get(ref["path"])
        if cand is None:
            result.missing.append(ref["path"])
            continue
        diff = max(abs(float(cand[k]) - float(ref[k])) for k in FIELDS)
        if diff <= tol + 1e-9:
            result.within += 1
        else:
            result.offenders.append((diff, ref["path"], ref, cand))
    return result


def golden_pages() -> list[pathlib.Path]:
    """Pages that have a golden (deep-* pages test depth only and have none)."""
    return [p for p in sorted(PAGES.glob("*.html")) if (GOLDENS / f"{p.stem}.boxes.json").exists()]
