"""What capture measured, kept in a generated file next to each screenshot (`<name>.capture.json`).

The hand-written YAML keeps its comments, order and wording; the boxes, the page's size and the
locator each screenshot resolved live here, and the loader reads the highlight from it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

SIDECAR_VERSION = 1
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Shot:
    """One captured screenshot: the page it shows and where the target and redactions were, in CSS pixels."""

    screenshot: str  # under assets/
    url: str
    page: tuple[int, int]  # the viewport, CSS pixels
    scale: float
    target: str | None = None
    box: Box | None = None  # the target's box, CSS pixels
    highlight: Box | None = None  # the box with padding, as fractions of the screenshot
    redacted: list[Box] = field(default_factory=list)
    context: Box | None = None  # the target with its label or row, as fractions: what a zoom keeps in view
    then: list[Box] = field(default_factory=list)  # the step's further targets (`then:`), highlights as fractions
    elements: list[tuple[str, Box]] = field(default_factory=list)  # what the studio can pick: locator, CSS box


@dataclass(frozen=True)
class Sidecar:
    """A step's captures: the TV screenshot and, when the vertical cut is built, the phone one."""

    screen: Shot
    phone: Shot | None = None


def default_screenshot(procedure_id: str, index: int) -> str:
    """Where a captured step's screenshot goes when the step names none."""
    return f"screens/{procedure_id}/step-{index + 1}.png"


def phone_name(screenshot: str) -> str:
    """The phone screenshot beside a screenshot: x.png -> x.phone.png."""
    return str(Path(screenshot).with_suffix(".phone.png"))


def sidecar_path(image: Path) -> Path:
    """Where a screenshot's sidecar is: x.png -> x.capture.json."""
    return image.with_suffix(".capture.json")


def read_sidecar(image: Path) -> Sidecar | None:
    """The sidecar of a screenshot, or None when there is none (or it is from another version)."""
    try:
        data = json.loads(sidecar_path(image).read_text(encoding="utf-8"))
        if data.get("version") != SIDECAR_VERSION:
            return None
        phone = data.get("phone")
        return Sidecar(_shot(data["screen"]), _shot(phone) if phone else None)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _fraction_box(value: object) -> Box | None:
    """A highlight-like box (fractions of the screenshot) when it is a real one inside it; else None."""
    if not isinstance(value, list | tuple) or len(value) != 4:
        return None
    x, y, w, h = (float(v) for v in value)
    return (x, y, w, h) if w > 0 and h > 0 and x >= 0 and y >= 0 and x + w <= 1.0001 and y + h <= 1.0001 else None


def _shot(data: dict) -> Shot:
    boxes = {name: tuple(data[name]) if data.get(name) else None for name in ("box",)}
    # a box that is not inside the picture (a page a phone shrank, a damaged file) never reaches the renderer
    boxes |= {name: _fraction_box(data.get(name)) for name in ("highlight", "context")}
    return Shot(data["screenshot"], data["url"], tuple(data["page"]), data["scale"], data.get("target"),
                boxes["box"], boxes["highlight"], [tuple(b) for b in data.get("redacted", [])],  # type: ignore[arg-type]
                boxes["context"], [b for b in map(_fraction_box, data.get("then", [])) if b],  # type: ignore[arg-type]
                _elements(data.get("elements")))


def _elements(value: object) -> list[tuple[str, Box]]:
    """The picked elements that are well formed (a locator text and four numbers); others are left out."""
    found: list[tuple[str, Box]] = []
    for item in value if isinstance(value, list) else []:
        if (isinstance(item, list | tuple) and len(item) == 2 and isinstance(item[0], str) and len(item[0]) < 400
                and isinstance(item[1], list | tuple) and len(item[1]) == 4
                and all(isinstance(v, int | float) for v in item[1])):
            found.append((item[0], tuple(float(v) for v in item[1])))  # type: ignore[arg-type]
    return found


def sidecar_text(sidecar: Sidecar) -> str:
    """The sidecar as the JSON written next to the screenshot."""
    data = {"version": SIDECAR_VERSION, "screen": asdict(sidecar.screen),
            "phone": asdict(sidecar.phone) if sidecar.phone else None}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
