"""PageURLs, the per-page memo of resolved hrefs, answers exactly what url.resolve answers."""
from __future__ import annotations

import pytest

from minibrowser.pipeline import PageURLs, _resolve_or_empty
from minibrowser.url import parse

BASES = ["http://example.com/docs/library/stdtypes.html", "https://example.com/a/b?q=1#old",
         "file:///tmp/pages/index.html", "http://example.com/", "data:text/html,<p>hi",
         "about:blank", "http://example.com/dir/?x=%20y"]
HREFS = ["#", "#top", "#str.capitalize", "#a#b", "#caf\u00e9", "#a b", " #pad ", "#\ttab", "#x\ny",
         "other.html", "../up.html#frag", "/root", "?q=2", "//cdn.example.org/x.png", "https://other.org/",
         "mailto:someone@example.com", "javascript:void(0)", "", "   ", "http://[bad", "#%41"]


@pytest.mark.parametrize("base", BASES)
def test_same_answer_as_resolve(base):
    urls = PageURLs(parse(base))
    for href in HREFS:
        assert urls(href) == _resolve_or_empty(parse(base), href), (base, href)
        assert urls(href) == _resolve_or_empty(parse(base), href)   # the remembered answer too


def test_each_href_is_resolved_once():
    urls = PageURLs(parse("http://example.com/list.html"))
    for _ in range(3):
        urls("images/bullet.png")
    assert list(urls.memo) == ["images/bullet.png"]
    assert urls.memo["images/bullet.png"] == "http://example.com/images/bullet.png"
