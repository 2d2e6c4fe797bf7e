"""The content format: what staff write in content/*.yaml, declared once, one description per field.

The same models validate the files, produce the JSON Schema editors use for autocompletion,
and are the typed objects every later stage reads. Checks that need the file system or the
whole catalogue (files exist, categories declared, ids unique) live in `load.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from generator.capture.locators import parse_locator

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
LANGUAGES = ("vi", "en")


class Model(BaseModel):
    """Base: unknown keys are errors, numbers are finite, text is not blank, objects are immutable once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, str_strip_whitespace=True)


class Text(Model):
    """A piece of text: a plain Vietnamese string, or a map with `vi` and optional `en`."""

    vi: str = Field(min_length=1, description="Vietnamese text (required).")
    en: str | None = Field(default=None, description="English translation (optional).")

    @model_validator(mode="before")
    @classmethod
    def _from_plain_string(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"vi": value}
        if isinstance(value, dict):
            return value
        raise ValueError("expected text: a string, or a map with 'vi' and optional 'en'")

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        as_map = handler(schema)
        return {"anyOf": [{"type": "string", "minLength": 1}, as_map]}

    def get(self, language: str) -> str:
        """The text in `language`, falling back to Vietnamese."""
        return (self.en if language == "en" else None) or self.vi

    def has(self, language: str) -> bool:
        """Whether a real (not fallback) text exists in `language`."""
        return language == "vi" or (language == "en" and bool(self.en))


def _require_string(value: Any, example: str) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(f'write this value in quotes, e.g. "{example}" (YAML read it as a number)')
    return value


AssetPath = Annotated[str, Field(min_length=1, description="Path of a file inside assets/, e.g. screens/x.png.")]
Slug = Annotated[str, Field(pattern=SLUG, max_length=80,
                            description="Lowercase letters, digits and single hyphens (at most 80).")]


def _valid_locator(text: str) -> str:
    parse_locator(text)
    return text


LocatorText = Annotated[str, AfterValidator(_valid_locator), Field(
    min_length=1, description='An element, Playwright-style: role and accessible name first (button "Nộp hồ sơ"), '
                              'then label "…", placeholder "…", text "…", testid "…", alt "…", title "…"; css "…" '
                              'last. `a >> b` finds b inside a.')]
PERSONA_FIELD = re.compile(r"\{([a-z0-9_]+)\}")
VERBS = ("goto", "click", "fill", "select", "check", "press", "wait", "upload")


class Action(Model):
    """One thing capture does on the portal: exactly one verb, with `value` or `file` where it needs one."""

    goto: str | None = Field(default=None, min_length=1,
                             description="Open this address, relative to capture.base_url (e.g. /dang-nhap.html).")
    click: LocatorText | None = Field(default=None, description="Click this element.")
    fill: LocatorText | None = Field(default=None, description="Type `value` into this field.")
    select: LocatorText | None = Field(default=None, description="Choose the option labelled `value` in this list.")
    check: LocatorText | None = Field(default=None, description="Tick this checkbox or radio button.")
    press: str | None = Field(default=None, min_length=1, description="Press a key, e.g. Enter or Tab.")
    wait: LocatorText | None = Field(default=None, description="Wait until this element is shown.")
    upload: LocatorText | None = Field(default=None,
                                       description="Click this element and give the file chooser `file`.")
    value: str | None = Field(default=None, description="fill: the text, with persona fields in braces ({name}, "
                                                        "{id_number}); select: the option's label.")
    file: AssetPath | None = Field(default=None, description="upload: a file under assets/ (default: a synthetic "
                                                             "sample document).")

    @model_validator(mode="after")
    def _one_verb(self) -> Action:
        verbs = [verb for verb in VERBS if getattr(self, verb) is not None]
        if len(verbs) != 1:
            raise ValueError(f"an action needs exactly one of {', '.join(VERBS)} (got {', '.join(verbs) or 'none'})")
        if verbs[0] in ("fill", "select") and self.value is None:
            raise ValueError(f"{verbs[0]} needs `value:` (the text to type or the option to choose)")
        if verbs[0] not in ("fill", "select") and self.value is not None:
            raise ValueError(f"`value:` goes with fill or select, not {verbs[0]}")
        if verbs[0] != "upload" and self.file is not None:
            raise ValueError(f"`file:` goes with upload, not {verbs[0]}")
        return self

    @property
    def verb(self) -> str:
        """Which of the verbs this action is."""
        return next(verb for verb in VERBS if getattr(self, verb) is not None)

    @property
    def subject(self) -> str:
        """The verb's argument: a locator, an address or a key."""
        return getattr(self, self.verb)


