"""Site media: step pictures (a phone-sized crop around the highlight, the whole view on tap), clips, QR codes.

The clip is the web rendition when there is one, with a small poster and its caption cues.

Pictures are content-addressed (a hash of the screenshot's bytes, the highlight, the colour and the sizes)
and cached like clips, so the login screen that twenty procedures share is made once, and a rebuild with
nothing changed makes nothing. What is missing is made in parallel (Pillow releases the GIL while it
decodes, resizes and encodes).
"""

from __future__ import annotations

import html
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import segno
from PIL import Image, ImageDraw

from generator.cache import Cache, cache_key, file_digest
from generator.clip.layout import FORMATS
from generator.clip.pictures import load_screenshot
from generator.fileio import link_or_copy

MEDIA_VERSION = 6
CROP_WIDTHS = (480, 960)  # a 360 px phone at 1.3x and at 2.6x
FULL_WIDTH = 2560  # the whole screenshot at the capture's 2x, shown on tap: pinch-zoom has pixels to reveal
CROP_SHARE = 0.375  # a crop shows this share of the screenshot's width around the highlight: on a 2x capture
# that is exactly 960 px (no resampling for the larger crop), and the portal's 16 px text shows at 11 px
SCAN_REDUCE = 2  # the crop's edges are placed on a half-size grey copy
INK_STEP = 24  # a change of grey level this large along an edge is ink (text, a border) being cut
MOVE_COST = 0.01  # changes of colour an edge may cut to stay one (half-size) pixel closer to centred
PANE_GAP = 24  # the white break between a row's label and its far-off target
POSTER_WIDTH = 640
WEBP_EFFORT = 0  # libwebp's method: 0 encodes 4x faster than 3 for a few percent more bytes on flat UI
CLIP_FORMATS = ("web", "tv-1080p", "vertical", "draft")  # the site prefers the rendition made for it
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class StepPicture:
    """The files of one step's picture, site-relative, with their sizes."""

    crops: tuple[tuple[str, int, int], ...]  # (path, width, height), smallest first
    full: tuple[str, int, int]

    @property
    def crop(self) -> tuple[str, int, int]:
        """The largest crop (the default src)."""
        return self.crops[-1]


@dataclass(frozen=True)
class ClipFiles:
    """The clip a page plays, site-relative, and its caption cues (embedded in the page: file:// works)."""

    video: str
    poster: str
    width: int
    height: int
    cues: tuple[tuple[float, float, str], ...]
    burned: bool  # captions are in the picture too: the track is offered, not shown


@dataclass(frozen=True)
class _Job:
    source: Path
    highlight: Box | None
    accent: tuple[int, int, int]
    crop_box: tuple[int, int, int, int]
    context: Box | None  # the target's row or label, as capture measured it
    key: str


