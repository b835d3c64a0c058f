"""Fonts: family matching, per-character fallback, metrics and measurement.

Where do glyphs come from?  In this order:
  1. `@font-face` fonts the page loaded and `--font-dir` folders (known by their own family names);
  2. fontconfig (`fc-match`), as browsers on Linux do, unless MINIBROWSER_FONTS=bundled;
  3. the fonts installed with minibrowser from PyPI: Noto Sans, Noto Serif, Roboto Mono
     (variable fonts, wght axis) and Noto Sans SC for Chinese.

`FontMetricsPIL` is the `TextMetrics` of the PNG surface: it measures with
Pillow (FreeType, and HarfBuzz via raqm where available: kerning, ligatures,
complex scripts) and reads vertical metrics from the font's tables with
fontTools, rounding ascent and descent separately as Blink does.
"""
from __future__ import annotations

import functools
import importlib.util
import os
import pathlib
import struct
import threading
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from . import image_open  # noqa: F401  (before Pillow: its EXIF tables are loaded on first use)
from PIL import ImageFont, features  # noqa: E402

from ..layout.metrics import FontMetrics
from . import fontconfig, sfnt

GENERIC_ALIASES = {"ui-sans-serif": "sans-serif", "system-ui": "sans-serif", "ui-serif": "serif",
                   "ui-monospace": "monospace", "cursive": "sans-serif", "fantasy": "sans-serif",
                   "math": "serif", "emoji": "sans-serif", "-apple-system": "sans-serif",
                   "blinkmacsystemfont": "sans-serif", "initial": "sans-serif"}
GENERICS = ("sans-serif", "serif", "monospace")

# bundled fonts: (python package, file inside it, family, italic)
BUNDLED = [
    ("fontpkg_noto_sans", "files/NotoSans[wdth,wght].ttf", "Noto Sans", False),
    ("fontpkg_noto_sans", "files/NotoSans-Italic[wdth,wght].ttf", "Noto Sans", True),
    ("fontpkg_noto_serif", "files/NotoSerif[wdth,wght].ttf", "Noto Serif", False),
    ("fontpkg_noto_serif", "files/NotoSerif-Italic[wdth,wght].ttf", "Noto Serif", True),
    ("fontpkg_roboto_mono", "files/RobotoMono[wght].ttf", "Roboto Mono", False),
    ("fontpkg_roboto_mono", "files/RobotoMono-Italic[wght].ttf", "Roboto Mono", True),
    ("justmytype_intl_cjk", "fonts/ofl/notosanssc/NotoSansSC[wght].ttf", "Noto Sans SC", False),
]
BUNDLED_GENERICS = {"sans-serif": "Noto Sans", "serif": "Noto Serif", "monospace": "Roboto Mono"}
BUNDLED_FALLBACKS = ["Noto Sans", "Noto Sans SC", "Noto Serif", "Roboto Mono"]

# Blink's "CJK hack" (FontCache::GetGenericFamilyNameForScript): when the content language is
# Chinese, Japanese or Korean, serif, sans-serif and the default font become the system's font for
# that language (fontconfig: the generic + lang + an example character of the script), which then
# draws Latin text too; monospace keeps its font.  Language key → (fontconfig lang, example char).
CJK_LANGS = {"zh-cn": ("zh-cn", 0x4E00), "zh-tw": ("zh-tw", 0x4E00), "zh-hk": ("zh-hk", 0x4E00),
             "ja": ("ja", 0x4E00), "ko": ("ko", 0xAC00)}
CJK_GENERICS = ("sans-serif", "serif", "initial")
# The bundled Noto Sans SC covers Simplified Chinese only; headless Chromium given just the bundled
# fonts picks it for sans-serif in zh / zh-CN / zh-Hans text and keeps Noto Serif for serif.
BUNDLED_LANG_GENERICS = {("zh-cn", "sans-serif"): "Noto Sans SC", ("zh-cn", "initial"): "Noto Sans SC"}


def cjk_lang(lang: str) -> str | None:
    """The CJK_LANGS key of a BCP 47 tag (`zh-Hant-TW` → zh-tw), or None for other languages."""
    tags = lang.lower().replace("_", "-").split("-")
    if tags[0] == "zh":
        if "hk" in tags or "mo" in tags:
            return "zh-hk"
        return "zh-tw" if ("tw" in tags or "hant" in tags) else "zh-cn"
    return tags[0] if tags[0] in ("ja", "ko") else None


# characters that never make a run switch fonts (a line break, zero-width space, soft hyphen)
NEVER_FALL_BACK = frozenset("\u200b\u00ad\n")

