"""Hostile HTTP servers, each met by a fresh `minibrowser` process: the README's figures.

    python bench/hostile_servers.py [--only NAME,...] [--defaults] [--json FILE]

The servers and their expected exit statuses are the table in
tests/hardening/test_hostile_servers.py (SERVERS); this runs each one twice in a child process,
with wall time and peak resident memory from os.wait4:

- as the page (`-o page.png`; the text for the cases that render): the exit status must be the
  table's, stderr one line without a traceback, and no file left behind;
- behind a stylesheet and an image of a good page (`--dump boxes`): the page must render.

With `--defaults` only the cases the tests run under a small size budget run, as the page, under
the default budgets and --max-time 60 instead (the bombs then inflate to 200 MiB before they are
stopped, the endless bodies grow to 100 MiB): the memory figures that matter.  Each must end with
63 (a size budget) or 28 (time), in one line.
"""
from __future__ import annotations

import argparse
import http.server
import importlib.util
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass

ROOT = pathlib.Path(__file__).resolve().parents[1]
BUDGET_FLAGS = ("--max-response-size", "--max-decompressed-size")


def _load(name: str, path: pathlib.Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module          # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


sys.path.insert(0, str(ROOT))
servers = _load("hostile_servers_table", ROOT / "tests" / "hardening" / "test_hostile_servers.py")
certificates = _load("hardening_conftest", ROOT / "tests" / "hardening" / "conftest.py")


@dataclass
class Run:
    status: int
    wall: float
    peak_mb: float
    stdout: bytes
    stderr: str


def run(argv: list[str], cwd: str, timeout: float) -> Run:
    env = dict(os.environ, MINIBROWSER_FONTS="bundled")
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen([sys.executable, "-m", "minibrowser", *argv], stdout=out, stderr=err,
                                 cwd=cwd, env=env)
        timer = threading.Timer(timeout, child.kill)
        timer.start()
        _, wait_status, usage = os.wait4(child.pid, 0)
        timer.cancel()
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        return Run(os.waitstatus_to_exitcode(wait_status), wall, usage.ru_maxrss / 1024, out.read(),
                   err.read().decode("utf-8", "replace"))


def without_budgets(args: tuple[str, ...]) -> list[str]:
    out, skip = [], False
    for arg in args:
        if skip:
            skip = False
        elif arg in BUDGET_FLAGS:
            skip = True
        else:
            out.append(arg)
    return out


class _PageHandler(http.server.BaseHTTPRequestHandler):
    page = b""

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(self.page)))
        self.end_headers()
        self.wfile.write(self.page)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated case names")
    parser.add_argument("--defaults", action="store_true", help="default budgets, not the tests' small ones")
    parser.add_argument("--json", help="write the results here as JSON")
    parser.add_argument("--page-time", type=float, default=5, help="--max-time of the good page in front of "
                        "each server (default 5; more on a loaded machine, where a fresh process needs seconds "
                        "of wall time just to start)")
    args = parser.parse_args(argv)
    cases = [c for c in servers.SERVERS if not args.only or c.name in args.only.split(",")]
    directory = tempfile.mkdtemp(prefix="minibrowser-servers-")
    certs = certificates.make_certs(pathlib.Path(directory))
    if args.defaults:
        return under_default_budgets([c for c in cases if without_budgets(c.args) != list(c.args)], directory,
                                     certs, args.json)
    rows, failures = [], 0
    print("| case | what | as the page: exit | time s | peak MB | behind a stylesheet and an image: exit | "
          "time s |\n|---|---|---|---:|---:|---|---:|")
    for case in cases:
        server = servers.HostileServer(case.script, getattr(certs, case.tls) if case.tls else None, case.https)
        budget_args = list(case.args)
        common = ["--max-time", f"{case.max_time:g}", "--cacert", certs.ca_path, *budget_args]
        output = os.path.join(directory, "page.png")
        as_page = run([server.url("/"), *common, *(["--text"] if case.status == 0 else ["-o", output])],
                      directory, 300)
        lines = as_page.stderr.strip().splitlines()
        page_ok = (as_page.status == case.status and "Traceback" not in as_page.stderr
                   and (case.status == 0 or (len(lines) == 1 and not os.path.exists(output))))
        _PageHandler.page = servers.page_with_subresources_from(server)
        good = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _PageHandler)
        threading.Thread(target=good.serve_forever, daemon=True).start()
        sub_time = args.page_time
        behind = run([f"http://127.0.0.1:{good.server_address[1]}/", "--dump", "boxes", "--max-time", f"{sub_time:g}",
                      "--cacert", certs.ca_path, *budget_args], directory, 300)
        good.shutdown()
        good.server_close()
        server.close()
        sub_ok = b"the page itself" in behind.stdout and "Traceback" not in behind.stderr
        failures += not (page_ok and sub_ok)
        rows.append({"case": case.name, "what": case.what, "status": as_page.status, "wall": as_page.wall,
                     "peak_mb": as_page.peak_mb, "sub_status": behind.status, "sub_wall": behind.wall,
                     "sub_peak_mb": behind.peak_mb, "message": lines[-1] if lines else "",
                     "ok": page_ok and sub_ok})
        mark = "" if page_ok and sub_ok else " **FAIL**"
        print(f"| {case.name} | {case.what} | {as_page.status}{mark} | {as_page.wall:.1f} | {as_page.peak_mb:.0f} | "
              f"{behind.status}, {'rendered' if sub_ok else 'NOT RENDERED'} | {behind.wall:.1f} |", flush=True)
        print(f"    {lines[-1][:160] if lines else ''}", file=sys.stderr, flush=True)
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(rows, handle, indent=1)
    return 1 if failures else 0


def under_default_budgets(cases: list, directory: str, certs, json_path: str | None) -> int:
    rows, failures = [], 0
    print("| case | what | exit | time s | peak MB | stderr |\n|---|---|---|---:|---:|---|")
    for case in cases:
        server = servers.HostileServer(case.script, getattr(certs, case.tls) if case.tls else None, case.https)
        output = os.path.join(directory, "page.png")
        result = run([server.url("/"), "--max-time", "60", "-o", output, *without_budgets(case.args)], directory, 300)
        server.close()
        lines = result.stderr.strip().splitlines()
        ok = (result.status in (28, 63) and len(lines) == 1 and "Traceback" not in result.stderr
              and not os.path.exists(output))
        failures += not ok
        rows.append({"case": case.name, "what": case.what, "status": result.status, "wall": result.wall,
                     "peak_mb": result.peak_mb, "message": lines[-1] if lines else "", "ok": ok})
        print(f"| {case.name} | {case.what} | {result.status}{'' if ok else ' **FAIL**'} | {result.wall:.1f} | "
              f"{result.peak_mb:.0f} | {lines[-1].replace('|', '/') if lines else ''} |", flush=True)
    if json_path:
        with open(json_path, "w") as handle:
            json.dump(rows, handle, indent=1)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
