"""Glyph coverage drawn the way Chromium draws text on Linux (Skia over FreeType and HarfBuzz).

Chromium on Linux shapes a run with HarfBuzz (unhinted, fractional advances), then Skia asks
FreeType for each glyph with the settings fontconfig gives (grayscale antialiasing, hintslight):
    FT_LOAD_TARGET_LIGHT — the outline is snapped to the pixel grid vertically only
                           (baseline, x-height and cap height land on whole pixels, stems stay
                           where the design puts them: SkFontHost_FreeType.cpp, kSlight);
    subpixel positioning — each glyph's pen position is rounded to a quarter pixel along x and to
                           a whole pixel along y, and the outline is moved by that quarter before
                           it is rasterized (SkGlyph's subpixel field: 4 positions per pixel);
    fake bold            — FT_Outline_EmboldenXY by size/24 at 9px .. size/32 at 36px;
    fake italic          — the outline sheared by 0.25 (SkFontHost_FreeType, kSkewX).
Skia then blends the A8 coverage through its mask gamma (SK_GAMMA_EXPONENT 1.2, contrast 0.2
on Linux), which lightens dark text on light backgrounds a little: see `preblend`.

Both libraries are reached through ctypes: the system's libfreetype.so.6 and libharfbuzz.so.0
(or the copies Pillow ships).  `available()` is False when either is missing; the rasterizer then
draws text through Pillow as before.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import glob
import itertools
import math
import os
import threading

from PIL import Image, ImageChops

from ..paint.fonts import supersample

SUBPIXELS = 4                 # Skia: glyph positions rounded to 1/4 px along x
FT_LOAD_TARGET_LIGHT = 1 << 16   # FT_LOAD_TARGET_(FT_RENDER_MODE_LIGHT)
FT_LOAD_NO_BITMAP = 1 << 3
FT_LOAD_IGNORE_GLOBAL_ADVANCE_WIDTH = 1 << 9
FT_RENDER_MODE_NORMAL = 0
FT_GLYPH_FORMAT_OUTLINE = int.from_bytes(b"outl", "big")
OBLIQUE_SKEW = 0.25
SHAPED_RUNS_KEPT = 50_000     # per sized face: the cache is emptied when it reaches this

_Pos = ctypes.c_long
_Fixed = ctypes.c_long


class _Vector(ctypes.Structure):
    _fields_ = [("x", _Pos), ("y", _Pos)]


class _Matrix(ctypes.Structure):
    _fields_ = [("xx", _Fixed), ("xy", _Fixed), ("yx", _Fixed), ("yy", _Fixed)]


class _Generic(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p), ("finalizer", ctypes.c_void_p)]


class _BBox(ctypes.Structure):
    _fields_ = [("xMin", _Pos), ("yMin", _Pos), ("xMax", _Pos), ("yMax", _Pos)]


class _Bitmap(ctypes.Structure):
    _fields_ = [("rows", ctypes.c_uint), ("width", ctypes.c_uint), ("pitch", ctypes.c_int),
                ("buffer", ctypes.POINTER(ctypes.c_ubyte)), ("num_grays", ctypes.c_ushort),
                ("pixel_mode", ctypes.c_ubyte), ("palette_mode", ctypes.c_ubyte), ("palette", ctypes.c_void_p)]


class _Outline(ctypes.Structure):
    _fields_ = [("n_contours", ctypes.c_short), ("n_points", ctypes.c_short),
                ("points", ctypes.POINTER(_Vector)), ("tags", ctypes.c_char_p),
                ("contours", ctypes.POINTER(ctypes.c_short)), ("flags", ctypes.c_int)]


class _GlyphMetrics(ctypes.Structure):
    _fields_ = [(name, _Pos) for name in ("width", "height", "horiBearingX", "horiBearingY", "horiAdvance",
                                          "vertBearingX", "vertBearingY", "vertAdvance")]


class _GlyphSlot(ctypes.Structure):
    _fields_ = [("library", ctypes.c_void_p), ("face", ctypes.c_void_p), ("next", ctypes.c_void_p),
                ("glyph_index", ctypes.c_uint), ("generic", _Generic), ("metrics", _GlyphMetrics),
                ("linearHoriAdvance", _Fixed), ("linearVertAdvance", _Fixed), ("advance", _Vector),
                ("format", ctypes.c_uint), ("bitmap", _Bitmap), ("bitmap_left", ctypes.c_int),
                ("bitmap_top", ctypes.c_int), ("outline", _Outline)]


class _Face(ctypes.Structure):
    _fields_ = [("num_faces", ctypes.c_long), ("face_index", ctypes.c_long), ("face_flags", ctypes.c_long),
                ("style_flags", ctypes.c_long), ("num_glyphs", ctypes.c_long),
                ("family_name", ctypes.c_char_p), ("style_name", ctypes.c_char_p),
                ("num_fixed_sizes", ctypes.c_int), ("available_sizes", ctypes.c_void_p),
                ("num_charmaps", ctypes.c_int), ("charmaps", ctypes.c_void_p), ("generic", _Generic),
                ("bbox", _BBox), ("units_per_EM", ctypes.c_ushort), ("ascender", ctypes.c_short),
                ("descender", ctypes.c_short), ("height", ctypes.c_short),
                ("max_advance_width", ctypes.c_short), ("max_advance_height", ctypes.c_short),
                ("underline_position", ctypes.c_short), ("underline_thickness", ctypes.c_short),
                ("glyph", ctypes.POINTER(_GlyphSlot))]


class _VarAxis(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("minimum", _Fixed), ("default", _Fixed), ("maximum", _Fixed),
                ("tag", ctypes.c_ulong), ("strid", ctypes.c_uint)]


class _MMVar(ctypes.Structure):
    _fields_ = [("num_axis", ctypes.c_uint), ("num_designs", ctypes.c_uint), ("num_namedstyles", ctypes.c_uint),
                ("axis", ctypes.POINTER(_VarAxis)), ("namedstyle", ctypes.c_void_p)]


class _HbGlyphInfo(ctypes.Structure):
    _fields_ = [("codepoint", ctypes.c_uint32), ("mask", ctypes.c_uint32), ("cluster", ctypes.c_uint32),
                ("var1", ctypes.c_uint32), ("var2", ctypes.c_uint32)]


class _HbGlyphPosition(ctypes.Structure):
    _fields_ = [("x_advance", ctypes.c_int32), ("y_advance", ctypes.c_int32), ("x_offset", ctypes.c_int32),
                ("y_offset", ctypes.c_int32), ("var", ctypes.c_uint32)]


class _HbVariation(ctypes.Structure):
    _fields_ = [("tag", ctypes.c_uint32), ("value", ctypes.c_float)]


def _load(names: list[str], pattern: str) -> ctypes.CDLL | None:
    """The first library that loads: the system's by soname, else the copy bundled with Pillow."""
    candidates = list(names)
    try:
        import PIL

        libs = os.path.join(os.path.dirname(os.path.dirname(PIL.__file__)), "pillow.libs")
        candidates += sorted(glob.glob(os.path.join(libs, pattern)))
    except (ImportError, OSError):
        pass
    for name in candidates:
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    return None


