"""Make the text-mode goldens: what w3m prints for each test page.

    python scripts/make_text_goldens.py [--w3m PATH]

For every page in pages/ and tests/text/pages/ this runs

    w3m -dump -cols 80 -O UTF-8 PAGE                                  → NAME.txt
    w3m -dump -cols 80 -O UTF-8 -o display_link_number=1 PAGE         → NAME.refs.txt

and writes the output to tests/text/goldens/ (NAME is `pages-lists`,
`text-structure`, ...).  The second form numbers the links and lists them
under "References", which is what `minibrowser --text` prints by default.
The repository's own file: URL in those references is replaced by
`file:///REPO`, so the goldens do not depend on where the checkout lives;
the tests make the same replacement in minibrowser's output.

w3m is the Debian package (`apt-get install w3m`); the tests never run it,
they read the goldens.  MANIFEST.txt records the w3m version and commands.
"""
from __future__ import annotations

import argparse
import pathlib
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCES = {"pages": ROOT / "pages", "text": ROOT / "tests" / "text" / "pages"}
GOLDENS = ROOT / "tests" / "text" / "goldens"
COLUMNS = 80
REPO_URL = "file:///REPO"


def repo_url() -> str:
    """The file: URL prefix under which w3m names the repository's files."""
    return ROOT.as_uri()


def w3m_dump(w3m: str, page: pathlib.Path, references: bool) -> str:
    command = [w3m, "-dump", "-cols", str(COLUMNS), "-O", "UTF-8", "-T", "text/html"]
    if references:
        command += ["-o", "display_link_number=1"]
    result = subprocess.run(command + [str(page)], capture_output=True, check=True, timeout=60)
    return result.stdout.decode("utf-8", errors="replace").replace(repo_url(), REPO_URL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--w3m", default=shutil.which("w3m"), help="the w3m binary")
    args = parser.parse_args()
    if not args.w3m:
        print("make_text_goldens: w3m is not installed (apt-get install w3m)", file=sys.stderr)
        return 1
    GOLDENS.mkdir(parents=True, exist_ok=True)
    version = subprocess.run([args.w3m, "-version"], capture_output=True, text=True).stdout.split(",")[0].strip()
    written = []
    for prefix, folder in SOURCES.items():
        for page in sorted(folder.glob("*.html")):
            name = f"{prefix}-{page.stem}"
            (GOLDENS / f"{name}.txt").write_text(w3m_dump(args.w3m, page, False), encoding="utf-8")
            (GOLDENS / f"{name}.refs.txt").write_text(w3m_dump(args.w3m, page, True), encoding="utf-8")
            written.append(f"{name}: {page.relative_to(ROOT)}")
    manifest = [f"Made by scripts/make_text_goldens.py with {version}:",
                f"  NAME.txt       w3m -dump -cols {COLUMNS} -O UTF-8 -T text/html PAGE",
                f"  NAME.refs.txt  the same with -o display_link_number=1 ({repo_url()!r} → {REPO_URL!r})",
                ""] + written
    (GOLDENS / "MANIFEST.txt").write_text("\n".join(manifest).replace(str(ROOT), "<checkout>") + "\n",
                                          encoding="utf-8")
    print(f"wrote {2 * len(written)} goldens to {GOLDENS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
