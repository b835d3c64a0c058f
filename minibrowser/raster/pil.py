"""Display list → pixels with Pillow.

Coordinates in the display list are CSS px; `scale` turns them into device
pixels (`--scale 2` for HiDPI: layout stays in CSS px, glyphs are rasterized
at the device size so text stays crisp).  Each rectangle edge is rounded to
the nearest device pixel on its own, as Blink snaps boxes, so a 96px border
and a 96px image cover exactly the same pixels.

Everything is drawn as a coverage mask composited with `alpha_composite`:
that is correct over a transparent backdrop (`--background transparent`)
and for translucent colours.  `PushClip` and `PushOpacity` open a layer the
size of the clip (or of the enclosing layer); the matching pop composites it
down — through the rounded-corner mask for a rounded clip, at the group's
opacity for `opacity` (CSS Color 4 §3.2: the subtree is painted as a group).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw

from ..css.values import RGBA
from ..paint.fonts import supersample
from ..paint.display_list import (DisplayList, DrawBorder, DrawGradient, DrawImage, DrawLine, DrawPolyline,
                                  DrawText, FillRect, PopClip, PopOpacity, PushClip, PushOpacity)
from . import glyphs
from .gradient import render_linear_gradient
from .shapes import band_mask, dash_mask, has_radii, ring_mask, rounded_mask, side_region, wedge_region

MAX_CANVAS_PIXELS = 200_000_000
HUGE_TEXT = 512   # device px: text larger than this is drawn glyph by glyph, skipping those off the canvas
WHITE = RGBA(255, 255, 255, 1.0)
OBLIQUE_SKEW = 0.25          # Skia's fake italic: x += 0.25 · height above the baseline
_SIDE_NAMES = ("top", "right", "bottom", "left")


@dataclass
class _Layer:
    image: Image.Image
    ox: int                  # where the layer's top-left pixel sits on the canvas (device px)
    oy: int
    opacity: float | None = None
    mask: Image.Image | None = None   # rounded clip coverage, the layer's size
    empty: bool = False      # a clip with nothing inside: draw nothing


class PILRasterizer:
    WHITE = WHITE

    def __init__(self, fonts, scale: float = 1.0, backdrop: RGBA | None = WHITE) -> None:
        self.fonts = fonts          # FontMetricsPIL: measures runs and gives the Pillow font objects
        self.scale = scale
        self.backdrop = backdrop    # behind the page's own canvas colour; None = transparent
        self._scaled: dict = {}     # (id(image), w, h) -> resized RGBA image
        self._blend_tables: dict = {}   # see _blends
        self._runs: dict = {}           # (text, font) -> its runs per font (fonts.runs)
        self._base: Image.Image | None = None      # the base layer of the render under way
        self._drawn_box: tuple | None = None       # see _drawn

    def render(self, display_list: DisplayList, width: float, height: float, top: float = 0.0,
               left: float = 0.0, rows: tuple[int, int] | None = None) -> Image.Image:
        """Rasterize the region (left, top)–(left + width, top + height), given in CSS px; with `rows`
        (first, end), only those device rows of it (a strip: raster/strips.py).  A strip is the base
        layer placed `first` rows down the canvas, so every edge is snapped exactly as for the
        whole region and then moved by a whole number of rows: the strips tile the same pixels."""
        s = self.scale
        sw, sh = max(1, round(width * s)), max(1, round(height * s))
        if sw * sh > MAX_CANVAS_PIXELS:
            raise ValueError(f"canvas {sw}x{sh} is larger than {MAX_CANVAS_PIXELS} pixels")
        first, end = rows if rows is not None else (0, sh)
        self.left, self.top = left, top
        back = self.backdrop or RGBA(0, 0, 0, 0.0)
        self._canvas_colour = _canvas_colour(_rgba(back), _rgba(display_list.background))
        base = Image.new("RGBA", (sw, end - first), self._canvas_colour)
        self.layers = [_Layer(base, 0, first)]
        self._base, self._drawn_box = base, None
        group_bounds = opacity_group_bounds(display_list.commands)
        methods: dict = {}      # command type -> the bound method drawing it (None: nothing to draw)
        for index, cmd in enumerate(display_list.commands):
            kind = type(cmd)
            if kind is PushClip:
                self._push_clip(cmd)
            elif kind is PopClip:
                self._pop()
            elif kind is PushOpacity:
                self._push_opacity(cmd, group_bounds.get(index))
            elif kind is PopOpacity:
                self._pop()
            else:
                layer = self.layers[-1]
                if layer.empty:
                    continue
                method = methods.get(kind, _UNKNOWN)
                if method is _UNKNOWN:
                    method = methods[kind] = getattr(self, "_" + kind.__name__, None)
                if method is not None:
                    method(layer.image, cmd)
        while len(self.layers) > 1:
            self._pop()
        return self.layers[0].image

    # ------------------------------------------------------------------ layers
    def _push_clip(self, cmd: PushClip) -> None:
        parent = self.layers[-1]
        x0, y0, x1, y1 = self._canvas_edges(cmd.x, cmd.y, cmd.width, cmd.height)
        cx0, cy0 = max(x0, parent.ox), max(y0, parent.oy)
        cx1, cy1 = min(x1, parent.ox + parent.image.width), min(y1, parent.oy + parent.image.height)
        if parent.empty or cx1 <= cx0 or cy1 <= cy0:
            self.layers.append(_Layer(Image.new("RGBA", (1, 1), (0, 0, 0, 0)), 0, 0, empty=True))
            return
        mask = None
        radii = self._device_radii(cmd.radii)
        if has_radii(radii):
            full = rounded_mask(x1 - x0, y1 - y0, radii)
            mask = full.crop((cx0 - x0, cy0 - y0, cx1 - x0, cy1 - y0))
        self.layers.append(_Layer(Image.new("RGBA", (cx1 - cx0, cy1 - cy0), (0, 0, 0, 0)), cx0, cy0, mask=mask))

    def _push_opacity(self, cmd: PushOpacity, bounds: tuple | None) -> None:
        """A layer only as big as what the group paints (a thousand translucent boxes on a long page
        must not each allocate and composite a whole-page layer)."""
        parent = self.layers[-1]
        if bounds is None or parent.empty:
            self.layers.append(_Layer(Image.new("RGBA", (1, 1), (0, 0, 0, 0)), 0, 0, empty=True))
            return
        x0, y0, x1, y1 = self._canvas_edges(bounds[0], bounds[1], bounds[2] - bounds[0], bounds[3] - bounds[1])
        x0, y0 = max(x0 - 2, parent.ox), max(y0 - 2, parent.oy)
        x1, y1 = min(x1 + 2, parent.ox + parent.image.width), min(y1 + 2, parent.oy + parent.image.height)
        if x1 <= x0 or y1 <= y0:
            self.layers.append(_Layer(Image.new("RGBA", (1, 1), (0, 0, 0, 0)), 0, 0, empty=True))
            return
        self.layers.append(_Layer(Image.new("RGBA", (x1 - x0, y1 - y0), (0, 0, 0, 0)), x0, y0,
                                  opacity=cmd.opacity))

    def _pop(self) -> None:
        if len(self.layers) <= 1:
            return
        layer = self.layers.pop()
        if layer.empty:
            return
        image = layer.image
        if layer.mask is not None or layer.opacity is not None:
            alpha = image.getchannel("A")
            if layer.mask is not None:
                alpha = ImageChops.multiply(alpha, layer.mask)
            if layer.opacity is not None:
                alpha = alpha.point(_scale_table(layer.opacity))
            image.putalpha(alpha)
        parent = self.layers[-1]
        self._composite(parent.image, image, layer.ox - parent.ox, layer.oy - parent.oy)

    # ------------------------------------------------------------------ geometry
    def _canvas_edges(self, x: float, y: float, w: float, h: float) -> tuple[int, int, int, int]:
        """Device-pixel edges on the canvas, each edge rounded on its own (pixel snapping)."""
        s = self.scale
        x, y = x - self.left, y - self.top
        return _snap(x * s), _snap(y * s), _snap((x + w) * s), _snap((y + h) * s)

    def _edges(self, x: float, y: float, w: float, h: float) -> tuple[int, int, int, int]:
        """Device-pixel edges in the current layer's coordinates."""
        layer = self.layers[-1]
        x0, y0, x1, y1 = self._canvas_edges(x, y, w, h)
        return x0 - layer.ox, y0 - layer.oy, x1 - layer.ox, y1 - layer.oy

    def _point(self, x: float, y: float) -> tuple[float, float]:
        layer = self.layers[-1]
        return (x - self.left) * self.scale - layer.ox, (y - self.top) * self.scale - layer.oy

    def _device_radii(self, radii: tuple) -> tuple:
        return tuple((rx * self.scale, ry * self.scale) for rx, ry in radii) if radii else ()

    # ------------------------------------------------------------------ primitives
    # Every pixel a command changes is changed by _fill_mask, _fill_rect or _composite (or, for a
    # repeated image, after a _drawn call): the base layer's changed pixels stay within _drawn_box,
    # and outside it the canvas is still its colour (see _FillRect).

    def _drawn(self, image: Image.Image, x0: int, y0: int, x1: int, y1: int) -> None:
        """The pixels of `image` in this box are about to change."""
        if image is self._base:
            box = self._drawn_box
            self._drawn_box = (x0, y0, x1, y1) if box is None else \
                (min(box[0], x0), min(box[1], y0), max(box[2], x1), max(box[3], y1))

    def _composite(self, dest: Image.Image, src: Image.Image, x: int, y: int) -> None:
        """`src` composited over `dest` with its top-left pixel at (x, y), as much as lies on `dest`."""
        self._drawn(dest, x, y, x + src.width, y + src.height)
        _composite(dest, src, x, y)

    def _fill_mask(self, image: Image.Image, color: RGBA, mask: Image.Image, x: int, y: int,
                   table: list[int] | None = None) -> None:
        """Composite `color` through a coverage mask whose top-left pixel goes at (x, y), each
        coverage value first mapped through `table` when given (Skia's gamma for text)."""
        if color.a <= 0:
            return
        width, height = mask.size
        image_width, image_height = image.size
        if x < 0 or y < 0 or x + width > image_width or y + height > image_height:
            placed = _on_canvas(mask, image, x, y)
            if placed is None:
                return
            mask, x, y = placed
            width, height = mask.size
        box = (x, y, x + width, y + height)
        self._drawn(image, *box)
        # on the core images: this runs once per text run, and the wrappers' checks cost more than
        # the pixels
        canvas = image.im
        under = canvas.crop(box)
        one_colour = under.getcolors(1) if mask.mode == "L" else None
        if one_colour is not None:
            # Over one colour (text on its box's background, mostly) every pixel's result depends
            # on its coverage alone: the mask indexes a palette of the 256 blends, made by
            # alpha_composite itself — the same bytes, without blending pixel by pixel
            indexed = mask.im.convert("P")
            indexed.putpalette("RGBA", "RGBA", self._blends(color, one_colour[0][1], table))
            canvas.paste(indexed.convert("RGBA"), box)
            return
        alpha = _alphas(color, table)
        alpha = mask.im if alpha is None else mask.im.point(alpha, "L")
        source = Image.core.fill("RGBA", (width, height), (color.r, color.g, color.b, 0))
        source.putband(alpha, 3)      # what Image.new and putalpha do
        canvas.paste(Image.core.alpha_composite(under, source), box)

    def _blends(self, color: RGBA, under: tuple, table: list[int] | None) -> bytes:
        """The 256 RGBA pixels of `color` composited over the pixel `under` at each coverage (through
        `table`): alpha_composite's own results, kept per colour, pixel and table (a table that
        lives as long as the page: glyphs.preblend's)."""
        key = (color.r, color.g, color.b, color.a, under, id(table))
        known = self._blend_tables.get(key)
        if known is not None and known[0] is table:
            return known[1]
        coverage = Image.core.fill("L", (256, 1), 0)
        alpha = _alphas(color, table)
        coverage.putdata(bytes(range(256) if alpha is None else alpha))
        source = Image.core.fill("RGBA", (256, 1), (color.r, color.g, color.b, 0))
        source.putband(coverage, 3)
        blended = Image.core.alpha_composite(Image.core.fill("RGBA", (256, 1), under), source)
        palette = _WRAPPER._new(blended).tobytes()
        self._blend_tables[key] = (table, palette)    # the table is kept: its id stays its own
        return palette

    def _fill_rect(self, image: Image.Image, color: RGBA, x0: int, y0: int, x1: int, y1: int) -> None:
        x0, y0 = max(x0, 0), max(y0, 0)
        x1, y1 = min(x1, image.width), min(y1, image.height)
        if x1 <= x0 or y1 <= y0 or color.a <= 0:
            return
        self._drawn(image, x0, y0, x1, y1)
        # on the core images, as in _fill_mask: an opaque colour replaces the pixels (what
        # ImageDraw's rectangle writes), a translucent one is composited
        if color.a >= 1:
            image.im.paste(_rgba(color), (x0, y0, x1, y1))
        else:
            _composite_core(image, Image.core.fill("RGBA", (x1 - x0, y1 - y0), _rgba(color)), x0, y0)

    # ------------------------------------------------------------------ commands
    def _FillRect(self, image: Image.Image, cmd: FillRect) -> None:
        x0, y0, x1, y1 = self._edges(cmd.x, cmd.y, cmd.width, cmd.height)
        if x1 <= x0 or y1 <= y0 or x1 <= 0 or y1 <= 0 or x0 >= image.width or y0 >= image.height:
            return
        radii = self._device_radii(cmd.radii)
        if has_radii(radii):
            x0, y0, x1, y1, _w, radii = _visible_part(x0, y0, x1, y1, (0, 0, 0, 0), radii, image)
            self._fill_mask(image, cmd.color, rounded_mask(x1 - x0, y1 - y0, radii), x0, y0)
        elif cmd.color.a >= 1 and image is self._base and _rgba(cmd.color) == self._canvas_colour:
            # the canvas's own colour, opaque (a page-long body background, often): only where
            # something was drawn can the pixels be another colour
            if self._drawn_box is not None:
                dx0, dy0, dx1, dy1 = self._drawn_box
                self._fill_rect(image, cmd.color, max(x0, dx0), max(y0, dy0), min(x1, dx1), min(y1, dy1))
        else:
            self._fill_rect(image, cmd.color, x0, y0, x1, y1)

    def _DrawBorder(self, image: Image.Image, cmd: DrawBorder) -> None:
        x0, y0, x1, y1 = self._edges(cmd.x, cmd.y, cmd.width, cmd.height)
        w, h = x1 - x0, y1 - y0
        if w <= 0 or h <= 0 or x1 <= 0 or y1 <= 0 or x0 >= image.width or y0 >= image.height:
            return
        # the inner edge is snapped on its own too, so the border and the padding box tile exactly
        bt, br, bb, bl = cmd.widths
        ix0, iy0, ix1, iy1 = self._edges(cmd.x + bl, cmd.y + bt, cmd.width - bl - br, cmd.height - bt - bb)
        widths = [max(0, iy0 - y0) if bt > 0 else 0, max(0, x1 - ix1) if br > 0 else 0,
                  max(0, y1 - iy1) if bb > 0 else 0, max(0, ix0 - x0) if bl > 0 else 0]
        widths = [max(1, d) if d == 0 and cw > 0 else d for d, cw in zip(widths, cmd.widths)]
        t, r, b, l = widths = (min(widths[0], h), min(widths[1], w), min(widths[2], h), min(widths[3], w))
        painted = [wd > 0 and st not in ("none", "hidden") and c.a > 0
                   for wd, st, c in zip(widths, cmd.styles, cmd.colors)]
        if not any(painted):
            return
        radii = self._device_radii(cmd.radii)
        x0, y0, x1, y1, widths, radii = _visible_part(x0, y0, x1, y1, widths, radii, image)
        t, r, b, l = widths
        w, h = x1 - x0, y1 - y0
        painted = [p and wd > 0 for p, wd in zip(painted, widths)]
        if not any(painted):
            return
        rounded = has_radii(radii)
        looks = [(cmd.styles[i], cmd.colors[i]) for i in range(4)]
        solid_one_colour = all(looks[i] == looks[painted.index(True)] for i in range(4) if painted[i])
        if not rounded and solid_one_colour and cmd.styles[painted.index(True)] == "solid" \
                and cmd.colors[painted.index(True)].a >= 1:
            color = cmd.colors[painted.index(True)]
            bands = ((x0, y0, x1, y0 + t), (x1 - r, y0, x1, y1), (x0, y1 - b, x1, y1), (x0, y0, x0 + l, y1))
            for side in range(4):
                if painted[side]:
                    self._fill_rect(image, color, *bands[side])
            return
        ring = ring_mask(w, h, widths, radii) if rounded else None
        if ring is not None and solid_one_colour and all(painted) and looks[0][0] in ("solid", "double"):
            # one look all round: the ring itself (double: its outer and inner thirds)
            color = cmd.colors[0]
            if looks[0][0] == "double" and max(widths) >= 3:
                third = tuple(round(wd / 3) for wd in widths)
                inner = tuple(wd - t3 for wd, t3 in zip(widths, third))
                # the middle third is what the 2/3-inset ring has beyond the 1/3-inset one
                ring = ImageChops.subtract(ring_mask(w, h, widths, radii),
                                           ImageChops.subtract(ring_mask(w, h, inner, radii),
                                                               ring_mask(w, h, third, radii)))
            self._fill_mask(image, color, ring, x0, y0)
            return
        for side in range(4):
            if not painted[side]:
                continue
            name = _SIDE_NAMES[side]
            before, after = _NEIGHBOURS[side]
            split = (painted[before] and looks[before] != looks[side], painted[after] and looks[after] != looks[side])
            if ring is not None:
                # rounded corners reach beyond the straight bands: each side owns a wedge to the centre
                region = ImageChops.multiply(wedge_region(name, w, h), ring)
            else:
                region = side_region(name, w, h, widths, split)
            style, color = cmd.styles[side], cmd.colors[side]
            for part, shade in _style_parts(style, name, w, h, widths):
                mask = region if part is None else ImageChops.multiply(region, part)
                self._fill_mask(image, _shade(color, shade, name), mask, x0, y0)

    def _DrawLine(self, image: Image.Image, cmd: DrawLine) -> None:
        s = self.scale
        x0f, yf = self._point(cmd.x1, cmd.y1)
        x1f, _ = self._point(cmd.x2, cmd.y2)
        x0, x1 = _snap(x0f), _snap(x1f)
        thickness = max(1, round(cmd.thickness * s))
        top = _snap(yf)
        if x1 <= x0 or x1 <= 0 or x0 >= image.width:
            return
        if top + 4 * thickness + 2 <= 0 or top - 2 * thickness - 2 >= image.height:
            return      # every style's rows (a wave's reach too) lie off the layer: nothing to draw
        if cmd.style == "wavy":
            self._wavy(image, cmd.color, x0, x1, top, thickness)
            return
        mask = Image.new("L", (x1 - x0, thickness * (3 if cmd.style == "double" else 1)), 0)
        draw = ImageDraw.Draw(mask)
        if cmd.style in ("dotted", "dashed"):
            dash = thickness * (1 if cmd.style == "dotted" else 3)
            gap = thickness * (1 if cmd.style == "dotted" else 2)
            for x in range(0, x1 - x0, dash + gap):
                draw.rectangle([x, 0, min(x1 - x0, x + dash) - 1, thickness - 1], fill=255)
        elif cmd.style == "double":
            draw.rectangle([0, 0, x1 - x0 - 1, thickness - 1], fill=255)
            draw.rectangle([0, 2 * thickness, x1 - x0 - 1, 3 * thickness - 1], fill=255)
        else:
            draw.rectangle([0, 0, x1 - x0 - 1, thickness - 1], fill=255)
        self._fill_mask(image, cmd.color, mask, x0, top)

    def _DrawPolyline(self, image: Image.Image, cmd: DrawPolyline) -> None:
        points = [self._point(x, y) for x, y in cmd.points]
        width = max(1.0, cmd.thickness * self.scale)
        pad = math.ceil(width) + 1
        x0 = math.floor(min(p[0] for p in points)) - pad
        y0 = math.floor(min(p[1] for p in points)) - pad
        x1 = math.ceil(max(p[0] for p in points)) + pad
        y1 = math.ceil(max(p[1] for p in points)) + pad
        s = 4   # drawn four times larger, then averaged: antialiased
        big = Image.new("L", ((x1 - x0) * s, (y1 - y0) * s), 0)
        ImageDraw.Draw(big).line([((px - x0) * s, (py - y0) * s) for px, py in points], fill=255,
                                 width=round(width * s), joint="curve")
        self._fill_mask(image, cmd.color, big.reduce(s), x0, y0)

    def _wavy(self, image: Image.Image, color: RGBA, x0: int, x1: int, top: int, thickness: int) -> None:
        s = 4   # drawn four times larger, then averaged: an antialiased wave
        amplitude = thickness * 1.5
        period = thickness * 6
        height = math.ceil(2 * amplitude + thickness) + 1
        big = Image.new("L", ((x1 - x0) * s, height * s), 0)
        points = [(i, (height / 2 + amplitude * math.sin(2 * math.pi * i / (period * s))) * s)
                  for i in range(0, (x1 - x0) * s + 1, max(1, s))]
        ImageDraw.Draw(big).line(points, fill=255, width=thickness * s)
        self._fill_mask(image, color, big.reduce(s), x0, top - round(amplitude))

    def _DrawText(self, image: Image.Image, cmd: DrawText) -> None:
        if cmd.color.a <= 0 or not cmd.text:
            return
        s = self.scale
        x, y = self._point(cmd.x, cmd.baseline)
        if y < -cmd.size * 2 * s or y > image.height + cmd.size * 2 * s or x > image.width:
            return
        key = (cmd.text, cmd.font)
        runs = self._runs.get(key)
        if runs is None:        # (a page repeats its words: each is split by font once)
            runs = self._runs[key] = self.fonts.runs(cmd.text, cmd.font)
        for index, (text, font) in enumerate(runs):
            device_font = font._replace(size=font.size * s) if s != 1 else font
            if cmd.letter_spacing or device_font.size > HUGE_TEXT:
                # letters placed one by one: the extra space goes after each letter (and each space);
                # huge text too, so that only the glyphs over the canvas are drawn (font-size: 1e9px
                # computes to 10,000px: one run of it would be a mask of gigapixels)
                for ch in text:
                    if x > image.width:
                        break
                    advance = self.fonts.width(ch, font)
                    if x + (advance + font.size) * s >= 0:
                        self._glyphs(image, x, y, ch, device_font, font, cmd.color)
                    x += (advance + cmd.letter_spacing + (cmd.word_spacing if ch == " " else 0.0)) * s
                continue
            if cmd.word_spacing and " " in text:
                # words drawn whole (kerning kept), each space widened
                words = text.split(" ")
                for number, word in enumerate(words):
                    self._glyphs(image, x, y, word, device_font, font, cmd.color)
                    if number < len(words) - 1:
                        x += (self.fonts.width(word + " ", font) + cmd.word_spacing) * s
                continue
            self._glyphs(image, x, y, text, device_font, font, cmd.color)
            if index < len(runs) - 1:     # measured only when another run follows it
                x += self.fonts.width(text, font) * s

    def _glyphs(self, image: Image.Image, x: float, y: float, text: str, font, css_font, color: RGBA) -> None:
        """Draw one run with its baseline-left at (x, y) device px: glyph coverage, then composite.
        `font` is the device-size font, `css_font` the one layout measured with.

        Where FreeType and HarfBuzz can be loaded, raster/glyphs.py draws the run as Skia does.  Else
        Pillow places each glyph on a whole pixel; drawn SUPERSAMPLE times larger and averaged down,
        glyphs land on quarter pixels, as with Skia's subpixel positioning — "onto" does not
        become "o nto" at 16px.  The box comes from the font's ink extent (head table), not from a
        second layout of the run.
        """
        if not text or text.isspace():
            return
        if font.size <= HUGE_TEXT and glyphs.available():
            # as Chromium draws text on Linux: FreeType's light hinting, quarter-pixel positions, Skia's gamma
            placed = glyphs.run_mask(font, text, x, y)
            if placed is not None:
                mask, left, top = placed
                if mask.width and mask.height:
                    self._fill_mask(image, color, mask, left, top, glyphs.preblend(color.r, color.g, color.b))
                return
        advance = self.fonts.width(text, css_font) * self.scale
        ss = supersample(font.size)
        stroke = _fake_bold_stroke(font.size) if font.synthetic_bold else 0.0
        above, below = self.fonts.ink_extent(font)
        pad = math.ceil(font.size * 0.3 + stroke) + 2
        ix, iy = math.floor(x), math.floor(y)
        left, top = -pad, -math.ceil(above + stroke) - 2
        right, bottom = math.ceil(x - ix + advance) + pad, math.ceil(below + stroke) + 2
        # only the part the layer can show (huge text); the shear reaches a little further left
        slack = math.ceil(OBLIQUE_SKEW * (bottom - top)) + 2 if font.synthetic_oblique else 2
        left, top = max(left, -ix - slack), max(top, -iy - 2)
        right, bottom = min(right, image.width - ix + 2), min(bottom, image.height - iy + 2)
        if right <= left or bottom <= top:
            return
        if (right - left) * (bottom - top) * ss * ss > MAX_CANVAS_PIXELS // 4:
            ss = 1
        mask = Image.new("L", ((right - left) * ss, (bottom - top) * ss), 0)
        try:
            pil = self.fonts.pil_font(font._replace(size=font.size * ss) if ss != 1 else font)
            ImageDraw.Draw(mask).text(((x - ix - left) * ss, (y - iy - top) * ss), text, font=pil, fill=255,
                                      anchor="ls", stroke_width=stroke * ss, stroke_fill=255)
        except (OSError, ValueError):
            return
        if ss != 1:
            mask = mask.reduce(ss)
        if font.synthetic_oblique:
            # shear around the baseline: a point h px above it moves OBLIQUE_SKEW·h to the right
            extra = max(0, math.ceil(OBLIQUE_SKEW * -top))
            mask = mask.transform((mask.width + extra, mask.height), Image.Transform.AFFINE,
                                  (1, OBLIQUE_SKEW, OBLIQUE_SKEW * top, 0, 1, 0),
                                  resample=Image.Resampling.BILINEAR)
        self._fill_mask(image, color, mask, ix + left, iy + top)

    def _DrawImage(self, image: Image.Image, cmd: DrawImage) -> None:
        if cmd.image is None or cmd.width <= 0 or cmd.height <= 0:
            return
        x0, y0, x1, y1 = self._edges(cmd.x, cmd.y, cmd.width, cmd.height)
        w, h = x1 - x0, y1 - y0
        if w <= 0 or h <= 0:
            return
        if cmd.repeat is None:
            if x1 > 0 and y1 > 0 and x0 < image.width and y0 < image.height:
                if w * h > HUGE_SHAPE:
                    self._visible_tile(image, cmd.image, x0, y0, w, h, (0, 0, image.width, image.height))
                else:
                    self._composite(image, self._resized(cmd.image, w, h), x0, y0)
            return
        ax0, ay0, ax1, ay1 = self._edges(*cmd.area)
        ax0, ay0 = max(ax0, 0), max(ay0, 0)
        ax1, ay1 = min(ax1, image.width), min(ay1, image.height)
        if ax1 <= ax0 or ay1 <= ay0:
            return
        repeat_x, repeat_y = cmd.repeat[0] != "no-repeat", cmd.repeat[1] != "no-repeat"
        # the first tile at or before the area's start, then as many as cover it
        start_x = x0 - math.ceil((x0 - ax0) / w) * w if repeat_x else x0
        start_y = y0 - math.ceil((y0 - ay0) / h) * h if repeat_y else y0
        if w * h > HUGE_SHAPE:   # few huge tiles can be visible: scale only what shows of each
            for ty in (range(start_y, ay1, h) if repeat_y else [y0]):
                for tx in (range(start_x, ax1, w) if repeat_x else [x0]):
                    self._visible_tile(image, cmd.image, tx, ty, w, h, (ax0, ay0, ax1, ay1))
            return
        tile = self._resized(cmd.image, w, h)
        across = _tile_strip(tile, ax1 - start_x if repeat_x else w, True) if repeat_x else tile
        full = _tile_strip(across, ay1 - start_y if repeat_y else h, False) if repeat_y else across
        area = Image.new("RGBA", (ax1 - ax0, ay1 - ay0), (0, 0, 0, 0))
        _composite(area, full, start_x - ax0, start_y - ay0)
        self._drawn(image, ax0, ay0, ax1, ay1)
        image.alpha_composite(area, (ax0, ay0))

    def _visible_tile(self, image: Image.Image, source: Image.Image, x: int, y: int, w: int, h: int,
                      window: tuple) -> None:
        """Draw the part of a w × h scaling of `source` at (x, y) that falls inside `window`, scaling
        only that part (a background-size of 100000px must not allocate the whole picture)."""
        vx0, vy0 = max(x, window[0]), max(y, window[1])
        vx1, vy1 = min(x + w, window[2]), min(y + h, window[3])
        if vx1 <= vx0 or vy1 <= vy0:
            return
        sx, sy = source.width / w, source.height / h
        box = ((vx0 - x) * sx, (vy0 - y) * sy, (vx1 - x) * sx, (vy1 - y) * sy)
        part = source.convert("RGBA").resize((vx1 - vx0, vy1 - vy0), Image.Resampling.BICUBIC, box=box)
        self._composite(image, part, vx0, vy0)

    def _resized(self, source: Image.Image, w: int, h: int) -> Image.Image:
        """The image at w × h device px, decoded once and scaled once (Lanczos down, bicubic up)."""
        key = (id(source), w, h)
        cached = self._scaled.get(key)
        if cached is None:
            tile = source if source.mode == "RGBA" else source.convert("RGBA")
            if tile.size != (w, h):
                shrinking = w < tile.width or h < tile.height
                tile = tile.resize((w, h), Image.Resampling.LANCZOS if shrinking else Image.Resampling.BICUBIC)
            cached = self._scaled[key] = (source, tile)   # the source is kept so its id is not reused
        return cached[1]

    def _DrawGradient(self, image: Image.Image, cmd: DrawGradient) -> None:
        x0, y0, x1, y1 = self._edges(cmd.x, cmd.y, cmd.width, cmd.height)
        w, h = x1 - x0, y1 - y0
        if w <= 0 or h <= 0 or w * h > MAX_CANVAS_PIXELS:
            return
        if x1 <= 0 or y1 <= 0 or x0 >= image.width or y0 >= image.height:
            return
        tile = render_linear_gradient(cmd.angle, list(cmd.stops), w, h, self.scale, cmd.repeating)
        self._composite(image, tile, x0, y0)


