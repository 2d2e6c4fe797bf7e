"""The content format for capture: locators, actions, what a step does to its target, personas, capture settings."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    Field,
    GetJsonSchemaHandler,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from generator.capture.locators import parse_locator
from generator.content.base import AssetPath, Model, Slug, valid_host, web_address


def _valid_locator(text: str) -> str:
    parse_locator(text)
    return text


LocatorText = Annotated[str, AfterValidator(_valid_locator), Field(
    min_length=1, description='An element, Playwright-style: role and accessible name first (button "Nộp hồ sơ"), '
                              'then label "…", placeholder "…", text "…", testid "…", alt "…", title "…"; css "…" '
                              'last. `a >> b` finds b inside a.')]
AreaBox = Annotated[tuple[Annotated[float, Field(ge=0, le=10000)], Annotated[float, Field(ge=0, le=10000)],
                          Annotated[float, Field(gt=0, le=10000)], Annotated[float, Field(gt=0, le=10000)]],
                    Field(description="An area of the page, [x, y, width, height] in CSS pixels (drawn in the "
                                      "studio).")]
PERSONA_FIELD = re.compile(r"\{([a-z0-9_]+)\}")
UPLOADS = "uploads"  # assets/uploads/: the synthetic sample documents capture may give a portal, and nothing else
Pixels = Annotated[int, Field(ge=200, le=4096)]


def _address_on_the_portal(value: str) -> str:
    """A `goto` address: a path on the portal, or a full http(s) address; never file:, data: or javascript:."""
    if value.startswith("//"):
        raise ValueError(f"'{value[:60]}' leaves the portal; write a path such as /dang-nhap.html")
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", value):
        web_address(value, schemes=("https", "http"))
    elif re.search(r"[\s\"'<>\\`]", value):
        raise ValueError(f"an address cannot contain spaces, quotes or angle brackets (got '{value[:60]}')")
    return value


def _upload_file(value: str) -> str:
    """A file capture may upload: one of the synthetic sample documents under assets/uploads/."""
    clean = value.removeprefix("assets/")
    if not clean.startswith(f"{UPLOADS}/") or ".." in clean.split("/") or clean.startswith("/"):
        raise ValueError(f"uploads come from the synthetic sample documents in assets/{UPLOADS}/; "
                         f"put the file there (got '{value[:60]}')")
    return value


def _allowed_host(value: str) -> str:
    """A host capture may open: a host name or IP address, with an optional :port; never empty or a wildcard."""
    host, port = value.split(":") if value.count(":") == 1 else (value, "")
    if not valid_host(host) or (port and not (port.isdigit() and 0 < int(port) < 65536)):
        raise ValueError(f"'{value}' is not a host name or IP address (e.g. dichvucong.gov.vn or 127.0.0.1:8000); "
                         "wildcards and addresses with a scheme are not allowed")
    return value.lower()


PortalAddress = Annotated[str, AfterValidator(_address_on_the_portal), Field(min_length=1)]


def _valid_wait(text: str) -> str:
    parse_locator(text.removeprefix("gone ").strip())
    return text


WaitText = Annotated[str, AfterValidator(_valid_wait), Field(min_length=1)]
UploadFile = Annotated[str, AfterValidator(_upload_file), Field(
    min_length=1, description=f"A synthetic sample document under assets/{UPLOADS}/.")]
AllowedHost = Annotated[str, AfterValidator(_allowed_host), Field(
    description="A host name or IP address, optionally with :port.")]
VERBS = ("goto", "click", "fill", "select", "check", "press", "wait", "upload")


class Action(Model):
    """One thing capture does on the portal: exactly one verb, with `value` or `file` where it needs one."""

    goto: PortalAddress | None = Field(
        default=None, description="Open this address, relative to capture.base_url (e.g. /dang-nhap.html).")
    click: LocatorText | None = Field(default=None, description="Click this element.")
    fill: LocatorText | None = Field(default=None, description="Type `value` into this field.")
    select: LocatorText | None = Field(default=None, description="Choose the option labelled `value` in this list.")
    check: LocatorText | None = Field(default=None, description="Tick this checkbox or radio button.")
    press: str | None = Field(default=None, min_length=1, description="Press a key, e.g. Enter or Tab.")
    wait: WaitText | None = Field(default=None, description='Wait until this element is shown; `gone …` waits until '
                                                        'it is gone (e.g. gone progressbar "Đang tải").')
    upload: LocatorText | None = Field(default=None,
                                       description="Click this element and give the file chooser `file`.")
    value: str | None = Field(default=None, description="fill: the text, with persona fields in braces ({name}, "
                                                        "{id_number}); select: the option's label.")
    file: UploadFile | None = Field(default=None, description=f"upload: a file under assets/{UPLOADS}/ (default: "
                                                              "a built-in synthetic sample document).")

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
    upload: bool | UploadFile | None = Field(default=None, description="Click the target and give the file chooser "
                                                                         f"this file under assets/{UPLOADS}/ (true: a "
                                                                         "built-in synthetic sample).")
    fill: str | None = Field(default=None, description="Type this into the target (persona fields in braces).")
    select: str | None = Field(default=None, description="Choose this option in the target.")
    press: str | None = Field(default=None, min_length=1, description="Press this key in the target.")

    @field_validator("upload", mode="before")
    @classmethod
    def _upload_is_a_sample(cls, value: Any) -> Any:
        return _upload_file(value) if isinstance(value, str) else value

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


class Login(Model):
    """A portal behind a login (VNeID): where to log in, and how a signed-in page is recognised."""

    url: PortalAddress = Field(description="Login page, relative to base_url.")
    signed_in: LocatorText = Field(description='An element only a signed-in page shows, e.g. link "Đăng xuất".')


class CaptureSettings(Model):
    """Where and how `guidegen capture` opens the portal."""

    base_url: str = Field(description="The portal's address (http:// or https://, no user name or password); "
                                      "steps' `goto` is relative to it.")
    serve: AssetPath | None = Field(
        default=None, description="Sample catalogues: serve this folder under assets/ on 127.0.0.1 and capture it "
                                  "instead of base_url.")
    allowed_hosts: list[AllowedHost] = Field(
        default_factory=list, max_length=50,
        description="Hosts (name or IP, optionally :port) capture may open; any other is refused (default: "
                    "base_url's).")
    timeout: float = Field(default=15, gt=0, le=120, description="Seconds each action may take.")
    viewport: tuple[Pixels, Pixels] = Field(default=(1280, 720),
                                            description="Browser window in CSS pixels [width, height], 200 to 4096.")
    phone_viewport: tuple[Pixels, Pixels] = Field(default=(390, 844),
                                                  description="Phone window for the vertical clip's screenshots.")
    scale: float = Field(default=2, ge=1, le=3, description="Device pixels per CSS pixel (2 keeps zooms sharp).")
    login: Login | None = Field(default=None, description="Set when the portal needs a person to log in first.")
    dismiss: list[LocatorText] = Field(
        default_factory=list, max_length=10,
        description='Overlays to close before each step when they show: the element to click, e.g. button '
                    '"Chấp nhận cookie".')
    busy: list[LocatorText] = Field(
        default_factory=list, max_length=10,
        description="The portal's own loading indicators (besides aria-busy and progress bars): capture waits "
                    "until they are gone before a screenshot.")

    @field_validator("base_url", mode="before")
    @classmethod
    def _base_url(cls, value: Any) -> Any:
        return web_address(value, schemes=("https", "http"))

    @field_validator("serve")
    @classmethod
    def _serve_inside_assets(cls, value: str | None) -> str | None:
        if value is not None:
            clean = value.removeprefix("assets/")
            if clean.startswith("/") or ".." in clean.replace("\\", "/").split("/") or clean in ("", "."):
                raise ValueError(f"serve must be a folder inside assets/ (got '{value[:60]}')")
        return value


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
