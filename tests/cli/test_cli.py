"""The command line as a user runs it: exit codes, one-line errors, atomic output."""
import http.server
import os
import subprocess
import sys
import threading

import pytest

from tests.conftest import PAGES, ROOT


def run(*args, cwd=None):
    env = dict(os.environ, MINIBROWSER_FONTS="bundled")
    return subprocess.run([sys.executable, "-m", "minibrowser", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=env, timeout=120)


def test_renders_bundled_page_to_png(tmp_path):
    out = tmp_path / "index.png"
    result = run(str(PAGES / "index.html"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    from PIL import Image
    image = Image.open(out)
    assert image.size == (800, 600)
    assert len(image.convert("RGB").getcolors(maxcolors=1 << 20)) > 20   # text and colours, not blank
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".minibrowser-")]


@pytest.mark.parametrize("url, code, words", [
    ("http://", 3, "host"),
    ("ftp://example.com/", 1, "scheme"),
    ("http://127.0.0.1:9/", 7, "connect"),
    ("does-not-exist.html", 37, "no such file"),
    ("http://no-such-host.invalid/", 6, "resolve"),
])
def test_errors_are_one_line_with_exit_codes(url, code, words):
    result = run(url, "-o", os.devnull)
    assert result.returncode == code, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert words in result.stderr.lower()
    assert "Traceback" not in result.stderr


def test_http_page_renders_the_same_as_the_file(tmp_path):
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(PAGES), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        a, b = tmp_path / "http.png", tmp_path / "file.png"
        assert run(f"http://127.0.0.1:{port}/styles.html", "-o", str(a)).returncode == 0
        assert run(str(PAGES / "styles.html"), "-o", str(b)).returncode == 0
        from PIL import Image, ImageChops
        assert ImageChops.difference(Image.open(a).convert("RGB"), Image.open(b).convert("RGB")).getbbox() is None
    finally:
        server.shutdown()


def test_http_error_status_still_renders(tmp_path):
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        out = tmp_path / "404.png"
        result = run(f"http://127.0.0.1:{server.server_address[1]}/missing", "-o", str(out))
        assert result.returncode == 0
        assert "404" in result.stderr
        assert out.exists()
    finally:
        server.shutdown()


def test_gbk_page_decodes_and_text_mode_fits_80_columns():
    result = run(str(PAGES / "zh-gbk.html"), "--text")
    assert result.returncode == 0, result.stderr
    assert "编码" in result.stdout
    result = run(str(PAGES / "zh-page-load.html"), "--text")
    from minibrowser.raster.grid import text_cells
    assert "三次握手" in result.stdout
    chinese_lines = [line for line in result.stdout.splitlines() if any(ord(ch) > 0x2e80 for ch in line)]
    assert len(chinese_lines) > 50
    assert max(text_cells(line) for line in chinese_lines) <= 80


def test_dumps_print_each_stage():
    for stage, needle in [("dom", "<body"), ("style", "color:"), ("boxes", "block"), ("layout", "line"),
                          ("layout-json", '"path"'), ("display-list", "DrawText")]:
        result = run(str(PAGES / "lists.html"), "--dump", stage)
        assert result.returncode == 0, (stage, result.stderr)
        assert needle in result.stdout, stage
