"""Text mode against w3m: the goldens of scripts/make_text_goldens.py (`w3m -dump -cols 80`)."""
from __future__ import annotations

import html
import re

import pytest

from minibrowser.raster.grid import text_cells
from tests.text.helpers import GOLDENS, ROOT, render_file, word_similarity

PAGES = {f"pages-{p.stem}": p for p in sorted((ROOT / "pages").glob("*.html"))}
PAGES.update({f"text-{p.stem}": p for p in sorted((ROOT / "tests" / "text" / "pages").glob("*.html"))})
THRESHOLD = 0.95
# Where w3m is wrong, a page may score lower; the reason is the exact difference.
BELOW_THRESHOLD = {
    # w3m ignores CSS list-style-type (lower-alpha, upper-roman, lower-roman set by class) and the
    # `reversed` attribute, so ~20 list numbers differ: "a." "IX." are right, w3m prints "1." "XI.".
    "pages-lists": 0.93,
}


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    return {name: render_file(path) for name, path in PAGES.items()}


def test_every_page_has_goldens():
    for name in PAGES:
        assert (GOLDENS / f"{name}.txt").exists(), f"run scripts/make_text_goldens.py ({name})"
        assert (GOLDENS / f"{name}.refs.txt").exists(), name


@pytest.mark.parametrize("name", sorted(PAGES))
def test_words_match_w3m(name, rendered):
    golden = (GOLDENS / f"{name}.txt").read_text(encoding="utf-8")
    score = word_similarity(golden, rendered[name])
    assert score >= BELOW_THRESHOLD.get(name, THRESHOLD), f"{name}: {score:.3f}"


def _pre_lines(path) -> set[str]:
    """The lines of the page's <pre> elements, which alone may be longer than the column count."""
    source = path.read_bytes().decode("utf-8", errors="replace")
    lines: set[str] = set()
    for block in re.findall(r"<pre[^>]*>(.*?)</pre>", source, flags=re.S | re.I):
        text = html.unescape(re.sub(r"<[^>]+>", "", block))
        lines.update(line.rstrip() for line in text.splitlines())
    return lines


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_line_longer_than_the_columns_outside_pre(name, rendered):
    allowed = _pre_lines(PAGES[name])
    for line in rendered[name].splitlines():
        if text_cells(line) > 80:
            assert line.strip() in {a.strip() for a in allowed}, f"{name}: {line!r}"


def test_long_pre_line_is_kept_whole(rendered):
    long_line = "result = run(layout(root))  # this comment makes the line longer than eighty columns on purpose"
    assert long_line in rendered["text-structure"].splitlines()
    golden = (GOLDENS / "text-structure.txt").read_text(encoding="utf-8")
    assert long_line in golden.splitlines()  # w3m does not wrap <pre> either


def _w3m_references(text: str) -> list[str]:
    _, _, tail = text.partition("\nReferences:\n")
    return re.findall(r"^\[\d+\] (\S+)$", tail, flags=re.M)


def _our_references(text: str) -> list[str]:
    _, _, tail = text.partition("\nReferences\n")
    return re.findall(r"^ *\d+\. (\S+)$", tail, flags=re.M)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_references_list_the_links_w3m_lists(name):
    """Same absolute URLs in the same order (w3m also numbers form controls, but lists only links)."""
    ours = render_file(PAGES[name], references=True)
    golden = (GOLDENS / f"{name}.refs.txt").read_text(encoding="utf-8")
    assert _our_references(ours) == _w3m_references(golden)
    body = ours.partition("\nReferences\n")[0]
    position = -1
    for number in range(1, len(_our_references(ours)) + 1):  # "[n]" in the text, in order
        position = body.find(f"[{number}]", position + 1)
        assert position >= 0, (name, number)
