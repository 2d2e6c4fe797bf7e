"""Replay: each captured step's actions run in Chromium, then its screenshot and target box are taken.

A procedure is replayed from a fresh browser (no cookies) step after step: the step's `actions`,
a screenshot (redacted), the target's box, then what the step does to its target. Files are written
only when every step of the procedure succeeded. `check` replays without writing and reports every
step whose element is gone or ambiguous, or whose screen changed visibly.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import logging
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from PIL import Image

from generator.capture.browser import Portal, new_context
from generator.capture.conditions import (
    desktop_only,
    dismiss_overlays,
    is_read_only,
    showing_overlay,
    wait_until_idle,
    what_covers,
)
from generator.capture.images import CHANGED_SHARE, changed_share, redact, side_by_side
from generator.capture.locators import Locator, Part, find, parse_locator, quoted, unique_locator
from generator.capture.sidecar import Box, Shot, Sidecar, default_screenshot, phone_name
from generator.content.capture_model import UPLOADS
from generator.content.schema import Action, CaptureSettings, Persona, Procedure, Step
from generator.content.yamlsource import Location, SourceMap
from generator.errors import Problem

logger = logging.getLogger(__name__)

PADDING = 6  # CSS pixels around a target's box in its highlight
ELEMENTS_LIMIT = 150  # elements of a screenshot kept for the studio's click-to-pick
DESCRIBE_SCRIPT = (Path(__file__).with_name("describe.js")).read_text(encoding="utf-8")
SAMPLE_DOCUMENT = {"name": "mau-giay-to.pdf", "mimeType": "application/pdf",
                   "buffer": b"%PDF-1.4\n% guidegen: a synthetic sample document, no real data\n%%EOF\n"}
FIELDS = ("textbox", "searchbox", "combobox", "listbox", "checkbox", "radio", "spinbutton", "slider", "switch")
QUICK_LOOK = 3.0  # seconds an element gets before capture waits for the page to go quiet
NAVIGATING = ("click", "press", "upload")  # actions after which a new page may be loading
ROLE_WORDS = {"link": "link", "button": "button", "textbox": "field", "searchbox": "search box",
              "checkbox": "checkbox", "combobox": "list", "article": "article", "form": "form"}


class StepFailed(Exception):
    """A step could not be replayed; carries where (the YAML field) and why."""

    def __init__(self, loc: Location, message: str, *, suggestion: Any = None) -> None:
        super().__init__(message)
        self.loc, self.message, self.suggestion = loc, message, suggestion


@dataclass
class Replay:
    """One replay of a procedure in one window size: the pictures taken and the problems met."""

    pictures: dict[str, bytes] = field(default_factory=dict)  # screenshot path under assets/ -> PNG
    shots: dict[int, Shot] = field(default_factory=dict)  # step index -> what was measured
    problems: list[Problem] = field(default_factory=list)
    failed_screen: Image.Image | None = None
    overlays: dict[int, str] = field(default_factory=dict)  # step index -> a dialog or banner showing at its shot


@dataclass
class Replayer:
    """Replays one procedure's steps on a page; in `checking` mode it carries on past what it can."""

    procedure: Procedure
    source: SourceMap
    persona: Persona | None
    settings: CaptureSettings
    target: Portal
    assets: Path
    checking: bool = False
    phone: bool = False
    report: Callable[[str], None] = lambda _message: None

    def run(self, browser: Any, session: Path | None) -> Replay:
        """Replay every step in a fresh context; stop at the first failure (checking: at the first dead end)."""
        replay = Replay()
        self.target.take_refused()  # what an earlier procedure met is not this one's
        context = new_context(browser, self.target, self.settings, phone=self.phone, session=session)
        page = context.new_page()
        try:
            for index, step in enumerate(self.procedure.steps):
                if step.captured:
                    self.report(f"step {index + 1}/{len(self.procedure.steps)}")
                    if not self._step(page, context, index, step, replay):
                        break
        finally:
            context.close()
        return replay

    def _step(self, page: Any, context: Any, index: int, step: Step, replay: Replay) -> bool:
        """One step; False when the replay cannot go on."""
        try:
            dismiss_overlays(page, self.settings.dismiss)
            for number, action in enumerate(step.actions):
                self._act(page, context, action, ("steps", index, "actions", number, action.verb), replay)
            dismiss_overlays(page, self.settings.dismiss)
            target = self._target(page, step, index, replay)
            replay.shots[index] = self._shoot(page, index, step, target, replay)
            if step.do is not None and step.target is not None:
                self._act(page, context, step.do.as_action(step.target), ("steps", index, "do"), replay,
                          element=target)
            return True
        except StepFailed as failure:
            replay.problems.append(self.source.problem(failure.loc, failure.message))
            replay.failed_screen = _screen(page)
            return False

    def _target(self, page: Any, step: Step, index: int, replay: Replay) -> Any:
        if step.target is None:
            return None
        try:
            return self.resolve(page, step.target, ("steps", index, "target"))
        except StepFailed as failure:
            if not (self.checking and failure.suggestion is not None):
                raise
            replay.problems.append(self.source.problem(failure.loc, failure.message))
            return failure.suggestion  # go on as if the suggestion were right, to reach the later steps

    def _act(self, page: Any, context: Any, action: Action, loc: Location, replay: Replay, *,
             element: Any = None) -> None:
        """Do one action, then let the page settle; a failure says which action and what was looked for."""
        verb = action.verb
        if verb == "goto":
            url = self.target.url(action.subject)
            if not self.target.allows(url):
                hosts = ", ".join(sorted(self.target.allowed_hosts))
                raise StepFailed(loc, f"{url[:100]} is outside capture.allowed_hosts ({hosts})")
            try:
                page.goto(url, wait_until="load")
            except Exception as error:
                self.stop_if_refused(loc)
                raise StepFailed(loc, _page_failure(url, error, self.settings.timeout)) from None
            self.stop_if_refused(loc)
            return
        if verb == "press":
            page.keyboard.press(action.subject)
        elif verb == "wait" and action.subject.startswith("gone "):
            gone = action.subject.removeprefix("gone ").strip()
            try:
                find(page, parse_locator(gone)).first.wait_for(state="hidden", timeout=self.settings.timeout * 1000)
            except Exception:
                raise StepFailed(loc, f"{gone} was still there after {self.settings.timeout:g} s") from None
        else:
            try:
                element = element if element is not None else self.resolve(page, action.subject, loc)
            except StepFailed as failure:
                if self.checking and (failure.suggestion is not None or verb in ("fill", "select", "check")):
                    replay.problems.append(self.source.problem(failure.loc, failure.message))
                    if failure.suggestion is None:
                        return
                    element = failure.suggestion
                else:
                    raise
            self._on(page, element, action, loc)
        if verb in NAVIGATING:
            _settle(page)
        self.stop_if_refused(loc)

    def stop_if_refused(self, loc: Location) -> None:
        """Fail the step if the page asked for an address outside the allowed hosts (a link, a redirect, a refresh)."""
        refused = self.target.take_refused()
        if refused:
            host = urlsplit(refused[0]).hostname or refused[0]
            hosts = ", ".join(sorted(self.target.allowed_hosts))
            raise StepFailed(loc, f"the page tried to open {refused[0][:100]} (host {host}), outside "
                                  f"capture.allowed_hosts ({hosts}); refused")

    def _on(self, page: Any, element: Any, action: Action, loc: Location) -> None:
        if action.verb in ("click", "fill", "select", "check", "upload"):
            cover = what_covers(element.first)
            if cover is not None:
                raise StepFailed(loc, f"{cover} covers {action.subject}; close it first (a click on its button before "
                                      "this action, or list that button under capture.dismiss)")
        if action.verb == "fill" and is_read_only(element.first):
            raise StepFailed(loc, f"{action.subject} is read-only (a date picker or a list?): click it and choose "
                                  "instead of typing (click: …, then click: the day or option)")
        try:
            if action.verb == "click":
                element.click()
            elif action.verb == "fill":
                element.fill(self._value(action.value or ""))
            elif action.verb == "select":
                element.select_option(label=self._value(action.value or ""))
            elif action.verb == "check":
                element.check()
            elif action.verb == "wait":
                element.wait_for(state="visible")
            elif action.verb == "upload":
                with page.expect_file_chooser() as chooser:
                    element.click()
                chooser.value.set_files(self._upload(action.file, loc) if action.file else SAMPLE_DOCUMENT)
        except StepFailed:
            raise
        except Exception as error:
            first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise StepFailed(loc, f"{action.verb} on {action.subject} failed: {first[:160]}") from None

    def _upload(self, relative: str, loc: Location) -> str:
        """A sample document under assets/uploads/ (checked again here: nothing else ever leaves the machine)."""
        folder = (self.assets / UPLOADS).resolve()
        path = (self.assets / relative.removeprefix("assets/")).resolve()
        if not path.is_relative_to(folder) or not path.is_file():
            raise StepFailed(loc, f"uploads come from assets/{UPLOADS}/ only: {relative}")
        return str(path)

    def _value(self, template: str) -> str:
        return self.persona.fill(template) if self.persona else template

    def resolve(self, page: Any, text: str, loc: Location) -> Any:
        """The one element `text` names, waiting up to the timeout for it to show; else why not, with a suggestion."""
        locator = parse_locator(text)
        element = find(page, locator)
        if not _shows(page, element, self.settings.timeout):
            self.stop_if_refused(loc)  # gone because the page left for a refused address: say that
            raise _not_found(page, locator, loc)
        count = element.count()
        if count > 1:
            scoped = _scoped_suggestion(page, element, locator)
            hint = f"e.g. {scoped}, which finds exactly one" if scoped else f'e.g. row "…" >> {locator.last}'
            raise StepFailed(loc, f"{locator} matches {count} elements; name it inside its row or container, {hint}")
        return element

    def _shoot(self, page: Any, index: int, step: Step, target: Any, replay: Replay) -> Shot:
        """The step's screenshot (redacted) and the target's box; the picture is kept for writing."""
        boxes = [box for number, item in enumerate(step.redact)
                 for box in ([item] if isinstance(item, tuple) else  # an area drawn in the studio
                             self._boxes(page, item, ("steps", index, "redact", number)))]
        further = [self.resolve(page, text, ("steps", index, "then", number)) for number, text in enumerate(step.then)]
        self.stop_if_refused(("steps", index))  # never a picture of a page the guard refused
        busy = wait_until_idle(page, self.settings.busy, self.settings.timeout)
        if busy is not None:
            raise StepFailed(("steps", index), f"the page was still loading after {self.settings.timeout:g} s "
                                               f"({busy} still showed); no screenshot of a half-loaded page")
        if self.phone and desktop_only(page):
            raise StepFailed(("steps", index), "the page is laid out for a desktop, not a phone (it has no viewport "
                                               "tag, so a phone shrinks it): its phone screenshot would be unreadable "
                                               "and its boxes wrong; leave the vertical format out for this portal")
        name = step.screenshot or default_screenshot(self.procedure.id, index)
        png, shot = take_shot(page, phone_name(name) if self.phone else name, step.target, target, boxes,
                              self.settings, self.target, pickable=not (self.phone or self.checking))
        overlay = showing_overlay(page)
        if overlay:
            replay.overlays[index] = overlay
        width, height = shot.page
        then = [_highlight(box, width, height) for element in further if (box := _box_of(element))]
        replay.pictures[shot.screenshot] = png
        return dataclasses.replace(shot, then=then)

    def _boxes(self, page: Any, text: str, loc: Location) -> list[Box]:
        element = find(page, parse_locator(text))
        if not _shows(page, element, self.settings.timeout):
            raise _not_found(page, parse_locator(text), loc)
        return [box for box in _boxes_of(element) if box]


