"""Pictures capture makes: redacted screenshots, how much a screen changed, and old-beside-new for the report."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from generator.capture.sidecar import Box
from generator.clip.text import font

CHANGED_LEVEL = 48  # a pixel whose grey level moved more than this changed visibly
CHANGED_SHARE = 0.002  # a screen with more than this share of changed pixels changed visibly


def redact(png: bytes, boxes: list[Box], scale: float) -> bytes:
    """The screenshot (PNG) with every box (CSS pixels) pixelated beyond reading, then smoothed."""
    if not boxes:
        return png  # Chromium's own PNG: no second encode
    image = Image.open(io.BytesIO(png)).convert("RGB")
    for x, y, w, h in boxes:
        left, top = max(0, round(x * scale)), max(0, round(y * scale))
        right, bottom = min(image.width, round((x + w) * scale)), min(image.height, round((y + h) * scale))
        if right - left < 2 or bottom - top < 2:
            continue
        region = image.crop((left, top, right, bottom))
        block = max(16, bottom - top)  # one row of blocks as tall as the box: no letter survives
        small = region.resize((max(1, region.width // block), 1), Image.Resampling.BOX)
        image.paste(small.resize(region.size, Image.Resampling.BILINEAR).filter(ImageFilter.GaussianBlur(block / 4)),
                    (left, top))
    encoded = io.BytesIO()
    image.save(encoded, "PNG", compress_level=3)
    return encoded.getvalue()


def decoded(png: bytes) -> Image.Image:
    """A PNG's picture."""
    return Image.open(io.BytesIO(png))


def changed_share(old: Path, new: bytes) -> float:
    """The share of pixels whose brightness moved visibly (1.0 when the size changed)."""
    with Image.open(old) as stored:
        before = np.asarray(stored.convert("L"), dtype=np.int16)
    after = np.asarray(decoded(new).convert("L"), dtype=np.int16)
    if before.shape != after.shape:
        return 1.0
    return float(np.count_nonzero(np.abs(before - after) > CHANGED_LEVEL)) / before.size


def side_by_side(old: Path, new: bytes | Image.Image, output: Path, caption: str) -> None:
    """The stored screen left, the portal's screen now right, the differences outlined in red on the right."""
    with Image.open(old) as stored:
        before = stored.convert("RGB")
    after = (decoded(new) if isinstance(new, bytes) else new).convert("RGB")
    height = max(before.height, after.height)
    gap, band = 24, 72
    sheet = Image.new("RGB", (before.width + after.width + gap, height + band), "white")
    sheet.paste(before, (0, band))
    sheet.paste(after, (before.width + gap, band))
    draw = ImageDraw.Draw(sheet)
    if before.size == after.size:
        mask = Image.fromarray((np.abs(np.asarray(before.convert("L"), dtype=np.int16)
                                       - np.asarray(after.convert("L"), dtype=np.int16)) > CHANGED_LEVEL)
                               .astype(np.uint8) * 255)
        box = mask.getbbox()
        if box:
            left, top, right, bottom = box
            draw.rectangle((left + before.width + gap - 4, top + band - 4, right + before.width + gap + 4,
                            bottom + band + 4), outline="#d92d20", width=6)
    heading = font(34, bold=True)
    draw.text((12, 16), f"Đã lưu (before) · {caption}", font=heading, fill="#1d2733")
    draw.text((before.width + gap + 12, 16), "Cổng bây giờ (now)", font=heading, fill="#d92d20")
    output.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(output)
