"""Content format of lobby TV loops: content/playlists.yaml and content/announcements/<id>.yaml."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from generator.content.base import WebAddress
from generator.content.schema import AssetPath, Model, Slug, Text

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SELECTOR = r"^(category:|tag:)?[a-z0-9]+(-[a-z0-9]+)*$"


def parse_clock(value: str) -> int:
    """'07:30' -> minutes after midnight; '24:00' is allowed as the end of a day."""
    match = re.fullmatch(r"([01]?\d|2[0-4]):([0-5]\d)", value)
    if not match or (int(match.group(1)) == 24 and match.group(2) != "00"):
        raise ValueError(f"'{value}' is not a time of day (HH:MM, e.g. 07:30)")
    return int(match.group(1)) * 60 + int(match.group(2))


class Window(Model):
    """A time window on some weekdays during which a playlist plays."""

    days: list[Weekday] = Field(min_length=1, description="Weekdays: mon, tue, wed, thu, fri, sat, sun.")
    start: str = Field(description="Start time, HH:MM (quote it: \"07:30\").")
    end: str = Field(description="End time, HH:MM; before start only when overnight is true.")
    overnight: bool = Field(default=False, description="The window runs past midnight into the next day.")
    playlist: Slug | None = Field(default=None, description="Playlist to play in the window (default: this one).")

    @field_validator("start", "end", mode="before")
    @classmethod
    def _clock(cls, value: Any) -> Any:
        if isinstance(value, int):  # YAML 1.1 reads 07:30 unquoted as a sexagesimal number
            value = f"{value // 60:02d}:{value % 60:02d}"
        if isinstance(value, str):
            parse_clock(value)
        return value

    @model_validator(mode="after")
    def _order(self) -> Window:
        start, end = parse_clock(self.start), parse_clock(self.end)
        if end == start:
            raise ValueError(f"window starts and ends at the same time ({self.start}); give it a length")
        if end < start and not self.overnight:
            raise ValueError(f"window ends ({self.end}) before it starts ({self.start}); "
                             "add 'overnight: true' if it runs past midnight")
        if end > start and self.overnight:
            raise ValueError(f"overnight window must end before it starts ({self.start}–{self.end})")
        return self

    def spans(self) -> list[tuple[int, int, int]]:
        """(weekday index, start minute, end minute) pieces, split at midnight."""
        start, end = parse_clock(self.start), parse_clock(self.end)
        pieces = []
        for day in self.days:
            index = WEEKDAYS.index(day)
            if self.overnight:
                pieces += [(index, start, 24 * 60), ((index + 1) % 7, 0, end)]
            else:
                pieces.append((index, start, end))
        return [p for p in pieces if p[1] < p[2]]


class Interleave(Model):
    """Announcement slides placed between clips."""

    every: int = Field(default=2, ge=1, le=50, description="Insert one announcement after every N clips.")
    items: list[Slug] = Field(min_length=1, description="Announcement ids, used in turn.")


class Playlist(Model):
    """What one lobby TV loops."""

    id: Slug = Field(description="Playlist id (folder name of its outputs).")
    title: Text = Field(description="Name staff recognise, e.g. Sảnh chính.")
    language: Literal["vi", "en"] = Field(default="vi", description="Language of the clips.")
    format: Literal["tv-1080p", "vertical", "draft"] = Field(default="tv-1080p", description="Clip format.")
    items: list[str] = Field(min_length=1, description="Procedure ids, or category:<id> / tag:<slug> selectors.")
    announcements: Interleave | None = Field(default=None, description="Announcement slides between clips.")
    schedule: list[Window] = Field(default_factory=list, description="Time windows (kiosk player follows them).")

    @field_validator("items")
    @classmethod
    def _selectors(cls, items: list[str]) -> list[str]:
        for item in items:
            if not re.match(SELECTOR, item):
                raise ValueError(f"'{item}' is not a procedure id or a category:/tag: selector")
        return items


class PlaylistFile(Model):
    """content/playlists.yaml."""

    playlists: list[Playlist] = Field(min_length=1, description="The playlists, one per TV or time of day.")


class Announcement(Model):
    """An outreach slide shown between clips: content/announcements/<id>.yaml."""

    id: Slug = Field(description="Must equal the file name.")
    title: Text = Field(description="Big heading.")
    body: Text = Field(description="One or two short sentences.")
    image: AssetPath | None = Field(default=None, description="Optional picture under assets/.")
    narration: Text | None = Field(default=None, description="Optional spoken text.")
    duration: float | None = Field(default=None, ge=3, le=60,
                                   description="Seconds on screen at least (default: as long as it is spoken).")
    qr_url: WebAddress | None = Field(default=None, description="Optional QR code target (https).")
    valid_from: dt.date | None = Field(default=None, description="First day to show it.")
    valid_to: dt.date | None = Field(default=None, description="Last day to show it.")

    @model_validator(mode="after")
    def _valid_period(self) -> Announcement:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError(f"valid_to ({self.valid_to}) is before valid_from ({self.valid_from})")
        return self

    def active(self, today: dt.date) -> bool:
        """Whether the slide is in its validity period."""
        started = self.valid_from is None or self.valid_from <= today
        return started and (self.valid_to is None or today <= self.valid_to)