def take_shot(page: Any, name: str, target_text: str | None, target: Any, redactions: list[Box],
              settings: CaptureSettings, portal: Portal, *, pickable: bool = True) -> tuple[bytes, Shot]:
    """The page as a citizen sees it (no pointer, no focus ring, passwords pixelated), and what it shows.

    With `pickable`, also the page's elements for the studio (the TV screenshot; not the phone's, nor a check).
    """
    if target is not None:
        target.scroll_into_view_if_needed()
    page.mouse.move(0, 0)
    page.evaluate("document.activeElement && document.activeElement.blur && document.activeElement.blur()")
    passwords = [box for frame in page.frames for box in _boxes_of(frame.locator("input[type=password]")) if box]
    boxes = redactions + passwords  # in frames too: a frame's boxes are measured in the page's viewport
    png = redact(page.screenshot(animations="disabled", caret="hide"), boxes, settings.scale)
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    box = target.bounding_box() if target is not None else None
    found = (box["x"], box["y"], box["width"], box["height"]) if box else None
    if found and target_text and parse_locator(target_text).last.kind == "text":
        found = _text_box(target) or found  # the words themselves, not their paragraph's full width
    if found:
        found = _widget_box(target) or found  # a custom dropdown: the whole widget, not its placeholder
    context = _context(target, width, height) if found else None
    return png, Shot(name, portal.relative(page.url), (width, height), settings.scale, target_text, found,
                     _highlight(found, width, height) if found else None, boxes, context,
                     elements=page_elements(page) if pickable else [])


