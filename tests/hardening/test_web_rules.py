"""The rules a browser keeps for web pages, each checked against real servers on 127.0.0.1.

- a page fetched over http(s) cannot load file: subresources, nor be redirected to file:;
  data: is allowed;
- TLS verification is never silently disabled;
- credentials and cookies never cross origins on a redirect;
- output goes only to the path the user gave, atomically;
- text from a page never reaches the terminal as escape sequences.
"""
from __future__ import annotations

import base64
import io
import os
import re

import pytest
from PIL import Image

from minibrowser.net import FetchOptions
from minibrowser.pipeline import LoadOptions, load
from minibrowser.url import parse

HTML = {"Content-Type": "text/html; charset=utf-8"}
CSS = {"Content-Type": "text/css"}
PNG = {"Content-Type": "image/png"}
# what a terminal would obey: ESC, CSI as one C1 byte, BEL, backspace, DEL, other C0/C1 controls
TERMINAL_CONTROLS = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]")


def png(color=(255, 0, 0), size=(20, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def secret(tmp_path):
    """A local file a web page must never read: a red stylesheet, a red image, a font."""
    (tmp_path / "secret.css").write_text("p { color: rgb(255, 0, 0) } body { background: rgb(255, 0, 0) }")
    (tmp_path / "secret.png").write_bytes(png())
    return tmp_path


def _load(url: str, **fetch):
    page = load(parse(url), LoadOptions(width=200, height=100, fetch=FetchOptions(**fetch)))
    page.fetcher.close()
    return page


def _body_background(page):
    return page.styled.styles[page.document.root.find("body")].background_color


# ---------------------------------------------------------------------------
# file: from web pages

def test_http_page_cannot_load_file_stylesheets_images_imports_or_fonts(serve, secret):
    file_base = f"file://{secret}"
    page_html = (f"<link rel=stylesheet href='{file_base}/secret.css'>"
                 f"<style>@import '{file_base}/secret.css'; @font-face {{ font-family: X; "
                 f"src: url({file_base}/secret.ttf) }} p {{ font-family: X }}</style>"
                 f"<img src='{file_base}/secret.png'><p>hello</p>").encode()
    server = serve({"/": (200, HTML, page_html)})
    page = _load(server.url("/"))
    assert not page.images
    assert not any(r.url.scheme == "file" for r in page.subresources)
    blocked = [m for m in page.subresource_errors if "may not load file:" in m]
    kinds = [m.split(" ", 1)[0] for m in blocked]      # an @import is reported as the stylesheet it names
    assert sorted(set(kinds)) == ["font", "image", "stylesheet"] and kinds.count("stylesheet") == 2, blocked
    assert _body_background(page).a == 0                        # the red sheet never applied


def test_base_href_or_a_data_sheet_cannot_turn_an_http_page_into_a_file_page(serve, secret):
    """The rule is about the document, not about the URL a subresource was resolved against."""
    data_sheet = "data:text/css," + f"@import 'file://{secret}/secret.css';"
    page_html = (f"<base href='file://{secret}/'><link rel=stylesheet href='secret.css'>"
                 f"<link rel=stylesheet href=\"{data_sheet}\"><img src='secret.png'><p>x</p>").encode()
    server = serve({"/": (200, HTML, page_html)})
    page = _load(server.url("/"))
    assert not page.images
    assert _body_background(page).a == 0
    assert sum("may not load file:" in m for m in page.subresource_errors) >= 3, page.subresource_errors


def test_file_page_may_load_file_subresources(secret):
    """The control: the same subresources from a file: page do load (the test above can fail)."""
    (secret / "page.html").write_text("<link rel=stylesheet href='secret.css'><img src='secret.png'><p>x</p>")
    page = _load(f"file://{secret}/page.html")
    assert page.images and _body_background(page).r == 255


def test_data_urls_are_allowed_from_http_pages(serve):
    red = base64.b64encode(png()).decode()
    page_html = (f"<link rel=stylesheet href='data:text/css,body{{background:rgb(0,0,255)}}'>"
                 f"<img src='data:image/png;base64,{red}'>").encode()
    server = serve({"/": (200, HTML, page_html)})
    page = _load(server.url("/"))
    assert len(page.images) == 1
    assert _body_background(page).b == 255


def test_redirect_to_file_is_refused_for_pages_and_subresources(serve, secret, cli):
    target = f"file://{secret}/secret.css"
    server = serve({"/page": (302, {"Location": target}, b""),
                    "/sheet": (302, {"Location": target}, b""),
                    "/": (200, HTML, b"<link rel=stylesheet href='/sheet'><p>x</p>")})
    run = cli(server.url("/page"), "--text")
    assert run.status == 1 and b"refused" in run.stderr and b"secret" not in run.stdout
    page = _load(server.url("/"))
    assert _body_background(page).a == 0
    assert any("refused" in m for m in page.subresource_errors)


# ---------------------------------------------------------------------------
# TLS

def test_tls_verification_fails_closed_and_insecure_says_so(serve, certs, cli, tmp_path):
    server = serve({"/": (200, HTML, b"<p>over tls</p>")}, tls=certs.self_signed)
    out = tmp_path / "shot.png"
    run = cli(server.url("/"), "-o", str(out))
    assert run.status == 60 and not out.exists()
    assert b"certificate" in run.stderr
    run = cli(server.url("/"), "-k", "--text")
    assert run.status == 0 and b"over tls" in run.stdout
    assert b"warning: --insecure: TLS certificates are not verified" in run.stderr


def test_https_page_subresources_are_verified_too(serve, certs):
    """A trusted page cannot pull a stylesheet from a server with a bad certificate."""
    bad = serve({"/red.css": (200, CSS, b"body { background: rgb(255, 0, 0) }")}, tls=certs.self_signed)
    good = serve({"/": (200, HTML, f"<link rel=stylesheet href='{bad.url('/red.css')}'>".encode())},
                 tls=certs.good)
    page = _load(good.url("/"), cacert=certs.ca_path)
    assert _body_background(page).a == 0
    assert any("certificate" in m for m in page.subresource_errors), page.subresource_errors


def test_environment_cannot_turn_verification_off(serve, certs, cli, monkeypatch):
    """Python's own escape hatches for verification are not honoured silently."""
    monkeypatch.setenv("PYTHONHTTPSVERIFY", "0")
    monkeypatch.setenv("CURL_CA_BUNDLE", "")
    monkeypatch.setenv("SSL_CERT_FILE", "/dev/null")
    server = serve({"/": (200, HTML, b"<p>x</p>")}, tls=certs.self_signed)
    assert cli(server.url("/"), "--text").status == 60


# ---------------------------------------------------------------------------
# credentials and cookies on redirects

def test_credentials_and_cookies_do_not_follow_a_cross_origin_redirect(serve, cli):
    other = serve({"/landing": (200, HTML, b"<p>landed</p>")})
    first = serve({
        "/same": (302, {"Location": "/landing", "Set-Cookie": "session=s3cret; Path=/"}, b""),
        "/landing": (200, HTML, b"<p>same origin</p>"),
        "/cross": (302, {"Location": other.url("/landing", host="localhost"),
                         "Set-Cookie": "session=s3cret; Path=/"}, b""),
    })
    argv = ["-H", "Authorization: Bearer t0ken", "-H", "Cookie: pref=1"]
    assert cli("fetch", *argv, first.url("/same")).status == 0
    landing = first.requests[-1][1]
    assert landing["authorization"] == "Bearer t0ken" and "pref=1" in landing["cookie"]   # the control
    assert cli("fetch", *argv, first.url("/cross")).status == 0
    crossed = other.requests[-1][1]
    assert "authorization" not in crossed and "cookie" not in crossed, crossed


def test_userinfo_credentials_stay_with_their_origin(serve, cli):
    other = serve({"/": (200, HTML, b"<p>other</p>")})
    first = serve({"/": (302, {"Location": other.url("/", host="localhost")}, b"")})
    assert cli("fetch", first.url("/").replace("://", "://user:pw@")).status == 0
    assert first.requests[0][1]["authorization"] == "Basic " + base64.b64encode(b"user:pw").decode()
    assert "authorization" not in other.requests[0][1]


# ---------------------------------------------------------------------------
# output

def test_png_is_written_only_to_the_given_path_atomically(serve, cli, tmp_path):
    server = serve({"/": (200, HTML, b"<p>x</p>"), "/big": (200, HTML, b"<p>big</p>" * 1000)})
    work = tmp_path / "out"
    work.mkdir()
    (work / "keep.png").write_bytes(b"previous")
    run = cli(server.url("/"), "-o", str(work / "shot.png"), cwd=tmp_path)
    assert run.status == 0
    assert sorted(os.listdir(work)) == ["keep.png", "shot.png"] and os.listdir(tmp_path) == ["out"]
    assert (work / "shot.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # a failed load leaves the old file as it was, and no temporary file behind
    run = cli(server.url("/big"), "--max-response-size", "1000", "-o", str(work / "keep.png"))
    assert run.status == 63
    assert (work / "keep.png").read_bytes() == b"previous"
    assert sorted(os.listdir(work)) == ["keep.png", "shot.png"]


def test_output_through_a_symlink_replaces_the_link_not_its_target(serve, cli, tmp_path):
    server = serve({"/": (200, HTML, b"<p>x</p>")})
    victim = tmp_path / "victim.txt"
    victim.write_text("do not touch")
    link = tmp_path / "shot.png"
    link.symlink_to(victim)
    assert cli(server.url("/"), "-o", str(link)).status == 0
    assert victim.read_text() == "do not touch"
    assert not link.is_symlink() and link.read_bytes()[:4] == b"\x89PNG"


def test_unwritable_output_is_exit_23_and_leaves_nothing(cli, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        run = cli("data:text/html,<p>x", "-o", str(locked / "shot.png"))
        assert (run.status == 23 and os.listdir(locked) == []) or os.geteuid() == 0
        run = cli("data:text/html,<p>x", "-o", str(tmp_path / "missing" / "shot.png"))
        assert run.status == 23 and b"cannot write" in run.stderr
    finally:
        locked.chmod(0o700)


def test_fetch_output_is_atomic_and_only_on_success(serve, cli, tmp_path):
    server = serve({"/ok": (200, HTML, b"fresh"), "/gone": (404, HTML, b"error page")})
    target = tmp_path / "body.html"
    target.write_bytes(b"old")
    assert cli("fetch", "--fail", "-o", str(target), server.url("/gone")).status == 22
    assert target.read_bytes() == b"old"
    assert cli("fetch", "-o", str(target), server.url("/ok")).status == 0
    assert target.read_bytes() == b"fresh" and os.listdir(tmp_path) == ["body.html"]


# ---------------------------------------------------------------------------
# the terminal

EVIL = "\x1b[2J\x1b]0;owned\x07\x9b31m\x1bP+q\x1b\\\x08\x7f\x0e"


def _no_controls(data: bytes, allow_sgr: bool = False) -> None:
    if allow_sgr:
        data = re.sub(rb"\x1b\[[0-9;]*m", b"", data)   # our own colours, nothing else
    found = TERMINAL_CONTROLS.findall(data.replace(b"\n", b"").replace(b"\t", b""))
    assert not found, data[:400]


def _evil_site(serve):
    page = (f"<title>{EVIL}</title><p>{EVIL}</p><pre>{EVIL}</pre><a href='/{EVIL}'>link {EVIL}</a>"
            f"<img src='/{EVIL}.png' alt='{EVIL}'><link rel=stylesheet href='/{EVIL}.css'>"
            f"<ul><li>{EVIL}</li></ul><table><tr><td>{EVIL}</td></tr></table>").encode("utf-8")
    return serve({"/": (200, HTML, page),
                  "/error": lambda h: (404, {"Content-Type": "text/html"}, f"<p>{EVIL}</p>".encode()),
                  "/loop": (302, {"Location": f"/loop?{EVIL}"}, b""),
                  "/header": (200, {"Content-Type": "text/plain", "X-Evil": "a\x1b[31mb\x07"}, b"ok")})


def test_page_text_never_reaches_the_terminal_as_escapes(serve, cli):
    server = _evil_site(serve)
    run = cli(server.url("/"), "--text", "--color", "never")
    assert run.status == 0 and b"link" in run.stdout
    _no_controls(run.stdout)
    _no_controls(run.stderr)                                      # the subresource warnings
    assert b"warning" in run.stderr
    run = cli(server.url("/"), "--text", "--color", "always")
    assert b"\x1b[" in run.stdout                                 # colours are on ...
    _no_controls(run.stdout, allow_sgr=True)                      # ... and they are the only escapes


@pytest.mark.parametrize("stage", ["dom", "style", "boxes", "layout", "layout-json", "display-list"])
def test_dumps_never_carry_escapes(serve, cli, stage):
    server = _evil_site(serve)
    run = cli(server.url("/"), "--dump", stage)
    assert run.status == 0 and run.stdout
    _no_controls(run.stdout)


def test_errors_warnings_and_verbose_output_never_carry_escapes(serve, cli):
    server = _evil_site(serve)
    for argv in ([server.url("/error"), "--text"], [server.url("/loop"), "--text"],
                 ["fetch", "-v", server.url("/header")], ["fetch", "-v", "-i", server.url("/error")],
                 [f"http://127.0.0.1:{server.port}/{EVIL}", "--text"], [f"ftp://{EVIL}/"]):
        run = cli(*argv)
        assert run.stderr, argv
        _no_controls(run.stderr)
