"""`minibrowser explain URL`: what really happened when this page loaded, stage by stage.

    minibrowser explain URL [--report DIR] [--json [FILE]] [--stop-after STAGE] [--element SELECTOR]

One ordinary page load (pipeline.load) is watched stage by stage; every value
shown is a value of this load — the bytes that went out and came back, the
addresses tried, the charset decision, the cascade, the boxes, the paint
commands.  Read it in this order:

  run.py            runs the load, keeps each stage's output, stops for --stop-after
  collect.py        turns the run into one JSON-able dict keyed by stage
  net_sections.py   URL, resolution, TCP, TLS, HTTP, closing
  page_sections.py  parsing, style, render tree, layout, paint
  tables.py         what status codes, resolver sources and close reasons mean
  terminal.py       the summary on stdout;  artifacts.py  --stop-after's output
  report.py         the HTML report, with waterfall.py and overlay.py drawing its pictures
"""
from __future__ import annotations

import argparse
import json
import sys

from ..errors import ExitCode, UsageError

__all__ = ["main"]


def build_parser() -> argparse.ArgumentParser:
    from .tables import STAGES

    parser = argparse.ArgumentParser(
        prog="minibrowser explain",
        description="Load a page and show what happened at every stage, from the real data of this load.")
    parser.add_argument("url", nargs="?", help="http://, https://, file://, data:, about:blank or a local path")
    parser.add_argument("--report", metavar="DIR",
                        help="write a self-contained HTML report (index.html and its pictures) into DIR")
    parser.add_argument("--json", nargs="?", const="-", metavar="FILE",
                        help="write the data as one JSON object (to stdout, or to FILE)")
    parser.add_argument("--stop-after", choices=STAGES, metavar="STAGE",
                        help=f"end the run after STAGE and print what it made ({', '.join(STAGES)})")
    parser.add_argument("--element", metavar="SELECTOR",
                        help="style: every declaration that reaches the first element matching SELECTOR")
    parser.add_argument("--width", type=int, default=800, help="viewport width in CSS px (default 800)")
    parser.add_argument("--height", type=int, default=600, help="viewport height in CSS px (default 600)")
    parser.add_argument("--user-css", metavar="FILE", help="a user stylesheet")
    parser.add_argument("-k", "--insecure", action="store_true", help="do not verify TLS certificates")
    parser.add_argument("--cacert", metavar="FILE", help="trust the CA certificates in FILE")
    parser.add_argument("--cache-dir", metavar="DIR",
                        help="keep the HTTP cache in DIR: a second run shows cache hits and 304s")
    parser.add_argument("--connect-timeout", type=float, default=10.0, metavar="SECONDS")
    parser.add_argument("--max-time", type=float, default=None, metavar="SECONDS")
    return parser


def _options(args: argparse.Namespace):
    from ..net.fetcher import FetchOptions
    from ..pipeline import LoadOptions

    if not 1 <= args.width <= 20000 or not 1 <= args.height <= 100000:
        raise UsageError("--width must be 1..20000 and --height 1..100000")
    fetch = FetchOptions(connect_timeout=args.connect_timeout, max_time=args.max_time, insecure=args.insecure,
                         cacert=args.cacert, cache_dir=args.cache_dir)
    # the cascade keeps every element's candidates only when asked (it costs style sharing)
    keep = bool(args.element) or args.stop_after == "style"
    return LoadOptions(width=args.width, height=args.height, user_css=args.user_css, fetch=fetch, explain=keep)


def main(argv: list[str]) -> int:
    from . import artifacts, terminal
    from .collect import collect
    from .page_sections import compile_selector
    from .run import execute

    parser = build_parser()
    args = parser.parse_args(argv)
    if args.url is None and args.json not in (None, "-"):
        # `explain --json URL`: --json's optional FILE took the URL; the JSON goes to stdout
        args.url, args.json = args.json, "-"
    if args.url is None:
        parser.error("the following arguments are required: url")
    if args.element:
        try:
            compile_selector(args.element)
        except ValueError as exc:
            why = exc.args[-1] if exc.args else "invalid"
            raise UsageError(f"--element: not a valid selector: {args.element[:80]!r} ({why})") from None
    run = execute(args.url, _options(args), args.stop_after)
    data = collect(run, args.element)
    if args.report:
        from .report import write_report
        path = write_report(args.report, data, run, args.element)
        print(f"minibrowser: report written to {path}", file=sys.stderr)
    if args.json:
        _write_json(args.json, data)
    if args.json != "-":
        if args.stop_after and run.error is None:
            sys.stdout.write(artifacts.render(args.stop_after, data, run))
        else:
            sys.stdout.write(terminal.render(data))
    if run.error is not None:
        print(f"minibrowser: {run.error.one_line()}", file=sys.stderr)
        return run.error.exit_code
    return ExitCode.OK


def _write_json(target: str, data: dict) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if target == "-":
        sys.stdout.write(text)
        return
    from ..cli import write_atomically
    write_atomically(target, lambda handle: handle.write(text.encode("utf-8")))
