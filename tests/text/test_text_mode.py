"""Text mode: the same layout in character cells."""
from minibrowser.raster.grid import GridRasterizer, text_cells


def test_text_mode_wraps_chinese_within_columns(render):
    text = "在浏览器的地址栏里输入一个网址，再按下回车键，通常不到一秒钟，一个排版整齐的页面就出现在眼前。" * 4
    page = render(f"<h1>标题</h1><p>{text}</p>", text=True, columns=40)
    out = GridRasterizer(40).render(page.display_list)
    assert "标题" in out
    assert "".join(out.split()).count("网址") == 4
    for line in out.splitlines():
        assert text_cells(line) <= 40


def test_text_mode_keeps_paragraphs_apart(render):
    page = render("<p>first paragraph</p><p>second paragraph</p>", text=True)
    lines = GridRasterizer(80).render(page.display_list).splitlines()
    assert lines[0].strip() == "first paragraph"
    assert lines[1] == ""
    assert lines[2].strip() == "second paragraph"


def test_page_text_cannot_inject_escape_sequences(render):
    page = render("<p>evil \x1b[31m red \x1b]0;title\x07</p>", text=True)
    out = GridRasterizer(80).render(page.display_list)
    assert "\x1b" not in out and "\x07" not in out