class SiteMedia:
    """Collects the pictures pages need (sizes known at once), then makes the missing ones in parallel."""

    def __init__(self, cache: Cache, accent: tuple[int, int, int]) -> None:
        self.cache = cache
        self.accent = accent
        self.jobs: dict[str, _Job] = {}
        self.files: dict[str, Path] = {}  # site-relative path -> the file to put there

    def step_picture(self, source: Path, highlight: Box | None, context: Box | None = None) -> StepPicture:
        """The picture files a step shows (made later by `make`); `context` is the target's row, if measured."""
        with Image.open(source) as image:
            width, height = image.size
        crop_box = _crop_box(width, height, highlight)
        key = cache_key("site-picture", MEDIA_VERSION, source=file_digest(source), highlight=highlight,
                        accent=self.accent, crop=crop_box, context=context, widths=CROP_WIDTHS,
                        full=FULL_WIDTH)
        self.jobs[key] = _Job(source, highlight, self.accent, crop_box, context, key)
        crop_w, crop_h = crop_box[2] - crop_box[0], crop_box[3] - crop_box[1]
        crops = []
        for target in CROP_WIDTHS:
            size = min(target, crop_w)
            crops.append((f"media/{key[:20]}/crop-{target}.webp", size, round(crop_h * size / crop_w)))
        full_w = min(FULL_WIDTH, width)
        for path, *_ in crops:
            self.files[path] = self.cache.path("site-picture", key, f".{Path(path).stem}.webp")
        full = (f"media/{key[:20]}/full.jpg", full_w, round(height * full_w / width))
        self.files[full[0]] = self.cache.path("site-picture", key, ".full.jpg")
        return StepPicture(tuple(crops), full)

    def clip(self, clips: Path, procedure_id: str, language: str) -> ClipFiles | None:
        """The rendered clip the page plays (the web rendition when made), or None."""
        for name in CLIP_FORMATS:
            video = clips / language / f"{procedure_id}.{name}.mp4"
            if not (video.is_file() and video.with_suffix(".json").is_file()):
                continue
            base = f"media/clips/{procedure_id}.{language}"
            self.files[f"{base}.mp4"] = video
            poster = self._poster(video.with_suffix(".jpg"))
            if poster is not None:
                self.files[f"{base}.webp"] = poster
            layout = FORMATS[name]
            cues = _cues(video.with_suffix(".json"))
            return ClipFiles(f"{base}.mp4", f"{base}.webp" if poster else "", layout.width, layout.height, cues,
                             burned=layout.captions)
        return None

    def qr(self, url: str) -> Path:
        """A QR code opening `url` (made once per address)."""
        key = cache_key("site-qr", MEDIA_VERSION, url=url)
        found = self.cache.lookup("site-qr", key, ".png")
        if found is None:
            with self.cache.store("site-qr", key, ".png") as temp:
                segno.make(url, error="m").save(str(temp), kind="png", scale=5, border=4)
            found = self.cache.path("site-qr", key, ".png")
        return found

    def _poster(self, jpeg: Path) -> Path | None:
        if not jpeg.is_file():
            return None
        key = cache_key("site-poster", MEDIA_VERSION, source=file_digest(jpeg), width=POSTER_WIDTH)
        found = self.cache.lookup("site-poster", key, ".webp")
        if found is None:
            with self.cache.store("site-poster", key, ".webp") as temp, Image.open(jpeg) as image:
                image = image.convert("RGB")
                image.thumbnail((POSTER_WIDTH, POSTER_WIDTH), Image.Resampling.LANCZOS)
                image.save(temp, "WEBP", quality=70, method=4)
            found = self.cache.path("site-poster", key, ".webp")
        return found

    def make(self, workers: int | None = None) -> int:
        """Make every picture not in the cache, in parallel; return how many were made."""
        missing = [job for job in self.jobs.values() if self.cache.lookup("site-picture", job.key, ".full.jpg")
                   is None]
        by_source: dict[Path, list[_Job]] = {}
        for job in missing:  # a screen many steps show (a portal's login) is decoded once for all of them
            by_source.setdefault(job.source, []).append(job)
        if missing:
            with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 2) as pool:
                list(pool.map(lambda jobs: _make_all(jobs, self.cache), by_source.values()))
        return len(missing)

    def place(self, site: Path) -> None:
        """Link every media file into the built site."""
        for relative, source in self.files.items():
            if source.is_relative_to(self.cache.root):
                link_or_copy(source, site / relative)  # cached files are never changed in place: share them
            else:
                (site / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, site / relative)  # a form staff may overwrite: the site keeps its own


def _crop_box(width: int, height: int, highlight: Box | None) -> tuple[int, int, int, int]:
    """Where a phone's crop goes: CROP_SHARE of the width, so the portal's text stays readable, inside the image.

    A target that fits is centred with its surroundings (the document name beside "Chọn tệp"); a larger one
    (a whole form, a result panel) shows its start, its first fields and label, rather than shrinking the
    whole form into a phone's width. The full screenshot opens on tap.
    """
    if highlight is None:
        return 0, 0, width, height
    x, y, w, h = (highlight[0] * width, highlight[1] * height, highlight[2] * width, highlight[3] * height)
    margin = 0.03 * width
    crop_w = min(width, CROP_SHARE * width)
    crop_h = min(height, max(crop_w * 0.62, min(h + 2 * margin, crop_w)))
    left = x - margin if w + 2 * margin > crop_w else x + w / 2 - crop_w / 2
    top = y - margin if h + 2 * margin > crop_h else y + h / 2 - crop_h / 2
    left, top = min(max(0.0, left), width - crop_w), min(max(0.0, top), height - crop_h)
    return round(left), round(top), round(left + crop_w), round(top + crop_h)


