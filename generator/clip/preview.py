"""Preview: a storyboard contact sheet (one thumbnail per scene with timing and narration) in seconds."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PIL import Image, ImageDraw

from generator.clip.compose import plan_scenes
from generator.clip.draw import Painter
from generator.clip.frames import ScenePlan, SceneRenderer
from generator.clip.layout import FORMATS, INK, MUTED
from generator.clip.plan import Storyboard
from generator.clip.text import draw_block, fit_text
from generator.clip.timeline import GLIDE_FRAMES, FrameState, final_look, look
from generator.content.load import Catalogue
from generator.fileio import atomic_path
from generator.narration.narrate import Narrator

COLUMNS = 3
GAP = 24
TEXT_HEIGHT = 150  # room under each thumbnail for timing and three lines of narration


def contact_sheet(catalogue: Catalogue, storyboard: Storyboard, narrator: Narrator, target: Path,
                  format_name: str = "draft") -> Path:
    """Write the storyboard of one procedure as a PNG contact sheet."""
    layout = FORMATS[format_name]
    settings = catalogue.settings
    logo = catalogue.asset(settings.brand.logo) if settings.brand.logo else None
    painter = Painter(layout, storyboard.facts, settings.brand.primary, settings.brand.accent, logo,
                      storyboard.language)
    renderer = SceneRenderer(painter, layout)
    plans = plan_scenes(storyboard, narrator, painter)
    thumb_w = 640
    thumb_h = round(thumb_w * layout.height / layout.width)
    rows = -(-len(plans) // COLUMNS)
    sheet = Image.new("RGB", (COLUMNS * (thumb_w + GAP) + GAP, rows * (thumb_h + TEXT_HEIGHT + GAP) + GAP),
                      (255, 255, 255))
    pen = ImageDraw.Draw(sheet)
    for index, plan in enumerate(plans):
        x = GAP + (index % COLUMNS) * (thumb_w + GAP)
        y = GAP + (index // COLUMNS) * (thumb_h + TEXT_HEIGHT + GAP)
        sheet.paste(_key_frame(renderer, plan).resize((thumb_w, thumb_h), Image.Resampling.LANCZOS), (x, y))
        path = [(x + px * thumb_w / layout.width, y + py * thumb_h / layout.height) for px, py in
                _cursor_path(renderer, plan)]
        if path:  # where the cursor glides: a dotted trail from where it enters to where it clicks
            for px, py in path[::2]:
                pen.ellipse((px - 3, py - 3, px + 3, py + 3), fill=painter.accent)
            pen.ellipse((path[-1][0] - 9, path[-1][1] - 9, path[-1][0] + 9, path[-1][1] + 9), outline=painter.accent,
                        width=3)
        pen.rectangle((x - 1, y - 1, x + thumb_w, y + thumb_h), outline=(200, 206, 214))
        timing = (f"{index + 1}. {plan.scene.key}   {plan.start:5.1f}–{plan.start + plan.duration:5.1f} s "
                  f"({plan.duration:.1f} s, {plan.narration.engine})")
        draw_block(pen, fit_text(timing, thumb_w, 30, 20, 16, bold=True, max_lines=1), x, y + thumb_h + 8, INK)
        text = fit_text(plan.scene.narration, thumb_w, TEXT_HEIGHT - 48, 18, 15, max_lines=4)
        draw_block(pen, text, x, y + thumb_h + 42, MUTED)
    with atomic_path(target) as temp:
        sheet.save(temp, format="PNG", optimize=False)
    return target


def _key_frame(renderer: SceneRenderer, plan: ScenePlan) -> Image.Image:
    """The scene as it looks most of the time, unzoomed (so the cursor path lines up): first caption shown."""
    stills = renderer.stills(plan.scene)
    picture, _ = renderer.look(plan.scene, replace(final_look(plan.motion), cursor=None), stills)
    return renderer.painter.with_caption(picture, plan.cues[0].lines) if plan.cues else picture


def _cursor_path(renderer: SceneRenderer, plan: ScenePlan) -> list[tuple[float, float]]:
    """The cursor's positions during its glide, in frame pixels (empty for a scene without a cursor)."""
    motion, scene = plan.motion, plan.scene
    if motion is None or not motion.cursor or scene.highlight is None:
        return []
    stills = renderer.stills(scene)
    assert stills.shot_box is not None
    return [renderer.painter.to_frame(look(FrameState("glide", step, -1), motion).cursor or motion.end,
                                      stills.shot_box, scene.highlight, 0.0, scene.screenshot)
            for step in range(GLIDE_FRAMES)]
