"""explain for file: and data: URLs: the network sections say why they do not apply; the rest is real."""
from __future__ import annotations

import urllib.parse

from minibrowser.explain.tables import STAGES

NETWORK = ("resolve", "connect", "tls", "http", "close")


def test_file_url(tmp_path, explain):
    page = tmp_path / "page.html"
    page.write_bytes("<!DOCTYPE html><meta charset=gbk><title>t</title><p>\u4e2d\u6587 text</p>".encode("gbk"))
    status, data, out, _err = explain(str(page))
    assert status == 0
    assert data["url"]["scheme"] == "file" and data["url"]["path"] == str(page)
    for stage in NETWORK:
        assert "file: URL" in data[stage]["skipped"], stage
        assert "file: URL" in out
    parse = data["parse"]
    assert (parse["charset"], parse["charset_source"]) == ("gb18030", "meta")
    assert '"gbk"' in parse["charset_reason"]
    assert parse["bytes"] == page.stat().st_size
    assert parse["elements"] == 6        # html, head, meta, title, body, p
    assert any("\u4e2d\u6587 text" in line for line in parse["outline"])
    assert data["paint"]["commands"] >= 1


def test_data_url(explain):
    html = "<h1>Title</h1><div>before<p>inside</p>after</div>"
    status, data, _out, _err = explain("data:text/html;charset=utf-8," + urllib.parse.quote(html))
    assert status == 0
    assert data["url"]["media_type"] == "text/html;charset=utf-8" and data["url"]["base64"] is False
    for stage in NETWORK:
        assert "data: URL" in data[stage]["skipped"], stage
    assert (data["parse"]["charset"], data["parse"]["charset_source"]) == ("utf-8", "http")
    boxes = data["boxes"]
    assert boxes["anonymous"] == 2         # "before" and "after" sit beside the block <p>
    assert sum(1 for line in boxes["outline"] if "block anonymous" in line) == 2
    assert data["parse"]["quirks_mode"] == "quirks"      # no doctype


def test_stop_after_parse_prints_the_dom_and_runs_nothing_after(explain):
    status, data, out, _err = explain("data:text/html,<title>x</title><p>hello", "--stop-after", "parse")
    assert status == 0
    assert out.startswith("#document charset=")
    assert "<p>" in out and "'hello'" in out
    for stage in ("style", "boxes", "layout", "paint"):
        assert data[stage]["skipped"] == "not run: the run stopped after parse (--stop-after)"
    assert data["timings"]["stopped_after"] == "parse" and "raster" not in data["timings"]


def test_stop_after_layout_prints_geometry(explain):
    html = "<body style='margin:0'><div style='width:120px;height:30px'></div>"
    status, _data, out, _err = explain("data:text/html," + urllib.parse.quote(html), "--stop-after", "layout")
    assert status == 0
    assert "block html[1]/body[1]/div[1] x=0.00 y=0.00 w=120.00 h=30.00" in out


def test_stop_after_a_network_stage_of_a_local_url_says_why(explain):
    status, data, out, _err = explain("data:text/html,x", "--stop-after", "tls")
    assert status == 0
    assert out.startswith("tls: a data: URL carries the document inside the URL itself")
    assert list(data) == [*STAGES, "timings"]


def test_stop_after_style_prints_each_property_with_its_source(explain):
    html = "<style>p { color: green }</style><p>x"
    status, data, out, _err = explain("data:text/html," + urllib.parse.quote(html), "--stop-after", "style")
    assert status == 0
    assert "sheet UA stylesheet (ua):" in out
    assert "html[1]/body[1]/p[1]\n" in out
    assert "  color: rgb(0, 128, 0)  <- <style> #1:1 p (0, 0, 1) author" in out
    assert data["boxes"]["skipped"].startswith("not run")