def page_elements(page: Any, limit: int = ELEMENTS_LIMIT) -> list[tuple[str, Box]]:
    """The page's interactive and labelled elements in view: what the studio lets staff pick by clicking.

    Each comes with the locator guidegen would write for it (unique on the page) and its box in CSS pixels.
    """
    try:
        page.evaluate(DESCRIBE_SCRIPT)
        infos = page.evaluate("limit => window.__guidegenElements(limit)", limit)
    except Exception:  # a page that refuses scripts still gets its screenshot
        return []
    found: list[tuple[str, Box]] = []
    seen: set[str] = set()
    for info in infos:
        locator = unique_locator(page, info)
        if locator and locator not in seen:
            seen.add(locator)
            found.append((locator, tuple(round(float(v), 1) for v in info["box"])))  # type: ignore[arg-type]
    return found


CONTEXT_SCRIPT = """el => {
  const own = el.getBoundingClientRect();
  const candidates = [];
  if (el.labels && el.labels.length) candidates.push(el.labels[0]);
  const row = el.closest('tr, li, [role=row], [role=listitem], dd');
  if (row && row !== el) candidates.push(row);
  if (el.parentElement && el.parentElement.innerText.trim().length > (el.innerText || '').trim().length)
    candidates.push(el.parentElement);
  for (const other of candidates) {
    const box = other.getBoundingClientRect();
    const left = Math.min(own.left, box.left), top = Math.min(own.top, box.top);
    const right = Math.max(own.right, box.right), bottom = Math.max(own.bottom, box.bottom);
    if ((right - left) * (bottom - top) <= 8 * own.width * own.height || bottom - top <= 3 * own.height)
      return [left, top, right - left, bottom - top];
  }
  return null;
}"""


