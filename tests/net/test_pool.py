"""Connections and the pool: Happy Eyeballs, limits per origin, idle expiry, thread safety."""
from __future__ import annotations

import socket
import threading
import time

import pytest

from minibrowser.errors import BudgetExceeded
from minibrowser.net.connection import happy_eyeballs, interleave
from minibrowser.net.events import Recorder
from minibrowser.url import parse

from .conftest import recv_request


def test_interleave_families_ipv6_first():
    assert interleave(["127.0.0.1", "127.0.0.2", "::1", "::2", "::3"]) == ["::1", "127.0.0.1", "::2", "127.0.0.2", "::3"]
    assert interleave(["127.0.0.1"]) == ["127.0.0.1"]


def test_happy_eyeballs_starts_the_next_address_after_250_ms():
    """The first address black-holes the SYN (its listen queue is full); the second wins 250 ms later."""
    blackhole = socket.socket()
    blackhole.bind(("127.0.0.2", 0))
    port = blackhole.getsockname()[1]
    blackhole.listen(0)
    alive = socket.socket()
    alive.bind(("127.0.0.1", port))
    alive.listen(5)
    fillers = []
    for _ in range(4):
        s = socket.socket()
        s.setblocking(False)
        s.connect_ex(("127.0.0.2", port))
        fillers.append(s)
    time.sleep(0.1)
    lines: list[str] = []
    start = time.monotonic()
    try:
        sock, tried = happy_eyeballs(["127.0.0.2", "127.0.0.1"], port, 3.0, "timeout", Recorder(lines.append))
        elapsed = time.monotonic() - start
        assert sock.getpeername() == ("127.0.0.1", port) and tried == ["127.0.0.2", "127.0.0.1"]
        assert 0.2 <= elapsed < 1.0
        sock.close()
    finally:
        for s in fillers + [blackhole, alive]:
            s.close()
    assert lines == [f"* Trying 127.0.0.2:{port}...", f"* Trying 127.0.0.1:{port}..."]


def test_at_most_n_connections_per_origin_under_concurrency(http_server, fetcher_factory):
    active = 0
    peak = 0
    lock = threading.Lock()

    def slow(handler):
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        time.sleep(0.1)
        with lock:
            active -= 1
        handler.reply(200, {}, handler.path.encode())
    for i in range(8):
        http_server.routes[f"/{i}"] = slow
    fetcher = fetcher_factory(max_per_origin=2)
    results = fetcher.fetch_all([parse(http_server.url(f"/{i}")) for i in range(8)])
    assert [r.body for r in results] == [f"/{i}".encode() for i in range(8)]
    assert http_server.connections == 2 and peak == 2
    assert fetcher.pool.opened == 2


def test_many_threads_share_the_pool_safely(http_server, fetcher):
    http_server.routes["/x"] = (200, {}, b"x" * 5000)
    errors: list[BaseException] = []

    def worker():
        try:
            for _ in range(10):
                assert fetcher.fetch(http_server.url("/x")).body == b"x" * 5000
        except BaseException as exc:
            errors.append(exc)
    threads = [threading.Thread(target=worker) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert http_server.connections <= 6
    assert fetcher.pool.idle_count() == http_server.connections


def test_idle_connections_expire(http_server, fetcher_factory):
    http_server.routes["/"] = (200, {}, b"x")
    fetcher = fetcher_factory(idle_timeout=0.2)
    fetcher.fetch(http_server.url("/"))
    time.sleep(0.3)
    assert not fetcher.fetch(http_server.url("/")).connection.reused
    assert any(e["kind"] == "close" and e["reason"] == "idle timeout" for e in fetcher.events)


def test_server_keep_alive_timeout_is_respected(raw_server, fetcher):
    ok = b"HTTP/1.1 200 OK\r\nKeep-Alive: timeout=1\r\nContent-Length: 2\r\n\r\nok"

    def script(conn, index, server):
        while recv_request(conn):
            conn.sendall(ok)
    server = raw_server(script)
    fetcher.fetch(server.url())
    assert fetcher.fetch(server.url()).connection.reused       # well within the server's 1 s
    time.sleep(0.6)                                              # past 1 s minus our 0.5 s margin
    assert not fetcher.fetch(server.url()).connection.reused


def test_unfinished_body_never_goes_back_to_the_pool(http_server, fetcher_factory):
    http_server.routes["/big"] = (200, {}, b"x" * 1000)
    http_server.routes["/small"] = (200, {}, b"ok")
    fetcher = fetcher_factory(max_body_bytes=100)
    with pytest.raises(BudgetExceeded):
        fetcher.fetch(http_server.url("/big"))
    assert fetcher.fetch(http_server.url("/small")).body == b"ok"
    assert http_server.connections == 2


def test_chunked_body_over_budget(raw_server, fetcher_factory):
    body = b"".join(b"10\r\n" + b"y" * 16 + b"\r\n" for _ in range(10)) + b"0\r\n\r\n"
    server = raw_server(lambda c, i, s: (recv_request(c), c.sendall(
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + body)))
    with pytest.raises(BudgetExceeded, match="exceeds the limit of 100 bytes"):
        fetcher_factory(max_body_bytes=100).fetch(server.url())
