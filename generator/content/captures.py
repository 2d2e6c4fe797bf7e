"""Captured steps, checked and completed: persona values exist, and capture's measurements are read back.

A captured step names no screenshot file or highlight by hand: capture writes the screenshot (and a
sidecar with the target's box) and this module gives the step its screenshot, highlight and typed text,
so that later stages see an ordinary step.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from generator.capture.sidecar import Box, default_screenshot, read_sidecar
from generator.content.schema import PERSONA_FIELD, Persona, Personas, Procedure
from generator.content.yamlsource import Location, SourceMap
from generator.errors import Problem

if TYPE_CHECKING:
    from generator.content.load import Catalogue


def check_personas(procedure: Procedure, personas: Personas | None, source: SourceMap) -> list[Problem]:
    """Every `{field}` a step types names a field of the procedure's persona, and that persona exists."""
    persona = personas.get(procedure.persona) if personas else None
    problems = []
    if procedure.persona and persona is None:
        known = ", ".join(p.id for p in personas.personas) if personas else "no content/personas.yaml"
        problems.append(source.problem(("persona",), f"unknown persona '{procedure.persona}' ({known})"))
    for loc, template in typed_values(procedure):
        for name in PERSONA_FIELD.findall(template):
            if persona is None and personas is None:
                problems.append(source.problem(loc, f"'{{{name}}}' needs content/personas.yaml (synthetic citizens)"))
            elif persona is not None and name not in persona.fields():
                fields = ", ".join(sorted(persona.fields()))
                problems.append(source.problem(loc, f"persona '{persona.id}' has no field '{name}' ({fields})"))
    return problems


def typed_values(procedure: Procedure) -> list[tuple[Location, str]]:
    """Where text is typed during capture, and the text (persona fields still in braces)."""
    found: list[tuple[Location, str]] = []
    for index, step in enumerate(procedure.steps):
        for number, action in enumerate(step.actions):
            if action.value is not None:
                found.append((("steps", index, "actions", number, "value"), action.value))
        if step.do is not None and (step.do.fill or step.do.select):
            verb = "fill" if step.do.fill else "select"
            found.append((("steps", index, "do", verb), getattr(step.do, verb)))
    return found


def attach_captures(catalogue: Catalogue, procedure: Procedure, source: SourceMap) -> tuple[Procedure, list[Problem]]:
    """The procedure with every captured step's screenshot, highlight and typing filled in from capture."""
    personas = catalogue.personas
    persona = personas.get(procedure.persona) if personas else None
    problems: list[Problem] = []
    steps = []
    missing: list[int] = []
    for index, step in enumerate(procedure.steps):
        if not step.captured:
            steps.append(step)
            continue
        screenshot = step.screenshot or default_screenshot(procedure.id, index)
        image = catalogue.asset(screenshot)
        if not image.is_file():
            missing.append(index)
            steps.append(step)
            continue
        sidecar = read_sidecar(image)
        highlight = step.highlight
        if highlight is None and step.target and sidecar is not None:
            highlight = sidecar.screen.highlight
        if sidecar is not None and sidecar.phone is not None:
            catalogue.phone_pictures[screenshot] = (sidecar.phone.screenshot, sidecar.phone.highlight)
            if sidecar.phone.context:
                catalogue.contexts[sidecar.phone.screenshot] = sidecar.phone.context
        if sidecar is not None and sidecar.screen.context and highlight == sidecar.screen.highlight:
            catalogue.contexts[screenshot] = sidecar.screen.context
        if sidecar is not None and step.then:  # the further targets, on the screen and the phone captures
            catalogue.further[screenshot] = tuple(sidecar.screen.then)
            if sidecar.phone is not None:
                catalogue.further[sidecar.phone.screenshot] = tuple(sidecar.phone.then)
        steps.append(step.model_copy(update={"screenshot": screenshot, "highlight": highlight,
                                             "typing": step.typing or _typed(step.do and step.do.fill, persona)}))
    if missing:  # one line for the procedure, at its first step without a screenshot
        count = f"{len(missing)} of {sum(step.captured for step in procedure.steps)} captured steps"
        found = source.problem(("steps", missing[0]), f"not captured yet ({count}): run "
                                                       f"`guidegen capture {procedure.id}`")
        problems.append(dataclasses.replace(found, note=True))  # screenshots are made by capture, not written
    return procedure.model_copy(update={"steps": steps}), problems


def _typed(template: str | None, persona: Persona | None) -> str | None:
    """What the clip types into the target: the fill's value with the persona's values in place."""
    if not template:
        return None
    try:
        return (persona.fill(template) if persona else template)[:80]
    except KeyError:
        return None


PhonePictures = dict[str, tuple[str, Box | None]]