class TargetAction(Model):
    """What the step does to its target after the screenshot: click, check, upload, or {fill|select|press: …}."""

    click: bool | None = Field(default=None, description="Click the target.")
    check: bool | None = Field(default=None, description="Tick the target.")
    upload: bool | AssetPath | None = Field(default=None, description="Click the target and give the file chooser "
                                                                        "this file (true: a synthetic sample).")
    fill: str | None = Field(default=None, description="Type this into the target (persona fields in braces).")
    select: str | None = Field(default=None, description="Choose this option in the target.")
    press: str | None = Field(default=None, min_length=1, description="Press this key in the target.")

    @model_validator(mode="before")
    @classmethod
    def _from_word(cls, value: Any) -> Any:
        if isinstance(value, str):
            if value not in ("click", "check", "upload"):
                raise ValueError(f"'{value}' is not an action; write click, check, upload, or a map such as "
                                 "{fill: \"{name}\"}")
            return {value: True}
        return value

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        as_map = handler(schema)
        return {"anyOf": [{"enum": ["click", "check", "upload"]}, as_map]}

    @model_validator(mode="after")
    def _one_verb(self) -> TargetAction:
        chosen = [name for name in type(self).model_fields if getattr(self, name) not in (None, False)]
        if len(chosen) != 1:
            raise ValueError("`do:` needs exactly one of click, check, upload, fill, select, press")
        return self

    def as_action(self, target: str) -> Action:
        """The same thing as a replayable action on `target`."""
        verb = next(name for name in type(self).model_fields if getattr(self, name) not in (None, False))
        argument = getattr(self, verb)
        if verb == "press":
            return Action(press=argument)
        extra = {"value": argument} if verb in ("fill", "select") else {}
        if verb == "upload" and isinstance(argument, str):
            extra = {"file": argument}
        return Action.model_validate({verb: target, **extra})


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
    do: TargetAction | None = Field(
        default=None, description="Capture: what the citizen does to the target, after the screenshot (click, "
                                  "check, upload, {fill: …}, {select: …}, {press: …}).")
    redact: list[LocatorText] = Field(
        default_factory=list, description="Capture: elements pixelated in the screenshot (password fields always are).")

    @model_validator(mode="after")
    def _do_needs_target(self) -> Step:
        if self.do is not None and self.target is None:
            raise ValueError("`do:` acts on the step's `target:`; add one")
        return self

    @property
    def captured(self) -> bool:
        """Whether capture takes this step's screenshot."""
        return bool(self.actions or self.target or self.do)

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


class Document(Model):
    """A document to prepare: a plain text, or its name with how many originals and copies, a case, a form."""

    name: Text = Field(description="What the document is.")
    originals: int | None = Field(default=None, ge=0, le=20, description="Originals (bản chính) to bring or upload.")
    copies: int | None = Field(default=None, ge=0, le=20, description="Copies (bản sao) to bring.")
    case: Text | None = Field(default=None, description='Only in this case, e.g. "Nếu cha mẹ chưa đăng ký kết hôn"; '
                                                        "documents with the same case are listed together.")
    form: AssetPath | None = Field(default=None, description="Form template under assets/ (PDF, DOC, DOCX, ODT), "
                                                            "offered for download on the page.")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, str) or (isinstance(value, dict) and "vi" in value and "name" not in value):
            return {"name": value}
        if not isinstance(value, dict):
            raise ValueError("expected text: a string, a map with 'vi' and optional 'en', or a map with 'name' "
                             "(and originals, copies, case, form)")
        return value

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        as_map = handler(schema)
        name = handler.resolve_ref_schema(as_map)["properties"]["name"]  # a Text: a string, or vi/en
        return {"anyOf": [name, as_map]}

    def get(self, language: str) -> str:
        """The document's name in `language` (falling back to Vietnamese)."""
        return self.name.get(language)

    def has(self, language: str) -> bool:
        """Whether the name is written in `language`."""
        return self.name.has(language)


class Way(Model):
    """One way to apply (cách thức thực hiện), with its own time, fee and note."""

    channel: Literal["online", "in_person", "post"] = Field(
        description="online (trực tuyến), in_person (trực tiếp) or post (dịch vụ bưu chính).")
    processing_time: Text | None = Field(default=None, description="Processing time this way.")
    fee: Text | None = Field(default=None, description="Fee this way, as the portal writes it.")
    fee_amount: int | None = Field(default=None, ge=0, description="The fee as an amount in đồng (0 when free).")
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
    hotline: str | None = Field(default=None, description="Phone, in quotes (default: the site's hotline).")
    map_url: str | None = Field(default=None, pattern=r"^https://", description="A map link (https).")

    @field_validator("hotline", mode="before")
    @classmethod
    def _hotline_is_text(cls, value: Any) -> Any:
        return _require_string(value, "0272 3xxx xxx")


