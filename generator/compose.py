"""Compose: storyboard scenes + narration -> TV-safe MP4 clips, cached per scene and per clip.

Speed comes from never encoding a frame that does not change. Each scene is a list of runs (an
image held for n frames, see timeline.py). x264 encodes each run's image once; the rest of the run
is skip frames, which repeat the previous frame and cost a few bytes (see h264.py). Frames in
motion (cross-fades, the cursor, the click, the zoom) are each encoded, and are composed in YUV:
a blend of stills converted once, plus small patches converted on their own. A keyframe starts
every scene and comes at least every two seconds. Scenes are cached as raw H.264 keyed by
everything that affects them; a clip is their byte concatenation, muxed once with one soundtrack
(mux.py).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from PIL import Image

from generator.cache import Cache, cache_key, file_digest
from generator.content.load import Catalogue
from generator.draw import FONT_BOLD, FONT_REGULAR, Layout, Painter
from generator.errors import RenderError, ToolError
from generator.fileio import atomic_path, write_text_atomic
from generator.h264 import BitstreamError, Frame, Renumberer, access_units
from generator.mux import join_clip, mix_soundtrack
from generator.narration.captions import Cue, to_srt, to_webvtt, wrap
from generator.narration.narrate import Narration, Narrator
from generator.plan import Scene, Storyboard
from generator.timeline import (
    FPS,
    LEAD_IN,
    MOTION_PHASES,
    START_POINT,
    TAIL,
    TRANSITION_FRAMES,
    FrameState,
    Look,
    Motion,
    Shot,
    ease,
    final_look,
    look,
    motion_frames,
    motion_of,
    runs_of,
    shots_of,
)
from generator.tools import ffmpeg_binary
from generator.tools import run as run_tool

logger = logging.getLogger(__name__)

RENDER_VERSION = 9  # bump when drawing or encoding changes, to re-render every cached scene
COARSE_PHASES = ("transition", "zoom-in", "zoom-out")  # the whole picture changes every frame: coarse is fine
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
                       coarse: list[int] | None = None) -> list[str]:
    """ffmpeg reading raw YUV 4:2:0 on stdin, writing raw H.264 to `output`.

    Keyframes at the `keyframes` frame indexes; the `coarse` ones (a transition) at a coarse quantiser.
    """
    command = [ffmpeg_binary(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
               "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", f"{layout.width}x{layout.height}", "-r", str(FPS),
               "-i", "-", *encoder_args(layout, coarse)]
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


@dataclass
class ScenePlan:
    """A scene with its narration, frame count, start in the clip, and the captions it burns in."""

    scene: Scene
    narration: Narration
    frames: int
    start: float = 0.0
    cues: tuple[Cue, ...] = ()
    motion: Motion | None = None
    previous: tuple[Scene, Motion | None] | None = None  # the scene before (the transition starts from it)

    def cue_windows(self) -> list[tuple[int, int]]:
        """The frames each caption is shown on."""
        return [(round((LEAD_IN + cue.start) * FPS), round((LEAD_IN + cue.end) * FPS)) for cue in self.cues]

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


def scene_frames(scene: Scene, narration: Narration, motion: Motion | None = None) -> int:
    """Frames of a scene: narration plus padding, never below its reading time or what its motion needs."""
    seconds = max(scene.min_seconds, LEAD_IN + narration.duration + TAIL if narration.duration else 0)
    return max(round(seconds * FPS), motion_frames(motion))


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


@dataclass
class Stills:
    """A scene's still picture and screenshot box, and pictures derived from them once per encode."""

    base: Image.Image
    shot_box: tuple[int, int, int, int] | None
    memo: dict[str, Image.Image] = field(default_factory=dict)
    converted: dict[str, tuple[Image.Image, tuple[Image.Image, ...]]] = field(default_factory=dict)  # RGB + YUV


