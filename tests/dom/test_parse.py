"""Parsing: the encoding decision, the tree html5lib builds, and deep documents."""
import codecs

import html5lib
import pytest
import xml.etree.ElementTree as ET

from minibrowser import dom
from minibrowser.treebuilder import make_parser
from tests.conftest import PAGES


@pytest.mark.parametrize("data, header, codec, source", [
    (codecs.BOM_UTF8 + "<p>é".encode(), "iso-8859-1", "utf-8", "bom"),
    ("<p>é".encode("latin-1"), "iso-8859-1", "cp1252", "http"),
    ('<meta charset="gbk"><p>中文'.encode("gbk"), None, "gb18030", "meta"),
    ('<meta http-equiv="Content-Type" content="text/html; charset=shift_jis"><p>x'.encode(), None,
     "cp932", "meta"),  # WHATWG: Shift_JIS is decoded as windows-31j
    ("<p>中文".encode("utf-8"), None, "utf-8", "sniffed"),
    ("<p>caf\xe9".encode("latin-1"), None, "cp1252", "sniffed"),
])
def test_encoding_decision(data, header, codec, source):
    doc = dom.parse(data, transport_charset=header)
    assert (doc.charset, doc.charset_source) == (codec, source)
    assert doc.charset_reason


def test_gbk_page_decodes():
    doc = dom.parse((PAGES / "zh-gbk.html").read_bytes())
    assert doc.charset == "gb18030"
    assert "编码" in "".join(doc.root.itertext())


def test_xhtml_is_parsed_as_xml_with_cdata_styles():
    from minibrowser.url import parse
    data = (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><style><![CDATA[ p { color: red } ]]>'
            b'</style></head><body><p>a&nbsp;b</p></body></html>')
    doc = dom.parse(data, parse("file:///t/test.xht"))
    assert doc.is_xml and doc.root.tag == "html"
    assert doc.root.find("head/style").text.strip() == "p { color: red }"
    assert doc.root.find("body/p").text == "a\u00a0b"


def test_fast_tree_builder_builds_the_same_trees_as_html5lib():
    for page in sorted(PAGES.glob("*.html")) + []:
        text = page.read_bytes().decode("utf-8", "replace")
        plain = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False).parse(text)
        assert ET.tostring(make_parser().parse(text)) == ET.tostring(plain), page.name
    tricky = "<p>a<div>b<p>c<table><tr><td><p>x</table><b><i>q</b>r</i><button><p>y</button><dl><dt>1<dd>2</dl>"
    plain = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False).parse(tricky)
    assert ET.tostring(make_parser().parse(tricky)) == ET.tostring(plain)


def test_100000_deep_nesting_parses_and_keeps_its_depth():
    depth = 100_000
    doc = dom.parse(("<!doctype html><body>" + "<div>" * depth + "deep" + "</div>" * depth).encode())
    node, levels = doc.root.find("body"), 0
    while len(node):
        node = node[0]
        levels += 1
    assert levels == depth and node.text == "deep"