class _Libraries:
    """The FreeType and HarfBuzz calls used here, with their C signatures."""

    def __init__(self) -> None:
        ft = _load(["libfreetype.so.6"], "libfreetype*.so*")
        hb = _load(["libharfbuzz.so.0"], "libharfbuzz*.so*")
        if ft is None or hb is None:
            raise OSError("FreeType or HarfBuzz not found")
        p, i, u = ctypes.c_void_p, ctypes.c_int, ctypes.c_uint
        ft.FT_Init_FreeType.argtypes = [ctypes.POINTER(p)]
        ft.FT_New_Face.argtypes = [p, ctypes.c_char_p, ctypes.c_long, ctypes.POINTER(ctypes.POINTER(_Face))]
        ft.FT_Set_Char_Size.argtypes = [ctypes.POINTER(_Face), ctypes.c_long, ctypes.c_long, u, u]
        ft.FT_Load_Glyph.argtypes = [ctypes.POINTER(_Face), u, ctypes.c_int32]
        ft.FT_Render_Glyph.argtypes = [ctypes.POINTER(_GlyphSlot), i]
        ft.FT_Outline_Translate.argtypes = [ctypes.POINTER(_Outline), _Pos, _Pos]
        ft.FT_Outline_Transform.argtypes = [ctypes.POINTER(_Outline), ctypes.POINTER(_Matrix)]
        ft.FT_Outline_EmboldenXY.argtypes = [ctypes.POINTER(_Outline), _Pos, _Pos]
        ft.FT_Get_MM_Var.argtypes = [ctypes.POINTER(_Face), ctypes.POINTER(ctypes.POINTER(_MMVar))]
        ft.FT_Done_MM_Var.argtypes = [p, ctypes.POINTER(_MMVar)]
        ft.FT_Set_Var_Design_Coordinates.argtypes = [ctypes.POINTER(_Face), u, ctypes.POINTER(_Fixed)]
        for name in ("FT_Init_FreeType", "FT_New_Face", "FT_Set_Char_Size", "FT_Load_Glyph", "FT_Render_Glyph",
                     "FT_Outline_EmboldenXY", "FT_Get_MM_Var", "FT_Done_MM_Var", "FT_Set_Var_Design_Coordinates"):
            getattr(ft, name).restype = i
        ft.FT_Outline_Translate.restype = ft.FT_Outline_Transform.restype = None
        hb.hb_blob_create_from_file.argtypes, hb.hb_blob_create_from_file.restype = [ctypes.c_char_p], p
        hb.hb_face_create.argtypes, hb.hb_face_create.restype = [p, u], p
        hb.hb_face_get_upem.argtypes, hb.hb_face_get_upem.restype = [p], u
        hb.hb_font_create.argtypes, hb.hb_font_create.restype = [p], p
        hb.hb_font_set_scale.argtypes, hb.hb_font_set_scale.restype = [p, i, i], None
        hb.hb_font_set_variations.argtypes = [p, ctypes.POINTER(_HbVariation), u]
        hb.hb_font_set_variations.restype = None
        hb.hb_buffer_create.argtypes, hb.hb_buffer_create.restype = [], p
        hb.hb_buffer_destroy.argtypes, hb.hb_buffer_destroy.restype = [p], None
        hb.hb_buffer_add_utf8.argtypes = [p, ctypes.c_char_p, i, u, i]
        hb.hb_buffer_add_utf8.restype = None
        hb.hb_buffer_guess_segment_properties.argtypes = [p]
        hb.hb_buffer_guess_segment_properties.restype = None
        hb.hb_shape.argtypes, hb.hb_shape.restype = [p, p, p, u], None
        hb.hb_buffer_get_glyph_infos.argtypes = [p, ctypes.POINTER(u)]
        hb.hb_buffer_get_glyph_infos.restype = ctypes.POINTER(_HbGlyphInfo)
        hb.hb_buffer_get_glyph_positions.argtypes = [p, ctypes.POINTER(u)]
        hb.hb_buffer_get_glyph_positions.restype = ctypes.POINTER(_HbGlyphPosition)
        self.ft, self.hb = ft, hb
        library = p()
        if ft.FT_Init_FreeType(ctypes.byref(library)) != 0:
            raise OSError("FT_Init_FreeType failed")
        self.library = library


