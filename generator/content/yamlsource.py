"""Read one YAML file safely into plain data plus a map of where every value came from.

Staff write these files by hand, so each value keeps its line and column for error messages.
Anchors and aliases are refused (they are how a "billion laughs" bomb works and staff never
need them), and files above a size limit are refused before they are parsed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import Problem

MAX_FILE_BYTES = 512 * 1024  # a long procedure is ~20 KB; anything near this is a mistake
MAX_NODES = 50_000  # far above any real procedure, far below what exhausts memory

Location = tuple[str | int, ...]


@dataclass
class SourceMap:
    """Line/column (1-based) of every value and every mapping key in one file."""

    path: str
    values: dict[Location, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Location, tuple[int, int]] = field(default_factory=dict)

    def position(self, loc: Location, *, key: bool = False) -> tuple[int, int]:
        """Best position for a location: the key or value itself, else its nearest parent."""
        if key and loc in self.keys:
            return self.keys[loc]
        probe = tuple(loc)
        while probe:
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1))

    def problem(self, loc: Location, message: str, *, key: bool = False) -> Problem:
        """Build a Problem pointing at `loc` in this file."""
        line, column = self.position(loc, key=key)
        return Problem(self.path, line, column, format_location(loc), message)


def format_location(loc: Location) -> str:
    """Render ('steps', 2, 'title') as 'steps[2].title'."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


class YamlSourceError(Exception):
    """The file cannot be read as YAML; carries the problem with its position."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def nfc(text: str) -> str:
    """Normalise Vietnamese text to NFC (precomposed letters), as every stage expects."""
    return unicodedata.normalize("NFC", text)


def read_yaml(path: Path, display_path: str) -> tuple[Any, SourceMap]:
    """Parse `path` into plain Python data (all strings NFC) and its SourceMap."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise YamlSourceError(
            Problem(display_path, 1, 1, "", f"file is {size // 1024} KB, over the {MAX_FILE_BYTES // 1024} KB limit")
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise YamlSourceError(Problem(display_path, line, 1, "", "file is not UTF-8 text")) from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = f"YAML syntax error: {error.problem or error.context}"
        if error.context and error.context_mark and error.problem_mark:
            message += f" ({error.context} started at line {error.context_mark.line + 1})"
        raise YamlSourceError(Problem(display_path, line, column, "", message)) from None
    except yaml.YAMLError as error:
        raise YamlSourceError(Problem(display_path, 1, 1, "", f"YAML error: {error}")) from None
    source = SourceMap(display_path)
    if root is None:
        return {}, source
    builder = _Builder(source)
    return builder.build(root, ()), source


class _Builder:
    """Turns a composed node tree into data, refusing aliases and counting nodes."""

    def __init__(self, source: SourceMap) -> None:
        self.source = source
        self.constructor = yaml.constructor.SafeConstructor()
        self.seen: set[int] = set()
        self.count = 0

    def _fail(self, node: yaml.Node, message: str) -> YamlSourceError:
        return YamlSourceError(
            Problem(self.source.path, node.start_mark.line + 1, node.start_mark.column + 1, "", message)
        )

    def build(self, node: yaml.Node, loc: Location) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self._fail(node, f"file has more than {MAX_NODES} values; refusing to read it")
        if id(node) in self.seen:
            raise self._fail(node, "YAML anchors and aliases (&name / *name) are not supported; write the value out")
        self.seen.add(id(node))
        self.source.values[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise self._fail(key_node, "YAML merge keys (<<) are not supported")
                key = self.constructor.construct_object(key_node)
                key = nfc(key) if isinstance(key, str) else str(key)
                if key in result:
                    raise self._fail(key_node, f"duplicate key '{key}'")
                self.source.keys[(*loc, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                result[key] = self.build(value_node, (*loc, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, index)) for index, item in enumerate(node.value)]
        value = self.constructor.construct_object(node)
        return nfc(value) if isinstance(value, str) else value
