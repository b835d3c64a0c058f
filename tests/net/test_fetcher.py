"""The fetcher against real servers on 127.0.0.1: the contract the browser codes against."""
from __future__ import annotations

import gzip
import time

import pytest

from minibrowser.errors import FileReadError, TooManyRedirects, URLError, UnsupportedScheme
from minibrowser.net import BlockedRequest
from minibrowser.url import parse

from .conftest import canned


def test_get_sends_the_foundation_headers_on_the_wire(raw_server, fetcher):
    server = raw_server(canned(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"))
    response = fetcher.fetch(server.url("/a/b?q=1#frag"))
    assert response.status == 200 and response.body == b"hi"
    request = server.received[0]
    lines = request.split(b"\r\n")
    assert lines[0] == b"GET /a/b?q=1 HTTP/1.1"
    assert lines[1] == f"Host: 127.0.0.1:{server.port}".encode()
    assert b"User-Agent: minibrowser/0.1" in lines
    assert b"Accept-Encoding: gzip, deflate, br" in lines
    assert b"Connection: keep-alive" in lines
    assert any(line.startswith(b"Accept: ") for line in lines)
    assert request.endswith(b"\r\n\r\n")
    assert response.request_bytes == request


@pytest.mark.parametrize("wire, body", [
    (b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", b"hello"),
    (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhel\r\n2\r\nlo\r\n0\r\n\r\n", b"hello"),
    (b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nhello", b"hello"),
])
def test_three_framings(raw_server, fetcher, wire, body):
    server = raw_server(canned(wire))
    assert fetcher.fetch(server.url()).body == body


def test_gzip_body_is_decoded_and_sizes_recorded(http_server, fetcher):
    payload = b"<p>" + b"squeeze " * 1000 + b"</p>"
    packed = gzip.compress(payload)
    http_server.routes["/z"] = (200, {"Content-Encoding": "gzip", "Content-Type": "text/html"}, packed)
    response = fetcher.fetch(http_server.url("/z"))
    assert response.body == payload
    assert response.encoded_size == len(packed)
    assert response.headers.get("content-encoding") == "gzip"


def test_http_error_status_is_returned_not_raised(http_server, fetcher):
    response = fetcher.fetch(http_server.url("/missing"))
    assert response.status == 404 and response.body == b"not found" and not response.ok


def test_page_and_subresources_from_one_origin_use_one_connection(http_server, fetcher):
    for path in ("/", "/style.css", "/a.png", "/b.png"):
        http_server.routes[path] = (200, {"Content-Type": "text/plain"}, path.encode() * 100)
    responses = [fetcher.fetch(http_server.url(p)) for p in ("/", "/style.css", "/a.png", "/b.png")]
    assert [r.body for r in responses] == [p.encode() * 100 for p in ("/", "/style.css", "/a.png", "/b.png")]
    assert http_server.connections == 1
    assert [r.connection.reused for r in responses] == [False, True, True, True]
    assert len({r.connection.id for r in responses}) == 1
    assert responses[1].timing.dns == 0 and responses[1].timing.connect == 0


def test_fetch_all_is_concurrent_keeps_order_and_caps_connections(http_server, fetcher):
    def slow(handler):
        time.sleep(0.3)
        handler.reply(200, {}, handler.path.encode())
    for i in range(8):
        http_server.routes[f"/r{i}"] = slow
    urls = [parse(http_server.url(f"/r{i}")) for i in range(8)] + [parse("data:,x")]
    start = time.monotonic()
    results = fetcher.fetch_all(urls)
    elapsed = time.monotonic() - start
    assert [r.body for r in results] == [f"/r{i}".encode() for i in range(8)] + [b"x"]
    assert elapsed < 1.5          # sequentially it would take 2.4 s
    assert http_server.connections <= 6


def test_fetch_all_returns_errors_in_place(http_server, fetcher, closed_port):
    http_server.routes["/ok"] = (200, {}, b"ok")
    results = fetcher.fetch_all([parse(http_server.url("/ok")), parse(f"http://127.0.0.1:{closed_port}/")])
    assert results[0].body == b"ok"
    assert isinstance(results[1], Exception) and results[1].exit_code == 7


def test_redirects_relative_location_and_history(http_server, fetcher):
    http_server.routes["/old"] = (301, {"Location": "new"}, b"")
    http_server.routes["/new"] = (302, {"Location": "/final"}, b"")
    http_server.routes["/final"] = (200, {}, b"done")
    response = fetcher.fetch(http_server.url("/old"))
    assert response.body == b"done" and str(response.url).endswith("/final")
    assert [r.status for r in response.history] == [301, 302]
    assert http_server.connections == 1


def test_303_becomes_get_without_body_and_307_keeps_post(http_server, fetcher):
    http_server.routes["/see-other"] = (303, {"Location": "/landing"}, b"")
    http_server.routes["/temporary"] = (307, {"Location": "/landing"}, b"")
    http_server.routes["/landing"] = lambda h: h.reply(200, {}, f"{h.command} {h.body!r}".encode())
    assert fetcher.fetch(http_server.url("/see-other"), method="POST", body=b"x=1").body == b"GET b''"
    assert fetcher.fetch(http_server.url("/temporary"), method="POST", body=b"x=1").body == b"POST b'x=1'"


def test_redirect_loop_stops_at_the_limit_with_the_chain(http_server, fetcher):
    http_server.routes["/a"] = (302, {"Location": "/b"}, b"")
    http_server.routes["/b"] = (302, {"Location": "/a"}, b"")
    with pytest.raises(TooManyRedirects) as info:
        fetcher.fetch(http_server.url("/a"))
    message = info.value.one_line()
    assert "loop" in message and "/a -> " in message and "/b" in message
    assert len(http_server.state.requests) == 21          # the first request and 20 redirects
    assert info.value.exit_code == 47


def test_redirect_limit_is_configurable(http_server, fetcher_factory):
    for i in range(5):
        http_server.routes[f"/{i}"] = (302, {"Location": f"/{i + 1}"}, b"")
    http_server.routes["/5"] = (200, {}, b"end")
    assert fetcher_factory(max_redirects=5).fetch(http_server.url("/0")).body == b"end"
    with pytest.raises(TooManyRedirects):
        fetcher_factory(max_redirects=4).fetch(http_server.url("/0"))


def test_redirect_to_file_is_refused(http_server, fetcher):
    http_server.routes["/evil"] = (302, {"Location": "file:///etc/passwd"}, b"")
    with pytest.raises(BlockedRequest, match="file"):
        fetcher.fetch(http_server.url("/evil"))


def test_credentials_and_cookie_header_do_not_cross_origins(http_server, fetcher_factory):
    fetcher = fetcher_factory()
    http_server.routes["/go"] = lambda h: h.reply(302, {"Location": f"http://localhost:{http_server.port}/land"}, b"")
    http_server.routes["/land"] = (200, {}, b"landed")
    fetcher.resolver.overrides[("localhost", http_server.port)] = "127.0.0.1"
    response = fetcher.fetch(http_server.url("/go"), headers={"Authorization": "Bearer s3cret",
                                                               "Cookie": "session=1"})
    assert response.body == b"landed"
    first, second = http_server.state.requests
    assert first[2].get("Authorization") == "Bearer s3cret" and first[2].get("Cookie") == "session=1"
    assert "Authorization" not in second[2] and "Cookie" not in second[2]


def test_file_data_and_about(tmp_path, fetcher):
    page = tmp_path / "p.html"
    page.write_bytes(b"<h1>file</h1>")
    response = fetcher.fetch(parse(page.as_uri()))
    assert response.body == b"<h1>file</h1>" and response.content_type()[0] == "text/html"
    with pytest.raises(FileReadError, match="directory"):
        fetcher.fetch(parse(tmp_path.as_uri()))
    with pytest.raises(FileReadError, match="no such file"):
        fetcher.fetch(parse((tmp_path / "nope.html").as_uri()))
    blank = fetcher.fetch("about:blank")
    assert blank.body == b"" and blank.content_type()[0] == "text/html"
    with pytest.raises(UnsupportedScheme):
        fetcher.fetch("about:config")


@pytest.mark.parametrize("url, mime, params, body", [
    ("data:,Hello%2C%20World", "text/plain", {"charset": "US-ASCII"}, b"Hello, World"),
    ("data:text/html;charset=gbk;base64,xOO6ww==", "text/html", {"charset": "gbk"}, "你好".encode("gbk")),
    ("data:;charset=utf-8,%E4%BD%A0", "text/plain", {"charset": "utf-8"}, "你".encode()),
    ("data:image/png;base64,iVBO Rw0K", "image/png", {}, b"\x89PNG\r\n"),
    ("data:text/plain;base64,aGk", "text/plain", {}, b"hi"),
])
def test_data_urls(fetcher, url, mime, params, body):
    response = fetcher.fetch(url)
    assert response.content_type() == (mime, params)
    assert response.body == body


@pytest.mark.parametrize("url", ["data:text/plain", "data:;base64,a", "data:;base64,a$b="])
def test_bad_data_urls(fetcher, url):
    with pytest.raises(URLError):
        fetcher.fetch(url)


def test_http_page_may_not_load_file_subresources(tmp_path, fetcher):
    sheet = tmp_path / "s.css"
    sheet.write_text("p{}")
    page = parse("http://127.0.0.1:1/index.html")
    with pytest.raises(BlockedRequest, match="may not load file"):
        fetcher.fetch(parse(sheet.as_uri()), initiator=page)
    results = fetcher.fetch_all([parse(sheet.as_uri()), parse("data:,ok")], initiator=page)
    assert isinstance(results[0], BlockedRequest) and results[1].body == b"ok"
    assert fetcher.fetch(parse(sheet.as_uri()), initiator=parse(tmp_path.as_uri() + "/x.html")).body == b"p{}"


def test_timings_connection_facts_and_events(http_server, fetcher):
    def slow(handler):
        time.sleep(0.1)
        handler.reply(200, {}, b"x" * 1000)
    http_server.routes["/t"] = slow
    response = fetcher.fetch(http_server.url("/t"))
    timing = response.timing
    assert timing.wait >= 0.09 and timing.connect > 0
    marks = timing.cumulative()
    assert marks["namelookup"] <= marks["connect"] <= marks["pretransfer"] <= marks["starttransfer"] <= marks["total"]
    assert response.connection.peer == ("127.0.0.1", http_server.port)
    assert response.connection.local[0] == "127.0.0.1"
    fetcher.close()
    kinds = [e["kind"] for e in fetcher.events]
    assert kinds[:3] == ["resolve", "connect", "request"] and "response" in kinds
    assert fetcher.events[-1] == {**fetcher.events[-1], "kind": "close", "reason": "fetcher closed"}


def test_max_time_bounds_the_whole_fetch(http_server, fetcher_factory):
    def stall(handler):
        time.sleep(1.5)
        handler.reply(200, {}, b"late")
    http_server.routes["/stall"] = stall
    fetcher = fetcher_factory(max_time=0.3, read_timeout=5)
    start = time.monotonic()
    with pytest.raises(Exception) as info:
        fetcher.fetch(http_server.url("/stall"))
    assert info.value.exit_code == 28 and "--max-time" in str(info.value)
    assert time.monotonic() - start < 1.0


def test_verbose_lines(http_server, fetcher_factory):
    lines: list[str] = []
    http_server.routes["/v"] = (200, {"X-Evil": "\x9b31mred"}, b"v")   # obs-text: a C1 CSI in latin-1
    fetcher = fetcher_factory(verbose=lines.append)
    fetcher.fetch(http_server.url("/v"))
    fetcher.fetch(http_server.url("/v"))
    assert f"> GET /v HTTP/1.1" in lines and "< HTTP/1.1 200 OK" in lines
    assert any(line.startswith("* Connected to 127.0.0.1") for line in lines)
    assert any("Re-using existing connection" in line for line in lines)
    assert "< X-Evil: ?31mred" in lines
    assert not any("\x9b" in line or "\x1b" in line for line in lines)
