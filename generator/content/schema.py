"""The content format: what staff write in content/*.yaml, declared once, one description per field.

The same models validate the files, produce the JSON Schema editors use for autocompletion,
and are the typed objects every later stage reads. Checks that need the file system or the
whole catalogue (files exist, categories declared, ids unique) live in `load.py`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    Discriminator,
    Field,
    GetJsonSchemaHandler,
    StringConstraints,
    Tag,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from generator.content.base import (
    LANGUAGES,
    SLUG,
    AssetPath,
    Model,
    PhoneNumber,
    Slug,
    Text,
    WebAddress,
    require_string,
    web_address,
)
from generator.content.capture_model import (
    PERSONA_FIELD,
    Action,
    AreaBox,
    CaptureSettings,
    LocatorText,
    Login,
    Persona,
    Personas,
    TargetAction,
)

MAX_FEE = 10**12  # a thousand billion đồng: above any fee a procedure charges, below what a page can show
RESERVED_NAMES = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}

__all__ = ["LANGUAGES", "PERSONA_FIELD", "SLUG", "Action", "AssetPath", "CaptureSettings", "Document", "Login",
           "Model", "Office", "Persona", "Personas", "Procedure", "Settings", "Slug", "Step", "TargetAction", "Text"]

def not_reserved(value: str) -> str:
    """The id, unless Windows cannot make a file of that name (con, aux, nul, com1, …)."""
    if value in RESERVED_NAMES:
        raise ValueError(f"'{value}' cannot be a file name on Windows; choose another id")
    return value


RedactItem = Annotated[Annotated[LocatorText, Tag("locator")] | Annotated[AreaBox, Tag("area")],
                       Discriminator(lambda value: "area" if isinstance(value, list | tuple) else "locator")]


class Step(Model):
    """One step a citizen does on the portal; one scene of the clip, one numbered item on the page."""

    title: Text = Field(description="Short on-screen heading of the step.")
    narration: Text | None = Field(default=None, description="What the voice says; defaults to the title.")
    screenshot: AssetPath | None = Field(default=None, description="Screenshot of the portal for this step.")
    highlight: tuple[float, float, float, float] | None = Field(
        default=None, description="Box to emphasise, [x, y, w, h] as fractions 0..1 of the screenshot."
    )
    duration: float | None = Field(default=None, gt=0, le=120, description="Minimum seconds on screen.")
    audio: AssetPath | None = Field(
        default=None, description="Recorded voice-over under assets/ (wav, mp3, m4a, ogg); replaces TTS."
    )
    cursor: bool | None = Field(
        default=None, description="Show a cursor gliding to the highlight and clicking (default: the procedure's).")
    zoom: bool | None = Field(
        default=None, description="Ease in towards the highlight (default: the procedure's, or when it is small).")
    typing: str | None = Field(
        default=None, max_length=80,
        description="Text typed into the highlighted field in the clip, letter by letter (a synthetic persona's "
                    "value, never a real citizen's).")

    actions: list[Action] = Field(
        default_factory=list, max_length=40,
        description="Capture: what to do on the portal to reach this step's screen from the previous step's.")
    target: LocatorText | None = Field(
        default=None, description="Capture: the element this step is about; its box is the highlight (an explicit "
                                  "`highlight` still wins).")
    then: list[LocatorText] = Field(
        default_factory=list, max_length=4,
        description="Capture: further elements the narration names, in order after the target; the clip's cursor "
                    "visits and presses each (e.g. a checkbox, then the Send button).")
    do: TargetAction | None = Field(
        default=None, description="Capture: what the citizen does to the target, after the screenshot (click, "
                                  "check, upload, {fill: …}, {select: …}, {press: …}).")
    redact: list[RedactItem] = Field(
        default_factory=list, max_length=20,
        description="Capture: elements (or areas [x, y, w, h] in CSS pixels) pixelated in the screenshot (password "
                    "fields always are).")

    @model_validator(mode="after")
    def _do_needs_target(self) -> Step:
        if self.do is not None and self.target is None:
            raise ValueError("`do:` acts on the step's `target:`; add one")
        if self.then and self.target is None:
            raise ValueError("`then:` lists elements after the step's `target:`; add one")
        return self

    @property
    def captured(self) -> bool:
        """Whether capture takes this step's screenshot."""
        return bool(self.actions or self.target or self.do or self.then)

    def replay(self) -> list[Action]:
        """Every action of this step in order: those before the screenshot, then the one on the target."""
        after = [self.do.as_action(self.target)] if self.do is not None and self.target is not None else []
        return [*self.actions, *after]

    @field_validator("highlight", mode="before")
    @classmethod
    def _highlight_has_four_numbers(cls, value: Any) -> Any:
        if isinstance(value, list | tuple) and len(value) != 4:
            raise ValueError(f"highlight needs exactly 4 numbers [x, y, w, h], got {len(value)}")
        return value

    @field_validator("highlight")
    @classmethod
    def _highlight_inside(cls, box: tuple[float, float, float, float] | None) -> Any:
        if box is None:
            return box
        x, y, w, h = box
        if min(box) < 0 or max(box) > 1:
            raise ValueError(f"highlight values must be fractions between 0 and 1, got {list(box)}")
        if w <= 0 or h <= 0:
            raise ValueError("highlight width and height must be greater than 0")
        if x + w > 1.0001 or y + h > 1.0001:
            raise ValueError(f"highlight box {list(box)} reaches outside the screenshot (x+w and y+h must be <= 1)")
        return box

    def spoken(self) -> Text:
        """The narration, or the title when none is written."""
        return self.narration or self.title


