"""Every exit status in the README's table, produced for real: one test per row, and a test that
the table and this file list the same statuses (a new row without a test fails here)."""
from __future__ import annotations

import gzip
import pathlib
import re
import socket
import threading
import time

import pytest

from minibrowser.errors import ExitCode

README = pathlib.Path(__file__).resolve().parents[2] / "README.md"
HTML = {"Content-Type": "text/html"}


def raw_server(reply: bytes, linger: float = 0.0) -> int:
    """A server that answers every connection with `reply`, whatever was asked."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                try:
                    conn.recv(65536)
                    conn.sendall(reply)
                    time.sleep(linger)
                except OSError:
                    pass
    threading.Thread(target=serve, daemon=True).start()
    return listener.getsockname()[1]


def closed_port() -> int:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


def test_0_success(cli):
    run = cli("data:text/html,<p>hello", "--text")
    assert run.status == 0 and b"hello" in run.stdout


def test_1_unsupported_scheme(cli):
    assert cli("gopher://127.0.0.1/", "--text").status == 1


def test_2_usage(cli):
    assert cli("--width", "0", "data:text/html,x").status == 2
    assert cli("data:text/html,x", "--max-dom-nodes", "-5").status == 2


def test_3_malformed_url(cli):
    assert cli("http://[::1/", "--text").status == 3


def test_6_resolve(cli):
    run = cli("http://no-such-host.invalid/", "--text")     # RFC 6761: .invalid never resolves
    assert run.status == 6 and b"resolve" in run.stderr


def test_7_connect(cli):
    run = cli(f"http://127.0.0.1:{closed_port()}/", "--text")
    assert run.status == 7


def test_8_protocol(cli):
    port = raw_server(b"this is not HTTP\r\n\r\n")
    assert cli(f"http://127.0.0.1:{port}/", "--text").status == 8


def test_22_http_error_with_fail(serve, cli):
    server = serve({})
    assert cli("fetch", "--fail", server.url("/missing")).status == 22
    assert cli(server.url("/missing"), "--text").status == 0    # the page itself still renders


def test_23_write(cli, tmp_path):
    run = cli("data:text/html,x", "-o", str(tmp_path / "no" / "such" / "dir.png"))
    assert run.status == 23


def test_28_timeout(cli):
    port = raw_server(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n<p>", linger=5)
    started = time.monotonic()
    run = cli(f"http://127.0.0.1:{port}/", "--text", "--max-time", "1")
    assert run.status == 28 and time.monotonic() - started < 4


def test_35_tls_handshake(serve, cli):
    server = serve({"/": (200, HTML, b"plain")})                # https:// to a plain HTTP server
    run = cli(server.url("/").replace("http://", "https://"), "--text")
    assert run.status == 35


def test_37_file_unreadable(cli, tmp_path):
    assert cli(f"file://{tmp_path}/missing.html", "--text").status == 37


def test_47_too_many_redirects(serve, cli):
    server = serve({"/loop": (302, {"Location": "/loop"}, b"")})
    run = cli(server.url("/loop"), "--text")
    assert run.status == 47 and b"loop" in run.stderr


def test_60_certificate(serve, certs, cli):
    server = serve({"/": (200, HTML, b"x")}, tls=certs.self_signed)
    assert cli(server.url("/"), "--text").status == 60


def test_61_bad_content_coding(serve, cli):
    server = serve({"/": (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, b"not gzip at all")})
    assert cli(server.url("/"), "--text").status == 61
    ok = serve({"/": (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, gzip.compress(b"<p>ok"))})
    assert cli(ok.url("/"), "--text").status == 0


def test_63_budget(cli, tmp_path):
    page = tmp_path / "many.html"
    page.write_text("<p>x</p>" * 500)
    run = cli(str(page), "--max-dom-nodes", "100", "-o", str(tmp_path / "cut.png"))
    assert run.status == 63 and b"--max-dom-nodes" in run.stderr
    assert (tmp_path / "cut.png").exists()                       # partial output is still written


def test_70_internal_error_is_one_line(cli, monkeypatch):
    """A bug (here: a fault injected into the layout stage) is one line, no traceback."""
    import minibrowser.pipeline as pipeline

    def broken(*args, **kwargs):
        raise ZeroDivisionError("injected fault")
    monkeypatch.setattr(pipeline, "layout_document", broken)
    run = cli("data:text/html,<p>x", "--text")
    assert run.status == 70
    assert run.stderr.strip().count(b"\n") == 0 and b"internal error: ZeroDivisionError" in run.stderr


def _readme_statuses() -> set[int]:
    text = README.read_text(encoding="utf-8")
    section = text.split("### Exit statuses", 1)[1].split("\n## ", 1)[0]
    return {int(m) for m in re.findall(r"^\| (\d+) \|", section, flags=re.M)}


def test_every_readme_row_has_a_test_and_a_code():
    tested = {int(name.split("_")[1]) for name in globals() if re.match(r"test_\d+_", name)}
    statuses = _readme_statuses()
    assert statuses == tested
    known = {value for name, value in vars(ExitCode).items() if name.isupper()}
    assert statuses == known


@pytest.mark.parametrize("status", sorted({v for k, v in vars(ExitCode).items() if k.isupper()}))
def test_exit_code_names_are_unique(status):
    names = [k for k, v in vars(ExitCode).items() if k.isupper() and v == status]
    assert len(names) == 1, names
