"""The catalogue board: every procedure's state at a glance, a new-procedure form, publishing and job progress."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from generator.cache import Cache
from generator.capture.sidecar import default_screenshot
from generator.capture.stage import read_check_report
from generator.clip.compose import clip_state
from generator.clip.layout import FORMATS
from generator.clip.plan import clip_languages, plan
from generator.clip.render import HARD_TO_HEAR, VOICE_NAMES, manifest_voices
from generator.content.load import Catalogue
from generator.content.scaffold import create_procedure_file
from generator.errors import GuidegenError, Problem
from generator.narration.narrate import Narrator, engine_chain
from generator.reel.playlists import load_lobby, reel_items
from generator.studio.app import interface_language, json_body, page, remember_language
from generator.studio.yamledit import Edit

if TYPE_CHECKING:
    from generator.studio.app import Studio

logger = logging.getLogger(__name__)



@dataclass(frozen=True)
class Row:
    """One procedure on the board."""

    id: str
    title: str
    category: str
    problems: list[Problem]
    notes: list[Problem]  # worth knowing, never stop a build: recordings whose text has changed
    captured: int
    capturable: int
    captured_at: str
    check: dict[str, Any] | None
    reels: list[str]
    site_page: str | None

    @property
    def states(self) -> list[str]:
        """Filter words: problems, not-captured (stale is filled in by the page once clip states are known)."""
        found = ["problems"] if self.problems else []
        return found + (["not-captured"] if self.captured < self.capturable else [])


def board_rows(catalogue: Catalogue, language: str) -> list[Row]:
    """Every procedure file (valid or not) with what the board shows of it."""
    root = catalogue.project.root
    reels = _reels_by_procedure(catalogue)
    ids = sorted(set(catalogue.procedures) | catalogue.broken)
    rows = []
    for procedure_id in ids:
        display = f"content/procedures/{procedure_id}.yaml"
        problems = [p for p in catalogue.problems if p.path == display]
        notes = [w for w in catalogue.warnings if w.path == display]
        procedure = catalogue.procedures.get(procedure_id)
        captured = capturable = 0
        latest = 0.0
        if procedure is not None:
            for index, step in enumerate(procedure.steps):
                name = step.screenshot or default_screenshot(procedure_id, index)
                picture = catalogue.asset(name)
                if step.captured or step.screenshot:
                    capturable += 1
                    if picture.is_file():
                        captured += 1
                        latest = max(latest, picture.stat().st_mtime)
        page_file = root / "output" / "site" / "thu-tuc" / f"{procedure_id}.html"
        rows.append(Row(
            procedure_id, procedure.title.get(language) if procedure else procedure_id,
            procedure.category if procedure else "", problems, notes, captured, capturable,
            dt.datetime.fromtimestamp(latest).strftime("%d/%m/%Y %H:%M") if latest else "",
            read_check_report(root, procedure_id), reels.get(procedure_id, []),
            f"/site/thu-tuc/{procedure_id}.html" if page_file.is_file() else None))
    return rows


def _reels_by_procedure(catalogue: Catalogue) -> dict[str, list[str]]:
    try:
        lobby = load_lobby(catalogue)
    except GuidegenError:
        return {}
    found: dict[str, list[str]] = {}
    for playlist in lobby.playlists.values():
        for item in reel_items(catalogue, lobby, playlist):
            if item.kind == "procedure":
                found.setdefault(item.id, []).append(playlist.title.get("vi"))
    return found


Table = dict[str, dict[str, Any]]


def clip_states(catalogue: Catalogue) -> dict[str, Table]:
    """Per procedure and "format language": the clip's state, and which voices speak it.

    States are up to date / stale / missing, for the formats `build` makes; voices are read from the clip
    when it is up to date, else foreseen (its recorded scenes, and the engine the settings put first).
    """
    root = catalogue.project.root
    narrator = Narrator(catalogue.settings, Cache.for_project(root), root, cached_only=True)
    formats = list(dict.fromkeys([*catalogue.settings.formats, "web"]))
    states: Table = {}
    voices: Table = {}
    for procedure_id, procedure in sorted(catalogue.procedures.items()):
        found, spoken = states.setdefault(procedure_id, {}), voices.setdefault(procedure_id, {})
        for language in clip_languages(procedure, list(catalogue.settings.languages)):
            for name in formats:
                layout = FORMATS[name]
                key = f"{name} {language}"
                try:
                    storyboard = plan(catalogue, procedure_id, language, layout.pacing, phone=layout.vertical)
                    found[key] = clip_state(catalogue, storyboard, layout, narrator, root / "output")
                except GuidegenError:
                    found[key] = "stale"
                    continue
                manifest = root / "output" / "clips" / language / f"{procedure_id}.{name}.json"
                read = manifest_voices(manifest) if found[key] == "up to date" else None
                counts = list(read[1]) if read else None
                if counts is None:  # foreseen: the recorded scenes, and the engine the settings put first
                    recorded = sum(scene.recording is not None for scene in storyboard.scenes)
                    choice = catalogue.settings.voice.get(language) or catalogue.settings.voice["vi"]
                    engine = VOICE_NAMES.get(engine_chain(choice)[0], engine_chain(choice)[0])
                    counts = [(v, n) for v, n in (("recorded", recorded),
                                                  (engine, len(storyboard.scenes) - recorded)) if n]
                spoken[key] = {"text": ", ".join(f"{voice} {count}" for voice, count in counts),
                               "robotic": name in HARD_TO_HEAR and any(v == "espeak-ng" for v, _ in counts)}
    return {"states": states, "voices": voices}


class ClipStates:
    """Clip states per catalogue version, computed once (in the background) for the board."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version = -1
        self._states: dict[str, Table] = {}

    def get(self, studio: Studio) -> dict[str, Table]:
        """The states for the catalogue as it is now."""
        with self._lock:
            catalogue = studio.catalogue()
            if self._version != studio.version:
                self._states = clip_states(catalogue)
                self._version = studio.version
            return self._states