def _clear_of_text(image: Image.Image, box: tuple[int, int, int, int], highlight: Box | None
                   ) -> tuple[int, int, int, int]:
    """The crop `box` slid, at its size, so its edges run through empty space rather than through text.

    A crop centred on a small button cuts the field beside it ("…1234" for an ID number); slid a little
    it shows the whole field, the document name beside "Chọn tệp" or the card around a button. The target
    stays inside; an edge that crosses fewer changes of colour is preferred, then the least movement.
    """
    if highlight is None:
        return box
    left, top, right, bottom = box
    crop_w, crop_h = right - left, bottom - top
    pad = 0.01 * image.width  # the outline drawn round the target, and a little air
    x0, y0 = highlight[0] * image.width - pad, highlight[1] * image.height - pad
    x1, y1 = x0 + highlight[2] * image.width + 2 * pad, y0 + highlight[3] * image.height + 2 * pad
    gray = np.asarray(image.convert("L").reduce(SCAN_REDUCE), dtype=np.int16)
    scale = SCAN_REDUCE

    def slide(lines: np.ndarray, start: int, size: int, low: float, high: float, limit: int) -> int:
        """The best start in [high - size, low] for a window of `size` over `lines` (ink per line)."""
        first = max(0, int(high - size + 1))
        last = min(limit - size, int(low))
        if first > last:
            return start
        starts = np.arange(first, last + 1, scale)
        ends = np.minimum(starts + size - 1, limit - 1)
        cost = lines[starts // scale] + lines[ends // scale] + abs(starts - start) * MOVE_COST / scale
        return int(starts[int(np.argmin(cost))])

    rows = gray[top // scale:bottom // scale]
    columns_ink = (np.abs(np.diff(rows, axis=0)) > INK_STEP).sum(axis=0)
    left = slide(columns_ink, left, crop_w, x0, x1, image.width)
    strip = gray[:, left // scale:(left + crop_w) // scale]
    rows_ink = (np.abs(np.diff(strip, axis=1)) > INK_STEP).sum(axis=1)
    top = slide(rows_ink, top, crop_h, y0, y1, image.height)
    return left, top, left + crop_w, top + crop_h


def _with_row_start(image: Image.Image, box: tuple[int, int, int, int], highlight: Box | None,
                    context: Box | None) -> Image.Image | None:
    """The crop in two panes when the target's row starts outside it: the row's label, a break, the target.

    "Chọn tệp" at the far end of a wide row says nothing without the document name at its start, and the
    whole row shrunk into a phone's width is unreadable. None when the label is already in the crop.
    """
    if not (highlight and context):
        return None
    left, top, right, bottom = box
    crop_w, crop_h = right - left, bottom - top
    row_left = context[0] * image.width
    row_top, row_bottom = context[1] * image.height, (context[1] + context[3]) * image.height
    x0, x1 = highlight[0] * image.width, (highlight[0] + highlight[2]) * image.width
    pad = round(0.01 * image.width)
    if row_left >= left or not (top <= row_top and row_bottom <= bottom):
        return None
    gray = np.asarray(image.crop((round(row_left), round(row_top), round(x0), round(row_bottom))).convert("L"),
                      dtype=np.int16)
    inked = np.flatnonzero((np.abs(np.diff(gray, axis=0)) > INK_STEP).any(axis=0))
    if inked.size == 0:
        return None
    gaps = np.flatnonzero(np.diff(inked) > 2 * pad)  # the label ends at the first wide blank after it
    label_w = int(inked[gaps[0]] if gaps.size else inked[-1]) + 2 * pad
    label_w = min(label_w, crop_w // 2)
    target_w = crop_w - label_w - PANE_GAP
    if x1 - x0 + 2 * pad > target_w:
        return None
    target_left = int(min(max(x1 + pad - target_w, (x0 + x1) / 2 - target_w / 2), x0 - pad))
    target_left = min(max(target_left, 0), image.width - target_w)
    label_left = max(0, round(row_left) - pad)
    panes = Image.new("RGB", (crop_w, crop_h), (255, 255, 255))
    panes.paste(image.crop((label_left, top, label_left + label_w, bottom)), (0, 0))
    panes.paste(image.crop((target_left, top, target_left + target_w, bottom)), (label_w + PANE_GAP, 0))
    draw = ImageDraw.Draw(panes)  # the break: a dashed line down a white gap, as a torn-out middle
    middle = label_w + PANE_GAP // 2
    for y in range(0, crop_h, 18):
        draw.line((middle, y, middle, y + 9), fill=(140, 146, 152), width=3)
    return panes


def _make_all(jobs: list[_Job], cache: Cache) -> None:
    """Make the pictures of jobs that share one screenshot, decoding it once (34 ms for a 2x capture)."""
    screenshot = load_screenshot(jobs[0].source)
    for job in jobs:
        _make(job, cache, screenshot.copy() if len(jobs) > 1 else screenshot)


def _make(job: _Job, cache: Cache, outlined: Image.Image) -> None:
    """The crops and the full picture of one job, drawn on `outlined` (the screenshot, its own copy)."""
    if job.highlight:
        x, y, w, h = job.highlight
        line = max(3, round(outlined.width / 400))
        box = (x * outlined.width - line, y * outlined.height - line, (x + w) * outlined.width + line,
               (y + h) * outlined.height + line)
        ImageDraw.Draw(outlined).rounded_rectangle(box, radius=3 * line, outline=job.accent, width=line)
    crop_box = _clear_of_text(outlined, job.crop_box, job.highlight)
    crop = _with_row_start(outlined, crop_box, job.highlight, job.context) or outlined.crop(crop_box)
    for target in CROP_WIDTHS:
        size = min(target, crop.width)
        with cache.store("site-picture", job.key, f".crop-{target}.webp") as temp:
            _resized(crop, size).save(temp, "WEBP", quality=80, method=WEBP_EFFORT)
    with cache.store("site-picture", job.key, ".full.jpg") as temp:  # written last: it marks the job done
        # the whole screen, opened on a tap: JPEG encodes three times faster than WebP at this size (8 ms)
        _resized(outlined, min(FULL_WIDTH, outlined.width)).save(temp, "JPEG", quality=88, optimize=False)


def _resized(image: Image.Image, width: int) -> Image.Image:
    if image.width == width:
        return image
    height = round(image.height * width / image.width)
    if image.width >= 2 * width:  # halve cheaply first, then the exact size
        image = image.reduce(image.width // width)
        if image.size == (width, height):
            return image
    return image.resize((width, height), Image.Resampling.BICUBIC)  # from at most 2x: bicubic keeps text sharp


def _cues(manifest: Path) -> tuple[tuple[float, float, str], ...]:
    """The clip's caption cues, read back from its WebVTT file (the same text the TV burns in)."""
    cues = []
    for block in manifest.with_suffix(".vtt").read_text(encoding="utf-8").split("\n\n"):
        lines = block.strip().splitlines()
        timing = next((n for n, line in enumerate(lines) if "-->" in line), None)
        if timing is None:
            continue
        start, end = (_seconds(part.strip().split(" ")[0]) for part in lines[timing].split("-->"))
        cues.append((start, end, html.unescape("\n".join(lines[timing + 1:]))))
    return tuple(cues)


def _seconds(stamp: str) -> float:
    hours, minutes, seconds = stamp.replace(",", ".").split(":")
    return round(int(hours) * 3600 + int(minutes) * 60 + float(seconds), 3)


