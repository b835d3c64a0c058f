"""The speed benchmark: minibrowser against WeasyPrint, headless Chromium, w3m and lynx, in one run.

    python bench/run.py [--reps 3] [--timeout 120] [--pages NAME,...] [--tools NAME,...] [--quick]
                        [--baseline DIR]     # DIR: another checkout, e.g. `git worktree add DIR HEAD~5`

The corpus is every page in pages/ plus the generated large pages of
bench/corpus.py (a 50 KB article, 2,000 and 20,000 list items, a 700 KB
documentation page, a 2,000-deep element chain).  Every command is a whole
process, timed from spawn to exit, and the figure kept is the median of
`--reps` repetitions; its peak memory is the child's own maximum resident set
size (os.wait4).  A command that passes `--timeout` is killed, reported as
"> timeout", and not repeated; one that takes over `--slow` seconds is not
repeated either (WeasyPrint needs minutes for the 700 KB page).

Peers, each skipped with a message when it is missing:

    apt-get install chromium w3m lynx          # Debian packages
    python3 -m pip install weasyprint html5lib  # PyPI (WeasyPrint: for the system python3, or on PATH)

Results go to bench/results/ (ignored by git) as JSON beside the printed table,
so two runs — before and after a change — can be compared.  Python children
get a bytecode cache there (PYTHONPYCACHEPREFIX), as an installed package has.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import corpus  # noqa: E402  (bench/corpus.py)

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars", "--window-size=800,600"]
TIMING_STAGES = ("startup", "fetch", "parse", "css", "fetch-css", "fonts", "fetch-fonts", "style", "images",
                 "fetch-images", "boxes", "layout", "paint", "raster", "encode", "other", "total")


@dataclass
class Tool:
    """One command to time: `argv(page, out)` gives its arguments; `missing` says why it cannot run."""

    name: str
    what: str
    argv: object
    missing: str = ""
    timings: bool = False    # minibrowser: parse --timings from stderr
    cwd: str = ROOT          # `python -m minibrowser` runs the package of this checkout


@dataclass
class Run:
    seconds: float | None     # None: timed out
    max_rss_kb: int
    cpu: float                # user + system seconds of the child and the children it waited for
    status: int
    stages: dict = field(default_factory=dict)


def find_python_with(module: str) -> str | None:
    """The first interpreter (this one, then the system python3) that can import `module`."""
    for python in (sys.executable, shutil.which("python3"), "/usr/bin/python3"):
        if python and subprocess.run([python, "-c", f"import {module}"], capture_output=True).returncode == 0:
            return python
    return None


def minibrowser_tools(checkout: str, prefix: str, label: str) -> list[Tool]:
    """PNG (viewport), PNG (full page) and text runs of the minibrowser package in `checkout`."""
    me = [sys.executable, "-m", "minibrowser"]
    helptext = subprocess.run(me + ["--help"], capture_output=True, text=True, cwd=checkout).stdout
    # the whole page, not cut at the default 50-megapixel output budget (the rasterizer's own limit stays)
    uncut = ["--max-image-pixels", "200000000"] if "--max-image-pixels" in helptext else []
    return [
        Tool(f"{prefix}-png", f"{label} → PNG, 800x600 viewport",
             lambda page, out: me + [page, "-o", out + ".png", "--timings"], timings=True, cwd=checkout),
        Tool(f"{prefix}-full", f"{label} → PNG, full page {' '.join(uncut)}",
             lambda page, out: me + [page, "-o", out + ".png", "--full-page", *uncut, "--timings"], timings=True,
             cwd=checkout),
        Tool(f"{prefix}-text", f"{label} → text, 80 columns",
             lambda page, out: me + [page, "--text", "--timings"], timings=True, cwd=checkout),
    ]


def make_tools(profile_dir: str, baseline: str | None) -> list[Tool]:
    tools = minibrowser_tools(ROOT, "mb", "minibrowser")
    if baseline:
        tools += minibrowser_tools(os.path.abspath(baseline), "base", f"minibrowser in {baseline}")
    weasy_python = find_python_with("weasyprint")
    weasy_cli = shutil.which("weasyprint")
    if weasy_python:
        weasy = lambda page, out: [weasy_python, "-m", "weasyprint", page, out + ".pdf"]  # noqa: E731
    elif weasy_cli:
        weasy = lambda page, out: [weasy_cli, page, out + ".pdf"]  # noqa: E731
    else:
        weasy = None
    tools.append(Tool("weasyprint", "WeasyPrint HTML → PDF", weasy,
                      "" if weasy else "not installed (python3 -m pip install weasyprint)"))
    chromium = next((c for c in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser"),
                                 shutil.which("google-chrome")) if c and os.path.exists(c)), None)
    tools.append(Tool("chromium", "headless Chromium --screenshot 800x600",
                      (lambda page, out: [chromium] + CHROMIUM_FLAGS +
                       [f"--user-data-dir={profile_dir}", f"--screenshot={out}.png", "file://" + page])
                      if chromium else None,
                      "" if chromium else "not installed (apt-get install chromium)"))
    for name, args in (("w3m", ["-dump", "-cols", "80"]), ("lynx", ["-dump", "-width=80"])):
        path = shutil.which(name)
        tools.append(Tool(name, f"{name} -dump", (lambda page, out, p=path, a=args: [p] + a + [page])
                          if path else None, "" if path else f"not installed (apt-get install {name})"))
    parse_python = find_python_with("html5lib")
    tools.append(Tool("html5lib", "html5lib.parse alone (the floor)",
                      (lambda page, out: [parse_python, "-c",
                                          "import sys, html5lib; html5lib.parse(open(sys.argv[1], 'rb').read())",
                                          page]) if parse_python else None,
                      "" if parse_python else "not installed (pip install html5lib)"))
    return tools


def child_env(results: str) -> dict:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = os.path.join(results, "pycache")
    return env


def run_once(argv: list[str], timeout: float, env: dict, cwd: str = ROOT) -> Run:
    """Spawn, wait, and read the child's own rusage; kill its whole process group at the timeout."""
    stderr = tempfile.TemporaryFile()
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=stderr, stdin=subprocess.DEVNULL,
                            start_new_session=True, env=env, cwd=cwd)
    timed_out = threading.Event()

    def kill() -> None:
        timed_out.set()
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    timer = threading.Timer(timeout, kill)
    timer.start()
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # Chromium's helpers outlive the browser process now and then
    except (ProcessLookupError, PermissionError):
        pass
    stderr.seek(0)
    text = stderr.read().decode("utf-8", "replace")
    stages = parse_timings(text)
    if proc.returncode != 0 and not timed_out.is_set():
        last = text.strip().splitlines()[-1:] or ["(no message)"]
        print(f"    exit {proc.returncode}: {last[0][:160]}", file=sys.stderr)
    return Run(None if timed_out.is_set() else elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime,
               proc.returncode, stages)