CARD_KEY = r"^(?:intro|facts|outro|documents-[1-9])$"  # the cards a clip has besides its steps


class _Named(Model):
    """A thing with a name and details, written as its plain name when it has no details."""

    name: Text = Field(description="What it is.")
    details: ClassVar[tuple[str, ...]] = ()  # the other fields, named in the error for a wrong value

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, str) or (isinstance(value, dict) and "vi" in value and "name" not in value):
            return {"name": value}
        if not isinstance(value, dict):
            details = ", ".join(cls.details)
            raise ValueError("expected text: a string, a map with 'vi' and optional 'en', or a map with 'name' "
                             f"(and {details})")
        return value

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        as_map = handler(schema)
        name = handler.resolve_ref_schema(as_map)["properties"]["name"]  # a Text: a string, or vi/en
        return {"anyOf": [name, as_map]}

    def get(self, language: str) -> str:
        """The name in `language` (falling back to Vietnamese)."""
        return self.name.get(language)

    def has(self, language: str) -> bool:
        """Whether the name is written in `language`."""
        return self.name.has(language)


class Document(_Named):
    """A document to prepare: a plain text, or its name with how many originals and copies, a case, a form."""

    details = ("originals", "copies", "shown", "case", "form")
    name: Text = Field(description="What the document is.")
    originals: int | None = Field(default=None, ge=0, le=20, description="Originals (bản chính) to bring or upload.")
    copies: int | None = Field(default=None, ge=0, le=20, description="Copies (bản sao) to bring.")
    shown: bool = Field(default=False, description="Only shown (xuất trình), at the desk or through VNeID, not "
                                                   "handed in: listed apart, with no count (e.g. the ID card).")
    case: Text | None = Field(default=None, description='Only in this case, e.g. "Nếu cha mẹ chưa đăng ký kết hôn"; '
                                                        "documents with the same case are listed together.")
    form: AssetPath | None = Field(default=None, description="Form template under assets/ (PDF, DOC, DOCX, ODT), "
                                                            "offered for download on the page.")


class Law(_Named):
    """A law, decree or circular a procedure rests on: its name, and where its official text is."""

    details = ("url",)
    name: Text = Field(description='Its number and name, e.g. "Luật Hộ tịch số 60/2014/QH13".')
    url: WebAddress | None = Field(default=None, description="Where its official text is read (https).")


class Way(Model):
    """One way to apply (cách thức thực hiện), with its own time, fee and note."""

    channel: Literal["online", "in_person", "post"] = Field(
        description="online (trực tuyến), in_person (trực tiếp) or post (dịch vụ bưu chính).")
    processing_time: Text | None = Field(default=None, description="Processing time this way.")
    fee: Text | None = Field(default=None, description="Fee this way, as the portal writes it.")
    fee_amount: int | None = Field(default=None, ge=0, le=MAX_FEE, description="The fee as an amount in đồng (0 "
                                                                           "when free).")
    note: Text | None = Field(default=None, description="Anything particular to this way.")


class Result(Model):
    """What the citizen receives at the end."""

    paper: Text = Field(description="The paper (or electronic document) issued.")
    delivery: Text | None = Field(default=None, description="How it reaches the citizen (post, desk, VNeID, …).")


