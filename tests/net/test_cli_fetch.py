"""`minibrowser fetch`: curl-like behaviour, exit codes and one-line errors."""
from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from minibrowser.net.cli_fetch import main


def run(argv, stdin=b""):
    out, err = io.BytesIO(), io.StringIO()
    code = main(["--hosts-file", "/dev/null", "--dns-server", "127.0.0.1:9", "--connect-timeout", "0.5", *argv],
                stdout=out, stderr=err, stdin=io.BytesIO(stdin))
    return code, out.getvalue(), err.getvalue()


def test_bodies_back_to_back_over_one_connection(http_server):
    http_server.routes["/a"] = (200, {}, b"AAA")
    http_server.routes["/b"] = (200, {}, b"BBB")
    code, out, err = run([http_server.url("/a"), http_server.url("/b")])
    assert (code, out, err) == (0, b"AAABBB", "")
    assert http_server.connections == 1


def test_include_and_head(http_server):
    http_server.routes["/a"] = (200, {"X-Test": "1"}, b"AAA")
    code, out, _ = run(["-i", http_server.url("/a")])
    assert out.startswith(b"HTTP/1.1 200 OK\r\n") and b"X-Test: 1\r\n" in out and out.endswith(b"\r\n\r\nAAA")
    code, out, _ = run(["-I", http_server.url("/a")])
    assert out.startswith(b"HTTP/1.1 200 OK\r\n") and out.endswith(b"\r\n\r\n")
    assert http_server.state.requests[-1][0] == "HEAD"


def test_method_data_and_headers_on_the_wire(raw_server, tmp_path):
    from .conftest import canned
    server = raw_server(canned(b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"))
    (tmp_path / "d.txt").write_bytes(b"c=3\n")
    code, _, _ = run(["-d", "a=1", "-d", "b=2", "-d", f"@{tmp_path / 'd.txt'}", "-H", "X-Custom: yes",
                      "-H", "User-Agent:", server.url("/form")])
    request = server.received[0]
    assert code == 0
    assert request.startswith(b"POST /form HTTP/1.1\r\n")
    assert b"X-Custom: yes\r\n" in request and b"User-Agent" not in request
    assert b"Content-Type: application/x-www-form-urlencoded\r\n" in request
    assert request.endswith(b"Content-Length: 11\r\n\r\na=1&b=2&c=3")


def test_x_method(http_server):
    http_server.routes["/r"] = lambda h: h.reply(200, {}, h.command.encode())
    assert run(["-X", "DELETE", http_server.url("/r")])[1] == b"DELETE"


def test_output_file_is_written_atomically(http_server, tmp_path):
    http_server.routes["/a"] = (200, {}, b"saved")
    target = tmp_path / "out.bin"
    code, out, _ = run(["-o", str(target), http_server.url("/a")])
    assert code == 0 and out == b"" and target.read_bytes() == b"saved"
    assert os.listdir(tmp_path) == ["out.bin"]


def test_output_not_written_on_failure(http_server, tmp_path, closed_port):
    target = tmp_path / "out.bin"
    code, _, err = run(["-o", str(target), f"http://127.0.0.1:{closed_port}/"])
    assert code == 7 and not target.exists() and err.startswith("minibrowser: ")


def test_write_error(http_server, tmp_path):
    http_server.routes["/a"] = (200, {}, b"x")
    code, _, err = run(["-o", str(tmp_path / "no" / "such" / "dir" / "f"), http_server.url("/a")])
    assert code == 23 and "cannot write" in err


def test_fail_turns_http_errors_into_exit_22(http_server):
    code, out, err = run(["--fail", http_server.url("/missing")])
    assert code == 22 and out == b"" and "404" in err
    code, out, _ = run([http_server.url("/missing")])
    assert code == 0 and out == b"not found"


def test_verbose_on_stderr(http_server):
    http_server.routes["/a"] = (200, {}, b"A")
    code, out, err = run(["-v", http_server.url("/a"), http_server.url("/a")])
    assert out == b"AA"
    lines = err.splitlines()
    assert "> GET /a HTTP/1.1" in lines and "< HTTP/1.1 200 OK" in lines
    assert any(line.startswith("* Connected to 127.0.0.1") for line in lines)
    assert any(line.startswith("* Re-using existing connection #") for line in lines)


@pytest.mark.parametrize("argv, code, message", [
    (["http://exa mple.com/"], 3, "forbidden character"),
    (["ftp://example.com/"], 1, "unsupported URL scheme"),
    (["http://nowhere.invalid/"], 6, "could not resolve host"),
    (["-H", "NoColon", "http://127.0.0.1/"], 2, "-H wants"),
    (["--resolve", "bad", "http://127.0.0.1/"], 2, "--resolve wants"),
    (["--bogus-flag", "http://127.0.0.1/"], 2, "unrecognized arguments"),
    ([], 2, "required"),
])
def test_errors_are_one_line_with_exit_codes(argv, code, message):
    got, out, err = run(argv)
    assert got == code and message in err
    assert err.count("\n") == 1 and err.startswith("minibrowser: ") and "Traceback" not in err


def test_resolve_pins_an_address(http_server):
    http_server.routes["/"] = (200, {}, b"pinned")
    code, out, _ = run(["--resolve", f"pinned.test:{http_server.port}:127.0.0.1",
                        f"http://pinned.test:{http_server.port}/"])
    assert (code, out) == (0, b"pinned")


def test_tls_options(certs, https_server_factory):
    server = https_server_factory(certs.good)
    server.routes["/"] = (200, {}, b"tls")
    code, _, err = run([server.url("/")])
    assert code == 60 and "certificate" in err
    assert run(["--cacert", certs.ca_path, server.url("/")])[:2] == (0, b"tls")
    code, out, err = run(["-k", server.url("/")])
    assert (code, out) == (0, b"tls") and "warning: --insecure" in err


def test_local_schemes_and_cache_dir(tmp_path, http_server):
    page = tmp_path / "p.html"
    page.write_bytes(b"<p>local</p>")
    assert run([str(page), "data:,hi"])[1] == b"<p>local</p>hi"
    code, out, _ = run(["-i", "data:text/plain,x"])
    assert out.startswith(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain") and out.endswith(b"\r\n\r\nx")
    http_server.routes["/c"] = (200, {"Cache-Control": "max-age=60"}, b"cached")
    cache = tmp_path / "cache"
    run(["--cache-dir", str(cache), http_server.url("/c")])
    assert run(["--cache-dir", str(cache), http_server.url("/c")])[1] == b"cached"
    assert len(http_server.state.requests) == 1


def test_runs_as_a_module_without_traceback(closed_port):
    proc = subprocess.run([sys.executable, "-m", "minibrowser.net.cli_fetch", f"http://127.0.0.1:{closed_port}/"],
                          capture_output=True, text=True, timeout=20)
    assert proc.returncode == 7 and proc.stderr.startswith("minibrowser: failed to connect")
    assert proc.stderr.count("\n") == 1
