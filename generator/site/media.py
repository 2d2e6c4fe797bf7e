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

import segno
from PIL import Image, ImageDraw

from generator.cache import Cache, cache_key, file_digest
from generator.clip.layout import FORMATS
from generator.clip.pictures import load_screenshot
from generator.fileio import link_or_copy

MEDIA_VERSION = 5
CROP_WIDTHS = (480, 960)  # a 360 px phone at 1.3x and at 2.6x
FULL_WIDTH = 1280  # the whole screenshot, shown on tap
CROP_SHARE = 0.375  # a crop shows this share of the screenshot's width around the highlight: on a 2x capture
# that is exactly 960 px (no resampling for the larger crop), and the portal's 16 px text shows at 11 px
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
    key: str


class SiteMedia:
    """Collects the pictures pages need (sizes known at once), then makes the missing ones in parallel."""

    def __init__(self, cache: Cache, accent: tuple[int, int, int]) -> None:
        self.cache = cache
        self.accent = accent
        self.jobs: dict[str, _Job] = {}
        self.files: dict[str, Path] = {}  # site-relative path -> the file to put there

    def step_picture(self, source: Path, highlight: Box | None) -> StepPicture:
        """The picture files a step shows (made later by `make`)."""
        with Image.open(source) as image:
            width, height = image.size
        crop_box = _crop_box(width, height, highlight)
        key = cache_key("site-picture", MEDIA_VERSION, source=file_digest(source), highlight=highlight,
                        accent=self.accent, crop=crop_box, widths=CROP_WIDTHS, full=FULL_WIDTH)
        self.jobs[key] = _Job(source, highlight, self.accent, crop_box, key)
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
        if missing:
            with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 2) as pool:
                list(pool.map(lambda job: _make(job, self.cache), missing))
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


def _make(job: _Job, cache: Cache) -> None:
    outlined = load_screenshot(job.source)  # decoded for this job alone: drawn on in place
    if job.highlight:
        x, y, w, h = job.highlight
        line = max(3, round(outlined.width / 400))
        box = (x * outlined.width - line, y * outlined.height - line, (x + w) * outlined.width + line,
               (y + h) * outlined.height + line)
        ImageDraw.Draw(outlined).rounded_rectangle(box, radius=3 * line, outline=job.accent, width=line)
    crop = outlined.crop(job.crop_box)
    for target in CROP_WIDTHS:
        size = min(target, crop.width)
        with cache.store("site-picture", job.key, f".crop-{target}.webp") as temp:
            _resized(crop, size).save(temp, "WEBP", quality=80, method=WEBP_EFFORT)
    with cache.store("site-picture", job.key, ".full.jpg") as temp:  # written last: it marks the job done
        # the whole screen, opened on a tap: JPEG encodes three times faster than WebP at this size
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


