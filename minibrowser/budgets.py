"""Resource budgets: how much of the machine one page may use, and what happens when it asks for more.

A browser's input is written by strangers, so every quantity a page controls has a ceiling: the
time the whole load may take, the bytes of each response (as sent and once decompressed), how many
subresources it may fetch, how many pixels an image may decode to, how many DOM nodes and CSS rules
it may have, and how deeply its elements may nest.  Each ceiling has a default and a flag
(`BUDGETS`, the one table both the CLI and the README are written from).

What happens at a ceiling depends on whether a partial rendering still makes sense:

- the page's own response over a size budget, or the whole load over `--max-time`: the load stops
  with one line on stderr (exit 63, or 28 for time) and nothing is written;
- too many DOM nodes or CSS rules: the page is cut to fit (the first N nodes, the first N rules),
  rendered, written, and stderr says what was cut; the exit status is still 63 so scripts can tell;
- nesting deeper than the layout depth: elements below depth N become siblings at depth N, as
  Blink's HTML parser does below depth 512 (kMaximumHTMLParserDOMTreeDepth).  At the default that
  *is* what Chromium renders, so it is a warning and exit 0; a `--max-layout-depth` the user chose
  is a budget like the others (exit 63 when it cuts);
- a subresource over budget (too many of them, one too large, an image with too many pixels) is
  left out like any failed subresource, with a warning, and the exit status is 63; one still loading
  when its share of `--max-time` is over (SUBRESOURCE_TIME_SHARE) is left out with a warning, so
  that the page itself still renders in time.

This module holds the table, the checks, and the small pieces of machinery that enforce them
(a fetcher wrapper that counts subresources and shares one deadline, a watchdog for CPU stages).
"""
from __future__ import annotations

import argparse
import signal
import threading
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any, Iterator

from .errors import BudgetExceeded, TimeoutError_, UsageError

MiB = 1024 * 1024
BLINK_MAX_DEPTH = 512          # Blink's kMaximumHTMLParserDOMTreeDepth (HTMLConstructionSite)
SUBRESOURCE_TIME_SHARE = 0.75  # subresources must be done by this share of --max-time: the rest is
                               # kept for style, layout and paint, so a slow image cannot sink the page


@dataclass(frozen=True)
class Budget:
    """One row of the budget table: the Budgets field, its flag, its default and what it bounds."""

    field: str
    flag: str
    default: float | int
    kind: type
    what: str
    at_limit: str
    browser_default: bool = False   # the default is a browser's own limit: reaching it is a warning


BUDGETS: tuple[Budget, ...] = (
    Budget("max_time", "--max-time", 120.0, float, "seconds for the whole page: network, parse, style, layout, paint",
           "stop; nothing is written (exit 28). A subresource still loading at 3/4 of it is left out, "
           "with a warning"),
    Budget("max_response_size", "--max-response-size", 100 * MiB, int, "bytes of one response body as sent",
           "the page: stop (exit 63); a subresource: left out"),
    Budget("max_decompressed_size", "--max-decompressed-size", 200 * MiB, int,
           "bytes of one response body after gzip/deflate/br",
           "the page: stop (exit 63); a subresource: left out"),
    Budget("max_subresources", "--max-subresources", 500, int,
           "stylesheets, @imports, images and fonts fetched for one page", "the first N are loaded"),
    # pixels cost 4 bytes each while they are drawn or decoded (RGBA): 50 M is 200 MB for one image,
    # under Pillow's own bomb warning (89 M); 100 M is 400 MB for the output, an 800 px wide full page
    # up to 125,000 px tall (a long documentation page is ~76,000)
    Budget("max_image_pixels", "--max-image-pixels", 50_000_000, int,
           "pixels of one decoded image (4 bytes each: 200 MB)", "the image is left out (its alt text shows)"),
    Budget("max_canvas_pixels", "--max-canvas-pixels", 100_000_000, int,
           "pixels of the output image (4 bytes each while drawn: 400 MB)", "the image is cut at the bottom"),
    Budget("max_dom_nodes", "--max-dom-nodes", 500_000, int, "elements and text nodes of the document",
           "the first N nodes are rendered"),
    Budget("max_css_rules", "--max-css-rules", 200_000, int, "style rules of the page's own stylesheets",
           "the first N rules apply"),
    Budget("max_layout_depth", "--max-layout-depth", BLINK_MAX_DEPTH, int, "how deeply elements may nest",
           "deeper elements are rendered as siblings at depth N, as Blink's parser does at 512: at the "
           "default a warning (exit 0), at a depth you chose exit 63", browser_default=True),
)