def parse_timings(stderr: str) -> dict:
    """`--timings` prints one line `stage=12.3ms stage=...` on stderr."""
    for line in reversed(stderr.splitlines()):
        if "total=" in line:
            stages = {}
            for item in line.split():
                name, _, value = item.partition("=")
                if value.endswith("ms"):
                    try:
                        stages[name] = float(value[:-2]) / 1000
                    except ValueError:
                        pass
            return stages
    return {}


@dataclass
class Cell:
    """All runs of one tool on one page."""

    runs: list[Run] = field(default_factory=list)

    @property
    def timed_out(self) -> bool:
        return any(r.seconds is None for r in self.runs)

    @property
    def median(self) -> float | None:
        done = [r.seconds for r in self.runs if r.seconds is not None]
        return statistics.median(done) if done and not self.timed_out else None

    @property
    def cpu_median(self) -> float | None:
        done = [r.cpu for r in self.runs if r.seconds is not None]
        return statistics.median(done) if done and not self.timed_out else None

    @property
    def peak_mb(self) -> float:
        return max((r.max_rss_kb for r in self.runs), default=0) / 1024

    @property
    def stages(self) -> dict:
        """The --timings line of the median run."""
        done = sorted((r for r in self.runs if r.seconds is not None), key=lambda r: r.seconds)
        return done[len(done) // 2].stages if done else {}

    @property
    def failed(self) -> bool:
        return any(r.status != 0 and r.seconds is not None for r in self.runs)


def fmt_time(cell: Cell | None, timeout: float) -> str:
    if cell is None or not cell.runs:
        return "—"
    if cell.timed_out:
        return f"> {timeout:.0f} s"
    text = f"{cell.median:.2f}"
    return text + "!" if cell.failed else text


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}×" if a and b else "—"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=3, help="repetitions per command (median kept; default 3)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a command is killed")
    parser.add_argument("--slow", type=float, default=20.0, help="a first run longer than this is not repeated")
    parser.add_argument("--pages", help="comma-separated page names (default: all)")
    parser.add_argument("--tools", help="comma-separated tool names (default: all)")
    parser.add_argument("--quick", action="store_true", help="one repetition, 30 s timeout")
    parser.add_argument("--results", default=os.path.join(HERE, "results"), help="where JSON and outputs go")
    parser.add_argument("--baseline", metavar="DIR",
                        help="another checkout (git worktree add DIR OLD-COMMIT) timed in the same run, "
                             "interleaved, for before/after figures under the same load")
    args = parser.parse_args()
    if args.quick:
        args.reps, args.timeout = 1, 30.0
    os.makedirs(args.results, exist_ok=True)
    generated = corpus.write_corpus(os.path.join(args.results, "corpus"))
    pages_dir = os.path.join(ROOT, "pages")
    pages = {name: os.path.join(pages_dir, name) for name in sorted(os.listdir(pages_dir)) if name.endswith(".html")}
    pages.update(generated)
    if args.pages:
        wanted = args.pages.split(",")
        pages = {n: p for n, p in pages.items() if n in wanted or n.rsplit(".", 1)[0] in wanted}
    profile_dir = tempfile.mkdtemp(prefix="bench-chromium-")
    tools = make_tools(profile_dir, args.baseline)
    if args.tools:
        tools = [t for t in tools if t.name in args.tools.split(",")]
    env = child_env(args.results)
    out_dir = os.path.join(args.results, "out")
    os.makedirs(out_dir, exist_ok=True)

    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; {args.reps} repetitions, "
          f"timeout {args.timeout:.0f} s")
    for tool in tools:
        print(f"  {tool.name:10} {tool.what}" + (f" — SKIPPED: {tool.missing}" if tool.missing else ""))
    tools = [t for t in tools if not t.missing]
    for name, path in generated.items():
        if name in pages:
            print(f"  {name:18} {corpus.describe(path)}")

    # warm-up: compile bytecode, fill the file cache, make Chromium's profile
    warm = os.path.join(pages_dir, "index.html")
    for tool in tools:
        run_once(tool.argv(warm, os.path.join(out_dir, "warmup-" + tool.name)), args.timeout, env, tool.cwd)

    cells: dict[tuple[str, str], Cell] = {}
    for name, path in pages.items():
        print(f"{name} ...", file=sys.stderr, flush=True)
        for rep in range(args.reps):
            for tool in tools:
                cell = cells.setdefault((name, tool.name), Cell())
                if cell.timed_out or (cell.runs and cell.runs[0].seconds > args.slow):
                    continue
                out = os.path.join(out_dir, f"{name.rsplit('.', 1)[0]}-{tool.name}")
                cell.runs.append(run_once(tool.argv(path, out), args.timeout, env, tool.cwd))
    shutil.rmtree(profile_dir, ignore_errors=True)
    report(pages, tools, cells, args)
    return 0


