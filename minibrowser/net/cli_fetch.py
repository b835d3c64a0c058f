"""`minibrowser fetch URL [URL ...]`: the network stage on its own, used like curl.

Several URLs are fetched in order through one Fetcher (so a second URL to the
same origin reuses the connection) and their bodies are written back to
back.  Errors are one line on stderr and an exit status from the error's
class (the numbers are curl's); never a traceback.
"""
from __future__ import annotations

import argparse
import sys
from typing import BinaryIO, Callable

from ..errors import BrowserError, ExitCode, HTTPStatusError, UsageError, WriteError, sanitize
from ..cli import write_atomically
from ..url import from_user_input
from .fetcher import FetchOptions, Fetcher
from .response import Response


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:   # argparse would print usage and exit
        raise UsageError(f"{message} (see 'minibrowser fetch --help')")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="minibrowser fetch", description="Fetch URLs and print their bodies, like curl.")
    p.add_argument("urls", nargs="+", metavar="URL")
    p.add_argument("-i", "--include", action="store_true", help="print response headers before the body")
    p.add_argument("-I", "--head", action="store_true", help="send HEAD and print only the headers")
    p.add_argument("-X", "--request", metavar="METHOD", help="request method (default GET, or POST with -d)")
    p.add_argument("-d", "--data", action="append", metavar="DATA",
                   help="request body (repeat to join with &; @FILE reads a file, @- stdin)")
    p.add_argument("-H", "--header", action="append", default=[], metavar="'NAME: VALUE'",
                   help="extra request header ('NAME:' removes a default one)")
    p.add_argument("-o", "--output", metavar="FILE", help="write output to FILE (atomically) instead of stdout")
    p.add_argument("-v", "--verbose", action="store_true", help="print connection facts and headers on stderr")
    p.add_argument("-f", "--fail", action="store_true", help="HTTP status >= 400 is an error (exit 22)")
    p.add_argument("--connect-timeout", type=float, default=10.0, metavar="SECONDS")
    p.add_argument("-m", "--max-time", type=float, metavar="SECONDS", help="limit for each whole transfer")
    p.add_argument("-k", "--insecure", action="store_true", help="do not verify TLS certificates (warns)")
    p.add_argument("--cacert", metavar="FILE", help="trust the CA certificates in FILE")
    p.add_argument("--resolve", action="append", default=[], metavar="HOST:PORT:ADDR",
                   help="use ADDR for HOST:PORT")
    p.add_argument("--dns-server", metavar="ADDR[:PORT]", help="ask this DNS server")
    p.add_argument("--hosts-file", metavar="FILE", help="hosts file to read (default /etc/hosts)")
    p.add_argument("--cache-dir", metavar="DIR", help="keep an HTTP cache on disk here")
    p.add_argument("--max-redirs", type=int, default=20, metavar="N", help="follow at most N redirects")
    return p


def parse_resolve(text: str) -> tuple[tuple[str, int], str]:
    """curl's --resolve HOST:PORT:ADDR (ADDR may be [IPv6])."""
    host, sep1, rest = text.partition(":")
    port, sep2, addr = rest.partition(":")
    if not (sep1 and sep2 and host and port.isdigit() and addr):
        raise UsageError(f"--resolve wants HOST:PORT:ADDR, got {text[:80]!r}")
    return (host.lower(), int(port)), addr.strip("[]")


def parse_header(text: str) -> tuple[str, str]:
    name, colon, value = text.partition(":")
    if not colon or not name.strip() or name != name.strip():
        raise UsageError(f"-H wants 'Name: value', got {text[:80]!r}")
    return name, value.strip()


def read_data(items: list[str], stdin: BinaryIO) -> bytes:
    parts = []
    for item in items:
        if item == "@-":
            parts.append(stdin.read())
        elif item.startswith("@"):
            try:
                with open(item[1:], "rb") as f:
                    parts.append(f.read().replace(b"\r", b"").replace(b"\n", b""))   # as curl -d does
            except OSError as exc:
                raise UsageError(f"cannot read {item[1:]}: {exc.strerror or exc}") from None
        else:
            parts.append(item.encode("utf-8"))
    return b"&".join(parts)


def head_bytes(response: Response) -> bytes:
    """The response head to print with -i: as received, or made up for file:/data:."""
    if response.response_head_bytes:
        return response.response_head_bytes
    lines = [f"HTTP/1.1 {response.status} {response.reason}"] + [f"{k}: {v}" for k, v in response.headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")


def main(argv: list[str], stdout: BinaryIO | None = None, stderr=None, stdin: BinaryIO | None = None) -> int:
    stdout = stdout or sys.stdout.buffer
    stderr = stderr or sys.stderr
    stdin = stdin or sys.stdin.buffer

    def say(line: str) -> None:
        print(sanitize(line), file=stderr, flush=True)

    try:
        args = build_parser().parse_args(argv)
    except UsageError as exc:
        say(f"minibrowser: {exc.one_line()}")
        return exc.exit_code
    except SystemExit as exc:     # --help
        return int(exc.code or 0)
    fetcher: Fetcher | None = None
    try:
        overrides = dict(parse_resolve(r) for r in args.resolve)
        headers = [parse_header(h) for h in args.header]
        body = read_data(args.data, stdin) if args.data else None
        if body is not None and not any(n.lower() == "content-type" for n, _ in headers):
            headers.append(("Content-Type", "application/x-www-form-urlencoded"))
        method = (args.request or ("HEAD" if args.head else "POST" if body is not None else "GET")).upper()
        fetcher = Fetcher(FetchOptions(
            connect_timeout=args.connect_timeout, max_time=args.max_time, insecure=args.insecure,
            cacert=args.cacert, resolve_overrides=overrides, dns_server=args.dns_server,
            hosts_file=args.hosts_file, cache_dir=args.cache_dir, max_redirects=args.max_redirs,
            verbose=say if args.verbose else None,
            warn=lambda text: say(f"minibrowser: warning: {text}")))
        return _run(fetcher, args, method, headers, body, stdout, say)
    except BrowserError as exc:
        say(f"minibrowser: {exc.one_line()}")
        return exc.exit_code
    except KeyboardInterrupt:
        say("minibrowser: interrupted")
        return 130
    finally:
        if fetcher is not None:
            fetcher.close()


def _run(fetcher: Fetcher, args: argparse.Namespace, method: str, headers: list[tuple[str, str]],
         body: bytes | None, stdout: BinaryIO, say: Callable[[str], None]) -> int:
    chunks: list[bytes] = []
    status = ExitCode.OK
    for text in args.urls:
        try:
            url = from_user_input(text)
            response = fetcher.fetch(url, method=method, headers=headers, body=body)
            if args.fail and response.status >= 400:
                raise HTTPStatusError(f"the requested URL returned error: {response.status} ({str(url)[:200]})")
        except BrowserError as exc:
            say(f"minibrowser: {exc.one_line()}")
            status = exc.exit_code
            continue
        if args.include or args.head:
            chunks += [head_bytes(r) for r in [*response.history, response]]
        if not args.head:
            chunks.append(response.body)
    data = b"".join(chunks)
    if args.output:
        if status == ExitCode.OK:
            write_atomically(args.output, lambda handle: handle.write(data))
        return status
    if getattr(stdout, "isatty", lambda: False)():
        data = sanitize(data.decode("utf-8", "replace"), keep_newlines=True).encode("utf-8")
    try:
        stdout.write(data)
        stdout.flush()
    except BrokenPipeError:
        raise WriteError("output closed early (broken pipe)") from None
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