# ---------------------------------------------------------------------------
# helpers

_UNKNOWN = object()
_WRAPPER = Image.Image()    # its _new() wraps a core image, as ImageChops does
_NEIGHBOURS = ((3, 1), (0, 2), (3, 1), (0, 2))   # each side's neighbours at its (top/left, bottom/right) ends


HUGE_SHAPE = 16_000_000   # device px: a box bigger than this is cut down to what the layer can show


def _visible_part(x0: int, y0: int, x1: int, y1: int, widths: tuple, radii: tuple, image: Image.Image) -> tuple:
    """Cut a huge box (a 2,000,000px-tall div) to the layer plus a margin before building its masks.
    A side that lies wholly outside loses its width; a corner outside loses its rounding."""
    if (x1 - x0) * (y1 - y0) <= HUGE_SHAPE:
        return x0, y0, x1, y1, widths, radii
    reach = math.ceil(max(widths) + max((max(rx, ry) for rx, ry in radii), default=0)) + 2
    # a border wider than the layer (border-width: 1e308px saturates at 10,000,000px) is cut too:
    # past one layer-size beyond the edge, nothing it draws can show
    reach = min(reach, image.width + image.height + 2)
    nx0, ny0 = max(x0, -reach), max(y0, -reach)
    nx1, ny1 = min(x1, image.width + reach), min(y1, image.height + reach)
    if nx1 <= nx0 or ny1 <= ny0:
        return nx0, ny0, max(nx0, nx1), max(ny0, ny1), (0, 0, 0, 0), ()
    t, r, b, l = widths
    cut = (ny0 > y0, nx1 < x1, ny1 < y1, nx0 > x0)     # top, right, bottom, left moved
    widths = tuple(0 if c else wd for c, wd in zip(cut, (t, r, b, l)))
    t, r, b, l = widths
    widths = (min(t, ny1 - ny0), min(r, nx1 - nx0), min(b, ny1 - ny0), min(l, nx1 - nx0))
    if radii:
        corner_cut = (cut[0] or cut[3], cut[0] or cut[1], cut[2] or cut[1], cut[2] or cut[3])
        radii = tuple((0.0, 0.0) if c else rr for c, rr in zip(corner_cut, radii))
    return nx0, ny0, nx1, ny1, widths, radii


