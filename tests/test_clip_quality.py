"""Clips a video producer would put on the lobby TV, measured on rendered files (decoded by ffmpeg).

The QR code scans in every format; loudness is -16 LUFS on the stereo file with true peaks under
-1 dBTP, reels included; nothing is silent for more than 1.5 s but the closing hold; the portal's
picture fills the frame with its text large; the caption band never leaves during a transition, and
no cross-fade shows two headings at once.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from PIL import Image

from generator.cache import Cache
from generator.clip.compose import RenderOptions, render_clip
from generator.clip.draw import FORMATS, Painter
from generator.clip.pictures import page_window, zoom_view
from generator.clip.plan import plan
from generator.clip.timeline import FPS, TRANSITION_FRAMES
from generator.content.load import load_catalogue
from generator.narration.narrate import Narrator
from generator.reel.build import build_reel
from generator.reel.playlists import load_lobby
from tests.conftest import REPO
from tests.test_compose import frame_at
from tests.test_motion import project as motion_project
from tests.test_reel import ANNOUNCEMENT, PLAYLISTS

pytestmark = pytest.mark.slow
FORMAT_NAMES = ("draft", "web", "tv-1080p", "vertical")


@pytest.fixture(scope="module")
def clips(tmp_path_factory) -> dict:
    """The two-step procedure rendered in every format, once for the module."""
    builder = motion_project(tmp_path_factory.mktemp("quality"))
    builder.write("content/settings.yaml", (builder.root / "content/settings.yaml").read_text(encoding="utf-8")
                  + "site_url: https://huongdan.example.vn/\n")
    catalogue = load_catalogue(builder.root)
    cache = Cache(builder.root / ".cache")
    narrator = Narrator(catalogue.settings, cache, builder.root)
    made = {}
    for name in FORMAT_NAMES:
        layout = FORMATS[name]
        storyboard = plan(catalogue, "khai-sinh", "vi", layout.pacing, phone=layout.vertical)
        result = render_clip(catalogue, storyboard, layout, narrator, RenderOptions(builder.root / "output", cache, 2))
        made[name] = (result, json.loads(result.path.with_suffix(".json").read_text()), storyboard)
    return {"builder": builder, "catalogue": catalogue, "made": made}


def loudness(path: Path) -> tuple[float, float]:
    """Integrated loudness (LUFS) and true peak (dBTP) of the whole file, as ffmpeg's ebur128 measures them."""
    report = subprocess.run(["ffmpeg", "-nostats", "-i", str(path), "-af", "ebur128=peak=true", "-f", "null", "-"],
                            capture_output=True, text=True, check=True).stderr
    summary = report[report.rindex("Summary:"):]
    integrated = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))
    peak = float(re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary).group(1))
    return integrated, peak


def samples(path: Path) -> np.ndarray:
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "2", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(raw, dtype=np.int16)


@pytest.mark.parametrize("format_name", FORMAT_NAMES)
def test_the_outro_qr_code_scans_in_every_format(clips, format_name):
    result, manifest, storyboard = clips["made"][format_name]
    outro = manifest["scenes"][-1]
    assert outro["key"] == "outro"
    for seconds in (outro["start"] + 0.6, outro["start"] + outro["duration"] / 2, outro["start"] + outro["duration"]
                    - 0.2):
        found = zxingcpp.read_barcodes(frame_at(result.path, seconds))
        assert [code.text for code in found] == [storyboard.facts.qr_url], (format_name, seconds)


@pytest.mark.parametrize("format_name", ["tv-1080p", "vertical", "web"])
def test_clips_are_at_minus_16_lufs_on_the_stereo_file_with_true_peaks_under_minus_1(clips, format_name):
    result, _manifest, _storyboard = clips["made"][format_name]
    integrated, peak = loudness(result.path)
    assert -17 <= integrated <= -15, integrated
    assert peak <= -1, peak
    assert np.abs(samples(result.path).astype(np.int32)).max() < 32767  # no sample at full scale


@pytest.fixture(scope="module")
def reel(tmp_path_factory):
    from tests.conftest import PROCEDURE, ProjectBuilder

    project = ProjectBuilder(tmp_path_factory.mktemp("reel") / "project")
    project.procedure(PROCEDURE.replace("updated: 2026-11-20", "tags: [tre-em]\nupdated: 2026-11-20"))
    project.write("content/playlists.yaml", PLAYLISTS)
    project.write("content/announcements/qr.yaml", ANNOUNCEMENT.replace("duration: 4\n", ""))
    catalogue = load_catalogue(project.root)
    lobby = load_lobby(catalogue, dt.date(2026, 11, 27))
    options = RenderOptions(project.root / "output", Cache(project.root / ".cache"), jobs=2)
    playlist = lobby.playlists["sanh"].model_copy(update={"format": "draft"})
    return build_reel(catalogue, lobby, playlist, Narrator(catalogue.settings, options.cache), options)


def test_a_reel_is_at_minus_16_lufs_and_never_clips(reel):
    integrated, peak = loudness(reel.reel)
    assert -17 <= integrated <= -15 and peak <= -1, (integrated, peak)
    assert np.abs(samples(reel.reel).astype(np.int32)).max() < 32767


def frame_number(path: Path, number: int) -> np.ndarray:
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-vf", f"select='eq(n\\,{number})'",
                          "-vsync", "0", "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(raw, dtype=np.uint8).astype(float)


