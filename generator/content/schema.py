"""The content format: what staff write in content/*.yaml, declared once, one description per field.

The same models validate the files, produce the JSON Schema editors use for autocompletion,
and are the typed objects every later stage reads. Checks that need the file system or the
whole catalogue (files exist, categories declared, ids unique) live in `load.py`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, GetJsonSchemaHandler, field_validator, model_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

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
    processing_time: Text = Field(description="Processing time (thời hạn giải quyết).")
    documents: list[Text] = Field(min_length=1, description="Documents to prepare (at least one).")
    steps: list[Step] = Field(min_length=1, max_length=30, description="The steps on the portal (1 to 30).")
    faq: list[Faq] = Field(default_factory=list, description="Frequently asked questions.")
    legal_basis: list[Text] = Field(default_factory=list, description="Laws and decrees it rests on.")
    tags: list[Slug] = Field(default_factory=list, description="Slugs for grouping and related procedures.")
    updated: dt.date = Field(description="Date this file was last checked against the portal (YYYY-MM-DD).")
    featured: bool = Field(default=False, description="Show on the home page as a common procedure.")
    cursor: bool = Field(default=True, description="Clips: a cursor (a finger on phones) shows where to tap.")
    zoom: bool | None = Field(default=None, description="Clips: ease in towards each highlight (default: only "
                                                        "towards small ones).")
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

    name: Text = Field(description="Full name, e.g. Trung tâm Phục vụ hành chính công huyện Cần Đước.")
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
    formats: list[Literal["tv-1080p", "vertical", "draft"]] = Field(
        default_factory=lambda: ["tv-1080p"], description="Clip formats `guidegen build` renders."
    )
    site_url: str | None = Field(
        default=None, pattern=r"^https?://", description="Public address of the help site (QR codes point there)."
    )

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