def command_bounds(cmd) -> tuple[float, float, float, float] | None:
    """Where a command may put ink, (x0, y0, x1, y1) in CSS px, generously; None if nowhere."""
    kind = type(cmd)
    if kind is DrawText:
        size = cmd.size or 16.0
        extra = cmd.letter_spacing * len(cmd.text) + cmd.word_spacing * cmd.text.count(" ")
        return (cmd.x - size, cmd.baseline - 2 * size, cmd.x + cmd.width + abs(extra) + 2 * size,
                cmd.baseline + size)
    if kind is DrawImage and cmd.area is not None:
        x, y, w, h = cmd.area
        return (x, y, x + w, y + h)
    if kind in (FillRect, DrawBorder, DrawImage, DrawGradient, PushClip):
        return (cmd.x, cmd.y, cmd.x + cmd.width, cmd.y + cmd.height)
    if kind is DrawLine:
        pad = cmd.thickness * 4 + 2
        return (min(cmd.x1, cmd.x2), cmd.y1 - pad, max(cmd.x1, cmd.x2), cmd.y1 + pad)
    if kind is DrawPolyline:
        xs, ys = [p[0] for p in cmd.points], [p[1] for p in cmd.points]
        return (min(xs) - cmd.thickness, min(ys) - cmd.thickness, max(xs) + cmd.thickness, max(ys) + cmd.thickness)
    return None


