"""The content format's building blocks: the strict base model, bilingual text, asset paths and slugs."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    model_validator,
)
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


def require_string(value: Any, example: str) -> Any:
    """The value, unless YAML read it as a number where text (a code, a phone number) was meant."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(f'write this value in quotes, e.g. "{example}" (YAML read it as a number)')
    return value


AssetPath = Annotated[str, Field(min_length=1, description="Path of a file inside assets/, e.g. screens/x.png.")]
Slug = Annotated[str, Field(pattern=SLUG, max_length=80,
                            description="Lowercase letters, digits and single hyphens (at most 80).")]
