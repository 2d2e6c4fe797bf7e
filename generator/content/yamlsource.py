"""Read one YAML file safely into plain data plus a map of where every value came from.

Staff write these files by hand, so each value keeps its line and column for error messages.
Anchors and aliases are refused (they are how a "billion laughs" bomb works and staff never
need them), and files above a size limit are refused before they are parsed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import Problem

MAX_FILE_BYTES = 512 * 1024  # a long procedure is ~20 KB; anything near this is a mistake
MAX_NODES = 50_000  # far above any real procedure, far below what exhausts memory
MAX_DEPTH = 32  # a procedure nests four levels; deeper is a mistake (and would exhaust the recursion limit)
PLAIN_TAGS = {f"tag:yaml.org,2002:{name}"
              for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}
# controls (ANSI escapes), lone surrogates, and bidirectional controls (U+202E shows "gnp.exe" as "exe.png")
BAD_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")

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


def read_yaml(path: Path, display_path: str, raw: bytes | None = None) -> tuple[Any, SourceMap]:
    """Parse `path` (or `raw`, what it would hold) into plain Python data (all strings NFC) and its SourceMap."""
    size = path.stat().st_size if raw is None else len(raw)
    if size > MAX_FILE_BYTES:
        raise YamlSourceError(
            Problem(display_path, 1, 1, "", f"file is {size // 1024} KB, over the {MAX_FILE_BYTES // 1024} KB limit")
        )
    raw = path.read_bytes() if raw is None else raw
    if not raw.strip():
        raise YamlSourceError(Problem(display_path, 1, 1, "", "the file is empty"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise YamlSourceError(Problem(display_path, line, 1, "", "file is not UTF-8 text")) from None
    try:
        if _nesting_bound(text) > MAX_DEPTH and _nests_deeper(text, MAX_DEPTH):  # the same answer whatever the
            raise RecursionError                                                   # interpreter's recursion limit
        root = _compose(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = f"YAML syntax error: {error.problem or error.context}"
        if error.context and error.context_mark and error.problem_mark:
            message += f" ({error.context} started at line {error.context_mark.line + 1})"
        if "mapping values are not allowed" in str(error.problem):  # `target: button "Giờ: 8h"`
            message += ("; a value with ': ' inside it (a locator such as button \"Giờ: 8h\") must be put in "
                        "quotes: target: 'button \"Giờ: 8h\"'")
        raise YamlSourceError(Problem(display_path, line, column, "", message)) from None
    except yaml.reader.ReaderError as error:
        before = text[: error.position]
        line, column = before.count("\n") + 1, len(before) - before.rfind("\n")
        message = f"the file contains a character YAML does not allow (U+{error.character:04X}); remove it"
        raise YamlSourceError(Problem(display_path, line, column, "", message)) from None
    except RecursionError:
        raise YamlSourceError(Problem(display_path, 1, 1, "", "values are nested too deeply to read")) from None
    except yaml.YAMLError as error:
        raise YamlSourceError(Problem(display_path, 1, 1, "", f"YAML error: {error}")) from None
    source = SourceMap(display_path)
    if root is None:
        return {}, source
    builder = _Builder(source)
    return builder.build(root, ()), source


FAST_LOADER = getattr(yaml, "CSafeLoader", None)  # libyaml: the same nodes and marks, about 7x faster


def _compose(text: str) -> yaml.Node | None:
    """The node tree, composed by libyaml when it is there.

    A malformed file is read again by the pure-Python parser, whose errors (and their positions) are the
    ones `check` has always reported.
    """
    if FAST_LOADER is not None:
        try:
            return yaml.compose(text, Loader=FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _nesting_bound(text: str) -> int:
    """A cheap upper bound of the nesting: open brackets, plus indentation and dashes on the deepest line."""
    depth = deepest_flow = 0
    for character in text:
        if character in "[{":
            depth += 1
            deepest_flow = max(deepest_flow, depth)
        elif character in "]}":
            depth = max(0, depth - 1)
    block = max((len(line) - len(line.lstrip(" -")) for line in text.splitlines()), default=0)
    return deepest_flow + block + 1


def _nests_deeper(text: str, limit: int) -> bool:
    """Whether the collections nest deeper than `limit`, from the parser's events, stopping as soon as they do."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limit:
                return True
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return False


class _Builder:
    """Turns a composed node tree into data, refusing aliases and counting nodes."""

    def __init__(self, source: SourceMap) -> None:
        self.source = source
        self.constructor = yaml.constructor.SafeConstructor()
        self.seen: set[int] = set()
        self.count = 0

    def _fail(self, node: yaml.Node, message: str, loc: Location = ()) -> YamlSourceError:
        mark = node.start_mark
        return YamlSourceError(Problem(self.source.path, mark.line + 1, mark.column + 1, format_location(loc), message))

    def build(self, node: yaml.Node, loc: Location) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self._fail(node, f"file has more than {MAX_NODES} values; refusing to read it")
        if id(node) in self.seen:
            raise self._fail(node, "YAML anchors and aliases (&name / *name) are not supported; write the value out")
        self.seen.add(id(node))
        if len(loc) > MAX_DEPTH:
            raise self._fail(node, f"values are nested more than {MAX_DEPTH} levels deep", loc)
        if node.tag not in PLAIN_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise self._fail(node, f"YAML tags such as '{tag}' are not supported; remove the tag", loc)
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
        try:
            value = self.constructor.construct_object(node)
        except (ValueError, TypeError, AttributeError, yaml.YAMLError) as error:
            kind = node.tag.rsplit(":", 1)[-1]
            detail = f": {error}" if isinstance(error, ValueError) and kind == "timestamp" else ""
            raise self._fail(node, f"'{node.value[:40]}' is not a valid {_KIND_NAMES.get(kind, kind)}{detail}",
                             loc) from None
        if isinstance(value, str):
            bad = BAD_CHARACTER.search(value)
            if bad:
                code = ord(bad.group())
                what = ("a broken character (lone surrogate)" if 0xD800 <= code <= 0xDFFF else
                        "a right-to-left control character" if code >= 0x202A else "an invisible control character")
                raise self._fail(node, f"text contains {what} U+{code:04X}; remove it", loc)
            return nfc(value)
        return value


_KIND_NAMES = {"timestamp": "date (YYYY-MM-DD)", "float": "number", "int": "whole number", "bool": "true/false"}