def opacity_group_bounds(commands: list) -> dict[int, tuple]:
    """For each PushOpacity (by index), the union of the bounds of the commands up to its PopOpacity.
    One pass with a stack: nested groups add their bounds to their parents'."""
    bounds: dict[int, tuple] = {}
    stack: list[list] = []    # [index of the PushOpacity, union so far or None]
    for index, cmd in enumerate(commands):
        kind = type(cmd)
        if kind is PushOpacity:
            stack.append([index, None])
            continue
        if kind is PopOpacity:
            if stack:
                start, union = stack.pop()
                if union is not None:
                    bounds[start] = union
                    if stack:
                        stack[-1][1] = _union(stack[-1][1], union)
            continue
        if stack:
            box = command_bounds(cmd)
            if box is not None:
                stack[-1][1] = _union(stack[-1][1], box)
    while stack:   # an unbalanced list: close what is open
        start, union = stack.pop()
        if union is not None:
            bounds[start] = union
            if stack:
                stack[-1][1] = _union(stack[-1][1], union)
    return bounds


def _union(a: tuple | None, b: tuple) -> tuple:
    if a is None:
        return b
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _snap(value: float) -> int:
    """The nearest pixel edge, halves rounding up as Blink snaps (Python's round() goes to even: a
    1px border at y = 610.5 would then cover two rows)."""
    return math.floor(value + 0.5)


