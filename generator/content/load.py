"""Load and validate the whole catalogue, collecting every problem with its file, line and field."""

from __future__ import annotations

import dataclasses
import difflib
import functools
import logging
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.content.assets import check_asset, in_uploads, strip_assets_prefix
from generator.content.captures import PhonePictures, attach_captures, check_personas
from generator.content.schema import SLUG, Personas, Procedure, Settings
from generator.content.yamlsource import Location, SourceMap, YamlSourceError, read_yaml
from generator.errors import ContentError, Problem

logger = logging.getLogger(__name__)



@dataclass(frozen=True)
class Project:
    """Where a project's folders are; everything is resolved from its root."""

    root: Path

    @property
    def content(self) -> Path:
        """The content/ folder."""
        return self.root / "content"

    @property
    def assets(self) -> Path:
        """The assets/ folder."""
        return self.root / "assets"

    def display(self, path: Path) -> str:
        """A path as staff see it: relative to the project root."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


@dataclass
class Catalogue:
    """Everything loaded: settings, procedures by id, and where each came from."""

    project: Project
    settings: Settings
    procedures: dict[str, Procedure] = field(default_factory=dict)
    sources: dict[str, SourceMap] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    personas: Personas | None = None
    broken: set[str] = field(default_factory=set)  # ids of procedure files with problems (reported already)
    warnings: list[Problem] = field(default_factory=list)  # worth saying, never stops a build (stale recordings)
    phone_pictures: PhonePictures = field(default_factory=dict)  # screenshot -> its phone capture and highlight
    contexts: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)  # screenshot -> label/row
    further: dict[str, tuple[tuple[float, float, float, float], ...]] = field(default_factory=dict)  # then: boxes

    def asset(self, relative: str) -> Path:
        """Absolute path of a validated asset reference."""
        return self.project.assets / strip_assets_prefix(relative)


def validate_model(model: type[BaseModel], data: Any, source: SourceMap) -> tuple[Any, list[Problem]]:
    """Validate data against a model; on failure return every problem, located in the file."""
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        return None, [_to_problem(model, item, source) for item in error.errors()]


def _to_problem(model: type[BaseModel], item: Any, source: SourceMap) -> Problem:
    loc: Location = tuple(part for part in item["loc"] if part != "[key]" and not _union_member(part))
    kind = item["type"]
    context = item.get("ctx") or {}
    if kind == "missing":
        return source.problem(loc, "required field is missing")
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = _allowed_keys(model, loc[:-1])
        guess = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f" (did you mean '{guess[0]}'?)" if guess else f" (allowed: {', '.join(sorted(allowed))})"
        return source.problem(loc, f"unknown field '{key}'{hint}", key=True)
    message = str(item["msg"]).removeprefix("Value error, ")
    pattern = str((item.get("ctx") or {}).get("pattern", ""))
    shown = str(item.get("input"))[:60]
    if kind == "string_pattern_mismatch" and "http" in pattern:
        scheme = "http:// or https://" if "https?" in pattern else "https://"
        message = f"must be a full {scheme} address (got '{shown}')"
    elif kind == "string_pattern_mismatch" and pattern.startswith("^#"):
        message = f"'{shown}' is not a colour: write it as #rrggbb, e.g. #0b4f9c"
    elif kind == "string_pattern_mismatch" and pattern == SLUG:
        message = f"'{shown}' is not a valid slug: use lowercase letters, digits and hyphens"
    elif kind == "string_pattern_mismatch":
        message = f"'{shown}' is not {PATTERN_NAMES.get(pattern, 'in the expected form')}"
    elif kind == "string_too_short" and context.get("min_length") == 1:
        message = "must not be empty"
    elif kind == "string_too_long":
        message = f"is {len(str(item.get('input')))} characters long; at most {context.get('max_length')}"
    elif kind == "too_long":
        message = f"has {context.get('actual_length')} items; at most {context.get('max_length')}"
    elif kind == "too_short":
        message = f"needs at least {context.get('min_length')} item{'s' if context.get('min_length') != 1 else ''}"
    elif kind in ("int_parsing", "int_from_float", "int_type"):
        message = f"'{shown}' is not a whole number"
    elif kind in ("bool_parsing", "bool_type"):
        message = f"'{shown}' is not yes or no: write true or false"
    elif kind in ("float_parsing", "float_type"):
        message = f"'{shown}' is not a number"
    elif kind in ("less_than_equal", "greater_than_equal", "less_than", "greater_than"):
        limit = next(iter(context.values()), "")
        words = {"less_than_equal": "at most", "greater_than_equal": "at least", "less_than": "below",
                 "greater_than": "above"}[kind]
        message = f"must be {words} {limit:,} (got {shown})" if isinstance(limit, int) else \
            f"must be {words} {limit} (got {shown})"
    elif kind in ("string_type", "model_type", "model_attributes_type", "list_type", "dict_type", "tuple_type"):
        wanted = {"string_type": "text", "list_type": "a list", "dict_type": "a map of fields",
                  "tuple_type": "a list"}.get(kind, "a map of fields")
        message = f"expected {wanted}, got '{shown}'"
    elif kind == "finite_number":
        message = "must be a real number (not NaN or infinity)"
    elif kind == "literal_error":
        message = f"'{item.get('input')}' is not allowed; {message[0].lower()}{message[1:]}"
    return source.problem(loc, message)


PATTERN_NAMES = {
    r"^000\d{9}$": "a synthetic ID number: 12 digits starting 000",
    r"^\d{2}/\d{2}/\d{4}$": "a date written dd/mm/yyyy",
    r"^0[0-9 ]{9,12}$": "a phone number starting 0 (10 or 11 digits)",
}
UNION_MEMBER = re.compile(r"^(constrained-)?(str|int|float|bool)$|^[a-z-]+\[.*\]$")


def _union_member(part: Any) -> bool:
    """Whether a location part names a member of a union (pydantic's tags), not a field or an index."""
    return isinstance(part, str) and (bool(UNION_MEMBER.match(part)) or part in _model_names())


@functools.cache
def _model_names() -> frozenset[str]:
    from generator.content import base

    found, todo = set(), [base.Model]
    while todo:
        model = todo.pop()
        found.add(model.__name__)
        todo.extend(model.__subclasses__())
    return frozenset(found)


def _allowed_keys(model: type[BaseModel], loc: Location) -> list[str]:
    """Field names of the model found by walking `loc` down from `model`."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else current
        elif isinstance(current, type) and issubclass(current, BaseModel) and part in current.model_fields:
            current = current.model_fields[part].annotation
        else:
            args = typing.get_args(current)
            current = args[-1] if args else current
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """Strip Optional/Annotated so that walking reaches the model or container type."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _unwrap(options[0]) if len(options) == 1 else annotation
    return annotation


def load_catalogue(root: Path) -> Catalogue:
    """Load settings and every procedure; raise ContentError listing every problem found."""
    catalogue = gather_catalogue(root)
    if catalogue.problems:
        raise ContentError(catalogue.problems)
    return catalogue


def load_settings(root: Path) -> Settings:
    """Load only content/settings.yaml; raise ContentError on problems."""
    project = Project(root)
    problems: list[Problem] = []
    settings, _source = _load_settings(project, project.content / "settings.yaml", problems)
    if settings is None or problems:
        raise ContentError(problems)
    return settings


def gather_catalogue(root: Path, *, captures: bool = True) -> Catalogue:
    """Load what can be loaded and record all problems, without raising.

    With `captures` False, captured steps are left as written (capture itself reads them so).
    """
    project = Project(root)
    problems: list[Problem] = []
    settings_path = project.content / "settings.yaml"
    settings, settings_source = _load_settings(project, settings_path, problems)
    personas = _load_personas(project, problems)
    catalogue = Catalogue(project, settings or _placeholder_settings(), problems=problems, personas=personas)
    procedure_dir = project.content / "procedures"
    files = sorted(procedure_dir.glob("*.yaml")) + sorted(procedure_dir.glob("*.yml"))
    if not files:
        problems.append(Problem(project.display(procedure_dir), 1, 1, "", "no procedure files (*.yaml) found"))
    for path in files:
        _load_procedure(catalogue, path, check_category=settings is not None, captures=captures)
    catalogue.broken = {path.stem for path in files} - set(catalogue.procedures)
    _check_links(catalogue, settings_source)
    _check_recordings(catalogue)
    return catalogue


def _check_recordings(catalogue: Catalogue, only: str | None = None) -> None:
    """Recordings whose text changed since they were made: warnings (the clip still uses them)."""
    from generator.narration.recordings import stale_recordings

    ids = list(catalogue.procedures) if only is None else [only]
    if only is None:
        catalogue.warnings = []
    else:
        display = catalogue.project.display(catalogue.project.content / "procedures" / f"{only}.yaml")
        catalogue.warnings = [w for w in catalogue.warnings if w.path != display]
    for procedure_id in ids:
        if procedure_id not in catalogue.procedures:
            continue
        source = catalogue.sources[procedure_id]
        for loc, message in stale_recordings(catalogue, procedure_id):
            catalogue.warnings.append(dataclasses.replace(source.problem(loc, message), note=True))


def _check_links(catalogue: Catalogue, settings_source: SourceMap | None, only: str | None = None) -> None:
    """Related procedures and journey steps name procedures that exist (of one procedure, with `only`)."""
    known = set(catalogue.procedures) | catalogue.broken  # a broken one is reported on its own
    for procedure_id, procedure in list(catalogue.procedures.items()):
        if only is not None and procedure_id != only:
            continue
        source = catalogue.sources[procedure_id]
        for index, other in enumerate(procedure.related):
            if other == procedure_id:
                catalogue.problems.append(source.problem(("related", index), "a procedure is not related to itself; "
                                                                             "list other procedures"))
            elif other not in known:
                catalogue.problems.append(source.problem(("related", index), f"no procedure '{other}'"))
    if settings_source is None:  # settings.yaml could not be read: its own problem says so
        return
    for number, journey in enumerate(catalogue.settings.journeys):
        for index, step in enumerate(journey.steps):
            if isinstance(step, str) and step not in known:
                catalogue.problems.append(settings_source.problem(("journeys", number, "steps", index),
                                                                  f"no procedure '{step}'"))


def _load_personas(project: Project, problems: list[Problem]) -> Personas | None:
    """content/personas.yaml when there is one (capture's synthetic citizens)."""
    path = project.content / "personas.yaml"
    if not path.is_file():
        return None
    try:
        data, source = read_yaml(path, project.display(path))
    except YamlSourceError as error:
        problems.append(error.problem)
        return None
    personas, found = validate_model(Personas, data, source)
    problems.extend(found + find_undrawable(data, (), source))
    return personas


def check_settings_text(root: Path, text: str) -> list[Problem]:
    """What `check` would say of content/settings.yaml if it held `text` (the studio's edits, before writing)."""
    project = Project(root)
    problems: list[Problem] = []
    _load_settings(project, project.content / "settings.yaml", problems, raw=text.encode("utf-8"))
    return problems


def _load_settings(project: Project, path: Path, problems: list[Problem], *,
                   raw: bytes | None = None) -> tuple[Settings | None, SourceMap | None]:
    """The settings (None when invalid) and where each of its fields is written (None when unreadable)."""
    display = project.display(path)
    if raw is None and not path.is_file():
        problems.append(Problem(display, 1, 1, "", "settings file not found"))
        return None, None
    try:
        data, source = read_yaml(path, display, raw)
    except YamlSourceError as error:
        problems.append(error.problem)
        return None, None
    settings, found = validate_model(Settings, data, source)
    problems.extend(found + find_undrawable(data, (), source))
    if settings is not None:
        problems.extend(_check_voices(settings, source))
    if settings is not None and settings.brand.logo:
        problem = check_asset(project, settings.brand.logo, ("brand", "logo"), source, kind="image")
        if problem:
            problems.append(problem)
    return settings, source


def _check_voices(settings: Settings, source: SourceMap) -> list[Problem]:
    """An espeak-ng voice that this machine's espeak-ng does not have (skipped when it is not installed)."""
    from generator.narration.engines import EngineError, EspeakEngine

    espeak = EspeakEngine()
    problems = []
    for language, choice in settings.voice.items():
        try:
            known = choice.engine != "espeak-ng" or espeak.knows(choice.voice)
        except EngineError:
            return []
        if not known:
            guess = difflib.get_close_matches(choice.voice.lower(), sorted(espeak.voices), n=1)
            hint = f" (did you mean '{guess[0]}'?)" if guess else " (see `espeak-ng --voices`)"
            message = f"espeak-ng has no voice '{choice.voice}'{hint}"
            problems.append(source.problem(("voice", language, "voice"), message))
    return problems


def _placeholder_settings() -> Settings:
    """Minimal settings so procedures can still be checked when settings.yaml is broken."""
    return Settings.model_validate(
        {
            "organization": {"name": "?", "short_name": "?"},
            "hotline": "0000",
            "portal": {"name": "?", "url": "https://example.invalid"},
            "categories": [{"id": "placeholder", "title": "?"}],
        }
    )


def check_procedure_text(catalogue: Catalogue, path: Path, text: str) -> tuple[Procedure | None, list[Problem]]:
    """What `check` would say of a procedure file if it held `text` (the studio's edits, before they are written)."""
    others = {key: value for key, value in catalogue.procedures.items() if key != path.stem}
    scratch = Catalogue(catalogue.project, catalogue.settings, procedures=others, sources=dict(catalogue.sources),
                        personas=catalogue.personas, broken=set(catalogue.broken))
    _load_procedure(scratch, path, check_category=True, captures=True, raw=text.encode("utf-8"))
    procedure = scratch.procedures.get(path.stem)
    if procedure is not None:
        _check_links(scratch, None, only=path.stem)
        _check_recordings(scratch, only=path.stem)
    return procedure, scratch.problems + scratch.warnings


def reload_procedure(catalogue: Catalogue, path: Path) -> None:
    """Read one procedure file again into a loaded catalogue (after it was written), with its problems."""
    display = catalogue.project.display(path)
    catalogue.problems = [p for p in catalogue.problems if p.path != display]
    catalogue.procedures.pop(path.stem, None)
    catalogue.sources.pop(path.stem, None)
    if path.is_file():
        _load_procedure(catalogue, path, check_category=True, captures=True)
        _check_links(catalogue, None, only=path.stem)
    _check_recordings(catalogue, only=path.stem)
    catalogue.broken.discard(path.stem)
    if path.is_file() and path.stem not in catalogue.procedures:
        catalogue.broken.add(path.stem)


def _load_procedure(catalogue: Catalogue, path: Path, *, check_category: bool, captures: bool,
                    raw: bytes | None = None) -> None:
    project = catalogue.project
    display = project.display(path)
    try:
        data, source = read_yaml(path, display, raw)
    except YamlSourceError as error:
        catalogue.problems.append(error.problem)
        return
    if not isinstance(data, dict):
        catalogue.problems.append(Problem(display, 1, 1, "", "a procedure file must be a map of fields"))
        return
    procedure, problems = validate_model(Procedure, data, source)
    placeholders = find_placeholders(data, (), source)
    unfilled = {p.field for p in placeholders}
    problems = [p for p in problems if p.field not in unfilled] + placeholders + find_undrawable(data, (), source)
    problems += _check_references(project, data, source, captures=captures)
    if procedure is not None:
        problems += _check_procedure(catalogue, procedure, path, source, check_category)
        problems += check_personas(procedure, catalogue.personas, source)
    if procedure is not None and captures and not problems:
        procedure, found = attach_captures(catalogue, procedure, source)
        problems += found
    catalogue.problems.extend(sorted(problems, key=lambda p: (p.line, p.column)))
    if procedure is not None and not problems:
        catalogue.procedures[procedure.id] = procedure
        catalogue.sources[procedure.id] = source


def find_placeholders(data: Any, loc: Location, source: SourceMap) -> list[Problem]:
    """Every scaffold placeholder (a string containing TODO) that was not filled in."""
    if isinstance(data, dict):
        return [p for key, value in data.items() for p in find_placeholders(value, (*loc, key), source)]
    if isinstance(data, list):
        return [p for index, value in enumerate(data) for p in find_placeholders(value, (*loc, index), source)]
    if isinstance(data, str) and (data.startswith("TODO") or "://TODO" in data):
        return [source.problem(loc, f"placeholder not filled in: '{data[:60]}'")]
    return []


@functools.cache
def drawable_characters() -> frozenset[int]:
    """Code points both clip fonts draw (emoji and other symbols would come out as empty boxes)."""
    from fontTools.ttLib import TTFont

    from generator.clip.text import FONT_BOLD, FONT_REGULAR

    covered = [set(TTFont(font, lazy=True).getBestCmap()) for font in (FONT_REGULAR, FONT_BOLD)]
    return frozenset(covered[0] & covered[1])


def find_undrawable(data: Any, loc: Location, source: SourceMap) -> list[Problem]:
    """Every text with a character the clip font cannot draw (the first such character, per text)."""
    if isinstance(data, dict):
        return [p for key, value in data.items() for p in find_undrawable(value, (*loc, key), source)]
    if isinstance(data, list):
        return [p for index, value in enumerate(data) for p in find_undrawable(value, (*loc, index), source)]
    if isinstance(data, str):
        covered = drawable_characters()
        missing = next((c for c in data if ord(c) not in covered and not c.isspace()), None)
        if missing is not None:
            return [source.problem(loc, f"'{missing}' (U+{ord(missing):04X}) cannot be drawn with the clip font; "
                                        "remove it or write it in words")]
    return []


def _check_procedure(
    catalogue: Catalogue, procedure: Procedure, path: Path, source: SourceMap, check_category: bool
) -> list[Problem]:
    problems = []
    if procedure.id != path.stem:
        problems.append(source.problem(("id",), f"id '{procedure.id}' must equal the file name '{path.stem}'"))
    if procedure.id in catalogue.procedures:
        other = catalogue.sources[procedure.id].path
        problems.append(source.problem(("id",), f"duplicate id '{procedure.id}' (also in {other})"))
    if check_category and catalogue.settings.category(procedure.category) is None:
        known = [c.id for c in catalogue.settings.categories]
        guess = difflib.get_close_matches(procedure.category, known, n=1)
        hint = f" (did you mean '{guess[0]}'?)" if guess else f" (declared: {', '.join(known)})"
        problems.append(source.problem(("category",), f"unknown category '{procedure.category}'{hint}"))
    return problems


def _check_references(project: Project, data: dict[str, Any], source: SourceMap, *,
                      captures: bool = True) -> list[Problem]:
    """Check every file a procedure names, even when other fields are invalid.

    A captured step's picture is checked where it goes; it is checked as a picture too, unless this is
    capture's own read (`captures` False), which is about to write it anew.
    """
    problems = []
    references: list[tuple[Location, Any, str]] = [
        ((name,), data.get(name), "audio") for name in ("intro_audio", "outro_audio")
    ]
    cards = data.get("card_audio")
    for key, value in (cards if isinstance(cards, dict) else {}).items():
        references.append((("card_audio", key), value, "audio"))
    steps = data.get("steps")
    for index, step in enumerate(steps if isinstance(steps, list) else []):
        if not isinstance(step, dict):
            continue
        captured = any(step.get(name) for name in ("actions", "target", "do"))  # its picture comes from capture
        kind = ("capture" if captures else "destination") if captured else "image"
        references.append((("steps", index, "screenshot"), step.get("screenshot"), kind))
        references.append((("steps", index, "audio"), step.get("audio"), "audio"))
        do = step.get("do")
        if isinstance(do, dict) and isinstance(do.get("upload"), str) and in_uploads(do["upload"]):
            references.append((("steps", index, "do", "upload"), do["upload"], "upload"))
        actions = step.get("actions")
        for number, action in enumerate(actions if isinstance(actions, list) else []):
            if isinstance(action, dict) and isinstance(action.get("file"), str) and in_uploads(action["file"]):
                references.append((("steps", index, "actions", number, "file"), action["file"], "upload"))
    documents = data.get("documents")
    for index, document in enumerate(documents if isinstance(documents, list) else []):
        if isinstance(document, dict) and document.get("form"):
            references.append((("documents", index, "form"), document.get("form"), "form"))
    for loc, value, kind in references:
        if isinstance(value, str) and value:
            problem = check_asset(project, value, loc, source, kind=kind)
            if problem:
                problems.append(problem)
    return problems
