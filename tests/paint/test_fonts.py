"""Fonts: @font-face (WOFF2), --font-dir, weights on the wght axis, synthetic bold and oblique, fallback."""
import pathlib

import pytest

from minibrowser.layout import iter_boxes
from minibrowser.paint.fonts import FontMetricsPIL, bundled_database

from .helpers import count, render_html

PAGE = "<!DOCTYPE html><style>body{margin:0} p{margin:0;font-size:40px}</style>"
TEXT = "Hamburgefonstiv"


@pytest.fixture(scope="module")
def static_face(tmp_path_factory) -> pathlib.Path:
    """A static (single-weight, upright) Latin subset of the bundled Noto Sans, renamed 'Probe Sans',
    saved as WOFF2 — a face with no bold and no italic of its own."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    folder = tmp_path_factory.mktemp("fonts")
    source = bundled_database().best("Noto Sans", 400, False).path
    font = TTFont(source)
    options = subset.Options()
    options.layout_features = ["kern", "liga"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(chr(c) for c in range(32, 127)))
    subsetter.subset(font)
    font = instancer.instantiateVariableFont(font, {"wght": 400, "wdth": 100})
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = "Probe Sans"
        elif record.nameID == 6:
            record.string = "ProbeSans-Regular"
    font.flavor = "woff2"
    target = folder / "probe.woff2"
    font.save(str(target))
    return target


def _text_fragment(page):
    p = next(b for b in iter_boxes(page.boxes) if b.tag == "p")
    return p.lines[0].fragments[0]


def test_font_face_woff2_is_used_under_its_declared_family(tmp_path, static_face):
    (tmp_path / "probe.woff2").write_bytes(static_face.read_bytes())
    css = "@font-face{font-family:'My Face';src:url(probe.woff2) format('woff2')}"
    page, _img = render_html(tmp_path, PAGE + f"<style>{css}</style><p style=\"font-family:'My Face', serif\">{TEXT}")
    frag = _text_fragment(page)
    reference, _ = render_html(tmp_path, PAGE + f"<p style=\"font-family:'Noto Sans'\">{TEXT}", name="ref.html")
    assert "Serif" not in frag.font.path and frag.font.path.endswith(".ttf")
    assert abs(frag.width - _text_fragment(reference).width) < 1.0     # same outlines, same advances


def test_font_dir_registers_fonts_by_their_own_family_names(tmp_path, static_face):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    (fonts / "whatever-file-name.woff2").write_bytes(static_face.read_bytes())
    page, img = render_html(tmp_path, PAGE + f"<p style=\"font-family:'Probe Sans'\">{TEXT}", font_dirs=[str(fonts)])
    assert not _text_fragment(page).font.synthetic_bold
    assert count(img, (0, 0, 400, 60), lambda r, g, b: r < 128) > 300


def test_synthetic_bold_and_oblique_when_the_face_is_missing(tmp_path, static_face):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    (fonts / "probe.woff2").write_bytes(static_face.read_bytes())
    results = {}
    for name, style in (("plain", ""), ("bold", "font-weight:700"), ("italic", "font-style:italic")):
        page, img = render_html(tmp_path, PAGE + f"<p style=\"font-family:'Probe Sans';{style}\">llll", font_dirs=[str(fonts)],
                                name=f"{name}.html")
        results[name] = (_text_fragment(page).font, img.convert("L").crop((0, 0, 200, 60)))
    assert results["bold"][0].synthetic_bold and not results["plain"][0].synthetic_bold
    assert results["italic"][0].synthetic_oblique

    def ink(image) -> int:
        return sum(1 for v in getattr(image, "get_flattened_data", image.getdata)() if v < 128)
    assert ink(results["bold"][1]) > 1.15 * ink(results["plain"][1])      # emboldened strokes

    def leftmost(image, row: int) -> int:
        return next(x for x in range(image.width) if image.getpixel((x, row)) < 128)
    plain, italic = results["plain"][1], results["italic"][1]
    # upright 'l' stems have the same left edge at the top and the bottom; sheared ones lean right
    assert abs(leftmost(plain, 18) - leftmost(plain, 40)) <= 1
    assert leftmost(italic, 18) - leftmost(italic, 40) >= 4


def test_variable_weights_come_from_the_wght_axis(tmp_path):
    inks = []
    for weight in (300, 800):
        page, img = render_html(tmp_path, PAGE + f"<p style=\"font-family:'Noto Sans';font-weight:{weight}\">{TEXT}",
                                name=f"w{weight}.html")
        assert not _text_fragment(page).font.synthetic_bold
        inks.append(count(img, (0, 0, 500, 60), lambda r, g, b: r < 128))
    assert inks[1] > 1.6 * inks[0]


def test_characters_missing_from_the_font_fall_back_by_coverage(tmp_path):
    page, img = render_html(tmp_path, PAGE + "<p style=\"font-family:'Roboto Mono'\">ab 中文 cd</p>")
    metrics = page.metrics
    frag = _text_fragment(page)
    runs = metrics.runs(frag.text, frag.font)
    cjk_font = next(font for text, font in runs if text.strip() == "中文")
    assert "SC" in cjk_font.path and "Mono" in frag.font.path
    assert count(img, (70, 0, 170, 60), lambda r, g, b: r < 128) > 200    # real ideographs, not boxes


def test_bundled_mode_never_asks_fontconfig(monkeypatch):
    monkeypatch.setenv("MINIBROWSER_FONTS", "bundled")
    assert FontMetricsPIL().fontconfig is None
    assert FontMetricsPIL(use_system=False).fontconfig is None
