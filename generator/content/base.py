"""The content format's building blocks: the strict base model, bilingual text, asset paths and slugs."""

from __future__ import annotations

import ipaddress
import re
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    BeforeValidator,
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


URL_FORBIDDEN = re.compile(r"[\s\"'<>\\`{}|^]")  # characters that would let an address break out of where it is written
HOST_NAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")
PHONE = re.compile(r"^\+?[0-9][0-9 .()-]{2,18}[0-9]$")


def web_address(value: Any, *, schemes: tuple[str, ...] = ("https",)) -> Any:
    """The value, if it is a whole web address: an allowed scheme, a real host, no credentials, nothing to break out."""
    if not isinstance(value, str):
        return value
    shown = value[:60]
    scheme_words = " or ".join(f"{scheme}://" for scheme in schemes)
    bad = URL_FORBIDDEN.search(value)
    if bad:
        what = "a space" if bad.group().isspace() else f"'{bad.group()}'"
        raise ValueError(f"a web address cannot contain {what}; write it as the browser shows it (got '{shown}')")
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        raise ValueError(f"not a valid web address (got '{shown}')") from None
    if parts.scheme.lower() not in schemes or not value.lower().startswith(f"{parts.scheme.lower()}://"):
        raise ValueError(f"must be a full {scheme_words} address (got '{shown}')")
    if parts.username is not None or parts.password is not None:
        raise ValueError("a web address must not carry a user name or password (credentials never go in content)")
    if not parts.hostname or not valid_host(parts.hostname):
        raise ValueError(f"'{shown}' has no valid host name")
    if port == 0:
        raise ValueError(f"'{shown}' has port 0")
    return value


def valid_host(host: str) -> bool:
    """Whether `host` is a host name (letters, digits, hyphens, dots) or an IP address."""
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        return bool(HOST_NAME.match(host.lower()))


def phone_number(value: Any) -> Any:
    """The value, if it reads as a phone number (digits, spaces, dots, hyphens, brackets, a leading +)."""
    value = require_string(value, "0272 3xxx xxx")
    if isinstance(value, str) and not PHONE.match(value.strip()):
        raise ValueError(f"'{value[:40]}' is not a phone number: digits, spaces and dots, e.g. \"0272 3870 111\"")
    return value


WebAddress = Annotated[str, BeforeValidator(web_address), Field(description="A full https:// address.")]
PhoneNumber = Annotated[str, BeforeValidator(phone_number), Field(description='A phone number, in quotes.')]