def _canvas_colour(backdrop: tuple[int, int, int, int], background: tuple[int, int, int, int]) -> tuple:
    """The page's canvas colour over the backdrop: one colour, so one canvas is filled with it rather
    than a second page-sized canvas composited over the first (243 MB on a 75,000px-tall page).
    Pillow composites the two pixels, so the result is what compositing the canvases gave."""
    if background[3] == 0:
        return backdrop
    pixel = Image.new("RGBA", (1, 1), backdrop)
    pixel.alpha_composite(Image.new("RGBA", (1, 1), background))
    return pixel.getpixel((0, 0))


def _rgba(color: RGBA) -> tuple[int, int, int, int]:
    return (color.r, color.g, color.b, round(color.a * 255))


def _alphas(color: RGBA, table: list[int] | None) -> list[int] | None:
    """The alpha each coverage value gives `color`: through `table`, then scaled by the colour's own
    alpha; None when it is the coverage itself."""
    if color.a >= 1:
        return table
    scale = _scale_table(color.a)
    return scale if table is None else [scale[v] for v in table]


def _scale_table(factor: float) -> list[int]:
    return [round(v * factor) for v in range(256)]


def _on_canvas(src: Image.Image, dest: Image.Image, x: int, y: int) -> tuple[Image.Image, int, int] | None:
    """The part of `src` placed at (x, y) that falls on `dest`, and where it goes; None if no part does."""
    left, top = max(0, -x), max(0, -y)
    right, bottom = min(src.width, dest.width - x), min(src.height, dest.height - y)
    if right <= left or bottom <= top:
        return None
    if (left, top, right, bottom) != (0, 0, src.width, src.height):
        src = src.crop((left, top, right, bottom))
    return src, x + left, y + top


