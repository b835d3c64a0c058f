"""The cascade: origin, importance, specificity, order, inheritance, shorthands, var(), calc()."""
import pytest

from minibrowser import dom
from minibrowser.css.cascade import StyleEngine, ua_stylesheet
from minibrowser.css.media import MediaContext
from minibrowser.css.stylesheet import parse_stylesheet
from minibrowser.css.values import RGBA, Pct


def style_of(html: str, css: str = "", selector: str = "p", width: float = 800):
    media = MediaContext(width=width)
    doc = dom.parse(html.encode())
    sheets = [ua_stylesheet(media)]
    if css:
        sheets.append(parse_stylesheet(css, "test.css", "author", media))
    styled = StyleEngine(sheets, media).run(doc)
    element = next(e for e in doc.elements() if e.tag == selector)
    return styled.styles[element]


RED, GREEN, BLUE = RGBA(255, 0, 0), RGBA(0, 128, 0), RGBA(0, 0, 255)


@pytest.mark.parametrize("css, expected", [
    ("p { color: red } p { color: green }", GREEN),                      # later wins
    ("#x { color: green } p { color: red }", GREEN),                     # id beats type
    (".c { color: green } p { color: red }", GREEN),                     # class beats type
    ("p { color: green !important } #x { color: red }", GREEN),          # importance beats specificity
    ("body p { color: green } p { color: red }", GREEN),                 # two types beat one
    ("p { color: red } :is(#x) { color: green }", GREEN),                # :is() takes its argument's specificity
])
def test_cascade_order(css, expected):
    assert style_of('<p id="x" class="c">t</p>', css).color == expected


def test_style_attribute_beats_id_but_not_important():
    assert style_of('<p id="x" style="color: blue">t</p>', "#x { color: red }").color == BLUE
    assert style_of('<p id="x" style="color: blue">t</p>', "#x { color: red !important }").color == RED


def test_inheritance_and_keywords():
    s = style_of('<div><p>t</p></div>', "div { color: red; border-color: blue; border-style: solid } "
                 "p { border-color: inherit }")
    assert s.color == RED                       # color inherits
    assert s.border_top_color == BLUE           # inherit on a non-inherited property
    assert s.border_top_style == "none"         # not inherited
    s = style_of('<div><p>t</p></div>', "div { color: red } p { color: initial }")
    assert s.color == RGBA(0, 0, 0)


def test_em_rem_percent_and_font_size_keywords():
    s = style_of('<div><p>t</p></div>', "html { font-size: 10px } div { font-size: 20px } "
                 "p { font-size: 150%; margin-left: 2em; padding-left: 3rem; width: 50% }")
    assert s.font_size == 30
    assert s.margin_left == 60
    assert s.padding_left == 30
    assert s.width == Pct(50)
    assert style_of("<h1>t</h1>", selector="h1").font_size == 32


def test_shorthands_expand_and_reset():
    s = style_of("<p>t</p>", "p { margin: 1px 2px 3px; border: 4px dashed red; font: italic bold 20px/30px serif }")
    assert (s.margin_top, s.margin_right, s.margin_bottom, s.margin_left) == (1, 2, 3, 2)
    assert (s.border_left_width, s.border_left_style, s.border_left_color) == (4, "dashed", RED)
    assert (s.font_style, s.font_weight, s.font_size, s.line_height, s.font_family) == \
        ("italic", 700, 20, 30, ("serif",))


def test_var_and_calc():
    s = style_of("<p>t</p>", ":root { --gap: 10px; --c: green } p { margin-left: calc(var(--gap) * 2 + 1em); "
                 "color: var(--c); padding-left: var(--missing, 7px) }")
    assert s.margin_left == 36
    assert s.color == GREEN
    assert s.padding_left == 7
    cyclic = style_of("<p>t</p>", "p { --a: var(--b); --b: var(--a); color: var(--a, red) }")
    assert cyclic.color == RED  # a cycle makes the custom properties invalid: the fallback applies


def test_media_queries_follow_viewport_width():
    css = "p { color: red } @media (min-width: 600px) { p { color: green } }"
    assert style_of("<p>t</p>", css, width=800).color == GREEN
    assert style_of("<p>t</p>", css, width=500).color == RED
    css = "@media (400px <= width <= 700px) { p { color: blue } }"
    assert style_of("<p>t</p>", css, width=500).color == BLUE


def test_invalid_declarations_are_dropped_and_counted():
    sheet = parse_stylesheet("p { color: nonsense; width: -5px; margin: 1px } q {", "t", "author", MediaContext())
    assert sheet.dropped_declarations == 2
    assert len(sheet.rules) == 1


def test_colour_syntaxes():
    for css, rgba in [("#0f0", RGBA(0, 255, 0)), ("rgb(0 0 255 / 50%)", RGBA(0, 0, 255, 0.5)),
                      ("hsl(120, 100%, 25%)", RGBA(0, 128, 0)), ("rebeccapurple", RGBA(102, 51, 153)),
                      ("#ff000080", RGBA(255, 0, 0, round(128 / 255, 4)))]:
        assert style_of("<p>t</p>", f"p {{ color: {css} }}").color == rgba, css
