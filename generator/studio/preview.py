"""Previews in the studio: one scene or the whole clip in a chosen format, the storyboard, and re-capture.

A scene preview is the scene the clip is made of: its frames come from the scene cache under the same
key a render uses (made once if missing, and then reused by the next render), muxed alone with its
own narration; so a cached scene plays within a second or two. A whole clip is `render` itself,
written where `render` writes it, under the project lock.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from generator.cache import Cache
from generator.clip.compose import RenderOptions, clip_cues, plan_clip, render_clip
from generator.clip.frames import SceneRenderer
from generator.clip.layout import FORMATS
from generator.clip.mux import join_clip, mix_soundtrack
from generator.clip.plan import plan
from generator.clip.preview import contact_sheet
from generator.errors import GuidegenError
from generator.fileio import write_text_atomic
from generator.narration.captions import to_webvtt
from generator.narration.narrate import Narrator
from generator.studio.app import json_body
from generator.workspace import project_lock

if TYPE_CHECKING:
    from generator.studio.app import Studio
    from generator.studio.jobs import Job

logger = logging.getLogger(__name__)

PREVIEWS = Path("output") / "studio"  # scene previews and storyboards; whole clips go where render puts them
LOCK_WAIT = 5.0


def _ready(studio: Studio, procedure_id: str, format_name: str, language: str) -> tuple[Any, Any, Narrator]:
    catalogue = studio.catalogue()
    if procedure_id not in catalogue.procedures:
        raise GuidegenError(f"{procedure_id} has problems to fix before it can be previewed (see the list above)")
    if format_name not in FORMATS:
        raise GuidegenError(f"unknown format '{format_name}'")
    layout = FORMATS[format_name]
    storyboard = plan(catalogue, procedure_id, language, layout.pacing, phone=layout.vertical)
    return catalogue, storyboard, Narrator(catalogue.settings, Cache.for_project(studio.root), studio.root)


def scene_list(studio: Studio, procedure_id: str, format_name: str, language: str) -> list[dict[str, Any]]:
    """The clip's scenes in this format (what the scene menu offers)."""
    _catalogue, storyboard, _narrator = _ready(studio, procedure_id, format_name, language)
    return [{"index": index, "label": scene.label, "heading": scene.heading}
            for index, scene in enumerate(storyboard.scenes)]


def preview_scene(studio: Studio, procedure_id: str, format_name: str, language: str, index: int,
                  job: Job) -> dict[str, Any]:
    """One scene as a small MP4 with its captions (the scene cache's frames, its own narration)."""
    catalogue, storyboard, narrator = _ready(studio, procedure_id, format_name, language)
    layout = FORMATS[format_name]
    job.say("narration…")
    clip = plan_clip(catalogue, storyboard, layout, narrator)
    if not 0 <= index < len(clip.plans):
        raise GuidegenError(f"no scene {index + 1} in this clip")
    scene_plan, key = clip.plans[index], clip.scene_keys[index]
    cache = narrator.cache
    if cache.lookup("scene", key, ".h264") is None:
        job.say(f"rendering {scene_plan.scene.label}…")
        with cache.store("scene", key, ".h264") as temp:
            SceneRenderer(clip.painter, layout).encode(scene_plan, temp)
    alone = dataclasses.replace(scene_plan, start=0.0)
    folder = studio.root / PREVIEWS / procedure_id
    name = f"{format_name}.{language}.scene-{index + 1}"
    soundtrack = folder / f"{name}.m4a"
    folder.mkdir(parents=True, exist_ok=True)
    job.say("joining…")
    from generator.fileio import atomic_path

    with atomic_path(soundtrack) as temp:
        mix_soundtrack([alone], alone.duration, temp)
    video = folder / f"{name}.mp4"
    join_clip([cache.path("scene", key, ".h264")], soundtrack, alone.duration, video)
    write_text_atomic(video.with_suffix(".vtt"), to_webvtt(clip_cues([alone])))
    return _played(studio, video, alone.duration, scene_plan.scene.label)


