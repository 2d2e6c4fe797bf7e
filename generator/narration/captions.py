"""Caption cues: split a script into phrases of at most two 42-character lines, timed within the audio."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

MAX_LINE = 42  # characters per caption line (broadcast and Netflix guidance for Latin scripts)
MAX_LINES = 2


@dataclass(frozen=True)
class Cue:
    """One caption: start and end in seconds, and its lines."""

    start: float
    end: float
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        """The caption as one string."""
        return " ".join(self.lines)


def wrap(text: str, width: int = MAX_LINE) -> list[str]:
    """Greedy word wrap; a single word longer than `width` stays whole on its own line."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) >= 2 and len(lines[-1].split()) == 1 and len(lines[-2].split()) >= 3:  # no word alone last
        *rest, moved = lines[-2].split()
        if len(moved) + 1 + len(lines[-1]) <= width:
            lines[-2:] = [" ".join(rest), f"{moved} {lines[-1]}"]
    return lines


def split_phrases(text: str, width: int = MAX_LINE, max_lines: int = MAX_LINES) -> list[str]:
    """Phrases that each fit in `max_lines` lines: split at sentence ends, then commas, then evenly."""
    phrases: list[str] = []
    for sentence in re.split(r"(?<=[.!?…])\s+", text.strip()):
        phrases += _fit(sentence, width, max_lines)
    return [p for p in phrases if p]


def _fit(sentence: str, width: int, max_lines: int) -> list[str]:
    if len(wrap(sentence, width)) <= max_lines:
        return [sentence]
    clauses = _outside_brackets(re.split(r"(?<=[,;:])\s+", sentence))
    if len(clauses) > 1:
        merged: list[str] = []
        for clause in clauses:
            candidate = f"{merged[-1]} {clause}" if merged else clause
            if merged and len(wrap(candidate, width)) <= max_lines:
                merged[-1] = candidate
            else:
                merged.append(clause)
        return [part for clause in merged for part in _fit_words(clause, width, max_lines)]
    return _fit_words(sentence, width, max_lines)


def _outside_brackets(parts: list[str]) -> list[str]:
    """Parts joined back wherever a cut fell inside parentheses (a cue never ends inside them)."""
    joined: list[str] = []
    depth = 0
    for part in parts:
        if joined and depth > 0:
            joined[-1] += " " + part
        else:
            joined.append(part)
        depth += part.count("(") - part.count(")")
    return joined


def _fit_words(text: str, width: int, max_lines: int) -> list[str]:
    """Cut into the fewest equal-sized chunks of words that each fit."""
    words = text.split()
    lines = wrap(text, width)
    if len(lines) <= max_lines:
        return [text]
    chunks = -(-len(lines) // max_lines)
    size = -(-len(words) // chunks)
    cuts, depth, since = [], 0, 0
    for index, word in enumerate(words):  # cut every `size` words, but never inside parentheses
        depth += word.count("(") - word.count(")")
        since += 1
        if since >= size and depth <= 0 and index < len(words) - 1:
            cuts.append(index + 1)
            since = 0
    bounds = [0, *cuts, len(words)]
    pieces = [" ".join(words[start:end]) for start, end in itertools.pairwise(bounds) if end > start]
    if any(len(wrap(piece, width)) > max_lines for piece in pieces):  # a long bracket: cut it evenly after all
        pieces = [" ".join(words[i : i + size]) for i in range(0, len(words), size)]
    return [p for piece in pieces for p in ([piece] if len(wrap(piece, width)) <= max_lines else
                                            _fit_words(piece, width, max_lines))]


def time_cues(phrases: list[str], duration: float, syllables: Callable[[str], int]) -> list[Cue]:
    """Cues covering [0, duration], each lasting in proportion to its spoken syllables."""
    weights = [max(1, syllables(phrase)) for phrase in phrases]
    total = sum(weights) or 1
    cues, start = [], 0.0
    for phrase, weight in zip(phrases, weights, strict=True):
        end = start + duration * weight / total
        cues.append(Cue(round(start, 3), round(end, 3), tuple(wrap(phrase))))
        start = end
    return cues


def format_timestamp(seconds: float, *, comma: bool) -> str:
    """00:01:02.345 (WebVTT) or 00:01:02,345 (SRT)."""
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{',' if comma else '.'}{millis:03d}"


def to_webvtt(cues: list[Cue]) -> str:
    """A WebVTT file for the cues."""
    blocks = ["WEBVTT", ""]
    for cue in cues:
        blocks += [f"{format_timestamp(cue.start, comma=False)} --> {format_timestamp(cue.end, comma=False)}",
                   *(_vtt_text(line) for line in cue.lines), ""]
    return "\n".join(blocks)


def _vtt_text(line: str) -> str:
    """Cue text shown literally: WebVTT reads `<...>` as markup and `&` as the start of an entity."""
    return line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_srt(cues: list[Cue]) -> str:
    """An SRT file for the cues."""
    blocks = []
    for number, cue in enumerate(cues, start=1):
        span = f"{format_timestamp(cue.start, comma=True)} --> {format_timestamp(cue.end, comma=True)}"
        blocks += [str(number), span, *cue.lines, ""]
    return "\n".join(blocks)
