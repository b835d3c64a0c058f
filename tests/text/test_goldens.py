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

# Pages whose lists use what w3m does not implement: the CSS list-style-type property (w3m numbers
# an <ol> by its type attribute only and bullets a <ul> by depth, whatever its style) and the
# `reversed` attribute.  There w3m's marker is wrong ("1." where the page asks for "a.", "XI." for
# "IX."), so on these pages the number or letter that opens an ordered item is the same
# placeholder word on both sides before the words are compared: every item still counts and its
# text is compared word for word; test_list_markers_follow_css checks the markers themselves.
W3M_LACKS_LIST_STYLES = {"pages-lists"}
_MARKER = re.compile(r"^( *)(?:\d+|[ivxlcdm]+|[IVXLCDM]+|[a-zA-Z])\.(?= )", re.M)


def _markers_as_one_word(text: str) -> str:
    return _MARKER.sub(r"\1N.", text)


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    return {name: render_file(path) for name, path in PAGES.items()}


def test_every_page_has_goldens():
    for name in PAGES:
        assert (GOLDENS / f"{name}.txt").exists(), f"run scripts/make_text_goldens.py ({name})"
        assert (GOLDENS / f"{name}.refs.txt").exists(), name


@pytest.mark.parametrize("name", sorted(PAGES))
def test_words_match_w3m(name, rendered):
    golden, ours = (GOLDENS / f"{name}.txt").read_text(encoding="utf-8"), rendered[name]
    if name in W3M_LACKS_LIST_STYLES:
        golden, ours = _markers_as_one_word(golden), _markers_as_one_word(ours)
    score = word_similarity(golden, ours)
    assert score >= THRESHOLD, f"{name}: {score:.3f}"


def test_list_markers_follow_css(rendered):
    """The markers w3m gets wrong on pages/lists.html, as CSS Lists 3 and Counter Styles 3 define
    them (and Chromium draws them): list-style-type on <ul>/<ol>, `reversed`, start, value."""
    lines = [line.strip() for line in rendered["pages-lists"].splitlines()]
    def items(first: str, count: int) -> list[str]:
        start = lines.index(first)
        return lines[start:start + count]
    assert items("1. Fetch the document", 3) == [
        "1. Fetch the document", "a. Resolve the host name", "b. Open a connection"]
    assert items("i. TCP handshake", 3) == [
        "i. TCP handshake", "ii. TLS handshake, for https: only", "c. Send the request and read the response"]
    assert "▪ the user-agent stylesheet" in lines            # a <ul> three lists deep: square
    for heading, markers in (("decimal", ["1.", "2.", "3."]), ("lower-alpha", ["a.", "b.", "c."]),
                             ("upper-roman", ["I.", "II.", "III."]), ("square", ["▪"] * 3),
                             ("circle", ["◦"] * 3), ("none", [])):
        expected = [" ".join([m, w]) for m, w in zip(markers, ["Parse", "Style", "Layout"])] or \
            ["Parse", "Style", "Layout"]
        assert items(f"list-style-type: {heading}", 5)[2:] == expected, heading
    assert items("7. Paint backgrounds", 3)[2] == "9. Paint text and images"
    assert items("4. Check the certificate", 4)[3] == "1. Read the body"           # reversed
    assert items("X. Ten", 3) == ["X. Ten", "IX. Nine", "VIII. Eight"]              # start=10 reversed
    assert items("42. Forty-second", 2) == ["42. Forty-second", "43. Forty-third"]  # value=42


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
