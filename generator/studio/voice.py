"""The voice room: the officer reads each scene's text from a teleprompter and records it in the browser.

A take arrives as the browser's own audio (MediaRecorder: WebM/Opus in Chromium, Ogg in Firefox) and
goes through `narration.recordings.save_take` (trimmed, pauses shortened, loudness brought to the
clips' target); the scene's `audio:` is then written through the editor's one change path, so the
file keeps its comments and layout and the diff is one line.
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from generator.errors import GuidegenError
from generator.narration.recordings import (
    SCENE_KEY,
    read_recording,
    recordable_scenes,
    save_take,
    scene_field,
    scene_recording,
    sidecar_path,
    text_digest,
)
from generator.studio.app import Studio, interface_language, page, remember_language
from generator.studio.editor import apply, normaliser

MAX_TAKE_BYTES = 30 * 1024 * 1024  # ten minutes of browser Opus is about 5 MB


def voice_view(studio: Studio, procedure_id: str) -> dict[str, Any]:
    """Every scene a Vietnamese clip speaks, in order, with its text and its take (if any)."""
    catalogue = studio.catalogue()
    procedure = catalogue.procedures.get(procedure_id)
    if procedure is None:
        raise GuidegenError(f"'{procedure_id}' has problems to fix in the editor before its voice can be recorded")
    spoken = normaliser(studio, "vi")
    views = []
    for scene in recordable_scenes(catalogue, procedure_id):
        name = scene_recording(procedure, scene.key)
        take = read_recording(catalogue.asset(name)) if name else None
        views.append({
            "key": scene.key, "heading": scene.heading, "text": scene.narration,
            "spoken": spoken(scene.narration),
            "audio": f"/media/assets/{name}" if name and catalogue.asset(name).is_file() else "",
            "seconds": take.seconds if take else None, "warnings": list(take.warnings) if take else [],
            "stale": bool(take and take.digest != text_digest(scene.narration)),
        })
    title = procedure.title.vi
    return {"id": procedure_id, "title": title, "scenes": views}


def store_take(studio: Studio, procedure_id: str, key: str, take: bytes) -> dict[str, Any]:
    """Save a take for a scene and point the scene's `audio:` at it; return the scene's new state."""
    catalogue = studio.catalogue()
    procedure = catalogue.procedures.get(procedure_id)
    scene = next((s for s in recordable_scenes(catalogue, procedure_id) if s.key == key), None) if procedure else None
    if procedure is None or scene is None:
        raise GuidegenError(f"no scene '{key[:40]}' in this clip")
    recording = save_take(studio.root / "assets", procedure_id, key, take, text=scene.narration)
    field = list(scene_field(procedure, key))
    if scene_recording(procedure, key) != recording.file:
        try:
            outcome = apply(studio, procedure_id, {"op": "set", "path": field, "value": recording.file},
                            dry_run=False)
        except GuidegenError:
            outcome = None
        if outcome is None or outcome.new:  # not written: the take goes too, nothing is left half done
            audio = catalogue.asset(recording.file)
            audio.unlink(missing_ok=True)
            sidecar_path(audio).unlink(missing_ok=True)
            raise GuidegenError("; ".join(p.message for p in outcome.new) if outcome else
                                f"{procedure_id}.yaml could not be written; try again")
    else:
        studio.reload(procedure_id)  # the same file, a new take: its sidecar changed
    return {"ok": True, "key": key, "audio": f"/media/assets/{recording.file}", "seconds": recording.seconds,
            "warnings": list(recording.warnings), "loudness": recording.loudness, "stale": False}


def remove_take(studio: Studio, procedure_id: str, key: str) -> None:
    """Take a scene's recording away: its `audio:` goes from the file, and a studio take's files go too."""
    catalogue = studio.catalogue()
    procedure = catalogue.procedures.get(procedure_id)
    if procedure is None or not SCENE_KEY.fullmatch(key):
        raise GuidegenError(f"no scene '{key[:40]}' to remove")
    name = scene_recording(procedure, key)
    if not name:
        return
    apply(studio, procedure_id, {"op": "set", "path": list(scene_field(procedure, key)), "value": None},
          dry_run=False)
    audio = catalogue.asset(name)
    if audio.is_relative_to(studio.root / "assets" / "voice" / procedure_id) and read_recording(audio):
        audio.unlink(missing_ok=True)  # only a take the studio made (it has a sidecar) is deleted
        sidecar_path(audio).unlink(missing_ok=True)
    studio.reload(procedure_id)


def routes(studio: Studio) -> list[Route]:
    """The voice room's routes."""

    async def room(request: Request) -> Response:
        procedure_id = request.path_params["id"]
        if not studio.procedure_path(procedure_id).is_file():
            return page(request, "missing.html", procedure_id=procedure_id, reason="")
        try:
            view = await run_in_threadpool(voice_view, studio, procedure_id)
        except GuidegenError as error:
            return page(request, "missing.html", procedure_id=procedure_id, reason=str(error))
        return remember_language(request, page(request, "voice.html", view=view,
                                               language=interface_language(request)))

    async def take(request: Request) -> Response:
        procedure_id, key = request.path_params["id"], request.path_params["scene"]
        studio.procedure_path(procedure_id)  # a slug, or refused
        if not SCENE_KEY.fullmatch(key):
            return JSONResponse({"ok": False, "message": "no such scene"}, status_code=404)
        kind = request.headers.get("content-type", "").split(";")[0].strip()
        if not kind.startswith("audio/"):
            return JSONResponse({"ok": False, "message": "send the recording as audio"}, status_code=415)
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_TAKE_BYTES:
                return JSONResponse({"ok": False, "message": "the recording is too long (at most 10 minutes)"},
                                    status_code=413)
        if not body:
            return JSONResponse({"ok": False, "message": "the recording is empty"}, status_code=400)
        try:
            answer = await run_in_threadpool(store_take, studio, procedure_id, key, bytes(body))
        except GuidegenError as error:
            return JSONResponse({"ok": False, "message": str(error)}, status_code=422)
        return JSONResponse(answer)

    async def remove(request: Request) -> Response:
        procedure_id, key = request.path_params["id"], request.path_params["scene"]
        studio.procedure_path(procedure_id)
        try:
            await run_in_threadpool(remove_take, studio, procedure_id, key)
        except GuidegenError as error:
            return JSONResponse({"ok": False, "message": str(error)}, status_code=422)
        return JSONResponse({"ok": True})

    return [Route("/p/{id}/voice", room), Route("/api/p/{id}/voice/{scene}", take, methods=["POST"]),
            Route("/api/p/{id}/voice/{scene}/remove", remove, methods=["POST"])]

