"""Borders of every style, rounded corners, backgrounds (colour, images, gradients), the canvas."""
import time

from PIL import Image

from minibrowser.css.values import RGBA
from minibrowser.raster.gradient import render_linear_gradient

from .helpers import count, render_html, rgb

WHITE = (255, 255, 255)
PAGE = "<!DOCTYPE html><style>body{margin:0}</style>"


def test_per_side_colours_widths_and_exact_edges(tmp_path):
    _page, img = render_html(tmp_path, PAGE + "<div style='margin:10px;width:100px;height:60px;border-style:solid;"
                                              "border-width:10px 20px 30px 40px;border-color:red lime blue yellow'>")
    # the border box is 160×100 at (10, 10)
    assert rgb(img, 90, 15) == (255, 0, 0)
    assert rgb(img, 160, 60) == (0, 255, 0)
    assert rgb(img, 90, 95) == (0, 0, 255)
    assert rgb(img, 30, 60) == (255, 255, 0)
    assert rgb(img, 90, 50) == WHITE
    # every edge on its pixel: nothing bleeds outside, nothing is missing inside
    assert rgb(img, 9, 60) == WHITE and rgb(img, 10, 60) == (255, 255, 0)
    assert rgb(img, 169, 60) == (0, 255, 0) and rgb(img, 170, 60) == WHITE
    assert rgb(img, 90, 109) == (0, 0, 255) and rgb(img, 90, 110) == WHITE
    assert rgb(img, 49, 30) == (255, 255, 0) and rgb(img, 50, 30) == WHITE
    # corners are split on the diagonal from the outer to the inner corner
    assert rgb(img, 45, 11) == (255, 0, 0)
    assert rgb(img, 12, 18) == (255, 255, 0)


def test_dashed_dotted_and_double_borders(tmp_path):
    _page, img = render_html(tmp_path, PAGE + "<style>div{width:200px;height:40px;margin:10px}</style>"
                                              "<div style='border:4px dashed black'></div>"
                                              "<div style='border:6px dotted black'></div>"
                                              "<div style='border:9px double black'></div>")
    dark = lambda r, g, b: r < 100  # noqa: E731
    dashed = count(img, (10, 11, 218, 12), dark)
    assert 0.3 * 208 < dashed < 0.8 * 208              # dashes and gaps along the top
    dotted = count(img, (10, 71, 222, 72), dark)       # through the dots' centres
    assert 0.2 * 212 < dotted < 0.75 * 212
    # double: 3px line, 3px gap, 3px line
    top = 10 + 48 + 10 + 52 + 10
    column = [rgb(img, 100, top + i)[0] for i in range(9)]
    assert column[:3] == [0, 0, 0] and column[3:6] == [255, 255, 255] and column[6:] == [0, 0, 0]


def test_inset_outset_groove_ridge_shade_their_sides(tmp_path):
    _page, img = render_html(tmp_path, PAGE + "<style>div{width:100px;height:40px;margin:10px;"
                                              "border-width:10px;border-color:rgb(200,0,0)}</style>"
                                              "<div style='border-style:inset'></div>"
                                              "<div style='border-style:outset'></div>"
                                              "<div style='border-style:groove'></div>")
    # boxes of 120×60 at y = 10, 80, 150
    inset_top, inset_bottom = rgb(img, 60, 15), rgb(img, 60, 65)
    assert inset_top[0] < inset_bottom[0]           # inset: top and left darker
    outset_top, outset_bottom = rgb(img, 60, 85), rgb(img, 60, 135)
    assert outset_top[0] > outset_bottom[0]
    groove_outer, groove_inner = rgb(img, 60, 152), rgb(img, 60, 158)
    assert groove_outer != groove_inner              # two halves of different shades


def test_border_radius_rounds_background_and_border(tmp_path):
    _page, img = render_html(tmp_path, PAGE + "<div style='margin:10px;width:100px;height:100px;background:blue;"
                                              "border-radius:50px'></div>"
                                              "<div style='margin:10px;width:80px;height:80px;background:blue;"
                                              "border:10px solid red;border-radius:30px'></div>")
    assert rgb(img, 12, 12) == WHITE               # cut off by the circle
    assert rgb(img, 60, 60) == (0, 0, 255)
    assert rgb(img, 11, 60) == (0, 0, 255)         # the middle of the left edge is still there
    partial = count(img, (10, 10, 40, 40), lambda r, g, b: 0 < r < 255 and b == 255)
    assert partial > 10                             # the curve is antialiased
    # second box at (10, 120), 100×100 with a rounded 10px border
    assert rgb(img, 60, 124) == (255, 0, 0)
    assert rgb(img, 11, 121) == WHITE
    assert rgb(img, 60, 170) == (0, 0, 255)
    assert rgb(img, 14, 170) == (255, 0, 0)


