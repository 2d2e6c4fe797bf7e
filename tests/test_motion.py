"""Clips that move: pacing per format, a cursor that lands on the target, motion that really happens,
a spotlight that keeps the page readable; checked on real encodes, decoded by ffmpeg."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from generator.cache import Cache
from generator.clip.compose import RenderOptions, plan_scenes, render_clip
from generator.clip.draw import FORMATS, Painter
from generator.clip.frames import SceneRenderer
from generator.clip.plan import plan
from generator.clip.timeline import GLIDE_FRAMES, FrameState, Motion, ease, look
from generator.content.load import load_catalogue
from generator.narration.narrate import Narrator
from tests.conftest import PROCEDURE, ProjectBuilder
from tests.test_compose import frame_at

pytestmark = pytest.mark.slow
DRAFT = FORMATS["draft"]
STEPS = """\
steps:
  - title: Đăng nhập
    narration: Bước 1. Đăng nhập bằng VNeID.
    screenshot: screens/page.png
    highlight: [0.55, 0.60, 0.30, 0.20]
  - title: Tải lên giấy tờ
    narration: Bước 2. Tải lên bản chụp giấy chứng sinh.
    screenshot: screens/page.png
    highlight: [0.10, 0.20, 0.30, 0.20]
"""


def page_with_text(path: Path) -> None:
    """A portal-like page: rows of dark 'text' strokes on white, so contrast can be measured."""
    image = Image.new("RGB", (960, 600), "white")
    pen = ImageDraw.Draw(image)
    for row in range(30, 600, 24):
        for column in range(20, 940, 60):
            pen.rectangle((column, row, column + 40, row + 6), fill=(30, 40, 60))
    image.save(path)


def project(tmp_path: Path, extra: str = "") -> ProjectBuilder:
    builder = ProjectBuilder(tmp_path / "project")
    page_with_text(builder.root / "assets" / "screens" / "page.png")
    text = PROCEDURE[:PROCEDURE.index("steps:")] + STEPS + extra + "updated: 2026-11-20\n"
    builder.procedure(text.replace("  - Giấy chứng sinh\n", "  - Giấy chứng sinh\n  - Tờ khai\n"))
    return builder


def render(builder: ProjectBuilder, format_name: str = "draft"):
    catalogue = load_catalogue(builder.root)
    layout = FORMATS[format_name]
    storyboard = plan(catalogue, "khai-sinh", "vi", layout.pacing)
    narrator = Narrator(catalogue.settings, Cache(builder.root / ".cache"), builder.root)
    result = render_clip(catalogue, storyboard, layout, narrator, RenderOptions(builder.root / "output",
                                                                               Cache(builder.root / ".cache"), 2))
    painter = Painter(layout, storyboard.facts, "#0b4f9c", "#d92d20", None, "vi")
    return result, json.loads(result.path.with_suffix(".json").read_text()), plan_scenes(storyboard, narrator, painter)


def test_the_tv_and_the_phone_reach_step_one_within_seconds(tmp_path):
    builder = project(tmp_path)
    for format_name in ("draft", "vertical"):
        _, manifest, _ = render(builder, format_name)
        keys = [scene["key"] for scene in manifest["scenes"]]
        first_step = next(scene for scene in manifest["scenes"] if scene["kind"] == "step")
        assert first_step["start"] < 12, format_name
        assert keys == ["intro", "step-1", "documents-1", "step-2", "facts", "outro"]  # the checklist before the upload


def test_motion_really_happens_in_every_step(tmp_path):
    result, manifest, _ = render(project(tmp_path))
    for scene in (s for s in manifest["scenes"] if s["kind"] == "step"):
        report = subprocess.run(
            ["ffmpeg", "-v", "info", "-ss", str(scene["start"]), "-t", str(scene["duration"]), "-i", str(result.path),
             "-vf", "mpdecimate=hi=64*4:lo=64*2:frac=0.1,showinfo", "-f", "null", "-"],
            capture_output=True, text=True, check=True).stderr
        distinct = len(re.findall(r"Parsed_showinfo.*n:\s*\d+", report))
        assert distinct >= 15, (scene["key"], distinct)  # a still with a caption change would be 2 or 3


def test_the_cursor_clicks_the_target_then_rests_just_off_it(tmp_path):
    with_cursor, manifest, plans = render(project(tmp_path / "a"))
    without, _, _ = render(project(tmp_path / "b", extra="cursor: false\n"))
    facts = plan(load_catalogue(tmp_path / "a" / "project"), "khai-sinh", "vi", "brief").facts
    painter = Painter(DRAFT, facts, "#0b4f9c", "#d92d20", None, "vi")
    for scene in (s for s in manifest["scenes"] if s["kind"] == "step"):
        seconds = scene["start"] + scene["duration"] - 0.5  # held at rest, after the click
        a = np.asarray(frame_at(with_cursor.path, seconds).convert("L"), dtype=float)
        b = np.asarray(frame_at(without.path, seconds).convert("L"), dtype=float)
        ys, xs = np.nonzero(np.abs(a - b) > 80)  # the cursor (white and black) differs far more than coding noise
        assert len(xs) > 20, scene["key"]
        tip = (xs.min(), ys.min())  # the arrow's tip is its top-left corner
        step = next(p for p in plans if p.scene.key == scene["key"])
        _, box = painter.step_base(step.scene)
        shot = step.scene.screenshot
        rest = painter.cursor_point(step.motion.rest, box, step.scene.highlight, 0.0, shot)
        assert abs(tip[0] - rest[0]) <= 3 and abs(tip[1] - rest[1]) <= 3, (scene["key"], tip, rest)
        left, top, right, bottom = painter.target_box(box, step.scene.highlight, 0.0, shot)
        assert not (left < tip[0] < right and top < tip[1] < bottom), "the cursor must not cover what it clicked"


def test_the_spotlight_keeps_at_least_half_of_the_page_contrast(tmp_path):
    result, manifest, plans = render(project(tmp_path))
    step = next(p for p in plans if p.scene.key == "step-1")
    renderer = SceneRenderer(Painter(DRAFT, plan(load_catalogue(tmp_path / "project"), "khai-sinh", "vi",
                                                 "brief").facts, "#0b4f9c", "#d92d20", None, "vi"), DRAFT)
    _, box = renderer.painter.step_base(step.scene)
    scene = next(s for s in manifest["scenes"] if s["key"] == "step-1")
    before = frame_at(result.path, scene["start"] + 0.35).convert("L")  # the page whole, after the cross-fade
    after = frame_at(result.path, scene["start"] + scene["duration"] - 0.5).convert("L")  # spotlight on
    x0, y0, x1, _ = box
    outside = (x0 + 4, y0 + 4, x0 + (x1 - x0) // 3, y0 + (x1 - x0) // 6)  # top left of the page, far from the target
    kept = np.asarray(after.crop(outside), dtype=float).std() / np.asarray(before.crop(outside), dtype=float).std()
    assert 0.5 <= kept < 0.95, kept  # readable, and yet clearly behind the target


def test_the_cursor_glides_on_an_eased_path_without_jumps():
    motion = Motion((0.1, 0.9), (0.6, 0.2, 0.2, 0.1), cursor=True, zoom=False)
    points = [look(FrameState("glide", step, -1), motion).cursor for step in range(GLIDE_FRAMES)]
    steps = [np.hypot(b[0] - a[0], b[1] - a[1]) for a, b in zip([motion.start, *points], points, strict=False)]
    assert points[-1] == pytest.approx(motion.end)
    assert steps[0] < steps[GLIDE_FRAMES // 2] > steps[-1]  # slow out, fast between, slow in
    assert max(steps) < 3 * sum(steps) / len(steps)  # no jump
    assert ease(0) == 0 and ease(1) == 1 and ease(0.5) == pytest.approx(0.5)


def test_typed_text_appears_letter_by_letter_in_the_target_field(tmp_path):
    builder = project(tmp_path)
    text = (builder.root / "content" / "procedures" / "khai-sinh.yaml").read_text(encoding="utf-8")
    builder.procedure(text.replace("    highlight: [0.10, 0.20, 0.30, 0.20]\n",
                                   "    highlight: [0.10, 0.20, 0.30, 0.20]\n    typing: NGUYỄN VĂN AN\n"))
    result, manifest, plans = render(builder)
    step = next(p for p in plans if p.scene.key == "step-2")
    assert step.motion.typing == "NGUYỄN VĂN AN"
    typed = [look(FrameState("type", n, -1), step.motion).typed for n in range(step.motion.typing_frames)]
    assert typed[0] == "N" and typed[-1] == "NGUYỄN VĂN AN" and all(a in b for a, b in itertools.pairwise(typed))
    scene = next(s for s in manifest["scenes"] if s["key"] == "step-2")
    facts = plan(load_catalogue(builder.root), "khai-sinh", "vi", "brief").facts
    painter = Painter(DRAFT, facts, "#0b4f9c", "#d92d20", None, "vi")
    _, box = painter.step_base(step.scene)
    left, top, right, bottom = (round(v) for v in painter.target_box(box, step.scene.highlight, 0.0,
                                                                     step.scene.screenshot))
    typing_starts = scene["start"] + (9 + 18 + 10) / 30  # transition, glide, click
    moments = [typing_starts + 0.1, typing_starts + step.motion.typing_frames / 60, scene["start"] +
               scene["duration"] - 0.3]  # a letter or two, half the name, the whole name
    crops = [frame_at(result.path, t).convert("L").crop((left, top, right, bottom)) for t in moments]
    ink = [int((np.asarray(image) < 100).sum()) for image in crops]
    assert ink[0] < ink[1] < ink[2] and ink[2] - ink[0] > 100, ink
