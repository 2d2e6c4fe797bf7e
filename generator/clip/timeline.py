"""Timeline: what each frame of a scene shows, as numbers (no pixels): transition, cursor, click, zoom, caption.

Every scene opens with a short cross-fade from the previous scene's last picture. A step then
shows its page whole; a cursor (a finger on phones) glides on an eased path from where the previous
step left it to the target, a ripple marks the click while the spotlight comes up, and the view
eases in towards a small target and back out before the next page. Captions change on their cues.

Consecutive frames that look the same form a run: compose encodes a run's picture once and holds it
with skip frames, so only frames in motion cost encoding time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from generator.clip.plan import Scene

FPS = 30
KEYFRAME_FRAMES = 2 * FPS  # a keyframe at least every 2 s, where a TV or a browser can start or seek
LEAD_IN = 0.4  # seconds of picture before the voice starts (the transition plays here)
TAIL = 0.8  # seconds of picture after the voice ends, before the next scene
TRANSITION_FRAMES = 9  # 0.3 s of cross-fade between scenes
GLIDE_FRAMES = 18  # the cursor travels to the target in 0.6 s
CLICK_FRAMES = 10  # the ripple spreads while the spotlight comes up
ZOOM_IN_FRAMES = 14  # about half a second in towards a small target
ZOOM_OUT_FRAMES = ZOOM_IN_FRAMES  # and back out as gently, before the next page
FRAMES_PER_LETTER = 2  # typed text appears at 15 letters a second, as a quick typist types
MAX_TYPING_FRAMES = 60  # a long value types in two seconds at most
SMALL_TARGET = 0.006  # zoomed in on: under 0.6% of the page (the page shows at 1.5x: a 1% button is 230 px wide)
MOTION_PHASES = ("transition", "glide", "click", "type", "zoom-in", "zoom-out")  # every frame of these is drawn
REST_OFFSET = (0.012, 0.02)  # after a click the cursor moves this far off the target's corner (page fractions)
START_POINT = (0.5, 0.92)  # where the cursor enters on a scene's first step: bottom centre of the page

Point = tuple[float, float]
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class FrameState:
    """What one frame shows: the motion phase, the frame within it, and the caption (-1: none)."""

    phase: str  # transition, glide, click, type, zoom-in, hold, zoom-out
    step: int  # frame of the phase (0 for hold)
    caption: int
    target: int = 0  # which of the step's targets a glide or click is for (0: the target, 1...: `then`)


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


@dataclass(frozen=True)
class Motion:
    """How a step moves: where the cursor starts, whether it shows, whether the view zooms."""

    start: Point  # cursor start, as fractions of the screenshot
    target: Box  # the highlight (x, y, w, h) as fractions
    cursor: bool
    zoom: bool
    typing: str = ""  # text typed into the target field after the click
    then: tuple[Box, ...] = ()  # further targets, glided to and pressed in order after the first

    @property
    def typing_frames(self) -> int:
        """Frames the typed text takes to appear."""
        return min(MAX_TYPING_FRAMES, FRAMES_PER_LETTER * len(self.typing))

    @property
    def boxes(self) -> tuple[Box, ...]:
        """Every target in the order the cursor presses them."""
        return (self.target, *self.then)

    @property
    def end(self) -> Point:
        """Where the cursor clicks: the centre of the target."""
        return self.centre(0)

    def centre(self, index: int) -> Point:
        """The centre of target `index`."""
        x, y, w, h = self.boxes[index]
        return x + w / 2, y + h / 2

    def rest_at(self, index: int) -> Point:
        """Where the cursor goes after pressing target `index`: just off its lower right, not over its label."""
        x, y, w, h = self.boxes[index]
        return min(0.99, x + w + REST_OFFSET[0]), min(0.99, y + h + REST_OFFSET[1])

    @property
    def rest(self) -> Point:
        """Where the cursor ends the step: off the last target it pressed."""
        return self.rest_at(len(self.boxes) - 1)

    def phases(self) -> list[tuple[str, int, int]]:
        """The motion phases after the transition: name, frame count, target (hold fills the rest)."""
        phases = [("glide", GLIDE_FRAMES, 0)] if self.cursor else []
        phases.append(("click", CLICK_FRAMES, 0))
        if self.typing:
            phases.append(("type", self.typing_frames, 0))
        for index in range(1, len(self.boxes)):  # each further target: the hand moves on and presses it
            phases += [("glide", GLIDE_FRAMES, index)] if self.cursor else []
            phases.append(("click", CLICK_FRAMES, index))
        if self.zoom:
            phases.append(("zoom-in", ZOOM_IN_FRAMES, 0))
        return phases


@dataclass(frozen=True)
class Look:
    """What a frame of a step looks like: spotlight strength, zoom, cursor position and click ripple (0..1)."""

    spot: float = 0.0
    zoom: float = 0.0
    cursor: Point | None = None
    ripple: float = 0.0
    typed: str | None = None  # the text shown typed into the target field so far (None: the screenshot as it is)
    focus: int = 0  # which target the spotlight is on; while `spot` < 1 on a further one, it moves from the one before


def ease(progress: float) -> float:
    """Cubic ease in and out: starts and stops gently, no jump (0 -> 1)."""
    t = min(1.0, max(0.0, progress))
    return 4 * t * t * t if t < 0.5 else 1 - (-2 * t + 2) ** 3 / 2


def motion_of(scene: Scene, start: Point) -> Motion | None:
    """The motion of a step scene with a screenshot and a highlight, else None (a still scene)."""
    if scene.kind != "step" or scene.highlight is None or scene.screenshot is None:
        return None
    _x, _y, w, h = scene.highlight
    zoom = scene.zoom if scene.zoom is not None else w * h < SMALL_TARGET
    if scene.then:  # several targets: the view shows them all, the cursor goes from one to the next
        zoom = False
    return Motion(start, scene.highlight, scene.cursor, zoom, scene.typing, scene.then)


def look(state: FrameState, motion: Motion | None) -> Look:
    """The look of a step frame in `state` (a still scene has no motion)."""
    if motion is None:
        return Look()
    index = state.target
    cursor_at = motion.centre(index) if motion.cursor else None
    typed = motion.typing or None
    if state.phase == "transition":
        return Look()  # the page appears whole; the cursor comes in with the glide
    if state.phase == "glide":
        t = ease((state.step + 1) / GLIDE_FRAMES)
        (x0, y0), (x1, y1) = (motion.start if index == 0 else motion.rest_at(index - 1)), motion.centre(index)
        arc = 0.06 * (1 - (2 * t - 1) ** 2)  # a gentle curve, as a hand moves, not a ruler line
        point = (x0 + (x1 - x0) * t - arc * (y1 - y0), y0 + (y1 - y0) * t + arc * (x1 - x0))
        if index == 0:
            return Look(cursor=point)
        return Look(spot=1.0, cursor=point, typed=typed, focus=index - 1)  # the last target stays lit meanwhile
    if state.phase == "click":
        progress = (state.step + 1) / CLICK_FRAMES
        if motion.cursor and progress > 0.5:  # the click done, the hand moves off what it pressed
            away = ease((progress - 0.5) * 2)
            (x0, y0), (x1, y1) = motion.centre(index), motion.rest_at(index)
            cursor_at = (x0 + (x1 - x0) * away, y0 + (y1 - y0) * away)
        shown = ("" if index == 0 else typed) if typed else None
        return Look(spot=ease(progress), cursor=cursor_at, ripple=progress, typed=shown, focus=index)
    last = len(motion.boxes) - 1 if state.phase != "type" else 0
    cursor_at = (motion.rest if state.phase != "type" else motion.rest_at(0)) if motion.cursor else None
    if state.phase == "type":
        letters = math.ceil(len(motion.typing) * (state.step + 1) / motion.typing_frames)
        return Look(spot=1.0, cursor=cursor_at, typed=motion.typing[:letters])
    zoom = 1.0 if motion.zoom else 0.0
    if state.phase == "zoom-in":
        zoom = ease((state.step + 1) / ZOOM_IN_FRAMES)
    elif state.phase == "zoom-out":
        zoom = 1 - ease((state.step + 1) / ZOOM_OUT_FRAMES)
    return Look(spot=1.0, zoom=zoom, cursor=cursor_at, typed=typed, focus=last)


def final_look(motion: Motion | None) -> Look:
    """How a scene ends (what the next scene's transition starts from): zoomed back out, cursor on target."""
    if motion is None:
        return Look()
    return Look(spot=1.0, cursor=motion.rest if motion.cursor else None, typed=motion.typing or None,
                focus=len(motion.boxes) - 1)


def runs_of(frames: int, motion: Motion | None, cue_windows: list[tuple[int, int]]) -> list[Run]:
    """The scene's frames as runs of identical states (the per-frame loop costs microseconds)."""
    schedule = [("transition", TRANSITION_FRAMES, 0)] + (motion.phases() if motion else [])
    ending = ZOOM_OUT_FRAMES if motion and motion.zoom else 0
    runs: list[Run] = []
    for frame in range(frames):
        caption = -1
        for index, (start, end) in enumerate(cue_windows):
            if frame >= start and (frame < end or index == len(cue_windows) - 1):
                caption = index
        phase, step, offset, target = "hold", 0, frame, 0
        for name, length, index in schedule:
            if offset < length:
                phase, step, target = name, offset, index
                break
            offset -= length
        if phase == "hold" and frame >= frames - ending:
            phase, step = "zoom-out", frame - (frames - ending)
        state = FrameState(phase, step, caption, target)
        if runs and runs[-1].state == state:
            runs[-1] = Run(state, runs[-1].frames + 1)
        else:
            runs.append(Run(state, 1))
    return runs


def shots_of(runs: list[Run]) -> list[Shot]:
    """The frames x264 encodes: one per run, plus every frame in motion and a keyframe every two seconds."""
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
            moving = run.state.phase in MOTION_PHASES
            frames = 1 if moving else max(1, min(left, KEYFRAME_FRAMES - since_keyframe))
            shots.append(Shot(run.state, keyframe, repeats=frames - 1))
            since_keyframe += frames
            left -= frames
    return shots


def motion_frames(motion: Motion | None) -> int:
    """Frames a scene needs for its motion (the narration may make it longer, never shorter)."""
    schedule = TRANSITION_FRAMES + sum(length for _, length, _ in (motion.phases() if motion else []))
    return schedule + (ZOOM_OUT_FRAMES if motion and motion.zoom else 0) + FPS // 2  # and a moment to look
