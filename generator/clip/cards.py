"""Cards: the still pictures of the scenes that are not portal steps (intro, documents, facts, outro, announcements)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from generator.clip.layout import CAPTION_BOX, FULL_GREEN, INK, MUTED, PAPER, PARTIAL_AMBER, Layout
from generator.clip.pictures import (
    load_screenshot,
    qr_image,
)
from generator.clip.plan import Facts, Scene, label
from generator.clip.text import (
    draw_block,
    fit_text,
)

CARD_LINES = 4  # a card's line may wrap this far before it is shortened (a phone's column is narrow)
READING = (255, 240, 196)  # a warm light band behind the line being read (dark text keeps 12:1 contrast)


def line_read(lines: tuple[str, ...], cue_text: str) -> int:
    """Which of a card's lines a caption cue reads (most words in common), or -1."""
    said = set(cue_text.lower().replace(";", " ").replace(".", " ").replace(":", " ").split())
    overlaps = [len(said & set(line.lower().replace(":", " ").split())) for line in lines]
    best = max(range(len(lines)), key=lambda index: overlaps[index], default=-1)
    return best if best >= 0 and overlaps[best] >= 2 else -1


class Cards:
    """Draws the cards of one storyboard; mixed into the Painter, whose brand and layout it uses."""

    layout: Layout
    facts: Facts
    primary: tuple[int, int, int]
    accent: tuple[int, int, int]
    logo: Path | None
    language: str

    def background(self) -> Image.Image:
        """Plain light background with the caption band (always there); phones get a footer with the hotline."""
        image = Image.new("RGB", (self.layout.width, self.layout.height), PAPER)
        band_top, band_bottom = self.layout.caption_band
        if band_bottom > band_top:
            ImageDraw.Draw(image).rectangle((0, band_top, self.layout.width, band_bottom - 1), fill=CAPTION_BOX)
        if self.layout.vertical:
            left, _top, right, _bottom = self.layout.safe
            pen = ImageDraw.Draw(image)
            for text, size, colour, y in ((self.facts.portal_name, 44, MUTED, 1690),
                                          (f"{label(self.language, 'hotline')}: {self.facts.hotline}", 52,
                                           self.accent, 1760)):
                block = fit_text(text, right - left, self.layout.px(80), self.layout.px(size), self.layout.px(30),
                                 bold=True, max_lines=1)
                draw_block(pen, block, left, self.layout.px(y), colour, width=right - left, align="center")
        return image


    # -- cards -------------------------------------------------------------------------------
    def card(self, scene: Scene, reading: int = -1) -> Image.Image:
        """The still image of an intro, documents or outro scene (without captions).

        `reading`: the line being read (a documents card marks it, so the eye follows the voice).
        """
        if scene.kind in ("documents", "facts"):
            return self._documents(scene, reading) if scene.kind == "documents" else self._facts(scene, reading)
        drawers = {"intro": self._intro, "outro": self._outro, "announcement": self._announcement}
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
        """The title card: the centre (logo and name) in the bar, the online badge, the title, its lines."""
        lay = self.layout
        left, top, right, _bottom = lay.safe
        image = self.background()
        band_height = lay.bar
        pen = self._band(image, band_height)
        logo_size = min(lay.px(84), band_height - lay.px(20))
        logo_y = (band_height - logo_size) // 2 if not lay.vertical else top
        self._logo(image, left, logo_y, logo_size)
        centre_x = left + logo_size + lay.px(24)
        centre = fit_text(self.facts.centre, right - centre_x, logo_size, lay.px(40), lay.px(28), bold=True,
                          max_lines=2)
        draw_block(pen, centre, centre_x, logo_y + (logo_size - centre.height) // 2, (255, 255, 255))
        badge = fit_text(self.facts.level, right - left, lay.px(80), lay.px(44), lay.px(30), bold=True, max_lines=1)
        y = band_height + lay.px(36)
        y += self._pill(pen, badge, left, y, FULL_GREEN if self.facts.fully_online else PARTIAL_AMBER,
                        pad_y=lay.px(12)) + lay.px(28)
        caption_top = self.caption_region()[1] - lay.px(20)
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
        """A card with its heading in white on the brand band (the height of a step's heading bar)."""
        lay = self.layout
        left, _top, right, _bottom = lay.safe
        image = self.background()
        pen = self._band(image, lay.bar)
        heading = fit_text(heading_text, right - left, lay.bar - lay.px(24), lay.px(60), lay.px(40), bold=True,
                           max_lines=2 if lay.vertical else 1)
        draw_block(pen, heading, left, (lay.bar - heading.height) // 2, (255, 255, 255))
        return image, pen

    def _one_size(self, lines: tuple[str, ...], width: int, room: int, largest: int, smallest: int, *,
                  bold: bool = False) -> int:
        """The largest size at which every line fits its room (one font size per card, not one per line)."""
        return min(fit_text(line, width, room, largest, smallest, bold=bold, max_lines=CARD_LINES).size
                   for line in lines)

    def _documents(self, scene: Scene, reading: int = -1) -> Image.Image:
        lay = self.layout
        left, _top, right, _bottom = lay.safe
        image, pen = self._headed(scene.heading)
        y = lay.bar + lay.px(40)
        limit = self.caption_region()[1] - lay.px(20)
        per_item = (limit - y) // max(1, len(scene.lines))
        box = lay.px(48)
        width = right - left - box - lay.px(36)
        size = self._one_size(scene.lines, width, per_item - lay.px(16), lay.px(50), lay.px(40))
        for index, line in enumerate(scene.lines):
            block = fit_text(line, width, per_item - lay.px(16), size, size, max_lines=CARD_LINES)
            if index == reading:  # the line the voice is reading
                pen.rounded_rectangle((left - lay.px(16), y - lay.px(8), right + lay.px(16),
                                       y + max(block.height, box) + lay.px(10)), radius=lay.px(12), fill=READING)
            pen.rounded_rectangle((left, y + lay.px(6), left + box, y + lay.px(6) + box), radius=lay.px(8),
                                  outline=self.primary, width=lay.px(5))
            pen.line((left + box * 0.22, y + lay.px(6) + box * 0.52, left + box * 0.42, y + lay.px(6) + box * 0.74,
                      left + box * 0.8, y + lay.px(6) + box * 0.28), fill=FULL_GREEN, width=lay.px(7))
            draw_block(pen, block, left + box + lay.px(32), y, INK)
            y += max(block.height, box) + lay.px(22)
        return image

    def _facts(self, scene: Scene, reading: int = -1) -> Image.Image:
        """Fee, processing time and agency, large (the TV's brief introduction leaves them to the end)."""
        lay = self.layout
        left, _top, right, _bottom = lay.safe
        image, pen = self._headed(scene.heading)
        y = lay.bar + lay.px(50)
        room = (self.caption_region()[1] - lay.px(20) - y) // max(1, len(scene.lines))
        size = self._one_size(scene.lines, right - left, room - lay.px(20), lay.px(60), lay.px(40), bold=True)
        for index, line in enumerate(scene.lines):
            block = fit_text(line, right - left, room - lay.px(20), size, size, bold=index < 2, max_lines=CARD_LINES)
            if index == reading:
                pen.rounded_rectangle((left - lay.px(16), y - lay.px(8), right + lay.px(16), y + block.height +
                                       lay.px(10)), radius=lay.px(12), fill=READING)
            draw_block(pen, block, left, y, INK if index < 2 else MUTED)
            y += block.height + lay.px(30)
        return image

    def _outro(self, scene: Scene) -> Image.Image:
        """Where to apply (the portal, its address whole, the hotline) and a QR code nothing is ever drawn over."""
        lay = self.layout
        left, _top, right, _bottom = lay.safe
        image, pen = self._headed(scene.heading)
        portal, address, hotline, scan = scene.lines
        caption_top = self.caption_region()[1] - lay.px(20)
        area_top = lay.bar + lay.px(40)
        scan_room = lay.px(90)
        if lay.vertical:
            text_x, text_w = left, right - left
        else:
            qr_size = min(caption_top - area_top - scan_room, lay.px(560))
            text_x, text_w = left, right - left - qr_size - lay.px(80)
        y = area_top
        for text, size, bold, colour, lines in ((portal, 60, True, INK, 3), (address, 44, False, self.primary, 2),
                                                (hotline, 54, True, self.accent, 2)):
            block = fit_text(text, text_w, lay.px(200), lay.px(size), lay.px(22), bold=bold, max_lines=lines)
            draw_block(pen, block, text_x, y, colour)
            y += block.height + lay.px(30)
        if lay.vertical:  # below the text, never under it
            qr_size = min(lay.px(600), caption_top - y - scan_room - lay.px(20), right - left)
            qr_x, qr_y = (lay.width - qr_size) // 2, y + lay.px(20)
        else:
            qr_x, qr_y = right - qr_size, area_top
        image.paste(qr_image(self.facts.qr_url, qr_size), (qr_x, qr_y))
        scan_block = fit_text(scan, qr_size + lay.px(160), scan_room, lay.px(34), lay.px(24), max_lines=2)
        draw_block(pen, scan_block, qr_x - lay.px(80), qr_y + qr_size + lay.px(10), MUTED,
                   width=qr_size + lay.px(160), align="center")
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