_libs: _Libraries | None = None
_libs_tried = False
_lock = threading.RLock()


def _libraries() -> _Libraries | None:
    global _libs, _libs_tried
    if _libs_tried:           # (asked once per text run: no lock once the answer is known)
        return _libs
    with _lock:
        if not _libs_tried:
            if os.environ.get("MINIBROWSER_TEXT_RASTER", "").lower() != "pillow":
                try:
                    _libs = _Libraries()
                except (OSError, AttributeError):
                    _libs = None
            _libs_tried = True
        return _libs


def available() -> bool:
    return _libraries() is not None


def _tag(name: str) -> int:
    return int.from_bytes(name.encode("ascii"), "big")


class _SizedFace:
    """One font file at one size and weight: a FreeType face for outlines, a HarfBuzz font for shaping."""

    # HarfBuzz positions in 1/64 px of the size layout measures at (paint/fonts.py supersample: text
    # is measured 4 times larger): the same rounding of every advance, so a run drawn whole and the
    # same run split into fragments by layout put each glyph at the same place

    def __init__(self, libs: _Libraries, path: str, index: int, size: float, weight: float) -> None:
        ft, hb = libs.ft, libs.hb
        face = ctypes.POINTER(_Face)()
        if ft.FT_New_Face(libs.library, path.encode(), index, ctypes.byref(face)) != 0:
            raise OSError(f"FreeType cannot open {path}")
        self.face = face
        if ft.FT_Set_Char_Size(face, 0, round(size * 64), 72, 72) != 0:
            raise OSError(f"FreeType cannot size {path}")
        variations = self._set_weight(libs, weight)
        blob = hb.hb_blob_create_from_file(path.encode())
        self.hb_face = hb.hb_face_create(blob, index)
        self.hb_font = hb.hb_font_create(self.hb_face)
        self.hb_units = 64 * supersample(size)
        scale = round(size * self.hb_units)
        hb.hb_font_set_scale(self.hb_font, scale, scale)
        if variations:
            array = (_HbVariation * len(variations))(*[_HbVariation(tag, value) for tag, value in variations])
            hb.hb_font_set_variations(self.hb_font, array, len(variations))
        self.size = size
        # per (fake bold outset, oblique): glyph id × SUBPIXELS + phase -> glyph()'s answer (an int
        # key: a page looks glyphs up a hundred thousand times)
        self.drawn: dict[tuple[float, bool], dict[int, tuple | None]] = {}
        self.shaped: dict = {}      # text -> shape(text): a page repeats its words and lines

    def _set_weight(self, libs: _Libraries, weight: float) -> list[tuple[int, float]]:
        """A variable font's wght axis set to the CSS weight (the other axes at their defaults)."""
        mm = ctypes.POINTER(_MMVar)()
        if libs.ft.FT_Get_MM_Var(self.face, ctypes.byref(mm)) != 0:
            return []
        try:
            coords, variations = [], []
            for k in range(mm.contents.num_axis):
                axis = mm.contents.axis[k]
                value = axis.default / 65536
                if axis.tag == _tag("wght"):
                    value = max(axis.minimum / 65536, min(axis.maximum / 65536, weight))
                    variations.append((axis.tag, value))
                coords.append(round(value * 65536))
            array = (_Fixed * len(coords))(*coords)
            libs.ft.FT_Set_Var_Design_Coordinates(self.face, len(coords), array)
            return variations
        finally:
            libs.ft.FT_Done_MM_Var(libs.library, mm)

    def shape(self, libs: _Libraries, text: str) -> tuple[tuple[int, float, int], ...]:
        """(glyph id, x, y) from the run's origin, y down, as HarfBuzz places them (kept per text):
        x in px, y in whole px (rounded as Skia rounds a glyph's y: see `place_glyphs`)."""
        shaped = self.shaped.get(text)
        if shaped is None:
            if len(self.shaped) >= SHAPED_RUNS_KEPT:
                self.shaped.clear()
            shaped = self.shaped[text] = tuple(self._shape(libs, text))
        return shaped

    def _shape(self, libs: _Libraries, text: str) -> list[tuple[int, float, int]]:
        hb = libs.hb
        buf = hb.hb_buffer_create()
        try:
            data = text.encode("utf-8")
            hb.hb_buffer_add_utf8(buf, data, len(data), 0, -1)
            hb.hb_buffer_guess_segment_properties(buf)
            hb.hb_shape(self.hb_font, buf, None, 0)
            count = ctypes.c_uint()
            infos = hb.hb_buffer_get_glyph_infos(buf, ctypes.byref(count))
            positions = hb.hb_buffer_get_glyph_positions(buf, ctypes.byref(count))
            n = count.value
            if not n:
                return []
            # both arrays read whole, as 32-bit integers: five per glyph (a ctypes field read per
            # value costs more than the shaping)
            info = memoryview(ctypes.string_at(infos, n * ctypes.sizeof(_HbGlyphInfo))).cast("I")
            place = memoryview(ctypes.string_at(positions, n * ctypes.sizeof(_HbGlyphPosition))).cast("i")
            units = self.hb_units
            pens = itertools.accumulate(place[0::5], initial=0)     # the pen before each glyph
            floor = math.floor
            return [(gid, (pen + x_offset) / units, floor(-y_offset / units + 0.5))
                    for gid, pen, x_offset, y_offset in zip(info[0::5], pens, place[2::5], place[3::5])]
        finally:
            hb.hb_buffer_destroy(buf)

    def glyph(self, libs: _Libraries, gid: int, phase: int, bold: float, oblique: bool):
        """(L coverage image or None when it has no ink, left, top, its core image, width, height)
        of one glyph moved right by
        phase/SUBPIXELS px; None when FreeType has no outline for it (a bitmap-only colour font:
        Pillow draws those).  Rendered once per page and kept."""
        drawn = self.glyph_cache(bold, oblique)
        key = gid * SUBPIXELS + phase
        if key in drawn:
            return drawn[key]
        ft = libs.ft
        result = None
        flags = FT_LOAD_TARGET_LIGHT | FT_LOAD_NO_BITMAP | FT_LOAD_IGNORE_GLOBAL_ADVANCE_WIDTH
        if ft.FT_Load_Glyph(self.face, gid, flags) == 0:
            slot = self.face.contents.glyph
            if slot.contents.format == FT_GLYPH_FORMAT_OUTLINE:
                outline = ctypes.pointer(slot.contents.outline)
                if bold:
                    strength = round(bold * 64)
                    ft.FT_Outline_EmboldenXY(outline, strength, strength)
                    ft.FT_Outline_Translate(outline, -strength // 2, -strength // 2)
                if oblique:
                    ft.FT_Outline_Transform(outline, ctypes.byref(_Matrix(65536, round(OBLIQUE_SKEW * 65536), 0, 65536)))
                ft.FT_Outline_Translate(outline, phase * 64 // SUBPIXELS, 0)
                result = _NO_INK
                if ft.FT_Render_Glyph(slot, FT_RENDER_MODE_NORMAL) == 0:
                    bitmap = slot.contents.bitmap
                    width, rows, pitch = bitmap.width, bitmap.rows, bitmap.pitch
                    if width and rows and bitmap.buffer:
                        raw = ctypes.string_at(bitmap.buffer, abs(pitch) * rows)
                        if pitch > 0:     # rows top down, `pitch` bytes apart: the bytes are the image
                            image = Image.frombuffer("L", (width, rows), raw, "raw", "L", pitch, 1)
                        else:
                            raw = b"".join(raw[r * -pitch:r * -pitch + width] for r in reversed(range(rows)))
                            image = Image.frombytes("L", (width, rows), raw)
                        result = (image, slot.contents.bitmap_left, slot.contents.bitmap_top,
                                  image.im, width, rows)
        drawn[key] = result
        return result

    def glyph_cache(self, bold: float, oblique: bool) -> dict[int, tuple | None]:
        """The glyphs drawn so far in one synthetic style, by glyph id × SUBPIXELS + phase."""
        cache = self.drawn.get((bold, oblique))
        if cache is None:
            cache = self.drawn[(bold, oblique)] = {}
        return cache


_faces: dict = {}


def _sized_face(libs: _Libraries, font) -> _SizedFace:
    key = (font.path, font.index, font.size, font.weight)
    face = _faces.get(key)
    if face is None:
        face = _faces[key] = _SizedFace(libs, font.path, font.index, font.size, font.weight)
    return face


def fake_bold_outset(size: float) -> float:
    """Skia's fake bold: outlines grow by size × (1/24 at 9px … 1/32 at 36px) in all (SkFontHost_FreeType)."""
    ratio = 1 / 24 if size <= 9 else 1 / 32 if size >= 36 else 1 / 24 + (size - 9) / 27 * (1 / 32 - 1 / 24)
    return size * ratio


def run_mask(font, text: str, x: float, y: float) -> tuple[Image.Image, int, int] | None:
    """Coverage of `text` shaped in `font` with its baseline-left at (x, y) device px.

    Returns (L mask, left, top): where the mask's top-left pixel goes; an empty mask when there is
    no ink; None when this cannot draw the run (no libraries, a glyph without an outline).  Each
    glyph's pen position is rounded to a quarter pixel in x and a whole pixel in y, as Skia rounds them.
    The same text in the same font at the same fraction of a pixel has the same mask, moved by whole
    pixels: a page repeats its words (a documentation page draws 13,000 runs of 7,000 such masks).
    """
    whole_x, base_y = math.floor(x), math.floor(y + 0.5)
    key = (font, text, x - whole_x)
    known = _run_masks.get(key)
    if known is None:
        built = _build_run(font, text, x, y)
        if built is None:
            return None
        mask, left, top = built
        if len(_run_masks) >= RUN_MASKS_KEPT:
            _run_masks.clear()
        known = _run_masks[key] = (mask, left - whole_x, top - base_y)
    mask, left, top = known
    return mask, whole_x + left, base_y + top


RUN_MASKS_KEPT = 20_000   # a few MB of small masks; a page with more distinct runs starts over
_run_masks: dict = {}     # (font, text, x - floor(x)) -> (mask, left - floor(x), top - baseline row)


def _build_run(font, text: str, x: float, y: float) -> tuple[Image.Image, int, int] | None:
    """`assemble(place_glyphs(font, text, x, y))` in one lean loop (an empty mask for a run without
    ink): a documentation page draws 130,000 glyphs in runs seen once, so each glyph costs a tuple
    and a paste, and no more."""
    placed = place_glyphs(font, text, x, y)
    if placed is None:
        return None
    if not placed:
        return Image.new("L", (0, 0)), 0, 0
    x0, y0, x1, y1 = _extent(placed)
    size = (x1 - x0, y1 - y0)
    # assemble()'s layers, the first two kept in locals: glyphs apart from all of layer 0's are
    # pasted there, the others in layer 1, and a glyph over both goes to assemble_in_order
    layer0 = _core_fill("L", size, 0)
    paste0, layer1 = layer0.paste, None
    left0 = right0 = placed[0][1]
    for core, left, top, right, bottom, _image in placed:
        if left >= right0 or right <= left0:
            paste0(core, (left - x0, top - y0, right - x0, bottom - y0))
            if right > right0:
                right0 = right
            if left < left0:
                left0 = left
            continue
        if layer1 is None:
            layer1 = _core_fill("L", size, 0)
            paste1 = layer1.paste
            left1 = right1 = left
            top1, bottom1 = top, bottom
        elif not (left >= right1 or right <= left1):
            return assemble_in_order(placed)
        paste1(core, (left - x0, top - y0, right - x0, bottom - y0))
        if right > right1:
            right1 = right
        if left < left1:
            left1 = left
        if top < top1:
            top1 = top
        if bottom > bottom1:
            bottom1 = bottom
    if layer1 is not None:
        # screen(a, 0) is a, to the byte: the layers need screening only where layer 1 has glyphs
        box = (left1 - x0, top1 - y0, right1 - x0, bottom1 - y0)
        layer0.paste(layer0.crop(box).chop_screen(layer1.crop(box)), box)
    return _WRAPPER._new(layer0), x0, y0


def place_glyphs(font, text: str, x: float, y: float) -> list[tuple] | None:
    """(its core image, left, top, right, bottom in device px, the glyph's coverage image) of each
    inked glyph of the run, in HarfBuzz's order; None when this cannot draw the run."""
    libs = _libraries()
    if libs is None or font.size <= 0:
        return None
    with _lock:
        try:
            face = _sized_face(libs, font)
        except OSError:
            return None
        bold = fake_bold_outset(font.size) if font.synthetic_bold else 0.0
        oblique = font.synthetic_oblique
        cache, floor = face.glyph_cache(bold, oblique), math.floor
        placed = []
        append = placed.append
        base_y = floor(y + 0.5)
        # a page places some hundred thousand glyphs: this loop is kept to a few operations each
        for gid, gx, dy in face.shape(libs, text):
            quarters = floor((x + gx) * SUBPIXELS + 0.5)      # the pen in quarter pixels
            phase = quarters % SUBPIXELS
            drawn = cache.get(gid * SUBPIXELS + phase)
            if drawn is None:
                drawn = face.glyph(libs, gid, phase, bold, oblique)
                if drawn is None:
                    return None
            image, left, top, core, width, height = drawn
            if image is not None:
                left += quarters // SUBPIXELS
                top = base_y + dy - top
                append((core, left, top, left + width, top + height, image))
    return placed


def _extent(placed: list) -> tuple[int, int, int, int]:
    _cores, lefts, tops, rights, bottoms, _images = zip(*placed)
    return min(lefts), min(tops), max(rights), max(bottoms)


_core_fill = Image.core.fill   # a new core image of one colour (what Image.new calls)
_WRAPPER = Image.Image()        # its _new() wraps a core image as ImageChops and ImageOps do
_NO_INK = (None, 0, 0, None, 0, 0)


def assemble(placed: list[tuple]) -> tuple[Image.Image, int, int]:
    """The run's mask from its placed glyphs: what `assemble_in_order` gives, with fewer steps.

    Glyph boxes that share no column are simply pasted (a glyph screened over nothing is itself).
    Neighbours whose boxes overlap go to a second layer, and the two layers are screened together
    once: no pixel then has more than two glyphs over it, and screen(a, b) = screen(b, a) exactly,
    so the bytes are those of compositing glyph after glyph.  A glyph that overlaps both layers
    (three glyphs over one column: stacked marks) sends the run to `assemble_in_order`.
    The layers are Pillow's core images, pasted into directly: a page has some hundred thousand
    glyphs, and Image.paste's checks cost ten times the copy itself.
    """
    x0, y0, x1, y1 = _extent(placed)
    size = (x1 - x0, y1 - y0)
    layers: list = []          # core images
    rights: list[int] = []     # each layer's right edge: glyphs run left to right
    lefts: list[int] = []      # and its left edge (a glyph placed left of all others is also apart)
    for core, gx, gy, glyph_right, glyph_bottom, _image in placed:
        width, height = glyph_right - gx, glyph_bottom - gy
        for index, right in enumerate(rights):
            if gx >= right or gx + width <= lefts[index]:
                break
        else:
            if len(layers) == 2:
                return assemble_in_order(placed)
            layers.append(_core_fill("L", size, 0))
            rights.append(gx)
            lefts.append(gx)
            index = len(layers) - 1
        gx -= x0
        gy -= y0
        layers[index].paste(core, (gx, gy, gx + width, gy + height))
        gx += x0
        if gx + width > rights[index]:
            rights[index] = gx + width
        if gx < lefts[index]:
            lefts[index] = gx
    core = layers[0] if len(layers) == 1 else layers[0].chop_screen(layers[1])
    return _WRAPPER._new(core), x0, y0


def assemble_in_order(placed: list[tuple]) -> tuple[Image.Image, int, int]:
    """The run's mask, glyph after glyph: overlapping glyphs composite as Skia's blits do, each over
    what is there ("screen")."""
    x0, y0, x1, y1 = _extent(placed)
    mask = Image.new("L", (x1 - x0, y1 - y0), 0)
    for _core, gx, gy, right, bottom, glyph in placed:
        region = (gx - x0, gy - y0, right - x0, bottom - y0)
        mask.paste(ImageChops.screen(mask.crop(region), glyph), region)
    return mask, x0, y0


# ---------------------------------------------------------------------------- Skia's mask gamma

GAMMA = 1.2          # SK_GAMMA_EXPONENT on Linux (paint and device gamma alike)
CONTRAST = 0.2       # SK_GAMMA_CONTRAST on Linux
LUMINANCE_BITS = 3   # SkTMaskGamma<3, 3, 3>: eight tables, chosen by the text colour's luminance
_tables: dict[int, list[int]] = {}


def _scale255(level: int) -> int:
    """sk_t_scale255<3>: a 3-bit level spread over 0..255 (bit replication)."""
    return (level << 5) | (level << 2) | (level >> 1)


def _correcting_lut(src_byte: int) -> list[int]:
    """SkTMaskGamma_build_correcting_lut: coverage → the coverage that, blended linearly, gives what
    blending in a 1.2-gamma space with a little contrast would give (the background is guessed as
    the opposite luminance of the text)."""
    src = src_byte / 255
    lin_src = src ** GAMMA
    dst = 1.0 - src
    lin_dst = dst ** GAMMA
    contrast = CONTRAST * lin_dst     # tapers to nothing for white text
    table = []
    for i in range(256):
        a = i / 255
        a = a + (1.0 - a) * contrast * a
        if abs(src - dst) < 1 / 256:
            table.append(round(255 * a))
            continue
        out = (lin_src * a + (1.0 - a) * lin_dst) ** (1 / GAMMA)
        table.append(max(0, min(255, math.floor(255 * (out - dst) / (src - dst) + 0.5))))
    return table


def apply_preblend(mask: Image.Image, r: int, g: int, b: int) -> Image.Image:
    """`mask.point(preblend(r, g, b))` on the core image: Image.point checks and rounds its
    256-entry table in Python on every call, most of the cost for a run's small mask."""
    table = preblend(r, g, b)
    return mask._new(mask.im.point(table, "L"))


def preblend(r: int, g: int, b: int) -> list[int]:
    """The coverage table Skia applies to an A8 glyph mask drawn in colour (r, g, b)."""
    luminance = (r * 54 + g * 183 + b * 19) >> 8          # SkComputeLuminance
    level = luminance >> (8 - LUMINANCE_BITS)
    table = _tables.get(level)
    if table is None:
        table = _tables[level] = _correcting_lut(_scale255(level))
    return table
