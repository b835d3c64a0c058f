"""Match sharing (css/match_sharing.py) changes nothing: every element gets the same matched rules,
the same computed style and the same pseudo-element styles as when it is matched on its own.

Pages are generated from a seed: runs of alike siblings and cousins (the shareable case) mixed with
everything that must stop sharing — positional selectors at the subject (`:first-child`, `+`, `~`,
`:nth-of-type()`, `:empty`, `:has()`, `:enabled`) and left of it (`li:first-child a`), ids, classes
and attributes that selectors read, unknown ones they do not, `lang`, `style=""`, attr() in content.
"""
import random

import pytest

from minibrowser import dom
from minibrowser.css.cascade import StyleEngine, ua_stylesheet
from minibrowser.css.match_sharing import ancestors_are_positional, relaxed_tree, subject_is_positional
from minibrowser.css.matching import compile_selectors
from minibrowser.css.media import MediaContext
from minibrowser.css.stylesheet import parse_stylesheet

TAGS = ["div", "p", "span", "a", "ul", "li", "em", "input", "section", "fieldset", "legend", "dd", "h1", "b"]
CLASSES = ["a", "b", "c", "zz"]          # zz: read by no selector
POSITION_FREE = ["p", ".a", "div .b", "ul > li", "a:link", "a:any-link", "[title]", "[title=t1]", "#i1 span",
                 ":lang(fr)", "li.a.b", ":not(.c)", ":is(p, span).b", "input:checked", "[class~=b]",
                 "[class^=a]", ":root > *", "section > :is(.a > .b)", "*", "[data-k|=x]", ".c em",
                 "span::before", "li::marker", "a[href^='#']"]
AT_SUBJECT = [":first-child", "li:last-child", "li:nth-child(2n+1)", "p + p", "h1 ~ p", ".a + .b", "span:empty",
              ":only-child", "li:first-of-type", "dd > :first-child", ":not(:first-child)", "input:disabled",
              "legend:enabled", "div:has(> p)", "li:nth-last-child(1)", "p:nth-of-type(2)",
              ":is(.a + .b, em)", "span:first-child::after", ".b:not(:last-child)::before",
              ".a > :not([title]) ~ :not([title])", "ul > li + li", "div .b + span", "section p ~ p ~ em",
              ":first-child > p ~ p", "li:first-child .a ~ .b", ".c > .a + *"]
LEFT_OF_SUBJECT = ["li:first-child a", "p + div span", ".a ~ .b em", ":nth-child(2) > span",
                   ":not(:first-child) > .a"]
DECLARATIONS = ["color: rgb({n}, 0, 0)", "z-index: {n}", "margin-left: {n}px", "display: block",
                "content: attr(title) '{n}'", "font-size: {n}px", "display: none"]


def random_page(rng: random.Random) -> tuple[str, str]:
    """(HTML, CSS): a tree with runs of alike siblings, and a sheet drawn from the three pools."""
    def attributes() -> str:
        out = []
        if rng.random() < 0.5:
            out.append('class="%s"' % " ".join(rng.sample(CLASSES, rng.randint(1, 2))))
        for name, values, chance in (("id", ["i1", "i2"], 0.05), ("href", ["#x", "/y"], 0.2),
                                     ("title", ["t1", "t2"], 0.2), ("lang", ["fr", "en"], 0.05),
                                     ("data-k", ["x", "x-y", "z"], 0.1), ("type", ["checkbox", "text"], 0.1),
                                     ("checked", [""], 0.1), ("disabled", [""], 0.1), ("data-free", ["1", "2"], 0.2),
                                     ("style", ["color: blue", "margin: 2px"], 0.03)):
            if rng.random() < chance:
                out.append(f'{name}="{rng.choice(values)}"')
        return " ".join(out)

    parts: list[str] = []
    budget = [rng.randint(60, 160)]

    def element(depth: int) -> None:
        """Writes one element with its children; the depth is bounded, so this recursion is the test's own."""
        tag = rng.choice(TAGS)
        attrs = attributes()
        repeats = rng.choice([1, 1, 2, 3, 5])
        for _ in range(repeats):
            budget[0] -= 1
            parts.append(f"<{tag} {attrs}>")
            if rng.random() < 0.3:
                parts.append("text")
            if depth < 6 and budget[0] > 0 and tag != "input":
                for _child in range(rng.randint(0, 3)):
                    element(depth + 1)
            if tag != "input":
                parts.append(f"</{tag}>")

    parts.append("<!doctype html><html><body>")
    while budget[0] > 0:
        element(0)
    parts.append("</body></html>")
    pools = [POSITION_FREE, AT_SUBJECT] + ([LEFT_OF_SUBJECT] if rng.random() < 0.5 else [])
    rules = []
    for n in range(1, 16):
        selector = rng.choice(rng.choice(pools))
        rules.append(f"{selector} {{ {rng.choice(DECLARATIONS).format(n=n)} }}")
    return "".join(parts), "\n".join(rules)