class Office(Model):
    """Where citizens go in person: shown on every page's footer, the contact page and the offline help."""

    name: Text = Field(description="The office's name.")
    address: Text = Field(description="Street address.")
    hours: Text = Field(description="Opening hours.")
    hotline: PhoneNumber | None = Field(default=None, description="Phone, in quotes (default: the site's hotline).")
    map_url: WebAddress | None = Field(default=None, description="A map link (https).")


class JourneyLink(Model):
    """A step of a journey that has no page here: a title and where to do it."""

    title: Text = Field(description="What the step is.")
    url: WebAddress = Field(description="Where to do it (https).")
    processing_time: Text | None = Field(default=None, description="How long it takes.")
    fee: Text | None = Field(default=None, description="What it costs.")
    documents: list[Text] = Field(default_factory=list, max_length=10, description="What to bring or upload.")


JourneyStep = Annotated[Annotated[Slug, Tag("str")] | Annotated[JourneyLink, Tag("JourneyLink")],
                        Discriminator(lambda value: "JourneyLink" if isinstance(value, dict) else "str")]


class Journey(Model):
    """Procedures citizens do one after another (GOV.UK-style step by step), e.g. a newborn's papers."""

    id: Slug = Field(description="Slug of the journey.")
    title: Text = Field(description="What the journey achieves, e.g. Giấy tờ cho trẻ mới sinh.")
    steps: list[JourneyStep] = Field(min_length=2, description="In order: procedure ids of this catalogue, "
                                                                         "or {title, url} for one done elsewhere.")


class Faq(Model):
    """A question citizens ask at the desk, with its answer."""

    q: Text = Field(description="The question.")
    a: Text = Field(description="The answer.")


class Procedure(Model):
    """One administrative procedure (thủ tục hành chính): one file content/procedures/<id>.yaml."""

    id: Slug = Field(description="Lowercase slug; must equal the file name without .yaml.")
    code: str | None = Field(default=None, description='National procedure code, e.g. "1.001193".')
    title: Text = Field(description="Official name of the procedure.")
    summary: Text | None = Field(default=None, description="One or two sentences: what it is for.")
    category: Slug = Field(description="Category id declared in settings.yaml.")
    agency: Text = Field(description="The office that receives and processes the application.")
    decided_by: Text | None = Field(default=None, description="The authority that decides (cơ quan có thẩm quyền "
                                                              "quyết định), when not the office that receives it.")
    applicants: Text | None = Field(default=None, description="Who may apply (đối tượng thực hiện), as a sentence "
                                                              "(default: a word from audience).")
    level: Literal["full", "partial"] = Field(
        description="full = fully online (toàn trình); partial = partly online (một phần)."
    )
    audience: list[Literal["citizen", "business"]] = Field(
        default_factory=lambda: ["citizen"], description="Who can submit it."
    )
    portal_url: WebAddress = Field(description="https URL where the application is submitted.")
    fee: Text = Field(description="Fee (lệ phí), as written on the portal.")
    fee_amount: int | None = Field(default=None, ge=0, le=MAX_FEE, description="The online fee as an amount in đồng "
                                                                           "(0: free).")
    processing_time: Text = Field(description="Processing time (thời hạn giải quyết).")
    ways: list[Way] = Field(default_factory=list, description="Ways to apply (online, in person, by post), each "
                                                              "with its own time, fee and note.")
    in_person: Text | None = Field(default=None, description="Partly online procedures: which part must be done in "
                                                             "person, and where.")
    conditions: list[Text] = Field(default_factory=list, description="Conditions (yêu cầu, điều kiện) to meet.")
    document_sets: int | None = Field(default=None, ge=1, le=10, description="How many sets (bộ) of the documents "
                                                                           "to hand in (số lượng hồ sơ).")
    documents: list[Document] = Field(min_length=1, description="Documents to prepare (at least one): a text, or a "
                                                                "map with name, originals, copies, case, form.")
    result: Result | None = Field(default=None, description="What the citizen receives, and how.")
    office: Office | None = Field(default=None, description="Where to go in person, when not the site's office.")
    offline: Text | None = Field(default=None, description="If you cannot do it online: what to do instead "
                                                           "(default: the site's advice).")
    related: list[Slug] = Field(default_factory=list, description="Ids of related procedures, shown as links.")
    after_submit: list[Text] = Field(default_factory=list, max_length=12,
                                     description="What happens after you submit, in order (default: the site's).")
    also_called: list[Text] = Field(default_factory=list, max_length=20,
                                    description='Other names people use for it, e.g. "làm sổ đỏ", "mở quán ăn": '
                                                "search finds the procedure by them.")
    steps: list[Step] = Field(min_length=1, max_length=30, description="The steps on the portal (1 to 30).")
    faq: list[Faq] = Field(default_factory=list, description="Frequently asked questions.")
    legal_basis: list[Law] = Field(default_factory=list, description="Laws and decrees it rests on: a text, or "
                                                                     "a map with name and url (its official text).")
    tags: list[Slug] = Field(default_factory=list, description="Slugs for grouping and related procedures.")
    updated: dt.date = Field(description="Date this file was last checked against the portal (YYYY-MM-DD).")
    published: dt.date | None = Field(
        default=None, description="Date the guide was first shown to citizens (lobby TV, site): `guidegen plan` "
                                  "compares the share of files submitted online before and after it.")
    featured: bool = Field(default=False, description="Show on the home page as a common procedure.")
    cursor: bool = Field(default=True, description="Clips: a cursor (a finger on phones) shows where to tap.")
    zoom: bool | None = Field(default=None, description="Clips: ease in towards each highlight (default: only "
                                                        "towards small ones).")
    persona: Slug | None = Field(default=None, description="Capture: the synthetic citizen (content/personas.yaml) "
                                                            "whose values fill the forms (default: the first).")
    card_audio: dict[Annotated[str, StringConstraints(pattern=CARD_KEY)], AssetPath] = Field(
        default_factory=dict, description="Recorded voice-overs of the cards, by card: intro, documents-1 (and -2, "
                                          "…), facts, outro (the studio records them).")
    intro_audio: AssetPath | None = Field(default=None, description="Recorded voice-over for the intro card.")
    outro_audio: AssetPath | None = Field(default=None, description="Recorded voice-over for the outro card.")

    @field_validator("code", mode="before")
    @classmethod
    def _code_is_text(cls, value: Any) -> Any:
        return require_string(value, "1.001193")

    @field_validator("id")
    @classmethod
    def _not_a_reserved_name(cls, value: str) -> str:
        return not_reserved(value)

    @field_validator("updated")
    @classmethod
    def _not_in_the_future(cls, value: dt.date) -> dt.date:
        latest = dt.date.today() + dt.timedelta(days=1)  # a day's grace for time zones
        if value > latest:
            raise ValueError(f"{value.isoformat()} is in the future; write the date the file was last checked")
        return value



