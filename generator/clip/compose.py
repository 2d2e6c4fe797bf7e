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

import json
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from generator.cache import Cache, cache_key, file_digest
from generator.clip.draw import Layout, Painter
from generator.clip.frames import ScenePlan, SceneRenderer
from generator.clip.mux import join_clip, mix_soundtrack
from generator.clip.plan import Scene, Storyboard
from generator.clip.text import FONT_BOLD, FONT_REGULAR
from generator.clip.timeline import (
    FPS,
    LEAD_IN,
    START_POINT,
    TAIL,
    Motion,
    motion_frames,
    motion_of,
)
from generator.content.load import Catalogue
from generator.errors import RenderError, ToolError
from generator.fileio import atomic_path, write_text_atomic
from generator.narration.captions import Cue, to_srt, to_webvtt, wrap
from generator.narration.narrate import Narration, Narrator, NotCached

logger = logging.getLogger(__name__)

RENDER_VERSION = 13  # bump when drawing or encoding changes, to re-render every cached scene
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


def plan_scenes(storyboard: Storyboard, narrator: Narrator, painter: Painter | None = None,
                lead: Path | None = None) -> list[ScenePlan]:
    """Narrate every scene and place it on the clip's timeline (captions fitted to `painter`'s format).

    `lead`: a picture the first scene's transition starts from (in a reel, the item before's last frame).
    """
    plans: list[ScenePlan] = []
    start, cursor_at = 0.0, START_POINT
    for scene in storyboard.scenes:
        label = f"{storyboard.procedure_id} {scene.label}"
        if scene.narration or scene.recording:
            narration = narrator.narrate(scene.narration, storyboard.language, label=label, recording=scene.recording)
        else:
            narration = narrator.silence()
        motion = motion_of(scene, cursor_at)
        cursor_at = motion.rest if motion and motion.cursor else START_POINT if scene.kind != "step" else cursor_at
        previous = (plans[-1].scene, plans[-1].motion) if plans else None
        plan = ScenePlan(scene, narration, scene_frames(scene, narration, motion), start,
                         fit_cues(narration.cues, painter), motion, previous, None if plans else lead)
        start += plan.duration
        plans.append(plan)
    return plans


@dataclass(frozen=True)
class ClipPlan:
    """Everything a clip is made of, and the keys that say whether it (and each scene) is made already."""

    painter: Painter
    plans: list[ScenePlan]
    scene_keys: list[str]
    audio_keys: list[tuple[str, float]]
    key: str

    @property
    def duration(self) -> float:
        """The clip's length in seconds."""
        return sum(p.duration for p in self.plans)


def plan_clip(catalogue: Catalogue, storyboard: Storyboard, layout: Layout, narrator: Narrator,
              lead: Path | None = None) -> ClipPlan:
    """Narrate and time a clip's scenes, and key it by everything that affects it."""
    settings = catalogue.settings
    logo = catalogue.asset(settings.brand.logo) if settings.brand.logo else None
    painter = Painter(layout, storyboard.facts, settings.brand.primary, settings.brand.accent, logo,
                      storyboard.language)
    plans = plan_scenes(storyboard, narrator, painter, lead)
    common = {
        "layout": [layout.name, layout.width, layout.height, layout.preset, layout.crf, layout.captions], "fps": FPS,
        "geometry": [layout.bar, layout.caption_band, layout.picture_box, layout.caption_size],
        "fonts": [file_digest(FONT_REGULAR), file_digest(FONT_BOLD)],
        "logo": file_digest(logo) if logo and logo.is_file() else None,
        "brand": [settings.brand.primary, settings.brand.accent], "facts": storyboard.facts.__dict__,
        "language": storyboard.language,
    }
    scene_keys = [_scene_key(plan, common) for plan in plans]
    audio_keys = [(file_digest(p.narration.audio), p.start) for p in plans]
    return ClipPlan(painter, plans, scene_keys, audio_keys, cache_key("clip", RENDER_VERSION, scenes=scene_keys,
                                                                      audio=audio_keys))


def clip_state(catalogue: Catalogue, storyboard: Storyboard, layout: Layout, narrator: Narrator,
               output: Path) -> str:
    """"missing", "stale" or "up to date": whether render would make this clip anew (never renders or speaks)."""
    target = clip_path(output, storyboard.procedure_id, storyboard.language, layout)
    if not target.is_file():
        return "missing"
    try:
        clip = plan_clip(catalogue, storyboard, layout, replace(narrator, cached_only=True))
    except NotCached:  # a narration never made: its text (or its recording) changed
        return "stale"
    return "up to date" if _manifest_key(target.with_suffix(".json")) == clip.key else "stale"


def render_clip(catalogue: Catalogue, storyboard: Storyboard, layout: Layout, narrator: Narrator,
                options: RenderOptions, *, lead: Path | None = None, target: Path | None = None) -> ClipResult:
    """Render (or reuse) one clip with its poster, caption sidecars and manifest.

    `lead` and `target`: a reel's variant of the clip, fading in from the item before, kept apart.
    """
    clip = plan_clip(catalogue, storyboard, layout, narrator, lead)
    painter, plans, scene_keys, audio_keys, clip_key = (clip.painter, clip.plans, clip.scene_keys, clip.audio_keys,
                                                        clip.key)
    target = target or clip_path(options.output, storyboard.procedure_id, storyboard.language, layout)
    manifest_path = target.with_suffix(".json")
    total = clip.duration
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
                     cues=[[c.start, c.end, c.lines] for c in plan.cues],
                     lead=file_digest(plan.lead) if plan.lead else None)


def _identity(scene: Scene, motion: Motion | None) -> dict:
    """Everything about a scene that changes its pictures."""
    return {"kind": scene.kind, "heading": scene.heading, "lines": scene.lines, "highlight": scene.highlight,
            "keep": scene.keep, "then": scene.then,
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
