"""Do two versions of the rasterizer give the same pixels?  (Speed work must not change a pixel.)

    python bench/raster_identity.py                      # this tree's raster/ against HEAD's
    python bench/raster_identity.py --ref HEAD~3 pages/index.html docs-700k --full-page

Each page is loaded once by this tree's pipeline (so layout changes made meanwhile by others do not
count); its display list is then rasterized twice: by the modules of `minibrowser/raster/` as they
are in the commit `--ref` (loaded from git under other module names), and by the working tree's.
The two RGBA images must be byte for byte the same.  It also prints both raster times.
Default pages: `pages/*.html` and `tests/layout/pages/*.html`, at 800×600 and full page.
"""
from __future__ import annotations

import argparse
import glob
import importlib.util
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)
sys.path.insert(0, HERE)

RASTER_MODULES = ("shapes", "gradient", "glyphs", "pil")   # in dependency order


def load_reference(commit: str):
    """The commit's raster/pil.py (with its glyphs, shapes, gradient) as minibrowser.raster._ref_*."""
    import minibrowser.raster as package

    module = None
    for name in RASTER_MODULES:
        source = subprocess.run(["git", "-C", ROOT, "show", f"{commit}:minibrowser/raster/{name}.py"],
                                capture_output=True, text=True, check=True).stdout
        for other in RASTER_MODULES:
            source = source.replace(f"from .{other} import", f"from ._ref_{other} import")
            source = source.replace(f"from . import {other}\n", f"from . import _ref_{other} as {other}\n")
        full = f"minibrowser.raster._ref_{name}"
        spec = importlib.util.spec_from_loader(full, loader=None)
        module = importlib.util.module_from_spec(spec)
        module.__package__ = "minibrowser.raster"
        module.__file__ = f"<{commit}:minibrowser/raster/{name}.py>"
        sys.modules[full] = module
        setattr(package, f"_ref_{name}", module)
        exec(compile(source, module.__file__, "exec"), module.__dict__)
    return module


def page_paths(args: list[str]) -> list[str]:
    if args:
        out = []
        for arg in args:
            if os.path.exists(arg):
                out.append(os.path.abspath(arg))
            else:
                import corpus
                out.append(corpus.write_corpus(os.path.join(HERE, "results", "corpus"))[arg.removesuffix(".html") + ".html"])
        return out
    return sorted(glob.glob(os.path.join(ROOT, "pages", "*.html"))) + \
        sorted(glob.glob(os.path.join(ROOT, "tests", "layout", "pages", "*.html")))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", help="files, or names of generated pages (default: pages/, tests/layout/pages)")
    parser.add_argument("--ref", default="HEAD", help="the commit whose raster/ is the reference (HEAD)")
    parser.add_argument("--full-page", action="store_true", help="only the whole page (default: viewport and whole page)")
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    os.environ.setdefault("MINIBROWSER_FONTS", "bundled")

    from minibrowser.pipeline import LoadOptions, load
    from minibrowser.raster.pil import PILRasterizer
    from minibrowser.url import from_user_input

    reference = load_reference(args.ref)
    different, times = 0, [0.0, 0.0]
    for path in page_paths(args.pages):
        page = load(from_user_input(path), LoadOptions(width=800, height=600))
        page.fetcher.close()
        heights = [max(1, int(round(page.layout.document_height)))]
        if not args.full_page:
            heights.insert(0, 600)
        for height in heights:
            images = []
            for index, cls in enumerate((reference.PILRasterizer, PILRasterizer)):
                start = time.process_time()
                image = cls(page.metrics, args.scale).render(page.display_list, 800, height)
                times[index] += time.process_time() - start
                images.append(image)
            same = images[0].tobytes() == images[1].tobytes()
            different += not same
            if not same:
                from PIL import ImageChops
                box = ImageChops.difference(images[0], images[1]).getbbox()
                print(f"DIFFERENT {os.path.relpath(path, ROOT)} 800x{height}: differing pixels within {box}")
    print(f"{different} different; raster CPU: reference {times[0]:.2f} s, this tree {times[1]:.2f} s")
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())
