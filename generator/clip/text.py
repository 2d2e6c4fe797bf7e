"""Text on pictures: the clip fonts (Noto Sans, every Vietnamese letter), wrapping and fitting text to a box."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import ImageDraw, ImageFont

FONT_DIR = Path(__file__).resolve().parents[2] / "assets" / "fonts"
FONT_REGULAR = FONT_DIR / "NotoSans-Regular.ttf"
FONT_BOLD = FONT_DIR / "NotoSans-Bold.ttf"
TALL_SAMPLE = "ẶẪỄỖỰǺÁÉỀjgpqy"  # the tallest stacked diacritics and the deepest descenders


@functools.lru_cache(maxsize=256)
def font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    """Noto Sans (covers every Vietnamese letter) at a pixel size."""
    return ImageFont.truetype(str(FONT_BOLD if bold else FONT_REGULAR), size)


@functools.lru_cache(maxsize=256)
def line_metrics(size: int, bold: bool) -> tuple[int, int]:
    """(top offset, line height) so that stacked diacritics and descenders never touch the box edges."""
    face = font(size, bold=bold)
    _left, top, _right, bottom = face.getbbox(TALL_SAMPLE, anchor="ls")
    return -top, bottom - top + round(size * 0.12)


@dataclass(frozen=True)
class TextBlock:
    """Text fitted into a box: the lines, their font size and line height."""

    lines: tuple[str, ...]
    size: int
    bold: bool
    line_height: int
    truncated: bool

    @property
    def height(self) -> int:
        """Total height of the block."""
        return self.line_height * len(self.lines)


def wrap_pixels(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Wrap words to a pixel width; a word wider than the box is cut with an ellipsis."""
    lines: list[str] = []
    for word in text.split():
        while face.getlength(word) > width and len(word) > 1:
            word = word[:-2] + "…"
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and face.getlength(candidate) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return no_orphan(lines, lambda line: face.getlength(line) <= width) or [""]


def no_orphan(lines: list[str], fits: Callable[[str], bool]) -> list[str]:
    """Lines whose last one is never a single word alone: the word before it comes down when it fits."""
    if len(lines) >= 2 and len(lines[-1].split()) == 1 and len(lines[-2].split()) >= 3:
        *rest, moved = lines[-2].split()
        if fits(f"{moved} {lines[-1]}"):
            return [*lines[:-2], " ".join(rest), f"{moved} {lines[-1]}"]
    return lines


def fit_text(text: str, width: int, height: int, max_size: int, min_size: int, *, bold: bool = False,
             max_lines: int = 99) -> TextBlock:
    """Largest size in [min_size, max_size] at which the text fits; else min size, ellipsised."""
    size = max_size
    while True:
        face = font(size, bold=bold)
        _, line_height = line_metrics(size, bold)
        lines = wrap_pixels(text, face, width)
        fits = len(lines) <= max_lines and len(lines) * line_height <= height
        if fits or size <= min_size:
            break
        size = max(min_size, size - max(1, size // 12))
    if fits:
        return TextBlock(tuple(lines), size, bold, line_height, truncated=False)
    keep = max(1, min(max_lines, height // line_height))
    kept = lines[:keep]
    last = kept[-1] + "…"
    while face.getlength(last) > width and len(last) > 1:
        last = last[:-2].rstrip() + "…"
    kept[-1] = last
    return TextBlock(tuple(kept), size, bold, line_height, truncated=True)


def placed_lines(block: TextBlock, x: int, y: int, *, width: int = 0,
                 align: str = "left") -> list[tuple[float, int, str]]:
    """(left, baseline, line) of each line of a block whose top is at y (left-aligned, or centred in `width`)."""
    face = font(block.size, bold=block.bold)
    top, _ = line_metrics(block.size, block.bold)
    return [(x + (width - face.getlength(line)) / 2 if align == "center" else x,
             y + index * block.line_height + top, line) for index, line in enumerate(block.lines)]


def draw_block(pen: ImageDraw.ImageDraw, block: TextBlock, x: int, y: int, fill: tuple[int, ...], *,
               width: int = 0, align: str = "left") -> None:
    """Draw a fitted block with its top at y (left-aligned, or centred in `width`)."""
    face = font(block.size, bold=block.bold)
    for left, baseline, line in placed_lines(block, x, y, width=width, align=align):
        pen.text((left, baseline), line, font=face, fill=fill, anchor="ls")


def text_boxes(block: TextBlock, x: int, y: int, *, width: int = 0, align: str = "left") -> list[tuple[int, ...]]:
    """Ink bounding boxes of the block's lines as drawn by draw_block (for layout tests)."""
    face = font(block.size, bold=block.bold)
    boxes = []
    for left, baseline, line in placed_lines(block, x, y, width=width, align=align):
        ink_left, ink_top, ink_right, ink_bottom = face.getbbox(line, anchor="ls")
        boxes.append((round(left + ink_left), baseline + ink_top, round(left + ink_right), baseline + ink_bottom))
    return boxes
