"""Servers that misbehave on purpose (issue 3, items 1-20; TLS items 18 are in test_tls.py).

Each test starts a real socket server on 127.0.0.1 that runs a script per
connection, and checks what the fetcher does with it."""
from __future__ import annotations

import gzip
import socket
import time
import tracemalloc
import zlib

import pytest

from minibrowser.errors import (BudgetExceeded, ConnectError, ContentError, ProtocolError,
                                TimeoutError_, TooManyRedirects)

from .conftest import canned, recv_head, recv_request

OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"


def serve_requests(*responses: bytes, then=None):
    """A script answering successive requests on one connection, then calling `then(conn)`."""
    def script(conn, index, server):
        for response in responses:
            server.received.append(recv_request(conn))
            conn.sendall(response)
        if then is not None:
            then(conn, server)
    return script


def per_connection(*scripts):
    def script(conn, index, server):
        scripts[min(index, len(scripts) - 1)](conn, index, server)
    return script


def close_events(fetcher):
    return [e for e in fetcher.events if e["kind"] == "close"]


# 1
def test_idle_connection_closed_by_server_is_detected_at_checkout(raw_server, fetcher):
    server = raw_server(serve_requests(OK))            # answers once, then closes
    assert fetcher.fetch(server.url("/1")).body == b"ok"
    time.sleep(0.1)
    second = fetcher.fetch(server.url("/2"))
    assert second.body == b"ok" and not second.connection.reused
    assert server.accepted == 2
    assert any("stale at checkout: server closed the idle connection" in e["reason"] for e in close_events(fetcher))
    assert not [e for e in fetcher.events if e["kind"] == "retry"]


# 2
def _read_then_hang_up(conn, server):
    server.received.append(recv_request(conn))   # take the second request, answer nothing


def test_reused_connection_returning_nothing_is_retried_once_for_get(raw_server, fetcher):
    server = raw_server(per_connection(serve_requests(OK, then=_read_then_hang_up), serve_requests(OK)))
    fetcher.fetch(server.url("/1"))
    response = fetcher.fetch(server.url("/2"))
    assert response.body == b"ok" and server.accepted == 2
    retries = [e for e in fetcher.events if e["kind"] == "retry"]
    assert len(retries) == 1 and retries[0]["method"] == "GET"
    assert [r.split(b"\r\n")[0] for r in server.received] == [b"GET /1 HTTP/1.1", b"GET /2 HTTP/1.1",
                                                              b"GET /2 HTTP/1.1"]


def test_post_is_never_retried(raw_server, fetcher):
    server = raw_server(per_connection(serve_requests(OK, then=_read_then_hang_up), serve_requests(OK)))
    fetcher.fetch(server.url("/1"))
    with pytest.raises(ProtocolError, match="without sending a response"):
        fetcher.fetch(server.url("/form"), method="POST", body=b"pay=1")
    assert server.accepted == 1
    assert sum(1 for r in server.received if r.startswith(b"POST")) == 1


def test_fresh_connection_returning_nothing_is_not_retried(raw_server, fetcher):
    server = raw_server(lambda conn, index, state: _read_then_hang_up(conn, state))
    with pytest.raises(ProtocolError):
        fetcher.fetch(server.url("/"))
    assert server.accepted == 1


# 3
def test_connection_refused(fetcher, closed_port):
    with pytest.raises(ConnectError, match="refused") as info:
        fetcher.fetch(f"http://127.0.0.1:{closed_port}/")
    assert info.value.exit_code == 7


# 4
def test_silent_server_read_timeout(raw_server, fetcher_factory):
    server = raw_server(lambda conn, i, s: (recv_request(conn), time.sleep(2)))
    fetcher = fetcher_factory(read_timeout=0.3)
    start = time.monotonic()
    with pytest.raises(TimeoutError_, match="timed out after 0.3 s") as info:
        fetcher.fetch(server.url("/"))
    assert 0.25 < time.monotonic() - start < 1.5 and info.value.exit_code == 28


