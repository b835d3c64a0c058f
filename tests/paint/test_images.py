"""Images: every raster format Pillow decodes, data: URLs, SVG as an alt box, decompression bombs, scaling."""
import base64
import io

from PIL import Image

from .helpers import count, render_html, rgb

PAGE = "<!DOCTYPE html><style>body{margin:0} img{display:block;margin-bottom:10px}</style>"
FORMATS = {"png": "PNG", "jpg": "JPEG", "gif": "GIF", "webp": "WEBP", "bmp": "BMP", "ico": "ICO"}


def test_png_jpeg_gif_webp_bmp_ico_are_drawn(tmp_path):
    for ext, fmt in FORMATS.items():
        Image.new("RGB", (32, 32), (255, 0, 0)).save(tmp_path / f"red.{ext}", format=fmt)
    html = PAGE + "".join(f"<img src='red.{ext}'>" for ext in FORMATS)
    page, img = render_html(tmp_path, html)
    assert not page.subresource_errors
    for index, _ext in enumerate(FORMATS):
        r, g, b = rgb(img, 16, index * 42 + 16)
        assert r > 240 and g < 16 and b < 16, (_ext, (r, g, b))


def test_gif_first_frame_and_data_url(tmp_path):
    frames = [Image.new("RGB", (20, 20), c) for c in ((0, 0, 255), (255, 0, 0))]
    frames[0].save(tmp_path / "anim.gif", save_all=True, append_images=frames[1:], duration=100, loop=0)
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (0, 128, 0)).save(buffer, format="PNG")
    data_url = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    _page, img = render_html(tmp_path, PAGE + f"<img src='anim.gif'><img src='{data_url}'>")
    assert rgb(img, 10, 10) == (0, 0, 255)
    assert rgb(img, 10, 40) == (0, 128, 0)


def test_images_are_scaled_smoothly_to_their_used_size(tmp_path):
    tile = Image.new("RGB", (2, 1), (0, 0, 0))
    tile.putpixel((1, 0), (255, 255, 255))
    tile.save(tmp_path / "two.png")
    _page, img = render_html(tmp_path, PAGE + "<img src='two.png' width='100' height='50'>")
    assert rgb(img, 5, 25) == (0, 0, 0) and rgb(img, 95, 25) == (255, 255, 255)
    assert 20 < rgb(img, 50, 25)[0] < 235          # a smooth filter, not nearest-neighbour blocks


def test_svg_is_shown_as_its_alt_text(tmp_path):
    (tmp_path / "chart.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>")
    page, img = render_html(tmp_path, PAGE + "<img src='chart.svg' alt='Load times' width='200' height='60'>")
    assert any("SVG" in message for message in page.subresource_errors)
    assert count(img, (0, 0, 200, 25), lambda r, g, b: r < 100) > 30           # the alt text


def test_decompression_bombs_are_refused_with_a_clear_message(tmp_path):
    Image.new("1", (10000, 6000)).save(tmp_path / "bomb.png")     # 60 million pixels in a few kB
    page, img = render_html(tmp_path, PAGE + "<img src='bomb.png' width='50' height='50' alt='x'>")
    message = next(m for m in page.subresource_errors if "bomb.png" in m)
    assert "10,000x6,000" in message and "pixels" in message
    assert rgb(img, 25, 25) == (255, 255, 255)
