"""The capture stage: replay every captured procedure, then write its screenshots and sidecars (or only check them).

One browser for the whole run, a fresh context per procedure (and per window size). A procedure that
fails writes nothing, so its old screenshots stay; the others go on.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.capture.browser import (
    SESSION_FILE,
    CaptureError,
    Portal,
    chromium,
    new_context,
    portal,
    save_session,
)
from generator.capture.locators import find, parse_locator
from generator.capture.replay import Replay, Replayer, check_screens, sidecars
from generator.capture.sidecar import default_screenshot, read_sidecar, sidecar_path, sidecar_text
from generator.content.load import Catalogue, gather_catalogue
from generator.content.schema import CaptureSettings, Procedure
from generator.errors import Problem
from generator.fileio import write_bytes_atomic, write_text_atomic

logger = logging.getLogger(__name__)

CHECK_FOLDER = Path("output") / "capture-check"
FAILED_FOLDER = Path("output") / "capture-failed"


@dataclass
class Outcome:
    """What a capture run did: procedures written (or checked clean), and every problem met."""

    done: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def capturable(catalogue: Catalogue, ids: list[str] | None = None) -> list[Procedure]:
    """The procedures with captured steps (those named, when ids are given)."""
    found = [p for p in catalogue.procedures.values() if any(step.captured for step in p.steps)]
    return [p for p in found if ids is None or p.id in ids]


def capture(root: Path, ids: list[str] | None = None, *, checking: bool = False, phone: bool | None = None,
            progress: Callable[[str], None] = lambda _message: None) -> Outcome:
    """Replay the procedures (all captured ones by default); write their screenshots unless `checking`."""
    catalogue = gather_catalogue(root, captures=False)
    settings = _capture_settings(catalogue)
    broken = {Path(problem.path).stem for problem in catalogue.problems}
    unknown = sorted(set(ids or []) - {p.id for p in capturable(catalogue)} - broken)
    if unknown:
        raise CaptureError(f"nothing to capture for {', '.join(unknown)}: no such procedure, or it has no step "
                           "with actions or a target")
    procedures = capturable(catalogue, ids)
    outcome = Outcome(problems=[p for p in catalogue.problems if _concerns(p, ids)])
    with_phone = ("vertical" in catalogue.settings.formats) if phone is None else phone
    session = root / SESSION_FILE if settings.login else None
    with portal(settings, catalogue.project.assets) as target, chromium(guard=target) as browser:
        if settings.login and session is not None:
            verify_session(browser, target, settings, session)
        for procedure in procedures:
            progress(procedure.id)
            problems = _capture_one(catalogue, procedure, browser, target, settings, session, checking, with_phone)
            outcome.problems += problems
            if not problems:
                outcome.done.append(procedure.id)
    return outcome


def uncaptured(root: Path) -> list[str]:
    """Procedures with a captured step whose screenshot (or phone screenshot, when needed) is not there yet."""
    catalogue = gather_catalogue(root, captures=False)
    if catalogue.settings.capture is None:
        return []
    phone = "vertical" in catalogue.settings.formats
    missing = []
    for procedure in capturable(catalogue):
        for index, step in enumerate(procedure.steps):
            image = catalogue.asset(step.screenshot or default_screenshot(procedure.id, index))
            if step.captured and (not image.is_file() or (phone and not _has_phone(image))):
                missing.append(procedure.id)
                break
    return missing


def _has_phone(image: Path) -> bool:
    sidecar = read_sidecar(image)
    return sidecar is not None and sidecar.phone is not None


def _capture_settings(catalogue: Catalogue) -> CaptureSettings:
    settings = catalogue.settings.capture
    if settings is None:
        raise CaptureError("content/settings.yaml has no `capture:` section; add one with the portal's base_url "
                           "(see the README, Capture)")
    return settings


def _concerns(problem: Problem, ids: list[str] | None) -> bool:
    return ids is None or any(Path(problem.path).stem == procedure_id for procedure_id in ids)


def _capture_one(catalogue: Catalogue, procedure: Procedure, browser: Any, target: Portal,
                 settings: CaptureSettings, session: Path | None, checking: bool, with_phone: bool) -> list[Problem]:
    source = catalogue.sources[procedure.id]
    persona = catalogue.personas.get(procedure.persona) if catalogue.personas else None
    root = catalogue.project.root
    replays: list[Replay] = []
    for phone in (False, True) if with_phone else (False,):
        replayer = Replayer(procedure, source, persona, settings, target, catalogue.project.assets,
                            checking=checking, phone=phone,
                            report=lambda message: logger.debug("%s: %s", procedure.id, message))
        replay = replayer.run(browser, session)
        replays.append(replay)
        if replay.problems and not checking:
            return [_with_picture(problem, replay, root / FAILED_FOLDER / procedure.id, root) for problem in
                    replay.problems]
    if checking:
        problems = [p for replay in replays for p in replay.problems]
        problems += check_screens(procedure, source, replays[0], catalogue.project.assets, root / CHECK_FOLDER)
        write_check_report(root, procedure.id, problems)
        return problems
    _write(catalogue, replays)
    (root / CHECK_FOLDER / f"{procedure.id}.json").unlink(missing_ok=True)  # captured anew: the old report is moot
    return []


def read_check_report(root: Path, procedure_id: str) -> dict[str, Any] | None:
    """The last `capture --check` report of a procedure (what write_check_report wrote), or None."""
    try:
        report = json.loads((root / CHECK_FOLDER / f"{procedure_id}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return report if isinstance(report, dict) else None


def write_check_report(root: Path, procedure_id: str, problems: list[Problem]) -> None:
    """output/capture-check/<id>.json: when the portal was last checked, and what changed (the studio's board)."""
    steps = sorted({int(m.group(1)) + 1 for p in problems if (m := re.match(r"steps\[(\d+)\]", p.field))})
    summary = ", ".join(f"bước {step}" for step in steps) if steps else ("" if not problems else problems[0].message)
    report = {"checked": dt.datetime.now().strftime("%d/%m/%Y %H:%M"), "summary": summary,
              "problems": [str(problem) for problem in problems]}
    write_text_atomic(root / CHECK_FOLDER / f"{procedure_id}.json", json.dumps(report, ensure_ascii=False, indent=2))


def _with_picture(problem: Problem, replay: Replay, folder: Path, root: Path) -> Problem:
    """The problem with where the page as it was at the failure is saved."""
    if replay.failed_screen is None:
        return problem
    folder.mkdir(parents=True, exist_ok=True)
    picture = folder / "failed.png"
    replay.failed_screen.save(picture)
    return Problem(problem.path, problem.line, problem.column, problem.field,
                   f"{problem.message} (the page as it was: {picture.relative_to(root)})")


def _write(catalogue: Catalogue, replays: list[Replay]) -> None:
    """Every screenshot and its sidecar, each written whole (temp file, then rename)."""
    assets = catalogue.project.assets
    for replay in replays:
        for name, png in replay.pictures.items():
            write_bytes_atomic(inside_assets(assets, name), png)
    for name, sidecar in sidecars(replays).items():
        write_text_atomic(sidecar_path(inside_assets(assets, name)), sidecar_text(sidecar))


def inside_assets(assets: Path, name: str) -> Path:
    """Where a screenshot goes: under assets/, or a CaptureError (check refuses such names before this)."""
    path = assets / name.removeprefix("assets/")
    if Path(name).is_absolute() or not path.resolve().is_relative_to(assets.resolve()):
        raise CaptureError(f"refusing to write outside assets/: {name[:80]}")
    return path


def verify_session(browser: Any, target: Portal, settings: CaptureSettings, session: Path) -> None:
    """The saved login still works: a signed-in page shows `login.signed_in`; else say how to renew it."""
    assert settings.login is not None
    if not session.is_file():
        raise CaptureError(f"this portal needs a login and none is saved ({SESSION_FILE}): run "
                           "`guidegen capture --login` and log in once")
    context = new_context(browser, target, settings, session=session)
    try:
        page = context.new_page()
        page.goto(target.url("/"), wait_until="load")
        signed_in = find(page, parse_locator(settings.login.signed_in))
        try:
            signed_in.first.wait_for(state="visible", timeout=min(settings.timeout, 10) * 1000)
        except Exception:
            raise CaptureError(f"the saved login ({SESSION_FILE}) has expired: run `guidegen capture --login` and "
                               "log in again") from None
    finally:
        context.close()


def login(root: Path, wait_minutes: float = 10) -> tuple[Path, str]:
    """Open a browser window on the portal's login page; once the person is signed in, save the session."""
    catalogue = gather_catalogue(root, captures=False)
    settings = _capture_settings(catalogue)
    if settings.login is None:
        raise CaptureError("settings capture.login is not set: this portal needs no login")
    session = root / SESSION_FILE
    with portal(settings, catalogue.project.assets) as target, chromium(headless=False, guard=target) as browser:
        context = new_context(browser, target, settings)
        page = context.new_page()
        page.goto(target.url(settings.login.url), wait_until="load")
        signed_in = find(page, parse_locator(settings.login.signed_in))
        try:
            signed_in.first.wait_for(state="visible", timeout=wait_minutes * 60_000)
        except Exception:
            raise CaptureError(f"not signed in after {wait_minutes:g} minutes; nothing saved") from None
        saved = save_session(context, page, session)  # 0600 from its first byte, temp file included
        context.close()
    return session, saved