def _composite(dest: Image.Image, src: Image.Image, x: int, y: int) -> None:
    """alpha_composite that tolerates a source partly outside the destination."""
    placed = _on_canvas(src, dest, x, y)
    if placed is not None:
        src, x, y = placed
        src.load()             # a decoded image may still be waiting for its pixels
        _composite_core(dest, src.im, x, y)


def _composite_core(dest: Image.Image, source, x: int, y: int) -> None:
    """`dest.alpha_composite(source, (x, y))` for a core image that lies wholly on `dest`: the same
    crop, composite and paste, without the checks of Pillow's wrappers (once per text run)."""
    width, height = source.size
    box = (x, y, x + width, y + height)
    canvas = dest.im
    canvas.paste(Image.core.alpha_composite(canvas.crop(box), source), box)


def _tile_strip(tile: Image.Image, length: int, horizontal: bool) -> Image.Image:
    """`tile` repeated along one axis to at least `length` px, by doubling (log n pastes, not n)."""
    step = tile.width if horizontal else tile.height
    count = max(1, math.ceil(length / step))
    size = (step * count, tile.height) if horizontal else (tile.width, step * count)
    strip = Image.new("RGBA", size, (0, 0, 0, 0))
    strip.paste(tile, (0, 0))
    done = 1
    while done < count:
        n = min(done, count - done)
        piece = strip.crop((0, 0, step * n, tile.height) if horizontal else (0, 0, tile.width, step * n))
        strip.paste(piece, (step * done, 0) if horizontal else (0, step * done))
        done += n
    return strip


