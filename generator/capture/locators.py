"""Locators: how a step names an element, written the way Playwright finds them.

`button "Nộp trực tuyến"` finds by role and accessible name, which is how a person sees the page and
survives most redesigns. Then `label "…"`, `placeholder "…"`, `text "…"`, `testid "…"`, `alt "…"`,
`title "…"`; `css "…"` only as a last resort. Parts joined with ` >> ` search inside the previous one:
`article "Đăng ký khai sinh" >> link "Nộp trực tuyến"`; `frame "title"` enters a frame (an iframe with that
title or name): `frame "Tờ khai" >> label "Họ và tên"`. Names match exactly (case and accents), whether the
page writes its Vietnamese precomposed (NFC) or decomposed (NFD): both read the same, so both match.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

ROLES = frozenset({
    "alert", "article", "banner", "button", "cell", "checkbox", "columnheader", "combobox", "complementary",
    "contentinfo", "dialog", "figure", "form", "grid", "group", "heading", "img", "link", "list", "listbox",
    "listitem", "main", "menu", "menubar", "menuitem", "navigation", "option", "paragraph", "progressbar", "radio",
    "radiogroup", "region", "row", "rowheader", "search", "searchbox", "slider", "spinbutton", "status", "switch",
    "tab", "table", "tablist", "tabpanel", "textbox", "tree", "treeitem",
})
FINDERS = ("label", "placeholder", "text", "testid", "alt", "title", "css", "frame")
PART = re.compile(r'^\s*([a-z]+)\s+"((?:[^"\\]|\\.)+)"\s*$')
SEPARATOR = " >> "


@dataclass(frozen=True)
class Part:
    """One link of a locator: how to find (a role or a finder) and the name or text to find."""

    kind: str
    name: str

    def __str__(self) -> str:
        return f'{self.kind} "{self.name}"'

    @property
    def is_role(self) -> bool:
        """Whether this part finds by ARIA role and accessible name."""
        return self.kind in ROLES


@dataclass(frozen=True)
class Locator:
    """A parsed locator: parts searched one inside the other."""

    parts: tuple[Part, ...]

    def __str__(self) -> str:
        return SEPARATOR.join(str(part) for part in self.parts)

    @property
    def last(self) -> Part:
        """The part that names the element itself."""
        return self.parts[-1]


def parse_locator(text: str) -> Locator:
    """A locator from its written form; ValueError says what is wrong and what is allowed."""
    parts = []
    for piece in text.split(">>"):
        match = PART.match(piece)
        if match is None:
            raise ValueError(f"'{piece.strip()[:60]}' is not a locator; write role \"name\" "
                             "(e.g. button \"Nộp hồ sơ\"), or label, placeholder, text, testid, alt, title or css "
                             "followed by \"…\"")
        kind, name = match.group(1), match.group(2).replace('\\"', '"')
        if kind not in ROLES and kind not in FINDERS:
            raise ValueError(f"unknown locator form '{kind}'; use an ARIA role (button, link, textbox, checkbox, …) "
                             "or label, placeholder, text, testid, alt, title, css")
        parts.append(Part(kind, unicodedata.normalize("NFC", name)))
    if parts[-1].kind == "frame":
        raise ValueError(f'frame "{parts[-1].name}" is where to look: follow it with >> and the element inside it, '
                         f'e.g. frame "{parts[-1].name}" >> label "Họ và tên"')
    return Locator(tuple(parts))


def find(scope: Any, locator: Locator) -> Any:
    """The Playwright locator for `locator` inside `scope` (a page, or a locator)."""
    for part in locator.parts:
        scope = _find_part(scope, part)
    return scope


def _find_part(scope: Any, part: Part) -> Any:
    if part.kind == "frame":
        name = part.name.replace('"', '\\"')
        return scope.frame_locator(f'iframe[title="{name}"], iframe[name="{name}"], frame[name="{name}"]')
    if part.kind == "css":
        return scope.locator(part.name)
    if part.kind == "testid":
        return scope.get_by_test_id(part.name)
    pattern = name_pattern(part.name)
    if part.kind == "row":  # a table row by its name, or by any one of its cells' text
        return scope.get_by_role("row", name=pattern).or_(
            scope.get_by_role("row").filter(has=scope.get_by_role("cell", name=pattern)))
    if part.is_role:
        return scope.get_by_role(part.kind, name=pattern)
    method = {"label": scope.get_by_label, "placeholder": scope.get_by_placeholder, "text": scope.get_by_text,
              "alt": scope.get_by_alt_text, "title": scope.get_by_title}[part.kind]
    return method(pattern)


def name_pattern(name: str) -> re.Pattern[str]:
    """The exact name as a pattern that also matches it written decomposed (NFD: base letter + combining marks).

    Playwright compares names as they are; a portal may write "Số" as S + o + ◌̂ + ◌́. Each letter
    with marks matches either spelling; spaces match any run of white space, as accessible names collapse it.
    """
    pieces = []
    for character in unicodedata.normalize("NFC", name):
        decomposed = unicodedata.normalize("NFD", character)
        if character.isspace():
            pieces.append(r"\s+")
        elif decomposed != character:
            pieces.append(f"(?:{re.escape(character)}|{re.escape(decomposed)})")
        else:
            pieces.append(re.escape(character))
    return re.compile("^\\s*" + "".join(pieces) + "\\s*$")


def quoted(name: str) -> str:
    """A name as it goes between the quotes of a locator."""
    return name.replace('"', '\\"')


def candidates(info: dict[str, Any]) -> list[str]:
    """Locators for a described element (describe.js), most readable first.

    Role and name (alone, inside its container, or by its table row), label, placeholder, test id, text,
    and css last.
    """
    role, name = info.get("role"), info.get("name") or ""
    found = []
    if role in ROLES and name:
        found.append(f'{role} "{quoted(name)}"')
        box = info.get("container")
        if box and box.get("role") in ROLES and box.get("name"):
            found.append(f'{box["role"]} "{quoted(box["name"])}" >> {role} "{quoted(name)}"')
        if info.get("row"):  # one of several alike buttons: by its row, as a person tells them apart
            found.append(f'row "{quoted(info["row"])}" >> {role} "{quoted(name)}"')
    for kind in ("label", "placeholder", "testid"):
        if info.get(kind):
            found.append(f'{kind} "{quoted(info[kind])}"')
    if info.get("text"):
        found.append(f'text "{quoted(info["text"])}"')
    if info.get("css"):
        found.append(f'css "{quoted(info["css"])}"')
    return found


def unique_locator(page: Any, info: dict[str, Any]) -> str | None:
    """The first locator, most readable first, that finds exactly this one element on the page, or None."""
    for candidate in candidates(info):
        try:
            if find(page, parse_locator(candidate)).count() == 1:
                return candidate
        except Exception:  # a name the selector engine cannot parse ("28/11/2026"): try the next candidate
            continue
    return None