def routes(studio: Studio) -> list[Route]:
    """The board's routes."""
    clips = ClipStates()

    async def board(request: Request) -> Response:
        catalogue = studio.catalogue()
        language = interface_language(request)
        categories = [(c.id, c.title.get(language)) for c in catalogue.settings.categories]
        response = page(request, "board.html", rows=board_rows(catalogue, language), categories=categories,
                        site=(studio.root / "output" / "site" / "index.html").is_file())
        return remember_language(request, response)

    async def clip_table(request: Request) -> Response:
        from starlette.concurrency import run_in_threadpool

        return JSONResponse(await run_in_threadpool(clips.get, studio))

    async def new_procedure(request: Request) -> Response:
        body = await json_body(request)
        procedure_id = str(body.get("id", "")).strip()
        catalogue = studio.catalogue()
        try:
            with studio.edit_lock:
                path = create_procedure_file(studio.root, procedure_id, catalogue.settings)
                edit = Edit.open(path)
                for key in ("title", "code", "category"):
                    value = str(body.get(key, "")).strip()
                    if value:
                        edit.set([key], value)
                path.write_text(edit.result(), encoding="utf-8")
        except GuidegenError as error:
            return JSONResponse({"ok": False, "message": str(error)}, status_code=422)
        studio.reload(procedure_id)
        return JSONResponse({"ok": True, "url": f"/p/{procedure_id}"})

    async def publish(request: Request) -> Response:
        await json_body(request)
        try:
            job = studio.jobs.command("build", studio.root, ["build"], lambda _job: studio.catalogue())
        except GuidegenError as error:
            return JSONResponse({"ok": False, "message": str(error)}, status_code=409)
        return JSONResponse({"ok": True, "job": job.id})

    async def job_status(request: Request) -> Response:
        job = studio.jobs.get(request.path_params["job"])
        if job is None:
            return JSONResponse({"ok": False, "message": "no such job"}, status_code=404)
        since = request.query_params.get("since", "0")
        return JSONResponse(job.view(int(since) if since.isdigit() else 0))

    return [Route("/", board), Route("/api/clips", clip_table), Route("/api/new", new_procedure, methods=["POST"]),
            Route("/api/publish", publish, methods=["POST"]), Route("/api/jobs/{job}", job_status)]
