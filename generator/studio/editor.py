"""The procedure editor: facts as a form, steps as cards; every change validated as `check` does, then written.

The page is built from the file's round-trip tree, not from the validated model, so a file with
problems opens too (its problems shown at their fields). A change (set, insert, delete, move) is made
on the tree, the new text is validated by the loader (`check_procedure_text`: the same checks and
messages as `guidegen check`), and written only when it brings no new problem: atomically, under the
project lock, and only if the file is still the version the page was showing.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from generator.cache import Cache
from generator.capture.locators import quoted
from generator.capture.sidecar import default_screenshot, read_sidecar
from generator.capture.stage import read_check_report
from generator.content.load import check_procedure_text, check_settings_text
from generator.content.yamlsource import format_location
from generator.errors import GuidegenError, Problem
from generator.fileio import write_text_atomic
from generator.narration.lexicon import DEFAULT_GLOSSARY
from generator.narration.narrate import Narrator
from generator.narration.normalise import Normaliser
from generator.studio.app import interface_language, json_body, page, remember_language
from generator.studio.yamledit import ChangedOnDisk, Edit, EditError, digest
from generator.workspace import project_lock

if TYPE_CHECKING:
    from generator.studio.app import Studio

logger = logging.getLogger(__name__)

LOCK_WAIT = 2.0  # seconds an edit waits for the project lock (a build holds it for minutes: say so instead)
TEXTS = ("title", "summary", "agency", "decided_by", "applicants", "fee", "processing_time", "in_person",
         "offline")  # vi + en
PLAIN = ("code", "portal_url", "document_sets")
TEXT_LISTS = ("conditions",)
RECORDS = {  # list of records: field -> kind (text, number, flag, plain, channel)
    "documents": {"name": "text", "originals": "number", "copies": "number", "shown": "flag", "case": "text"},
    "ways": {"channel": "channel", "processing_time": "text", "fee": "text", "note": "text"},
    "legal_basis": {"name": "text", "url": "plain"},
}
NAMED = ("documents", "legal_basis")  # records written as their plain name when they have nothing else
OBJECTS = {"result": ("paper", "delivery"), "office": ("name", "address", "hours")}
STEP_TEXTS = ("title", "narration")
NUMBERS = ("originals", "copies", "fee_amount", "document_sets")


@dataclass(frozen=True)
class Outcome:
    """What an edit came to: written or not, the file's version, its problems, what is new."""

    written: bool
    version: str
    problems: list[Problem]
    new: list[Problem]


def bilingual(node: Any) -> dict[str, str]:
    """A text node as {vi, en} (a plain string is Vietnamese)."""
    if isinstance(node, dict):
        return {"vi": str(node.get("vi") or ""), "en": str(node.get("en") or "")}
    return {"vi": "" if node is None else str(node), "en": ""}


def apply(studio: Studio, procedure_id: str, change: dict[str, Any], *, dry_run: bool) -> Outcome:
    """Make one change to a procedure file; write it unless it is a dry run or brings a new problem."""
    path = studio.procedure_path(procedure_id)
    if not path.is_file():
        raise EditError(f"no procedure '{procedure_id}'")
    with studio.edit_lock:
        edit = Edit.open(path, change.get("version"))
        _change(edit, change)
        text = edit.result()
        catalogue = studio.catalogue()
        _procedure, problems = check_procedure_text(catalogue, path, text)
        before = Counter(p.message for p in catalogue.problems if p.path == catalogue.project.display(path))
        after = Counter(p.message for p in problems)
        new_messages = after - before
        new = [p for p in problems if new_messages[p.message] > 0 and not p.note]  # a note never blocks a write
        if dry_run or new or text == edit.text:
            return Outcome(False, edit.version, problems, new)
        _write(studio, path, edit, text, "studio: edit")
        studio.reload(procedure_id)
        return Outcome(True, digest(text), problems, [])


def _write(studio: Studio, path: Path, edit: Edit, text: str, holder: str) -> None:
    """Write an edited file under the project lock, only if it is still the version the edit was made on."""
    with project_lock(studio.root, holder, wait_seconds=LOCK_WAIT):
        if digest(path.read_text(encoding="utf-8")) != edit.version:  # changed while we validated
            raise ChangedOnDisk(f"{path.name} changed on disk meanwhile; reload and make your change again")
        write_text_atomic(path, text)


