"""Parsing: bytes → a DOM tree, with the character encoding decided as the HTML Standard says.

The tree is an `xml.etree.ElementTree` built by html5lib (HTML documents) or by
the XML parser (XHTML: `.xht`, `.xhtml`, `application/xhtml+xml`), element
names lowercase and without namespace, because cssselect2 matches on that
structure.  Text lives in `.text`/`.tail` as ElementTree keeps it.

Encoding (HTML Standard §13.2.3): a BOM wins, then the transport layer's
`charset`, then a `<meta>` found by the prescan of the first 1024 bytes, then
UTF-8 if the bytes decode as UTF-8, else windows-1252.  `Document` records the
decision and why, for `explain`.
"""
from __future__ import annotations

import codecs
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Iterator

import webencodings

from .treebuilder import make_parser
from .url import URL

XHTML_TYPES = ("application/xhtml+xml", "application/xml", "text/xml", "image/svg+xml")
XHTML_SUFFIXES = (".xht", ".xhtml", ".xml")
BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16le"), (codecs.BOM_UTF16_BE, "utf-16be"))


@dataclass
class Document:
    """The parsed page: what the parse stage hands to style."""

    root: ET.Element
    url: URL | None = None
    charset: str = "utf-8"
    charset_source: str = "default"   # "bom", "http", "meta", "sniffed", "default", "xml"
    charset_reason: str = ""
    is_xml: bool = False
    quirks_mode: str = "no-quirks"    # "quirks", "limited-quirks", "no-quirks"
    parse_errors: int = 0
    title: str = ""
    base_url: URL | None = None
    content_language: str | None = None   # the HTTP Content-Language header: the root's language
                                          # when neither lang nor a <meta> pragma gives one

    def elements(self) -> Iterator[ET.Element]:
        """Every element in document order (ElementTree's iter() walks with a stack of its own, in C:
        deep trees are fine), comments and processing instructions left out."""
        return (el for el in self.root.iter() if isinstance(el.tag, str))

    def counts(self) -> dict[str, int]:
        elements = texts = 0
        for el in self.elements():
            elements += 1
            texts += bool(el.text and el.text.strip())
            texts += sum(1 for c in el if c.tail and c.tail.strip())
        return {"elements": elements, "text_nodes": texts}


def is_element(node) -> bool:
    return isinstance(node.tag, str)


def _lookup(label: str | None) -> str | None:
    """A WHATWG encoding label → a Python codec name, or None."""
    if not label:
        return None
    enc = webencodings.lookup(label.strip())
    if enc is None:
        return None
    name = enc.codec_info.name
    if enc.name in ("utf-16le", "utf-16be") or name.startswith("utf-16"):
        return "utf-8"  # a meta or header may not select UTF-16 for an ASCII-compatible stream
    if enc.name == "gbk":
        return "gb18030"  # the WHATWG gbk decoder is gb18030's
    return name


