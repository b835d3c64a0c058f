"""The `minibrowser` command.

    minibrowser URL [-o FILE.png] [--width 800] [--height 600 | --full-page]
                    [--text [--columns 80]] [--dump STAGE] [--timings]
    minibrowser fetch URL [URL ...]      curl-like fetching (net/cli_fetch.py)

Every expected failure is one line on stderr and an exit status from
errors.ExitCode; a traceback means a bug (set MINIBROWSER_DEBUG=1 to see it).
"""
from __future__ import annotations

import time

STARTED = time.perf_counter()   # --timings: "startup" runs from here (the interpreter's own start is before)

import argparse  # noqa: E402  (after the clock starts)
import gc  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402

from . import budgets  # noqa: E402
from .errors import BrowserError, ExitCode, UsageError, WriteError, sanitize  # noqa: E402

DUMPS = ("dom", "style", "boxes", "layout", "layout-json", "display-list")
# each subcommand is a module with `main(argv) -> int`
SUBCOMMANDS = {"fetch": "minibrowser.net.cli_fetch", "why": "minibrowser.css.why",
               "explain": "minibrowser.explain", "reftest": "minibrowser.reftest"}


class HelpFormatter(argparse.HelpFormatter):
    """argparse's own, told the terminal width.  argparse makes a formatter for every add_argument
    (to check the metavar) and each one asks shutil for the width: importing shutil (with bz2, lzma
    and zlib) would be a few ms of every run, for --help alone."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_terminal_width() - 2)   # argparse's own margin


def _terminal_width() -> int:
    """$COLUMNS, else the width of the terminal on stdout, else 80 (as shutil.get_terminal_size)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="minibrowser", formatter_class=HelpFormatter,
        description="Load a web page and render it to PNG, to text, or dump any stage of the load.",
        epilog="Subcommands: 'minibrowser fetch URL...' (curl-like), 'minibrowser why URL SELECTOR PROPERTY', "
               "'minibrowser explain URL', 'minibrowser reftest MANIFEST.tsv'. Exit statuses are in the README.")
    parser.add_argument("url", help="http://, https://, file://, data:, about:blank or a local path")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the PNG here (default: screenshot.png)")
    parser.add_argument("--width", type=int, default=800, help="viewport width in CSS px (default 800)")
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--height", type=int, default=600, help="viewport height in CSS px (default 600)")
    size.add_argument("--full-page", action="store_true", help="capture the whole page height")
    parser.add_argument("--scale", type=float, default=1.0, help="device pixels per CSS px (HiDPI: 2)")
    parser.add_argument("--selector", metavar="CSS", help="capture only the first element matching CSS")
    parser.add_argument("--background", choices=("white", "transparent"), default="white",
                        help="the canvas behind the page (default white)")
    parser.add_argument("--text", action="store_true", help="print the page as text (w3m-style)")
    parser.add_argument("--columns", type=int, default=80, help="text mode width in cells (default 80)")
    parser.add_argument("--no-references", action="store_true", help="text mode: leave out the link list")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                        help="text mode: ANSI colours and attributes (default: on a terminal)")
    parser.add_argument("--dump", choices=DUMPS, help="print what one stage produced")
    parser.add_argument("--timings", action="store_true", help="print the time of each stage on stderr")
    parser.add_argument("--user-css", metavar="FILE", help="a user stylesheet")
    parser.add_argument("--font-dir", action="append", default=[], metavar="DIR",
                        help="fonts in DIR are known by their own family names (repeatable)")
    parser.add_argument("-k", "--insecure", action="store_true", help="do not verify TLS certificates")
    parser.add_argument("--cacert", metavar="FILE", help="trust the CA certificates in FILE")
    parser.add_argument("--connect-timeout", type=float, default=10.0, metavar="SECONDS")
    budgets.add_arguments(parser)
    return parser


def _check(args: argparse.Namespace) -> None:
    if not 1 <= args.width <= 20000:
        raise UsageError("--width must be between 1 and 20000")
    if not 1 <= args.height <= 100000:
        raise UsageError("--height must be between 1 and 100000")
    if not 10 <= args.columns <= 1000:
        raise UsageError("--columns must be between 10 and 1000")
    if not 0.1 <= args.scale <= 8:
        raise UsageError("--scale must be between 0.1 and 8")