class SceneRenderer:
    """Draws and encodes the scenes of one storyboard in one format."""

    def __init__(self, painter: Painter, layout: Layout) -> None:
        self.painter = painter
        self.layout = layout

    def image(self, plan: ScenePlan, state: FrameState, stills: Stills) -> Image.Image:
        """The image for one frame state, with its caption."""
        picture, fresh = self._picture(plan, state, stills)
        if state.caption >= 0:
            picture = self.painter.with_caption(picture, plan.cues[state.caption].lines, in_place=fresh)
        return picture

    def picture(self, plan: ScenePlan, state: FrameState, stills: Stills) -> Image.Image:
        """The image for one frame state, before its caption."""
        return self._picture(plan, state, stills)[0]

    def _picture(self, plan: ScenePlan, state: FrameState, stills: Stills) -> tuple[Image.Image, bool]:
        """The picture, and whether it is a new image (which may be drawn on) rather than a shared still."""
        first, fresh = self.look(plan.scene, look(state, plan.motion), stills)
        if state.phase != "transition":
            return first, fresh
        if "before" not in stills.memo:
            stills.memo["before"] = self.last_picture(plan.previous)
        return Image.blend(stills.memo["before"], first, ease((state.step + 1) / TRANSITION_FRAMES)), True

    def look(self, scene: Scene, seen: Look, stills: Stills) -> tuple[Image.Image, bool]:
        """A step as it looks with this spotlight, zoom and cursor; any other scene is its still.

        Also says whether the picture is a new image (to draw on) rather than a shared still.
        """
        if scene.kind != "step" or stills.shot_box is None or scene.highlight is None or scene.screenshot is None:
            return stills.base, False
        painter, fresh = self.painter, True
        if seen.zoom > 0:
            picture = painter.spotlight(stills.base, stills.shot_box, scene.highlight, seen.zoom, scene.screenshot)
        elif 0 < seen.spot < 1:
            picture = Image.blend(stills.base, self._spot(scene, stills), seen.spot)
        else:
            picture, fresh = (self._spot(scene, stills) if seen.spot else stills.base), False
        if seen.typed is not None:
            picture = picture if fresh else picture.copy()
            painter.type_into(picture, painter.target_box(stills.shot_box, scene.highlight, seen.zoom), seen.typed)
            fresh = True
        if seen.cursor is not None:
            picture = picture if fresh else picture.copy()
            painter.pointer(picture, painter.to_frame(seen.cursor, stills.shot_box, scene.highlight, seen.zoom),
                            seen.ripple)
            fresh = True
        return picture, fresh

    def _spot(self, scene: Scene, stills: Stills) -> Image.Image:
        if "spot" not in stills.memo:
            assert stills.shot_box is not None and scene.highlight is not None and scene.screenshot is not None
            stills.memo["spot"] = self.painter.spotlight(stills.base, stills.shot_box, scene.highlight, 0.0,
                                                         scene.screenshot)
        return stills.memo["spot"]

    def last_picture(self, previous: tuple[Scene, Motion | None] | None) -> Image.Image:
        """How the previous scene ends (its last picture without caption), or the background for the first."""
        if previous is None:
            return self.painter.background()
        scene, motion = previous
        return self.look(scene, final_look(motion), self.stills(scene))[0]

    def stills(self, scene: Scene) -> Stills:
        """The scene's still (without emphasis or captions), the screenshot's box, and a memo for derived stills."""
        if scene.kind == "step":
            base, box = self.painter.step_base(scene)
            return Stills(base, box)
        return Stills(self.painter.card(scene), None)

    def encode(self, plan: ScenePlan, target: Path) -> None:
        """Encode the scene to `target`: raw H.264 (Annex B) of exactly plan.frames frames, video only."""
        stills = self.stills(plan.scene)
        shots = shots_of(runs_of(plan.frames, plan.motion, plan.cue_windows()))
        keyframes = [index for index, shot in enumerate(shots) if shot.keyframe]
        coarse = [index for index, shot in enumerate(shots) if shot.state.phase in COARSE_PHASES and not shot.keyframe]
        with tempfile.TemporaryDirectory(prefix="guidegen-scene-") as folder:
            stream = Path(folder) / "shots.h264"
            _pipe_frames(raw_encode_command(self.layout, str(stream), keyframes, coarse),
                         self._frames(plan, shots, stills))
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

    def _frames(self, plan: ScenePlan, shots: list[Shot], stills: Stills) -> Iterator[bytes]:
        """Raw frames: each distinct picture is converted once; a caption change converts only its band."""
        current: FrameState | None = None
        picture_key: tuple[str, int] | None = None
        picture, planes, pixels = stills.base, yuv420_planes(stills.base), b""
        for shot in shots:
            state = shot.state
            if state != current:
                current = state
                if state.phase in MOTION_PHASES:  # a new picture every frame, composed in YUV
                    picture_key = None
                    yield self._moving_frame(plan, state, stills)
                    continue
                if (state.phase, state.step) != picture_key:
                    picture_key = (state.phase, state.step)
                    picture = self.picture(plan, state, stills)
                    planes = yuv420_planes(picture)
                pixels = self._with_caption_planes(plan, state, picture, planes)
            yield pixels

    def _moving_frame(self, plan: ScenePlan, state: FrameState, stills: Stills) -> bytes:
        """A frame in motion, composed in YUV: a blend of two converted stills (or one new picture) and patches.

        The patches (cursor and ripple, caption) are drawn in RGB and converted on their own. Conversion to
        YUV is affine, so blending converted stills equals converting the blend (to a level).
        """
        scene, seen = plan.scene, look(state, plan.motion)
        lower, upper, alpha = self._layers(plan, state, seen, stills)
        planes = [Image.blend(a, b, alpha) for a, b in zip(lower[1], upper[1], strict=True)] if upper else \
            [plane.copy() for plane in lower[1]]

        def patch(box: tuple[int, int, int, int]) -> Image.Image:
            region = lower[0].crop(box)
            return Image.blend(region, upper[0].crop(box), alpha) if upper else region

        drawn: list[tuple[tuple[float, float, float, float], Callable[[Image.Image, int, int], None]]] = []
        painter = self.painter
        if stills.shot_box is not None and scene.highlight is not None:
            if seen.typed is not None:
                target = painter.target_box(stills.shot_box, scene.highlight, seen.zoom)
                drawn.append((target, lambda region, dx, dy, t=target: painter.type_into(
                    region, (t[0] - dx, t[1] - dy, t[2] - dx, t[3] - dy), seen.typed or "")))
            if seen.cursor is not None:
                x, y = painter.to_frame(seen.cursor, stills.shot_box, scene.highlight, seen.zoom)
                reach = self.layout.px(100)
                drawn.append(((x - reach, y - reach, x + reach, y + reach), lambda region, dx, dy, x=x, y=y:
                              painter.pointer(region, (x - dx, y - dy), seen.ripple)))
        if state.caption >= 0:
            top, bottom = painter.caption_rows()
            lines = plan.cues[state.caption].lines
            drawn.append(((0, top, self.layout.width, bottom), lambda region, dx, dy:
                          painter.with_caption(region, lines, in_place=True, offset=dy)))
        for box, draws in _merged(drawn):  # overlapping drawings share one patch, so none erases another
            even = _even_box(box, self.layout)
            region = patch(even)
            for draw in draws:
                draw(region, even[0], even[1])
            _paste_planes(planes, region, even)
        return b"".join(plane.tobytes() for plane in planes)

    def _layers(self, plan: ScenePlan, state: FrameState, seen: Look, stills: Stills) -> tuple[
            tuple[Image.Image, tuple[Image.Image, ...]], tuple[Image.Image, tuple[Image.Image, ...]] | None, float]:
        """The two stills a moving frame blends (RGB and YUV planes of each), and how far (0..1)."""
        memo = stills.converted
        if "base" not in memo:
            memo["base"] = (stills.base, yuv420_planes(stills.base))
        if state.phase == "transition":
            if "before" not in memo:
                before = self.last_picture(plan.previous)
                memo["before"] = (before, yuv420_planes(before))
            return memo["before"], memo["base"], ease((state.step + 1) / TRANSITION_FRAMES)
        if seen.zoom > 0:
            assert stills.shot_box is not None and plan.scene.highlight is not None and plan.scene.screenshot
            zoomed = self.painter.spotlight(stills.base, stills.shot_box, plan.scene.highlight, seen.zoom,
                                            plan.scene.screenshot)
            return (zoomed, yuv420_planes(zoomed)), None, 0.0
        if seen.spot <= 0:
            return memo["base"], None, 0.0
        if "spot" not in memo:
            spot = self._spot(plan.scene, stills)
            memo["spot"] = (spot, yuv420_planes(spot))
        return (memo["base"], memo["spot"], seen.spot) if seen.spot < 1 else (memo["spot"], None, 0.0)

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


