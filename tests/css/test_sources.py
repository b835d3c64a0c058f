"""Where style comes from: the UA sheet, --user-css, <style>, <link media>, @import (order, media,
cycles), style="" — and what must not apply: alternate sheets, print-only sheets, non-CSS types."""
from __future__ import annotations

from minibrowser.css.values import RGBA

from .helpers import PAGES, style_file, style_html

RED, GREEN, BLUE, ORANGE, PURPLE = RGBA(255, 0, 0), RGBA(0, 128, 0), RGBA(0, 0, 255), RGBA(255, 165, 0), \
    RGBA(128, 0, 128)


def by_class(styled, name: str):
    return next(s for e, s in styled.styles.items() if name in (e.get("class") or "").split())


def test_import_order_media_and_cycles():
    styled, errors = style_file(PAGES / "imports.html")
    assert by_class(styled, "a").color == GREEN
    assert by_class(styled, "b").color == BLUE            # b.css, imported by a.css
    assert by_class(styled, "c").color == PURPLE          # @import with a matching media query
    assert by_class(styled, "p").color == RGBA(0, 0, 0)   # @import ... print: not applied
    # an imported sheet comes before the sheet that imports it: a.css's .order wins over b.css's
    assert by_class(styled, "order").color == ORANGE
    assert by_class(styled, "order").padding_left == 1.0  # ... and what a.css does not set stays
    assert by_class(styled, "late").color == RGBA(0, 0, 0)  # @import after a rule is invalid
    assert any("import cycle stopped" in e for e in errors)   # a.css -> b.css -> a.css, and a.css -> a.css
    assert any("missing.css" in e for e in errors)


def test_link_media_and_alternate_sheets():
    styled, _ = style_file(PAGES / "imports.html")
    assert by_class(styled, "alt").color == RGBA(0, 0, 0)   # rel="alternate stylesheet" and media=print
    assert by_class(styled, "t").color == RGBA(255, 0, 255)  # rel=StyleSheet media=all
    narrow, _ = style_file(PAGES / "media-queries.html", width=400)
    wide, _ = style_file(PAGES / "media-queries.html", width=1200)
    assert by_class(narrow, "t").color == RGBA(0, 0, 0)       # <link media="(min-width: 1000px)">
    assert by_class(wide, "t").color == RGBA(255, 0, 255)
    assert by_class(narrow, "s").color == RGBA(128, 0, 0)     # <style media="(max-width: 500px)">
    assert by_class(wide, "s").color == RGBA(0, 0, 0)


def test_style_and_link_type_must_be_css(tmp_path):
    (tmp_path / "x.css").write_text(".l { color: red }")
    styled, _ = style_html('<style type="text/x-less">.s { color: red }</style>'
                           '<link rel=stylesheet type="text/plain" href="x.css">'
                           '<p class=s>s</p><p class=l>l</p>', tmp=tmp_path)
    assert by_class(styled, "s").color == RGBA(0, 0, 0)
    assert by_class(styled, "l").color == RGBA(0, 0, 0)


def test_user_css_sits_between_ua_and_author(tmp_path):
    user = tmp_path / "user.css"
    user.write_text("p { color: blue; margin-left: 7px; font-weight: 900 !important } "
                    "h1 { font-size: 10px } a { color: green !important }")
    styled, _ = style_html("<style>p { color: red; font-weight: 100 !important } a { color: red !important }"
                           "</style><p>p</p><h1>h</h1><a href=x>a</a>", tmp=tmp_path, user_css=str(user))
    p = next(s for e, s in styled.styles.items() if e.tag == "p")
    h1 = next(s for e, s in styled.styles.items() if e.tag == "h1")
    a = next(s for e, s in styled.styles.items() if e.tag == "a")
    assert p.color == RED                 # author normal beats user normal
    assert p.margin_left == 7.0           # user beats UA (p has no UA margin-left; nothing else sets it)
    assert h1.font_size == 10.0           # user normal beats UA normal
    assert p.font_weight == 900.0         # user !important beats author !important
    assert a.color == GREEN


def test_url_in_an_external_sheet_is_relative_to_the_sheet(tmp_path):
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "s.css").write_text(".x { background-image: url(img/a.png) }")
    styled, _ = style_html('<link rel=stylesheet href="css/s.css"><p class=x style="list-style-image: url(b.png)">'
                           '</p>', tmp=tmp_path)
    style = by_class(styled, "x")
    assert style.background_image == ("url", (tmp_path / "css" / "img" / "a.png").as_uri())
    assert style.list_style_image == ("url", (tmp_path / "b.png").as_uri())