def preview_clip(studio: Studio, procedure_id: str, format_name: str, language: str, job: Job) -> dict[str, Any]:
    """The whole clip, rendered as `guidegen render` would (scenes from the cache), where render writes it."""
    catalogue, storyboard, narrator = _ready(studio, procedure_id, format_name, language)
    job.say("rendering the clip (cached scenes are reused)…")
    with project_lock(studio.root, "studio: preview", wait_seconds=LOCK_WAIT):
        result = render_clip(catalogue, storyboard, FORMATS[format_name], narrator,
                             RenderOptions(studio.root / "output", narrator.cache, jobs=2))
    return _played(studio, result.path, result.duration, "clip")


def storyboard_sheet(studio: Studio, procedure_id: str, language: str, job: Job) -> dict[str, Any]:
    """The storyboard contact sheet (every scene's key frame and cursor path) as a PNG."""
    catalogue, storyboard, narrator = _ready(studio, procedure_id, "draft", language)
    target = studio.root / PREVIEWS / procedure_id / f"storyboard.{language}.png"
    job.say("drawing the storyboard…")
    contact_sheet(catalogue, storyboard, narrator, target)
    return {"image": _url(studio, target)}


def _played(studio: Studio, video: Path, duration: float, label: str) -> dict[str, Any]:
    return {"video": _url(studio, video), "captions": _url(studio, video.with_suffix(".vtt")),
            "duration": round(duration, 3), "label": label}


def _url(studio: Studio, path: Path) -> str:
    stamp = int(path.stat().st_mtime_ns // 1_000_000)  # a new render is a new address: no stale video plays
    return f"/media/{path.relative_to(studio.root).as_posix()}?v={stamp}"


def routes(studio: Studio) -> list[Route]:
    """The preview routes: start a preview or a capture, list a clip's scenes."""

    async def start_preview(request: Request) -> Response:
        procedure_id = request.path_params["id"]
        body = await json_body(request)
        format_name = str(body.get("format") or "draft")
        language = "en" if body.get("language") == "en" else "vi"
        what = body.get("what", "clip")
        if what == "storyboard":
            job = studio.jobs.thread("storyboard", lambda job: storyboard_sheet(studio, procedure_id, language, job))
        elif isinstance(what, int) and not isinstance(what, bool):
            job = studio.jobs.thread("preview", lambda job: preview_scene(studio, procedure_id, format_name, language,
                                                                          what, job))
        else:
            job = studio.jobs.thread("preview", lambda job: preview_clip(studio, procedure_id, format_name, language,
                                                                         job))
        return JSONResponse({"ok": True, "job": job.id})

    async def scenes(request: Request) -> Response:
        from starlette.concurrency import run_in_threadpool

        language = "en" if request.query_params.get("lang") == "en" else "vi"
        try:
            found = await run_in_threadpool(scene_list, studio, request.path_params["id"],
                                            request.query_params.get("format", "draft"), language)
        except GuidegenError as error:
            return JSONResponse({"ok": False, "message": str(error)}, status_code=422)
        return JSONResponse({"ok": True, "scenes": found})

    async def recapture(request: Request) -> Response:
        procedure_id = request.path_params["id"]
        await json_body(request)
        if not studio.procedure_path(procedure_id).is_file():
            return JSONResponse({"ok": False, "message": "no such procedure"}, status_code=404)
        try:
            job = studio.jobs.command(f"capture {procedure_id}", studio.root, ["capture", procedure_id],
                                      lambda _job: studio.reload(procedure_id))
        except GuidegenError as error:
            return JSONResponse({"ok": False, "message": str(error)}, status_code=409)
        return JSONResponse({"ok": True, "job": job.id})

    return [Route("/api/p/{id}/preview", start_preview, methods=["POST"]), Route("/api/p/{id}/scenes", scenes),
            Route("/api/p/{id}/capture", recapture, methods=["POST"])]