@dataclass
class Budgets:
    """The ceilings of one page load (defaults from BUDGETS)."""

    max_time: float | None = 120.0
    max_response_size: int = 100 * MiB
    max_decompressed_size: int = 200 * MiB
    max_subresources: int = 500
    max_image_pixels: int = 50_000_000
    max_canvas_pixels: int = 100_000_000
    max_dom_nodes: int = 500_000
    max_css_rules: int = 200_000
    max_layout_depth: int = BLINK_MAX_DEPTH
    # the budgets the user chose (their fields); a browser_default budget reached at its default is
    # a warning, one the user chose is an overrun
    chosen: frozenset[str] = frozenset()

    def overrun(self, name: str) -> bool:
        """Is reaching budget `name` an overrun (exit 63), or only what a browser does anyway?"""
        row = next(b for b in BUDGETS if b.field == name)
        return not row.browser_default or name in self.chosen or getattr(self, name) != row.default


def markdown_table() -> str:
    """The README's budget table, written from BUDGETS (a test checks the README has it verbatim)."""
    def default(row: Budget) -> str:
        if row.field == "max_time":
            return f"{row.default:g} s"
        if row.field.endswith("_size"):
            return f"{row.default // MiB:,} MiB"
        return f"{row.default:,}"
    lines = ["| flag | bounds | default | at the limit |", "|---|---|---|---|"]
    lines += [f"| `{row.flag}` | {row.what} | {default(row)} | {row.at_limit} |" for row in BUDGETS]
    return "\n".join(lines)


def _number(kind: type, flag: str):
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{flag} needs a number, not {text!r}") from None
        if not value > 0 or value != value or value == float("inf"):
            raise argparse.ArgumentTypeError(f"{flag} must be a positive finite number")
        return value
    return parse


