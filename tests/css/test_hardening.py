"""Hostile style input: very deep trees, pathological selectors, huge sheets, var() bombs.

The CPU-time bounds are guards against a hang (a quadratic matcher took 564 s on a 20,000-deep
case), set ten times above what a linear engine needs, not speed measurements: bench/ measures speed."""
from __future__ import annotations

import time

from minibrowser import dom
from minibrowser.css.cascade import StyleEngine, ua_stylesheet
from minibrowser.css.media import MediaContext
from minibrowser.css.stylesheet import parse_stylesheet
from minibrowser.css.values import RGBA

MEDIA = MediaContext()


def styled(html: str, css: str):
    document = dom.parse(html.encode())
    sheet = parse_stylesheet(css, "t.css", "author", MEDIA)
    return document, sheet, StyleEngine([ua_stylesheet(MEDIA), sheet], MEDIA).run(document)


def test_deep_tree_with_descendant_combinators_stays_linear():
    depth = 20_000
    html = '<div class="a">' * depth + "x" + "</div>" * depth
    # `body > .a div` passes the ancestor filter at every level: without the chain memo each div
    # would walk all its ancestors (quadratic); `.x div` is rejected by the filter alone
    css = "body > .a div { color: red } .x div { color: blue } div + div, .a ~ div { color: green } " \
          ":is(.a, p) > :not(.b) div { margin-left: 1px } div:lang(en) { color: lime }"
    start = time.process_time()
    document, _, result = styled(html, css)
    elapsed = time.process_time() - start
    deepest = document.root
    while len(deepest):
        deepest = deepest[-1]
    style = result.styles[deepest]
    assert style.color == RGBA(255, 0, 0) and style.margin_left == 1.0
    top = document.root.find("body/div")
    assert result.styles[top].color == RGBA(0, 0, 0) and result.styles[top].margin_left == 0.0
    assert elapsed < 30, f"{elapsed:.1f} s of CPU"


def test_pathological_is_not_nesting_is_dropped_not_a_crash():
    for css in (":is(" * 1000 + "p" + ")" * 1000 + " { color: red }",
                ":not(" * 1000 + "p" + ")" * 1000 + " { color: red }",
                "p" + " div" * 2000 + " { color: red }"):
        _, sheet, result = styled("<p>x</p>", css + " p { color: green }")
        assert sheet.dropped_rules == 1
        assert all(s.color in (RGBA(0, 128, 0), RGBA(0, 0, 0)) for s in result.styles.values())
    # nesting a real sheet might use still works
    _, sheet, result = styled('<p class="a">x</p>', ":is(:not(:is(.b, .c)), .d) { color: green }")
    assert next(s for e, s in result.styles.items() if e.tag == "p").color == RGBA(0, 128, 0)


def test_50000_rules():
    kinds = (".c{i} p", "#i{i} > span", ".x{i}:hover", "[data-k{i}]", "div.d{i} a")
    css = "\n".join(f"{kinds[i % 5].format(i=i)} {{ margin-left: {i % 7}px }}" for i in range(50_000))
    html = '<div class="c5 d9"><p class="x5" data-k3="1">x <a>y</a> <span id="i1">z</span></p></div>' * 100
    start = time.process_time()
    document, sheet, result = styled(html, css)
    elapsed = time.process_time() - start
    assert len(sheet.rules) == 50_000
    p = next(s for e, s in result.styles.items() if e.tag == "p")
    a = next(s for e, s in result.styles.items() if e.tag == "a")
    assert p.margin_left == 5 % 7 and a.margin_left == 9 % 7  # .c5 p (5 % 7), div.d9 a (9 % 7)
    assert elapsed < 60, f"{elapsed:.1f} s of CPU"


def test_var_expansion_bomb_is_invalid_not_a_hang():
    css = ":root { --v0: 1px; " + " ".join(f"--v{i + 1}: var(--v{i}) var(--v{i});" for i in range(60)) + \
          "} p { margin-left: var(--v60); color: var(--v60, green); padding-left: var(--v3, 1px) }"
    start = time.process_time()
    _, _, result = styled("<p>x</p>" * 50, css)
    p = next(s for e, s in result.styles.items() if e.tag == "p")
    assert p.margin_left == 0.0 and p.color == RGBA(0, 128, 0)   # invalid at computed-value time
    assert time.process_time() - start < 5
