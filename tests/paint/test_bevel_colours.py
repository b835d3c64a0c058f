"""inset/outset border colours against pixels measured in headless Chromium 156 (grey and orange ramps,
an unstyled <hr>, currentcolor bevels).  Chromium's own rounding differs by one step here and there,
so each channel may be off by one."""
import pytest

from .helpers import render_html, rgb

# grey level → (inset top, inset bottom) as Chromium painted a 3px `inset rgb(v, v, v)` border
GREY_INSET = {0: (84, 168), 32: (116, 200), 64: (0, 148), 100: (15, 184), 128: (44, 212),
              160: (76, 245), 192: (108, 255), 224: (140, 255), 255: (171, 255)}
# (currentcolor or not, style) rows of 1px borders → (top, bottom) of the grey channel
ROWS = [("border:1px inset; color: gray", (154, 238)),          # currentcolor bevel: from #EEEEEE
        ("border:1px inset gray", (44, 212)),
        ("border:1px inset rgb(238,238,238)", (154, 238)),
        ("border:3px inset rgb(240,240,240)", (156, 240)),        # near white: lit sides unchanged
        ("border:3px inset rgb(20,20,20)", (104, 188))]           # near black: both sides lighten


def close(actual: tuple, expected: tuple) -> bool:
    return all(abs(a - e) <= 1 for a, e in zip(actual, expected))


def test_grey_ramp_inset_and_orange_outset(tmp_path):
    html = '<!doctype html><body style="margin:0">' + "".join(
        f'<div style="position:absolute;left:10px;top:{10 + i * 30}px;width:40px;height:10px;'
        f'border:3px inset rgb({v},{v},{v})"></div>'
        f'<div style="position:absolute;left:80px;top:{10 + i * 30}px;width:40px;height:10px;'
        f'border:3px outset rgb({v},{v // 2},0)"></div>' for i, v in enumerate(GREY_INSET))
    _, image = render_html(tmp_path, html, width=200, height=300)
    for i, (v, (top, bottom)) in enumerate(GREY_INSET.items()):
        y = 10 + i * 30
        assert close(rgb(image, 30, y + 1), (top,) * 3), (v, rgb(image, 30, y + 1))
        assert close(rgb(image, 30, y + 14), (bottom,) * 3), (v, rgb(image, 30, y + 14))
        # outset of (v, v/2, 0) is the inset's mirror: its top is lit, its bottom shadowed
        assert rgb(image, 100, y + 1)[0] == pytest.approx(bottom, abs=1)
        assert rgb(image, 100, y + 14)[0] == pytest.approx(top, abs=1)


def test_currentcolor_bevels_and_the_unstyled_hr(tmp_path):
    html = '<!doctype html><body style="margin:0">' + "".join(
        f'<div style="position:absolute;left:0;top:{10 + i * 20}px;width:100px;height:0;{css}"></div>'
        for i, (css, _) in enumerate(ROWS)) + '<hr style="position:absolute;top:200px;left:0;margin:0;width:100px">'
    _, image = render_html(tmp_path, html, width=200, height=240)
    for i, (css, (top, bottom)) in enumerate(ROWS):
        y = 10 + i * 20
        assert close(rgb(image, 50, y), (top,) * 3), (css, rgb(image, 50, y))
        width = int(css.split("px")[0].split(":")[-1])
        assert close(rgb(image, 50, y + width), (bottom,) * 3), (css, rgb(image, 50, y + width))
    assert close(rgb(image, 50, 200), (154,) * 3) and close(rgb(image, 50, 201), (238,) * 3)
