"""Write a fontconfig file that shows Chromium exactly minibrowser's bundled fonts.

    python scripts/chromium_fonts.py [OUT.conf]        # prints the path it wrote

The tests run with MINIBROWSER_FONTS=bundled: Noto Sans, Noto Serif, Roboto Mono
and Noto Sans SC, installed from PyPI.  For a golden made by headless Chromium
to be comparable, Chromium must see the very same font files and map the CSS
generic families the same way minibrowser does (paint/fonts.py):

    sans-serif → Noto Sans, serif → Noto Serif, monospace → Roboto Mono,
    Han (and any character the first font lacks) → Noto Sans SC,
    unknown families (Chromium's default "Times New Roman", Arial...) → sans-serif.

The file holds absolute paths of this machine's site-packages, so it is written
at golden-generation time (to a temporary folder by default) and never
committed.  Its shape follows the pinned fontconfig file of the reference tools.
"""
from __future__ import annotations

import importlib.util
import pathlib
import sys
import tempfile
from xml.sax.saxutils import escape

# (python package, folder inside it holding the font files minibrowser bundles)
FONT_PACKAGES = [
    ("fontpkg_noto_sans", "files"),
    ("fontpkg_noto_serif", "files"),
    ("fontpkg_roboto_mono", "files"),
    ("justmytype_intl_cjk", "fonts/ofl/notosanssc"),   # only Simplified Chinese, as minibrowser uses
]

# generic family → preferred families, in fallback order (Noto Sans SC covers Han everywhere)
GENERICS = {
    "sans-serif": ["Noto Sans", "Noto Sans SC"],
    "serif": ["Noto Serif", "Noto Sans SC"],
    "monospace": ["Roboto Mono", "Noto Sans SC"],
}


def font_dirs() -> list[pathlib.Path]:
    """The installed folders of the bundled font packages (an error if one is missing)."""
    dirs = []
    for package, inner in FONT_PACKAGES:
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            raise SystemExit(f"chromium_fonts: the font package {package} is not installed")
        folder = pathlib.Path(list(spec.submodule_search_locations)[0]) / inner
        if not folder.is_dir():
            raise SystemExit(f"chromium_fonts: {package} has no {inner}/ folder")
        dirs.append(folder)
    return dirs


def fonts_conf(dirs: list[pathlib.Path], cache_dir: pathlib.Path) -> str:
    dir_lines = "\n".join(f"  <dir>{escape(str(d))}</dir>" for d in dirs)
    aliases = "\n".join(
        f'  <alias binding="same">\n    <family>{generic}</family>\n    <prefer>'
        + "".join(f"<family>{escape(f)}</family>" for f in families)
        + "</prefer>\n  </alias>"
        for generic, families in GENERICS.items())
    return f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<!-- Written by scripts/chromium_fonts.py: only minibrowser's bundled PyPI fonts are visible. -->
<fontconfig>
{dir_lines}
  <cachedir>{escape(str(cache_dir))}</cachedir>
  <config><rescan><int>0</int></rescan></config>

  <!-- unknown families (Times New Roman, Arial, Helvetica...) fall back to sans-serif -->
  <match target="pattern">
    <test qual="all" name="family" compare="not_eq"><string>sans-serif</string></test>
    <test qual="all" name="family" compare="not_eq"><string>serif</string></test>
    <test qual="all" name="family" compare="not_eq"><string>monospace</string></test>
    <edit name="family" mode="append_last"><string>sans-serif</string></edit>
  </match>

{aliases}

  <!-- Han without a lang tag: Simplified Chinese forms -->
  <match target="pattern">
    <test name="lang" compare="not_contains"><string>ja</string></test>
    <test name="lang" compare="not_contains"><string>ko</string></test>
    <edit name="lang" mode="append"><string>zh-cn</string></edit>
  </match>

  <match target="font">
    <edit name="antialias" mode="assign"><bool>true</bool></edit>
    <edit name="hinting" mode="assign"><bool>true</bool></edit>
    <edit name="hintstyle" mode="assign"><const>hintslight</const></edit>
    <edit name="rgba" mode="assign"><const>none</const></edit>
  </match>
</fontconfig>
"""


def write_fonts_conf(path: pathlib.Path | None = None) -> pathlib.Path:
    """Write the file (default: a fresh temporary folder) and return its path."""
    if path is None:
        path = pathlib.Path(tempfile.mkdtemp(prefix="minibrowser-fonts-")) / "fonts.conf"
    path = path.resolve()
    cache = path.parent / "fontconfig-cache"
    cache.mkdir(parents=True, exist_ok=True)
    path.write_text(fonts_conf(font_dirs(), cache), encoding="utf-8")
    return path


def main(argv: list[str]) -> int:
    if len(argv) > 1:
        print("usage: chromium_fonts.py [OUT.conf]", file=sys.stderr)
        return 2
    print(write_fonts_conf(pathlib.Path(argv[0]) if argv else None))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
