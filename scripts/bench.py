"""Benchmark guidegen on the sample catalogue and print the figures (not a test: nothing asserts).

    python scripts/bench.py                 # narration cold/cached, 1080p clips, bare-ffmpeg ratio, no-op rebuild
    python scripts/bench.py --format draft  # quicker run at 640x360
    python scripts/bench.py --capture-only  # only the capture figures

Figures: narration seconds produced per wall second (cold and cached); clips rendered, video seconds,
wall seconds, real-time factor; the bare-ffmpeg reference (the same frames and durations through the
concat demuxer and the same x264 settings) and our time for that clip; peak RSS; no-op rebuild time;
capture: replaying every sample procedure in one headless Chromium, and `--check` of the same.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator.cache import Cache
from generator.capture.stage import capture
from generator.clip.compose import RenderOptions, plan_scenes, render_clip
from generator.clip.draw import FORMATS, Painter
from generator.clip.encode import encoder_args
from generator.clip.frames import SceneRenderer
from generator.clip.plan import clip_languages, plan
from generator.clip.render import render_catalogue
from generator.clip.timeline import FPS, runs_of
from generator.content.load import load_catalogue
from generator.narration.narrate import Narrator
from generator.tools import ffmpeg_binary

ROOT = Path(__file__).resolve().parents[1]

REFERENCE_CLIP = "dang-ky-khai-sinh"


def narration_figures(catalogue, cache: Cache, pacing: str) -> tuple[float, float, float]:
    """(seconds of speech, cold wall seconds, cached wall seconds) for every scene of every clip."""
    storyboards = [plan(catalogue, pid, lang, pacing) for pid, p in sorted(catalogue.procedures.items())
                   for lang in clip_languages(p, list(catalogue.settings.languages))]
    timings = []
    for _ in ("cold", "cached"):
        narrator = Narrator(catalogue.settings, cache, ROOT)
        started = time.perf_counter()
        speech = sum(p.narration.duration for board in storyboards for p in plan_scenes(board, narrator))
        timings.append(time.perf_counter() - started)
    return speech, timings[0], timings[1]


def bare_ffmpeg_seconds(catalogue, layout, narrator, work: Path) -> float:
    """Encode the reference clip's frames (each distinct image once, with its duration) with plain ffmpeg."""
    storyboard = plan(catalogue, REFERENCE_CLIP, "vi", layout.pacing)
    settings = catalogue.settings
    painter = Painter(layout, storyboard.facts, settings.brand.primary, settings.brand.accent,
                      catalogue.asset(settings.brand.logo), "vi")
    renderer = SceneRenderer(painter, layout)
    lines, number = [], 0
    for scene_plan in plan_scenes(storyboard, narrator, painter):
        stills = renderer.stills(scene_plan.scene)
        for run in runs_of(scene_plan.frames, scene_plan.motion, scene_plan.cue_windows()):
            path = work / f"frame{number:05d}.png"
            renderer.image(scene_plan, run.state, stills).save(path, compress_level=1)
            lines.append(f"file '{path}'\nduration {run.frames / FPS:.9f}")
            number += 1
    lines.append(lines[-1].split("\n")[0])  # the concat demuxer needs the last file twice
    listing = work / "frames.txt"
    listing.write_text("\n".join(lines) + "\n")
    x264 = " ".join(encoder_args(layout)).replace("-threads 1", "").split()  # bare ffmpeg uses every core
    command = [ffmpeg_binary(), "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", str(listing),
               "-vf", f"format=yuv420p,fps={FPS}", *x264, str(work / "bare.mp4")]
    started = time.perf_counter()
    subprocess.run(command, check=True)
    return time.perf_counter() - started


def normaliser_figures(catalogue) -> tuple[float, float]:
    """(ms for a 5,000-character text, s to normalise every scene text of the catalogue), best of 5."""
    from generator.narration.normalise import Normaliser

    storyboards = [plan(catalogue, pid, lang) for pid, p in sorted(catalogue.procedures.items())
                   for lang in clip_languages(p, list(catalogue.settings.languages))]
    texts = [(scene.narration, board.language) for board in storyboards for scene in board.scenes if scene.narration]
    long_text = (" ".join(text for text, language in texts if language == "vi") * 20)[:5000]
    normalisers = {language: Normaliser(language, catalogue.settings.glossary) for language in ("vi", "en")}
    one, everything = [], []
    for _ in range(5):
        started = time.perf_counter()
        normalisers["vi"](long_text)
        one.append(time.perf_counter() - started)
        started = time.perf_counter()
        for text, language in texts:
            normalisers[language](text)
        everything.append(time.perf_counter() - started)
    return min(one) * 1000, min(everything)