class JourneyLink(Model):
    """A step of a journey that has no page here: a title and where to do it."""

    title: Text = Field(description="What the step is.")
    url: str = Field(pattern=r"^https://", description="Where to do it (https).")


class Journey(Model):
    """Procedures citizens do one after another (GOV.UK-style step by step), e.g. a newborn's papers."""

    id: Slug = Field(description="Slug of the journey.")
    title: Text = Field(description="What the journey achieves, e.g. Giấy tờ cho trẻ mới sinh.")
    steps: list[Slug | JourneyLink] = Field(min_length=2, description="In order: procedure ids of this catalogue, "
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
    agency: Text = Field(description="Who processes the application.")
    level: Literal["full", "partial"] = Field(
        description="full = fully online (toàn trình); partial = partly online (một phần)."
    )
    audience: list[Literal["citizen", "business"]] = Field(
        default_factory=lambda: ["citizen"], description="Who can submit it."
    )
    portal_url: str = Field(pattern=r"^https://", description="https URL where the application is submitted.")
    fee: Text = Field(description="Fee (lệ phí), as written on the portal.")
    fee_amount: int | None = Field(default=None, ge=0, description="The online fee as an amount in đồng (0: free).")
    processing_time: Text = Field(description="Processing time (thời hạn giải quyết).")
    ways: list[Way] = Field(default_factory=list, description="Ways to apply (online, in person, by post), each "
                                                              "with its own time, fee and note.")
    in_person: Text | None = Field(default=None, description="Partly online procedures: which part must be done in "
                                                             "person, and where.")
    conditions: list[Text] = Field(default_factory=list, description="Conditions (yêu cầu, điều kiện) to meet.")
    documents: list[Document] = Field(min_length=1, description="Documents to prepare (at least one): a text, or a "
                                                                "map with name, originals, copies, case, form.")
    result: Result | None = Field(default=None, description="What the citizen receives, and how.")
    office: Office | None = Field(default=None, description="Where to go in person, when not the site's office.")
    offline: Text | None = Field(default=None, description="If you cannot do it online: what to do instead "
                                                           "(default: the site's advice).")
    related: list[Slug] = Field(default_factory=list, description="Ids of related procedures, shown as links.")
    steps: list[Step] = Field(min_length=1, max_length=30, description="The steps on the portal (1 to 30).")
    faq: list[Faq] = Field(default_factory=list, description="Frequently asked questions.")
    legal_basis: list[Text] = Field(default_factory=list, description="Laws and decrees it rests on.")
    tags: list[Slug] = Field(default_factory=list, description="Slugs for grouping and related procedures.")
    updated: dt.date = Field(description="Date this file was last checked against the portal (YYYY-MM-DD).")
    featured: bool = Field(default=False, description="Show on the home page as a common procedure.")
    cursor: bool = Field(default=True, description="Clips: a cursor (a finger on phones) shows where to tap.")
    zoom: bool | None = Field(default=None, description="Clips: ease in towards each highlight (default: only "
                                                        "towards small ones).")
    persona: Slug | None = Field(default=None, description="Capture: the synthetic citizen (content/personas.yaml) "
                                                            "whose values fill the forms (default: the first).")
    intro_audio: AssetPath | None = Field(default=None, description="Recorded voice-over for the intro card.")
    outro_audio: AssetPath | None = Field(default=None, description="Recorded voice-over for the outro card.")

    @field_validator("code", mode="before")
    @classmethod
    def _code_is_text(cls, value: Any) -> Any:
        return _require_string(value, "1.001193")

    @field_validator("portal_url", mode="before")
    @classmethod
    def _https_only(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.startswith("https://"):
            raise ValueError(f"portal_url must start with https:// (got '{value[:60]}')")
        return value


class Organization(Model):
    """The centre that publishes the guides."""

    name: Text = Field(description="Full name, e.g. Trung tâm Phục vụ hành chính công xã Cần Đước.")
    short_name: str = Field(min_length=1, description="Short name for small spaces.")


class Portal(Model):
    """The public-service portal where procedures are submitted."""

    name: Text = Field(description="Portal name as citizens know it.")
    url: str = Field(pattern=r"^https://", description="https URL of the portal's home page.")


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

    @model_validator(mode="after")
    def _piper_needs_a_voice_file(self) -> VoiceChoice:
        if (self.engine == "piper" or "piper" in self.fallback) and not self.model:
            raise ValueError("the piper engine needs `model:` (the voice's .onnx file under the project)")
        return self


def _default_voices() -> dict[str, VoiceChoice]:
    return {"vi": VoiceChoice(), "en": VoiceChoice(voice="en-us", rate=160)}


class Login(Model):
    """A portal behind a login (VNeID): where to log in, and how a signed-in page is recognised."""

    url: str = Field(min_length=1, description="Login page, relative to base_url.")
    signed_in: LocatorText = Field(description='An element only a signed-in page shows, e.g. link "Đăng xuất".')


class CaptureSettings(Model):
    """Where and how `guidegen capture` opens the portal."""

    base_url: str = Field(pattern=r"^https?://", description="The portal's address; steps' `goto` is relative to it.")
    serve: AssetPath | None = Field(
        default=None, description="Sample catalogues: serve this folder under assets/ on 127.0.0.1 and capture it "
                                  "instead of base_url.")
    allowed_hosts: list[str] = Field(default_factory=list,
                                     description="Hosts capture may open; any other is refused (default: base_url's).")
    timeout: float = Field(default=15, gt=0, le=120, description="Seconds each action may take.")
    viewport: tuple[int, int] = Field(default=(1280, 720), description="Browser window in CSS pixels [width, height].")
    phone_viewport: tuple[int, int] = Field(default=(390, 844),
                                            description="Phone window for the vertical clip's screenshots.")
    scale: float = Field(default=2, ge=1, le=3, description="Device pixels per CSS pixel (2 keeps zooms sharp).")
    login: Login | None = Field(default=None, description="Set when the portal needs a person to log in first.")


class Persona(Model):
    """A synthetic citizen whose values fill forms during capture, so that no real person's data is ever shown."""

    id: Slug = Field(description="Slug that procedures' `persona` names.")
    name: str = Field(min_length=1, description="Full name, e.g. Nguyễn Văn An.")
    date_of_birth: str = Field(pattern=r"^\d{2}/\d{2}/\d{4}$", description="dd/mm/yyyy, as portals ask.")
    id_number: str = Field(
        pattern=r"^000\d{9}$", description="12-digit personal ID starting 000: no province has code 000, so it "
                                           "cannot belong to anyone.")
    address: str = Field(min_length=1, description="An address in the district.")
    phone: str = Field(pattern=r"^0[0-9 ]{9,12}$", description="Phone number, in quotes.")
    email: str | None = Field(default=None, description="E-mail address (use example.vn).")
    password: str | None = Field(default=None, description="Password typed into the mock portal's login.")
    more: dict[str, str] = Field(default_factory=dict,
                                 description="Further values by name (child_name, business_name, …).")

    def fields(self) -> dict[str, str]:
        """Every value by the name a `{…}` placeholder uses."""
        plain = {name: getattr(self, name) for name in ("name", "date_of_birth", "id_number", "address", "phone",
                                                        "email", "password") if getattr(self, name) is not None}
        return {**plain, **self.more}

    def fill(self, template: str) -> str:
        """`template` with every {field} replaced; KeyError names an unknown field."""
        values = self.fields()
        return PERSONA_FIELD.sub(lambda match: values[match.group(1)], template)


class Personas(Model):
    """content/personas.yaml: the synthetic citizens capture may type into the portal."""

    personas: list[Persona] = Field(min_length=1, description="The first is used unless a procedure names another.")

    def get(self, persona_id: str | None) -> Persona | None:
        """The persona with this id (the first when None)."""
        if persona_id is None:
            return self.personas[0]
        return next((p for p in self.personas if p.id == persona_id), None)


class Settings(Model):
    """Site-wide settings: content/settings.yaml."""

    organization: Organization = Field(description="The centre that publishes the guides.")
    hotline: str = Field(min_length=1, description='Hotline shown on clips and pages, in quotes: "0272 3xxx xxx".')
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
        default=None, pattern=r"^https?://", description="Public address of the help site (QR codes point there)."
    )
    office: Office | None = Field(default=None, description="The office citizens visit: every page's footer, the "
                                                           "contact page, the offline help.")
    offline: Text | None = Field(default=None, description="If you cannot do it online: the advice every procedure "
                                                           "page gives unless it has its own.")
    journeys: list[Journey] = Field(default_factory=list, description="Procedures done one after another.")
    capture: CaptureSettings | None = Field(default=None, description="Where `guidegen capture` opens the portal.")

    @field_validator("glossary")
    @classmethod
    def _glossary_words(cls, glossary: dict[str, str]) -> dict[str, str]:
        for written, spoken in glossary.items():
            if not written.strip() or not spoken.strip():
                raise ValueError(f"glossary entry '{written}: {spoken}' needs both a written form and how to say it")
        return glossary

    @field_validator("hotline", mode="before")
    @classmethod
    def _hotline_is_text(cls, value: Any) -> Any:
        return _require_string(value, "0272 3xxx xxx")

    def category(self, category_id: str) -> Category | None:
        """The category with this id, if declared."""
        return next((c for c in self.categories if c.id == category_id), None)