def reformat_file(studio: Studio, procedure_id: str, version: str) -> None:
    """Write a file the studio cannot keep exactly in the studio's layout, once, at the officer's request.

    Only the layout changes: the new text is read back and must hold exactly the same values.
    """
    import yaml

    path = studio.procedure_path(procedure_id)
    with studio.edit_lock:
        edit = Edit.open(path, version, exact=False)
        text = edit.result()
        if yaml.safe_load(text) != yaml.safe_load(edit.text):
            raise EditError(f"{path.name} cannot be reformatted without changing its values; edit it in a text editor")
        _write(studio, path, edit, text, "studio: reformat")
        studio.reload(procedure_id)


def _change(edit: Edit, change: dict[str, Any]) -> None:
    operation, path = change.get("op"), _path(change.get("path"))
    if operation == "set":
        value = change.get("value")
        if path and path[-1] in NUMBERS and isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if len(path) == 3 and path[0] in NAMED and isinstance(path[1], int):
            _named_field(edit, path, value, change.get("language"))
            return
        edit.set(path, value.strip() if isinstance(value, str) else value, language=change.get("language"))
    elif operation == "insert":
        edit.insert(path, int(change.get("index", 0)), change.get("value"))
    elif operation == "delete":
        edit.delete(path)
    elif operation == "move":
        edit.move(path, int(change.get("from", -1)), int(change.get("to", -1)))
    else:
        raise EditError(f"unknown change '{operation}'")


def _named_field(edit: Edit, path: list[str | int], value: Any, language: str | None) -> None:
    """A document (or a law) is a plain text or a map with name and details: write the simplest form that holds it."""
    item = edit.get(path[:2])
    is_record = isinstance(item, dict) and "name" in item
    if path[2] == "name" and not is_record:
        edit.set(path[:2], value.strip() if isinstance(value, str) else value, language=language)
        return
    if value in (None, "", False) and not is_record:  # nothing to add to a plain name
        return
    if value is False:  # a flag is written only when set
        value = None
    if not is_record:  # counts or a case for a plain document (a link for a law): it becomes {name: …, …}
        edit.set(path[:2], {"name": item})
    edit.set(path, value.strip() if isinstance(value, str) else value, language=language)


def add_reading(studio: Studio, written: str, reading: str, text: str = "") -> str:
    """Add (or change) how a word is read: an entry of the glossary in settings, written round-trip.

    A word selected in the spoken form ("vi en ai đi") is the reading of a glossary term ("VNeID"): when it
    is not in the text, the entry changed is that term's. Returns the word as written.
    """
    written, reading = " ".join(written.split()), " ".join(reading.split())
    if written and written.lower() not in text.lower():
        known = {**DEFAULT_GLOSSARY, **studio.catalogue().settings.glossary}
        written = next((term for term, said in known.items() if said.lower() == written.lower()
                        and term.lower() in text.lower()), written)
    if not 1 <= len(written) <= 60 or not 1 <= len(reading) <= 160:
        raise EditError("give the word as written (up to 60 characters) and how to read it (up to 160)")
    path = studio.root / "content" / "settings.yaml"
    with studio.edit_lock:
        edit = Edit.open(path)
        edit.set(["glossary", written], reading)
        text = edit.result()
        problems = check_settings_text(studio.root, text)
        if problems:
            raise EditError("; ".join(p.message for p in problems[:3]))
        _write(studio, path, edit, text, "studio: glossary")
    studio.catalogue()  # settings changed: everything is read again, with the new reading
    return written


def _path(raw: Any) -> list[str | int]:
    if not isinstance(raw, list) or not raw or not all(isinstance(p, str | int) for p in raw):
        raise EditError("an edit needs a field path")
    return list(raw)


CHECKED = re.compile(r"^[^:]+:\d+:\d+: (?P<field>steps\[(?P<step>\d+)\][\w\[\].]*): (?P<message>.*)$")
GUESS = re.compile(r"'(?P<old>[^']+)'(?: in [^;]+)?; the page has '(?P<new>[^']+)'")


def _checked(root: Path, procedure_id: str, edit: Edit) -> dict[int, list[dict[str, Any]]]:
    """What the last `capture --check` found per step, with a one-click fix where it guessed the right name."""
    report = read_check_report(root, procedure_id) or {}
    found: dict[int, list[dict[str, Any]]] = {}
    for line in report.get("problems", []):
        matched = CHECKED.match(str(line))
        if not matched:
            continue
        path = [int(part) if part.isdigit() else part for part in re.findall(r"\w+", matched["field"])]
        item: dict[str, Any] = {"message": matched["message"], "path": path, "fix": ""}
        guess = GUESS.search(matched["message"])
        current = edit.get(path)
        if guess and isinstance(current, str) and f'"{guess["old"]}"' in current:
            item["fix"] = current.replace(f'"{guess["old"]}"', f'"{quoted(guess["new"])}"', 1)
        found.setdefault(int(matched["step"]), []).append(item)
    return found