def prescan_meta_charset(data: bytes) -> str | None:
    """The HTML Standard's "prescan a byte stream": <meta charset> or http-equiv content-type."""
    head = data[:1024]
    for match in re.finditer(rb"<meta\b([^>]*)>", head, re.IGNORECASE):
        attrs = match.group(1)
        charset = re.search(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", attrs, re.IGNORECASE)
        if charset:
            label = charset.group(1).decode("ascii", "replace")
            if _lookup(label):
                return label
    return None


def decide_encoding(data: bytes, transport_charset: str | None) -> tuple[str, str, str]:
    """(python codec, source, reason)."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return name, "bom", f"the body starts with a {name.upper()} byte order mark"
    codec = _lookup(transport_charset)
    if codec:
        return codec, "http", f"Content-Type header says charset={transport_charset}"
    label = prescan_meta_charset(data)
    if label:
        return _lookup(label) or "utf-8", "meta", f'<meta> in the first 1024 bytes says "{label}"'
    try:
        data.decode("utf-8")
        if not data[:65536].isascii():
            return "utf-8", "sniffed", "no label; the bytes are valid UTF-8"
        return "utf-8", "default", "no label and only ASCII bytes: UTF-8"
    except UnicodeDecodeError:
        return "cp1252", "sniffed", "no label and not valid UTF-8: windows-1252 (the Web's legacy default)"


def _strip_namespaces(root: ET.Element) -> None:
    """Drop the XHTML namespace from tag names so selectors see plain names (iteratively)."""
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.startswith("{http://www.w3.org/1999/xhtml}"):
            el.tag = el.tag[len("{http://www.w3.org/1999/xhtml}"):]
        if el.attrib and any(k.startswith("{") for k in el.attrib):
            for key in [k for k in el.attrib if k.startswith("{http://www.w3.org/XML/1998/namespace}")]:
                el.attrib[key.split("}", 1)[1]] = el.attrib.pop(key)  # xml:lang → lang


# HTML's named character references that XHTML test files use without a DTD
_XML_ENTITIES = {"nbsp": "\u00a0", "copy": "\u00a9", "reg": "\u00ae", "mdash": "\u2014", "ndash": "\u2013",
                 "hellip": "\u2026", "lsquo": "\u2018", "rsquo": "\u2019", "ldquo": "\u201c",
                 "rdquo": "\u201d", "middot": "\u00b7", "times": "\u00d7", "shy": "\u00ad",
                 "ensp": "\u2002", "emsp": "\u2003", "thinsp": "\u2009", "zwj": "\u200d",
                 "zwnj": "\u200c", "laquo": "\u00ab", "raquo": "\u00bb", "bull": "\u2022"}


def _parse_xml(data: bytes) -> ET.Element:
    # expat knows HTML's named entities only through a DTD; spell the common ones as numbers first
    for name, char in _XML_ENTITIES.items():
        data = data.replace(f"&{name};".encode(), f"&#{ord(char)};".encode())
    parser = ET.XMLParser()
    parser.feed(data)
    root = parser.close()
    _strip_namespaces(root)
    return root


def wants_xml(url: URL | None, mime: str | None) -> bool:
    if mime:
        return mime in XHTML_TYPES
    return url is not None and url.scheme == "file" and url.path.lower().endswith(XHTML_SUFFIXES)


def parse(data: bytes, url: URL | None = None, transport_charset: str | None = None,
          mime: str | None = None) -> Document:
    """Parse a document.  Never raises on malformed input: html5lib recovers as browsers do."""
    if wants_xml(url, mime):
        try:
            root = _parse_xml(data)
            doc = Document(root, url, "utf-8", "xml", "XML document: encoding from the XML declaration",
                           is_xml=True)
            _finish(doc)
            return doc
        except ET.ParseError:
            pass  # not well-formed: fall back to the HTML parser, which recovers
    codec, source, reason = decide_encoding(data, transport_charset)
    text = data.decode(codec, errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\x00", "\ufffd")
    parser = make_parser()  # html5lib, with a linear-time stack of open elements (treebuilder.py)
    root = parser.parse(text)
    doc = Document(root, url, codec, source, reason, quirks_mode=_quirks(parser),
                   parse_errors=len(parser.errors))
    _finish(doc)
    return doc


def _quirks(parser) -> str:
    mode = getattr(parser, "compatMode", "no quirks")
    return {"quirks": "quirks", "limited quirks": "limited-quirks"}.get(mode, "no-quirks")


def _finish(doc: Document) -> None:
    root = doc.root
    title = root.find(".//title") if isinstance(root.tag, str) else None
    if title is not None:
        doc.title = " ".join("".join(title.itertext()).split())
    base = root.find(".//base[@href]") if isinstance(root.tag, str) else None
    if base is not None and doc.url is not None:
        from .url import resolve
        try:
            doc.base_url = resolve(doc.url, base.get("href", ""))
        except Exception:  # a bad <base href> is ignored, as browsers do
            doc.base_url = None


class ElementPaths:
    """Element → path in the DESIGN.md scheme, `html[1]/body[1]/div[2]`.

    Each element's own step is computed once (iteratively); a full path is
    joined on demand, so a 100,000-deep tree does not hold 100,000 long strings."""

    def __init__(self, root: ET.Element) -> None:
        self.parent: dict = {}
        self.step: dict = {root: f"{str(root.tag).lower()}[1]"}
        stack = [root]
        while stack:
            el = stack.pop()
            counts: dict[str, int] = {}
            for child in el:
                if not isinstance(child.tag, str):
                    continue
                name = child.tag.lower()
                counts[name] = counts.get(name, 0) + 1
                self.step[child] = f"{name}[{counts[name]}]"
                self.parent[child] = el
                stack.append(child)

    def __call__(self, element: ET.Element) -> str:
        steps = []
        node = element
        while node is not None:
            steps.append(self.step[node])
            node = self.parent.get(node)
        return "/".join(reversed(steps))


def text_content(el: ET.Element) -> str:
    return "".join(el.itertext())