class _Chosen(argparse.Action):
    """Stores the value and remembers that the user gave the flag (Budgets.chosen)."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        setattr(namespace, self.dest, values)
        namespace.budgets_chosen = getattr(namespace, "budgets_chosen", frozenset()) | {self.dest}


def add_arguments(parser: argparse.ArgumentParser, skip: tuple[str, ...] = ()) -> None:
    """One flag per budget, its default in the help text."""
    group = parser.add_argument_group("budgets (a page over one: a line on stderr, exit 63)")
    for budget in BUDGETS:
        if budget.flag in skip:
            continue
        group.add_argument(budget.flag, dest=budget.field, type=_number(budget.kind, budget.flag),
                           default=budget.default, metavar="N", action=_Chosen,
                           help=f"{budget.what} (default {budget.default:,}; at the limit: {budget.at_limit})")


def from_args(args: argparse.Namespace) -> Budgets:
    values = {row.field: getattr(args, row.field) for row in BUDGETS if hasattr(args, row.field)}
    return Budgets(**values, chosen=frozenset(getattr(args, "budgets_chosen", ())))


def check_consistent(budgets: Budgets) -> None:
    if budgets.max_decompressed_size < 1 or budgets.max_response_size < 1:
        raise UsageError("size budgets must be at least 1 byte")


# ---------------------------------------------------------------------------
# the page's deadline: fetches share it; a watchdog enforces it on the CPU stages

def deadline_of(budgets: Budgets, start: float | None = None) -> float | None:
    """The absolute time.monotonic() by which the page must be done, or None."""
    if not budgets.max_time:
        return None
    return (time.monotonic() if start is None else start) + budgets.max_time


class Watchdog:
    """Raises TimeoutError_ in the main thread when the page's time is up.

    Parsing, style and layout are pure Python with no natural place to look at a clock, so a timer
    signal (SIGALRM) interrupts whatever runs.  It fires again every second until the caller has
    left the `with` block, so a broad `except Exception` somewhere in a stage cannot swallow it.
    Outside the main thread (or where there is no SIGALRM) it does nothing; the fetches still
    share the deadline through `BudgetedFetcher`."""

    REPEAT = 1.0

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.armed = False
        self._previous: Any = None

    def _expired(self, signum, frame) -> None:
        raise TimeoutError_(f"the page took longer than --max-time {self.seconds:g} s: gave up")

    def __enter__(self) -> "Watchdog":
        if self.seconds and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGALRM, self._expired)
            signal.setitimer(signal.ITIMER_REAL, self.seconds, self.REPEAT)
            self.armed = True
        return self

    def __exit__(self, *exc: object) -> None:
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)
            self.armed = False


class BudgetedFetcher:
    """The page's view of the fetcher: every fetch shares the page deadline, and subresources
    (fetches with an `initiator`) are counted against `max_subresources`.

    It also names the right initiator.  The rules for web pages (an http(s) page may not load
    file: URLs) are about the *document*, whatever URL a subresource was resolved against: a
    `<base href="file:///">`, or an @import inside a data: stylesheet, must not turn an http page
    into a file: one.  Once `document` is set (the page's final URL), every subresource is fetched
    on its behalf.

    Refused and over-size subresources come back as `BudgetExceeded`, which the pipeline reports
    like any failed subresource; `overruns` counts them so the exit status can say so.

    Subresources get only SUBRESOURCE_TIME_SHARE of the page's time: a server that trickles a
    stylesheet a byte a second times out with a warning while there is still time to render."""

    def __init__(self, fetcher, budgets: Budgets, deadline: float | None) -> None:
        self.fetcher = fetcher
        self.budgets = budgets
        self.deadline = deadline
        self.subresource_deadline = deadline
        if deadline is not None and budgets.max_time:
            self.subresource_deadline = deadline - budgets.max_time * (1 - SUBRESOURCE_TIME_SHARE)
        self.document = None   # the page's URL, once fetched: the initiator of every subresource
        self.fetched = 0
        self.refused = 0
        self.oversize = 0
        self._lock = threading.Lock()

    def _admit(self, count: int) -> int:
        """How many of `count` more subresources fit the budget."""
        with self._lock:
            allowed = max(0, min(count, self.budgets.max_subresources - self.fetched))
            self.fetched += allowed
            self.refused += count - allowed
            return allowed

    def _refusal(self) -> BudgetExceeded:
        return BudgetExceeded(f"not loaded: the page already used its {self.budgets.max_subresources} "
                              "subresources (--max-subresources)")

    def _initiator(self, initiator):
        return self.document if initiator is not None and self.document is not None else initiator

    def fetch(self, url, *, initiator=None, deadline: float | None = None, **kwargs):
        initiator = self._initiator(initiator)
        if initiator is not None and not self._admit(1):
            raise self._refusal()
        deadline = deadline or (self.deadline if initiator is None else self.subresource_deadline)
        try:
            return self.fetcher.fetch(url, initiator=initiator, deadline=deadline, **kwargs)
        except BudgetExceeded:
            if initiator is not None:
                with self._lock:
                    self.oversize += 1
            raise
        except TimeoutError_ as exc:
            raise (self._late(exc) if initiator is not None else exc) from None

    def fetch_all(self, urls: list, *, initiator=None, deadline: float | None = None) -> list:
        initiator = self._initiator(initiator)
        allowed = self._admit(len(urls)) if initiator is not None else len(urls)
        deadline = deadline or (self.deadline if initiator is None else self.subresource_deadline)
        results = self.fetcher.fetch_all(urls[:allowed], initiator=initiator, deadline=deadline)
        if initiator is not None:
            results = [self._late(r) if isinstance(r, TimeoutError_) else r for r in results]
        with self._lock:
            self.oversize += sum(1 for r in results if isinstance(r, BudgetExceeded))
        return results + [self._refusal() for _ in urls[allowed:]]

    def _late(self, exc: TimeoutError_) -> TimeoutError_:
        """A subresource stopped by its share of the page's time says so (the fetcher only knows that
        a deadline passed, and would blame all of --max-time)."""
        if self.subresource_deadline is None or time.monotonic() < self.subresource_deadline - 0.05:
            return exc           # its own connect or read timeout
        share = self.budgets.max_time * SUBRESOURCE_TIME_SHARE
        return TimeoutError_(f"still loading after {share:g} s, the subresources' share of --max-time "
                             f"{self.budgets.max_time:g} s: left out")

    def overruns(self) -> list[str]:
        """One line per kind of subresource the budgets kept out."""
        out = []
        if self.refused:
            out.append(f"{self.refused:,} subresources were not loaded (--max-subresources "
                       f"{self.budgets.max_subresources:,})")
        if self.oversize:
            out.append(f"{self.oversize:,} subresources were over a size budget and left out "
                       "(--max-response-size, --max-decompressed-size)")
        return out

    def __getattr__(self, name: str):
        return getattr(self.fetcher, name)


# ---------------------------------------------------------------------------
# images

def image_too_large(data: bytes, budgets: Budgets) -> str | None:
    """Why this image is not decoded, or None.  Only the header is read, before any pixel is
    decoded: an image that claims 100,000 × 100,000 costs nothing."""
    from PIL import Image  # only pages with images pay for the import
    from .paint.image_open import open_image   # the sniffed format's plugin only

    # Pillow's own bomb check (a guess, 89 M pixels) gives way to --max-image-pixels, checked here
    # on every image before decoding, so that the message can say what the header claimed
    Image.MAX_IMAGE_PIXELS = None
    try:
        with open_image(data) as probe:
            width, height = probe.size
    except Exception:   # not an image Pillow knows: decoding says so, with its own reason
        return None
    if width * height > budgets.max_image_pixels:
        return (f"{width:,}x{height:,} is {width * height:,} pixels, over --max-image-pixels "
                f"{budgets.max_image_pixels:,}")
    return None


def clip_canvas(width: int, height: int, scale: float, budgets: Budgets) -> tuple[int, str | None]:
    """The output height (CSS px) that keeps the PNG within the pixel budget, and what was cut."""
    device_width = max(1, round(width * scale))
    rows = budgets.max_canvas_pixels // device_width
    fits = max(1, int(rows / scale))
    if round(height * scale) * device_width <= budgets.max_canvas_pixels:
        return height, None
    return fits, (f"the page is {height:,} px tall: the image shows the first {fits:,} px "
                  f"(--max-canvas-pixels {budgets.max_canvas_pixels:,})")


# ---------------------------------------------------------------------------
# the document: nodes and depth

def count_nodes(root: ET.Element) -> int:
    """Elements (and comments) plus text nodes: each non-empty .text and .tail is one."""
    return sum(1 + bool(node.text) + bool(node.tail) for node in root.iter())


def _cut(stack: list[list]) -> None:
    """Remove everything after the walk's current point: the unvisited children of each open
    element, and the tails of the open elements (their tails come after their subtrees)."""
    for depth, (element, next_index) in enumerate(stack):
        del element[next_index:]
        if depth:
            element.tail = None


def limit_nodes(root: ET.Element, limit: int) -> int:
    """Keep the first `limit` nodes in document order; return how many were removed.

    One walk in document order with an explicit stack of [element, index of its next child]:
    an element costs 1 when it opens (+1 for its text), its tail costs 1 once its subtree is done.
    At the first node over budget everything after that point goes, so what remains is exactly a
    prefix of the document and every kept element is still in its place."""
    total = count_nodes(root)
    if total <= limit:
        return 0
    used = 1 + bool(root.text)
    if used > limit:
        root.text = None
    stack: list[list] = [[root, 0]]
    while used < limit and stack:
        frame = stack[-1]
        element, index = frame
        if index == len(element):
            stack.pop()
            if stack and element.tail:
                used += 1
                if used > limit:
                    element.tail = None
            continue
        child = element[index]
        if used + 1 > limit:
            break
        frame[1] = index + 1
        used += 1 + bool(child.text)
        if used > limit:
            child.text = None
        stack.append([child, 0])
    _cut(stack)
    return total - count_nodes(root)


def _flattened(element: ET.Element) -> list[ET.Element]:
    """`element` and its descendants as a flat list of childless elements in document order, each
    keeping its attributes and text; a tail moves to the last element emitted before it, so the
    text reads in the same order."""
    out: list[ET.Element] = []
    walk: list[tuple[ET.Element, bool, str | None]] = [(element, False, None)]
    while walk:
        node, closing, tail = walk.pop()
        if closing:
            if tail:
                out[-1].tail = (out[-1].tail or "") + tail
            continue
        children = list(node)
        walk.append((node, True, node.tail))
        node.tail = None
        del node[:]
        out.append(node)
        walk.extend((child, False, None) for child in reversed(children))
    return out


def limit_depth(root: ET.Element, limit: int) -> int:
    """Elements nested deeper than `limit` (the root is at depth 1) become siblings at depth `limit`,
    as Blink's HTML parser does beyond depth 512: every element and every character is still
    rendered, only the nesting is gone.  Returns how many elements moved up."""
    limit = max(limit, 2)
    moved = 0
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth + 1 < limit:
            stack.extend((child, depth + 1) for child in element)
            continue
        if not any(len(child) for child in element):
            continue
        flat: list[ET.Element] = []
        for child in element:
            if len(child):
                pieces = _flattened(child)
                moved += len(pieces) - 1
                flat.extend(pieces)
            else:
                flat.append(child)
        element[:] = flat
    return moved


def fit_document(root: ET.Element, budgets: Budgets, warnings: list[str]) -> list[str]:
    """Cut the parsed document to the node and depth budgets; one message per cut.  Returns the
    overruns (exit 63); a cut that is only what a browser does anyway (the default depth, Blink's
    512) goes to `warnings` instead."""
    notes = []
    removed = limit_nodes(root, budgets.max_dom_nodes)
    if removed:
        notes.append(f"the document has more than {budgets.max_dom_nodes:,} nodes: the first "
                     f"{budgets.max_dom_nodes:,} are rendered, {removed:,} are not (--max-dom-nodes)")
    moved = limit_depth(root, budgets.max_layout_depth)
    if moved and budgets.overrun("max_layout_depth"):
        notes.append(f"{moved:,} elements nest deeper than {budgets.max_layout_depth:,}: they are rendered as "
                     f"siblings at that depth (--max-layout-depth)")
    elif moved:
        warnings.append(f"{moved:,} elements nest deeper than {budgets.max_layout_depth:,}: they are rendered "
                        f"as siblings at that depth, as browsers do (--max-layout-depth to change it)")
    return notes


# ---------------------------------------------------------------------------
# stylesheets

def limit_rules(sheets: list, limit: int) -> str | None:
    """Keep the first `limit` style rules of the author sheets (in cascade order); the UA and user
    sheets are not the page's and are never cut."""
    total = sum(len(sheet.rules) for sheet in sheets if sheet.origin == "author")
    if total <= limit:
        return None
    left = limit
    for sheet in sheets:
        if sheet.origin != "author":
            continue
        del sheet.rules[left:]
        left -= len(sheet.rules)
    return (f"the page's stylesheets have {total:,} rules: the first {limit:,} apply, "
            f"{total - limit:,} do not (--max-css-rules)")
