"""Pixels: backgrounds, borders and text reach the PNG."""
from minibrowser.raster.pil import PILRasterizer


def test_background_border_and_text_pixels(render):
    page = render("<style>body{margin:0;background:#fff} div{width:100px;height:50px;background:rgb(0,0,255);"
                  "border:10px solid rgb(255,0,0)} p{color:rgb(0,128,0);font-size:40px;margin:0}</style>"
                  "<div></div><p>HHHH</p>")
    image = PILRasterizer(page.metrics).render(page.display_list, 800, 600).convert("RGB")
    assert image.getpixel((5, 5)) == (255, 0, 0)        # border
    assert image.getpixel((50, 30)) == (0, 0, 255)      # background
    assert image.getpixel((400, 300)) == (255, 255, 255)  # canvas
    # green text somewhere in the paragraph's line
    text_pixels = [image.getpixel((x, y)) for x in range(0, 200) for y in range(72, 115)]
    assert any(g > 100 and r < 60 and b < 60 for r, g, b in text_pixels)


def test_chinese_text_has_real_glyphs(render):
    page = render("<p style='font-size:32px;margin:0'>中文</p><p style='font-size:32px;margin:0'>\u0378\u0378</p>")
    image = PILRasterizer(page.metrics).render(page.display_list, 800, 600).convert("L")
    # the two ideographs are drawn with many dark pixels, not as empty boxes
    dark = sum(1 for x in range(0, 80) for y in range(0, 40) if image.getpixel((x, y)) < 128)
    assert dark > 150
