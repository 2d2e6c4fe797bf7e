"""Compose: storyboard scenes + narration -> TV-safe MP4 clips, cached per scene and per clip.

Speed comes from never encoding a frame that does not change. Each scene is a list of runs (an
image held for n frames). x264 encodes each run's image once; the rest of the run is skip frames,
which repeat the previous frame and cost a few bytes (see h264.py). A keyframe starts every scene
and comes at least every two seconds. Scenes are cached as raw H.264 keyed by everything that
affects them; a clip is their byte concatenation, muxed once with one soundtrack, which moviepy
composes from the scenes' narrations.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import math
import subprocess
import tempfile
import wave
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image

from generator.cache import Cache, cache_key, file_digest
from generator.content.load import Catalogue
from generator.draw import FONT_BOLD, FONT_REGULAR, Layout, Painter, small_highlight
from generator.errors import RenderError, ToolError
from generator.fileio import atomic_path, write_text_atomic
from generator.h264 import BitstreamError, Frame, Renumberer, access_units, leading_parameter_sets
from generator.narration.captions import Cue, to_srt, to_webvtt, wrap
from generator.narration.narrate import Narration, Narrator
from generator.plan import Scene, Storyboard
from generator.tools import ffmpeg, ffmpeg_binary
from generator.tools import run as run_tool

logger = logging.getLogger(__name__)

RENDER_VERSION = 8  # bump when drawing or encoding changes, to re-render every cached scene
FPS = 30
KEYFRAME_FRAMES = 2 * FPS  # a keyframe at least every 2 s, where a TV or a browser can start or seek
LEAD_IN = 0.4  # seconds of picture before the voice starts (the fade-in plays here)
TAIL = 0.8  # seconds of picture after the voice ends, before the next scene
FADE_FRAMES = 8  # short fade from the background at the start of every scene (the transition)
PULSE_FRAMES = 24  # highlight appears and pulses once, a new picture every 6 frames
ZOOM_FRAMES = 12  # zoom towards a small highlight after the pulse, a new picture every 3 frames
AUDIO_RATE = 48_000
AAC_QUALITY = "0.3"  # ffmpeg's AAC in VBR mode: about 55 kb/s on our speech (1.5 was 160 kb/s), faster than CBR
TRANSITION_QP = 36  # frames on screen for 33 ms while the picture blends: coarse is invisible, and cheap
PIPE_BYTES = 1 << 20  # a 1 MB pipe moves raw frames to ffmpeg 3x faster than the 64 KB default


def encoder_args(layout: Layout, coarse: list[int] | None = None) -> list[str]:
    """libx264 settings that every TV accepts (High profile, level 4.1, yuv420p BT.709, 30 fps CFR).

    Every frame starts with an access unit delimiter and every keyframe repeats the stream headers,
    so the stream can be cut into frames and joined again as bytes; one reference frame and no
    weighted prediction, so a skip frame between two encoded frames changes nothing they refer to.
    x264 makes a keyframe only where one is asked for (`keyint=infinite`, no scene cut detection),
    and writes BT.709 primaries, transfer and matrix into the stream itself.
    """
    x264 = ("aud=1:repeat-headers=1:ref=1:weightp=0:keyint=infinite:"
            "colorprim=bt709:transfer=bt709:colormatrix=bt709:range=tv")
    if coarse:  # frames of a transition: a fixed, coarse quantiser (x264 zones of consecutive frames)
        x264 += ":zones=" + "/".join(f"{first},{last},q={TRANSITION_QP}" for first, last in _spans(coarse))
    return ["-c:v", "libx264", "-preset", layout.preset, "-tune", "stillimage", "-crf", str(layout.crf),
            "-profile:v", "high", "-level:v", "4.1", "-pix_fmt", "yuv420p", "-bf", "0",
            "-sc_threshold", "0", "-x264-params", x264, "-r", str(FPS),
            "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv",
            "-threads", "1"]


def _spans(indexes: list[int]) -> list[tuple[int, int]]:
    """[1, 2, 3, 7] -> [(1, 3), (7, 7)]."""
    spans: list[tuple[int, int]] = []
    for index in sorted(indexes):
        if spans and spans[-1][1] == index - 1:
            spans[-1] = (spans[-1][0], index)
        else:
            spans.append((index, index))
    return spans


def raw_encode_command(layout: Layout, output: str, keyframes: list[int] | None = None,
                       filters: str | None = None, coarse: list[int] | None = None) -> list[str]:
    """ffmpeg reading raw YUV 4:2:0 on stdin, writing raw H.264 to `output`.

    Keyframes at the `keyframes` frame indexes; the `coarse` ones (a transition) at a coarse quantiser.
    """
    command = [ffmpeg_binary(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
               "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", f"{layout.width}x{layout.height}", "-r", str(FPS),
               "-i", "-", *(["-vf", filters] if filters else []), *encoder_args(layout, coarse)]
    if keyframes:
        # times rounded down, so that each lands on its own frame and not the next
        command += ["-force_key_frames", ",".join(f"{index * 1_000_000 // FPS / 1e6:.6f}" for index in keyframes)]
    return [*command, "-f", "h264", output]


LUMA_MATRIX = (47 / 256, 157 / 256, 16 / 256, 16)  # BT.709 luma scaled to 219 levels, plus 16
CHROMA_MATRIX = (0, 0, 0, 0,  # BT.709 Cb and Cr scaled to 224 levels, plus 128 (the first channel is unused)
                 -26 / 256, -86 / 256, 112 / 256, 128,
                 112 / 256, -102 / 256, -10 / 256, 128)


def yuv420_planes(image: Image.Image) -> tuple[Image.Image, Image.Image, Image.Image]:
    """Planar YUV 4:2:0, BT.709 limited ("TV") range as HD players assume; computed by Pillow in C.

    Chroma is taken from the 2x2 block average, once per distinct frame.
    """
    rgb = image.convert("RGB")
    _, cb, cr = rgb.reduce(2).convert("RGB", matrix=CHROMA_MATRIX).split()
    return rgb.convert("L", matrix=LUMA_MATRIX), cb, cr


@dataclass(frozen=True)
class FrameState:
    """What one frame shows: animation phase and caption."""

    phase: str  # fade, pulse, zoom, hold
    step: int  # frame of the animation phase (0 for hold)
    caption: int  # index of the cue shown, -1 for none


@dataclass(frozen=True)
class Run:
    """A frame state held for `frames` frames."""

    state: FrameState
    frames: int


@dataclass(frozen=True)
class Shot:
    """One frame x264 encodes, and how many skip frames then hold it on screen."""

    state: FrameState
    keyframe: bool
    repeats: int = 0


@dataclass
class ScenePlan:
    """A scene with its narration, frame count, start in the clip, and the captions it burns in."""

    scene: Scene
    narration: Narration
    frames: int
    start: float = 0.0
    cues: tuple[Cue, ...] = ()

    @property
    def duration(self) -> float:
        """Exact duration (a whole number of frames)."""
        return self.frames / FPS


@dataclass
class ClipResult:
    """A finished clip: where it is, how long, whether it was already up to date."""

    path: Path
    duration: float
    cached: bool
    scenes_rendered: int = 0


def scene_frames(scene: Scene, narration: Narration) -> int:
    """Frames of a scene: narration plus padding, never below its minimum reading time."""
    seconds = max(scene.min_seconds, LEAD_IN + narration.duration + TAIL if narration.duration else 0)
    return round(seconds * FPS)


def shots_of(runs: list[Run]) -> list[Shot]:
    """The frames x264 encodes: one per run, plus every fade frame and a keyframe every two seconds."""
    shots: list[Shot] = []
    since_keyframe = 0
    for index, run in enumerate(runs):
        left = run.frames
        while left:
            # never a keyframe on the scene's last frame: the next scene starts with one, and two in a
            # row from separate encodes could carry the same idr_pic_id, which H.264 forbids
            last_frame = index == len(runs) - 1 and left == 1
            keyframe = not shots or (since_keyframe >= KEYFRAME_FRAMES and not last_frame)
            if keyframe:
                since_keyframe = 0
            frames = 1 if run.state.phase == "fade" else max(1, min(left, KEYFRAME_FRAMES - since_keyframe))
            shots.append(Shot(run.state, keyframe, repeats=frames - 1))
            since_keyframe += frames
            left -= frames
    return shots


@cache
def skip_frame(layout: Layout) -> tuple[Frame, bytes]:
    """An all-skip P-frame made by x264 with our settings, and the parameter sets it belongs to.

    Mid-grey after mid-grey: every sample 128 is exactly what intra prediction guesses with nothing
    to predict from, so the keyframe decodes without error and the next frame has nothing to correct.
    """
    grey = bytes([128]) * (layout.width * layout.height * 3 // 2)
    stream = run_tool(raw_encode_command(layout, "-"), tool="ffmpeg", input_bytes=grey * 2)
    first, second = (Frame.parse(unit) for unit in access_units(stream))
    return second, first.parameter_sets


def runs_of(plan: ScenePlan) -> list[Run]:
    """The scene's frames as runs of identical states (the per-frame loop costs microseconds)."""
    animated = plan.scene.kind == "step" and plan.scene.highlight is not None and plan.scene.screenshot is not None
    zooms = animated and small_highlight(plan.scene.highlight)
    windows = [(round((LEAD_IN + cue.start) * FPS), round((LEAD_IN + cue.end) * FPS)) for cue in plan.cues]
    runs: list[Run] = []
    for frame in range(plan.frames):
        caption = -1
        for index, (start, end) in enumerate(windows):
            if frame >= start and (frame < end or index == len(windows) - 1):
                caption = index
        if frame < FADE_FRAMES:
            state = FrameState("fade", 0, caption)  # one image; ffmpeg's fade filter blends these frames
        elif animated and frame < FADE_FRAMES + PULSE_FRAMES:
            state = FrameState("pulse", (frame - FADE_FRAMES) // 6 * 6 + 3, caption)  # 4 images per pulse
        elif zooms and frame < FADE_FRAMES + PULSE_FRAMES + ZOOM_FRAMES:
            state = FrameState("zoom", (frame - FADE_FRAMES - PULSE_FRAMES) // 3 * 3 + 3, caption)
        else:
            state = FrameState("hold", 0, caption)
        if runs and runs[-1].state == state:
            runs[-1] = Run(state, runs[-1].frames + 1)
        else:
            runs.append(Run(state, 1))
    return runs


class SceneRenderer:
    """Draws and encodes the scenes of one storyboard in one format."""

    def __init__(self, painter: Painter, layout: Layout) -> None:
        self.painter = painter
        self.layout = layout

    def image(self, plan: ScenePlan, state: FrameState, base: Image.Image,
              shot_box: tuple[int, int, int, int] | None) -> Image.Image:
        """The image for one frame state."""
        picture = self.picture(plan, state, base, shot_box)
        if state.caption >= 0:
            picture = self.painter.with_caption(picture, plan.cues[state.caption].lines)
        return picture

    def picture(self, plan: ScenePlan, state: FrameState, base: Image.Image,
                shot_box: tuple[int, int, int, int] | None) -> Image.Image:
        """The image for one frame state, before its caption."""
        scene = plan.scene
        zooms = small_highlight(scene.highlight)
        if scene.kind == "step":
            if state.phase in ("fade", "hold"):
                strength, pulse, zoom = (0.0, 0.0, 0.0) if state.phase == "fade" else (1.0, 0.0, float(zooms))
            elif state.phase == "pulse":
                progress = state.step / PULSE_FRAMES
                strength, pulse, zoom = min(1.0, progress * 2), _bump(progress), 0.0
            else:
                strength, pulse, zoom = 1.0, 0.0, _ease(state.step / ZOOM_FRAMES)
            return self.painter.emphasise(base, shot_box, scene.highlight, strength, pulse, zoom, scene.screenshot)
        return base

    def base(self, scene: Scene) -> tuple[Image.Image, tuple[int, int, int, int] | None]:
        """The scene's still without emphasis or captions."""
        if scene.kind == "step":
            return self.painter.step_base(scene)
        return self.painter.card(scene), None

    def encode(self, plan: ScenePlan, target: Path) -> None:
        """Encode the scene to `target`: raw H.264 (Annex B) of exactly plan.frames frames, video only."""
        base, shot_box = self.base(plan.scene)
        shots = shots_of(runs_of(plan))
        keyframes = [index for index, shot in enumerate(shots) if shot.keyframe]
        blending = [index for index, shot in enumerate(shots) if shot.state.phase == "fade" and not shot.keyframe]
        fade = f"fade=t=in:s=0:n={FADE_FRAMES}:color={self.painter.fade_colour}"
        with tempfile.TemporaryDirectory(prefix="guidegen-scene-") as folder:
            stream = Path(folder) / "shots.h264"
            _pipe_frames(raw_encode_command(self.layout, str(stream), keyframes, fade, blending),
                         self._frames(plan, shots, base, shot_box))
            encoded = stream.read_bytes()
        target.write_bytes(b"".join(self._played(shots, encoded)))

    def _played(self, shots: list[Shot], encoded: bytes) -> Iterator[bytes]:
        """Every frame of the scene: each encoded frame, then its skip frames, numbered in order."""
        try:
            frames = [Frame.parse(unit) for unit in access_units(encoded)]
            skip, parameter_sets = skip_frame(self.layout)
            if len(frames) != len(shots) or frames[0].parameter_sets != parameter_sets:
                raise BitstreamError(f"expected {len(shots)} frames with the skip frame's parameter sets")
            numbering = Renumberer(skip, frames[0].sequence_info())
            for shot, frame in zip(shots, frames, strict=True):
                if shot.keyframe != frame.idr:
                    raise BitstreamError("a keyframe was asked for and not made" if shot.keyframe else
                                         "the encoder made a keyframe that was not asked for")
                yield numbering.frame(frame)
                for _ in range(shot.repeats):
                    yield numbering.repeat()
        except BitstreamError as error:
            raise RenderError(f"unexpected H.264 from the encoder: {error}") from None

    def _frames(self, plan: ScenePlan, shots: list[Shot], base: Image.Image,
                shot_box: tuple[int, int, int, int] | None) -> Iterator[bytes]:
        """Raw frames: each distinct picture is converted once; a caption change converts only its band."""
        current: FrameState | None = None
        picture_key: tuple[str, int] | None = None
        picture, planes, pixels = base, yuv420_planes(base), b""
        for shot in shots:
            state = shot.state
            if state != current:
                current = state
                if (state.phase, state.step) != picture_key:
                    picture_key = (state.phase, state.step)
                    picture = self.picture(plan, state, base, shot_box)
                    planes = yuv420_planes(picture)
                pixels = self._with_caption_planes(plan, state, picture, planes)
            yield pixels

    def _with_caption_planes(self, plan: ScenePlan, state: FrameState, picture: Image.Image,
                             planes: tuple[Image.Image, Image.Image, Image.Image]) -> bytes:
        if state.caption < 0:
            return b"".join(plane.tobytes() for plane in planes)
        top, band = self.painter.caption_band(picture, plan.cues[state.caption].lines)
        pixels = []
        for plane, band_plane, scale in zip(planes, yuv420_planes(band), (1, 2, 2), strict=True):
            plane = plane.copy()
            plane.paste(band_plane, (0, top // scale))
            pixels.append(plane.tobytes())
        return b"".join(pixels)


def _pipe_frames(command: list[str], frames: Iterator[bytes]) -> None:
    """Feed raw frames to an encoder; if making a frame fails, stop the encoder and re-raise at once."""
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdin is not None and process.stderr is not None
    with contextlib.suppress(OSError):
        fcntl.fcntl(process.stdin.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    try:
        for pixels in frames:
            process.stdin.write(pixels)
        process.stdin.close()
    except BrokenPipeError:
        pass  # the encoder stopped early: its exit code and stderr below say why
    except BaseException:
        process.kill()  # an error (or Ctrl-C) while drawing: the encoder must not wait for more input
        process.wait()
        raise
    stderr = process.stderr.read().decode("utf-8", "replace")
    code = process.wait()
    if code != 0:
        raise ToolError("ffmpeg", f"scene encode exited with code {code}", stderr=stderr)


def _bump(progress: float) -> float:
    """0 -> 1 -> 0 over progress 0..1 (one pulse)."""
    return max(0.0, 1 - abs(progress * 2 - 1))


def _ease(progress: float) -> float:
    """Smooth 0 -> 1 (cosine ease in and out)."""
    return 0.5 - 0.5 * math.cos(min(1.0, progress) * math.pi)


# -- whole clips ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class RenderOptions:
    """How a build renders clips (one frozen object, passed explicitly)."""

    output: Path
    cache: Cache
    jobs: int = 2


def clip_path(output: Path, procedure_id: str, language: str, layout: Layout) -> Path:
    """<output>/clips/<lang>/<id>.<format>.mp4."""
    return output / "clips" / language / f"{procedure_id}.{layout.name}.mp4"


def fit_cues(cues: tuple[Cue, ...], painter: Painter | None) -> tuple[Cue, ...]:
    """Split cues that would not fit two caption lines in this format (a phone is narrower than a TV)."""
    if painter is None:
        return cues
    fitted: list[Cue] = []
    for cue in cues:
        words = cue.text.split()
        pieces: list[list[str]] = [[]]
        for word in words:
            if pieces[-1] and not painter.fits_caption(" ".join([*pieces[-1], word])):
                pieces.append([])
            pieces[-1].append(word)
        total = sum(len(" ".join(p)) for p in pieces) or 1
        start = cue.start
        for piece in pieces:
            text = " ".join(piece)
            end = start + (cue.end - cue.start) * len(text) / total
            fitted.append(Cue(round(start, 3), round(end, 3), tuple(wrap(text))))
            start = end
        fitted[-1] = Cue(fitted[-1].start, cue.end, fitted[-1].lines)
    return tuple(fitted)


def plan_scenes(storyboard: Storyboard, narrator: Narrator, painter: Painter | None = None) -> list[ScenePlan]:
    """Narrate every scene and place it on the clip's timeline (captions fitted to `painter`'s format)."""
    plans, start = [], 0.0
    for scene in storyboard.scenes:
        label = f"{storyboard.procedure_id} {scene.label}"
        if scene.narration or scene.recording:
            narration = narrator.narrate(scene.narration, storyboard.language, label=label, recording=scene.recording)
        else:
            narration = narrator.silence()
        plan = ScenePlan(scene, narration, scene_frames(scene, narration), start, fit_cues(narration.cues, painter))
        start += plan.duration
        plans.append(plan)
    return plans


def render_clip(catalogue: Catalogue, storyboard: Storyboard, layout: Layout, narrator: Narrator,
                options: RenderOptions) -> ClipResult:
    """Render (or reuse) one clip with its poster, caption sidecars and manifest."""
    settings = catalogue.settings
    logo = catalogue.asset(settings.brand.logo) if settings.brand.logo else None
    painter = Painter(layout, storyboard.facts, settings.brand.primary, settings.brand.accent, logo,
                      storyboard.language)
    plans = plan_scenes(storyboard, narrator, painter)
    common = {
        "layout": [layout.name, layout.width, layout.height, layout.preset, layout.crf], "fps": FPS,
        "fonts": [file_digest(FONT_REGULAR), file_digest(FONT_BOLD)],
        "logo": file_digest(logo) if logo and logo.is_file() else None,
        "brand": [settings.brand.primary, settings.brand.accent], "facts": storyboard.facts.__dict__,
        "language": storyboard.language,
    }
    scene_keys = [_scene_key(plan, common) for plan in plans]
    audio_keys = [(file_digest(p.narration.audio), p.start) for p in plans]
    clip_key = cache_key("clip", RENDER_VERSION, scenes=scene_keys, audio=audio_keys)
    target = clip_path(options.output, storyboard.procedure_id, storyboard.language, layout)
    manifest_path = target.with_suffix(".json")
    total = sum(p.duration for p in plans)
    if options.cache.enabled and target.is_file() and _manifest_key(manifest_path) == clip_key:
        return ClipResult(target, total, cached=True)

    renderer = SceneRenderer(painter, layout)
    missing = [(plan, key) for plan, key in zip(plans, scene_keys, strict=True)
               if options.cache.lookup("scene", key, ".h264") is None]
    soundtrack_key = cache_key("soundtrack", RENDER_VERSION, audio=audio_keys, total=total)

    def encode(item: tuple[ScenePlan, str]) -> None:
        plan, key = item
        try:
            with options.cache.store("scene", key, ".h264") as temp:
                renderer.encode(plan, temp)
        except (ToolError, OSError) as error:
            message = f"{storyboard.procedure_id} {plan.scene.label}: could not render the scene: {error}"
            raise RenderError(message) from None

    def soundtrack() -> None:
        if options.cache.lookup("soundtrack", soundtrack_key, ".m4a") is None:
            with options.cache.store("soundtrack", soundtrack_key, ".m4a") as temp:
                mix_soundtrack(plans, total, temp)

    with ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
        pending = [pool.submit(soundtrack)] + [pool.submit(encode, item) for item in missing]
        for future in pending:
            future.result()
    scene_files = [options.cache.path("scene", key, ".h264") for key in scene_keys]
    _join(scene_files, options.cache.path("soundtrack", soundtrack_key, ".m4a"), total, target)
    _write_sidecars(target, plans, renderer, storyboard, clip_key)
    return ClipResult(target, total, cached=False, scenes_rendered=len(missing))


def _scene_key(plan: ScenePlan, common: dict) -> str:
    scene = plan.scene
    return cache_key(
        "scene", RENDER_VERSION, common=common, kind=scene.kind, heading=scene.heading, lines=scene.lines,
        highlight=scene.highlight, step=[scene.step_number, scene.step_count], frames=plan.frames,
        screenshot=file_digest(scene.screenshot) if scene.screenshot else None,
        cues=[[c.start, c.end, c.lines] for c in plan.cues],
    )


def _manifest_key(path: Path) -> str | None:
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("key")
    except (OSError, ValueError):
        return None


def mix_soundtrack(plans: list[ScenePlan], total: float, target: Path) -> None:
    """moviepy places each scene's narration at its start; ffmpeg encodes the mix as AAC-LC 48 kHz stereo.

    Narrations go in as arrays: moviepy's file reader fails on short files whose end meets a read chunk.
    """
    from moviepy import AudioArrayClip, CompositeAudioClip

    with tempfile.TemporaryDirectory(prefix="guidegen-mix-") as folder:
        mix = Path(folder) / "soundtrack.wav"
        voices = [AudioArrayClip(read_wav(p.narration.audio), fps=AUDIO_RATE).with_start(p.start + LEAD_IN)
                  for p in plans if p.narration.duration > 0]
        CompositeAudioClip(voices or [AudioArrayClip(np.zeros((1, 2), np.float32), fps=AUDIO_RATE)]).with_duration(
            total).write_audiofile(str(mix), fps=AUDIO_RATE, nbytes=2, buffersize=AUDIO_RATE * 5,
                                   codec="pcm_s16le", logger=None)
        ffmpeg("-i", str(mix), "-c:a", "aac", "-q:a", AAC_QUALITY, "-ar", str(AUDIO_RATE), "-ac", "2",
               "-t", f"{total:.6f}", "-f", "mp4", str(target))


def read_wav(path: Path) -> np.ndarray:
    """A narration WAV (48 kHz 16-bit, as narration/audio.py writes them) as float stereo samples."""
    with wave.open(str(path), "rb") as handle:
        if handle.getframerate() != AUDIO_RATE or handle.getsampwidth() != 2:
            raise RenderError(f"narration audio is not 48 kHz 16-bit: {path}")
        samples = np.frombuffer(handle.readframes(handle.getnframes()), dtype="<i2")
        samples = samples.reshape(-1, handle.getnchannels()).astype(np.float32) / 32768
    return samples if samples.shape[1] == 2 else np.repeat(samples[:, :1], 2, axis=1)


# In the MP4 the parameter sets live once in the sample description (avcC); each sample holds only its
# slice. Access unit delimiters (9), SEI (6), SPS (7) and PPS (8) stay in the cached raw streams, where
# joining as bytes needs them, and are dropped at the final mux.
MP4_SAMPLE_FILTER = "filter_units=remove_types=6|7|8|9"
EXACT_CFR = f"setts=ts=N/({FPS}*TB):duration=1/({FPS}*TB)"


def join_h264(streams: list[Path], target: Path) -> None:
    """Concatenate raw H.264 streams, after checking that they all start with the same parameter sets."""
    expected: bytes | None = None
    with target.open("wb") as joined:
        for path in streams:
            data = path.read_bytes()
            try:
                sets = leading_parameter_sets(data)
            except BitstreamError as error:
                raise RenderError(f"{path.name}: {error}") from None
            if expected is not None and sets != expected:
                raise RenderError(f"{path.name} was encoded with other parameters than {streams[0].name}; "
                                  "render again with --no-cache")
            expected = sets
            joined.write(data)


def mux_command(video: Path, audio_input: list[str], total: float, target: Path,
                audio_codec: list[str]) -> list[str]:
    """ffmpeg muxing a raw H.264 stream and one audio input into a TV-safe MP4 (index first)."""
    return [ffmpeg_binary(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
            "-f", "h264", "-framerate", str(FPS), "-i", str(video), *audio_input,
            "-map", "0:v", "-map", "1:a", "-c:v", "copy", "-bsf:v", f"{MP4_SAMPLE_FILTER},{EXACT_CFR}",
            *audio_codec, "-video_track_timescale", str(FPS * 512), "-t", f"{total:.6f}",
            "-movflags", "+faststart", "-f", "mp4", str(target)]


def _join(scene_files: list[Path], soundtrack: Path, total: float, target: Path) -> None:
    """Join the scenes' H.264 as bytes, then mux it once with the soundtrack."""
    with tempfile.TemporaryDirectory(prefix="guidegen-clip-") as folder:
        video = Path(folder) / "video.h264"
        join_h264(scene_files, video)
        with atomic_path(target) as temp:
            run_tool(mux_command(video, ["-i", str(soundtrack)], total, temp, ["-c:a", "copy"]), tool="ffmpeg")


def clip_cues(plans: list[ScenePlan]) -> list[Cue]:
    """Every scene's cues in clip time (the same cues the frames burn in)."""
    cues = []
    for plan in plans:
        offset = plan.start + LEAD_IN
        last = len(plan.cues) - 1
        for index, cue in enumerate(plan.cues):
            end = plan.start + plan.duration if index == last else offset + cue.end
            cues.append(Cue(round(offset + cue.start, 3), round(end, 3), cue.lines))
    return cues


def _write_sidecars(target: Path, plans: list[ScenePlan], renderer: SceneRenderer, storyboard: Storyboard,
                    key: str) -> None:
    cues = clip_cues(plans)
    write_text_atomic(target.with_suffix(".vtt"), to_webvtt(cues))
    write_text_atomic(target.with_suffix(".srt"), to_srt(cues))
    poster, _ = renderer.base(plans[0].scene)
    with atomic_path(target.with_suffix(".jpg")) as temp:
        poster.save(temp, format="JPEG", quality=85, optimize=True)
    manifest = {
        "key": key, "procedure": storyboard.procedure_id, "language": storyboard.language,
        "format": renderer.layout.name, "duration": round(sum(p.duration for p in plans), 3),
        "scenes": [
            {"key": p.scene.key, "kind": p.scene.kind, "start": round(p.start, 3), "duration": round(p.duration, 3),
             "engine": p.narration.engine, "narration": p.scene.narration}
            for p in plans
        ],
    }
    write_text_atomic(target.with_suffix(".json"), json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