def _fake_bold_stroke(size: float) -> float:
    """Skia's fake bold outsets outlines by size × (1/24 at 9px … 1/32 at 36px); Pillow's stroke is a radius."""
    ratio = 1 / 24 if size <= 9 else 1 / 32 if size >= 36 else 1 / 24 + (size - 9) / 27 * (1 / 32 - 1 / 24)
    return size * ratio / 2


def _style_parts(style: str, side: str, w: int, h: int, widths: tuple) -> list[tuple]:
    """(extra mask or None, the style that shades its colour) for each stripe of a border side."""
    if style in ("dashed", "dotted"):
        return [(dash_mask(side, w, h, widths, style), "solid")]
    if style == "double" and max(widths) >= 3:
        return [(band_mask(side, w, h, widths, 0.0, 1 / 3), "solid"),
                (band_mask(side, w, h, widths, 2 / 3, 1.0), "solid")]
    if style in ("groove", "ridge"):
        outer, inner = ("inset", "outset") if style == "groove" else ("outset", "inset")
        if max(widths) < 2:
            return [(None, outer)]
        return [(band_mask(side, w, h, widths, 0.0, 0.5), outer), (band_mask(side, w, h, widths, 0.5, 1.0), inner)]
    return [(None, style)]


_BASE_DARK = (0x20, 0x20, 0x20)
_BASE_LIGHT = (0xEB, 0xEB, 0xEB)
_LIGHTENED_BLACK = (0x54, 0x54, 0x54)