# CSS weight → fontconfig weight (fontconfig.h FC_WEIGHT_*)
FC_WEIGHTS = ((100, 0), (200, 40), (300, 50), (400, 80), (500, 100), (600, 180), (700, 200), (800, 205),
              (900, 210))


def supersample(size: float) -> int:
    """How many times larger text of this pixel size is drawn, then averaged down.

    Pillow puts every glyph on a whole pixel of the size it draws at; four times larger, glyphs
    land on quarter pixels, like Skia's subpixel positioning (and FreeType's hinting, which
    distorts small sizes, barely matters).  Big text needs less.
    """
    return 4 if size <= 40 else 2 if size <= 100 else 1


class Font(NamedTuple):
    """A font handle: hashable, what layout passes around and paint draws with."""

    path: str
    index: int
    size: float
    weight: float          # requested CSS weight (applied to the wght axis of variable fonts)
    italic: bool
    synthetic_bold: bool   # no bold face: paint emboldens
    synthetic_oblique: bool


@dataclass
class Face:
    family: str
    path: str
    index: int = 0
    weight: float = 400.0          # for static faces
    italic: bool = False
    variable_weight: tuple[float, float] | None = None  # (min, max) of the wght axis


@dataclass
class FontDatabase:
    faces: dict[str, list[Face]] = field(default_factory=dict)   # lowercase family -> faces

    def add(self, face: Face) -> None:
        self.faces.setdefault(face.family.lower(), []).append(face)

    def best(self, family: str, weight: float, italic: bool) -> Face | None:
        """CSS Fonts 4 §5.2 font matching, simplified: style first, then nearest weight."""
        faces = self.faces.get(family.lower())
        if not faces:
            return None
        styled = [f for f in faces if f.italic == italic] or faces

        def distance(face: Face) -> float:
            if face.variable_weight and face.variable_weight[0] <= weight <= face.variable_weight[1]:
                return 0.0
            w = face.weight
            if weight <= 500 and w > weight:
                return 1000 + (w - weight)  # lighter weights are preferred below 500
            if weight > 500 and w < weight:
                return 1000 + (weight - w)
            return abs(w - weight)

        return min(styled, key=distance)


def _package_dir(name: str) -> pathlib.Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return pathlib.Path(list(spec.submodule_search_locations)[0])


@functools.lru_cache(maxsize=None)
def _face_tables(path: str, index: int = 0) -> tuple[sfnt.Style, sfnt.Metrics]:
    """Style and metrics read from the file once per process (sfnt.py: struct, not fontTools)."""
    return sfnt.read_style_and_metrics(path, index)


@functools.lru_cache(maxsize=None)
def _face_info(path: str, index: int = 0) -> tuple[str, float, bool, tuple[float, float] | None]:
    """(family, weight, italic, wght axis range) from the font's own tables.  The family name
    (fontTools decodes the name table's encodings) is only needed for --font-dir and @font-face."""
    from fontTools.ttLib import TTFont

    font = TTFont(path, fontNumber=index, lazy=True)
    name = font["name"]
    family = (name.getDebugName(16) or name.getDebugName(1) or pathlib.Path(path).stem)
    font.close()
    style = _face_tables(path, index)[0]
    return family, style.weight, style.italic, style.wght_axis


def bundled_database() -> FontDatabase:
    db = FontDatabase()
    for package, relative, family, italic in BUNDLED:
        base = _package_dir(package)
        if base is None or not (base / relative).exists():
            continue
        path = str(base / relative)
        style = _face_tables(path)[0]
        db.add(Face(family, path, 0, style.weight, italic, style.wght_axis))
    return db


def add_font_dir(db: FontDatabase, directory: str) -> int:
    """Register every font in a folder under its own family name (--font-dir)."""
    count = 0
    for path in sorted(pathlib.Path(directory).rglob("*")):
        if path.suffix.lower() not in (".ttf", ".otf", ".ttc", ".woff", ".woff2"):
            continue
        try:
            path_str = ensure_sfnt(str(path))
            family, weight, italic, axis = _face_info(path_str)
        except Exception:  # an unreadable file in the folder is skipped
            continue
        db.add(Face(family, path_str, 0, weight, italic, axis))
        count += 1
    return count


