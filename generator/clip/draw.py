"""Draw: scenes become still images with Pillow (cards, screenshots, highlight, captions).

Every size is derived from the format's layout, so a TV, a phone and a draft preview share one
drawing code. Text is fitted (wrap, then shrink to a minimum, then ellipsis) and always kept
inside the title-safe area with room for stacked Vietnamese diacritics.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from generator.clip.pictures import (
    SPOT_BLUR,
    arrow_sprite,
    finger_sprite,
    fit_box,
    load_screenshot,
    qr_image,
    screenshot_once,
    spotlit,
    zoom_view,
)
from generator.clip.plan import Facts, Pacing, Scene, label
from generator.clip.text import (
    TextBlock,
    draw_block,
    fit_text,
    font,
    line_metrics,
    wrap_pixels,
)

INK, PAPER, MUTED = (22, 32, 46), (246, 248, 251), (84, 96, 112)
FULL_GREEN, PARTIAL_AMBER = (18, 110, 60), (150, 84, 0)  # badge colours with >= 4.5:1 contrast on white text
CAPTION_BOX = (16, 20, 28)  # opaque near-black: white captions at 17:1 contrast over any picture


@dataclass(frozen=True)
class Layout:
    """A clip format: frame size, orientation and encoder speed."""

    name: str
    width: int
    height: int
    vertical: bool = False
    preset: str = "superfast"  # still High profile (CABAC, 8x8 DCT); 2.5x faster than veryfast on slides
    crf: int = 23  # text stays crisp (checked at 2x); 23 -> 20 is 40% more bytes for nothing visible
    pacing: Pacing = "brief"  # brief: a lobby TV reaches step one within seconds; full: the whole introduction

    @property
    def scale(self) -> float:
        """Sizes are designed at 1080 px on the short side."""
        return min(self.width, self.height) / 1080

    def px(self, value: float) -> int:
        """A design size (at 1080p) in this format's pixels."""
        return max(1, round(value * self.scale))

    @property
    def safe(self) -> tuple[int, int, int, int]:
        """Title-safe area (90% of each dimension), as (left, top, right, bottom)."""
        margin_x, margin_y = round(self.width * 0.05), round(self.height * 0.05)
        return margin_x, margin_y, self.width - margin_x, self.height - margin_y

    @property
    def caption_size(self) -> int:
        """Caption font size: at least 5% of the frame height on a TV (54 px at 1080p)."""
        return self.px(58) if not self.vertical else self.px(62)


FORMATS = {
    "tv-1080p": Layout("tv-1080p", 1920, 1080),
    "vertical": Layout("vertical", 1080, 1920, vertical=True, pacing="full"),
    "draft": Layout("draft", 640, 360, crf=28),
}


