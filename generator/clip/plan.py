"""Plan: a procedure becomes a storyboard, the single source for both the clip and the page.

A storyboard is a list of scenes (intro, documents to prepare, one per step, outro), each with the
texts it shows and the text it speaks. Nothing here knows about pixels, audio files or HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator.capture.sidecar import Box
from generator.content.load import Catalogue
from generator.content.schema import Procedure, Step, Text
from generator.narration.recordings import recording_language, scene_recording

SceneKind = Literal["intro", "documents", "step", "facts", "outro", "announcement"]
Pacing = Literal["brief", "full"]  # brief: a TV in a lobby (step one within seconds); full: a phone, the web

DOCUMENTS_PER_CARD = 4  # at readable size a 1080p card holds four two-line items
MIN_SCENE_SECONDS = 3.0  # nothing flashes by faster than this
WORDS_PER_SECOND = 2.5  # reading speed for on-screen text that is not captioned
BRIEF_INTRO_SECONDS = 4.0  # title, badge and one line: a passer-by sees step one within seconds
UPLOAD_WORDS = ("tải lên", "tải tệp", "tải ảnh", "tải giấy", "tải bản", "chọn tệp", "đính kèm", "tải hồ sơ", "upload",
                "attach")  # the step that needs the documents: the checklist comes just before it


@dataclass(frozen=True)
class Scene:
    """One scene: what it shows, what it says, and how long it must at least last."""

    kind: SceneKind
    key: str  # stable name: intro, documents-1, step-3, outro
    heading: str
    lines: tuple[str, ...]  # body texts (documents, or facts on the intro)
    narration: str  # display form of what is spoken (captions show this)
    recording: Path | None = None
    screenshot: Path | None = None
    highlight: tuple[float, float, float, float] | None = None
    step_number: int = 0
    step_count: int = 0
    min_seconds: float = MIN_SCENE_SECONDS
    cursor: bool = True  # a step: a cursor glides to the highlight and clicks
    zoom: bool | None = None  # a step: ease in towards the highlight (None: when the highlight is small)
    typing: str = ""  # a step: text typed into the highlighted field, letter by letter
    keep: tuple[float, float, float, float] | None = None  # a step: the target's label or row, kept in a zoom
    then: tuple[tuple[float, float, float, float], ...] = ()  # a step: further targets, pressed in order

    @property
    def label(self) -> str:
        """Human name for messages: 'steps[2]' or 'intro'."""
        return f"steps[{self.step_number - 1}]" if self.kind == "step" else self.key


@dataclass(frozen=True)
class Facts:
    """The facts shown on the intro card and the web page (one source for both)."""

    title: str
    agency: str
    level: str
    fee: str
    processing_time: str
    portal_name: str
    portal_url: str
    hotline: str
    qr_url: str
    fully_online: bool = False  # level "full": the badge is green, "partial" amber
    centre: str = ""  # the centre that publishes the guide (named on the title card)
    portal_address: str = ""  # the portal's address as people type it (shown whole on the outro)


@dataclass(frozen=True)
class Storyboard:
    """Everything a clip of one procedure in one language shows and says."""

    procedure_id: str
    language: str
    facts: Facts
    scenes: tuple[Scene, ...]


LABELS = {
    "vi": {
        "full": "Nộp trực tuyến toàn trình", "partial": "Nộp trực tuyến một phần", "prepare": "Chuẩn bị giấy tờ",
        "agency": "Cơ quan giải quyết", "fee": "Lệ phí", "time": "Thời hạn", "step": "Bước",
        "submit_at": "Nộp hồ sơ tại", "hotline": "Đường dây nóng", "scan": "Quét mã để mở trang nộp hồ sơ",
        "scan_site": "Quét mã để xem hướng dẫn chi tiết", "facts": "Lệ phí và thời hạn",
    },
    "en": {
        "full": "Fully online", "partial": "Partly online", "prepare": "Documents to prepare",
        "agency": "Processed by", "fee": "Fee", "time": "Processing time", "step": "Step",
        "submit_at": "Submit at", "hotline": "Hotline", "scan": "Scan to open the submission page",
        "scan_site": "Scan for the full guide", "facts": "Fee and processing time",
    },
}  # fmt: skip


def label(language: str, key: str) -> str:
    """A fixed interface text in the language."""
    return LABELS.get(language, LABELS["vi"])[key]


def clip_languages(procedure: Procedure, languages: list[str]) -> list[str]:
    """Languages a clip can be made in: Vietnamese always; others only when every spoken text is translated."""
    def translated(language: str) -> bool:
        return procedure.title.has(language) and all(step.spoken().has(language) for step in procedure.steps)

    return [language for language in languages if language == "vi" or translated(language)]


def help_page_url(site_url: str | None, procedure_id: str, language: str) -> str | None:
    """Public address of a procedure's help page, when the site's address is known."""
    if not site_url:
        return None
    prefix = "" if language == "vi" else f"{language}/"
    return f"{site_url.rstrip('/')}/{prefix}thu-tuc/{procedure_id}/"


def _picture(catalogue: Catalogue, step: Step, phone: bool) -> tuple[Path | None, Box | None, Box | None,
                                                                  tuple[Box, ...]]:
    """A step's screenshot, highlight, what a view keeps in sight, and its further targets (phones: the phone's).

    The view keeps the target's label or row in sight, and every further target.
    """
    name, highlight = step.screenshot or "", step.highlight
    if phone and step.screenshot in catalogue.phone_pictures:
        name, phone_highlight = catalogue.phone_pictures[step.screenshot]
        highlight = phone_highlight if step.highlight is not None else None
    further = catalogue.further.get(name, ())
    keep = catalogue.contexts.get(name)
    if further and highlight is not None:
        keep = union([keep or highlight, *further])
    return (catalogue.asset(name) if name else None), highlight, keep, further


def union(boxes: list[Box]) -> Box:
    """The smallest box (x, y, w, h) holding all of `boxes`."""
    left, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
    right, bottom = max(b[0] + b[2] for b in boxes), max(b[1] + b[3] for b in boxes)
    return left, top, right - left, bottom - top


def plan(catalogue: Catalogue, procedure_id: str, language: str, pacing: Pacing = "full", *,
         phone: bool = False) -> Storyboard:
    """The storyboard of one procedure in one language (`phone`: captured steps use their phone screenshots).

    `full` (phones, the web page): the introduction with fee and time, the documents, the steps, the outro.
    `brief` (a lobby TV): title and one line, then step one at once; the documents checklist just before
    the step that uploads them (else after the steps), fee and time on a card after the steps.
    """
    procedure = catalogue.procedures[procedure_id]
    settings = catalogue.settings

    def t(text: Text | None) -> str:
        return text.get(language) if text else ""

    site_page = help_page_url(settings.site_url, procedure.id, language)
    facts = Facts(
        title=t(procedure.title), agency=t(procedure.agency), level=label(language, procedure.level),
        fee=t(procedure.fee), processing_time=t(procedure.processing_time), portal_name=t(settings.portal.name),
        portal_url=procedure.portal_url, hotline=settings.hotline, qr_url=site_page or procedure.portal_url,
        fully_online=procedure.level == "full", centre=t(settings.organization.name),
        portal_address=short_address(settings.portal.url),
    )
    count = len(procedure.steps)
    pictures = [_picture(catalogue, step, phone) for step in procedure.steps]
    steps = [Scene(
        kind="step", key=f"step-{number}", heading=t(step.title), lines=(), narration=t(step.spoken()),
        recording=_recording(catalogue, procedure, f"step-{number}", language),
        screenshot=pictures[number - 1][0], highlight=pictures[number - 1][1], keep=pictures[number - 1][2],
        then=pictures[number - 1][3],
        step_number=number, step_count=count,
        min_seconds=max(MIN_SCENE_SECONDS, step.duration or 0.0),
        cursor=procedure.cursor if step.cursor is None else step.cursor,
        zoom=procedure.zoom if step.zoom is None else step.zoom, typing=step.typing or "",
    ) for number, step in enumerate(procedure.steps, start=1)]
    documents = _document_cards(procedure, language, catalogue)
    outro = _outro(procedure, facts, language, catalogue, bool(site_page))
    if pacing == "full":
        scenes = [_intro(procedure, facts, language, catalogue), *documents, *steps, outro]
    else:
        upload = next((index for index, step in enumerate(steps)
                       if any(word in f"{step.heading} {step.narration}".lower() for word in UPLOAD_WORDS)), None)
        if upload is not None:
            steps[upload:upload] = documents
        scenes = [_brief_intro(procedure, facts, language, catalogue), *steps,
                  *(documents if upload is None else []), _facts_card(procedure, facts, language, catalogue), outro]
    return Storyboard(procedure.id, language, facts, tuple(scenes))


def _intro(procedure: Procedure, facts: Facts, language: str, catalogue: Catalogue) -> Scene:
    lines = (
        f"{label(language, 'agency')}: {facts.agency}",
        f"{label(language, 'fee')}: {facts.fee}",
        f"{label(language, 'time')}: {facts.processing_time}",
    )
    if language == "vi":
        spoken = f"Hướng dẫn nộp hồ sơ trực tuyến: {facts.title}. {lines[0]}. {lines[1]}. {lines[2]}."
    else:
        spoken = f"How to apply online: {facts.title}. {lines[0]}. {lines[1]}. {lines[2]}."
    return Scene(  # as long as it is spoken (it says every line it shows): no dead air
        kind="intro", key="intro", heading=facts.title, lines=lines, narration=spoken,
        recording=_recording(catalogue, procedure, "intro", language),
    )


def _brief_intro(procedure: Procedure, facts: Facts, language: str, catalogue: Catalogue) -> Scene:
    summary = procedure.summary.get(language) if procedure.summary else facts.agency
    spoken = f"Hướng dẫn nộp hồ sơ trực tuyến: {facts.title}." if language == "vi" else \
        f"How to apply online: {facts.title}."
    return Scene(
        kind="intro", key="intro", heading=facts.title, lines=(summary,), narration=spoken,
        recording=_recording(catalogue, procedure, "intro", language),
        min_seconds=BRIEF_INTRO_SECONDS,
    )


def _facts_card(procedure: Procedure, facts: Facts, language: str, catalogue: Catalogue) -> Scene:
    lines = (f"{label(language, 'fee')}: {facts.fee}", f"{label(language, 'time')}: {facts.processing_time}",
             f"{label(language, 'agency')}: {facts.agency}")
    return Scene(kind="facts", key="facts", heading=label(language, "facts"), lines=lines,
                 narration=f"{lines[0]}. {lines[1]}. {lines[2]}.",
                 recording=_recording(catalogue, procedure, "facts", language))


def _recording(catalogue: Catalogue, procedure: Procedure, key: str, language: str) -> Path | None:
    """A scene's recorded voice-over, when it has one in this language (a Vietnamese take never speaks English)."""
    name = scene_recording(procedure, key)
    if not name:
        return None
    path = catalogue.asset(name)
    return path if recording_language(path) == language else None