def _context(target: Any, width: int, height: int) -> Box | None:
    """The target with what names it (its label, its table row or list item), as fractions; None when too big.

    A zoom on a small "Chọn tệp" button keeps this in view, so two alike buttons stay told apart.
    """
    try:
        box = target.evaluate(CONTEXT_SCRIPT)
    except Exception:
        return None
    if not box or box[2] > 0.9 * width or box[3] > 0.5 * height:
        return None
    x, y, w, h = box
    left, top = max(0.0, x), max(0.0, y)
    return (round(left / width, 4), round(top / height, 4), round(min(w, width - left) / width, 4),
            round(min(h, height - top) / height, 4))


TEXT_BOX_SCRIPT = """el => {
  const range = document.createRange();
  range.selectNodeContents(el);
  const r = range.getBoundingClientRect();
  return r.width > 0 && r.height > 0 ? [r.x, r.y, r.width, r.height] : null;
}"""


WIDGET_SCRIPT = """el => {
  const widget = el.parentElement && el.parentElement.closest(
    '[role=combobox], [role=listbox], [aria-haspopup], [class*=select i], [class*=dropdown i]');
  if (!widget || widget === document.body) return null;
  const own = el.getBoundingClientRect(), box = widget.getBoundingClientRect();
  if (box.width * box.height > 8 * own.width * own.height || box.height > 3 * own.height + 40) return null;
  return [box.x, box.y, box.width, box.height];
}"""


def _widget_box(element: Any) -> Box | None:
    """The box of the custom widget (a styled dropdown) the element is part of, when it is a small one."""
    return _measured(element, WIDGET_SCRIPT)


def _text_box(element: Any) -> Box | None:
    """The box of an element's text itself (a `text` target in a wide paragraph)."""
    return _measured(element, TEXT_BOX_SCRIPT)


def _measured(element: Any, script: str) -> Box | None:
    """A box a page script measures for `element` ([x, y, w, h] or null), or None when it cannot."""
    try:
        box = element.evaluate(script)
    except Exception:  # the element went away, or the page navigated
        return None
    return tuple(box) if box else None  # type: ignore[return-value]