def run_render(argv: list[str]) -> int:
    # one page, then the process exits: no cyclic garbage collection at all (the pipeline pauses it for the
    # load; this keeps it off for the engine's imports, raster and encode too, which would otherwise scan
    # the page's objects again)
    gc.disable()
    args = build_parser().parse_args(argv)
    _check(args)
    # the engine is imported only now: `--help` and usage errors answer without loading it
    from .net.fetcher import FetchOptions
    from .pipeline import LoadOptions, load
    from .url import from_user_input

    url = from_user_input(args.url)
    limits = budgets.from_args(args)
    fetch_options = FetchOptions(connect_timeout=args.connect_timeout, max_time=limits.max_time,
                                 insecure=args.insecure, cacert=args.cacert,
                                 max_body_bytes=limits.max_response_size,
                                 max_decompressed_bytes=limits.max_decompressed_size)
    options = LoadOptions(width=args.width, height=args.height, text_mode=args.text, columns=args.columns,
                          user_css=args.user_css, font_dirs=args.font_dir, fetch=fetch_options,
                          explain=args.dump == "style", link_numbers=not args.no_references, budgets=limits)
    load_started = time.perf_counter()
    with budgets.Watchdog(limits.max_time):   # --max-time covers every stage, not just the network
        page = load(url, options)
        try:
            return _show(page, args, limits, load_started)
        finally:
            page.fetcher.close()


WARNINGS_SHOWN = 20


def _show(page, args: argparse.Namespace, limits: budgets.Budgets, load_started: float) -> int:
    """Print the page's warnings, then write what was asked for; exit 63 if a budget cut anything."""
    if page.response.status >= 400:
        print(f"minibrowser: HTTP {page.response.status} {sanitize(page.response.reason)} for "
              f"{sanitize(str(page.url))}", file=sys.stderr)
    for message in page.subresource_errors[:WARNINGS_SHOWN]:
        print(f"minibrowser: warning: {sanitize(message)}", file=sys.stderr)
    if len(page.subresource_errors) > WARNINGS_SHOWN:
        print(f"minibrowser: warning: ... and {len(page.subresource_errors) - WARNINGS_SHOWN:,} more",
              file=sys.stderr)
    overruns = list(page.budget_overruns)
    if args.dump:
        from .dumps import dump
        sys.stdout.write(dump(page, args.dump))
    elif args.text:
        from .raster.grid import render_text
        with _timed(page.timings, "raster"):
            text = render_text(page.display_list, page.links, args.columns, _use_color(args.color),
                               not args.no_references)
        _write_utf8(text)
    else:
        output = args.output or "screenshot.png"
        _write_png(page, output, args, limits, overruns)
    for message in overruns:
        print(f"minibrowser: budget exceeded: {sanitize(message)}", file=sys.stderr)
    if args.timings:
        print(timings_line(page.timings, load_started - STARTED, time.perf_counter() - STARTED),
              file=sys.stderr)
    return ExitCode.BUDGET if overruns else ExitCode.OK


def timings_line(stages: dict[str, float], startup: float, total: float) -> str:
    """`startup=… fetch=… parse=… … other=… total=…` in ms.  The stages never overlap (pipeline.Stopwatch),
    so startup + stages + other = total, where `other` is whatever no stage claimed (building the
    options, printing warnings, writing text to stdout)."""
    parts = {"startup": startup, **stages}
    parts["other"] = max(0.0, total - sum(parts.values()))
    parts["total"] = total
    return " ".join(f"{name}={seconds * 1000:.1f}ms" for name, seconds in parts.items())


def _use_color(choice: str) -> bool:
    """--color auto: only on a terminal, and not when NO_COLOR is set or TERM=dumb (no-color.org)."""
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb" and not os.environ.get("NO_COLOR")


