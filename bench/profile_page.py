"""Where the time of one page load goes: per stage, per package, per function (cProfile).

    python bench/profile_page.py PAGE [--text] [--full-page] [--top 25] [--save FILE.prof]
    python bench/profile_page.py docs-700k --full-page      # a page of the generated corpus, by name
    python bench/profile_page.py pages/index.html --imports  # import time by package, in a child process

Runs `minibrowser PAGE --timings` in this process under cProfile and prints
the stage line, then own time (tottime) summed by package — minibrowser's
subpackages, and each third-party library — then the functions with the most
own time and the most cumulative time.  cProfile roughly doubles the run time
of Python-heavy code; the shares, not the seconds, are the finding.  A saved
profile opens in snakeviz or `python -m pstats`.

On small pages most of the time is importing modules, which cProfile shows
poorly: `--imports` runs the page in a fresh interpreter under
`python -X importtime` (three times, keeping each module's smallest own time)
and sums own import time by package.  With PYTHONDONTWRITEBYTECODE set,
every run compiles the sources again and imports look twice as slow as an
installed package's; both modes warn about it.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)


def package_of(filename: str) -> str:
    """'…/minibrowser/layout/inline.py' → 'minibrowser.layout'; '…/site-packages/PIL/Image.py' → 'PIL'."""
    path = filename.replace("\\", "/")
    if "/minibrowser/" in path:
        parts = path.split("/minibrowser/", 1)[1].split("/")
        return "minibrowser." + (parts[0] if len(parts) > 1 else parts[0].removesuffix(".py"))
    if "site-packages/" in path:
        return path.split("site-packages/", 1)[1].split("/")[0].removesuffix(".py")
    if path.startswith("~") or path.startswith("<"):
        return "builtins (C)"
    return "stdlib"


def import_times(page: str, extra: list[str], runs: int = 3) -> dict[str, float]:
    """Each module's smallest own import time (seconds) over `runs` fresh interpreters."""
    import re
    import subprocess

    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("PYTHONPYCACHEPREFIX", os.path.join(HERE, "results", "pycache"))
    best: dict[str, float] = {}
    out = os.path.join(tempfile.gettempdir(), "profile-page-imports.png")
    for _ in range(runs + 1):        # the first run fills the bytecode cache
        done = subprocess.run([sys.executable, "-X", "importtime", "-m", "minibrowser", page, *extra],
                              capture_output=True, text=True, env=env, cwd=os.path.dirname(HERE))
        times = {}
        for line in done.stderr.splitlines():
            match = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s*(\S+)", line)
            if match:
                times[match.group(2)] = int(match.group(1)) / 1e6
        if _ > 0:
            for name, seconds in times.items():
                best[name] = min(best.get(name, seconds), seconds)
    if os.path.exists(out):
        os.unlink(out)
    return best


def print_imports(page: str, args) -> None:
    extra = ["--text"] if args.text else ["-o", os.path.join(tempfile.gettempdir(), "profile-page-imports.png")]
    best = import_times(page, extra)
    by_package: dict[str, float] = {}
    for name, seconds in best.items():
        parts = name.split(".")
        key = ".".join(parts[:2]) if parts[0] == "minibrowser" else parts[0]
        by_package[key] = by_package.get(key, 0.0) + seconds
    total = sum(best.values())
    print(f"\n## own import time by package (total {total * 1000:.0f} ms, best of 3 runs)\n")
    for key, seconds in sorted(by_package.items(), key=lambda kv: -kv[1])[:args.top]:
        print(f"  {seconds * 1000:7.1f} ms  {100 * seconds / total:5.1f} %  {key}")
    print(f"\n## top {args.top} modules by own import time\n")
    for name, seconds in sorted(best.items(), key=lambda kv: -kv[1])[:args.top]:
        print(f"  {seconds * 1000:7.1f} ms  {name}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("page", help="a path, a URL, or the name of a generated corpus page (docs-700k)")
    parser.add_argument("--text", action="store_true")
    parser.add_argument("--full-page", action="store_true")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--save", metavar="FILE", help="write the raw profile here")
    parser.add_argument("--imports", action="store_true", help="import time by package instead (child processes)")
    args = parser.parse_args()
    if sys.flags.dont_write_bytecode:
        print("note: PYTHONDONTWRITEBYTECODE is set: imports compile from source and look ~2x slower",
              file=sys.stderr)

    page = args.page
    if not os.path.exists(page) and "://" not in page:
        import corpus
        name = page if page.endswith(".html") else page + ".html"
        if name in corpus.GENERATED:
            page = corpus.write_corpus(os.path.join(HERE, "results", "corpus"))[name]
    if args.imports:
        print_imports(page, args)
        return 0
    from minibrowser.cli import main as cli_main

    out = tempfile.NamedTemporaryFile(suffix=".png", delete=False)
    out.close()
    argv = [page, "--timings"] + (["--text"] if args.text else ["-o", out.name])
    argv += ["--full-page"] if args.full_page else []
    profiler = cProfile.Profile()
    real_stdout = sys.stdout
    sys.stdout = io.StringIO()   # text mode's output is not the point here
    try:
        profiler.runcall(cli_main, argv)
    finally:
        sys.stdout = real_stdout
        os.unlink(out.name)
    if args.save:
        profiler.dump_stats(args.save)
    stats = pstats.Stats(profiler)
    total = sum(row[2] for row in stats.stats.values())
    by_package: dict[str, float] = {}
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        key = package_of(filename)
        by_package[key] = by_package.get(key, 0.0) + tottime
    print(f"\n## own time by package (total {total:.2f} s under cProfile)\n")
    for key, seconds in sorted(by_package.items(), key=lambda kv: -kv[1])[:20]:
        print(f"  {seconds:7.2f} s  {100 * seconds / total:5.1f} %  {key}")
    for order, title in (("tottime", "own time"), ("cumulative", "cumulative time")):
        print(f"\n## top {args.top} functions by {title}\n")
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).strip_dirs().sort_stats(order).print_stats(args.top)
        text = buffer.getvalue()
        print(text[text.find("   ncalls"):].rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
