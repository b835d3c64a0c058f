"""explain over http: and https: on 127.0.0.1: the report holds the values of this very load."""
from __future__ import annotations

import time

from minibrowser.explain.tables import STAGES

from .conftest import STYLE


def test_json_has_every_stage_in_load_order(site, explain):
    status, data, _out, _err = explain(site.url("/"))
    assert status == 0
    assert list(data) == [*STAGES, "timings"]
    for stage in STAGES:
        assert "time_ms" in data[stage], stage


def test_http_load_reports_the_bytes_the_server_received(site, explain):
    status, data, out, _err = explain(site.url("/"))
    assert status == 0
    url = data["url"]
    assert (url["host"], url["port"], url["path"], url["explicit_port"]) == ("127.0.0.1", site.port, "/", True)
    assert "default would be 80" in url["port_note"]

    lookup = data["resolve"]["lookups"][0]
    assert lookup["source"] == "literal" and lookup["addresses"] == ["127.0.0.1"]

    connections = data["connect"]["connections"]
    assert len(connections) == site.connections == 1          # keep-alive: one connection for all
    assert connections[0]["peer"] == ["127.0.0.1", site.port]
    assert connections[0]["time_ms"] > 0 and connections[0]["requests"] == 3
    assert "http://" in data["tls"]["skipped"]

    requests = data["http"]["requests"]
    assert [r["url"] for r in requests] == [site.url(p) for p in ("/", "/style.css", "/dot.png")]
    assert [r["role"] for r in requests] == ["document", "subresource", "subresource"]
    for request in requests:
        path = request["url"][len(site.url("")):]
        assert request["request_bytes"].encode("latin-1") == site.head_for(path)
        assert request["response_head_bytes"].startswith("HTTP/1.1 200 OK\r\n")
        assert request["response_head_bytes"].endswith("\r\n\r\n")
        assert request["status_meaning"].startswith("OK")
        assert request["connection"] == connections[0]["id"]
    assert [r["reused"] for r in requests] == [False, True, True]
    css = requests[1]
    assert css["content_encoding"] == "gzip"
    assert css["body_bytes_on_wire"] == len(site.routes["/style.css"][2])
    assert css["body_bytes"] == len(STYLE)
    assert css["saved_by_compression"] == len(STYLE) - css["body_bytes_on_wire"] > 0
    assert data["http"]["summary"]["reused_connection"] == 2
    # the document's exact request is in the terminal summary too, line by line
    for line in site.head_for("/").decode("latin-1").split("\r\n")[:-2]:
        assert f"> {line}" in out

    closed = data["close"]["connections"]
    assert [(c["conn"], c["requests"], c["category"]) for c in closed] == [(connections[0]["id"], 3, "end")]


def test_timings_are_real_and_add_up(site, explain):
    _status, data, _out, _err = explain(site.url("/"))
    timings = data["timings"]
    for stage in ("parse", "style", "boxes", "layout", "paint", "raster"):
        assert timings[stage] > 0, stage
    phases = data["http"]["requests"][0]["timing"]
    parts = sum(phases[f"{p}_ms"] for p in ("dns", "connect", "tls", "send", "wait", "receive"))
    assert abs(parts - phases["total_ms"]) < 0.01
    assert phases["connect_ms"] > 0 and phases["tls_ms"] < 0.05      # http: no handshake, only a clock read
    assert timings["total"] >= timings["layout"]


def test_https_with_cacert_reports_the_handshake_and_certificate(tls_site, explain):
    status, data, _out, _err = explain(tls_site.url("/"), "--cacert", tls_site.cafile)
    assert status == 0, _err
    assert data["url"]["host"] == "localhost"
    assert data["resolve"]["lookups"][0]["source"] in ("hosts", "localhost")
    assert data["connect"]["connections"][0]["peer"][0] == "127.0.0.1"
    handshake = data["tls"]["handshakes"][0]
    assert handshake["version"].startswith("TLSv1.")
    assert handshake["cipher"] and handshake["session_resumed"] is False
    cert = handshake["certificate"]
    assert "DNS:localhost" in cert["sans"] and "IP Address:127.0.0.1" in cert["sans"]
    assert "trustme" in cert["issuer"] and cert["not_after"]
    assert data["tls"]["time_ms"] > 0
    document = data["http"]["requests"][0]
    assert document["request_bytes"].encode("latin-1") == tls_site.head_for("/")
    assert document["timing"]["tls_ms"] > 0


def test_stop_after_connect_opens_a_connection_and_sends_nothing(site, explain):
    status, data, out, _err = explain(site.url("/"), "--stop-after", "connect")
    assert status == 0
    deadline = time.monotonic() + 2
    while site.connections == 0 and time.monotonic() < deadline:   # the server accepts on its own thread
        time.sleep(0.01)
    assert site.connections == 1 and site.heads == []
    assert data["connect"]["connections"][0]["requests"] == 0
    assert "connected to 127.0.0.1" in out
    assert data["http"]["skipped"].startswith("not run")
    assert "explain --stop-after connect" in data["close"]["connections"][0]["reason"]