def _pickable(image: Path | None) -> dict[str, Any]:
    """What capture measured of a screenshot for the studio to pick from: the page's size, its elements."""
    found = read_sidecar(image) if image is not None else None
    if found is None:
        return {"page": None, "elements": []}
    return {"page": list(found.screen.page), "scale": found.screen.scale,
            "elements": [[locator, list(box)] for locator, box in found.screen.elements]}


def _problem_view(problem: Problem) -> dict[str, Any]:
    return {"field": problem.field, "line": problem.line, "message": problem.message, "text": str(problem)}


def normaliser(studio: Studio, language: str) -> Normaliser:
    """The normaliser the narration engine reads `language` with (the project's glossary and settings)."""
    settings = studio.catalogue().settings
    return Narrator(settings, Cache.for_project(studio.root), studio.root).normaliser(language)


def spoken(studio: Studio, text: str, language: str) -> str:
    """How the narration engine will read `text`."""
    return normaliser(studio, language)(text)


def editor_view(studio: Studio, procedure_id: str, language: str) -> dict[str, Any]:
    """Everything the editor page shows, from the file's tree (a file with problems opens too)."""
    path = studio.procedure_path(procedure_id)
    edit = Edit.open(path, exact=False)
    data = edit.data
    catalogue = studio.catalogue()
    procedure = catalogue.procedures.get(procedure_id)
    display = catalogue.project.display(path)
    checked = _checked(studio.root, procedure_id, edit)
    steps = []
    for index, step in enumerate(data.get("steps") or []):
        if not isinstance(step, dict):
            continue
        model = procedure.steps[index] if procedure and index < len(procedure.steps) else None
        texts = {name: bilingual(step.get(name)) for name in STEP_TEXTS}
        said = texts["narration"]["vi"] or texts["title"]["vi"]
        screenshot = (model.screenshot if model else step.get("screenshot")) or (
            default_screenshot(procedure_id, index) if step.get("actions") or step.get("target") else None)
        shown = screenshot and (studio.root / "assets" / screenshot.removeprefix("assets/")).is_file()
        steps.append({
            "index": index, "texts": texts, "typing": str(step.get("typing") or ""),
            "target": str(step.get("target") or ""), "spoken": spoken(studio, said, "vi") if said else "",
            "screenshot": f"/media/assets/{screenshot.removeprefix('assets/')}" if shown else None,
            "highlight": " ".join(str(v) for v in model.highlight) if model and model.highlight else "",
            **_pickable(studio.root / "assets" / screenshot.removeprefix("assets/") if shown else None),
            "redact": [item if isinstance(item, str) else list(item) for item in step.get("redact") or []],
            "checked": checked.get(index, []),
        })
    documents = []
    for item in data.get("documents") or []:
        record = item if isinstance(item, dict) and "name" in item else {"name": item}
        documents.append({"name": bilingual(record.get("name")), "originals": record.get("originals") or "",
                          "copies": record.get("copies") or "", "case": bilingual(record.get("case")),
                          "shown": record.get("shown") is True})
    laws = [{"name": bilingual(law.get("name") if isinstance(law, dict) and "name" in law else law),
             "url": str(law.get("url") or "") if isinstance(law, dict) and "name" in law else ""}
            for law in data.get("legal_basis") or []]
    ways = [{"channel": str(way.get("channel") or "online"), "processing_time": bilingual(way.get("processing_time")),
             "fee": bilingual(way.get("fee")), "note": bilingual(way.get("note"))}
            for way in data.get("ways") or [] if isinstance(way, dict)]
    return {
        "id": procedure_id, "file": display, "version": edit.version, "exact": edit.exact,
        "title": bilingual(data.get("title"))[language] or bilingual(data.get("title"))["vi"] or procedure_id,
        "texts": {name: bilingual(data.get(name)) for name in TEXTS},
        "plain": {name: str(data.get(name) or "") for name in PLAIN},
        "lists": {name: [bilingual(item) for item in data.get(name) or []] for name in TEXT_LISTS},
        "documents": documents, "ways": ways, "laws": laws,
        "objects": {name: {part: bilingual((data.get(name) or {}).get(part)) for part in parts}
                    for name, parts in OBJECTS.items()},
        "steps": steps,
        "problems": [_problem_view(p) for p in [*catalogue.problems, *catalogue.warnings] if p.path == display],
        "formats": list(dict.fromkeys(["draft", *catalogue.settings.formats, "web"])),
        "site_page": (studio.root / "output" / "site" / "thu-tuc" / f"{procedure_id}.html").is_file(),
    }


