"""Record: a person clicks through a procedure in a browser window, and every click or entry becomes a step.

The injected recorder (recorder.js) stops each click before the page sees it. guidegen takes the
screenshot and the element's box first, then does the click itself, so every screenshot shows the
screen just before the action, exactly as a replay will. What the person types is never kept: each
value becomes a placeholder from the synthetic persona ({name}, {id_number}, …); only a search box's
query stays. `finish()` writes a draft procedure file that `guidegen check` accepts, with TODO comments
for what only a person can write, and its screenshots.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.capture.browser import CaptureError, Portal, chromium, new_context, portal
from generator.capture.locators import find, parse_locator, unique_locator
from generator.capture.replay import SAMPLE_DOCUMENT, Replay, take_shot
from generator.capture.sidecar import Shot, Sidecar, sidecar_path, sidecar_text
from generator.content.load import Catalogue, gather_catalogue
from generator.content.schema import SLUG, CaptureSettings
from generator.fileio import write_bytes_atomic, write_text_atomic
from generator.folding import fold

logger = logging.getLogger(__name__)

RECORDER_JS = Path(__file__).with_name("recorder.js")
DESCRIBE_JS = Path(__file__).with_name("describe.js")
FIELD_ROLES = ("textbox", "searchbox", "combobox", "listbox", "spinbutton")
# Words in a field's label (without accents) -> the persona field typed instead of what the person typed.
PERSONA_WORDS = (("mat khau", "password"), ("dinh danh", "id_number"), ("can cuoc", "id_number"),
                 ("cccd", "id_number"), ("cmnd", "id_number"), ("ho chieu", "id_number"), ("dien thoai", "phone"),
                 ("dtdd", "phone"), ("email", "email"), ("thu dien tu", "email"), ("ngay sinh", "date_of_birth"),
                 ("nam sinh", "date_of_birth"), ("dia chi", "address"), ("noi cu tru", "address"),
                 ("thuong tru", "address"), ("tam tru", "address"), ("ho va ten", "name"), ("ho ten", "name"),
                 ("chu dem", "name"), ("password", "password"))  # the national forms' labels among them
SET_VALUE = """(field, value) => {
  field.value = value;
  field.dispatchEvent(new Event("input", {bubbles: true}));
  field.__guidegenValue = field.value;  // guidegen's own value: not a new entry
}"""
SEARCH_WORDS = ("tim kiem", "tu khoa", "tra cuu", "search")  # a field for a query, kept as typed
SAMPLE_TEXT = "Nội dung mẫu"


@dataclass
class Recorded:
    """One recorded step, as it will be written."""

    title: str
    narration: str
    screenshot: str
    target: str
    do: str | dict[str, str] | None
    actions: list[dict[str, str]] = field(default_factory=list)
    todo: str = ""  # why a person must look at this step


@dataclass
class Pending:
    """A field clicked: its screenshot is taken, the entry is waited for."""

    target: str
    png: bytes
    shot: Shot


class Recorder:
    """Turns a person's clicks and entries on one page into steps (see the module docstring)."""

    def __init__(self, page: Any, catalogue: Catalogue, procedure_id: str, target: Portal,
                 settings: CaptureSettings) -> None:
        self.page, self.catalogue, self.procedure_id = page, catalogue, procedure_id
        self.target, self.settings = target, settings
        self.steps: list[Recorded] = []
        self.replay = Replay()
        self.pending: Pending | None = None
        self.before: list[dict[str, str]] = []  # actions that lead to the next step's screen
        self.uploaded = False
        self.done = False
        self._queue: list[dict[str, Any]] = []  # the page's events not handled yet
        self._handling = False
        self.persona = catalogue.personas.get(None) if catalogue.personas else None
        page.expose_binding("guidegenRecord", lambda _source, event: self._on_event(event))
        page.expose_function("guidegenDone", self._finish_clicked)
        page.expose_function("guidegenCount", lambda: len(self.steps))
        page.add_init_script(path=str(DESCRIBE_JS))
        page.add_init_script(path=str(RECORDER_JS))
        page.on("filechooser", self._on_file_chooser)

    def start(self, url: str) -> None:
        """Open the page where the recording starts."""
        address = self.target.url(url)
        if not self.target.allows(address):
            raise CaptureError(f"{address} is outside capture.allowed_hosts ({', '.join(self.target.allowed_hosts)})")
        self.page.goto(address, wait_until="load")
        self.before = [{"goto": self.target.relative(self.page.url)}]

    def settle(self) -> None:
        """Wait until the recorder has handled every click and entry so far (tests drive the page this way)."""
        for _ in range(500):
            self.page.wait_for_timeout(40)
            self.page.wait_for_load_state("load")
            try:
                if not self.page.evaluate("window.__guidegenBusy || 0") and not self._queue and not self._handling:
                    return
            except Exception:  # a navigation replaced the page while asking: ask the new one
                continue

    def _finish_clicked(self) -> None:
        self.done = True

    def _on_event(self, event: dict[str, Any]) -> None:
        """Handle the page's events strictly in order: one arriving while another is handled waits its turn."""
        self._queue.append(event)
        if self._handling:  # re-entered while the handler waits on the page: the loop below takes it next
            return
        self._handling = True
        try:
            while self._queue:
                self._handle(self._queue.pop(0))
        finally:
            self._handling = False

    def _handle(self, event: dict[str, Any]) -> None:
        logger.debug("recorder event: %s %s %r", event.get("kind"), event["element"].get("name"), event.get("value"))
        try:
            info = event["element"]
            if event["kind"] == "click":
                self._clicked(info)
            elif event["kind"] == "change":
                self._changed(info, event.get("value") or "")
            elif event["kind"] == "press":
                self._pressed(info, event.get("key") or "Enter")
        except CaptureError as error:
            logger.warning("recorder: %s", error)
        except Exception:  # never lose a step without a word: the officer sees it in the terminal
            logger.exception("recorder: could not record this %s", event.get("kind"))

    def _clicked(self, info: dict[str, Any]) -> None:
        target = self._locator(info)
        element = find(self.page, parse_locator(target))
        self.pending = None
        if info["role"] in FIELD_ROLES or info["password"] or info["tag"] == "textarea":
            png, shot = self._shoot(target, element)
            self.pending = Pending(target, png, shot)
            self._passing(lambda: element.focus() if info["tag"] != "select" else element.click())
            return
        png, shot = self._shoot(target, element)
        checking = info["role"] in ("checkbox", "radio")
        self.uploaded = False
        self._passing(lambda: element.check() if checking else element.click())
        self.page.wait_for_timeout(60)
        self.page.wait_for_load_state("load")
        verb = "check" if checking else "upload" if self.uploaded else "click"
        self._add(_draft(verb, info), target, verb, png, shot)

    def _changed(self, info: dict[str, Any], value: str) -> None:
        if not value.strip():  # a field left or made empty is not a step
            return
        target = self._locator(info)
        element = find(self.page, parse_locator(target))
        pending, self.pending = self.pending, None
        if info["tag"] == "select":
            if pending is None or pending.target != target:
                pending = Pending(target, *self._shoot(target, element))
            self._add(_draft("select", info, value), target, {"select": value}, pending.png, pending.shot)
            return
        typed, todo = _placeholder(info, value)
        if pending is None or pending.target != target:  # reached with Tab: show it empty, as before the entry
            self._passing(lambda: element.fill(""))
            pending = Pending(target, *self._shoot(target, element))
        shown = self.persona.fill(typed) if self.persona and not todo else typed
        # what the person typed never stays on screen; set without moving the focus (they may be in the next field)
        self._passing(lambda: element.evaluate(SET_VALUE, shown))
        self._add(_draft("fill", info, typed), target, {"fill": typed}, pending.png, pending.shot, todo)

    def _pressed(self, info: dict[str, Any], key: str) -> None:
        """A key that submits (Enter in a search box): the next step starts by pressing it, as the person did."""
        element = find(self.page, parse_locator(self._locator(info)))
        self.before.append({"press": key})
        self._passing(lambda: element.press(key))
        self.page.wait_for_timeout(60)
        self.page.wait_for_load_state("load")

    def _on_file_chooser(self, chooser: Any) -> None:
        self.uploaded = True
        chooser.set_files(SAMPLE_DOCUMENT)  # never a file from the person's computer

    def _passing(self, action: Any) -> None:
        self.page.evaluate("window.__guidegenPass(true)")
        try:
            action()
        finally:
            if not self.page.is_closed():
                self.page.evaluate("window.__guidegenPass && window.__guidegenPass(false)")

    def _shoot(self, target: str, element: Any) -> tuple[bytes, Shot]:
        number = len(self.steps) + 1
        name = f"screens/{self.procedure_id}/{number}.png"
        self.page.evaluate("window.__guidegenPanel && window.__guidegenPanel(false)")
        try:
            return take_shot(self.page, name, target, element, [], self.settings, self.target)
        finally:
            self.page.evaluate("window.__guidegenPanel && window.__guidegenPanel(true)")

    def _add(self, draft: tuple[str, str], target: str, do: str | dict[str, str], png: bytes, shot: Shot,
             todo: str = "") -> None:
        title, narration = draft
        number = len(self.steps) + 1
        name = f"screens/{self.procedure_id}/{number}-{_slug(title)[:40]}.png"
        shot = Shot(name, shot.url, shot.page, shot.scale, shot.target, shot.box, shot.highlight, shot.redacted)
        self.replay.pictures[name] = png
        self.replay.shots[number - 1] = shot
        self.steps.append(Recorded(title, narration, name, target, do, self.before, todo))
        self.before = []
        logger.info("recorded step %d: %s", number, title)

    def _locator(self, info: dict[str, Any]) -> str:
        """The first locator, most readable first, that finds exactly this one element."""
        found = unique_locator(self.page, info)
        if found is None:
            raise CaptureError(f"cannot name the element clicked ({info.get('tag')} "
                               f"'{(info.get('name') or '')[:40]}') uniquely")
        return found

    def finish(self) -> Path:
        """Write the screenshots, their sidecars and the draft procedure file; return the file."""
        if not self.steps:
            raise CaptureError("nothing recorded: click through the procedure before closing the window")
        assets = self.catalogue.project.assets
        for name, png in self.replay.pictures.items():
            write_bytes_atomic(assets / name, png)
        for shot in self.replay.shots.values():
            write_text_atomic(sidecar_path(assets / shot.screenshot), sidecar_text(Sidecar(shot)))
        path = procedure_path(self.catalogue, self.procedure_id)
        write_text_atomic(path, draft_file(self.catalogue, self.procedure_id, self.steps))
        return path


