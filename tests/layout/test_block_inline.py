"""Box geometry: block widths, margins and their collapsing, line boxes, CJK line breaking."""
from tests.conftest import element_box


def test_block_width_auto_margins_and_padding(render):
    page = render("<style>body{margin:0} div{width:300px;margin:0 auto;padding:10px;border:5px solid}</style>"
                  "<div>x</div>")
    box = element_box(page, "html[1]/body[1]/div[1]")
    assert box["width"] == 330
    assert box["x"] == (800 - 330) / 2


def test_margins_collapse_between_siblings_and_through_parent(render):
    page = render("<style>body{margin:0} p{margin:20px 0;height:10px} div{margin-top:30px}</style>"
                  "<div><p></p><p></p></div>")
    first = element_box(page, "html[1]/body[1]/div[1]/p[1]")
    second = element_box(page, "html[1]/body[1]/div[1]/p[2]")
    div = element_box(page, "html[1]/body[1]/div[1]")
    assert first["y"] == 30          # 30px and 20px collapse to 30px, through the div's top
    assert div["y"] == 30
    assert second["y"] == first["y"] + 10 + 20


def test_lines_wrap_within_the_container(render):
    page = render("<style>body{margin:0;font-size:16px;line-height:20px} div{width:100px}</style>"
                  "<div>aaa bbb ccc ddd eee fff ggg hhh</div>")
    div = element_box(page, "html[1]/body[1]/div[1]")
    assert div["height"] % 20 == 0 and div["height"] >= 60
    container = next(b for b in _boxes(page) if b.tag == "div")
    for line in container.lines:
        for frag in line.fragments:
            assert frag.x + frag.width <= 100.5


def test_chinese_breaks_between_ideographs_but_not_before_closing_punctuation(render):
    text = "浏览器把字节变成一棵树，再把树变成方框，最后把方框变成像素。" * 3
    page = render(f"<style>body{{margin:0}} p{{width:200px;margin:0}}</style><p>{text}</p>")
    p = next(b for b in _boxes(page) if b.tag == "p")
    assert len(p.lines) > 2
    for line in p.lines:
        first_text = "".join(f.text for f in line.fragments)
        assert first_text and first_text[0] not in "，。、）」"
        assert sum(f.width for f in line.fragments) <= 200.5


def _boxes(page):
    from minibrowser.layout import iter_boxes
    return list(iter_boxes(page.boxes))


def test_br_forces_a_line_and_pre_keeps_spaces(render):
    page = render("<style>body{margin:0}</style><p>one<br>two</p><pre>a    b\nc</pre>")
    p = next(b for b in _boxes(page) if b.tag == "p")
    assert [" ".join(f.text for f in line.fragments if f.kind == "text") for line in p.lines] == ["one", "two"]
    pre = next(b for b in _boxes(page) if b.tag == "pre")
    assert [" ".join(f.text for f in line.fragments) for line in pre.lines] == ["a    b", "c"]


def test_deep_nesting_does_not_recurse(render):
    depth = 3000
    page = render("<div>" * depth + "deep" + "</div>" * depth)
    assert page.layout.document_height >= 600


def test_text_after_display_contents_takes_the_parents_style(render):
    """The tail after a `display: contents` element is its parent's text (CSS Display 3 §2.5):
    Chromium paints " tail" in the div's black, only "a" in red."""
    from minibrowser.paint.display_list import DrawText

    page = render("<div>x <span style='display:contents;color:red'>a<b>b</b></span> tail</div>")
    colours = {cmd.text.strip(): (cmd.color.r, cmd.color.g, cmd.color.b)
               for cmd in page.display_list.commands if type(cmd) is DrawText}
    assert colours == {"x": (0, 0, 0), "a": (255, 0, 0), "b": (255, 0, 0), "tail": (0, 0, 0)}
