"""The small exception tree the CLI turns into one-line messages and exit code 1."""

from __future__ import annotations

from dataclasses import dataclass


class GuidegenError(Exception):
    """Base of every error a user can act on; anything else is a bug."""


@dataclass(frozen=True)
class Problem:
    """One validation problem at a place in a content file."""

    path: str
    line: int
    column: int
    field: str
    message: str
    note: bool = False  # something to do that is not wrong (a fresh clone's screenshots are made, not written)

    def __str__(self) -> str:
        field = f"{self.field}: " if self.field else ""
        return f"{self.path}:{self.line}:{self.column}: {field}{self.message}"


class ContentError(GuidegenError):
    """The content has problems; carries every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class RenderError(GuidegenError):
    """A stage could not produce its output (names the procedure and scene)."""


class ToolError(GuidegenError):
    """An external program (ffmpeg, espeak-ng, chromium) failed or is missing."""

    def __init__(self, tool: str, message: str, stderr: str = "", hint: str = "") -> None:
        self.tool, self.stderr, self.hint = tool, stderr, hint
        tail = stderr.strip().splitlines()[-3:] if stderr else []
        text = f"{tool}: {message}"
        if tail:
            text += " | " + " / ".join(tail)
        if hint:
            text += f" (hint: {hint})"
        super().__init__(text)
