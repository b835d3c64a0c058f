"""Display list → pixels with Pillow.

Coordinates are CSS px; `scale` turns them into device pixels (--scale 2 for
HiDPI).  Text is drawn a run at a time with the same Pillow font objects that
measured it, so what layout measured is what appears.  Translucency (colours
with alpha, `opacity`) is composited on RGBA layers.
"""
from __future__ import annotations

import math

from PIL import Image, ImageChops, ImageDraw

from ..css.values import RGBA
from ..paint.display_list import (DisplayList, DrawBorder, DrawGradient, DrawImage, DrawLine, DrawText,
                                  FillRect, PopClip, PopOpacity, PushClip, PushOpacity)

MAX_CANVAS_PIXELS = 200_000_000


class PILRasterizer:
    def __init__(self, fonts, scale: float = 1.0) -> None:
        self.fonts = fonts   # FontMetricsPIL: gives the Pillow font objects
        self.scale = scale

    def render(self, display_list: DisplayList, width: int, height: int, top: float = 0.0) -> Image.Image:
        """Rasterize the region (0, top)–(width, top+height) in CSS px."""
        sw, sh = max(1, round(width * self.scale)), max(1, round(height * self.scale))
        if sw * sh > MAX_CANVAS_PIXELS:
            raise ValueError(f"canvas {sw}x{sh} is larger than {MAX_CANVAS_PIXELS} pixels")
        bg = display_list.background
        base = Image.new("RGBA", (sw, sh), (bg.r, bg.g, bg.b, round(bg.a * 255)))
        self.top = top
        layers: list[tuple[Image.Image, float | None, tuple | None]] = [(base, None, None)]
        clip_stack: list[tuple] = []
        for cmd in display_list.commands:
            kind = type(cmd)
            image = layers[-1][0]
            if kind is PushOpacity:
                layers.append((Image.new("RGBA", (sw, sh), (0, 0, 0, 0)), cmd.opacity, None))
                continue
            if kind is PopOpacity:
                layer, opacity, _ = layers.pop()
                alpha = layer.getchannel("A").point(lambda a, o=opacity: round(a * o))
                layer.putalpha(alpha)
                layers[-1] = (Image.alpha_composite(layers[-1][0], layer), layers[-1][1], layers[-1][2])
                continue
            if kind is PushClip:
                rect = self._rect(cmd.x, cmd.y, cmd.width, cmd.height)
                if clip_stack:
                    prev = clip_stack[-1]
                    rect = (max(rect[0], prev[0]), max(rect[1], prev[1]), min(rect[2], prev[2]),
                            min(rect[3], prev[3]))
                clip_stack.append(rect)
                layers.append((Image.new("RGBA", (sw, sh), (0, 0, 0, 0)), None, rect))
                continue
            if kind is PopClip:
                if clip_stack:
                    clip_stack.pop()
                layer, _o, rect = layers.pop()
                mask = Image.new("L", (sw, sh), 0)
                if rect and rect[2] > rect[0] and rect[3] > rect[1]:
                    ImageDraw.Draw(mask).rectangle([rect[0], rect[1], rect[2] - 1, rect[3] - 1], fill=255)
                clipped = Image.new("RGBA", (sw, sh), (0, 0, 0, 0))
                clipped.paste(layer, (0, 0), ImageChops.multiply(mask, layer.getchannel("A")))
                layers[-1] = (Image.alpha_composite(layers[-1][0], clipped), layers[-1][1], layers[-1][2])
                continue
            method = getattr(self, "_" + kind.__name__, None)
            if method is not None:
                new = method(image, cmd)
                if new is not None:
                    layers[-1] = (new, layers[-1][1], layers[-1][2])
        while len(layers) > 1:
            layer, _o, _r = layers.pop()
            layers[-1] = (Image.alpha_composite(layers[-1][0], layer), None, None)
        return layers[0][0]

    # ------------------------------------------------------------------
    def _rect(self, x: float, y: float, w: float, h: float) -> tuple[int, int, int, int]:
        s = self.scale
        y -= self.top
        return (round(x * s), round(y * s), round((x + w) * s), round((y + h) * s))

    @staticmethod
    def _fill(color: RGBA) -> tuple[int, int, int, int]:
        return (color.r, color.g, color.b, round(color.a * 255))

    def _blend(self, image: Image.Image, draw_fn, color: RGBA) -> Image.Image | None:
        """Draw opaque colours directly; translucent ones on an overlay composited in."""
        if color.a >= 1:
            draw_fn(ImageDraw.Draw(image), self._fill(color))
            return None
        overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
        draw_fn(ImageDraw.Draw(overlay), self._fill(color))
        return Image.alpha_composite(image, overlay)

    def _FillRect(self, image: Image.Image, cmd: FillRect) -> Image.Image | None:
        x0, y0, x1, y1 = self._rect(cmd.x, cmd.y, cmd.width, cmd.height)
        if x1 <= x0 or y1 <= y0 or y1 < 0 or y0 > image.height:
            return None
        y0, y1 = max(y0, -1), min(y1, image.height + 1)
        if cmd.radii:
            radius = round(max(r[0] for r in cmd.radii) * self.scale)
            return self._blend(image, lambda d, c: d.rounded_rectangle([x0, y0, x1 - 1, y1 - 1], radius, fill=c),
                               cmd.color)
        return self._blend(image, lambda d, c: d.rectangle([x0, y0, x1 - 1, y1 - 1], fill=c), cmd.color)

    def _DrawBorder(self, image: Image.Image, cmd: DrawBorder) -> Image.Image | None:
        x0, y0, x1, y1 = self._rect(cmd.x, cmd.y, cmd.width, cmd.height)
        if y1 < 0 or y0 > image.height:
            return None
        s = self.scale
        t, r, b, l = (round(w * s) for w in cmd.widths)
        result = image
        if cmd.radii and len(set(cmd.widths)) == 1 and len(set(cmd.colors)) == 1 and cmd.styles[0] == "solid":
            radius = round(max(rr[0] for rr in cmd.radii) * s)
            color = cmd.colors[0]
            new = self._blend(result, lambda d, c: d.rounded_rectangle([x0, y0, x1 - 1, y1 - 1], radius, outline=c,
                                                                       width=t), color)
            return new if new is not None else None
        # each side as a trapezoid (corners are mitred where adjacent widths meet)
        sides = [
            ("top", t, [(x0, y0), (x1, y0), (x1 - r, y0 + t), (x0 + l, y0 + t)]),
            ("right", r, [(x1, y0), (x1, y1), (x1 - r, y1 - b), (x1 - r, y0 + t)]),
            ("bottom", b, [(x0, y1), (x1, y1), (x1 - r, y1 - b), (x0 + l, y1 - b)]),
            ("left", l, [(x0, y0), (x0, y1), (x0 + l, y1 - b), (x0 + l, y0 + t)]),
        ]
        for index, (name, width, polygon) in enumerate(sides):
            style = cmd.styles[index]
            if width <= 0 or style in ("none", "hidden"):
                continue
            color = _shade(cmd.colors[index], style, name)
            if color.a <= 0:
                continue
            new = self._border_side(result, name, width, polygon, style, color, (x0, y0, x1, y1), (t, r, b, l))
            if new is not None:
                result = new
        return result if result is not image else None

    def _border_side(self, image, name, width, polygon, style, color, rect, widths):
        x0, y0, x1, y1 = rect
        t, r, b, l = widths
        if style in ("dashed", "dotted"):
            horizontal = name in ("top", "bottom")
            if horizontal:
                start, end = x0, x1
                fixed0 = y0 if name == "top" else y1 - width
            else:
                start, end = y0, y1
                fixed0 = x0 if name == "left" else x1 - width
            dash = width * (3 if style == "dashed" else 1)
            gap = dash
            length = end - start
            count = max(1, int((length + gap) // (dash + gap)))
            spare = length - (count * dash + (count - 1) * gap)
            pos = start + spare / 2

            def draw(d, c):
                p = pos
                for _ in range(count):
                    if horizontal:
                        box = [round(p), fixed0, round(p + dash) - 1, fixed0 + width - 1]
                    else:
                        box = [fixed0, round(p), fixed0 + width - 1, round(p + dash) - 1]
                    if box[2] < box[0] or box[3] < box[1]:
                        pass  # a dash narrower than a device pixel
                    elif style == "dotted" and width > 2:
                        d.ellipse(box, fill=c)
                    else:
                        d.rectangle(box, fill=c)
                    p += dash + gap
            return self._blend(image, draw, color)
        if style == "double" and width >= 3:
            third = width / 3
            outer = _inset_polygon(name, rect, widths, 0, third)
            inner = _inset_polygon(name, rect, widths, width - third, width)
            return self._blend(image, lambda d, c: (d.polygon(outer, fill=c), d.polygon(inner, fill=c)), color)
        if style in ("groove", "ridge") and width >= 2:
            half = width / 2
            first = _shade(color, "inset" if style == "groove" else "outset", name, raw=True)
            second = _shade(color, "outset" if style == "groove" else "inset", name, raw=True)
            outer = _inset_polygon(name, rect, widths, 0, half)
            inner = _inset_polygon(name, rect, widths, half, width)
            img = self._blend(image, lambda d, c: d.polygon(outer, fill=c), first) or image
            return self._blend(img, lambda d, c: d.polygon(inner, fill=c), second) or img
        return self._blend(image, lambda d, c: d.polygon(polygon, fill=c), color)

    def _DrawLine(self, image: Image.Image, cmd: DrawLine) -> Image.Image | None:
        s = self.scale
        y = (cmd.y1 - self.top) * s
        thickness = max(1, round(cmd.thickness * s))
        top = math.floor(y)
        x0, x1 = round(cmd.x1 * s), round(cmd.x2 * s)
        if x1 <= x0:
            return None
        if cmd.style in ("dotted", "dashed"):
            step = thickness * (2 if cmd.style == "dotted" else 6)

            def draw(d, c):
                for x in range(x0, x1, step):
                    d.rectangle([x, top, min(x1, x + step // 2) - 1, top + thickness - 1], fill=c)
            return self._blend(image, draw, cmd.color)
        if cmd.style == "double":
            return self._blend(image, lambda d, c: (
                d.rectangle([x0, top, x1 - 1, top + thickness - 1], fill=c),
                d.rectangle([x0, top + 2 * thickness, x1 - 1, top + 3 * thickness - 1], fill=c)), cmd.color)
        return self._blend(image, lambda d, c: d.rectangle([x0, top, x1 - 1, top + thickness - 1], fill=c), cmd.color)

    def _DrawText(self, image: Image.Image, cmd: DrawText) -> Image.Image | None:
        if cmd.color.a <= 0:
            return None
        s = self.scale
        y = (cmd.baseline - self.top) * s
        if y < -cmd.size * 2 * s or y > image.height + cmd.size * 2 * s:
            return None
        x = cmd.x * s
        result = image
        for text, font in self.fonts.runs(cmd.text, cmd.font):
            pil = self.fonts.pil_font(font._replace(size=font.size * s) if s != 1 else font)
            stroke = max(1, round(font.size * s / 24)) if font.synthetic_bold else 0
            fill = self._fill(cmd.color)
            if cmd.letter_spacing:
                for ch in text:
                    result = self._draw_glyphs(result, x, y, ch, pil, fill, stroke, cmd.color)
                    x += (self.fonts.width(ch, font) + cmd.letter_spacing) * s
                continue
            result = self._draw_glyphs(result, x, y, text, pil, fill, stroke, cmd.color)
            x += self.fonts.width(text, font) * s
        return result if result is not image else None

    def _draw_glyphs(self, image, x, y, text, pil, fill, stroke, color):
        def draw(d, c):
            d.text((x, y), text, font=pil, fill=c, anchor="ls", stroke_width=stroke, stroke_fill=c)
        if color.a >= 1:
            draw(ImageDraw.Draw(image), fill)
            return image
        return self._blend(image, draw, color) or image

    def _DrawImage(self, image: Image.Image, cmd: DrawImage) -> Image.Image | None:
        source = cmd.image
        if source is None or cmd.width <= 0 or cmd.height <= 0:
            return None
        s = self.scale
        w, h = max(1, round(cmd.width * s)), max(1, round(cmd.height * s))
        if w * h > MAX_CANVAS_PIXELS:
            return None
        tile = source.convert("RGBA")
        if tile.size != (w, h):
            tile = tile.resize((w, h), Image.Resampling.LANCZOS if w < tile.width else Image.Resampling.BICUBIC)
        repeat = getattr(cmd, "repeat", None)
        clip = getattr(cmd, "clip", None)
        if repeat is None:
            x0, y0, _x1, _y1 = self._rect(cmd.x, cmd.y, cmd.width, cmd.height)
            image.alpha_composite(tile, (x0, y0)) if 0 <= x0 and 0 <= y0 else \
                _composite_clipped(image, tile, x0, y0)
            return None
        cx0, cy0, cx1, cy1 = self._rect(*clip)
        cx0, cy0 = max(cx0, 0), max(cy0, 0)
        cx1, cy1 = min(cx1, image.width), min(cy1, image.height)
        if cx1 <= cx0 or cy1 <= cy0:
            return None
        ox, oy = round(cmd.x * s), round((cmd.y - self.top) * s)
        xs = [ox] if repeat[0] == "no-repeat" else range(ox - ((ox - cx0) // w + 1) * w, cx1, w)
        ys = [oy] if repeat[1] == "no-repeat" else range(oy - ((oy - cy0) // h + 1) * h, cy1, h)
        if len(xs) * len(ys) > 250_000:
            return None
        area = Image.new("RGBA", (cx1 - cx0, cy1 - cy0), (0, 0, 0, 0))
        for ty in ys:
            for tx in xs:
                _composite_clipped(area, tile, tx - cx0, ty - cy0)
        image.alpha_composite(area, (cx0, cy0))
        return None

    def _DrawGradient(self, image: Image.Image, cmd: DrawGradient) -> Image.Image | None:
        x0, y0, x1, y1 = self._rect(cmd.x, cmd.y, cmd.width, cmd.height)
        w, h = x1 - x0, y1 - y0
        if w <= 0 or h <= 0 or w * h > MAX_CANVAS_PIXELS:
            return None
        tile = render_gradient(cmd.gradient, w, h)
        _composite_clipped(image, tile, x0, y0)
        return None


def _composite_clipped(dest: Image.Image, src: Image.Image, x: int, y: int) -> None:
    """alpha_composite that tolerates a source partly outside the destination."""
    left, top = max(0, -x), max(0, -y)
    right, bottom = min(src.width, dest.width - x), min(src.height, dest.height - y)
    if right <= left or bottom <= top:
        return
    dest.alpha_composite(src.crop((left, top, right, bottom)), (x + left, y + top))


def render_gradient(gradient, w: int, h: int) -> Image.Image:
    """linear-gradient() per CSS Images 3 §3.1: the gradient line through the centre at `angle`."""
    angle = math.radians(gradient.angle)
    dx, dy = math.sin(angle), -math.cos(angle)
    length = abs(w * dx) + abs(h * dy) or 1.0
    stops = []
    count = len(gradient.stops)
    for i, (color, pos) in enumerate(gradient.stops):
        if pos is None:
            fraction = None
        elif getattr(pos, "unit", "") == "%":
            fraction = pos.value / 100
        else:
            fraction = getattr(pos, "value", 0.0) / length
        stops.append([color if isinstance(color, RGBA) else RGBA(0, 0, 0), fraction])
    if stops[0][1] is None:
        stops[0][1] = 0.0
    if stops[-1][1] is None:
        stops[-1][1] = 1.0
    i = 0
    while i < count:
        if stops[i][1] is None:
            j = i
            while stops[j][1] is None:
                j += 1
            a, b = stops[i - 1][1], stops[j][1]
            for k in range(i, j):
                stops[k][1] = a + (b - a) * (k - i + 1) / (j - i + 1)
            i = j
        i += 1
    for k in range(1, count):
        stops[k][1] = max(stops[k][1], stops[k - 1][1])
    size = 256
    ramp = Image.new("RGBA", (size, 1))
    pixels = []
    for p in range(size):
        t = p / (size - 1)
        color = _interpolate(stops, t)
        pixels.append(color)
    ramp.putdata(pixels)
    # project each pixel centre on the gradient line: t in [0, 1] along it
    cx, cy = w / 2, h / 2
    data = bytearray()
    for yy in range(h):
        base = ((yy + 0.5 - cy) * dy)
        for xx in range(w):
            t = ((xx + 0.5 - cx) * dx + base) / length + 0.5
            data.append(max(0, min(255, int(t * 255))))
    index = Image.frombytes("L", (w, h), bytes(data))
    lut_r = [c[0] for c in pixels]
    lut_g = [c[1] for c in pixels]
    lut_b = [c[2] for c in pixels]
    lut_a = [c[3] for c in pixels]
    return Image.merge("RGBA", [index.point(lut_r), index.point(lut_g), index.point(lut_b), index.point(lut_a)])


def _interpolate(stops: list, t: float) -> tuple[int, int, int, int]:
    if t <= stops[0][1]:
        c = stops[0][0]
        return (c.r, c.g, c.b, round(c.a * 255))
    for (c0, p0), (c1, p1) in zip(stops, stops[1:]):
        if t <= p1:
            f = (t - p0) / (p1 - p0) if p1 > p0 else 1.0
            return (round(c0.r + (c1.r - c0.r) * f), round(c0.g + (c1.g - c0.g) * f),
                    round(c0.b + (c1.b - c0.b) * f), round((c0.a + (c1.a - c0.a) * f) * 255))
    c = stops[-1][0]
    return (c.r, c.g, c.b, round(c.a * 255))


def _shade(color: RGBA, style: str, side: str, raw: bool = False) -> RGBA:
    """inset/outset/groove/ridge darken two sides, as Chromium does."""
    dark = side in ("top", "left")
    if style == "inset":
        factor = 0.5 if dark else 1.0
    elif style == "outset":
        factor = 1.0 if dark else 0.5
    else:
        return color
    if factor == 1.0:
        return color
    return RGBA(round(color.r * factor), round(color.g * factor), round(color.b * factor), color.a)


def _inset_polygon(side: str, rect: tuple, widths: tuple, start: float, end: float) -> list:
    """The band of a border side between `start` and `end` px from its outer edge."""
    x0, y0, x1, y1 = rect
    t, r, b, l = widths

    if side == "top":
        return [(x0 + l * start / t if t else x0, y0 + start), (x1 - r * start / t if t else x1, y0 + start),
                (x1 - r * end / t if t else x1, y0 + end), (x0 + l * end / t if t else x0, y0 + end)]
    if side == "bottom":
        return [(x0 + l * start / b if b else x0, y1 - start), (x1 - r * start / b if b else x1, y1 - start),
                (x1 - r * end / b if b else x1, y1 - end), (x0 + l * end / b if b else x0, y1 - end)]
    if side == "left":
        return [(x0 + start, y0 + t * start / l if l else y0), (x0 + start, y1 - b * start / l if l else y1),
                (x0 + end, y1 - b * end / l if l else y1), (x0 + end, y0 + t * end / l if l else y0)]
    return [(x1 - start, y0 + t * start / r if r else y0), (x1 - start, y1 - b * start / r if r else y1),
            (x1 - end, y1 - b * end / r if r else y1), (x1 - end, y0 + t * end / r if r else y0)]
