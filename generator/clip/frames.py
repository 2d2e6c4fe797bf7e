"""Frames: what each frame of a scene looks like, drawn from its stills and its timeline.

Stills (the scene's picture, its spotlit and converted variants) are made once per scene. A frame
in motion is composed in YUV: a blend of two converted stills, plus the small patches that move
(cursor and ripple, typed text, caption), each drawn in RGB and converted on its own.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from generator.clip.cards import line_read
from generator.clip.draw import Layout, Painter
from generator.clip.encode import (
    COARSE_PHASES,
    even_box,
    paste_planes,
    pipe_frames,
    raw_encode_command,
    skip_frame,
    yuv420_planes,
)
from generator.clip.h264 import BitstreamError, Frame, Renumberer, access_units
from generator.clip.plan import Scene
from generator.clip.timeline import (
    FPS,
    LEAD_IN,
    MOTION_PHASES,
    TRANSITION_FRAMES,
    FrameState,
    Look,
    Motion,
    Shot,
    ease,
    final_look,
    look,
    runs_of,
    shots_of,
)
from generator.errors import RenderError
from generator.narration.captions import Cue
from generator.narration.narrate import Narration


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
    lead: Path | None = None  # a picture the transition starts from instead (a reel: the item before's last frame)

    def cue_windows(self) -> list[tuple[int, int]]:
        """The frames each caption is shown on."""
        return [(round((LEAD_IN + cue.start) * FPS), round((LEAD_IN + cue.end) * FPS)) for cue in self.cues]

    @property
    def duration(self) -> float:
        """Exact duration (a whole number of frames)."""
        return self.frames / FPS


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
        reading = self.reading(plan, state)
        if reading >= 0 and state.phase != "transition":  # a card marking the line being read
            key = f"reading-{reading}"
            if key not in stills.memo:
                stills.memo[key] = self.painter.card(plan.scene, reading)
            return stills.memo[key], False
        first, fresh = self.look(plan.scene, look(state, plan.motion), stills)
        if state.phase != "transition":
            return first, fresh
        if "before" not in stills.memo:
            stills.memo["before"] = self.before(plan)
        blended = Image.blend(stills.memo["before"], first, ease((state.step + 1) / TRANSITION_FRAMES))
        bar = (0, 0, self.layout.width, self.layout.bar)
        blended.paste(first.crop(bar), bar[:2])  # the heading switches at once: never two headings at a time
        return blended, True

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
            start = stills.base if seen.focus == 0 else self._spot(scene, stills, seen.focus - 1)
            picture = Image.blend(start, self._spot(scene, stills, seen.focus), seen.spot)
        else:
            picture, fresh = (self._spot(scene, stills, seen.focus) if seen.spot else stills.base), False
        if seen.typed is not None:
            picture = picture if fresh else picture.copy()
            painter.type_into(picture, painter.target_box(stills.shot_box, scene.highlight, seen.zoom,
                                                          scene.screenshot), seen.typed)
            fresh = True
        if seen.cursor is not None:
            picture = picture if fresh else picture.copy()
            painter.pointer(picture, painter.cursor_point(seen.cursor, stills.shot_box, scene.highlight, seen.zoom,
                                                          scene.screenshot), seen.ripple)
            fresh = True
        return picture, fresh

    def _spot(self, scene: Scene, stills: Stills, focus: int = 0) -> Image.Image:
        """The step with target `focus` in the spotlight (0: the target, 1...: its further ones), made once."""
        key = f"spot-{focus}"
        if key not in stills.memo:
            assert stills.shot_box is not None and scene.highlight is not None and scene.screenshot is not None
            box = scene.then[focus - 1] if focus else None
            stills.memo[key] = self.painter.spotlight(stills.base, stills.shot_box, scene.highlight, 0.0,
                                                      scene.screenshot, box)
        return stills.memo[key]

    def reading(self, plan: ScenePlan, state: FrameState) -> int:
        """The line of a documents or facts card the caption of `state` reads (-1: none)."""
        if plan.scene.kind not in ("documents", "facts") or state.caption < 0 or not plan.cues:
            return -1
        return line_read(plan.scene.lines, plan.cues[min(state.caption, len(plan.cues) - 1)].text)

    def before(self, plan: ScenePlan) -> Image.Image:
        """What the scene's transition starts from: its lead picture, or how the scene before it ends."""
        if plan.lead is not None:
            with Image.open(plan.lead) as lead:
                return lead.convert("RGB").resize((self.layout.width, self.layout.height))
        return self.last_picture(plan.previous)

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
        cues = plan.cue_windows() if self.layout.captions else []  # web: captions come from the track
        shots = shots_of(runs_of(plan.frames, plan.motion, cues))
        keyframes = [index for index, shot in enumerate(shots) if shot.keyframe]
        coarse = [index for index, shot in enumerate(shots) if shot.state.phase in COARSE_PHASES and not shot.keyframe]
        with tempfile.TemporaryDirectory(prefix="guidegen-scene-") as folder:
            stream = Path(folder) / "shots.h264"
            pipe_frames(raw_encode_command(self.layout, str(stream), keyframes, coarse),
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
        picture_key: tuple[str, int, int] | None = None
        picture, planes, pixels = stills.base, yuv420_planes(stills.base), b""
        for shot in shots:
            state = shot.state
            if state != current:
                current = state
                if state.phase in MOTION_PHASES:  # a new picture every frame, composed in YUV
                    picture_key = None
                    yield self._moving_frame(plan, state, stills)
                    continue
                if (state.phase, state.step, self.reading(plan, state)) != picture_key:
                    picture_key = (state.phase, state.step, self.reading(plan, state))
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
        if state.phase == "transition" and upper:  # the heading bar switches at once, the picture dissolves
            for plane, new, scale in zip(planes, upper[1], (1, 2, 2), strict=True):
                rows = (0, 0, new.width, self.layout.bar // scale)
                plane.paste(new.crop(rows), rows[:2])

        def patch(box: tuple[int, int, int, int]) -> Image.Image:
            region = lower[0].crop(box)
            return Image.blend(region, upper[0].crop(box), alpha) if upper else region

        drawn: list[tuple[tuple[float, float, float, float], Callable[[Image.Image, int, int], None]]] = []
        painter = self.painter
        if stills.shot_box is not None and scene.highlight is not None and scene.screenshot is not None:
            shot = scene.screenshot
            if seen.typed is not None:
                target = painter.target_box(stills.shot_box, scene.highlight, seen.zoom, shot)
                drawn.append((target, lambda region, dx, dy, t=target: painter.type_into(
                    region, (t[0] - dx, t[1] - dy, t[2] - dx, t[3] - dy), seen.typed or "")))
            if seen.cursor is not None:
                x, y = painter.cursor_point(seen.cursor, stills.shot_box, scene.highlight, seen.zoom, shot)
                reach = self.layout.px(100)
                drawn.append(((x - reach, y - reach, x + reach, y + reach), lambda region, dx, dy, x=x, y=y:
                              painter.pointer(region, (x - dx, y - dy), seen.ripple)))
        if state.caption >= 0:
            top, bottom = painter.caption_rows()
            lines = plan.cues[state.caption].lines
            drawn.append(((0, top, self.layout.width, bottom), lambda region, dx, dy:
                          painter.with_caption(region, lines, in_place=True, offset=dy)))
        for box, draws in merged(drawn):  # overlapping drawings share one patch, so none erases another
            even = even_box(box, self.layout)
            region = patch(even)
            for draw in draws:
                draw(region, even[0], even[1])
            paste_planes(planes, region, even)
        return b"".join(plane.tobytes() for plane in planes)

    def _layers(self, plan: ScenePlan, state: FrameState, seen: Look, stills: Stills) -> tuple[
            tuple[Image.Image, tuple[Image.Image, ...]], tuple[Image.Image, tuple[Image.Image, ...]] | None, float]:
        """The two stills a moving frame blends (RGB and YUV planes of each), and how far (0..1)."""
        memo = stills.converted
        if "base" not in memo:
            memo["base"] = (stills.base, yuv420_planes(stills.base))
        if state.phase == "transition":
            if "before" not in memo:
                before = self.before(plan)
                memo["before"] = (before, yuv420_planes(before))
            return memo["before"], memo["base"], ease((state.step + 1) / TRANSITION_FRAMES)
        if seen.zoom > 0:
            assert stills.shot_box is not None and plan.scene.highlight is not None and plan.scene.screenshot
            zoomed = self.painter.spotlight(stills.base, stills.shot_box, plan.scene.highlight, seen.zoom,
                                            plan.scene.screenshot)
            return (zoomed, yuv420_planes(zoomed)), None, 0.0
        if seen.spot <= 0:
            return memo["base"], None, 0.0
        for focus in {seen.focus, max(0, seen.focus - 1)}:
            if f"spot-{focus}" not in memo:
                spot = self._spot(plan.scene, stills, focus)
                memo[f"spot-{focus}"] = (spot, yuv420_planes(spot))
        lit = memo[f"spot-{seen.focus}"]
        if seen.spot >= 1:
            return lit, None, 0.0
        return (memo["base"] if seen.focus == 0 else memo[f"spot-{seen.focus - 1}"]), lit, seen.spot

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


def merged(drawn: list[tuple[tuple[float, float, float, float], Callable[[Image.Image, int, int], None]]]) -> list[
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
