"""Files content names: each stays inside assets/, exists, and is a usable image, recording, form or upload."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image

from generator.content.capture_model import UPLOADS
from generator.content.yamlsource import Location, SourceMap
from generator.errors import Problem

if TYPE_CHECKING:
    from generator.content.load import Project

MIN_IMAGE_SIDE = 32  # a screenshot smaller than this is a mistake, and cannot be cropped or scaled
MAX_IMAGE_PIXELS = 60_000_000  # a 10,000 px screenshot is fine to fit; a decompression bomb is not
FORM_SUFFIXES = {".pdf", ".doc", ".docx", ".odt"}
AUDIO_SUFFIXES = {".wav", ".mp3", ".m4a", ".ogg", ".oga", ".flac", ".aac"}


def strip_assets_prefix(relative: str) -> str:
    """Accept both `screens/x.png` and `assets/screens/x.png`."""
    return relative[len("assets/") :] if relative.startswith("assets/") else relative


def in_uploads(relative: str) -> bool:
    """Whether an upload names the sample documents' folder (else the model has said where uploads come from)."""
    return strip_assets_prefix(relative).startswith(f"{UPLOADS}/")


def check_asset(project: Project, relative: str, loc: Location, source: SourceMap, *, kind: str) -> Problem | None:
    """A problem if `relative` escapes assets/, does not exist, or is not a usable image/audio file."""
    clean = strip_assets_prefix(relative)
    shown = f"assets/{clean}"
    if Path(clean).is_absolute() or ".." in Path(clean.replace("\\", "/")).parts or clean.startswith("~"):
        return source.problem(loc, f"path must stay inside assets/ (no absolute paths or '..'): {relative[:80]}")
    path = project.assets / clean
    try:
        if not path.resolve().is_relative_to(project.assets.resolve()):  # through a link, existing or not
            return source.problem(loc, f"path links outside assets/: {shown}")
        if kind == "destination" or (kind == "capture" and not (path.exists() or path.is_symlink())):
            return source.problem(loc, f"is a folder, not a file: {shown}") if path.is_dir() else None
        if path.is_dir():
            return source.problem(loc, f"is a folder, not a file: {shown}")
        if path.exists() and not path.is_file():
            return source.problem(loc, f"is not a regular file (a pipe or device?): {shown}")
        if not path.is_file():
            return source.problem(loc, f"file not found: {shown}")
        if kind in ("image", "capture"):
            return _check_image(path, shown, loc, source)
        if kind == "upload":  # the model has checked it is one of the sample documents in assets/uploads/
            return None
        if kind == "form":
            return None if path.suffix.lower() in FORM_SUFFIXES else source.problem(
                loc, f"a form template is a {', '.join(sorted(s.lstrip('.') for s in FORM_SUFFIXES))} file: {shown}")
        return _check_audio(path, shown, loc, source)
    except OSError as error:  # a name too long for the file system, a file that cannot be read
        return source.problem(loc, f"cannot read {shown[:80]}: {error.strerror or error}")


def _check_image(path: Path, shown: str, loc: Location, source: SourceMap) -> Problem | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # the size check below says it better
            with Image.open(path) as image:
                width, height = image.size
                if width < MIN_IMAGE_SIDE or height < MIN_IMAGE_SIDE:
                    return source.problem(loc, f"image is {width}x{height}, too small to show (at least "
                                               f"{MIN_IMAGE_SIDE}x{MIN_IMAGE_SIDE} pixels): {shown}")
                if width * height > MAX_IMAGE_PIXELS:
                    return source.problem(loc, f"image is {width}x{height}, too large "
                                               f"(max {MAX_IMAGE_PIXELS:,} pixels): {shown}")
                image.verify()
    except Image.DecompressionBombError:
        return source.problem(loc, f"image is too large to decode safely: {shown}")
    except Exception as error:  # Pillow raises many types for a broken file
        return source.problem(loc, f"not a readable image ({type(error).__name__}): {shown}")
    return None


def _check_audio(path: Path, shown: str, loc: Location, source: SourceMap) -> Problem | None:
    from generator.narration.audio import MAX_RECORDING_SECONDS, media_seconds

    if path.suffix.lower() not in AUDIO_SUFFIXES:
        allowed = ", ".join(sorted(s.lstrip(".") for s in AUDIO_SUFFIXES))
        return source.problem(loc, f"not an audio file ({allowed}): {shown}")
    if path.stat().st_size == 0:
        return source.problem(loc, f"audio file is empty: {shown}")
    seconds = media_seconds(path)
    if seconds is None:
        return source.problem(loc, f"not a readable audio file (damaged, or not audio inside): {shown}")
    if seconds > MAX_RECORDING_SECONDS:
        return source.problem(loc, f"recording is {seconds / 60:.0f} min long; a step's voice-over may be at most "
                                   f"{MAX_RECORDING_SECONDS // 60} min: {shown}")
    return None
