"""html5lib's ElementTree builder, with an open-element stack that parses deep documents in linear time.

The HTML parsing algorithm asks "is there a <p> in button scope?" before every
block-level start tag (HTML Standard §13.2.6.4.7).  html5lib answers by walking
the stack of open elements from the top until it meets the element or a scope
boundary — on a document nested 20,000 deep that walk is 20,000 steps for each
of 20,000 tags.  Here the stack also counts its elements by name, so when no
element of that name is open at all (the usual case) the answer is immediate.
The result of every query is unchanged: the walk still runs whenever the name
is present.
"""
from __future__ import annotations

from collections import Counter

from .deferred import deferred_while_importing

with deferred_while_importing("http.client", "urllib.request"):   # unused by a parse, ~50 ms to import
    import html5lib
    from html5lib import _inputstream, _tokenizer
    with deferred_while_importing("html5lib._ihatexml"):   # XML-name regexes for its tostring() alone
        from html5lib.treebuilders import etree as etree_builders
    from html5lib.html5parser import _ReparseException

from .tokenizer import Tokenizer


def _input_stream(source, **kwargs):
    """html5lib's HTMLInputStream, for the decoded text dom.parse passes: a str is read as it is.
    (html5lib's own first asks whether the source is an http.client response, which would import
    http.client on every parse.)"""
    if isinstance(source, str):
        return _inputstream.HTMLUnicodeInputStream(source, **kwargs)
    return _inputstream.HTMLInputStream(source, **kwargs)


_tokenizer.HTMLInputStream = _input_stream

_EtreeBuilder = etree_builders.getETreeModule(__import__("xml.etree.ElementTree", fromlist=["ElementTree"]))


class CountingStack(list):
    """A list of open elements that keeps a Counter of their (namespace, name) pairs."""

    def __init__(self) -> None:
        super().__init__()
        self.names: Counter = Counter()

    def append(self, node) -> None:
        super().append(node)
        self.names[node.nameTuple] += 1

    def insert(self, index, node) -> None:
        super().insert(index, node)
        self.names[node.nameTuple] += 1

    def pop(self, index=-1):
        node = super().pop(index)
        self.names[node.nameTuple] -= 1
        return node

    def remove(self, node) -> None:
        super().remove(node)
        self.names[node.nameTuple] -= 1

    def extend(self, nodes) -> None:
        for node in nodes:
            self.append(node)

    def __setitem__(self, index, value) -> None:
        old = self[index]
        removed = old if isinstance(index, slice) else [old]
        added = value if isinstance(index, slice) else [value]
        super().__setitem__(index, value)
        for node in removed:
            self.names[node.nameTuple] -= 1
        for node in added:
            self.names[node.nameTuple] += 1

    def __delitem__(self, index) -> None:
        old = self[index]
        super().__delitem__(index)
        for node in (old if isinstance(index, slice) else [old]):
            self.names[node.nameTuple] -= 1

    def clear(self) -> None:
        super().clear()
        self.names.clear()


class TreeBuilder(_EtreeBuilder.TreeBuilder):  # type: ignore[name-defined,misc]
    def reset(self) -> None:
        super().reset()
        self.openElements = CountingStack()

    def elementInScope(self, target, variant=None) -> bool:
        if isinstance(target, str) and self.openElements.names[(html5lib.constants.namespaces["html"], target)] == 0:
            return False  # the walk could only end at a scope boundary or the bottom: not in scope
        return super().elementInScope(target, variant)


class Parser(html5lib.HTMLParser):
    """html5lib's parser with the tokenizer of tokenizer.py (html5lib 1.1's _parse, but that class)."""

    def _parse(self, stream, innerHTML=False, container="div", scripting=False, **kwargs) -> None:
        self.innerHTMLMode = innerHTML
        self.container = container
        self.scripting = scripting
        self.tokenizer = Tokenizer(stream, parser=self, **kwargs)
        self.reset()
        try:
            self.mainLoop()
        except _ReparseException:
            self.reset()
            self.mainLoop()


def make_parser(namespace_html_elements: bool = False) -> html5lib.HTMLParser:
    return Parser(tree=TreeBuilder, namespaceHTMLElements=namespace_html_elements)
