"""Text mode speed: `minibrowser --text` against `lynx -dump`, whole process, side by side.

    python bench/text_bench.py [PAGE ...] [--rounds 15] [--runs 3]

Each command runs once to warm the file cache (and to let Python write its
bytecode cache: PYTHONDONTWRITEBYTECODE is dropped from the environment, as an
installed package has its .pyc files), then `--rounds` times alternately.
Reported per command: the median wall-clock time and the median CPU time
(user + system, from the child's resource usage), and the ratio of each —
the issue's target is at most 15×.  Whole process means what a user waits
for: interpreter start-up and imports included.  On a busy machine the CPU
ratio is the steadier figure.  Default page: pages/index.html (small: ~600
words, 12 links).  `--runs N` repeats the whole side-by-side measurement N
times and reports each run's ratios and their median (the verdict uses the
median), so that one burst of load on a shared machine does not decide it.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import resource
import shutil
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
TARGET = 15.0


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, timeout=120,
                   env=ENV)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", default=[str(ROOT / "pages" / "index.html")])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--runs", type=int, default=1, help="repeat the whole measurement (default 1)")
    args = parser.parse_args()
    lynx = shutil.which("lynx")
    if not lynx:
        print("text_bench: lynx is not installed (apt-get install lynx)", file=sys.stderr)
        return 1
    worst = 0.0
    for page in args.pages:
        ours = [sys.executable, "-m", "minibrowser", page, "--text", "--color", "never"]
        theirs = [lynx, "-dump", "-nocolor", page]
        timed(ours), timed(theirs)
        ratios: list[tuple[float, float]] = []
        for run in range(1, args.runs + 1):
            wall_ratio, cpu_ratio = measure(ours, theirs, args.rounds, f"{pathlib.Path(page).name}, run {run}")
            ratios.append((wall_ratio, cpu_ratio))
        wall_ratio = statistics.median(w for w, _ in ratios)
        cpu_ratio = statistics.median(c for _, c in ratios)
        if args.runs > 1:
            print(f"{pathlib.Path(page).name}: median of {args.runs} runs: wall {wall_ratio:5.1f}x    "
                  f"cpu {cpu_ratio:5.1f}x    target <= {TARGET:g}x")
        worst = max(worst, min(wall_ratio, cpu_ratio))
    return 0 if worst <= TARGET else 3


def measure(ours: list[str], theirs: list[str], rounds: int, label: str) -> tuple[float, float]:
    """`rounds` runs of each command, alternately; prints the medians; returns the (wall, CPU) ratios."""
    runs: dict[str, list[tuple[float, float]]] = {"minibrowser": [], "lynx": []}
    for _ in range(rounds):
        runs["minibrowser"].append(timed(ours))
        runs["lynx"].append(timed(theirs))
    medians = {name: (statistics.median(w for w, _ in values), statistics.median(c for _, c in values))
               for name, values in runs.items()}
    wall_ratio = medians["minibrowser"][0] / medians["lynx"][0]
    cpu_ratio = medians["minibrowser"][1] / max(medians["lynx"][1], 1e-4)
    print(f"{label} ({rounds} rounds, medians):")
    for name, (wall, cpu) in medians.items():
        print(f"  {name:12s} wall {wall * 1000:7.1f} ms   cpu {cpu * 1000:7.1f} ms")
    print(f"  ratio        wall {wall_ratio:5.1f}x    cpu {cpu_ratio:5.1f}x    target <= {TARGET:g}x")
    return wall_ratio, cpu_ratio


if __name__ == "__main__":
    sys.exit(main())