def hex_rgb(colour: str) -> tuple[int, int, int]:
    """'#0b4f9c' -> (11, 79, 156)."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


class Painter:
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

    # -- regions -----------------------------------------------------------------------------
    def caption_region(self) -> tuple[int, int, int, int]:
        """Where captions go: bottom of the safe area (TV) or below the screenshot (phone)."""
        left, _top, right, bottom = self.layout.safe
        _, line_height = line_metrics(self.layout.caption_size, True)
        pad = self.layout.px(18)
        height = 2 * line_height + 2 * pad
        if self.layout.vertical:
            y = self.layout.px(1150)
            return left, y, right, y + height
        return left, bottom - height, right, bottom

    @property
    def fade_colour(self) -> str:
        """The background colour as ffmpeg writes it (scenes fade in from it)."""
        return "0x{:02X}{:02X}{:02X}".format(*PAPER)

    def background(self) -> Image.Image:
        """Plain light background (also the colour scenes fade in from); phones get a footer with the hotline."""
        image = Image.new("RGB", (self.layout.width, self.layout.height), PAPER)
        if self.layout.vertical:
            left, _top, right, bottom = self.layout.safe
            pen = ImageDraw.Draw(image)
            for text, size, colour, offset in ((self.facts.portal_name, 44, MUTED, 150),
                                               (f"{label(self.language, 'hotline')}: {self.facts.hotline}", 52,
                                                self.accent, 70)):
                block = fit_text(text, right - left, self.layout.px(80), self.layout.px(size), self.layout.px(30),
                                 bold=True, max_lines=1)
                draw_block(pen, block, left, bottom - self.layout.px(offset), colour, width=right - left,
                           align="center")
        return image

    def fits_caption(self, text: str) -> bool:
        """Whether a caption fits its box in two lines at full caption size."""
        left, _top, right, _bottom = self.caption_region()
        face = font(self.layout.caption_size, bold=True)
        return len(wrap_pixels(text, face, right - left - self.layout.px(60))) <= 2

    # -- cards -------------------------------------------------------------------------------
    def card(self, scene: Scene) -> Image.Image:
        """The still image of an intro, documents or outro scene (without captions)."""
        drawers = {"intro": self._intro, "documents": self._documents, "facts": self._facts, "outro": self._outro,
                   "announcement": self._announcement}
        return drawers[scene.kind](scene)

    def _band(self, image: Image.Image, height: int) -> ImageDraw.ImageDraw:
        pen = ImageDraw.Draw(image)
        pen.rectangle((0, 0, self.layout.width, height), fill=self.primary)
        return pen

    def _logo(self, image: Image.Image, x: int, y: int, size: int) -> None:
        if self.logo and self.logo.is_file():
            logo = Image.open(self.logo).convert("RGBA")
            logo.thumbnail((size, size))
            image.paste(logo, (x, y), logo)

    def _intro(self, scene: Scene) -> Image.Image:
        lay = self.layout
        left, top, right, _bottom = lay.safe
        image = self.background()
        band_height = lay.px(150) + top if not lay.vertical else lay.px(220) + top
        pen = self._band(image, band_height)
        logo_size = lay.px(110)
        self._logo(image, left, top + (band_height - top - logo_size) // 2, logo_size)
        badge = fit_text(self.facts.level, right - left - logo_size - lay.px(40), lay.px(80), lay.px(44), lay.px(30),
                         bold=True, max_lines=1)
        self._pill(pen, badge, left + logo_size + lay.px(32),
                   top + (band_height - top - badge.height - lay.px(24)) // 2,
                   FULL_GREEN if self.facts.fully_online else PARTIAL_AMBER, pad_y=lay.px(12), outline=True)
        caption_top = self.caption_region()[1] - lay.px(20)
        y = band_height + lay.px(36)
        fact_height = lay.px(128) if not lay.vertical else lay.px(200)  # room for two lines per fact
        title_room = caption_top - y - len(scene.lines) * (fact_height + lay.px(10)) - lay.px(24)
        title = fit_text(scene.heading, right - left, title_room, lay.px(84), lay.px(50), bold=True, max_lines=4)
        draw_block(pen, title, left, y, INK)
        y += title.height + lay.px(24)
        for index, line in enumerate(scene.lines):
            block = fit_text(line, right - left, fact_height, lay.px(48), lay.px(40), max_lines=2)
            draw_block(pen, block, left, y, MUTED if index == 0 else INK)
            y += block.height + lay.px(10)
        return image

    def _headed(self, heading_text: str) -> tuple[Image.Image, ImageDraw.ImageDraw]:
        """A card with its heading in white on the brand band."""
        lay = self.layout
        left, top, right, _bottom = lay.safe
        image = self.background()
        pen = self._band(image, top + lay.px(130))
        heading = fit_text(heading_text, right - left, lay.px(110), lay.px(68), lay.px(48), bold=True, max_lines=1)
        draw_block(pen, heading, left, top + (lay.px(130) - heading.height) // 2, (255, 255, 255))
        return image, pen

    def _documents(self, scene: Scene) -> Image.Image:
        lay = self.layout
        left, top, right, _bottom = lay.safe
        image, pen = self._headed(scene.heading)
        y = top + lay.px(170)
        limit = self.caption_region()[1] - lay.px(20)
        per_item = (limit - y) // max(1, len(scene.lines))
        box = lay.px(48)
        for line in scene.lines:
            block = fit_text(line, right - left - box - lay.px(36), per_item - lay.px(16), lay.px(50), lay.px(40),
                             max_lines=2)
            pen.rounded_rectangle((left, y + lay.px(6), left + box, y + lay.px(6) + box), radius=lay.px(8),
                                  outline=self.primary, width=lay.px(5))
            pen.line((left + box * 0.22, y + lay.px(6) + box * 0.52, left + box * 0.42, y + lay.px(6) + box * 0.74,
                      left + box * 0.8, y + lay.px(6) + box * 0.28), fill=FULL_GREEN, width=lay.px(7))
            draw_block(pen, block, left + box + lay.px(32), y, INK)
            y += max(block.height, box) + lay.px(22)
        return image

    def _facts(self, scene: Scene) -> Image.Image:
        """Fee, processing time and agency, large (the TV's brief introduction leaves them to the end)."""
        lay = self.layout
        left, top, right, _bottom = lay.safe
        image, pen = self._headed(scene.heading)
        y = top + lay.px(190)
        room = (self.caption_region()[1] - lay.px(20) - y) // max(1, len(scene.lines))
        for index, line in enumerate(scene.lines):
            block = fit_text(line, right - left, room - lay.px(20), lay.px(60), lay.px(40), bold=index < 2,
                             max_lines=2)
            draw_block(pen, block, left, y, INK if index < 2 else MUTED)
            y += block.height + lay.px(30)
        return image

    def _outro(self, scene: Scene) -> Image.Image:
        lay = self.layout
        left, top, right, _bottom = lay.safe
        image, pen = self._headed(scene.heading)
        portal, url, hotline, scan = scene.lines
        caption_top = self.caption_region()[1]
        area_top = top + lay.px(170)
        qr_size = min(caption_top - area_top - lay.px(60), lay.px(520))
        if lay.vertical:
            qr_size = lay.px(560)
            qr_x, qr_y = (lay.width - qr_size) // 2, caption_top - qr_size - lay.px(140)
            text_x, text_w = left, right - left
        else:
            qr_x, qr_y, text_x = right - qr_size, area_top, left
            text_w = right - left - qr_size - lay.px(60)
        image.paste(qr_image(self.facts.qr_url, qr_size), (qr_x, qr_y))
        scan_block = fit_text(scan, qr_size + lay.px(200), lay.px(100), lay.px(34), lay.px(26), max_lines=2)
        draw_block(pen, scan_block, qr_x - lay.px(100), qr_y + qr_size + lay.px(10), MUTED, width=qr_size + lay.px(200),
                   align="center")
        y = area_top
        for text, size, bold, colour in ((portal, 64, True, INK), (url, 40, False, self.primary),
                                         (hotline, 56, True, self.accent)):
            block = fit_text(text, text_w, lay.px(200), lay.px(size), lay.px(min(size, 36)), bold=bold, max_lines=3)
            draw_block(pen, block, text_x, y, colour)
            y += block.height + lay.px(36)
        return image

    def _announcement(self, scene: Scene) -> Image.Image:
        """An outreach slide: big title, short body, optional picture and QR code, the hotline."""
        lay = self.layout
        left, top, right, _bottom = lay.safe
        image = self.background()
        pen = self._band(image, top + lay.px(40))
        caption_top = self.caption_region()[1] - lay.px(20)
        body, qr_url = scene.lines
        side = lay.px(420) if (qr_url or scene.screenshot) and not lay.vertical else 0
        width = right - left - (side + lay.px(60) if side else 0)
        y = top + lay.px(90)
        title = fit_text(scene.heading, width, lay.px(330), lay.px(96), lay.px(56), bold=True, max_lines=3)
        draw_block(pen, title, left, y, self.primary)
        y += title.height + lay.px(40)
        text = fit_text(body, width, caption_top - y - lay.px(110), lay.px(56), lay.px(42), max_lines=5)
        draw_block(pen, text, left, y, INK)
        hotline = fit_text(f"{label(self.language, 'hotline')}: {self.facts.hotline}", width, lay.px(90), lay.px(56),
                           lay.px(40), bold=True, max_lines=1)
        draw_block(pen, hotline, left, caption_top - hotline.height, self.accent)
        if side:
            if qr_url:
                picture = qr_image(qr_url, side)
            else:
                picture = load_screenshot(scene.screenshot)  # type: ignore[arg-type]
                picture.thumbnail((side, side), Image.Resampling.LANCZOS)
            image.paste(picture, (right - picture.width, top + lay.px(90)))
        return image

    # -- steps -------------------------------------------------------------------------------
    def step_base(self, scene: Scene) -> tuple[Image.Image, tuple[int, int, int, int] | None]:
        """A step scene without emphasis: counter, title, progress, fitted screenshot; and the screenshot's box.

        On a TV the screenshot takes the left of the frame at full height and the step text a column on
        the right; on a phone the text sits above the screenshot.
        """
        lay = self.layout
        image = self.background()
        pen = ImageDraw.Draw(image)
        area = self._step_text_above(pen, scene) if lay.vertical else self._step_text_beside(pen, scene)
        if scene.screenshot is None:
            return image, None
        shot = screenshot_once(scene.screenshot)
        box = fit_box(shot.size, area)
        shot = shot.resize((box[2] - box[0], box[3] - box[1]), Image.Resampling.LANCZOS)
        pen.rectangle((box[0] - lay.px(3), box[1] - lay.px(3), box[2] + lay.px(2), box[3] + lay.px(2)),
                      outline=(170, 180, 194), width=lay.px(3))
        image.paste(shot, box[:2])
        return image, box

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

    def _step_text_beside(self, pen: ImageDraw.ImageDraw, scene: Scene) -> tuple[int, int, int, int]:
        """TV layout: text column on the right; returns the screenshot area on the left."""
        lay = self.layout
        left, top, right, _bottom = lay.safe
        limit = self.caption_region()[1] - lay.px(20)
        column = right - lay.px(560)
        pill = self._counter(pen, scene, column, top)
        title_y = top + pill + lay.px(28)
        title = fit_text(scene.heading, right - column, limit - title_y - lay.px(60), lay.px(64), lay.px(44),
                         bold=True, max_lines=6)
        draw_block(pen, title, column, title_y, INK)
        self._progress(pen, scene, (column, limit - lay.px(14), right, limit))
        return left, top, column - lay.px(40), limit

    def _step_text_above(self, pen: ImageDraw.ImageDraw, scene: Scene) -> tuple[int, int, int, int]:
        """Phone layout: counter and title on top; returns the screenshot area below them."""
        lay = self.layout
        left, top, right, _bottom = lay.safe
        pill = self._counter(pen, scene, left, top)
        title = fit_text(scene.heading, right - left, lay.px(300) - pill, lay.px(60), lay.px(42), bold=True,
                         max_lines=2)
        draw_block(pen, title, left, top + pill + lay.px(20), INK)
        bar_y = top + lay.px(314)
        self._progress(pen, scene, (left, bar_y, right, bar_y + lay.px(12)))
        return left, bar_y + lay.px(32), right, self.caption_region()[1] - lay.px(20)

    def spotlight(self, base: Image.Image, shot_box: tuple[int, int, int, int],
                  highlight: tuple[float, float, float, float], zoom: float, screenshot: Path) -> Image.Image:
        """The step with its target in a spotlight: the page around it softly blurred and a little dimmed.

        The page stays readable (most of its contrast is kept, not a flat grey), so viewers see the
        screen they will meet on their own phone. The spotlight is made once on the original
        screenshot; each zoom (0..1) crops and re-samples it, so text stays sharp on a TV.
        """
        lay = self.layout
        x0, y0, x1, y1 = shot_box
        original = screenshot_once(screenshot)
        ow, oh = original.size
        blur = lay.px(SPOT_BLUR * 10) / 10 * ow / (x1 - x0)  # the blur as seen on screen, in the original's pixels
        lit = spotlit(screenshot, screenshot.stat().st_mtime_ns, highlight, round(blur, 2))
        vx, vy, vw, vh = zoom_view(highlight, zoom) if zoom > 0 else (0.0, 0.0, 1.0, 1.0)
        crop = lit.crop((round(vx * ow), round(vy * oh), round((vx + vw) * ow), round((vy + vh) * oh)))
        moving = 0 < zoom < 1  # a frame in motion: a faster filter, which the motion hides
        image = base.copy()
        image.paste(crop.resize((x1 - x0, y1 - y0), Image.Resampling.BILINEAR if moving else
                                Image.Resampling.LANCZOS), (x0, y0))
        box = self.target_box(shot_box, highlight, zoom)
        grow = lay.px(6)
        ImageDraw.Draw(image).rounded_rectangle((box[0] - grow, box[1] - grow, box[2] + grow, box[3] + grow),
                                                radius=lay.px(12), outline=self.accent, width=lay.px(7))
        return image

    def target_box(self, shot_box: tuple[int, int, int, int], highlight: tuple[float, float, float, float],
                   zoom: float) -> tuple[float, float, float, float]:
        """The highlight in frame pixels, with the view zoomed `zoom` (0..1)."""
        x, y, w, h = highlight
        left, top = self.to_frame((x, y), shot_box, highlight, zoom)
        right, bottom = self.to_frame((x + w, y + h), shot_box, highlight, zoom)
        return left, top, right, bottom

    def to_frame(self, point: tuple[float, float], shot_box: tuple[int, int, int, int],
                 highlight: tuple[float, float, float, float], zoom: float) -> tuple[float, float]:
        """A point given as fractions of the screenshot, in frame pixels (the view zoomed `zoom`)."""
        x0, y0, x1, y1 = shot_box
        vx, vy, vw, vh = zoom_view(highlight, zoom) if zoom > 0 else (0.0, 0.0, 1.0, 1.0)
        return x0 + (point[0] - vx) / vw * (x1 - x0), y0 + (point[1] - vy) / vh * (y1 - y0)

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
        face = font(size, bold=True)
        block = fit_text(" ".join(lines), right - left - lay.px(60), bottom - top - lay.px(20), size, size, bold=True,
                         max_lines=2)
        width = round(max(face.getlength(line) for line in block.lines) + lay.px(60))
        height = block.height + lay.px(36)
        overlay = Image.new("RGBA", (width, height), (0, 0, 0, 0))
        pen = ImageDraw.Draw(overlay)
        pen.rounded_rectangle((0, 0, width - 1, height - 1), radius=lay.px(14), fill=(*CAPTION_BOX, 255))
        draw_block(pen, block, 0, lay.px(18), (255, 255, 255, 255), width=width, align="center")
        x = round((lay.width - width) / 2)
        y = (bottom - height) if not lay.vertical else top
        self._captions[lines] = (x, y, overlay)
        return self._captions[lines]
