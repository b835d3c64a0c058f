"""The benchmark's generated pages have the size and shape the speed targets are stated for."""
from __future__ import annotations

import os
import sys

import html5lib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                                "bench"))

import corpus  # noqa: E402


def elements(text: str) -> list:
    return [el for el in html5lib.parse(text, namespaceHTMLElements=False).iter() if isinstance(el.tag, str)]


def test_docs_page_is_shaped_like_the_python_docs_stdtypes_page(tmp_path):
    text = corpus.docs_page()
    assert 650_000 <= len(text.encode("utf-8")) <= 750_000
    tree = elements(text)
    assert 15_000 <= len(tree) <= 19_000
    path = tmp_path / "docs.html"
    path.write_text(text, encoding="utf-8")
    selectors = int(corpus.describe(str(path)).split(", ")[2].split()[0])
    assert 480 <= selectors <= 560
    classes = {cls for el in tree for cls in (el.get("class") or "").split()}
    assert {"sig", "sig-name", "pre", "highlight", "headerlink", "sphinxsidebar", "docutils"} <= classes


def test_pages_are_deterministic_and_sized():
    assert corpus.docs_page() == corpus.docs_page()
    assert 45_000 <= len(corpus.article()) <= 52_000
    assert len([el for el in elements(corpus.list_items(2000)) if el.tag == "li"]) == 2000
    deep = elements(corpus.deep_chain(2000))
    assert sum(1 for el in deep if el.tag == "div") == 2000


def test_write_corpus_writes_every_page(tmp_path):
    paths = corpus.write_corpus(str(tmp_path))
    assert set(paths) == set(corpus.GENERATED)
    assert all(os.path.getsize(p) > 1000 for p in paths.values())