def _tile(tmp_path):
    tile = Image.new("RGB", (10, 10), (0, 128, 0))
    tile.paste((255, 0, 0), (0, 0, 5, 5))
    tile.save(tmp_path / "tile.png")


def test_background_image_repeat_position_and_size(tmp_path):
    _tile(tmp_path)
    _page, img = render_html(tmp_path, PAGE + "<style>div{width:40px;height:30px;margin:0 0 10px;"
                                              "background-image:url(tile.png)}</style>"
                                              "<div></div>"
                                              "<div style='background-repeat:no-repeat;background-position:center'></div>"
                                              "<div style='background-repeat:repeat-x'></div>"
                                              "<div style='background-repeat:repeat-y;background-position:right top'>"
                                              "</div>")
    red, green = (255, 0, 0), (0, 128, 0)
    assert [rgb(img, x, 2) for x in (2, 7, 12, 17, 32)] == [red, green, red, green, red]
    assert rgb(img, 2, 22) == red                      # repeated downwards too
    # no-repeat, centred: one tile at (15, 10) in the second box (top 40)
    assert rgb(img, 16, 51) == red and rgb(img, 21, 56) == green
    assert rgb(img, 5, 45) == WHITE and rgb(img, 30, 65) == WHITE
    # repeat-x: only the first row of tiles (box top 80)
    assert rgb(img, 32, 82) == red and rgb(img, 32, 95) == WHITE
    # repeat-y at the right edge (box top 120): the tile's left half sits at x 30-34
    assert rgb(img, 31, 122) == red and rgb(img, 31, 142) == red and rgb(img, 5, 122) == WHITE


def test_background_size_contain_cover_and_lengths(tmp_path):
    _tile(tmp_path)
    _page, img = render_html(tmp_path, PAGE + "<style>div{width:100px;height:50px;margin-bottom:10px;"
                                              "background:url(tile.png) no-repeat}</style>"
                                              "<div style='background-size:contain'></div>"
                                              "<div style='background-size:cover'></div>"
                                              "<div style='background-size:20px 10px;background-repeat:repeat'></div>")
    red, green = (255, 0, 0), (0, 128, 0)
    assert rgb(img, 20, 20) == red and rgb(img, 40, 40) == green and rgb(img, 75, 25) == WHITE   # 50×50
    assert rgb(img, 20, 70) == red and rgb(img, 75, 105) == green and rgb(img, 20, 95) == red  # 100×100
    assert [rgb(img, x, 122) for x in (3, 13, 23)] == [red, green, red]                          # 20×10


def test_linear_gradient_colours_stops_and_speed(tmp_path):
    _page, img = render_html(tmp_path, PAGE + "<div style='width:256px;height:20px;"
                                              "background:linear-gradient(to right, rgb(255,0,0), rgb(0,0,255))'></div>"
                                              "<div style='width:100px;height:100px;"
                                              "background:linear-gradient(red 50%, blue 50%)'></div>")
    left, middle, right = rgb(img, 0, 10), rgb(img, 128, 10), rgb(img, 255, 10)
    assert left[0] > 250 and right[2] > 250
    assert abs(middle[0] - 127) <= 3 and abs(middle[2] - 128) <= 3 and middle[1] == 0
    assert rgb(img, 50, 20 + 48) == (255, 0, 0) and rgb(img, 50, 20 + 52) == (0, 0, 255)   # a hard stop
    started = time.process_time()
    big = render_linear_gradient(45, [(RGBA(255, 0, 0), None), (RGBA(0, 0, 255, 0.5), 300.0),
                                      (RGBA(0, 255, 0), None)], 2000, 2000)
    assert time.process_time() - started < 2.0
    assert big.size == (2000, 2000) and big.getpixel((0, 1999))[0] > 250


def test_body_background_covers_the_whole_canvas(tmp_path):
    _page, img = render_html(tmp_path, "<body style='background:rgb(1,2,3);margin:50px'><p>short</p>")
    assert rgb(img, 799, 599) == (1, 2, 3) and rgb(img, 0, 0) == (1, 2, 3)
    # when the root has its own background, the body's stays in the body's box
    _page, img = render_html(tmp_path, "<html style='background:rgb(0,128,0)'>"
                                       "<body style='background:rgb(255,0,0);margin:50px;height:100px'>")
    assert rgb(img, 10, 10) == (0, 128, 0) and rgb(img, 60, 60) == (255, 0, 0) and rgb(img, 60, 160) == (0, 128, 0)