def styled(html: str, css: str, share: bool, explain: bool):
    media = MediaContext(width=800.0)
    document = dom.parse(html.encode())
    sheets = [ua_stylesheet(media), parse_stylesheet(css, "test.css", "author", media)]
    return document, StyleEngine(sheets, media, explain=explain, share_matches=share).run(document)


def matched(document, result) -> list:
    """Per element, in document order: the winning order of its matched declarations and selectors."""
    return [[(c.declaration.name, c.selector, c.key()) for c in result.candidates.get(element, ())]
            for element in document.elements()]


def computed(document, result) -> list:
    """Per element, in document order: its computed values and those of its pseudo-elements."""
    out = []
    for element in document.elements():
        out.append(result.styles[element].__dict__)
        for pseudo in ("before", "after", "marker"):
            pstyle = result.pseudo_styles.get((element, pseudo))
            out.append(pstyle.__dict__ if pstyle is not None else None)
    return out


@pytest.mark.parametrize("seed", range(40))
def test_sharing_changes_nothing(seed):
    rng = random.Random(seed)
    html, css = random_page(rng)
    assert matched(*styled(html, css, share=True, explain=True)) == \
        matched(*styled(html, css, share=False, explain=True)), css
    assert computed(*styled(html, css, share=True, explain=False)) == \
        computed(*styled(html, css, share=False, explain=False)), css


def test_sharing_happens():
    """Alike elements are matched once: in a list every item after the first is a shared match, and
    so are cousins (the links of different items) when no selector asks an ancestor's position."""
    html = "<!doctype html><ul>" + "<li><a href='#%d'>x</a></li>" * 50 + "</ul>"
    _, result = styled(html, "li { color: red } a:link { color: blue }", share=True, explain=False)
    assert result.shared_matches == 98
    _, result = styled(html, "li:first-child a { color: red }", share=True, explain=False)
    assert result.shared_matches == 49   # items still share (siblings), links no longer (cousins)


def test_sibling_utilities_do_not_stop_sharing():
    """Tailwind's spacing utilities (`.space-y-4 > :not([hidden]) ~ :not([hidden])`) meet every
    element, but only children of a `.space-y-4` can match: the links deeper down still share."""
    css = ".space-y-4 > :not([hidden]) ~ :not([hidden]) { margin-top: 30px }"
    html = "<!doctype html><div class='space-y-4'>" + "<p><a href='#'>x</a> <em>y</em></p>" * 40 + "</div>"
    document, result = styled(html, css, share=True, explain=False)
    assert result.shared_matches >= 2 * 40 - 2          # the links and ems of all but the first p
    margins = [result.styles[p].margin_top for p in document.root.iter("p")]
    assert margins[0] != margins[1] and len(set(margins[1:])) == 1
    assert computed(*styled(html, css, share=True, explain=False)) == \
        computed(*styled(html, css, share=False, explain=False))


@pytest.mark.parametrize("text, at_subject, left_of_subject, relaxed", [
    ("dd > :first-child", True, False, "dd > *"),
    ("h1 + p", True, False, "p"),
    ("li:first-child a", False, True, "li:first-child a"),
    (".a:not(:first-child) > b.c", False, True, ".a:not(:first-child) > b.c"),
    ("div .x:nth-of-type(2).y", True, False, "div .x.y"),
    ("p:is(.a, .b) span[title]", False, False, "p:is(.a, .b) span[title]"),
    ("a:link:hover", False, False, "a:link:hover"),
    (":has(> p)", True, False, "*"),
    ("p ~ span:lang(fr)", True, False, "span:lang(fr)"),
    # the sibling's parent is the subject's: what is asked of it (and further up) stays
    (".space-y-4 > :not([hidden]) ~ :not([hidden])", True, False, ".space-y-4 > :not([hidden])"),
    (".list > li + li:first-of-type", True, False, ".list > li"),
    ("div p + span", True, False, "div span"),
    ("h1 ~ h2 ~ p", True, False, "p"),
    (".a > b ~ i + p", True, False, ".a > p"),
    # ... unless that part is positional itself
    (":first-child > p ~ p", True, False, "p"),
    ("li:first-child .a ~ .b", True, False, ".b"),
])
def test_selector_classes(text, at_subject, left_of_subject, relaxed):
    """Which selectors count as positional where, and what their relaxed test tests."""
    def tree(selector_text):
        return compile_selectors(selector_text)[0].parsed.parsed_tree
    assert subject_is_positional(tree(text)) is at_subject
    assert ancestors_are_positional(tree(text)) is left_of_subject
    assert repr(relaxed_tree(tree(text))) == repr(tree(relaxed))