def procedure_path(catalogue: Catalogue, procedure_id: str) -> Path:
    """Where the recorded procedure goes; never over an existing file."""
    if not re.match(SLUG, procedure_id):
        raise CaptureError(f"'{procedure_id}' is not a valid id: use lowercase letters, digits and hyphens")
    path = catalogue.project.content / "procedures" / f"{procedure_id}.yaml"
    if path.exists():
        raise CaptureError(f"{catalogue.project.display(path)} already exists: choose another id or move it away")
    return path


def _draft(verb: str, info: dict[str, Any], value: str = "") -> tuple[str, str]:
    """A drafted title and narration for an action on an element."""
    name = _short(info.get("label") or info.get("name") or info.get("text") or "")
    if verb == "fill" and _is_search(info):
        return f"Tìm “{_short(value)}”", f"Gõ “{_short(value)}” vào ô tìm kiếm."
    if verb == "fill":
        name = _without_verb(name, "Nhập")  # a placeholder "Nhập họ tên" is not "Nhập Nhập họ tên"
        return f"Nhập {name}", f"Nhập {name}."
    if verb == "select":
        return f"Chọn {name}", f"Ở mục {name}, chọn {_short(value)}."
    if verb == "check":
        return f"Đánh dấu {name}", f"Đánh dấu ô {name.rstrip('…')}."
    if verb == "upload":
        return "Tải tệp lên", f"Bấm {name} để tải tệp lên."
    kind = "nút " if info.get("role") == "button" else ""
    return f"Bấm {kind}{name}", f"Bấm {kind}{name}."