def test_stalled_body_read_timeout_and_post_not_retried(raw_server, fetcher_factory):
    def stall(conn, index, server):
        server.received.append(recv_request(conn))
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
        time.sleep(2)
    server = raw_server(stall)
    fetcher = fetcher_factory(read_timeout=0.3)
    with pytest.raises(TimeoutError_):
        fetcher.fetch(server.url("/"), method="POST", body=b"x")
    time.sleep(0.1)
    assert server.accepted == 1 and len(server.received) == 1


# 5
@pytest.mark.parametrize("wire, message", [
    (b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", "after 3 of 10 body bytes (7 missing)"),
    (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\nabcd", "got 4 of 10 bytes (6 missing)"),
])
def test_eof_before_the_end_of_the_body(raw_server, fetcher, wire, message):
    server = raw_server(canned(wire))
    with pytest.raises(ProtocolError) as info:
        fetcher.fetch(server.url())
    assert message in str(info.value)


CHUNKED = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"


# 6
@pytest.mark.parametrize("size", [b"ZZZ", b"0x5", b"+5", b"12345678901234567"])
def test_bad_chunk_size_rejected(raw_server, fetcher, size):
    server = raw_server(canned(CHUNKED + size + b"\r\nhello\r\n0\r\n\r\n"))
    with pytest.raises(ProtocolError, match="chunk size"):
        fetcher.fetch(server.url())


# 7
def test_chunk_without_crlf_rejected(raw_server, fetcher):
    server = raw_server(canned(CHUNKED + b"5\r\nhelloXX0\r\n\r\n"))
    with pytest.raises(ProtocolError, match="not followed by CRLF"):
        fetcher.fetch(server.url())


# 8
def test_chunk_extensions_and_trailers_discarded(raw_server, fetcher):
    server = raw_server(serve_requests(CHUNKED + b"5;ext=1\r\nhello\r\n0\r\nX-Checksum: abc\r\n\r\n", OK))
    response = fetcher.fetch(server.url())
    assert response.body == b"hello" and "X-Checksum" not in response.headers
    assert fetcher.fetch(server.url()).connection.reused


# 9
@pytest.mark.parametrize("fields", [b"Content-Length: 5\r\nContent-Length: 10\r\n", b"Content-Length: 5, 10\r\n",
                                    b"Content-Length: +5\r\n", b"Content-Length: " + b"9" * 21 + b"\r\n"])
def test_bad_content_length_rejected(raw_server, fetcher, fields):
    server = raw_server(canned(b"HTTP/1.1 200 OK\r\n" + fields + b"\r\nhelloworld"))
    with pytest.raises(ProtocolError, match="Content-Length"):
        fetcher.fetch(server.url())


def test_repeated_equal_content_length_accepted(raw_server, fetcher):
    server = raw_server(canned(b"HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n\r\nhello"))
    assert fetcher.fetch(server.url()).body == b"hello"


# 10
def test_te_and_cl_framed_by_chunked_then_closed(raw_server, fetcher):
    wire = b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
    server = raw_server(serve_requests(wire, wire))
    assert fetcher.fetch(server.url()).body == b"hello"
    second = fetcher.fetch(server.url())
    assert second.body == b"hello" and not second.connection.reused and server.accepted == 2
    assert any("both Transfer-Encoding and Content-Length" in e["reason"] for e in close_events(fetcher))


def test_chunked_not_last_rejected(raw_server, fetcher):
    server = raw_server(canned(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\nabc"))
    with pytest.raises(ProtocolError, match="does not end in chunked"):
        fetcher.fetch(server.url())


# 11
@pytest.mark.parametrize("line", [b"HTTP/1.1 Omg", b"HTTP/1000 200 OK", b"\x16\x03\x01\x00\xa5\x01\x00\x00",
                                  b"\x89PNG\r\n\x1a\n"])
def test_malformed_status_line(raw_server, fetcher, line):
    server = raw_server(canned(line + b"\r\nContent-Length: 0\r\n\r\n"))
    with pytest.raises(ProtocolError) as info:
        fetcher.fetch(server.url())
    assert info.value.exit_code == 8


def test_missing_reason_phrase_accepted(raw_server, fetcher):
    server = raw_server(canned(b"HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok"))
    response = fetcher.fetch(server.url())
    assert (response.status, response.reason, response.body) == (200, "", b"ok")


# 12
@pytest.mark.parametrize("field", [b"NoColon", b"X-Space : v", b"X-Nul: a\x00b", b"X-CR: a\rb"])
def test_bad_header_lines_rejected(raw_server, fetcher, field):
    server = raw_server(canned(b"HTTP/1.1 200 OK\r\n" + field + b"\r\nContent-Length: 0\r\n\r\n"))
    with pytest.raises(ProtocolError):
        fetcher.fetch(server.url())


def test_obs_fold_and_bare_lf(raw_server, fetcher):
    server = raw_server(canned(b"HTTP/1.1 200 OK\nX-Folded: a\n  b\nContent-Length: 2\n\nok"))
    response = fetcher.fetch(server.url())
    assert response.headers.get("X-Folded") == "a b" and response.body == b"ok"


# 13
def _endless_headers(conn, index, server):
    recv_request(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\n")
    try:
        for i in range(100000):
            conn.sendall(b"X-Flood-%d: %s\r\n" % (i, b"x" * 500))
    except OSError:
        pass


def test_endless_header_block_is_a_bounded_error(raw_server, fetcher):
    server = raw_server(_endless_headers)
    tracemalloc.start()
    try:
        with pytest.raises(ProtocolError, match="64 KiB"):
            fetcher.fetch(server.url())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2 * 1024 * 1024


def test_too_many_headers(raw_server, fetcher):
    fields = b"".join(b"X-%d: v\r\n" % i for i in range(150))
    server = raw_server(canned(b"HTTP/1.1 200 OK\r\n" + fields + b"Content-Length: 0\r\n\r\n"))
    with pytest.raises(ProtocolError, match="more than 100"):
        fetcher.fetch(server.url())


# 14
@pytest.mark.parametrize("method, status", [("HEAD", 200), ("GET", 204), ("GET", 304)])
def test_bodyless_responses_that_declare_a_body(raw_server, fetcher, method, status):
    lie = b"HTTP/1.1 %d X\r\nContent-Length: 1000\r\n\r\n" % status
    server = raw_server(serve_requests(lie, OK))
    start = time.monotonic()
    response = fetcher.fetch(server.url(), method=method)
    assert response.status == status and response.body == b""
    assert time.monotonic() - start < 0.5                  # no waiting for 1000 bytes that never come
    assert fetcher.fetch(server.url()).connection.reused


def test_interim_response_declaring_a_body(raw_server, fetcher):
    server = raw_server(canned(b"HTTP/1.1 100 Continue\r\nContent-Length: 5\r\n\r\n"
                               b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"))
    response = fetcher.fetch(server.url())
    assert response.status == 200 and response.body == b"ok"


# 15
def test_bytes_after_the_body_close_the_connection(raw_server, fetcher):
    smuggled = b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nforged"
    server = raw_server(per_connection(serve_requests(OK + smuggled, then=lambda c, s: time.sleep(0.3)),
                                       serve_requests(b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nreal")))
    assert fetcher.fetch(server.url("/1")).body == b"ok"
    second = fetcher.fetch(server.url("/2"))
    assert second.body == b"real" and server.accepted == 2
    assert any("unexpected bytes after the response" in e["reason"] for e in close_events(fetcher))


def test_bytes_arriving_late_on_an_idle_connection(raw_server, fetcher):
    def late(conn, server):
        time.sleep(0.05)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nforged")
        time.sleep(0.5)
    server = raw_server(per_connection(serve_requests(OK, then=late),
                                       serve_requests(b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nreal")))
    fetcher.fetch(server.url("/1"))
    time.sleep(0.15)
    assert fetcher.fetch(server.url("/2")).body == b"real"
    assert any("unexpected bytes while idle" in e["reason"] for e in close_events(fetcher))


# 16
def _encoded(body: bytes, coding: bytes) -> bytes:
    return (b"HTTP/1.1 200 OK\r\nContent-Encoding: " + coding + b"\r\nContent-Length: %d\r\n\r\n" % len(body)) + body


def _flip_crc(data: bytes) -> bytes:
    return data[:-8] + bytes([data[-8] ^ 0xFF]) + data[-7:]


@pytest.mark.parametrize("body, message", [
    (_flip_crc(gzip.compress(b"hello world" * 100)), "corrupt gzip data.*incorrect data check"),
    (b"this is not gzip at all", "corrupt gzip data.*incorrect header check"),
    (gzip.compress(b"hello world" * 100)[:-20], "gzip data is truncated"),
])
def test_corrupt_gzip(raw_server, fetcher, body, message):
    server = raw_server(canned(_encoded(body, b"gzip")))
    with pytest.raises(ContentError, match=message) as info:
        fetcher.fetch(server.url())
    assert info.value.exit_code == 61


def test_multi_member_gzip_concatenated(raw_server, fetcher):
    server = raw_server(canned(_encoded(gzip.compress(b"first ") + gzip.compress(b"second"), b"gzip")))
    assert fetcher.fetch(server.url()).body == b"first second"


def test_more_than_five_codings_rejected(raw_server, fetcher):
    body = b"x"
    for _ in range(6):
        body = gzip.compress(body)
    server = raw_server(canned(_encoded(body, b"gzip, gzip, gzip, gzip, gzip, gzip")))
    with pytest.raises(ContentError, match="more than 5"):
        fetcher.fetch(server.url())


def test_decompression_bomb_stopped_at_the_limit(raw_server, fetcher_factory):
    # About 1 MB on the wire that would expand to 1 GiB.  After a full flush the
    # compressor forgets its history, so every later 1 MiB block compresses to the
    # same bytes: compress two, repeat the second.  (The CRC in the trailer is
    # wrong, but the decoder must stop long before it gets there.)
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1 << 20)
    first = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    bomb = first + block * 1023 + packer.flush()
    assert len(bomb) < 1_200_000
    server = raw_server(canned(_encoded(bomb, b"gzip")))
    fetcher = fetcher_factory(max_decompressed_bytes=8 << 20)
    tracemalloc.start()
    try:
        with pytest.raises(BudgetExceeded, match="decompressed body exceeds 8 MiB"):
            fetcher.fetch(server.url())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 40 * 1024 * 1024


# 17
def test_redirect_loop_with_the_chain(raw_server, fetcher):
    def loop(conn, index, server):
        while True:
            request = recv_head(conn)
            if not request:
                return
            path = request.split(b" ")[1]
            target = b"/b" if path == b"/a" else b"/a"
            conn.sendall(b"HTTP/1.1 302 Found\r\nLocation: " + target + b"\r\nContent-Length: 0\r\n\r\n")
    server = raw_server(loop)
    with pytest.raises(TooManyRedirects) as info:
        fetcher.fetch(server.url("/a"))
    assert f"loop http://127.0.0.1:{server.port}/a -> http://127.0.0.1:{server.port}/b -> " in str(info.value)
    assert server.accepted == 1


# 19
def test_server_answering_and_closing_during_upload(raw_server, fetcher):
    def refuse(conn, index, server):
        server.received.append(recv_head(conn))
        conn.sendall(b"HTTP/1.1 413 Content Too Large\r\nContent-Length: 9\r\nConnection: close\r\n\r\ntoo large")
        conn.shutdown(socket.SHUT_WR)
        time.sleep(0.05)
    server = raw_server(refuse)
    response = fetcher.fetch(server.url("/upload"), method="POST", body=b"x" * (16 << 20))
    assert response.status == 413 and response.body == b"too large"
    assert server.accepted == 1


# 20
@pytest.mark.parametrize("response", [b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok",
                                      b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok",
                                      b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok"])
def test_connection_close_and_http10_not_reused(raw_server, fetcher, response):
    server = raw_server(serve_requests(response, response))
    fetcher.fetch(server.url())
    second = fetcher.fetch(server.url())
    assert not second.connection.reused and server.accepted == 2