def report(pages: dict, tools: list[Tool], cells: dict, args) -> None:
    names = [t.name for t in tools]
    have = set(names)
    print("\n## Whole-process time, median of repetitions (seconds)\n")
    peers = [p for p in ("weasyprint", "chromium") if p in have]
    text_peers = [p for p in ("w3m", "lynx") if p in have]
    head = ["page"] + names + [f"png/{p}" for p in peers] + [f"text/{p}" for p in text_peers]
    rows = []
    for page in pages:
        row = [page] + [fmt_time(cells.get((page, n)), args.timeout) for n in names]
        png = cells.get((page, "mb-png"))
        text = cells.get((page, "mb-text"))
        row += [ratio(png.median if png else None, cells[(page, p)].median) for p in peers]
        row += [ratio(text.median if text else None, cells[(page, p)].median) for p in text_peers]
        rows.append(row)

    def corpus_median(tool: str) -> float | None:
        """The median over pages of each page's median; a timed-out page counts as the timeout."""
        values = []
        for page in pages:
            cell = cells.get((page, tool))
            if cell and cell.runs:
                values.append(args.timeout if cell.timed_out else cell.median)
        return statistics.median(values) if values else None
    medians = {n: corpus_median(n) for n in names}

    def corpus_cpu(tool: str) -> float | None:
        values = [cells[(p, tool)].cpu_median for p in pages if (p, tool) in cells]
        values = [v for v in values if v is not None]
        return statistics.median(values) if values else None
    row = ["MEDIAN over corpus"] + [f"{medians[n]:.2f}" if medians[n] is not None else "—" for n in names]
    row += [ratio(medians.get("mb-png"), medians[p]) for p in peers]
    row += [ratio(medians.get("mb-text"), medians[p]) for p in text_peers]
    rows.append(row)
    print_table(head, rows)
    print("('!' after a time: the command exited non-zero; '> N s': killed at the timeout)")

    print("\n## CPU time (user + system), median (seconds) — steadier than wall time on a busy machine\n")
    cpu_rows = []
    for page in pages:
        row = [page] + [f"{cells[(page, n)].cpu_median:.2f}" if (page, n) in cells and cells[(page, n)].cpu_median
                        is not None else "—" for n in names]
        png = cells.get((page, "mb-png"))
        row += [ratio(png.cpu_median if png else None, cells[(page, p)].cpu_median) for p in peers]
        cpu_rows.append(row)
    print_table(["page"] + names + [f"png/{p}" for p in peers], cpu_rows)

    print("\n## Peak memory (max RSS of the process, MB)\n")
    print_table(["page"] + names, [[page] + [f"{cells[(page, n)].peak_mb:.0f}" if (page, n) in cells else "—"
                                              for n in names] for page in pages])

    for tool in ("mb-png", "mb-text"):
        if tool not in have:
            continue
        print(f"\n## {tool}: stages of the median run (--timings, ms)\n")
        present = [s for s in TIMING_STAGES if any(s in cells[(p, tool)].stages for p in pages)]
        print_table(["page"] + present, [[page] + [f"{cells[(page, tool)].stages[s] * 1000:.0f}"
                                                   if s in cells[(page, tool)].stages else "" for s in present]
                                          for page in pages])

    print("\n## Targets\n")
    checks = []
    if "weasyprint" in have and medians.get("mb-png") and medians.get("weasyprint"):
        checks.append(("corpus median ≤ 0.25× WeasyPrint", medians["mb-png"] / medians["weasyprint"], 0.25, "×"))
    if "chromium" in have and medians.get("mb-png") and medians.get("chromium"):
        checks.append(("corpus median ≤ 1.0× Chromium", medians["mb-png"] / medians["chromium"], 1.0, "×"))
    docs = cells.get(("docs-700k.html", "mb-full"))
    if docs and docs.runs:
        checks.append(("docs-700k full-page PNG ≤ 3 s", docs.median if docs.median else float("inf"), 3.0, " s"))
        chromium_docs = cells.get(("docs-700k.html", "chromium"))
        if chromium_docs and chromium_docs.median and docs.median:
            # the same target as a ratio, for a machine slower or faster than the one it was set on:
            # 3 s when Chromium took 1.2 s for the page there
            checks.append(("docs-700k full-page PNG ≤ 2.5× Chromium's screenshot of it (3 s : 1.2 s)",
                           docs.median / chromium_docs.median, 2.5, "×"))
        checks.append(("docs-700k full-page peak memory ≤ 500 MB", docs.peak_mb, 500.0, " MB"))
    for tool in ("mb-png", "mb-text"):
        small, big = cells.get(("list-2000.html", tool)), cells.get(("list-20000.html", tool))
        if small and big and small.median and big.median:
            checks.append((f"{tool}: list-20000 ≤ 11× list-2000", big.median / small.median, 11.0, "×"))
    for label, value, limit, unit in checks:
        print(f"  {'PASS' if value <= limit else 'FAIL'}  {label}: {value:.2f}{unit}")
    cpu = {n: corpus_cpu(n) for n in ("mb-png", "weasyprint", "chromium")}
    if cpu["mb-png"] and cpu["weasyprint"] and cpu["chromium"]:
        print(f"  (the same corpus medians in CPU time: {cpu['mb-png'] / cpu['weasyprint']:.2f}× WeasyPrint, "
              f"{cpu['mb-png'] / cpu['chromium']:.2f}× Chromium)")

    if any(n.startswith("base-") for n in names):
        print("\n## Before (--baseline) and after: medians, wall / CPU seconds\n")
        kinds = [k for k in ("png", "full", "text") if f"base-{k}" in have and f"mb-{k}" in have]
        rows = []
        for page in pages:
            row = [page]
            for kind in kinds:
                before, after = cells[(page, f"base-{kind}")], cells[(page, f"mb-{kind}")]
                row += [f"{fmt_time(before, args.timeout)} / {before.cpu_median or 0:.2f}",
                        f"{fmt_time(after, args.timeout)} / {after.cpu_median or 0:.2f}",
                        ratio(after.cpu_median, before.cpu_median)]
            rows.append(row)
        head = ["page"] + [f"{label} {kind}" for kind in kinds for label in ("before", "after", "CPU after/before")]
        print_table(head, rows)

    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = os.path.join(args.results, f"run-{stamp}.json")
    with open(path, "w") as handle:
        json.dump({"reps": args.reps, "timeout": args.timeout,
                   "cells": {f"{p}|{t}": [{"seconds": r.seconds, "cpu": r.cpu, "max_rss_kb": r.max_rss_kb,
                                           "status": r.status,
                                           "stages": r.stages} for r in c.runs] for (p, t), c in cells.items()}},
                  handle, indent=1)
    print(f"\nraw results: {os.path.relpath(path, ROOT)}")


def print_table(head: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(r[i])) for r in [head] + rows) for i in range(len(head))]
    line = lambda cells: "| " + " | ".join(str(c).rjust(w) if i else str(c).ljust(w)  # noqa: E731
                                             for i, (c, w) in enumerate(zip(cells, widths))) + " |"
    print(line(head))
    print("|" + "|".join(("-" * (w + 1) + ":") if i else ("-" * (w + 2)) for i, w in enumerate(widths)) + "|")
    for row in rows:
        print(line(row))


if __name__ == "__main__":
    sys.exit(main())
