"""Cards: the still pictures of the scenes that are not portal steps (intro, documents, facts, outro, announcements)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from generator.clip.layout import FULL_GREEN, INK, MUTED, PAPER, PARTIAL_AMBER, Layout
from generator.clip.pictures import (
    load_screenshot,
    qr_image,
)
from generator.clip.plan import Facts, Scene, label
from generator.clip.text import (
    draw_block,
    fit_text,
)


class Cards:
    """Draws the cards of one storyboard; mixed into the Painter, whose brand and layout it uses."""

    layout: Layout
    facts: Facts
    primary: tuple[int, int, int]
    accent: tuple[int, int, int]
    logo: Path | None
    language: str

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