class Organization(Model):
    """The centre that publishes the guides."""

    name: Text = Field(description="Full name, e.g. Trung tâm Phục vụ hành chính công xã Cần Đước.")
    short_name: str = Field(min_length=1, description="Short name for small spaces.")


class Portal(Model):
    """The public-service portal where procedures are submitted."""

    name: Text = Field(description="Portal name as citizens know it.")
    url: WebAddress = Field(description="https URL of the portal's home page.")


class Category(Model):
    """A group of procedures (navigation on the site, selectors in playlists)."""

    id: Slug = Field(description="Slug used by procedures' `category`.")
    title: Text = Field(description="Name shown to citizens.")


class Brand(Model):
    """Colours and logo for clips and site."""

    primary: str = Field(default="#0b4f9c", pattern=r"^#[0-9a-fA-F]{6}$", description="Main colour (#rrggbb).")
    accent: str = Field(default="#d92d20", pattern=r"^#[0-9a-fA-F]{6}$", description="Highlight colour.")
    logo: AssetPath | None = Field(default=None, description="Logo image under assets/ (PNG with transparency).")


class VoiceChoice(Model):
    """Which narration engine speaks one language, and how."""

    engine: Literal["espeak-ng", "gtts", "piper", "auto"] = Field(
        default="espeak-ng",
        description="Narration engine. auto: Piper when its voice file is there, else gTTS when the network "
                    "answers, else espeak-ng.")
    voice: str = Field(default="vi", description="espeak-ng voice, e.g. vi, vi-vn-x-south, en-us.")
    rate: int = Field(default=150, ge=80, le=400, description="Speaking rate (words per minute, espeak-ng).")
    model: str | None = Field(
        default=None, min_length=1,
        description="Piper voice file under the project, e.g. voices/vi_VN-vais1000-medium.onnx (its .onnx.json "
                    "beside it). Never in git; `guidegen voices` says where to get one.")
    speaker: int | str | None = Field(default=None, description="Piper: speaker id or name (voices with several).")
    length_scale: float | None = Field(default=None, gt=0, le=3,
                                       description="Piper: pace, 1.0 as trained; 1.2 speaks slower.")
    fallback: list[Literal["espeak-ng", "gtts", "piper"]] = Field(
        default_factory=lambda: ["espeak-ng"], description="Engines to try, in order, when this one fails."
    )

    @field_validator("model")
    @classmethod
    def _model_inside_the_project(cls, value: str | None) -> str | None:
        if value is not None and (value.startswith(("/", "\\", "~")) or ".." in value.replace("\\", "/").split("/")
                                  or ":" in value):
            raise ValueError(f"the voice file must be inside the project, e.g. voices/vi.onnx (got '{value[:60]}')")
        return value

    @model_validator(mode="after")
    def _piper_needs_a_voice_file(self) -> VoiceChoice:
        if (self.engine == "piper" or "piper" in self.fallback) and not self.model:
            raise ValueError("the piper engine needs `model:` (the voice's .onnx file under the project)")
        return self


