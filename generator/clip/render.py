"""Render stage: every clip of the catalogue (procedures x languages x formats), with progress."""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.clip.compose import ClipResult, RenderOptions, render_clip
from generator.clip.layout import FORMATS
from generator.clip.plan import clip_languages, plan
from generator.content.load import Catalogue
from generator.errors import GuidegenError
from generator.narration.narrate import Narrator

logger = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]  # (done, total, current clip)


@dataclass
class RenderReport:
    """What a render run did: clips made or reused, failures, timing."""

    clips: list[ClipResult] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    wall_seconds: float = 0.0
    narration: str | None = None  # one line when an engine stood in for another (Narrator.summary)

    @property
    def video_seconds(self) -> float:
        """Seconds of video in all clips of the run."""
        return sum(c.duration for c in self.clips)


def clip_jobs(catalogue: Catalogue, ids: list[str] | None, formats: list[str] | None) -> list[tuple[str, str, str]]:
    """(procedure id, language, format) for every clip to render, in a stable order."""
    unknown = [i for i in ids or [] if i not in catalogue.procedures]
    if unknown:
        raise GuidegenError(f"unknown procedure id(s): {', '.join(unknown)} (see content/procedures/)")
    chosen = formats or list(catalogue.settings.formats)
    bad = [f for f in chosen if f not in FORMATS]
    if bad:
        raise GuidegenError(f"unknown format(s): {', '.join(bad)} (known: {', '.join(FORMATS)})")
    jobs = []
    for procedure_id in ids or sorted(catalogue.procedures):
        procedure = catalogue.procedures[procedure_id]
        for language in clip_languages(procedure, list(catalogue.settings.languages)):
            jobs += [(procedure_id, language, name) for name in chosen]
    return jobs


def render_catalogue(catalogue: Catalogue, options: RenderOptions, *, ids: list[str] | None = None,
                     formats: list[str] | None = None, progress: Progress | None = None,
                     narrator: Narrator | None = None) -> RenderReport:
    """Render every clip; one failing procedure is logged and the rest carry on."""
    narrator = narrator or Narrator(catalogue.settings, options.cache, catalogue.project.root)
    jobs = clip_jobs(catalogue, ids, formats)
    report = RenderReport()
    started = time.perf_counter()
    # Many clips: one clip per worker, scenes in order (no core idles at a clip's join).
    # Few clips: one clip at a time, its scenes in parallel.
    across_clips = len(jobs) >= options.jobs > 1
    inner = replace(options, jobs=1) if across_clips else options

    def one(job: tuple[str, str, str]) -> tuple[str, ClipResult | None, str, float]:
        procedure_id, language, format_name = job
        name = f"{procedure_id} [{language}, {format_name}]"
        clip_started = time.perf_counter()
        try:
            layout = FORMATS[format_name]
            storyboard = plan(catalogue, procedure_id, language, layout.pacing, phone=layout.vertical)
            result = render_clip(catalogue, storyboard, layout, narrator, inner)
        except GuidegenError as error:
            return name, None, str(error), 0.0
        return name, result, "", time.perf_counter() - clip_started

    if progress:
        progress(0, len(jobs), jobs[0][0] if jobs else "")
    with ThreadPoolExecutor(max_workers=options.jobs if across_clips else 1) as pool:
        for done, (name, result, error, seconds) in enumerate(pool.map(one, jobs), start=1):
            if result is None:
                logger.error("could not render %s: %s", name, error)
                report.failures.append(f"{name}: {error}")
            else:
                report.clips.append(result)
                state = "cached" if result.cached else f"rendered ({result.scenes_rendered} scenes)"
                logger.info("%s %s: %.0f s of video in %.1f s", state, name, result.duration, seconds)
            if progress:
                progress(done, len(jobs), jobs[done][0] if done < len(jobs) else "")
    report.wall_seconds = time.perf_counter() - started
    report.narration = narrator.summary()
    return report


VOICE_NAMES = {"recording": "recorded", "piper": "Piper", "gtts": "gTTS", "espeak-ng": "espeak-ng"}
HARD_TO_HEAR = ("tv-1080p", "vertical")  # formats played on a lobby TV or watched on a phone, not at a desk


@dataclass(frozen=True)
class VoiceUse:
    """Which voice speaks how many scenes of one clip."""

    procedure: str
    language: str
    format: str
    voices: tuple[tuple[str, int], ...]  # (voice, scenes), most scenes first


def manifest_voices(manifest: Path) -> tuple[dict, tuple[tuple[str, int], ...]] | None:
    """A clip's manifest and the voices its scenes speak with, most scenes first (None when unreadable)."""
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    counts = Counter(VOICE_NAMES.get(scene.get("engine", ""), str(scene.get("engine", "?")))
                     for scene in data.get("scenes", []))
    return data, tuple(counts.most_common())


def voices_used(clips: list[ClipResult]) -> list[VoiceUse]:
    """Per clip, the voices its scenes speak with, read back from the clip's manifest."""
    found = []
    for clip in clips:
        read = manifest_voices(clip.path.with_suffix(".json"))
        if read is not None:
            data, voices = read
            found.append(VoiceUse(data.get("procedure", clip.path.stem), data.get("language", "?"),
                                  data.get("format", "?"), voices))
    return found


def voice_lines(uses: list[VoiceUse]) -> tuple[list[str], str | None]:
    """Which voice speaks in which format (a line per procedure and language), and the espeak-ng warning.

    The warning comes once, when a TV or phone clip speaks with espeak-ng (hard to understand across a lobby).
    """
    grouped: dict[tuple[str, str], dict[str, list[str]]] = {}
    for use in uses:
        said = ", ".join(f"{voice} {count}" for voice, count in use.voices)
        grouped.setdefault((use.procedure, use.language), {}).setdefault(said, []).append(use.format)
    lines = [f"voices: {procedure} [{language}]: " + "; ".join(f"{', '.join(formats)}: {said}"
                                                              for said, formats in by_voices.items())
             for (procedure, language), by_voices in sorted(grouped.items())]
    robotic = sorted({f"{u.procedure} [{u.language}, {u.format}]" for u in uses
                      if u.format in HARD_TO_HEAR and any(voice == "espeak-ng" for voice, _ in u.voices)})
    warning = None
    if robotic:
        warning = (f"espeak-ng is hard to understand on a lobby TV; record the voice in the studio or install a "
                   f"Piper voice (`guidegen voices` shows how): {len(robotic)} TV/phone clip(s) speak with it, "
                   f"e.g. {robotic[0]}")
    return lines, warning
