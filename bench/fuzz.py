"""Fuzz the whole engine with generated structured pages: ≥ 10,000 cases by default.

    python bench/fuzz.py [--cases 10000] [--workers 2] [--seed 1] [--batch 250] [--out DIR] [--memory-mb 3072]

The pages come from tests/hardening/fuzz_pages.py (hypothesis strategies: real element trees
with hostile attributes, inline styles and stylesheets).  Each case is loaded on both surfaces in
turn (odd cases as PNG, even ones in text mode) and checked: no exception escapes, geometry is
finite and sane, the PNG has the viewport's size, text output has no control characters.  Unlike
the CI test, a failing case does not stop the run: every failure is counted, grouped by where it
was raised, and the smallest page of each group is written to --out for a bug report.  The cases
run in batches of --batch (each batch its own seed), and a running tally is printed on stderr after
each, so a run cut short still says how far it got.
"""
from __future__ import annotations

import argparse
import collections
import multiprocessing
import os
import sys
import time
import traceback

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _worker(args: tuple[int, int, str, int]) -> dict:
    count, seed_value, out, memory_mb = args
    # a case that asks for more memory fails with MemoryError, counted like any exception, instead of
    # the kernel's OOM killer ending the worker (which loses the batch and hangs the pool)
    import resource
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    sys.path.insert(0, ROOT)
    os.environ.setdefault("MINIBROWSER_FONTS", "bundled")
    from hypothesis import HealthCheck, given, seed, settings

    from tests.hardening.fuzz_pages import check, pages

    stats = {"cases": 0, "failures": collections.Counter(), "examples": {}, "slowest": 0.0}

    @seed(seed_value)
    @settings(max_examples=count, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(pages())
    def run(html: str) -> None:
        index = stats["cases"]
        stats["cases"] += 1
        started = time.perf_counter()
        try:
            check(html, text_mode=index % 2 == 0)
        except Exception as exc:   # counted and kept, never fatal: the point is to see them all
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            key = f"{type(exc).__name__} at {os.path.relpath(frame.filename, ROOT)}:{frame.lineno}"
            stats["failures"][key] += 1
            if key not in stats["examples"] or len(html) < len(stats["examples"][key][0]):
                stats["examples"][key] = (html, str(exc)[:300])
        stats["slowest"] = max(stats["slowest"], time.perf_counter() - started)

    run()
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=max(1, min(4, os.cpu_count() or 1)))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=250, help="cases per job (one seed each)")
    parser.add_argument("--out", default=os.path.join(ROOT, "bench", "results", "fuzz"))
    parser.add_argument("--memory-mb", type=int, default=3072, help="address-space cap of each worker")
    args = parser.parse_args(argv)
    batches = -(-args.cases // args.batch)
    started = time.perf_counter()
    jobs = [(args.batch, args.seed * 100_000 + i, args.out, args.memory_mb) for i in range(batches)]
    results = []
    with multiprocessing.get_context("spawn").Pool(args.workers) as pool:
        for result in pool.imap_unordered(_worker, jobs):
            results.append(result)
            print(f"... {sum(r['cases'] for r in results):,} cases, "
                  f"{sum(sum(r['failures'].values()) for r in results):,} failed, "
                  f"{time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    elapsed = time.perf_counter() - started
    cases = sum(r["cases"] for r in results)
    failures: collections.Counter = collections.Counter()
    examples: dict = {}
    for r in results:
        failures.update(r["failures"])
        for key, (html, message) in r["examples"].items():
            if key not in examples or len(html) < len(examples[key][0]):
                examples[key] = (html, message)
    failed = sum(failures.values())
    print(f"{cases:,} cases ({args.workers} workers, seed {args.seed}) in {elapsed:.0f} s "
          f"({cases / elapsed:.1f} cases/s, slowest {max(r['slowest'] for r in results):.1f} s): "
          f"{failed:,} failed, {len(failures)} distinct")
    if failures:
        os.makedirs(args.out, exist_ok=True)
        for n, (key, number) in enumerate(failures.most_common(), 1):
            html, message = examples[key]
            path = os.path.join(args.out, f"failure-{n}.html")
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(html)
            print(f"  {number:6,}  {key}: {message[:120]!r}  (smallest: {path})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
