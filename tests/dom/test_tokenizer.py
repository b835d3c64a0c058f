"""The tokenizer's fast path (minibrowser/tokenizer.py) must give exactly html5lib's tokens and errors."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import html5lib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from html5lib import _inputstream, _tokenizer

from minibrowser import dom, tokenizer, treebuilder

# fragments that make plain tags, and the ones that must leave the fast path (references, NUL,
# duplicates, stray quotes and equals signs, comments, raw text elements, odd whitespace)
FRAGMENTS = ["<", "</", ">", "/>", "/", " ", "\n", "\t", "\f", "\r", "\x0b", "=", '"', "'", "`",
             "a", "p", "b", "div", "DIV", "Span", "x-y", "h1", "li", "ul", "table", "td", "tr",
             "class", "CLASS", "href", "id", "@click", "xml:lang", "data-x", "a.b", "_u",
             "text ", "&amp;", "&", "&#65;", "\x00", "<!--", "-->", "<!DOCTYPE html>",
             "<script>", "</script>", "<style>", "</style>", "<textarea>", "<title>", "<svg>",
             "<math>", "é", "中文", "<br/>", "<img src=x.png alt='a b'>", '<a href="#x">',
             "</a>", "<p class=c>", "<input disabled>", "<a b=c/>"]

SPACE = st.sampled_from(["", " ", "  ", "\n", "\t", "\f", "\r\n", "\x0b"])
NAMES = st.sampled_from(["a", "p", "DIV", "Span", "x-y", "h1", "td", "svg", "math", "script", "title",
                         "br", "img", "a1", "é", "a\x00", "a'b"])
ATTR_NAMES = st.sampled_from(["class", "CLASS", "href", "id", "@click", "xml:lang", "data-x", "a.b",
                              "_u", "b", "B", "=", "'", "x\x00", "é"])
VALUES = st.sampled_from(['"x"', "'y z'", "v", "a/b", '""', "''", '"a&amp;b"', "a&b", "'\x00'", "`",
                          '"<p>"', "x'y", "=", "/", ""])
ATTRIBUTE = st.tuples(SPACE, ATTR_NAMES, st.one_of(st.just(""), st.tuples(SPACE, SPACE, VALUES).map(
    lambda t: f"{t[0]}={t[1]}{t[2]}"))).map("".join)
CLOSERS = st.sampled_from([">", "/>", " />", "/ >", "", "\n>", " >"])
TAG = st.tuples(st.sampled_from(["<", "<", "</"]), NAMES, st.lists(ATTRIBUTE, max_size=4).map("".join),
                SPACE, CLOSERS).map("".join)
TEXT = st.text(alphabet=" \t\n\f\r\x0bab&<>\x00é;", max_size=8)   # whitespace runs and text around them
soup = st.lists(st.one_of(TAG, TAG, TEXT, st.sampled_from(FRAGMENTS)), max_size=30).map("".join)


def tokens(text: str, tokenizer_class) -> list[dict]:
    """Every token (parse errors included) the tokenizer gives for the text, with no tree builder."""
    parser = html5lib.HTMLParser(tree=treebuilder.TreeBuilder, namespaceHTMLElements=False)
    parser.tree.reset()
    return list(tokenizer_class(text, parser=parser))


def html5lib_parser() -> html5lib.HTMLParser:
    return html5lib.HTMLParser(tree=treebuilder.TreeBuilder, namespaceHTMLElements=False)


def parsed(parser, text: str) -> tuple[bytes, list]:
    root = parser.parse(text)
    return ET.tostring(root), parser.errors


@pytest.fixture(params=[10240, 7], ids=["html5lib-chunks", "7-char-chunks"])
def chunk_size(request, monkeypatch):
    """Tags cut by the end of the input stream's chunk must take the slow path, whole."""
    monkeypatch.setattr(_inputstream.HTMLUnicodeInputStream, "_defaultChunkSize", request.param)
    return request.param


@settings(max_examples=400, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=soup)
def test_tag_soup_gives_html5libs_tokens(chunk_size, text):
    assert tokens(text, tokenizer.Tokenizer) == tokens(text, _tokenizer.HTMLTokenizer)


@settings(max_examples=200, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=soup)
def test_tag_soup_gives_html5libs_tree_and_errors(chunk_size, text):
    """Tree and parse errors, each error with its line and column."""
    assert parsed(treebuilder.make_parser(), text) == parsed(html5lib_parser(), text)


@pytest.mark.parametrize("html, name, attributes, self_closing", [
    ('<A HREF="x" Class=\'y z\'>', "a", {"href": "x", "class": "y z"}, False),
    ("<img src=a/b.png/>", "img", {"src": "a/b.png/"}, False),     # '/' belongs to an unquoted value
    ("<br/>", "br", {}, True),
    ("<input disabled  value = 3 >", "input", {"disabled": "", "value": "3"}, False),
    ('<p data-x="" @click="go()" xml:lang=fr />', "p", {"data-x": "", "@click": "go()", "xml:lang": "fr"}, True),
])
def test_plain_tags_are_read_whole(html, name, attributes, self_closing):
    matched = tokenizer.TAG.match(html, 1)
    assert matched is not None and matched.end() == len(html)
    (token,) = tokens(html, tokenizer.Tokenizer)
    assert (token["name"], token["data"], token["selfClosing"]) == (name, attributes, self_closing)


@pytest.mark.parametrize("html", [
    '<a href="?a=1&amp;b=2">',     # a character reference: decoded by the slow path
    '<a b="1"c="2">',              # no space between attributes: a parse error
    "<a b=c'd>",                   # a quote in an unquoted value: a parse error
    "<a b=>",                      # a missing value: a parse error
    "<a\x00b>",                    # NUL in the name
    "<a b='x'/ c>",                # a solidus not before '>': a parse error
])
def test_tags_with_errors_or_references_take_the_slow_path(html):
    assert tokenizer.TAG.match(html, 1) is None
    assert tokens(html, tokenizer.Tokenizer) == tokens(html, _tokenizer.HTMLTokenizer)


def test_a_duplicate_attribute_takes_the_slow_path():
    """The regular expression reads it, but only the state machine reports the error."""
    html = '<a b="1" B="2">'
    fast = tokens(html, tokenizer.Tokenizer)
    assert fast == tokens(html, _tokenizer.HTMLTokenizer)
    assert [t["data"] for t in fast] == ["duplicate-attribute", {"b": "1"}]


def test_pages_parse_to_the_same_tree():
    """The bundled pages: the same DOM and errors with and without the fast path."""
    import glob
    import os
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    paths = sorted(glob.glob(os.path.join(root, "pages", "*.html")))
    assert paths
    for path in paths:
        text = open(path, "rb").read().decode("utf-8", "replace")
        assert parsed(treebuilder.make_parser(), text) == parsed(html5lib_parser(), text), path
    assert dom.parse(b"<p class=a>x").root.find(".//p").get("class") == "a"
