"""The studio app: Starlette routes over the same stages the command line calls, behind the gate.

How it gets its speed: the catalogue is loaded once and kept; each request compares the content
files' sizes and modification times with what was loaded (a stat per file, a few milliseconds for
hundreds) and reads again only what changed: one procedure file, or everything when settings,
personas or playlists changed. Clip states (up to date, stale, missing) are computed from cached
narrations only, never by speaking or rendering, and kept per catalogue version.
What it assumes: one studio per project (its edits serialise on a lock; a build it starts runs as a
child `guidegen` process that takes the project lock as the command line does).
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from generator.content.base import SLUG
from generator.content.load import Catalogue, gather_catalogue, reload_procedure
from generator.errors import GuidegenError
from generator.studio.jobs import Jobs
from generator.studio.security import Gate, accepted_hosts
from generator.studio.words import words_for

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
MEDIA_AREAS = ("assets", "output")  # what the studio serves from the project; nothing else is readable
SHARED_FILES = ("settings.yaml", "personas.yaml", "playlists.yaml")

Fingerprint = dict[str, tuple[int, int]]


@dataclass
class Studio:
    """The project the studio works on, its loaded catalogue, and the jobs it runs."""

    root: Path
    jobs: Jobs = field(default_factory=Jobs)
    edit_lock: threading.Lock = field(default_factory=threading.Lock)
    _catalogue: Catalogue | None = None
    _seen: Fingerprint = field(default_factory=dict)
    _load_lock: threading.Lock = field(default_factory=threading.Lock)
    version: int = 0  # bumped whenever the catalogue is read again (clip states are kept per version)

    def catalogue(self) -> Catalogue:
        """The catalogue as the files are now: read again only where they changed."""
        with self._load_lock:
            now = self._fingerprint()
            if self._catalogue is None or any(now.get(name) != self._seen.get(name) for name in SHARED_FILES) \
                    or set(now) - set(self._seen) - set(SHARED_FILES):
                self._catalogue = gather_catalogue(self.root)
                self.version += 1
            else:
                for name in sorted(set(self._seen) | set(now)):
                    if now.get(name) != self._seen.get(name):
                        reload_procedure(self._catalogue, self.root / "content" / "procedures" / name)
                        self.version += 1
            self._seen = now
            return self._catalogue

    def reload(self, procedure_id: str) -> None:
        """Read one procedure again (its screenshots were captured anew, or it was written)."""
        with self._load_lock:
            if self._catalogue is not None:
                reload_procedure(self._catalogue, self.procedure_path(procedure_id))
                self._seen = self._fingerprint()
                self.version += 1

    def procedure_path(self, procedure_id: str) -> Path:
        """content/procedures/<id>.yaml; an id that is not a slug names no file (and never leaves the folder)."""
        if not re.fullmatch(SLUG, procedure_id):
            raise GuidegenError(f"no procedure '{procedure_id[:80]}'")
        return self.root / "content" / "procedures" / f"{procedure_id}.yaml"

    def _fingerprint(self) -> Fingerprint:
        found: Fingerprint = {}
        content = self.root / "content"
        for path in [*(content / name for name in SHARED_FILES), *sorted((content / "procedures").glob("*.yaml"))]:
            try:
                stat = path.stat()
            except OSError:
                continue
            found[path.name] = (stat.st_size, stat.st_mtime_ns)
        return found


def templates() -> jinja2.Environment:
    """Jinja with autoescape on: every text from content is escaped where it is written."""
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                                     undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    environment.filters["anchor"] = field_anchor
    return environment


def field_anchor(field: str) -> str:
    """The editor's id for a problem's field: steps[2].title.vi -> field-steps-2-title (its fieldset)."""
    parts = [part for part in re.split(r"[\[\].]+", field) if part]
    if parts and parts[-1] in ("vi", "en"):
        parts = parts[:-1]
    return "field-" + "-".join(parts) if parts else "problems"


TEMPLATES = templates()


def page(request: Request, template: str, **values: Any) -> HTMLResponse:
    """A studio page in the officer's language."""
    language = interface_language(request)
    html = TEMPLATES.get_template(template).render(words=words_for(language), ui_language=language, **values)
    return HTMLResponse(html, headers={"cache-control": "no-store", "content-security-policy": CSP,
                                       "x-content-type-options": "nosniff", "referrer-policy": "no-referrer"})


CSP = ("default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; script-src 'self'; "
       "style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'")


def interface_language(request: Request) -> str:
    """The interface language: `?lang=` once, then remembered in a cookie."""
    asked = request.query_params.get("lang") or request.cookies.get("studio_lang") or "vi"
    return asked if asked in ("vi", "en") else "vi"


def remember_language(request: Request, response: Response) -> Response:
    """Keep a `?lang=` choice for the next pages."""
    if request.query_params.get("lang") in ("vi", "en"):
        response.set_cookie("studio_lang", request.query_params["lang"], samesite="strict", httponly=True)
    return response


async def json_body(request: Request) -> dict[str, Any]:
    """The request's JSON object (an empty one for anything else: the gate already refused what is not JSON)."""
    try:
        body = await request.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def project_file(root: Path, area: str, relative: str) -> Path | None:
    """A file under one of the served folders (assets/, output/), or None: nothing else is ever served."""
    if area not in MEDIA_AREAS or any(part.startswith(".") for part in Path(relative).parts) or "\\" in relative:
        return None
    base = (root / area).resolve()
    path = (base / relative).resolve()
    if not path.is_relative_to(base) or not path.is_file():
        return None
    return path


def create_app(root: Path, token: str, *, addresses: tuple[str, ...] = (), port: int = 8765,
               warm: bool = False) -> Gate:
    """The studio for the project at `root`, behind its gate (token, Host and Origin checks).

    With `warm`, the catalogue is read at once in the background (while the browser opens).
    """
    from generator.studio import board, editor, pick, preview, voice

    studio = Studio(root.resolve())
    if warm:
        threading.Thread(target=studio.catalogue, daemon=True, name="studio-warm").start()

    async def media(request: Request) -> Response:
        path = project_file(studio.root, request.path_params["area"], request.path_params["path"])
        if path is None:
            return PlainTextResponse("not found", status_code=404)
        return FileResponse(path, headers={"cache-control": "no-store", "x-content-type-options": "nosniff"})

    async def site(request: Request) -> Response:
        relative = request.path_params.get("path") or "index.html"
        path = project_file(studio.root, "output", f"site/{relative}")
        if path is None and not relative.endswith(".html"):
            path = project_file(studio.root, "output", f"site/{relative.rstrip('/')}/index.html")
        if path is None:
            return PlainTextResponse("not found", status_code=404)
        return FileResponse(path, headers={"cache-control": "no-store"})

    routes = [
        *board.routes(studio), *editor.routes(studio), *preview.routes(studio), *voice.routes(studio),
        *pick.routes(studio),
        Route("/media/{area}/{path:path}", media),
        Route("/site/{path:path}", site), Route("/site/", site),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    async def refused(request: Request, error: Exception) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"ok": False, "message": str(error)}, status_code=422)
        return page(request, "missing.html", procedure_id="", reason=str(error))

    app = Starlette(routes=routes, exception_handlers={GuidegenError: refused})
    app.state.studio = studio
    return Gate(app, token, accepted_hosts(addresses, port))