def test_stop_after_url_touches_no_network(site, explain):
    status, data, out, _err = explain(site.url("/a/b?q=1#frag"), "--stop-after", "url")
    assert status == 0 and site.connections == 0
    assert (data["url"]["query"], data["url"]["fragment"]) == ("q=1", "frag")
    assert data["url"]["request_target"] == "/a/b?q=1"
    assert "never sent" in data["url"]["fragment_note"]
    assert "/a/b" in out


def test_stop_after_http_prints_the_response(site, explain):
    status, data, out, _err = explain(site.url("/"), "--stop-after", "http")
    assert status == 0
    assert [p for p, _h, _c in site.heads] == ["/"]               # no stylesheet, no image
    assert site.head_for("/").decode("latin-1").replace("\r\n", "\n").rstrip("\n") in out
    assert f"[body: {len(site.routes['/'][2])} bytes" in out
    assert data["parse"]["skipped"].startswith("not run")


def test_second_run_with_a_cache_shows_a_304_and_a_cache_hit(site, explain, tmp_path):
    cache = str(tmp_path / "cache")
    explain(site.url("/etag.html"), "--cache-dir", cache)
    status, data, _out, _err = explain(site.url("/etag.html"), "--cache-dir", cache)
    assert status == 0
    document, image = data["http"]["requests"]
    assert document["status"] == 304 and document["cache"].startswith("revalidated")
    assert "If-None-Match: \"v1\"" in document["request_bytes"]
    assert document["request_bytes"].encode("latin-1") == site.head_for("/etag.html", 1)
    assert image["cache"].startswith("hit") and image["request_bytes"] == ""
    assert data["http"]["summary"]["cache_hits"] == 1 and data["http"]["summary"]["not_modified"] == 1
    assert [p for p, _h, _c in site.heads].count("/dot.png") == 1   # the second run never asked


def test_connection_close_is_explained(site, explain):
    _status, data, _out, _err = explain(site.url("/close.html"))
    closed = data["close"]["connections"]
    assert closed[0]["reason"] == "server sent Connection: close"
    assert closed[0]["category"] == "server"


def test_a_refused_connection_still_explains_what_happened(explain):
    import socket
    with socket.socket() as probe:       # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    status, data, out, err = explain(f"http://127.0.0.1:{port}/")
    assert status == 7
    assert data["resolve"]["lookups"][0]["addresses"] == ["127.0.0.1"]
    assert "connection refused" in data["connect"]["skipped"]
    assert data["timings"]["exit_code"] == 7
    assert err.count("\n") == 1 and "connection refused" in err


def test_redirect_hops_are_requests_of_their_own(site, explain):
    site.routes["/old"] = (301, {"Location": "/"}, b"")
    status, data, _out, _err = explain(site.url("/old"))
    assert status == 0
    first, second = data["http"]["requests"][:2]
    assert (first["role"], first["status"], second["role"]) == ("redirect", 301, "document")
    assert first["status_meaning"].startswith("Moved Permanently")
    assert first["request_bytes"].encode("latin-1") == site.head_for("/old")
    assert second["reused"] and second["connection"] == first["connection"]
    assert data["http"]["redirects"] == [{"status": 301, "from": site.url("/old"), "to": site.url("/")}]


def test_json_on_stdout_is_the_only_output(site, capsys):
    import json
    from minibrowser.cli import main
    assert main(["explain", site.url("/"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["http"]["requests"][0]["request_bytes"].encode("latin-1") == site.head_for("/")
    # --json takes an optional FILE: written before the URL, it must not swallow the URL
    assert main(["explain", "--json", site.url("/")]) == 0
    assert json.loads(capsys.readouterr().out)["http"]["requests"][0]["url"] == site.url("/")


def test_escape_sequences_from_the_server_never_reach_the_terminal(site, explain):
    # a C1 CSI (0x9b) is legal obs-text in a field value (RFC 9110 §5.5); ESC would be refused outright
    site.routes["/evil"] = (200, {"Content-Type": "text/html", "X-Evil": "a\x9b2Jb"},
                            b"<title>\x1b[31mred</title><p>\x9b31m text")
    for extra in ((), ("--stop-after", "http"), ("--stop-after", "parse")):
        status, data, out, err = explain(site.url("/evil"), *extra)
        assert status == 0
        assert "\x1b" not in out + err and "\x07" not in out + err and "\x9b" not in out + err
    assert "X-Evil: a\x9b2Jb\r\n" in data["http"]["requests"][0]["response_head_bytes"]   # JSON keeps the bytes
