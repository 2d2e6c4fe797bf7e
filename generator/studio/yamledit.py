"""The one round-trip YAML editor: change a value in a content file and keep everything else as it was.

Every studio write goes through `Edit`: the file is read once with ruamel.yaml's round-trip parser
(comments, key order, quoting and indentation kept), the change is made on its nodes, and the new
text is what gets validated and written. A file whose layout ruamel cannot reproduce byte for byte is
refused up front rather than silently reformatted. Edits carry the digest of the text they were
made against, so a file changed on disk since (another editor, a git pull) is never overwritten.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.util import load_yaml_guess_indent

from generator.errors import GuidegenError

Key = str | int
WIDTHS = (4096, 80)  # long lines kept as they are, or wrapped at 80 as PyYAML and most editors' tools write them
KEPT_STYLES = (DoubleQuotedScalarString, SingleQuotedScalarString, LiteralScalarString, FoldedScalarString)


class EditError(GuidegenError):
    """An edit that cannot be made (a path that is not there, a file whose layout cannot be kept)."""


class ChangedOnDisk(GuidegenError):
    """The file changed since it was opened: reload before editing."""


def digest(text: str) -> str:
    """The version of a file's text that an edit is made against."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class Edit:
    """One content file opened for a change: its text, its digest, and its round-trip tree."""

    path: Path
    text: str
    data: Any
    yaml: YAML

    exact: bool = True  # whether writing it back unchanged gives the same bytes

    @classmethod
    def open(cls, path: Path, expected: str | None = None, *, exact: bool = True) -> Edit:
        """Read `path` for editing; `expected` is the digest the change was made against (None: any).

        With `exact` False a file whose layout cannot be kept opens too (to show it, or to reformat it once).
        """
        text = path.read_text(encoding="utf-8")
        if expected is not None and digest(text) != expected:
            raise ChangedOnDisk(f"{path.name} changed on disk since you opened it (another editor or a git pull); "
                                "reload to see it, then make your change again")
        for width in WIDTHS:
            yaml = _round_trip(text, width)
            try:
                data = yaml.load(text)
            except YAMLError as error:
                raise EditError(f"{path.name} is not valid YAML; fix it in a text editor first "
                                f"({str(error)[:120]})") from None
            if _dump(yaml, data) == text:
                return cls(path, text, data, yaml)
        if not exact:
            return cls(path, text, data, yaml, exact=False)
        raise EditError(f"{path.name} is laid out in a way the studio cannot keep exactly (tabs, unusual "
                        "indentation); edit it in a text editor, or reformat it with 2-space indentation")

    @property
    def version(self) -> str:
        """The digest of the text as opened."""
        return digest(self.text)

    def result(self) -> str:
        """The file's text with the changes made so far."""
        return _dump(self.yaml, self.data)

    def get(self, path: list[Key]) -> Any:
        """The value at `path` (None when absent)."""
        node = self.data
        for key in path:
            try:
                node = node[key]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    def set(self, path: list[Key], value: Any, *, language: str | None = None) -> None:
        """Set the value at `path`; for a text, set its `language` (a plain string is Vietnamese).

        None or an empty string removes an optional value (an empty required one is then reported by `check`).
        """
        parent, key = self._parent(path, create=True)
        current = _child(parent, key)
        if language is not None and (isinstance(current, CommentedMap) or language != "vi"):
            if value in (None, "") and isinstance(current, CommentedMap):
                current.pop(language, None)
                if list(current) == ["vi"]:  # only Vietnamese left: back to a plain string
                    parent[key] = current["vi"]
                return
            if not isinstance(current, CommentedMap):
                current = CommentedMap([("vi", current)]) if current is not None else CommentedMap()
                parent[key] = current
            parent, key = current, language
            current = _child(parent, key)
        if value in (None, "") and isinstance(parent, CommentedMap):
            parent.pop(key, None)
            return
        parent[key] = _styled(value, current)

    def insert(self, path: list[Key], index: int, value: Any) -> None:
        """Insert `value` into the list at `path`, at `index` (the end when past it)."""
        items = self.get(path)
        if items is None:
            parent, key = self._parent(path, create=True)
            items = parent[key] = CommentedSeq()
        if not isinstance(items, list):
            raise EditError(f"{_shown(path)} is not a list")
        items.insert(max(0, min(index, len(items))), _tree(value))

    def delete(self, path: list[Key]) -> None:
        """Remove the list item or map key at `path`."""
        parent, key = self._parent(path)
        try:
            del parent[key]
        except (KeyError, IndexError, TypeError):
            raise EditError(f"nothing at {_shown(path)}") from None

    def move(self, path: list[Key], source: int, target: int) -> None:
        """Move the item at `source` in the list at `path` to `target`."""
        items = self.get(path)
        if not isinstance(items, list) or not (0 <= source < len(items) and 0 <= target < len(items)):
            raise EditError(f"cannot move item {source} to {target} in {_shown(path)}")
        items.insert(target, items.pop(source))

    def _parent(self, path: list[Key], *, create: bool = False) -> tuple[Any, Key]:
        if not path:
            raise EditError("an edit needs a field")
        node = self.data
        for number, key in enumerate(path[:-1]):
            following = _child(node, key)
            if following is None and create and isinstance(key, str) and isinstance(node, CommentedMap):
                following = node[key] = CommentedMap()
            if following is None or isinstance(following, str | int | float | bool):
                raise EditError(f"no {_shown(path[:number + 1])} to change")
            node = following
        return node, path[-1]


def _child(node: Any, key: Key) -> Any:
    try:
        return node[key]
    except (KeyError, IndexError, TypeError):
        return None


def _styled(value: Any, old: Any) -> Any:
    """A new scalar written the way the old one was (quoted, a block), or plainly."""
    if not isinstance(value, str):
        return _tree(value)
    for style in KEPT_STYLES:
        if isinstance(old, style):
            return style(value)
    return LiteralScalarString(value) if "\n" in value else value


def _tree(value: Any) -> Any:
    """Plain data as round-trip nodes (new maps and lists in block style)."""
    if isinstance(value, dict):
        return CommentedMap((key, _tree(item)) for key, item in value.items())
    if isinstance(value, list):
        return CommentedSeq(_tree(item) for item in value)
    return value


def _round_trip(text: str, width: int) -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = width
    try:
        _data, sequence, offset = load_yaml_guess_indent(text)
    except YAMLError:
        sequence, offset = 4, 2
    yaml.indent(mapping=2, sequence=sequence or 4, offset=offset if offset is not None else 2)
    return yaml


def _dump(yaml: YAML, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _shown(path: list[Key]) -> str:
    return "".join(f"[{key}]" if isinstance(key, int) else (f".{key}" if number else key)
                   for number, key in enumerate(path)) or "the file"