def _box_of(element: Any) -> Box | None:
    box = element.bounding_box()
    return (box["x"], box["y"], box["width"], box["height"]) if box else None


def _boxes_of(element: Any) -> list[Box | None]:
    boxes = []
    for one in element.all():
        box = one.bounding_box()
        boxes.append((box["x"], box["y"], box["width"], box["height"]) if box else None)
    return boxes


def _highlight(box: Box, width: int, height: int) -> Box:
    """The target's box with a little padding, as fractions of the screen, kept inside it."""
    x, y, w, h = box
    left, top = max(0.0, x - PADDING), max(0.0, y - PADDING)
    right, bottom = min(float(width), x + w + PADDING), min(float(height), y + h + PADDING)
    return (round(left / width, 4), round(top / height, 4), round((right - left) / width, 4),
            round((bottom - top) / height, 4))


ROW_NAME_SCRIPT = """el => {
  const row = el.closest('tr, [role=row]');
  if (row) {
    const cell = row.querySelector('td, th, [role=cell], [role=gridcell], [role=rowheader]');
    if (cell && !cell.contains(el)) return ['row', cell.innerText.trim().split('\\n')[0]];
  }
  const box = el.parentElement && el.parentElement.closest('article, [role=article], li, [role=listitem]');
  if (box) {
    const heading = box.querySelector('h1, h2, h3, h4, [role=heading]');
    const role = box.matches('li, [role=listitem]') ? 'listitem' : 'article';
    const name = box.getAttribute('aria-label') || (heading ? heading.innerText : '');
    if (name) return [role, name.trim().split('\\n')[0]];
  }
  return null;
}"""


def _scoped_suggestion(page: Any, matches: Any, locator: Locator) -> str | None:
    """A locator of the first match inside its row or article that finds exactly one element on the page."""
    try:
        scope = matches.first.evaluate(ROW_NAME_SCRIPT)
    except Exception:
        return None
    if not scope or not scope[1]:
        return None
    text = f'{scope[0]} "{quoted(scope[1][:80])}" >> {locator.last}'
    try:
        return text if find(page, parse_locator(text)).count() == 1 else None
    except Exception:  # a name that is no locator, or a page that moved on
        return None


def _settle(page: Any) -> None:
    """Let a navigation the action started begin and finish loading."""
    page.wait_for_timeout(60)
    page.wait_for_load_state("load")


def _screen(page: Any) -> Image.Image | None:
    import io

    try:
        return Image.open(io.BytesIO(page.screenshot(animations="disabled", caret="hide", timeout=5000)))
    except Exception:
        return None


def _page_failure(url: str, error: Exception, timeout: float) -> str:
    text = str(error)
    if "Timeout" in type(error).__name__ or "Timeout" in text:
        return f"the page did not load within {timeout:g} s: {url}"
    reason = next((word for word in text.split() if word.startswith("net::")), text.splitlines()[0][:100])
    return f"cannot open {url} ({reason})"


def _shows(page: Any, element: Any, timeout: float) -> bool:
    """Whether the element shows: waited for while the page is still loading (at most `timeout` seconds).

    Most elements show within moments of the page loading; one that is not there once the network has
    been quiet is given one more second rather than the whole timeout, so a check of a changed portal
    takes seconds per missing element, not the timeout.
    """
    started = time.monotonic()
    try:
        element.first.wait_for(state="visible", timeout=min(timeout, QUICK_LOOK) * 1000)
        return True
    except Exception:
        pass
    left = timeout - (time.monotonic() - started)
    with contextlib.suppress(Exception):
        page.wait_for_load_state("networkidle", timeout=max(left, 0.1) * 1000)
    left = timeout - (time.monotonic() - started)
    try:
        element.first.wait_for(state="visible", timeout=max(min(left, 1.0), 0.1) * 1000)
        return True
    except Exception:
        return False


