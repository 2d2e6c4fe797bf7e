"""Real clips rendered tiny: stream parameters, timing, captions, QR, cache and interruption."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from generator.cache import Cache
from generator.clip.compose import RenderOptions, clip_path, plan_scenes, render_clip
from generator.clip.draw import FORMATS, Layout, Painter
from generator.clip.frames import SceneRenderer
from generator.clip.plan import plan
from generator.clip.timeline import FPS, FrameState
from generator.content.load import load_catalogue
from generator.narration.narrate import Narrator
from tests.conftest import PROCEDURE, ProjectBuilder, sample_nal_types

TINY = Layout("tiny", 320, 180, crf=30)
pytestmark = pytest.mark.slow


def ffprobe(path: Path) -> dict:
    out = subprocess.run(["ffprobe", "-v", "error", "-count_frames", "-print_format", "json", "-show_streams",
                          "-show_format", str(path)], capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def frame_at(path: Path, seconds: float) -> Image.Image:
    raw = subprocess.run(["ffmpeg", "-v", "error", "-ss", f"{seconds:.3f}", "-i", str(path), "-frames:v", "1",
                          "-f", "image2pipe", "-vcodec", "png", "-"], capture_output=True, check=True).stdout
    from io import BytesIO

    return Image.open(BytesIO(raw)).convert("RGB")


class Rendered:
    def __init__(self, root: Path, layout: Layout = TINY) -> None:
        self.root = root
        self.layout = layout
        self.catalogue = load_catalogue(root)
        self.cache = Cache(root / ".cache")
        self.narrator = Narrator(self.catalogue.settings, self.cache)
        self.options = RenderOptions(root / "output", self.cache, jobs=2)
        self.storyboard = plan(self.catalogue, "khai-sinh", "vi")
        self.result = self.render()

    def render(self, narrator: Narrator | None = None):
        self.catalogue = load_catalogue(self.root)
        self.storyboard = plan(self.catalogue, "khai-sinh", "vi")
        return render_clip(self.catalogue, self.storyboard, self.layout, narrator or self.narrator, self.options)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Rendered:
    builder = ProjectBuilder(tmp_path_factory.mktemp("clip") / "project")
    builder.procedure()
    return Rendered(builder.root)


def test_clip_is_tv_safe(rendered):
    info = ffprobe(rendered.result.path)
    video = next(s for s in info["streams"] if s["codec_type"] == "video")
    audio = next(s for s in info["streams"] if s["codec_type"] == "audio")
    assert (video["codec_name"], video["profile"], video["pix_fmt"]) == ("h264", "High", "yuv420p")
    assert video["level"] <= 41
    assert (video["width"], video["height"]) == (320, 180)
    assert video["r_frame_rate"] == "30/1" and video["avg_frame_rate"] == "30/1"
    assert (audio["codec_name"], audio["profile"], audio["sample_rate"], audio["channels"]) == ("aac", "LC", "48000", 2)
    data = rendered.result.path.read_bytes()
    assert data.find(b"moov") < data.find(b"mdat"), "index must come first (+faststart)"
    assert (video["color_primaries"], video["color_transfer"], video["color_space"]) == ("bt709",) * 3
    assert sample_nal_types(rendered.result.path, packets=5000) == {1, 5}  # no SEI/SPS/PPS/AUD in samples


def test_duration_is_the_sum_of_the_scenes(rendered):
    manifest = json.loads(rendered.result.path.with_suffix(".json").read_text())
    scene_total = sum(scene["duration"] for scene in manifest["scenes"])
    info = ffprobe(rendered.result.path)
    video = next(s for s in info["streams"] if s["codec_type"] == "video")
    assert abs(float(info["format"]["duration"]) - scene_total) <= 1 / FPS
    assert int(video["nb_read_frames"]) == round(scene_total * FPS)
    assert [s["kind"] for s in manifest["scenes"]] == ["intro", "documents", "step", "step", "outro"]
    assert {s["engine"] for s in manifest["scenes"]} == {"espeak-ng"}


def test_the_whole_clip_decodes_without_errors(rendered):
    done = subprocess.run(["ffmpeg", "-v", "error", "-i", str(rendered.result.path), "-f", "null", "-"],
                          capture_output=True, text=True)
    assert done.returncode == 0 and done.stderr == ""


def test_every_scene_starts_on_a_keyframe_and_keyframes_come_every_two_seconds(rendered):
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v", "-show_entries", "packet=flags,size",
                          "-of", "csv=p=0", str(rendered.result.path)], capture_output=True, text=True, check=True)
    packets = [line.split(",") for line in out.stdout.split()]
    keyframes = [index for index, (_, flags) in enumerate(packets) if flags.startswith("K")]
    manifest = json.loads(rendered.result.path.with_suffix(".json").read_text())
    assert {round(scene["start"] * FPS) for scene in manifest["scenes"]} <= set(keyframes)
    assert max(b - a for a, b in zip(keyframes, [*keyframes[1:], len(packets)], strict=True)) <= 2 * FPS
    sizes = sorted(int(size) for size, _ in packets)
    assert sizes[len(sizes) // 2] < 100, "most frames are skip frames of a few bytes"


def test_sidecars_poster_and_captions_are_written(rendered):
    path = rendered.result.path
    assert path == clip_path(rendered.root / "output", "khai-sinh", "vi", TINY)
    vtt = path.with_suffix(".vtt").read_text()
    assert vtt.startswith("WEBVTT") and "Đăng nhập bằng VNeID." in vtt
    assert path.with_suffix(".srt").read_text().startswith("1\n00:00:00,")
    assert Image.open(path.with_suffix(".jpg")).size == (320, 180)


def test_caption_is_burned_in_at_its_cue_time(rendered):
    painter = Painter(TINY, rendered.storyboard.facts, "#0b4f9c", "#d92d20",
                      rendered.catalogue.asset("brand/logo.png"), "vi")
    plans = plan_scenes(rendered.storyboard, rendered.narrator, painter)
    step = next(p for p in plans if p.scene.key == "step-1")
    cue = step.cues[0]
    from generator.clip.timeline import LEAD_IN

    seconds = step.start + LEAD_IN + (cue.start + cue.end) / 2
    frame = np.asarray(frame_at(rendered.result.path, seconds), dtype=float)
    renderer = SceneRenderer(painter, TINY)
    stills = renderer.stills(step.scene)
    with_caption = np.asarray(renderer.image(step, FrameState("hold", 0, 0), stills), dtype=float)
    without = np.asarray(renderer.image(step, FrameState("hold", 0, -1), stills), dtype=float)
    text = np.abs(with_caption - without).max(axis=2) > 60  # the caption's letters (the band is always there)
    assert text.sum() > 50
    near = np.abs(frame - with_caption)[text].mean()
    far = np.abs(frame - without)[text].mean()
    assert far > 3 * near, (near, far)


def test_rebuild_with_nothing_changed_renders_nothing(rendered):
    narrator = Narrator(rendered.catalogue.settings, rendered.cache)
    again = rendered.render(narrator)
    assert again.cached and narrator.synthesised == 0


def test_editing_one_step_re_renders_only_that_scene(tmp_path):
    builder = ProjectBuilder(tmp_path / "project")
    builder.procedure()
    clip = Rendered(builder.root)
    builder.procedure(PROCEDURE.replace("Bước 1. Đăng nhập bằng VNeID.", "Bước 1. Đăng nhập bằng tài khoản VNeID."))
    narrator = Narrator(clip.catalogue.settings, clip.cache)
    result = clip.render(narrator)
    assert not result.cached
    assert result.scenes_rendered == 1 and narrator.synthesised == 1


def test_a_killed_join_keeps_the_old_clip_and_the_next_build_repairs(tmp_path, monkeypatch):
    builder = ProjectBuilder(tmp_path / "project")
    builder.procedure()
    clip = Rendered(builder.root)
    before = clip.result.path.read_bytes()
    builder.procedure(PROCEDURE.replace("Nộp hồ sơ\n", "Nộp hồ sơ trực tuyến\n"))
    import generator.clip.mux as compose  # the final mux, where a kill would leave a half file

    real_run = compose.run_tool

    def killed(command, **kwargs):
        if "+faststart" in command:
            Path(command[-1]).write_bytes(b"\x00\x00\x00\x18ftypmp42 truncated")
            raise KeyboardInterrupt
        return real_run(command, **kwargs)

    monkeypatch.setattr(compose, "run_tool", killed)
    with pytest.raises(KeyboardInterrupt):
        clip.render()
    assert clip.result.path.read_bytes() == before
    assert not [p for p in clip.result.path.parent.iterdir() if ".part" in p.name]
    monkeypatch.setattr(compose, "run_tool", real_run)
    repaired = clip.render()
    assert not repaired.cached and repaired.path.read_bytes() != before


def test_outro_qr_code_in_the_video_decodes_to_the_portal(tmp_path):
    import zxingcpp

    builder = ProjectBuilder(tmp_path / "project")
    builder.procedure()
    clip = Rendered(builder.root, FORMATS["draft"])
    manifest = json.loads(clip.result.path.with_suffix(".json").read_text())
    outro = manifest["scenes"][-1]
    frame = frame_at(clip.result.path, outro["start"] + outro["duration"] - 0.5)
    results = zxingcpp.read_barcodes(frame)
    assert [r.text for r in results] == ["https://dichvucong.example.vn/khai-sinh"]


def test_vertical_format_has_its_own_layout(tmp_path):
    builder = ProjectBuilder(tmp_path / "project")
    builder.procedure()
    vertical = Layout("tiny-vertical", 180, 320, vertical=True, crf=30)
    clip = Rendered(builder.root, vertical)
    video = next(s for s in ffprobe(clip.result.path)["streams"] if s["codec_type"] == "video")
    assert (video["width"], video["height"]) == (180, 320)
    painter = Painter(vertical, clip.storyboard.facts, "#0b4f9c", "#d92d20", None, "vi")
    step = next(s for s in clip.storyboard.scenes if s.kind == "step")
    _, shot_box = painter.step_base(step)
    assert shot_box[3] <= painter.caption_region()[1], "screenshot on top, captions below"


def test_captions_are_split_to_fit_a_narrow_phone_frame(rendered):
    from generator.clip.compose import fit_cues
    from generator.narration.captions import Cue

    phone = Painter(FORMATS["vertical"], rendered.storyboard.facts, "#0b4f9c", "#d92d20", None, "vi")
    long_cue = Cue(0.0, 6.0, ("Trích lục ghi chú ly hôn (nếu đã từng kết", "hôn và ly hôn ở nước ngoài) rồi nộp"))
    fitted = fit_cues((long_cue,), phone)
    assert len(fitted) == 2
    assert " ".join(c.text for c in fitted) == long_cue.text
    assert all(phone.fits_caption(c.text) for c in fitted)
    assert fitted[0].start == 0.0 and fitted[-1].end == 6.0


@pytest.mark.browser
def test_chromium_plays_the_clip_to_the_end_and_shows_the_same_pictures_as_ffmpeg(rendered):
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    folder = rendered.result.path.parent
    # loaded as a blob: Python's test server cannot answer range requests, which seeking needs
    (folder / "play.html").write_text(f'<video id="v" muted></video><script>fetch("{rendered.result.path.name}")'
                                      '.then(r => r.blob()).then(b => v.src = URL.createObjectURL(b))</script>')
    manifest = json.loads(rendered.result.path.with_suffix(".json").read_text())
    step = next(scene for scene in manifest["scenes"] if scene["key"] == "step-2")
    seconds = step["start"] + step["duration"] - 0.3  # deep in a hold: skip frames after the last change
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/play.html")
            pixels = page.evaluate("""async (seconds) => {
                const video = document.getElementById('v');
                await new Promise(done => video.readyState >= 1 ? done() : video.onloadedmetadata = done);
                video.currentTime = seconds;
                await new Promise(done => video.onseeked = done);
                const canvas = document.createElement('canvas');
                canvas.width = video.videoWidth; canvas.height = video.videoHeight;
                const context = canvas.getContext('2d');
                context.drawImage(video, 0, 0);
                return Array.from(context.getImageData(0, 0, canvas.width, canvas.height).data);
            }""", seconds)
            played = page.evaluate("""async () => {
                const video = document.getElementById('v');
                video.currentTime = 0; video.playbackRate = 16;
                await video.play();
                await new Promise(done => video.onended = done);
                const quality = video.getVideoPlaybackQuality();
                return {error: video.error && video.error.code, corrupted: quality.corruptedVideoFrames,
                        ended: video.ended, time: video.currentTime};
            }""")
            browser.close()
    finally:
        httpd.shutdown()
    shown = np.array(pixels, dtype=float).reshape(180, 320, 4)[..., :3]
    expected = np.asarray(frame_at(rendered.result.path, seconds), dtype=float)
    assert np.abs(shown - expected).mean() < 4  # two decoders, two YUV->RGB roundings
    assert played["error"] is None and played["corrupted"] == 0 and played["ended"]
    assert played["time"] == pytest.approx(float(manifest["duration"]), abs=0.1)


@pytest.mark.parametrize("lengths", [[8, 12, 300], [8, 52, 1], [8, 112, 1], [8, 6, 6, 61], [1], [8, 173]])
def test_shots_cover_every_frame_with_a_keyframe_first_and_every_two_seconds(lengths):
    from generator.clip.timeline import KEYFRAME_FRAMES, Run, shots_of

    runs = [Run(FrameState("transition" if index == 0 else "hold", 0, index), frames)
            for index, frames in enumerate(lengths)]
    shots = shots_of(runs)
    assert sum(1 + shot.repeats for shot in shots) == sum(lengths)
    assert shots[0].keyframe and not (len(shots) > 1 and shots[-1].keyframe and shots[-1].repeats == 0)
    starts = [sum(1 + s.repeats for s in shots[:i]) for i, shot in enumerate(shots) if shot.keyframe]
    assert max(b - a for a, b in zip(starts, [*starts[1:], sum(lengths) - 1], strict=True)) <= KEYFRAME_FRAMES
    assert all(shot.repeats == 0 for shot in shots if shot.state.phase == "transition")  # each is its own picture


@pytest.mark.parametrize("layout", [[(0.0, 1.3)], [(0.0, 0.2), (3.0, 0.2), (4.4, 1.3)],
                                    [(0.0, 0.9), (2.1, 0.66), (3.967, 1.0), (6.167, 0.66)]])
def test_soundtrack_mixes_short_narrations_wherever_they_fall(tmp_path, layout):
    """Layouts on which moviepy's file reader failed (a read chunk meeting the end of a short file)."""
    import wave
    from types import SimpleNamespace

    from generator.clip.mux import mix_soundtrack

    plans = []
    for index, (start, seconds) in enumerate(layout):
        path = tmp_path / f"{index}.wav"
        with wave.open(str(path), "wb") as handle:
            handle.setnchannels(1), handle.setsampwidth(2), handle.setframerate(48_000)
            handle.writeframes(b"\x10\x20" * round(seconds * 48_000))
        plans.append(SimpleNamespace(narration=SimpleNamespace(audio=path, duration=seconds), start=start))
    total = layout[-1][0] + layout[-1][1] + 1.2
    target = tmp_path / "mix.m4a"
    mix_soundtrack(plans, total, target)
    assert float(ffprobe(target)["format"]["duration"]) == pytest.approx(total, abs=0.05)


def test_one_broken_procedure_never_stops_the_others(tmp_path):
    from click.testing import CliRunner

    from generator.cli import main

    builder = ProjectBuilder(tmp_path / "project")
    builder.procedure()
    builder.procedure(PROCEDURE.replace("id: khai-sinh", "id: hong").replace("2026-11-20", "2026-02-30"), "hong")
    result = CliRunner(mix_stderr=False).invoke(
        main, ["--project", str(builder.root), "render", "-f", "draft"], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == ("content/procedures/hong.yaml:19:10: updated: '2026-02-30' is not a valid "
                                             "date (YYYY-MM-DD): day is out of range for month")
    assert (builder.root / "output" / "clips" / "vi" / "khai-sinh.draft.mp4").is_file()