def peak_rss() -> float:
    """This process's peak resident memory so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def capture_figures(work: Path) -> None:
    """Capture every sample procedure into a copy of the project, then check it; print the seconds."""
    project = work / "capture"
    shutil.copytree(ROOT / "content", project / "content")
    for folder in ("mock-portal", "fonts", "brand", "forms"):
        shutil.copytree(ROOT / "assets" / folder, project / "assets" / folder)
    catalogue = load_catalogue(ROOT)
    steps = sum(len(p.steps) for p in catalogue.procedures.values())
    for checking in (False, True):
        started = time.perf_counter()
        outcome = capture(project, checking=checking, phone=False)
        seconds = time.perf_counter() - started
        assert not outcome.problems, outcome.problems
        print(f"capture{' --check' if checking else ''}: {len(outcome.done)} procedures, {steps} steps in "
              f"{seconds:.1f} s with one browser (target < 30 s)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", default="tv-1080p", choices=sorted(FORMATS))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--capture-only", action="store_true", help="Only the capture figures.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="guidegen-bench-") as folder:
        capture_figures(Path(folder))
        peaks = {"capture": peak_rss()}
    if args.capture_only:
        return 0
    catalogue = load_catalogue(ROOT)
    layout = FORMATS[args.format]
    with tempfile.TemporaryDirectory(prefix="guidegen-bench-") as folder:
        work = Path(folder)
        cache = Cache(work / "cache")
        speech, cold, cached = narration_figures(catalogue, cache, layout.pacing)
        peaks["narration"] = peak_rss()
        print(f"narration: {speech:.0f} s of speech; cold {cold:.1f} s ({speech / cold:.0f}x real time), "
              f"cached {cached:.2f} s ({speech / cached:.0f}x)")

        options = RenderOptions(work / "output", cache, jobs=args.jobs)
        started = time.perf_counter()
        report = render_catalogue(catalogue, options, formats=[args.format])
        peaks["clips"] = peak_rss()
        wall = time.perf_counter() - started
        video = report.video_seconds
        print(f"clips ({args.format}): {len(report.clips)} clips, {video:.0f} s of video in {wall:.1f} s wall: "
              f"{video / wall:.1f}x real time (target 10x)")
        five_thousand, catalogue_texts = normaliser_figures(catalogue)
        print(f"normaliser: 5,000 characters in {five_thousand:.1f} ms (target < 50 ms); every scene text of the "
              f"catalogue in {catalogue_texts * 1000:.0f} ms = {catalogue_texts / (cold + wall):.2%} of a cold build "
              "(target < 1%)")

        (work / "frames").mkdir()
        narrator = Narrator(catalogue.settings, cache, ROOT)
        bare = bare_ffmpeg_seconds(catalogue, layout, narrator, work / "frames")
        peaks["reference frames"] = peak_rss()
        clear = Cache(work / "cache-ours")
        for entry in (work / "cache" / "narration").rglob("*.wav"):  # narration stays warm, scenes start cold
            target = clear.root / "narration" / entry.parent.name / entry.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(entry.read_bytes())
        ours_options = RenderOptions(work / "output-ours", clear, jobs=args.jobs)
        started = time.perf_counter()
        reference = plan(catalogue, REFERENCE_CLIP, "vi", layout.pacing)
        render_clip(catalogue, reference, layout, Narrator(catalogue.settings, clear, ROOT), ours_options)
        ours = time.perf_counter() - started
        print(f"bare ffmpeg on the same frames ({REFERENCE_CLIP}): {bare:.1f} s; guidegen: {ours:.1f} s; "
              f"ratio {ours / bare:.2f} (target <= 1.3)")

        started = time.perf_counter()
        again = render_catalogue(catalogue, options, formats=[args.format])
        noop = time.perf_counter() - started
        print(f"no-op rebuild: {noop:.2f} s for {len(again.clips)} clips (target < 2 s)")

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    # Linux counts a child's memory at fork as its own, so the child figure is an upper bound for ffmpeg
    print(f"peak RSS: guidegen {own:.0f} MB, largest child process (ffmpeg) at most {children:.0f} MB; "
          "the process's peak after each phase: " + ", ".join(f"{name} {mb:.0f} MB" for name, mb in peaks.items())
          + " (target: clips < 600 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