def _not_found(page: Any, locator: Locator, loc: Location) -> StepFailed:
    """Why a locator found nothing: the first part that finds nothing, with the page's nearest name."""
    scope = page
    for number, part in enumerate(locator.parts):
        narrowed = find(scope, Locator((part,)))
        if part.kind == "frame":  # a frame locator cannot be counted: its first element is
            scope = narrowed
            continue
        if narrowed.count() == 0:
            inside = _frame_holding(page, part) if number == 0 else None
            if inside is not None:
                return StepFailed(loc, f"no {_what(part)} '{part.name}' on the page: it is inside the frame "
                                       f"'{inside}'; write frame \"{inside}\" >> {part}")
            names = _names_on_page(page, part)
            guess = difflib.get_close_matches(part.name, names, n=1, cutoff=0.55)
            where = f" in {Locator(locator.parts[:number])}" if number else ""
            message = f"no {_what(part)} '{part.name}'{where}"
            if guess:
                suggestion = find(scope, Locator((Part(part.kind, guess[0]),)))
                rest = Locator(locator.parts[number + 1:])
                suggestion = find(suggestion, rest) if rest.parts else suggestion
                usable = suggestion if suggestion.count() == 1 else None
                return StepFailed(loc, f"{message}; the page has '{guess[0]}'", suggestion=usable)
            shown = ", ".join(f"'{name}'" for name in names[:4])
            return StepFailed(loc, f"{message}" + (f"; the page has {shown}" if shown else ""))
        scope = narrowed
    return StepFailed(loc, f"{locator} is on the page but hidden")


def _frame_holding(page: Any, part: Part) -> str | None:
    """The title (or name) of the frame where `part` is, when it is in one and not on the page itself."""
    for frame in page.frames[1:]:
        try:
            if find(frame, Locator((part,))).count():
                element = frame.frame_element()
                return element.get_attribute("title") or element.get_attribute("name") or frame.name or frame.url
        except Exception:  # a frame that went away meanwhile
            continue
    return None


def _what(part: Part) -> str:
    if part.is_role:
        return f"{ROLE_WORDS.get(part.kind, part.kind)} named"
    return {"label": "field labelled", "placeholder": "field with placeholder", "text": "text",
            "testid": "element with test id", "alt": "image with alt text", "title": "element with title",
            "css": "element matching css", "frame": "frame titled"}[part.kind]


def _names_on_page(page: Any, part: Part) -> list[str]:
    """Accessible names on the page (Chromium's own accessibility tree) of the role looked for, or of all."""
    try:
        session = page.context.new_cdp_session(page)
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
        session.detach()
    except Exception:
        return []
    names: list[str] = []
    for node in nodes:
        role = (node.get("role") or {}).get("value")
        name = unicodedata.normalize("NFC", ((node.get("name") or {}).get("value") or "").strip())
        wanted = (role == part.kind) if part.is_role else (role in FIELDS if part.kind in ("label", "placeholder")
                                                            else role not in ("StaticText", "RootWebArea"))
        if name and wanted and name not in names:
            names.append(name)
    return names


def check_screens(procedure: Procedure, source: SourceMap, replay: Replay, assets: Path,
                  report_folder: Path) -> list[Problem]:
    """A problem for every stored screenshot the portal's screen no longer looks like, with old and new side by side."""
    problems = []
    for index, shot in sorted(replay.shots.items()):
        stored = assets / shot.screenshot
        if not stored.is_file():
            problems.append(source.problem(("steps", index), f"never captured (assets/{shot.screenshot}): "
                                                             f"run `guidegen capture {procedure.id}`"))
            continue
        share = changed_share(stored, replay.pictures[shot.screenshot])
        if share > CHANGED_SHARE:
            picture = report_folder / procedure.id / Path(shot.screenshot).name
            side_by_side(stored, replay.pictures[shot.screenshot], picture, f"{procedure.id} step {index + 1}")
            shown = picture.relative_to(assets.parent) if picture.is_relative_to(assets.parent) else picture
            cause = replay.overlays.get(index)
            why = (f"; {cause} was showing over the page: list its button under capture.dismiss to close it first"
                   if cause else "")
            problems.append(source.problem(("steps", index), f"the screen changed visibly since it was captured "
                                                             f"({share:.1%} of it){why}; see {shown}"))
    return problems


def sidecars(replays: list[Replay]) -> dict[str, Sidecar]:
    """The sidecar of each captured screenshot, from the screen replay and the phone one (when made)."""
    screen, phone = replays[0], (replays[1] if len(replays) > 1 else None)
    made = {}
    for index, shot in screen.shots.items():
        made[shot.screenshot] = Sidecar(shot, phone.shots.get(index) if phone else None)
    return made