def _write_utf8(text: str) -> None:
    """Text mode writes UTF-8 whatever the locale says (box drawing, CJK)."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


class _timed:
    def __init__(self, timings: dict, stage: str) -> None:
        self.timings, self.stage = timings, stage

    def __enter__(self):
        self.start = time.perf_counter()

    def __exit__(self, *exc):
        self.timings[self.stage] = time.perf_counter() - self.start


def _write_png(page, output: str, args: argparse.Namespace, limits: budgets.Budgets, overruns: list) -> None:
    """The viewport, --full-page or --selector region at --scale, encoded by the file's extension.
    A page taller than the pixel budget allows is cut at the bottom (and stderr says so)."""
    from .raster.capture import capture, capture_png, encode, output_format

    height, full_page = args.height, args.full_page
    if full_page and not args.selector:
        height, full_page = max(1, int(round(page.layout.document_height))), False
    if not args.selector:
        height, cut = budgets.clip_canvas(args.width, height, args.scale, limits)
        if cut:
            overruns.append(cut)
    transparent = args.background == "transparent"
    fmt = output_format(output)
    if fmt == "PNG":
        # raster and encode run together, in strips, on every core: `raster` is this process's own
        # strip, `encode` the rest (compressing, the other strips, writing)
        raster_seconds = [0.0]

        def write(handle) -> None:
            raster_seconds[0] = capture_png(page, handle, args.width, height, args.scale, full_page,
                                            args.selector, transparent)
        started = time.perf_counter()
        write_atomically(output, write)
        page.timings["raster"] = raster_seconds[0]
        page.timings["encode"] = time.perf_counter() - started - raster_seconds[0]
        return
    with _timed(page.timings, "raster"):
        image = capture(page, args.width, height, args.scale, full_page, args.selector, transparent)
    write_atomically(output, lambda handle: encode(image, fmt, handle), page.timings)


def write_atomically(path: str, writer, timings: dict | None = None) -> None:
    """Write to a temporary file beside `path`, then rename: never a half-written file."""
    import tempfile

    directory = os.path.dirname(os.path.abspath(path)) or "."
    start = time.perf_counter()
    if os.path.exists(path) and not os.path.isfile(path):
        # /dev/null, a FIFO, a terminal: written in place (a rename would replace the device itself)
        try:
            with open(path, "wb") as out:
                writer(out)
        except OSError as exc:
            raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from None
        if timings is not None:
            timings["encode"] = time.perf_counter() - start
        return
    try:
        handle, tmp = tempfile.mkstemp(prefix=".minibrowser-", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            writer(out)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; an output file gets the usual mode
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if timings is not None:
        timings["encode"] = time.perf_counter() - start


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in SUBCOMMANDS:
            gc.enable()   # a subcommand may load many pages (reftest): __main__ turned it off
            import importlib
            module = importlib.import_module(SUBCOMMANDS[argv[0]])
            return module.main(argv[1:])
        return run_render(argv)
    except BrowserError as exc:
        print(f"minibrowser: {exc.one_line()}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("minibrowser: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return ExitCode.OK
    except MemoryError:   # a budget the page found that the flags did not: say so, in one line
        print("minibrowser: budget exceeded: out of memory (lower --max-dom-nodes, --max-image-pixels or "
              "--max-canvas-pixels)", file=sys.stderr)
        return ExitCode.BUDGET
    except RecursionError:
        print("minibrowser: internal error: the document is nested too deeply", file=sys.stderr)
        return ExitCode.INTERNAL
    except Exception as exc:  # a bug: say so in one line, the traceback only on request
        if os.environ.get("MINIBROWSER_DEBUG"):
            raise
        print(f"minibrowser: internal error: {type(exc).__name__}: {sanitize(str(exc))[:200]}", file=sys.stderr)
        return ExitCode.INTERNAL


def run() -> None:
    """The `minibrowser` program: main(), then the process ends.  Rendering one page ends without
    tearing the interpreter down: that frees the page's objects one by one and runs a last full
    garbage collection, ~50 ms on a small page (a sixth of a text-mode run), for memory the system
    takes back anyway.  By then the output is written and closed (write_atomically), the fetcher's
    threads and connections closed (run_render); what is still buffered is flushed here.
    Subcommands exit the ordinary way."""
    argv = sys.argv[1:]
    status = main(argv)
    if argv and argv[0] in SUBCOMMANDS:
        sys.exit(status)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):   # a closed pipe: nothing more can be said
            pass
    os._exit(int(status))


if __name__ == "__main__":
    run()