def _document_cards(procedure: Procedure, language: str, catalogue: Catalogue) -> list[Scene]:
    documents = [d.get(language) for d in procedure.documents]
    pages = [documents[i : i + DOCUMENTS_PER_CARD] for i in range(0, len(documents), DOCUMENTS_PER_CARD)]
    scenes = []
    for number, page in enumerate(pages, start=1):
        heading = label(language, "prepare")
        if len(pages) > 1:
            heading += f" ({number}/{len(pages)})"
        intro = "Chuẩn bị" if language == "vi" else "Prepare"
        spoken = f"{intro}: " + "; ".join(page) + "."
        scenes.append(Scene(kind="documents", key=f"documents-{number}", heading=heading, lines=tuple(page),
                            narration=spoken,
                            recording=_recording(catalogue, procedure, f"documents-{number}", language)))
    return scenes


def _outro(procedure: Procedure, facts: Facts, language: str, catalogue: Catalogue, to_site: bool) -> Scene:
    scan = label(language, "scan_site" if to_site else "scan")
    if language == "vi":
        spoken = f"Nộp hồ sơ tại {facts.portal_name}. {scan}. Cần hỗ trợ, gọi đường dây nóng {facts.hotline}."
    else:
        spoken = f"Apply at the {facts.portal_name}. {scan}. For help, call the hotline {facts.hotline}."
    return Scene(
        kind="outro", key="outro", heading=label(language, "submit_at"),
        lines=(facts.portal_name, facts.portal_address, f"{label(language, 'hotline')}: {facts.hotline}", scan),
        narration=spoken,
        recording=_recording(catalogue, procedure, "outro", language),
        min_seconds=MIN_SCENE_SECONDS + 2,  # time to raise a phone and scan the code
    )


def short_address(url: str) -> str:
    """An address as people type it: no scheme, no trailing slash (dichvucong.tayninh.gov.vn)."""
    return url.split("://", 1)[-1].rstrip("/")
