"""`minibrowser reftest MANIFEST.tsv`: run W3C/WPT reftests and count the passes.

A reftest is a pair of pages that must look the same (`==`) or different
(`!=`).  Following the WPT rules (docs/writing-tests/reftests.md), both are
rendered in an 800×600 viewport and only the viewport's pixels are compared,
exactly, unless the test carries
`<meta name=fuzzy content="maxDifference=A-B;totalPixels=C-D">`, which allows
up to B in any colour channel on up to D pixels (a `ref.html:` prefix limits
the annotation to that reference).

The manifest is tab-separated: test path, reference path, `==` or `!=`, then
any other columns (ignored); paths are relative to the manifest, a first line
starting with `test` is a header.  Each failure leaves a PNG in `--out`:
test | reference | differing pixels in red.  The last line is `passed N/M`.

Every page is loaded in this one process with one set of fonts, so the font
files are opened and measured once for the whole run.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import re
import sys
import time
from dataclasses import dataclass, field

from PIL import Image, ImageChops

from .errors import BrowserError, ExitCode, FileReadError, UsageError, sanitize

VIEWPORT = (800, 600)


@dataclass
class Reftest:
    test: str          # path relative to the manifest
    reference: str
    relation: str      # "==" or "!="


@dataclass
class Fuzzy:
    """Allowed differences: (min, max) of the largest channel difference and of the differing pixels."""

    max_difference: tuple[int, int] = (0, 0)
    total_pixels: tuple[int, int] = (0, 0)

    def allows(self, max_diff: int, pixels: int) -> bool:
        if pixels == 0:
            return True
        return (self.max_difference[0] <= max_diff <= self.max_difference[1]
                and self.total_pixels[0] <= pixels <= self.total_pixels[1])


@dataclass
class Outcome:
    reftest: Reftest
    passed: bool
    differing: int = 0
    max_difference: int = 0
    error: str = ""
    diff_path: str = ""
    notes: list[str] = field(default_factory=list)


def read_manifest(path: str) -> list[Reftest]:
    try:
        text = pathlib.Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise FileReadError(f"cannot read manifest {path}: {exc.strerror}") from None
    tests: list[Reftest] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if number == 1 and cells[0].strip().lower().startswith("test"):
            continue
        if len(cells) < 3 or cells[2].strip() not in ("==", "!="):
            raise UsageError(f"{path} line {number}: expected TEST<TAB>REFERENCE<TAB>==|!=")
        tests.append(Reftest(cells[0].strip(), cells[1].strip(), cells[2].strip()))
    return tests


def _range(text: str) -> tuple[int, int]:
    """'0-15' → (0, 15); '7' → (7, 7)."""
    low, _, high = text.strip().partition("-")
    return (int(low), int(high or low))


def parse_fuzzy(content: str, reference_name: str) -> Fuzzy | None:
    """One `<meta name=fuzzy>` content value, or None when it names another reference."""
    content = content.strip()
    prefix = re.match(r"^([^:;=]+):(.*)$", content)
    if prefix:
        if pathlib.PurePosixPath(prefix.group(1).strip()).name != reference_name:
            return None
        content = prefix.group(2)
    fuzzy = Fuzzy()
    parts = [p for p in content.split(";") if p.strip()]
    for index, part in enumerate(parts):
        name, eq, value = part.partition("=")
        if not eq:  # positional form: "A-B;C-D"
            name, value = ("maxDifference", "totalPixels")[min(index, 1)], part
        try:
            if name.strip() == "maxDifference":
                fuzzy.max_difference = _range(value)
            elif name.strip() == "totalPixels":
                fuzzy.total_pixels = _range(value)
        except ValueError:
            continue
    return fuzzy


def fuzzy_of(document, reference_name: str) -> Fuzzy | None:
    for element in document.elements():
        if element.tag == "meta" and (element.get("name") or "").lower() == "fuzzy":
            fuzzy = parse_fuzzy(element.get("content") or "", reference_name)
            if fuzzy is not None:
                return fuzzy
    return None


class Renderer:
    """Loads and rasterizes pages in one process, sharing fonts between them."""

    def __init__(self, font_dirs: list[str]) -> None:
        from .pipeline import LoadOptions, make_metrics

        self.options = LoadOptions(width=VIEWPORT[0], height=VIEWPORT[1], font_dirs=list(font_dirs))
        self.metrics = make_metrics(self.options)
        self.cache: dict[str, tuple[Image.Image, object]] = {}

    def render(self, path: pathlib.Path) -> tuple[Image.Image, object]:
        """(RGB viewport image, parsed document) of one file; a reference shared by tests is rendered once."""
        key = str(path)
        if key not in self.cache:
            from .pipeline import load
            from .raster.pil import PILRasterizer
            from .url import from_user_input

            page = load(from_user_input(str(path)), self.options, metrics=self.metrics)
            try:
                image = PILRasterizer(page.metrics).render(page.display_list, *VIEWPORT).convert("RGB")
            finally:
                page.fetcher.close()
            self.cache[key] = (image, page.document)
        return self.cache[key]


def compare(test: Image.Image, reference: Image.Image) -> tuple[int, int, Image.Image]:
    """(differing pixels, largest channel difference, mask of the differing pixels)."""
    diff = ImageChops.difference(test, reference)
    channels = diff.split()
    largest = max(channel.getextrema()[1] for channel in channels)
    mask = ImageChops.lighter(ImageChops.lighter(channels[0], channels[1]), channels[2])
    mask = mask.point(lambda v: 255 if v else 0)
    differing = mask.histogram()[255]
    return differing, largest, mask


def diff_picture(test: Image.Image, reference: Image.Image, mask: Image.Image) -> Image.Image:
    """test | reference | the test faded with the differing pixels in red."""
    w, h = test.size
    out = Image.new("RGB", (w * 3 + 20, h), (128, 128, 128))
    out.paste(test, (0, 0))
    out.paste(reference, (w + 10, 0))
    faded = Image.blend(test, Image.new("RGB", test.size, (255, 255, 255)), 0.7)
    faded.paste(Image.new("RGB", test.size, (255, 0, 0)), (0, 0), mask)
    out.paste(faded, (2 * w + 20, 0))
    return out


def run_one(renderer: Renderer, base: pathlib.Path, reftest: Reftest, out_dir: pathlib.Path | None) -> Outcome:
    try:
        test_image, test_doc = renderer.render(base / reftest.test)
        ref_image, ref_doc = renderer.render(base / reftest.reference)
    except BrowserError as exc:
        return Outcome(reftest, False, error=exc.one_line())
    ref_name = pathlib.PurePosixPath(reftest.reference).name
    fuzzy = fuzzy_of(test_doc, ref_name) or fuzzy_of(ref_doc, ref_name) or Fuzzy()
    differing, largest, mask = compare(test_image, ref_image)
    same = fuzzy.allows(largest, differing)
    passed = same if reftest.relation == "==" else differing > 0
    outcome = Outcome(reftest, passed, differing, largest)
    if not passed and out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9._-]+", "_", reftest.test) + ".diff.png"
        target = out_dir / name
        diff_picture(test_image, ref_image, mask).save(target)
        outcome.diff_path = str(target)
    return outcome


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="minibrowser reftest",
                                     description="Render reftest pairs at 800x600 and compare their pixels.")
    parser.add_argument("manifest", help="TSV: test path, reference path, == or != (paths relative to it)")
    parser.add_argument("--font-dir", action="append", default=[], metavar="DIR",
                        help="fonts in DIR are known by their own family names (repeatable)")
    parser.add_argument("--out", metavar="DIR", default="reftest-diffs",
                        help="where failure pictures go (default ./reftest-diffs)")
    parser.add_argument("--filter", metavar="TEXT", help="only tests whose path contains TEXT")
    parser.add_argument("-q", "--quiet", action="store_true", help="print failures and the total only")
    return parser


def run_manifest(manifest: str, font_dirs: list[str], out_dir: str | None, only: str | None = None,
                 report=None) -> list[Outcome]:
    """Run every reftest of a manifest; `report(outcome)` is called after each."""
    tests = read_manifest(manifest)
    if only:
        tests = [t for t in tests if only in t.test]
    for directory in font_dirs:
        if not os.path.isdir(directory):
            raise UsageError(f"--font-dir {directory}: not a directory")
    renderer = Renderer(font_dirs)
    base = pathlib.Path(manifest).resolve().parent
    outcomes = []
    for reftest in tests:
        outcome = run_one(renderer, base, reftest, pathlib.Path(out_dir) if out_dir else None)
        outcomes.append(outcome)
        if report is not None:
            report(outcome)
    return outcomes


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    started = time.perf_counter()

    def report(outcome: Outcome) -> None:
        name = outcome.reftest.test
        if outcome.passed:
            if not args.quiet:
                print(f"PASS {name}")
        elif outcome.error:
            print(f"FAIL {name}: {sanitize(outcome.error)}")
        else:
            print(f"FAIL {name}: {outcome.differing} pixels differ (up to {outcome.max_difference})"
                  + (f" -> {outcome.diff_path}" if outcome.diff_path else ""))
        sys.stdout.flush()

    outcomes = run_manifest(args.manifest, args.font_dir, args.out, args.filter, report)
    passed = sum(o.passed for o in outcomes)
    print(f"{len(outcomes) - passed} failed, {time.perf_counter() - started:.1f}s")
    print(f"passed {passed}/{len(outcomes)}")
    return ExitCode.OK if passed == len(outcomes) else 1
