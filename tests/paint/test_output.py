"""Screenshot output: --scale (crisp HiDPI text), --full-page, --selector, --background transparent, formats."""
from PIL import Image

from minibrowser.cli import main

from .helpers import render_html, rgb

PAGE = "<!DOCTYPE html><style>body{margin:0}</style>"


def _blur(image) -> float:
    """Share of the ink pixels that are neither background nor solid: high when text is an enlarged bitmap."""
    histogram = image.convert("L").histogram()
    return sum(histogram[40:216]) / sum(histogram[:216])


def test_scale_2_doubles_device_pixels_and_keeps_text_crisp(tmp_path):
    html = PAGE + "<div style='margin:10px;width:10px;height:10px;background:blue'></div>" \
                  "<p style='margin:0;font-size:16px;line-height:40px'>Hamburgefonstiv</p>"
    _page, img = render_html(tmp_path, html, scale=2.0)
    assert img.size == (1600, 1200)
    assert rgb(img, 20, 20) == (0, 0, 255) and rgb(img, 39, 39) == (0, 0, 255)
    assert rgb(img, 19, 20) == (255, 255, 255) and rgb(img, 40, 40) == (255, 255, 255)
    # glyphs are rasterized at 32 device px, not enlarged from 16px bitmaps
    _page, small = render_html(tmp_path, html)
    crisp = img.crop((0, 60, 600, 140))
    enlarged = small.resize((1600, 1200), Image.Resampling.BICUBIC).crop((0, 60, 600, 140))
    assert _blur(crisp) < 0.6 * _blur(enlarged)


def test_full_page_and_selector_regions(tmp_path):
    html = PAGE + "<div style='height:1500px;background:linear-gradient(white, rgb(0,0,255))'></div>" \
                  "<p id='target' style='margin:0 0 0 30px;width:123px;height:45px;background:red;border:2px solid black'>"
    page, full = render_html(tmp_path, html, full_page=True)
    assert full.size == (800, 1549) and rgb(full, 100, 1548) == (0, 0, 0) and rgb(full, 100, 1540) == (255, 0, 0)
    _page, element = render_html(tmp_path, html, selector="#target")
    assert element.size == (127, 49)
    assert rgb(element, 0, 0) == (0, 0, 0) and rgb(element, 60, 20) == (255, 0, 0)


def test_transparent_background(tmp_path):
    _page, img = render_html(tmp_path, PAGE + "<div style='width:50px;height:50px;background:rgba(0,0,255,0.5)'></div>"
                                              "<p style='color:black'>text</p>", transparent=True)
    assert img.getpixel((400, 300))[3] == 0
    r, g, b, a = img.getpixel((25, 25))
    assert (r, g, b) == (0, 0, 255) and abs(a - 128) <= 1
    # antialiased text over nothing keeps its colour and carries its coverage in alpha
    edge = [img.getpixel((x, y)) for x in range(0, 60) for y in range(60, 90) if 0 < img.getpixel((x, y))[3] < 255]
    assert edge and all(p[0] < 40 for p in edge)


def test_formats_by_extension_and_bad_selectors(tmp_path, capsys):
    page = tmp_path / "p.html"
    page.write_text(PAGE + "<div style='width:40px;height:40px;background:rgb(255,0,0)'></div>")
    for name, fmt in (("a.png", "PNG"), ("a.jpg", "JPEG"), ("a.jpeg", "JPEG"), ("a.webp", "WEBP")):
        assert main([str(page), "-o", str(tmp_path / name), "--width", "100", "--height", "80"]) == 0
        written = Image.open(tmp_path / name)
        assert written.format == fmt and written.size == (100, 80)
        r, g, b = written.convert("RGB").getpixel((20, 20))
        assert r > 240 and g < 20 and b < 20
    assert main([str(page), "-o", str(tmp_path / "b.png"), "--selector", "p:nope("]) == 2
    assert main([str(page), "-o", str(tmp_path / "b.png"), "--selector", "table"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "matches no element" in err[1]
    assert not (tmp_path / "b.png").exists()
