"""Start-up and --timings: what a user sees when asking for help, loading a tiny page, or timing a load.

No test here times anything against a threshold (the benchmark, bench/run.py, does that); they check
which libraries a command loads and that the --timings breakdown is complete and adds up.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from minibrowser.cli import timings_line
from minibrowser.pipeline import Stopwatch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HEAVY = ("PIL", "fontTools", "cssselect2", "tinycss2", "html5lib")

# runs the CLI in a fresh interpreter and prints which heavy libraries ended up imported
PROBE = """
import json, sys
from minibrowser.cli import main
try:
    status = main(sys.argv[1:])
except SystemExit as exc:
    status = exc.code
sys.stdout.flush()
print(json.dumps({"status": status, "loaded": sorted(m for m in %r if m in sys.modules)}), file=sys.stderr)
""" % (HEAVY,)


def probe(*args: str, cwd: str) -> tuple[int, list[str], str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=cwd,
                          timeout=120)
    report = json.loads(done.stderr.strip().splitlines()[-1])
    return report["status"], report["loaded"], done.stderr


def test_help_loads_no_engine_library(tmp_path):
    status, loaded, _ = probe("--help", cwd=str(tmp_path))
    assert status == 0
    assert loaded == []


def test_usage_error_loads_no_engine_library(tmp_path):
    status, loaded, _ = probe("page.html", "--width", "0", cwd=str(tmp_path))
    assert status == 2
    assert loaded == []


def test_text_mode_needs_neither_pillow_nor_fonttools(tmp_path):
    page = tmp_path / "tiny.html"
    page.write_text("<!doctype html><title>t</title><p>Hello, <b>world</b>.</p>")
    status, loaded, _ = probe(str(page), "--text", cwd=str(tmp_path))
    assert status == 0
    assert "PIL" not in loaded and "fontTools" not in loaded
    assert "html5lib" in loaded and "cssselect2" in loaded   # the parse and style stages did run


def parse_line(line: str) -> dict[str, float]:
    out = {}
    for item in line.split():
        name, _, value = item.partition("=")
        assert value.endswith("ms"), item
        out[name] = float(value[:-2])
    return out


@pytest.mark.parametrize("mode", [["--text"], ["-o", "out.png"]])
def test_timings_name_every_stage_and_add_up(tmp_path, mode):
    page = tmp_path / "page.html"
    page.write_text("<!doctype html><style>p { color: navy }</style><h1>Title</h1><p>Some text.</p>"
                    "<img src='missing.png' alt=x>")
    done = subprocess.run([sys.executable, "-m", "minibrowser", str(page), "--timings", *mode],
                          capture_output=True, text=True, cwd=str(tmp_path), timeout=120)
    assert done.returncode == 0, done.stderr
    line = [ln for ln in done.stderr.splitlines() if "total=" in ln][-1]
    stages = parse_line(line)
    expected = ["startup", "fetch", "parse", "css", "fonts", "style", "boxes", "layout", "paint", "raster"]
    expected += [] if mode == ["--text"] else ["images", "encode"]
    for name in expected:
        assert name in stages, f"{name} missing from {line}"
    assert list(stages)[0] == "startup" and list(stages)[-2:] == ["other", "total"]
    assert all(value >= 0 for value in stages.values())
    parts = sum(v for k, v in stages.items() if k != "total")
    assert abs(parts - stages["total"]) <= 0.1 * len(stages)   # each figure is rounded to 0.1 ms
    if mode != ["--text"]:
        assert (tmp_path / "out.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_stopwatch_charges_nested_time_to_the_inner_stage_only():
    watch = Stopwatch()
    started = time.perf_counter()
    with watch.measure("css"):
        time.sleep(0.02)
        with watch.measure("fetch-css"):
            time.sleep(0.05)
        time.sleep(0.02)
    with watch.measure("css"):          # a stage measured twice accumulates
        time.sleep(0.01)
    elapsed = time.perf_counter() - started
    # sleeps may overrun on a busy machine, never underrun: check bounds, and that nothing is counted twice
    assert watch.timings["fetch-css"] >= 0.05 and watch.timings["css"] >= 0.05
    assert watch.timings["css"] < elapsed - watch.timings["fetch-css"] + 0.001
    assert sum(watch.timings.values()) == pytest.approx(elapsed, abs=0.01)


def test_timings_line_puts_the_unclaimed_rest_in_other():
    line = timings_line({"parse": 0.010, "layout": 0.020}, startup=0.005, total=0.040)
    assert parse_line(line) == {"startup": 5.0, "parse": 10.0, "layout": 20.0, "other": 5.0, "total": 40.0}
