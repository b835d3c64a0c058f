"""--report DIR: a well-formed, self-contained HTML page whose pictures are the run's own."""
from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET

import html5lib
from PIL import Image

from minibrowser.explain import main as explain_main
from minibrowser.explain.tables import OVERLAY_COLORS
from minibrowser.explain.waterfall import LABEL_WIDTH, ROW, TOP


def _report(tmp_path, capsys, *args: str):
    folder = tmp_path / "report"
    status = explain_main([*args, "--report", str(folder)])
    captured = capsys.readouterr()
    return status, folder, captured


def _check_well_formed_and_self_contained(folder) -> str:
    text = (folder / "index.html").read_text(encoding="utf-8")
    html5lib.HTMLParser(strict=True).parse(text)              # raises on any HTML parse error
    root = ET.fromstring(text.split("\n", 1)[1])               # and it is well-formed XML too
    references = [el.get(attr) for el in root.iter() for attr in ("src", "href") if el.get(attr)]
    assert references
    for ref in references:
        if ref.startswith("#"):
            assert root.find(f".//*[@id='{ref[1:]}']") is not None, ref
            continue
        assert "/" not in ref and ":" not in ref, ref            # a file beside index.html, nothing else
        assert (folder / ref).is_file(), ref
    assert "url(" not in text and "@import" not in text and "<script" not in text
    return text


def test_http_report(site, tmp_path, capsys):
    status, folder, captured = _report(tmp_path, capsys, site.url("/"), "--element", ".card")
    assert status == 0
    assert "report written to" in captured.err
    text = _check_well_formed_and_self_contained(folder)
    assert sorted(os.listdir(folder)) == ["explain.json", "index.html", "overlay.png", "screenshot.png",
                                          "waterfall.png"]
    # the exact request bytes the server received are on the page, CR LF shown
    for path in ("/", "/style.css", "/dot.png"):
        first_line = site.head_for(path).split(b"\r\n")[0].decode("latin-1")
        assert f"{first_line}<span class=\"crlf\">\\r\\n</span>" in text
    data = json.loads((folder / "explain.json").read_text(encoding="utf-8"))
    assert data["http"]["requests"][0]["request_bytes"].encode("latin-1") == site.head_for("/")

    shot = Image.open(folder / "screenshot.png").convert("RGB")
    overlay = Image.open(folder / "overlay.png").convert("RGB")
    assert shot.size == overlay.size and shot.size[0] == 800
    card = next(b for b in data["layout"]["boxes"] if b["box"].startswith("block div.card"))
    assert (card["width"], card["height"]) == (214, 64)       # 200x50 content + 2*5 padding + 2*2 border
    # used margins: the right one takes the rest of the line (CSS 2.1 §10.3.3, over-constrained): 800-8-8-10-214
    assert card["margin"] == [10, 560, 10, 10]
    x, y = card["x"], card["y"]
    assert shot.getpixel((x + 50, y + 30)) == (255, 204, 0)    # the card's background in the screenshot
    # the overlay paints devtools' translucent colours over the faded page, each on its own area
    for area, (px, py) in {"content": (x + 100, y + 30), "padding": (x + 100, y + 3), "border": (x + 100, y + 1),
                           "margin": (x + 100, y - 5)}.items():
        *color, alpha = OVERLAY_COLORS[area]
        faded = [round(c * 0.45 + 255 * 0.55) for c in shot.getpixel((px, py))]
        expected = [f + (c - f) * alpha / 255 for f, c in zip(faded, color)]
        assert all(abs(o - e) <= 3 for o, e in zip(overlay.getpixel((px, py)), expected)), area

    waterfall = Image.open(folder / "waterfall.png")
    assert waterfall.size[1] > TOP + ROW * 3 and waterfall.size[0] > LABEL_WIDTH


def test_https_report(tls_site, tmp_path, capsys):
    status, folder, _captured = _report(tmp_path, capsys, tls_site.url("/"), "--cacert", tls_site.cafile)
    assert status == 0
    text = _check_well_formed_and_self_contained(folder)
    assert re.search(r"TLSv1\.[23]", text) and "DNS:localhost" in text


def test_data_report_says_why_sections_do_not_apply(tmp_path, capsys):
    status, folder, _captured = _report(tmp_path, capsys, "data:text/html,<p>hi")
    assert status == 0
    text = _check_well_formed_and_self_contained(folder)
    assert text.count("a data: URL carries the document inside the URL itself") >= 5
    assert not (folder / "waterfall.png").exists()           # no request, no waterfall


def test_hostile_page_text_is_escaped(tmp_path, capsys):
    title = "</title><script>alert(1)</script>\x1b[31m\x07&amp;"
    html = f"<title>{title}</title><p class='\"><img src=x>'>\x1b]0;owned\x07 text"
    import urllib.parse
    status, folder, captured = _report(tmp_path, capsys, "data:text/html," + urllib.parse.quote(html))
    assert status == 0
    text = _check_well_formed_and_self_contained(folder)
    assert "\x1b" not in text and "\x07" not in text
    assert "\x1b" not in captured.out and "\x07" not in captured.out
