"""Hiding part of a screenshot by drawing a box on it in the studio.

The box becomes a step's `redact:` entry: the locator of the element it covers when it matches one capture
measured (so the next capture hides that element wherever it moves), else the area itself. The stored
screenshot is pixelated there at once, with capture's own pixelation, so previews and clips show it
before the portal is captured again. Picking a target by clicking needs no route of its own: it is an
edit of the step's `target` like any other.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from generator.capture.images import redact
from generator.capture.sidecar import Box, read_sidecar, sidecar_path, sidecar_text
from generator.errors import GuidegenError
from generator.fileio import write_bytes_atomic, write_text_atomic
from generator.studio.editor import apply
from generator.studio.yamledit import digest

if TYPE_CHECKING:
    from generator.studio.app import Studio

MATCHES = 0.7  # a drawn box this close to an element's (intersection over union) hides that element


def overlap(a: Box, b: Box) -> float:
    """Intersection over union of two boxes (x, y, w, h)."""
    left, top = max(a[0], b[0]), max(a[1], b[1])
    right, bottom = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    inter = max(0.0, right - left) * max(0.0, bottom - top)
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union > 0 else 0.0


def hide_area(studio: Studio, procedure_id: str, index: int, drawn: Box) -> dict[str, Any]:
    """Add a redaction for a box drawn on step `index`'s screenshot; pixelate the stored screenshot there."""
    catalogue = studio.catalogue()
    procedure = catalogue.procedures.get(procedure_id)
    if procedure is None or not 0 <= index < len(procedure.steps):
        raise GuidegenError(f"no step {index + 1} to hide anything in")
    step = procedure.steps[index]
    if not step.screenshot or not catalogue.asset(step.screenshot).is_file():
        raise GuidegenError("this step has no screenshot yet: capture it first")
    image = catalogue.asset(step.screenshot)
    measured = read_sidecar(image)
    width, height = measured.screen.page if measured else (1280, 720)
    x, y, w, h = drawn
    if not (w >= 4 and h >= 4 and x >= 0 and y >= 0 and x + w <= width + 1 and y + h <= height + 1):
        raise GuidegenError("draw the box inside the screenshot (at least a few pixels wide and tall)")
    area = (round(x, 1), round(y, 1), round(w, 1), round(h, 1))
    best = max(measured.screen.elements if measured else [], key=lambda item: overlap(area, item[1]),
               default=None)
    if best is not None and overlap(area, best[1]) >= MATCHES:
        entry: str | list[float] = best[0]
        area = best[1]
    else:
        entry = list(area)
    if entry not in [item if isinstance(item, str) else list(item) for item in step.redact]:
        outcome = apply(studio, procedure_id, {"op": "insert", "path": ["steps", index, "redact"], "index": 1000,
                                               "value": entry}, dry_run=False)
        if outcome.new:
            raise GuidegenError("; ".join(p.message for p in outcome.new))
    scale = measured.screen.scale if measured else image_scale(image, width)
    write_bytes_atomic(image, redact(image.read_bytes(), [area], scale))
    if measured is not None:  # what capture measured now says so too
        screen = dataclasses.replace(measured.screen, redacted=[*measured.screen.redacted, area])
        write_text_atomic(sidecar_path(image), sidecar_text(dataclasses.replace(measured, screen=screen)))
    studio.reload(procedure_id)
    version = digest(studio.procedure_path(procedure_id).read_text(encoding="utf-8"))
    return {"ok": True, "redact": entry, "box": list(area), "version": version}


def image_scale(image: object, width: float) -> float:
    """The screenshot's pixels per CSS pixel, when no sidecar says it."""
    from PIL import Image

    with Image.open(image) as opened:  # type: ignore[arg-type]
        return opened.width / width


def routes(studio: Studio) -> list[Route]:
    """The route that hides an area drawn on a screenshot."""

    async def hide(request: Request) -> Response:
        procedure_id = request.path_params["id"]
        studio.procedure_path(procedure_id)
        try:
            body = await request.json()
            index = int(body["step"])
            box = tuple(float(v) for v in body["box"])
            if len(box) != 4:
                raise ValueError
        except (ValueError, KeyError, TypeError):
            return JSONResponse({"ok": False, "message": "send the step and the box [x, y, w, h]"}, status_code=400)
        try:
            answer = await run_in_threadpool(hide_area, studio, procedure_id, index, box)  # type: ignore[arg-type]
        except GuidegenError as error:
            return JSONResponse({"ok": False, "message": str(error)}, status_code=422)
        return JSONResponse(answer)

    return [Route("/api/p/{id}/hide", hide, methods=["POST"])]
