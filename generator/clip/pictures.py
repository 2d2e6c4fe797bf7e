"""Pictures a clip is made of, each made once.

Screenshots decoded once, the spotlit screenshot, the cursor and fingertip sprites, the QR code,
and the part of a screenshot a zoom shows.
"""

from __future__ import annotations

import functools
import io
import math
from pathlib import Path

import segno
from PIL import Image, ImageDraw, ImageFilter, ImageOps

MAX_SCREENSHOT_PIXELS = 60_000_000
ZOOM_MAX = 1.6  # times the picture box's own view (itself 1.5x the page on a TV): more hides what the target belongs to
SPOT_KEEP = 0.86  # the page around the target keeps 86% of its brightness (a light dim, not a flat grey)
SPOT_BLUR = 1.6  # and is softened by a 1.6 px blur at 1080p: still readable, clearly behind the target


ORIENTATION = 0x0112  # the EXIF tag a phone photo turns by


def load_screenshot(path: Path) -> Image.Image:
    """Any screenshot as RGB: CMYK, palette, transparency and animated GIFs (first frame) handled."""
    Image.MAX_IMAGE_PIXELS = MAX_SCREENSHOT_PIXELS
    with Image.open(path) as image:
        image.seek(0)
        if image.mode == "RGB" and not image.getexif().get(ORIENTATION) and "transparency" not in image.info:
            image.load()  # a capture's PNG: nothing to turn or flatten, no copy
            return image
        image = ImageOps.exif_transpose(image)
        if image.mode in ("RGBA", "LA", "P", "PA") or "transparency" in image.info:
            rgba = image.convert("RGBA")
            flat = Image.new("RGB", rgba.size, (255, 255, 255))
            flat.paste(rgba, mask=rgba.getchannel("A"))
            return flat
        return image.convert("RGB")


def screenshot_once(path: Path) -> Image.Image:
    """A screenshot decoded once for all the pictures of its scene (shared read-only between threads)."""
    return _decoded_screenshot(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)  # the scenes being rendered at once; a 10,000 px screenshot is 180 MB
def _decoded_screenshot(path: Path, _mtime_ns: int) -> Image.Image:
    return load_screenshot(path)


def qr_image(url: str, size: int) -> Image.Image:
    """A QR code for `url`, exactly `size` pixels square, dark on white with its quiet zone."""
    code = segno.make(url, error="m")
    buffer = io.BytesIO()
    modules = code.symbol_size(scale=1, border=4)[0]
    code.save(buffer, kind="png", scale=max(1, size // modules), border=4)
    buffer.seek(0)
    return Image.open(buffer).convert("RGB").resize((size, size), Image.Resampling.NEAREST)


def fit_box(size: tuple[int, int], area: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """The largest box with the image's aspect ratio centred in `area`."""
    width, height = size
    left, top, right, bottom = area
    ratio = min((right - left) / width, (bottom - top) / height)
    w, h = max(1, math.floor(width * ratio)), max(1, math.floor(height * ratio))
    x, y = left + (right - left - w) // 2, top + (bottom - top - h) // 2
    return x, y, x + w, y + h


@functools.lru_cache(maxsize=6)  # two workers' scenes and the scenes before them (a 2x capture is 11 MB each)
def spotlit(path: Path, _mtime_ns: int, highlight: tuple[float, float, float, float], blur: float) -> Image.Image:
    """The original screenshot with everything but the highlight blurred by `blur` px and dimmed (made once)."""
    original = screenshot_once(path)
    width, height = original.size
    x, y, w, h = highlight
    inner = (round(x * width), round(y * height), round((x + w) * width), round((y + h) * height))
    lit = original.filter(ImageFilter.GaussianBlur(blur)).point([round(v * SPOT_KEEP) for v in range(256)] * 3)
    lit.paste(original.crop(inner), inner[:2])
    return lit


@functools.cache
def arrow_sprite(size: int) -> Image.Image:
    """A mouse arrow `size` px tall: white with a dark outline and a soft shadow, tip at (3, 3) px-scaled."""
    scale = size / 46
    points = [(0, 0), (0, 36), (9, 28), (15, 42), (21, 39), (15, 26), (27, 26)]
    shape = [(3 * scale + px * scale, 3 * scale + py * scale) for px, py in points]
    sprite = Image.new("RGBA", (round(34 * scale), round(50 * scale)), (0, 0, 0, 0))
    shadow = Image.new("RGBA", sprite.size, (0, 0, 0, 0))
    ImageDraw.Draw(shadow).polygon([(px + 2 * scale, py + 3 * scale) for px, py in shape], fill=(0, 0, 0, 110))
    sprite.alpha_composite(shadow.filter(ImageFilter.GaussianBlur(2 * scale)))
    ImageDraw.Draw(sprite).polygon(shape, fill=(255, 255, 255, 255), outline=(16, 20, 28, 255),
                                   width=max(2, round(2.5 * scale)))
    return sprite


@functools.cache
def finger_sprite(radius: int) -> Image.Image:
    """A fingertip as phone screen recordings show a touch: a translucent disc with a dark ring."""
    size = 2 * radius + 8
    sprite = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(sprite)
    pen.ellipse((4, 4, size - 4, size - 4), fill=(255, 255, 255, 150), outline=(16, 20, 28, 220),
                width=max(3, radius // 8))
    return sprite


def page_window(page: tuple[int, int], box: tuple[int, int, int, int]) -> tuple[float, float]:
    """The share of a screenshot (width, height, as fractions) that fills `box` at the box's own shape.

    A TV's picture box is wider than the portal's page: it shows the page's whole width and the part of
    its height around the target, larger than the whole page would be.
    """
    page_ratio = page[0] / page[1]
    box_ratio = (box[2] - box[0]) / max(1, box[3] - box[1])
    return (1.0, min(1.0, page_ratio / box_ratio)) if box_ratio >= page_ratio else (box_ratio / page_ratio, 1.0)


def zoom_view(highlight: tuple[float, float, float, float] | None, amount: float,
              window: tuple[float, float] = (1.0, 1.0),
              keep: tuple[float, float, float, float] | None = None) -> tuple[float, float, float, float]:
    """The part of the screenshot shown (x, y, w, h as fractions): the window around the highlight, zoomed `amount`.

    At 0 the window (see page_window) is centred on the highlight as far as the page allows; at 1 the
    target fills about half of it. `keep` (the target's label or row) stays in view: the zoom stops short
    rather than cut it off.
    """
    base_w, base_h = window
    if highlight is None:
        return 0.0, 0.0, base_w, base_h
    hx, hy, hw, hh = keep or highlight
    factor = 1 + amount * (min(ZOOM_MAX, 0.45 / max(hw / base_w, hh / base_h, 0.01)) - 1)
    vw, vh = base_w / max(1.0, factor), base_h / max(1.0, factor)
    tx, ty, tw, th = highlight
    cx, cy = (hx + hw / 2, hy + hh / 2) if keep else (tx + tw / 2, ty + th / 2)
    vx = min(max(cx - vw / 2, 0.0), 1 - vw)
    top = (keep or highlight)[1]
    tall = (keep or highlight)[3] > vh * 0.9  # taller than the view (a whole form): show its start, its first fields
    vy = min(max(top - vh * 0.04 if tall else cy - vh / 2, 0.0), 1 - vh)
    return vx, vy, vw, vh