def _is_search(info: dict[str, Any]) -> bool:
    """Whether a field takes a search query (what every citizen types: kept as typed, never a persona field)."""
    if info.get("role") == "searchbox" or info.get("type") == "search":
        return True
    words = fold(" ".join(str(info.get(key) or "") for key in ("label", "name", "placeholder")))
    return any(word in words for word in SEARCH_WORDS)


def _without_verb(name: str, verb: str) -> str:
    """A field's name without the verb a drafted title starts with anyway."""
    return name[len(verb):].strip() if fold(name).startswith(fold(verb) + " ") else name


def _short(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _placeholder(info: dict[str, Any], value: str) -> tuple[str, str]:
    """What goes in the file instead of what was typed, and a TODO when no persona field fits."""
    if _is_search(info):
        return value, ""  # a search query is what every citizen types, not anyone's data
    if info.get("role") == "spinbutton" and re.fullmatch(r"\d{1,4}", value.strip()):
        return value.strip(), ""  # a count (copies, people): no one's data
    words = fold(" ".join(str(info.get(key) or "") for key in ("label", "name", "placeholder")))
    for word, persona_field in PERSONA_WORDS:
        if word in words:
            return "{" + persona_field + "}", ""
    return SAMPLE_TEXT, "what should be typed here? a persona field such as {name}, or sample text"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "buoc"


def _q(text: str) -> str:
    """A YAML single-quoted string."""
    return "'" + text.replace("'", "''") + "'"


def draft_file(catalogue: Catalogue, procedure_id: str, steps: list[Recorded]) -> str:
    """The draft procedure file: what was recorded, and TODO comments for what only a person knows."""
    settings = catalogue.settings
    category = settings.categories[0].id
    lines = [
        "# yaml-language-server: $schema=../schema/procedure.schema.json",
        f"# Recorded by `guidegen record` on {dt.date.today():%d/%m/%Y}. Every TODO needs a person;",
        "# typed values are placeholders from content/personas.yaml, never what was typed while recording.",
        f"id: {procedure_id}",
        "title: Thủ tục ghi lại từ Cổng  # TODO: the procedure's official name",
        f"category: {category}  # TODO: one of {', '.join(c.id for c in settings.categories)}",
        "agency: Đang cập nhật  # TODO: who processes it",
        "level: full  # TODO: full (toàn trình) or partial (một phần)",
        f"portal_url: {settings.portal.url}  # TODO: the procedure's page on the portal",
        "fee: Đang cập nhật  # TODO: lệ phí, as the portal writes it",
        "processing_time: Đang cập nhật  # TODO: thời hạn giải quyết",
        "documents:  # TODO: the documents to prepare",
        "  - Đang cập nhật",
        "steps:",
    ]
    for step in steps:
        lines.append(f"  - title: {_q(step.title)}  # TODO: check the wording")
        lines.append(f"    narration: {_q(step.narration)}")
        lines.append(f"    screenshot: {step.screenshot}")
        if step.actions:
            lines.append("    actions:")
            lines += [f"      - {verb}: {_q(value)}" for action in step.actions for verb, value in action.items()]
        lines.append(f"    target: {_q(step.target)}")
        if isinstance(step.do, str):
            lines.append(f"    do: {step.do}")
        elif step.do:
            (verb, value), = step.do.items()
            lines.append(f"    do: {{{verb}: {_q(value)}}}" + (f"  # TODO: {step.todo}" if step.todo else ""))
    lines += [
        "legal_basis: []  # TODO: laws and decrees it rests on",
        f"updated: {dt.date.today():%Y-%m-%d}",
        "",
    ]
    return "\n".join(lines)


def record_in_window(root: Path, procedure_id: str, url: str) -> Path:
    """`guidegen record`: a browser window on `url`; closing it (or the recorder's Xong button) writes the draft."""
    catalogue = gather_catalogue(root, captures=False)
    procedure_path(catalogue, procedure_id)
    settings = catalogue.settings.capture or CaptureSettings(base_url=url)
    with portal(settings, catalogue.project.assets) as target, chromium(headless=False, guard=target) as browser:
        context = new_context(browser, target, settings)
        page = context.new_page()
        recorder = Recorder(page, catalogue, procedure_id, target, settings)
        recorder.start(url)
        while not recorder.done:
            try:
                page.wait_for_timeout(200)
            except Exception:  # the window was closed
                break
        return recorder.finish()
