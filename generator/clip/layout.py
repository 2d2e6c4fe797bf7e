"""Layout: the formats clips are drawn in (TV, phone, draft), their safe areas, and the palette."""

from __future__ import annotations

from dataclasses import dataclass

from generator.clip.plan import Pacing

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
    captions: bool = True  # burned into the picture (a muted lobby TV); the web rendition leaves them to the track

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
        return self.px(54) if not self.vertical else self.px(62)

    @property
    def bar(self) -> int:
        """Height of the heading bar at the top of every scene (step counter and heading; a card's heading)."""
        return self.px(330) if self.vertical else self.px(92)

    @property
    def caption_band(self) -> tuple[int, int]:
        """Rows of the caption band (always there when captions are burned in, so it never flickers)."""
        if self.vertical:
            return self.px(1440), self.px(1660)  # the footer (portal, hotline) goes below it
        if not self.captions:
            return self.height, self.height
        return self.height - self.px(228), self.height  # two caption lines fit above the title-safe bottom

    @property
    def picture_box(self) -> tuple[int, int, int, int]:
        """Where a step's screenshot goes: the whole width, from the heading bar to the caption band.

        On a TV that is 70% of the frame, the portal's 16 px text at 24 px; on a phone the full width.
        """
        return 0, self.bar, self.width, self.caption_band[0]


FORMATS = {
    "tv-1080p": Layout("tv-1080p", 1920, 1080),
    "vertical": Layout("vertical", 1080, 1920, vertical=True),  # brief too: step one within seconds on a phone
    "draft": Layout("draft", 640, 360, crf=28),
    "web": Layout("web", 1280, 720, pacing="full", crf=27, captions=False),  # the help site, on mobile data
}


def hex_rgb(colour: str) -> tuple[int, int, int]:
    """'#0b4f9c' -> (11, 79, 156)."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)

