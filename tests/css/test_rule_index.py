"""The rule index finds exactly the rules a test of every selector against every element finds.

The index (css/matching.py) puts `[class~=x]` in the class bucket of `x`, a subject `:is(a, area)`
in the tag buckets of `a` and `area`, and skips selectors whose ancestors are missing: each of
those shortcuts must give the same matches, in the same cascade order, as no shortcut at all.
"""
import cssselect2
import pytest

from minibrowser import dom
from minibrowser.css.cascade import StyleEngine
from minibrowser.css.matching import AncestorFilter, Node, RuleIndex, compile_selectors, element_keys, seed_lang
from minibrowser.css.media import MediaContext
from minibrowser.css.stylesheet import parse_stylesheet

PAGE = """<!doctype html><html><body class="doc">
<div class="legend  box" id="top"><p class="x">one <a href="#a">link</a> <span class="pre">s</span></p>
<p class="legendary">two <area href="/"><a>no href</a></p></div>
<ul><li class="kbd">a<ul><li>b<ol><li>c</li></ol></li></ul></li></ul>
<div class="LEGEND"><span class="pre kbd">t</span><span class=" kbd\tx ">u</span></div>
</body></html>"""

SELECTORS = [
    '[class~="legend"]', '[class~=kbd]', 'span[class~="pre"]', '[class~="legend box"]', '[class~=""]',
    '[class~="LEGEND" i]', '[class~=legend] p', 'div [class~="x"]', '[class*="leg"]', '[class]',
    ':is(a, area):link', ':is(a, area):is(:link, :visited)', ':is(dir, ol, ul) :is(ol, ul)',
    ':is(ul, .x)', ':is(p) > a', 'a', '.x', '#top .pre', '*', 'body :is(li, p)', ':is(span, span)',
]


def brute_force(document, selectors) -> dict:
    """Every selector tested on every element, without an index."""
    root = Node.from_html_root(document.root)
    found = {}
    for order, text in enumerate(selectors, start=1):
        for compiled in cssselect2.compile_selector_list(text):
            for node in root.iter_subtree():
                if compiled.test(node):
                    found.setdefault(node.etree_element, []).append((compiled.specificity, order))
    return {element: sorted(hits) for element, hits in found.items()}


def indexed(document, selectors) -> dict:
    """The same through RuleIndex, walking the tree with the ancestor filter as the cascade does."""
    index = RuleIndex()
    for text in selectors:
        for selector in compile_selectors(text):
            index.add_selector(selector, text)
    root = Node.from_html_root(document.root)
    present = AncestorFilter()
    found = {}
    stack = [(iter((root,)), None)]
    while stack:
        node = next(stack[-1][0], None)
        if node is None:
            _, keys = stack.pop()
            if keys is not None:
                present.pop(keys)
            continue
        seed_lang(node)
        hits = [(specificity, order) for specificity, order, _pseudo, _text in
                index.match_filtered(node, present.counts)]
        if hits:
            found[node.etree_element] = hits
        keys = element_keys(node)
        present.push(keys)
        stack.append((node.iter_children(), keys))
    return found


def test_index_finds_what_brute_force_finds():
    document = dom.parse(PAGE.encode())
    assert indexed(document, SELECTORS) == brute_force(document, SELECTORS)


@pytest.mark.parametrize("text, bucket", [
    ('[class~="legend"]', ("classes", "legend")),
    (':is(a, area):link', ("tags", "area")),
    ('[class~="two words"]', ("attributes", "class")),   # never matches: left to its own test
    ('[class~="legend" i]', ("attributes", "class")),     # case-insensitive: not a class selector
    (':is(a, .x)', ("other", None)),
])
def test_where_selectors_are_indexed(text, bucket):
    index = RuleIndex()
    for selector in compile_selectors(text):
        index.add_selector(selector, text)
    kind, key = bucket
    table = getattr(index, kind)
    assert (table if key is None else table[key]).plain


def test_class_attribute_selector_cascades_like_a_class():
    media = MediaContext(width=800.0)
    css = '[class~="a"] { color: red } .b { color: green } [class~=c] { color: blue }'
    document = dom.parse(b'<p class="a b">x</p><p class="c a">y</p>')
    styled = StyleEngine([parse_stylesheet(css, "t.css", "author", media)], media).run(document)
    first, second = [e for e in document.elements() if e.tag == "p"]
    assert styled.styles[first].color.g == 128          # .b comes later at the same specificity
    assert styled.styles[second].color.b == 255
