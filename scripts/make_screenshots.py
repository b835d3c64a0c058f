#!/usr/bin/env python3
"""Regenerate screenshots/ from pages/: one full-page PNG per page, with the bundled fonts.

    python scripts/make_screenshots.py
"""
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def main() -> int:
    out_dir = ROOT / "screenshots"
    out_dir.mkdir(exist_ok=True)
    env = dict(os.environ, MINIBROWSER_FONTS="bundled")
    failures = 0
    for page in sorted((ROOT / "pages").glob("*.html")):
        target = out_dir / (page.stem + ".png")
        result = subprocess.run([sys.executable, "-m", "minibrowser", str(page), "-o", str(target), "--full-page"],
                                env=env, capture_output=True, text=True)
        status = "ok" if result.returncode == 0 else f"FAILED ({result.stderr.strip()})"
        failures += result.returncode != 0
        print(f"{page.name:24} -> screenshots/{target.name} {status}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