def ensure_sfnt(path: str) -> str:
    """WOFF/WOFF2 → a TTF/OTF file FreeType can open (fontTools decompresses; WOFF2 needs brotli)."""
    if not path.lower().endswith((".woff", ".woff2")):
        return path
    from fontTools.ttLib import TTFont
    import hashlib
    import tempfile

    digest = hashlib.sha1(pathlib.Path(path).read_bytes()).hexdigest()[:16]
    out = pathlib.Path(tempfile.gettempdir()) / f"minibrowser-font-{digest}.ttf"
    if not out.exists():
        font = TTFont(path)
        font.flavor = None
        # a private temporary name, then an atomic rename: concurrent loads never see half a file
        handle, tmp = tempfile.mkstemp(prefix="minibrowser-font-", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            font.save(stream)
        os.replace(tmp, out)
    return str(out)


class FontConfig:
    """fc-match, as Chromium on Linux asks it: family + weight + slant → file (fontconfig.py asks
    libfontconfig in this process)."""

    def __init__(self) -> None:
        self.matcher = fontconfig.Matcher()
        self.available = self.matcher.available
        self.cache: dict = {}
        self.lock = threading.Lock()

    def match(self, family: str, weight: float, italic: bool, charset: str | None = None,
              lang: str | None = None) -> Face | None:
        key = (family.lower(), weight, italic, charset, lang)
        with self.lock:
            if key in self.cache:
                return self.cache[key]
        fc_weight = min(FC_WEIGHTS, key=lambda pair: abs(pair[0] - weight))[1]
        pattern = f"{family}:weight={fc_weight}" + (":slant=100" if italic else "")
        if charset:
            pattern += f":charset={charset}"
        if lang:
            pattern += f":lang={lang}"
        out = self.matcher.match(pattern, "%{file}\\n%{index}\\n%{family}\\n%{weight}\\n%{slant}\\n").split("\n")
        face = None
        if len(out) >= 5 and out[0]:
            families = [f.strip().lower() for f in out[2].split(",")]
            generic = family.lower() in GENERICS
            if generic or family.lower() in families or charset:
                fc_w = float(out[3] or 80)
                css_weight = min(FC_WEIGHTS, key=lambda pair: abs(pair[1] - fc_w))[0]
                face = Face(out[2].split(",")[0], out[0], int(out[1] or 0), float(css_weight),
                            (out[4] or "0") != "0")
        with self.lock:
            self.cache[key] = face
        return face


class FontMetricsPIL:
    """The TextMetrics of the raster surface: real font files, real glyph advances."""

    cell_based = False

    def __init__(self, extra_dirs: list[str] | None = None, use_system: bool | None = None) -> None:
        self._bundled: FontDatabase | None = None   # built on first use: many pages need only fontconfig
        self.page_db = FontDatabase()  # @font-face and --font-dir families win over everything
        for directory in extra_dirs or ():
            add_font_dir(self.page_db, directory)
        if use_system is None:
            use_system = os.environ.get("MINIBROWSER_FONTS", "").lower() != "bundled"
        self.fontconfig = FontConfig() if use_system else None
        if self.fontconfig is not None and not self.fontconfig.available:
            self.fontconfig = None
        self.raqm = features.check("raqm")
        self._font_cache: dict = {}
        self._pil_cache: dict = {}
        self._metrics_cache: dict = {}
        self._cmap_cache: dict = {}
        self._fallback_cache: dict = {}
        self._width_cache: dict = {}
        self._measuring: dict = {}     # font -> (Pillow font at the measuring size, supersample factor, scale)
        self.lock = threading.RLock()

    @property
    def db(self) -> FontDatabase:
        """The fonts installed with minibrowser (read from their files on first use)."""
        if self._bundled is None:
            self._bundled = bundled_database()
        return self._bundled

    def for_page(self) -> "FontMetricsPIL":
        """A copy for one more page: the same font files and caches, but its own @font-face fonts."""
        import copy

        page = copy.copy(self)
        page.page_db = FontDatabase({family: list(faces) for family, faces in self.page_db.faces.items()})
        page._font_cache = {}
        return page

    # ------------------------------------------------------------------
    def add_face(self, family: str, path: str, weight: Any = "normal", style: str = "normal") -> None:
        """An @font-face font (already downloaded to `path`)."""
        path = ensure_sfnt(path)
        axis = _face_tables(path)[0].wght_axis
        w = 700.0 if weight == "bold" else 400.0 if weight in ("normal", None) else float(weight)
        self.page_db.add(Face(family, path, 0, w, style in ("italic", "oblique"), axis))

    def _find_face(self, family: str, weight: float, italic: bool, lang: str | None = None) -> Face | None:
        named = family.lower()
        family = GENERIC_ALIASES.get(named, family)
        face = self.page_db.best(family, weight, italic)
        if face is not None:
            return face
        if lang is not None and named in CJK_GENERICS:
            face = self._language_face(named, weight, italic, lang)
            if face is not None:
                return face
        if self.fontconfig is not None:
            face = self.fontconfig.match(family, weight, italic)
            if face is not None:
                return face
        bundled = BUNDLED_GENERICS.get(family.lower(), family)
        return self.db.best(bundled, weight, italic)

    def _language_face(self, generic: str, weight: float, italic: bool, lang: str) -> Face | None:
        """The font a generic family means in CJK text (see CJK_LANGS), or None to resolve it as usual."""
        if self.fontconfig is not None:
            fc_lang, example = CJK_LANGS[lang]
            family = "sans-serif" if generic == "initial" else generic
            face = self.fontconfig.match(family, weight, italic, charset=f"{example:x}", lang=fc_lang)
            return face if face is not None and example in self._cmap(face.path, face.index) else None
        bundled = BUNDLED_LANG_GENERICS.get((lang, generic))
        return self.db.best(bundled, weight, italic) if bundled else None

    def font(self, style) -> Font:
        lang = cjk_lang(getattr(style, "lang", "") or "")
        key = (style.font_family, style.font_size, style.font_weight, style.font_style, lang)
        cached = self._font_cache.get(key)
        if cached is not None:
            return cached
        italic = style.font_style in ("italic", "oblique")
        face = None
        for family in style.font_family:
            face = self._find_face(family, style.font_weight, italic, lang)
            if face is not None:
                break
        if face is None:
            face = self._find_face("sans-serif", style.font_weight, italic, lang)
        font = self._make_font(face, style.font_size, style.font_weight, italic)
        self._font_cache[key] = font
        return font

    def _make_font(self, face: Face, size: float, weight: float, italic: bool) -> Font:
        synthetic_bold = weight >= 600 and face.weight < 600 and not (
            face.variable_weight and face.variable_weight[1] >= 600)
        synthetic_oblique = italic and not face.italic
        return Font(face.path, face.index, float(size), float(weight), italic, synthetic_bold, synthetic_oblique)

    # ------------------------------------------------------------------
    def pil_font(self, font: Font) -> ImageFont.FreeTypeFont:
        with self.lock:
            cached = self._pil_cache.get(font[:4])
            if cached is not None:
                return cached
            size = max(1.0, min(font.size, 4000.0))
            engine = ImageFont.Layout.RAQM if self.raqm else ImageFont.Layout.BASIC
            pil = ImageFont.truetype(font.path, size=size, index=font.index, layout_engine=engine)
            try:
                axes = pil.get_variation_axes()
            except (OSError, AttributeError):
                axes = []
            if axes:
                values = []
                for axis in axes:
                    name = axis.get("name", b"")
                    name = name.decode("latin-1") if isinstance(name, bytes) else str(name)
                    if name.lower().startswith("weight") or name == "wght":
                        values.append(max(axis["minimum"], min(axis["maximum"], font.weight)))
                    else:
                        values.append(axis.get("default", axis["minimum"]))
                try:
                    pil.set_variation_by_axes(values)
                except OSError:
                    pass
            self._pil_cache[font[:4]] = pil
            return pil

    def _cmap(self, path: str, index: int) -> sfnt.Coverage:
        """The characters a font has glyphs for (its best Unicode cmap subtable), read once per file."""
        key = (path, index)
        with self.lock:
            cmap = self._cmap_cache.get(key)
            if cmap is None:
                try:
                    cmap = sfnt.coverage(path, index)
                except (OSError, ValueError, struct.error):   # unreadable: every character falls back
                    cmap = sfnt.Coverage([], [])
                self._cmap_cache[key] = cmap
            return cmap

    def has_glyph(self, font: Font, ch: str) -> bool:
        return ord(ch) in self._cmap(font.path, font.index)

    def _fallback(self, font: Font, ch: str) -> Font:
        """The font for a character the primary font lacks, chosen by glyph coverage."""
        key = (font, ch)
        cached = self._fallback_cache.get(key)
        if cached is not None:
            return cached
        italic = font.italic
        candidates: list[Face] = []
        for family in BUNDLED_FALLBACKS:
            face = self.db.best(family, font.weight, italic)
            if face is not None:
                candidates.append(face)
        if self.fontconfig is not None:
            face = self.fontconfig.match("sans-serif", font.weight, italic, charset=f"{ord(ch):x}")
            if face is not None:
                candidates.insert(0, face)
        chosen = font
        for face in candidates:
            if ord(ch) in self._cmap(face.path, face.index):
                chosen = self._make_font(face, font.size, font.weight, italic)
                break
        self._fallback_cache[key] = chosen
        return chosen

    def runs(self, text: str, font: Font) -> list[tuple[str, Font]]:
        cmap = self._cmap(font.path, font.index)
        if cmap.covers(text, ignore=NEVER_FALL_BACK):
            return [(text, font)]
        out: list[tuple[str, Font]] = []
        for ch in text:
            use = font if (ord(ch) in cmap or ch in " \u200b\u00ad") else self._fallback(font, ch)
            if out and out[-1][1] == use:
                out[-1] = (out[-1][0] + ch, use)
            else:
                out.append((ch, use))
        return out

    def width(self, text: str, font: Font) -> float:
        """Advance width, measured at the size the glyphs are drawn at (see `supersample`), so that a
        run drawn whole and the same run drawn in pieces put every glyph in the same place."""
        key = (font, text)
        cached = self._width_cache.get(key)
        if cached is not None:
            return cached
        measuring = self._measuring.get(font)
        if measuring is None:
            factor = supersample(font.size)
            pil = self.pil_font(font._replace(size=font.size * factor) if factor != 1 else font)
            # beyond Pillow's 4000px the font is measured at 4000px and scaled
            measuring = self._measuring[font] = (pil, factor, max(1.0, font.size * factor / 4000))
        pil, factor, beyond = measuring
        with self.lock:
            try:
                width = pil.getlength(text) / factor * beyond
            except (OSError, ValueError):
                width = len(text) * font.size * 0.5 * beyond
        self._width_cache[key] = width
        return width

    def ink_extent(self, font: Font) -> tuple[float, float]:
        """How far glyphs of this font may reach above and below the baseline, in px."""
        above, below = _ink_box(font.path, font.index)
        return above * font.size, below * font.size

    def metrics(self, font: Font) -> FontMetrics:
        key = (font.path, font.index, font.size)
        cached = self._metrics_cache.get(key)
        if cached is not None:
            return cached
        table = _vertical_metrics(font.path, font.index)
        size = font.size
        ascent = round(table["ascent"] * size)
        descent = round(table["descent"] * size)
        line_gap = round(table["line_gap"] * size)
        result = FontMetrics(ascent=float(ascent), descent=float(descent), line_gap=float(line_gap),
                             x_height=table["x_height"] * size,
                             underline_offset=table["underline_offset"] * size,
                             underline_thickness=max(1.0, round(table["underline_thickness"] * size)),
                             strikeout_offset=table["strikeout_offset"] * size,
                             avg_char_width=round(table["avg_char_width"] * size) if table["avg_char_width"] else None,
                             max_char_width=round(table["bbox_width"] * size))
        self._metrics_cache[key] = result
        return result


@functools.lru_cache(maxsize=None)
def _ink_box(path: str, index: int) -> tuple[float, float]:
    """The highest and lowest points of any glyph (head yMax, -yMin), as fractions of the em."""
    table = _face_tables(path, index)[1]
    upem = table.units_per_em or 1000
    return max(table.y_max, 0) / upem, max(-table.y_min, 0) / upem


@functools.lru_cache(maxsize=None)
def _vertical_metrics(path: str, index: int) -> dict[str, float]:
    """Ascent, descent, line gap, x-height as fractions of the em (hhea, else OS/2 typo)."""
    table = _face_tables(path, index)[1]
    upem = table.units_per_em or 1000
    if table.hhea is not None and (table.hhea[0] or table.hhea[1]):
        ascent, descent, gap = table.hhea[0], -table.hhea[1], table.hhea[2]
    elif table.typo is not None:
        ascent, descent, gap = table.typo[0], -table.typo[1], table.typo[2]
    else:
        ascent, descent, gap = int(upem * 0.8), int(upem * 0.2), 0
    x_height = table.x_height or upem * 0.5
    underline_pos = -table.underline[0] if table.underline is not None else upem * 0.1
    underline_thick = table.underline[1] if table.underline is not None and table.underline[1] else upem * 0.05
    strike = table.strikeout_position
    avg = table.avg_char_width
    bbox_width = table.x_max - table.x_min
    return {"ascent": ascent / upem, "descent": descent / upem, "line_gap": max(0, gap) / upem,
            "x_height": x_height / upem, "underline_offset": underline_pos / upem,
            "underline_thickness": underline_thick / upem,
            "strikeout_offset": (strike or x_height / 2) / upem,
            "avg_char_width": max(0, avg) / upem, "bbox_width": max(0, bbox_width) / upem}
