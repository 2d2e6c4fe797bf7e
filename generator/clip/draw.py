"""Draw: scenes become still images with Pillow (steps with their screenshot, highlight, cursor; captions).

Every size is derived from the format's layout, so a TV, a phone and a draft preview share one
drawing code. Text is fitted (wrap, then shrink to a minimum, then ellipsis) and always kept
inside the title-safe area with room for stacked Vietnamese diacritics. Cards are in cards.py.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from generator.clip.cards import Cards
from generator.clip.layout import CAPTION_BOX, FORMATS, INK, PAPER, Layout, hex_rgb
from generator.clip.pictures import (
    SPOT_BLUR,
    arrow_sprite,
    finger_sprite,
    page_window,
    screenshot_once,
    spotlit,
    zoom_view,
)
from generator.clip.plan import Facts, Scene, label
from generator.clip.text import (
    TextBlock,
    draw_block,
    fit_text,
    font,
    wrap_pixels,
)

__all__ = ["FORMATS", "Layout", "Painter"]


class Painter(Cards):
    """Draws the scenes of one storyboard in one format, with the site's brand."""

    def __init__(self, layout: Layout, facts: Facts, primary: str, accent: str, logo: Path | None,
                 language: str) -> None:
        self.layout = layout
        self.facts = facts
        self.primary = hex_rgb(primary)
        self.accent = hex_rgb(accent)
        self.logo = logo
        self.language = language
        self._captions: dict[tuple[str, ...], tuple[int, int, Image.Image]] = {}  # caption boxes, drawn once
        self._keeps: dict[tuple[Path, tuple[float, ...]], tuple[float, float, float, float]] = {}  # label/row

    # -- regions -----------------------------------------------------------------------------
    def caption_region(self) -> tuple[int, int, int, int]:
        """Where caption text goes: inside the caption band and the title-safe area (the band reaches the edge)."""
        left, _top, right, safe_bottom = self.layout.safe
        top, bottom = self.layout.caption_band
        return left, top, right, min(bottom, safe_bottom)

    @property
    def fade_colour(self) -> str:
        """The background colour as ffmpeg writes it (scenes fade in from it)."""
        return "0x{:02X}{:02X}{:02X}".format(*PAPER)

    def fits_caption(self, text: str) -> bool:
        """Whether a caption fits its box in two lines at full caption size."""
        left, _top, right, _bottom = self.caption_region()
        face = font(self.layout.caption_size, bold=True)
        return len(wrap_pixels(text, face, right - left - self.layout.px(60))) <= 2

    # -- steps -------------------------------------------------------------------------------
    def step_base(self, scene: Scene) -> tuple[Image.Image, tuple[int, int, int, int] | None]:
        """A step scene without emphasis: the heading bar, and the screenshot filling the picture box.

        The box shows the page's whole width and, when the page is taller than the box's shape, the part
        of it around the target (see `view`); the box is the same for every step of a format.
        """
        image = self.background()
        self._step_bar(ImageDraw.Draw(image), scene)
        if scene.screenshot is None:
            return image, None
        if scene.keep is not None and scene.highlight is not None:
            self._keeps[(scene.screenshot, scene.highlight)] = scene.keep
        box = self.layout.picture_box
        shot = screenshot_once(scene.screenshot)
        vx, vy, vw, vh = self.view(scene.highlight, 0.0, scene.screenshot)
        crop = shot.crop((round(vx * shot.width), round(vy * shot.height), round((vx + vw) * shot.width),
                          round((vy + vh) * shot.height)))
        image.paste(crop.resize((box[2] - box[0], box[3] - box[1]), Image.Resampling.LANCZOS), box[:2])
        return image, box

    def view(self, highlight: tuple[float, float, float, float] | None, zoom: float,
             screenshot: Path) -> tuple[float, float, float, float]:
        """The part of `screenshot` the picture box shows (fractions), zoomed `zoom` (0..1) towards the highlight."""
        window = page_window(screenshot_once(screenshot).size, self.layout.picture_box)
        return zoom_view(highlight, zoom, window, self._keeps.get((screenshot, highlight)))

    def _pill(self, pen: ImageDraw.ImageDraw, block: TextBlock, x: int, y: int, fill: tuple[int, int, int], *,
              pad_y: int, outline: bool = False) -> int:
        """White one-line text on a rounded coloured pill (the online badge, the step counter); its height."""
        lay = self.layout
        width = round(font(block.size, bold=block.bold).getlength(block.lines[0])) + lay.px(48)
        height = block.height + 2 * pad_y
        pen.rounded_rectangle((x, y, x + width, y + height), radius=lay.px(16), fill=fill,
                              outline=(255, 255, 255) if outline else None, width=lay.px(3) if outline else 0)
        draw_block(pen, block, x + lay.px(24), y + pad_y, (255, 255, 255))
        return height

    def _counter(self, pen: ImageDraw.ImageDraw, scene: Scene, x: int, y: int) -> int:
        """Draw the "Bước 2/5" pill; return its height."""
        lay = self.layout
        counter = f"{label(self.language, 'step')} {scene.step_number}/{scene.step_count}"
        block = fit_text(counter, lay.px(400), lay.px(120), lay.px(52), lay.px(40), bold=True, max_lines=1)
        return self._pill(pen, block, x, y, self.primary, pad_y=lay.px(10))

    def _progress(self, pen: ImageDraw.ImageDraw, scene: Scene, box: tuple[int, int, int, int]) -> None:
        x0, y0, x1, y1 = box
        radius = (y1 - y0) // 2
        pen.rounded_rectangle(box, radius=radius, fill=(214, 220, 229))
        done = x0 + (x1 - x0) * scene.step_number / max(1, scene.step_count)
        pen.rounded_rectangle((x0, y0, round(done), y1), radius=radius, fill=self.primary)

    def _step_bar(self, pen: ImageDraw.ImageDraw, scene: Scene) -> None:
        """The heading bar: the "Bước 2/5" pill and the step's heading beside it (a phone: below it), progress under."""
        lay = self.layout
        left, top, right, _bottom = lay.safe
        bar = lay.bar
        progress = lay.px(8)
        if lay.vertical:
            pill = self._counter(pen, scene, left, top)
            title = fit_text(scene.heading, right - left, bar - top - pill - lay.px(40), lay.px(60), lay.px(42),
                             bold=True, max_lines=2)
            draw_block(pen, title, left, top + pill + lay.px(16), INK)
        else:
            inner = bar - progress
            pill_block = fit_text(f"{label(self.language, 'step')} {scene.step_number}/{scene.step_count}",
                                  lay.px(400), lay.px(70), lay.px(44), lay.px(36), bold=True, max_lines=1)
            pill_y = (inner - pill_block.height - lay.px(16)) // 2
            pill_width = round(font(pill_block.size, bold=True).getlength(pill_block.lines[0])) + lay.px(48)
            self._pill(pen, pill_block, left, pill_y, self.primary, pad_y=lay.px(8))
            x = left + pill_width + lay.px(28)
            title = fit_text(scene.heading, right - x, inner - lay.px(8), lay.px(50), lay.px(34), bold=True,
                             max_lines=1)
            draw_block(pen, title, x, (inner - title.height) // 2, INK)
        self._progress(pen, scene, (0, bar - progress, lay.width, bar))

    def spotlight(self, base: Image.Image, shot_box: tuple[int, int, int, int],
                  highlight: tuple[float, float, float, float], zoom: float, screenshot: Path,
                  focus: tuple[float, float, float, float] | None = None) -> Image.Image:
        """The step with its target in a spotlight: the page around it softly blurred and a little dimmed.

        The page stays readable (most of its contrast is kept, not a flat grey), so viewers see the
        screen they will meet on their own phone. The spotlight is made once on the original
        screenshot; each zoom (0..1) crops and re-samples it, so text stays sharp on a TV.
        """
        lay = self.layout
        x0, y0, x1, y1 = shot_box
        original = screenshot_once(screenshot)
        ow, oh = original.size
        vx, vy, vw, vh = self.view(highlight, zoom, screenshot)
        base_width = self.view(highlight, 0.0, screenshot)[2]  # one blur per scene (it is made once, then cropped)
        blur = lay.px(SPOT_BLUR * 10) / 10 * ow * base_width / (x1 - x0)  # as seen unzoomed, in the original's px
        lit = spotlit(screenshot, screenshot.stat().st_mtime_ns, focus or highlight, round(blur, 2))
        crop = lit.crop((round(vx * ow), round(vy * oh), round((vx + vw) * ow), round((vy + vh) * oh)))
        moving = 0 < zoom < 1  # a frame in motion: a faster filter, which the motion hides
        image = base.copy()
        image.paste(crop.resize((x1 - x0, y1 - y0), Image.Resampling.BILINEAR if moving else
                                Image.Resampling.LANCZOS), (x0, y0))
        box = self.target_box(shot_box, highlight, zoom, screenshot, focus)
        grow, inset = lay.px(6), lay.px(4)
        frame = (max(box[0] - grow, x0 + inset), max(box[1] - grow, y0 + inset),  # a target larger than the view:
                 min(box[2] + grow, x1 - inset), min(box[3] + grow, y1 - inset))  # framed inside the picture
        if frame[2] > frame[0] and frame[3] > frame[1]:
            ImageDraw.Draw(image).rounded_rectangle(frame, radius=lay.px(12), outline=self.accent, width=lay.px(7))
        return image

    def target_box(self, shot_box: tuple[int, int, int, int], highlight: tuple[float, float, float, float],
                   zoom: float, screenshot: Path,
                   box: tuple[float, float, float, float] | None = None) -> tuple[float, float, float, float]:
        """The highlight (or another `box` on the same view) in frame pixels, the view zoomed `zoom` (0..1)."""
        x, y, w, h = box or highlight
        left, top = self.to_frame((x, y), shot_box, highlight, zoom, screenshot)
        right, bottom = self.to_frame((x + w, y + h), shot_box, highlight, zoom, screenshot)
        return left, top, right, bottom

    def to_frame(self, point: tuple[float, float], shot_box: tuple[int, int, int, int],
                 highlight: tuple[float, float, float, float], zoom: float, screenshot: Path) -> tuple[float, float]:
        """A point given as fractions of the screenshot, in frame pixels (the view zoomed `zoom`)."""
        x0, y0, x1, y1 = shot_box
        vx, vy, vw, vh = self.view(highlight, zoom, screenshot)
        return x0 + (point[0] - vx) / vw * (x1 - x0), y0 + (point[1] - vy) / vh * (y1 - y0)

    def cursor_point(self, point: tuple[float, float], shot_box: tuple[int, int, int, int],
                     highlight: tuple[float, float, float, float], zoom: float,
                     screenshot: Path) -> tuple[float, float]:
        """Where the cursor's tip is drawn: its page point in the frame, kept inside the picture box."""
        x, y = self.to_frame(point, shot_box, highlight, zoom, screenshot)
        margin = self.layout.px(24)
        return (min(max(x, shot_box[0] + margin), shot_box[2] - margin),
                min(max(y, shot_box[1] + margin), shot_box[3] - margin))

    def type_into(self, image: Image.Image, box: tuple[float, float, float, float], text: str) -> None:
        """Draw, in place, a field at `box` (frame pixels) holding `text` as typed so far, with a caret."""
        lay = self.layout
        left, top, right, bottom = box
        inset = max(2, lay.px(4))
        pen = ImageDraw.Draw(image)
        pen.rectangle((left + inset, top + inset, right - inset, bottom - inset), fill=(255, 255, 255))
        size = max(8, min(round((bottom - top) * 0.5), lay.px(44)))
        face = font(size)
        x = left + inset + lay.px(10)
        y = top + (bottom - top - size) / 2
        pen.text((x, y - size * 0.12), text, font=face, fill=INK)
        caret = x + face.getlength(text) + lay.px(3)
        pen.line((caret, y, caret, y + size * 1.05), fill=INK, width=max(1, lay.px(3)))

    def pointer(self, image: Image.Image, point: tuple[float, float], ripple: float) -> None:
        """Draw, in place, a cursor (a fingertip on phones) whose tip is at `point`, and a click ripple (0..1)."""
        lay = self.layout
        x, y = point
        if 0 < ripple < 1:  # a ring that spreads and fades where the click lands, drawn on a small patch
            radius = lay.px(14) + lay.px(56) * ripple
            reach = round(radius) + lay.px(8)
            patch = Image.new("RGBA", (2 * reach, 2 * reach), (0, 0, 0, 0))
            ImageDraw.Draw(patch).ellipse((reach - radius, reach - radius, reach + radius, reach + radius),
                                          outline=(*self.accent, round(230 * (1 - ripple))), width=lay.px(7))
            image.paste(patch, (round(x) - reach, round(y) - reach), patch)
        sprite = finger_sprite(lay.px(36)) if lay.vertical else arrow_sprite(lay.px(46))
        tip_x, tip_y = (sprite.width // 2, sprite.height // 2) if lay.vertical else (lay.px(3), lay.px(3))
        image.paste(sprite, (round(x) - tip_x, round(y) - tip_y), sprite)

    def with_caption(self, image: Image.Image, lines: tuple[str, ...], *, in_place: bool = False,
                     offset: int = 0) -> Image.Image:
        """The image with burned-in caption lines (white on a dark box, inside the safe area).

        `offset` is the frame row where `image` starts, when it is only a band of the frame.
        """
        if not lines:
            return image
        x, y, overlay = self.caption_overlay(lines)
        result = image if in_place else image.copy()
        result.paste(overlay, (x, y - offset), overlay)
        return result

    def caption_rows(self) -> tuple[int, int]:
        """The rows the caption covers, even-aligned (for 4:2:0)."""
        _left, top, _right, bottom = self.caption_region()
        return top // 2 * 2, min(self.layout.height, (bottom + 1) // 2 * 2)

    def caption_band(self, image: Image.Image, lines: tuple[str, ...]) -> tuple[int, Image.Image]:
        """The rows of `image` the caption covers, with the caption drawn in."""
        top, bottom = self.caption_rows()
        band = image.crop((0, top, self.layout.width, bottom))
        return top, self.with_caption(band, lines, in_place=True, offset=top)

    def caption_overlay(self, lines: tuple[str, ...]) -> tuple[int, int, Image.Image]:
        """The caption box with its text, drawn once per cue: (x, y, RGBA image)."""
        if lines in self._captions:
            return self._captions[lines]
        lay = self.layout
        left, top, right, bottom = self.caption_region()
        size = lay.caption_size
        block = fit_text(" ".join(lines), right - left - lay.px(60), bottom - top - lay.px(20), size, size, bold=True,
                         max_lines=2)
        width, height = right - left, bottom - top
        overlay = Image.new("RGBA", (width, height), (*CAPTION_BOX, 0))  # the text only: the band is always there
        draw_block(ImageDraw.Draw(overlay), block, 0, (height - block.height) // 2, (255, 255, 255, 255), width=width,
                   align="center")
        inked = overlay.getbbox() or (0, 0, 1, 1)  # keep only the letters' box: a clip has dozens of cues
        self._captions[lines] = (left + inked[0], top + inked[1], overlay.crop(inked))
        return self._captions[lines]