def routes(studio: Studio) -> list[Route]:
    """The editor's routes."""

    async def editor(request: Request) -> Response:
        procedure_id = request.path_params["id"]
        if not studio.procedure_path(procedure_id).is_file():
            return page(request, "missing.html", procedure_id=procedure_id)
        try:
            view = await run_in_threadpool(editor_view, studio, procedure_id, interface_language(request))
        except EditError as error:
            return page(request, "missing.html", procedure_id=procedure_id, reason=str(error))
        return remember_language(request, page(request, "editor.html", view=view))

    async def change(request: Request) -> Response:
        procedure_id = request.path_params["id"]
        try:
            body = await request.json()
        except ValueError:
            return JSONResponse({"ok": False, "message": "not JSON"}, status_code=400)
        if not isinstance(body, dict):
            return JSONResponse({"ok": False, "message": "not a change"}, status_code=400)
        try:
            outcome = await run_in_threadpool(apply, studio, procedure_id, body, dry_run=bool(body.get("check")))
        except ChangedOnDisk as error:
            return JSONResponse({"ok": False, "conflict": True, "message": str(error)}, status_code=409)
        except GuidegenError as error:
            return JSONResponse({"ok": False, "message": str(error)}, status_code=422)
        answer: dict[str, Any] = {"ok": not outcome.new, "written": outcome.written, "version": outcome.version,
                                  "problems": [_problem_view(p) for p in outcome.problems],
                                  "new": [_problem_view(p) for p in outcome.new]}
        path = body.get("path")
        if isinstance(path, list) and len(path) == 3 and path[0] == "steps" and path[2] in STEP_TEXTS:
            language = body.get("language") or "vi"
            answer["spoken"] = await run_in_threadpool(spoken, studio, str(body.get("value") or ""), language)
            answer["field"] = format_location(tuple(path[:2]))
        return JSONResponse(answer, status_code=200 if not outcome.new else 422)

    async def reformat(request: Request) -> Response:
        procedure_id = request.path_params["id"]
        body = await request.json()
        try:
            await run_in_threadpool(reformat_file, studio, procedure_id, str(body.get("version", "")))
        except ChangedOnDisk as error:
            return JSONResponse({"ok": False, "conflict": True, "message": str(error)}, status_code=409)
        except GuidegenError as error:
            return JSONResponse({"ok": False, "message": str(error)}, status_code=422)
        return JSONResponse({"ok": True})

    async def say(request: Request) -> Response:
        procedure_id = request.path_params["id"]
        text, language = request.query_params.get("text", ""), request.query_params.get("lang", "vi")
        if not text.strip() or len(text) > 2000 or language not in ("vi", "en"):
            return JSONResponse({"ok": False, "message": "nothing to say"}, status_code=400)
        if not studio.procedure_path(procedure_id).is_file():
            return JSONResponse({"ok": False, "message": "no such procedure"}, status_code=404)
        audio = await run_in_threadpool(_speak, studio, text, language, procedure_id)
        return FileResponse(audio, media_type="audio/wav", headers={"cache-control": "no-store"})

    async def reading(request: Request) -> Response:
        procedure_id = request.path_params["id"]
        body = await json_body(request)
        try:
            written = await run_in_threadpool(add_reading, studio, str(body.get("written", "")),
                                              str(body.get("reading", "")), str(body.get("text", ""))[:2000])
        except ChangedOnDisk as error:
            return JSONResponse({"ok": False, "conflict": True, "message": str(error)}, status_code=409)
        except GuidegenError as error:
            return JSONResponse({"ok": False, "message": str(error)}, status_code=422)
        text = str(body.get("text", ""))[:2000]
        said = await run_in_threadpool(spoken, studio, text, "vi") if text.strip() else ""
        return JSONResponse({"ok": True, "spoken": said, "written": written, "procedure": procedure_id})

    return [Route("/p/{id}", editor), Route("/api/p/{id}/edit", change, methods=["POST"]),
            Route("/api/p/{id}/reformat", reformat, methods=["POST"]),
            Route("/api/p/{id}/say", say), Route("/api/p/{id}/reading", reading, methods=["POST"])]


def _speak(studio: Studio, text: str, language: str, procedure_id: str) -> Path:
    """The configured engine's audio for `text`, from the narration cache (made once)."""
    settings = studio.catalogue().settings
    narrator = Narrator(settings, Cache.for_project(studio.root), studio.root)
    return narrator.narrate(text, language, label=f"{procedure_id} (studio)").audio