def test_reel_items_cross_fade_into_each_other_and_across_the_loop_point(reel):
    starts = [0]
    for _item, clip in reel.items:
        starts.append(starts[-1] + round(clip.duration * FPS))
    assert len(reel.items) >= 2
    for index in range(len(reel.items)):
        first = starts[index]
        before = starts[index] - 1 if index else starts[-1] - 1  # the item before; the loop's: the last frame
        into = frame_number(reel.reel, first)
        after_fade = frame_number(reel.reel, first + TRANSITION_FRAMES + 3)
        came_from = frame_number(reel.reel, before)
        # the join's first frame is the last picture, barely changed: no cut to a blank page
        assert np.abs(into - came_from).mean() < np.abs(after_fade - came_from).mean() / 2, index


def silences(path: Path) -> list[tuple[float, float]]:
    report = subprocess.run(["ffmpeg", "-nostats", "-i", str(path), "-af", "silencedetect=noise=-40dB:d=1.5",
                             "-f", "null", "-"], capture_output=True, text=True, check=True).stderr
    starts = [float(v) for v in re.findall(r"silence_start: ([\d.]+)", report)]
    ends = [float(v) for v in re.findall(r"silence_end: ([\d.]+)", report)] + [float("inf")]
    return list(zip(starts, ends, strict=False))


@pytest.mark.parametrize("format_name", ["tv-1080p", "vertical"])
def test_no_silence_longer_than_a_second_and_a_half_before_the_closing_hold(clips, format_name):
    result, manifest, _storyboard = clips["made"][format_name]
    outro = manifest["scenes"][-1]
    speech_ends = outro["start"] + outro["duration"] - 1.5  # the closing hold: time to raise a phone to the QR
    dead = [(start, end) for start, end in silences(result.path) if start < speech_ends - 0.1]
    assert dead == [], [(s, e, next(x["key"] for x in manifest["scenes"] if x["start"] <= s < x["start"] +
                                    x["duration"])) for s, e in dead]


def test_the_portal_fills_the_tv_frame_and_its_text_is_large():
    """Computed from the layout and a real capture's scale: the picture's share, the portal's text height."""
    layout = FORMATS["tv-1080p"]
    x0, y0, x1, y1 = layout.picture_box
    assert (x1 - x0) * (y1 - y0) >= 0.70 * layout.width * layout.height
    sidecar = json.loads(next((REPO / "assets/screens/dang-ky-khai-sinh").glob("*.capture.json")).read_text())
    css_width, css_height = sidecar["screen"]["page"]
    window_width, _ = page_window((round(css_width * sidecar["screen"]["scale"]), round(css_height * 2)),
                                  layout.picture_box)
    frame_pixels_per_css_pixel = (x1 - x0) / (window_width * css_width)
    assert 16 * frame_pixels_per_css_pixel >= 20  # the portal's 16 px body text on the 1080p frame (unzoomed)
    phone = FORMATS["vertical"]
    assert phone.picture_box[0] == 0 and phone.picture_box[2] == phone.width  # the phone capture fills the width


def test_a_zoom_keeps_the_target_label_in_view():
    button = (0.83, 0.41, 0.09, 0.08)  # a "Chọn tệp" button at the right of its row
    row = (0.07, 0.40, 0.86, 0.10)  # the row, with the document's name at its left
    for amount in (0.0, 0.5, 1.0):
        x, y, w, h = zoom_view(button, amount, (1.0, 0.7), keep=row)
        assert x <= row[0] and x + w >= row[0] + row[2] and y <= row[1] and y + h >= row[1] + row[3]
    x, _y, w, _h = zoom_view(button, 1.0, (1.0, 0.7))
    assert x > row[0]  # without the row, the zoom would cut the name off


def test_transitions_keep_the_caption_band_and_switch_headings_at_once(clips):
    result, manifest, storyboard = clips["made"]["draft"]
    layout = FORMATS["draft"]
    step = next(i for i, s in enumerate(manifest["scenes"]) if s["key"] == "step-2")
    boundary = round(manifest["scenes"][step]["start"] * FPS)
    frames = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(result.path), "-vf",
         f"select='between(n\\,{boundary - 3}\\,{boundary + TRANSITION_FRAMES + 3})'", "-vsync", "0",
         "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], capture_output=True, check=True).stdout
    pictures = np.frombuffer(frames, dtype=np.uint8).reshape(-1, layout.height, layout.width, 3).astype(float)
    assert len(pictures) == TRANSITION_FRAMES + 7
    band_top, band_bottom = layout.caption_band
    for picture in pictures:  # the band is there in every frame, dark: captions never vanish or flash
        band = picture[band_top + 2:band_bottom - 2]
        assert np.median(band) < 40
    bar = layout.bar - 3  # the heading bar (above its progress line)
    old, new = pictures[0][:bar], pictures[-1][:bar]
    assert np.abs(old - new).mean() > 3  # the two steps' headings differ
    for index, picture in enumerate(pictures):
        heading = picture[:bar]
        nearest = min(np.abs(heading - old).mean(), np.abs(heading - new).mean())
        assert nearest < 1.5, (index, nearest)  # one heading or the other, never both half-seen
    painter = Painter(layout, storyboard.facts, "#0b4f9c", "#d92d20", None, "vi")
    assert painter.caption_region()[1] == band_top


def test_the_title_card_names_the_centre_and_the_outro_shows_the_address_whole(clips):
    _result, _manifest, storyboard = clips["made"]["tv-1080p"]
    assert storyboard.facts.centre == "Trung tâm Phục vụ hành chính công huyện Thử"
    outro = storyboard.scenes[-1]
    assert outro.lines[1] == "dichvucong.example.vn"
    painter = Painter(FORMATS["tv-1080p"], storyboard.facts, "#0b4f9c", "#d92d20", None, "vi")
    card = painter.card(outro)
    assert isinstance(card, Image.Image)