def _default_voices() -> dict[str, VoiceChoice]:
    return {"vi": VoiceChoice(), "en": VoiceChoice(voice="en-us", rate=160)}


class PlanSettings(Model):
    """How the centre's export of files received (the one-stop system's report) is read."""

    columns: dict[Literal["code", "name", "total", "online", "in_person", "post", "period", "hour", "level"], str] = \
        Field(default_factory=dict, description="The export's header for each column when it is not one guidegen "
                                                "knows (Mã TTHC, Tên thủ tục, Tổng số hồ sơ tiếp nhận, Trực tuyến, "
                                                "Trực tiếp, Bưu chính, Kỳ báo cáo), e.g. {online: Nộp qua mạng}.")


class Settings(Model):
    """Site-wide settings: content/settings.yaml."""

    organization: Organization = Field(description="The centre that publishes the guides.")
    hotline: PhoneNumber = Field(description='Hotline shown on clips and pages, in quotes: "0272 3xxx xxx".')
    portal: Portal = Field(description="The public-service portal.")
    languages: list[Literal["vi", "en"]] = Field(default_factory=lambda: ["vi"], description="Languages built.")
    categories: list[Category] = Field(min_length=1, description="Procedure categories.")
    brand: Brand = Field(default_factory=Brand, description="Colours and logo.")
    glossary: dict[str, str] = Field(
        default_factory=dict, description="Abbreviation -> spoken expansion, e.g. UBND: Ủy ban nhân dân."
    )
    voice: dict[Literal["vi", "en"], VoiceChoice] = Field(
        default_factory=_default_voices, description="Narration engine per language."
    )
    speak_urls: bool = Field(default=True, description="Read web addresses aloud (else skip them).")
    formats: list[Literal["tv-1080p", "vertical", "draft", "web"]] = Field(
        default_factory=lambda: ["tv-1080p"],
        description="Clip formats `guidegen build` renders (it adds web, the help site's rendition).")
    site_url: str | None = Field(
        default=None, description="Public address of the help site, http:// or https:// (QR codes point there)."
    )
    office: Office | None = Field(default=None, description="The office citizens visit: every page's footer, the "
                                                           "contact page, the offline help.")
    offline: Text | None = Field(default=None, description="If you cannot do it online: the advice every procedure "
                                                           "page gives unless it has its own.")
    after_submit: list[Text] = Field(default_factory=list, max_length=12,
                                     description="What happens after you submit, in order: the advice every "
                                                 "procedure page gives unless it has its own.")
    journeys: list[Journey] = Field(default_factory=list, description="Procedures done one after another.")
    capture: CaptureSettings | None = Field(default=None, description="Where `guidegen capture` opens the portal.")
    plan: PlanSettings | None = Field(default=None, description="How `guidegen plan` reads the one-stop system's "
                                                                "export.")

    @field_validator("glossary")
    @classmethod
    def _glossary_words(cls, glossary: dict[str, str]) -> dict[str, str]:
        for written, spoken in glossary.items():
            if not written.strip() or not spoken.strip():
                raise ValueError(f"glossary entry '{written}: {spoken}' needs both a written form and how to say it")
        return glossary

    @field_validator("site_url", mode="before")
    @classmethod
    def _site_url(cls, value: Any) -> Any:
        return web_address(value, schemes=("https", "http"))

    def category(self, category_id: str) -> Category | None:
        """The category with this id, if declared."""
        return next((c for c in self.categories if c.id == category_id), None)
