"""Do two versions of the engine give the same stage output?  (Speed work must not change a result.)

    python bench/dump_identity.py --ref HEAD                       # style, layout and display list
    python bench/dump_identity.py --ref HEAD~2 --dumps layout pages/index.html docs-700k

The commit `--ref` is checked out into a temporary git worktree; every page is then loaded by it
and by this tree, each in its own process (`python -m minibrowser PAGE --dump STAGE`, with the
package found through PYTHONPATH), and the dumps must be the same text.  It prints both
versions' CPU time per stage dump.  Default pages: `pages/*.html`, `tests/layout/pages/*.html`
and the generated corpus (bench/corpus.py).
"""
from __future__ import annotations

import argparse
import glob
import os
import resource
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

DUMPS = ("style", "layout", "display-list")
CORPUS_DIR = os.path.join(HERE, "results", "corpus")


def default_pages() -> list[str]:
    import corpus

    pages = sorted(glob.glob(os.path.join(ROOT, "pages", "*.html")))
    pages += sorted(glob.glob(os.path.join(ROOT, "tests", "layout", "pages", "*.html")))
    return pages + [path for name, path in corpus.write_corpus(CORPUS_DIR).items() if name != "deep-2000.html"]


def resolve(page: str) -> str:
    if os.path.exists(page):
        return os.path.abspath(page)
    import corpus

    name = page if page.endswith(".html") else page + ".html"
    return corpus.write_corpus(CORPUS_DIR)[name]


def dump(tree: str, page: str, stage: str) -> tuple[str, float]:
    """(the dump's text, the child's CPU seconds)."""
    env = dict(os.environ, PYTHONPATH=tree, MINIBROWSER_FONTS="bundled")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, "-m", "minibrowser", page, "--dump", stage],
                          capture_output=True, text=True, env=env, cwd=tempfile.gettempdir())
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return done.stdout + f"\n[exit {done.returncode}] " + done.stderr, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", help="paths or corpus page names (default: all)")
    parser.add_argument("--ref", default="HEAD", help="the commit to compare with (default HEAD)")
    parser.add_argument("--dumps", default=",".join(DUMPS), help="stages, comma-separated")
    args = parser.parse_args()
    pages = [resolve(page) for page in args.pages] or default_pages()
    stages = [stage for stage in args.dumps.split(",") if stage]
    with tempfile.TemporaryDirectory(prefix="dump-identity-") as scratch:
        worktree = os.path.join(scratch, "ref")
        subprocess.run(["git", "-C", ROOT, "worktree", "add", "--detach", worktree, args.ref],
                       check=True, capture_output=True)
        try:
            different = 0
            times = {"ref": 0.0, "tree": 0.0}
            for page in pages:
                for stage in stages:
                    old, old_cpu = dump(worktree, page, stage)
                    new, new_cpu = dump(ROOT, page, stage)
                    times["ref"] += old_cpu
                    times["tree"] += new_cpu
                    if old != new:
                        different += 1
                        print(f"DIFFERENT {stage}: {os.path.relpath(page, ROOT)}")
        finally:
            subprocess.run(["git", "-C", ROOT, "worktree", "remove", "--force", worktree], capture_output=True)
    print(f"{different} different of {len(pages) * len(stages)}; CPU: reference {times['ref']:.1f} s, "
          f"this tree {times['tree']:.1f} s")
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())