def _distance(a: tuple, b: tuple) -> int:
    return sum((p - q) ** 2 for p, q in zip(a, b))


def _darker(rgb: tuple) -> tuple:
    """Blink's Color::Dark(): the brightest channel loses a third of the range, the others in ratio."""
    v = max(rgb) / 255.99998
    factor = max(0.0, (v - 0.33) / v) if v else 0.0
    return tuple(min(255, round(c * factor)) for c in rgb)


def _lighter(rgb: tuple) -> tuple:
    """Blink's Color::Light(): the brightest channel gains a third of the range (black becomes #545454)."""
    v = max(rgb) / 255.99998
    if v == 0:
        return _LIGHTENED_BLACK
    factor = min(1.0, v + 0.33) / v
    return tuple(min(255, round(c * factor)) for c in rgb)


def _shade(color: RGBA, style: str, side: str) -> RGBA:
    """inset/outset colours as headless Chromium paints them (measured on grey ramps): the shadowed
    sides (top-left of inset, bottom-right of outset) are darkened and the others lightened; a colour
    as dark as #202020 or darker cannot darken, so both sides lighten (once and twice); a colour as
    light as #EBEBEB or lighter keeps its lit sides."""
    if style not in ("inset", "outset"):
        return color
    shadowed = (side in ("top", "left")) == (style == "inset")
    rgb = (color.r, color.g, color.b)
    if _distance(rgb, (0, 0, 0)) <= _distance(_BASE_DARK, (0, 0, 0)):
        shaded = _lighter(rgb) if shadowed else _lighter(_lighter(rgb))
    elif _distance(rgb, (255, 255, 255)) <= _distance(_BASE_LIGHT, (255, 255, 255)):
        shaded = _darker(rgb) if shadowed else rgb
    else:
        shaded = _darker(rgb) if shadowed else _lighter(rgb)
    return RGBA(*shaded, color.a)