def _merged(drawn: list[tuple[tuple[float, float, float, float], Callable[[Image.Image, int, int], None]]]) -> list[
        tuple[tuple[float, float, float, float], list[Callable[[Image.Image, int, int], None]]]]:
    """Drawings grouped by overlapping boxes (in order), each group with the box that covers it."""
    groups: list[tuple[tuple[float, float, float, float], list[Callable[[Image.Image, int, int], None]]]] = []
    for box, draw in drawn:
        for index, (other, draws) in enumerate(groups):
            if box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]:
                union = (min(box[0], other[0]), min(box[1], other[1]), max(box[2], other[2]), max(box[3], other[3]))
                groups[index] = (union, [*draws, draw])
                break
        else:
            groups.append((box, [draw]))
    return groups


def _even_box(box: tuple[float, float, float, float], layout: Layout) -> tuple[int, int, int, int]:
    """A box inside the frame on even coordinates (4:2:0 chroma covers 2x2 pixels)."""
    left, top = max(0, int(box[0]) // 2 * 2), max(0, int(box[1]) // 2 * 2)
    right, bottom = min(layout.width, -(-int(box[2]) // 2) * 2), min(layout.height, -(-int(box[3]) // 2) * 2)
    return left, top, right, bottom


def _paste_planes(planes: list[Image.Image], region: Image.Image, box: tuple[int, int, int, int]) -> None:
    """Convert an RGB region and paste it into the frame's Y, Cb and Cr planes at `box` (even coordinates)."""
    for plane, converted, scale in zip(planes, yuv420_planes(region), (1, 2, 2), strict=True):
        plane.paste(converted, (box[0] // scale, box[1] // scale))


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
    plans: list[ScenePlan] = []
    start, cursor_at = 0.0, START_POINT
    for scene in storyboard.scenes:
        label = f"{storyboard.procedure_id} {scene.label}"
        if scene.narration or scene.recording:
            narration = narrator.narrate(scene.narration, storyboard.language, label=label, recording=scene.recording)
        else:
            narration = narrator.silence()
        motion = motion_of(scene, cursor_at)
        cursor_at = motion.end if motion and motion.cursor else START_POINT if scene.kind != "step" else cursor_at
        previous = (plans[-1].scene, plans[-1].motion) if plans else None
        plan = ScenePlan(scene, narration, scene_frames(scene, narration, motion), start,
                         fit_cues(narration.cues, painter), motion, previous)
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
    join_clip(scene_files, options.cache.path("soundtrack", soundtrack_key, ".m4a"), total, target)
    _write_sidecars(target, plans, renderer, storyboard, clip_key)
    return ClipResult(target, total, cached=False, scenes_rendered=len(missing))


def _scene_key(plan: ScenePlan, common: dict) -> str:
    previous = plan.previous
    return cache_key("scene", RENDER_VERSION, common=common, scene=_identity(plan.scene, plan.motion),
                     previous=_identity(*previous) if previous else None, frames=plan.frames,
                     cues=[[c.start, c.end, c.lines] for c in plan.cues])


def _identity(scene: Scene, motion: Motion | None) -> dict:
    """Everything about a scene that changes its pictures."""
    return {"kind": scene.kind, "heading": scene.heading, "lines": scene.lines, "highlight": scene.highlight,
            "step": [scene.step_number, scene.step_count], "motion": motion.__dict__ if motion else None,
            "screenshot": file_digest(scene.screenshot) if scene.screenshot else None}


def _manifest_key(path: Path) -> str | None:
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("key")
    except (OSError, ValueError):
        return None


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
    poster = renderer.stills(plans[0].scene).base
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
