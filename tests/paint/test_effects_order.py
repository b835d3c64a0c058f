"""opacity, visibility, overflow clipping, painting order (CSS 2.1 Appendix E), text decorations, markers."""
from minibrowser.layout import iter_boxes

from .helpers import count, render_html, rgb

WHITE = (255, 255, 255)
PAGE = "<!DOCTYPE html><style>body{margin:0}</style>"


def test_opacity_blends_the_subtree_as_one_group(tmp_path):
    _page, img = render_html(tmp_path, PAGE + "<div style='width:100px;height:50px;background:black;opacity:.5'></div>"
                                              "<div style='opacity:.5;position:relative;height:60px'>"
                                              "<div style='width:60px;height:40px;background:black'></div>"
                                              "<div style='width:60px;height:40px;background:black;margin:-20px 0 0 30px'>"
                                              "</div></div>")
    assert all(abs(c - 128) <= 1 for c in rgb(img, 50, 25))
    # where the two children overlap the group is no darker than elsewhere: one layer, faded once
    single, overlap = rgb(img, 10, 60), rgb(img, 40, 80)
    assert abs(single[0] - 128) <= 1 and overlap == single


def test_visibility_hidden_hides_the_box_but_not_a_visible_child(tmp_path):
    _page, img = render_html(tmp_path, PAGE + "<div style='visibility:hidden;background:red;height:100px;"
                                              "border:5px solid red;color:red'>hidden text"
                                              "<div style='visibility:visible;background:rgb(0,128,0);height:20px'>"
                                              "</div></div>")
    assert count(img, (0, 0, 800, 110), lambda r, g, b: r > 200 and g < 50) == 0
    assert rgb(img, 50, 5 + 22 + 5) == (0, 128, 0)


def test_overflow_hidden_clips_descendants_to_the_padding_box(tmp_path):
    _page, img = render_html(tmp_path, PAGE + "<div style='width:50px;height:50px;overflow:hidden;border:5px solid blue'>"
                                              "<div style='width:200px;height:200px;background:red'></div></div>"
                                              "<div style='width:60px;height:60px;overflow:hidden;border-radius:30px'>"
                                              "<div style='width:60px;height:60px;background:red'></div></div>")
    assert rgb(img, 30, 30) == (255, 0, 0)
    assert rgb(img, 57, 30) == (0, 0, 255)         # the border is not painted over
    assert rgb(img, 100, 100) == WHITE and rgb(img, 30, 58) == (0, 0, 255)
    assert rgb(img, 30, 90) == (255, 0, 0) and rgb(img, 1, 61) == WHITE   # clipped to the rounded box


def test_relatively_positioned_boxes_paint_after_in_flow_content(tmp_path):
    html = PAGE + ("<div style='height:50px;background:rgb(0,128,0);position:relative;Z'></div>"
                   "<div style='height:50px;margin-top:-25px;background:red'></div>")
    _page, img = render_html(tmp_path, html.replace("Z", ""))
    assert rgb(img, 10, 40) == (0, 128, 0)          # the positioned box is above its later sibling
    _page, img = render_html(tmp_path, html.replace("Z", "z-index:-1"))
    assert rgb(img, 10, 40) == (255, 0, 0)          # negative z-index: below the in-flow blocks
    _page, img = render_html(tmp_path, PAGE + "<div style='height:50px;background:rgb(0,128,0)'></div>"
                                              "<div style='height:50px;margin-top:-25px;background:red'></div>")
    assert rgb(img, 10, 40) == (255, 0, 0)          # without positioning, tree order


def test_inline_content_paints_over_block_backgrounds(tmp_path):
    _page, img = render_html(tmp_path, PAGE + "<div style='font-size:40px;color:black'>HHHH</div>"
                                              "<div style='height:60px;margin-top:-50px;background:rgb(0,0,255)'></div>")
    # the later block's background is below the earlier block's text (Appendix E: backgrounds first)
    assert count(img, (0, 0, 120, 50), lambda r, g, b: r < 60 and g < 60 and b < 60) > 50


def test_underline_and_line_through_follow_the_font(tmp_path):
    page, img = render_html(tmp_path, PAGE + "<p style='font-size:40px;margin:0'>"
                                             "<span style='text-decoration:underline;text-decoration-color:rgb(255,0,0)'>"
                                             "under</span> <span style='text-decoration:line-through rgb(0,0,255)'>"
                                             "strike</span></p>")
    fm = page.metrics.metrics(page.metrics.font(page.styled.styles[page.document.root]))
    p = next(b for b in iter_boxes(page.boxes) if b.tag == "p")
    baseline = round(p.lines[0].baseline)
    red_rows = [y for y in range(baseline - 5, baseline + 12)
                if count(img, (0, y, 90, y + 1), lambda r, g, b: r > 200 and g < 50 and b < 50) > 60]
    assert red_rows and min(red_rows) >= baseline                     # below the baseline
    assert len(red_rows) <= max(2, round(fm.underline_thickness * 40 / 16) + 1)
    blue = count(img, (120, baseline - 20, 300, baseline - 8), lambda r, g, b: b > 200 and r < 50 and g < 50)
    assert blue > 80                                                   # through the middle of the letters


def test_list_markers_are_painted_outside(tmp_path):
    page, img = render_html(tmp_path, PAGE + "<ul style='margin:0;padding-left:40px'><li>item</li></ul>"
                                             "<ol style='margin:0;padding-left:40px;font-size:30px'><li>item</li></ol>")
    assert count(img, (10, 0, 40, 22), lambda r, g, b: r < 100) > 5         # the disc
    assert count(img, (0, 22, 40, 70), lambda r, g, b: r < 100) > 20        # "1."


def test_a_thousand_translucent_boxes_on_a_long_page_stay_fast(tmp_path):
    import time

    html = PAGE + "<style>div{opacity:.5;background:red;height:10px;margin:5px}</style>" + "<div>x</div>" * 1000
    started = time.process_time()
    page, img = render_html(tmp_path, html, full_page=True)
    assert time.process_time() - started < 20           # each group's layer is only as big as its box
    assert img.height > 15000
    assert rgb(img, 400, 15000 - 10) in ((255, 127, 127), (255, 128, 128))


def test_huge_boxes_images_and_text_draw_only_what_shows(tmp_path):
    import time

    from PIL import Image
    Image.new("RGB", (20, 20), (0, 0, 255)).save(tmp_path / "blue.png")
    started = time.process_time()
    _page, img = render_html(tmp_path, PAGE + "<div style='height:2000000px;border:5px solid;border-radius:30px;"
                                              "border-color:red lime blue yellow'>"
                                              "<img src='blue.png' style='width:60000px;height:60000px'>"
                                              "<p style='font-size:3000px;margin:0'>Big</p></div>")
    assert time.process_time() - started < 10
    assert rgb(img, 400, 2) == (255, 0, 0) and rgb(img, 2, 300) == (255, 255, 0)
    assert rgb(img, 400, 300) == (0, 0, 255)         # the overflowing image covers the rest, right border too
    assert rgb(img, 1, 1) == (255, 255, 255)          # the rounded corner
