"""What to make next and what to play: procedures ranked by the files that still come in person, a playlist draft."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from generator.content.load import Catalogue
from generator.fileio import write_text_atomic
from generator.folding import fold
from generator.plan.export import Counts, Export

STALE_DAYS = 180  # a guide not checked against the portal for half a year is due a look
LOOP_SLOTS = 12  # a drafted loop holds this many clips; each guide's share follows its share of in-person files
HOUR_BAND = re.compile(r"(\d{1,2})[:h](\d{2})?\s*[-–]\s*(\d{1,2})[:h](\d{2})?")


@dataclass(frozen=True)
class Ranked:
    """One procedure of the ranking: its files this period, and what guide it has."""

    code: str
    name: str
    procedure_id: str | None  # the catalogue's procedure with this code, if any
    counts: Counts
    guide: str  # "guide", "stale" (why in `note`), "none"
    note: str

    @property
    def command(self) -> str:
        """What to run to start a guide for a procedure that has none."""
        return f"guidegen new {slug(self.name) or 'thu-tuc-' + slug(self.code)}" if self.guide == "none" else ""


def slug(text: str) -> str:
    """A procedure id from a name: lowercase letters, digits, hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:60].strip("-")


def by_code(catalogue: Catalogue) -> dict[str, str]:
    """The catalogue's procedures by their national code (as the export writes it)."""
    return {procedure.code.strip(): procedure.id for procedure in catalogue.procedures.values() if procedure.code}


def rank(catalogue: Catalogue, export: Export, period: str, today: dt.date | None = None) -> list[Ranked]:
    """Procedures that can be done online, most files still in person or by post in `period` first."""
    today = today or dt.date.today()
    codes = by_code(catalogue)
    ranked = []
    for (code, row_period), counts in export.counts.items():
        if row_period != period:
            continue
        procedure_id = codes.get(code)
        level = fold(export.levels.get(code, ""))
        if procedure_id is None and level and not ("toan trinh" in level or "mot phan" in level or "4" in level
                                                   or "3" in level):
            continue  # the export says it cannot be done online
        guide, note = _guide_state(catalogue, procedure_id, today)
        ranked.append(Ranked(code, export.names.get(code, code), procedure_id, counts, guide, note))
    return sorted(ranked, key=lambda row: (-row.counts.offline, row.code))


def _guide_state(catalogue: Catalogue, procedure_id: str | None, today: dt.date) -> tuple[str, str]:
    if procedure_id is None:
        return "none", "no guide yet"
    procedure = catalogue.procedures[procedure_id]
    report = catalogue.project.root / "output" / "capture-check" / f"{procedure_id}.json"
    try:
        check = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        check = None
    if check and check.get("problems"):
        return "stale", f"the portal changed ({check.get('summary') or 'see capture --check'})"
    age = (today - procedure.updated).days
    if age > STALE_DAYS:
        return "stale", f"last checked {procedure.updated.strftime('%d/%m/%Y')} ({age} days ago)"
    return "guide", ""


def draft_playlist(catalogue: Catalogue, export: Export, ranked: list[Ranked], content: Path, period: str) -> Path:
    """A playlist (the playlists.yaml format) giving guides screen time in proportion to in-person files.

    Written to a new file beside playlists.yaml, never over one; per time of day too when the export has
    hour bands. A guide listed twice in a loop plays twice.
    """
    guides = [row for row in ranked if row.procedure_id and row.counts.offline]
    lines = ["# Draft from `guidegen plan`: screen time in proportion to the files still received in person",
             f"# in {period}. Review it, then copy what you keep into content/playlists.yaml.",
             "playlists:"]
    lines += _playlist("theo-so-lieu", f"Theo số liệu {period}", guides, _bands(export, guides))
    for band, band_guides in _bands(export, guides).items():
        lines += _playlist(f"theo-so-lieu-{slug(band)}", f"Theo số liệu {period}, {band}", band_guides, {})
    target = content / f"playlists-draft-{period}.yaml"
    number = 2
    while target.exists():
        target = content / f"playlists-draft-{period}-{number}.yaml"
        number += 1
    write_text_atomic(target, "\n".join(lines) + "\n")
    return target


def _playlist(playlist_id: str, title: str, guides: list[Ranked], bands: dict[str, list[Ranked]]) -> list[str]:
    lines = [f"  - id: {playlist_id}", f"    title: '{title}'", "    items:"]
    lines += [f"      - {item}" for item in proportional(guides)]
    windows = [(band, HOUR_BAND.search(band)) for band in bands]
    if any(found for _band, found in windows):
        lines.append("    schedule:")
        for band, found in windows:
            if found:
                start = f"{int(found.group(1)):02d}:{found.group(2) or '00'}"
                end = f"{int(found.group(3)):02d}:{found.group(4) or '00'}"
                lines += ["      - days: [mon, tue, wed, thu, fri]", f'        start: "{start}"',
                          f'        end: "{end}"', f"        playlist: {playlist_id}-{slug(band)}"]
    return lines


def proportional(guides: list[Ranked], slots: int = LOOP_SLOTS) -> list[str]:
    """Procedure ids for one loop: each guide's count of slots follows its in-person files, spread evenly."""
    total = sum(row.counts.offline for row in guides)
    if not total:
        return [row.procedure_id for row in guides if row.procedure_id]
    shares = {row.procedure_id: max(1, round(slots * row.counts.offline / total)) for row in guides}
    order: list[tuple[float, str]] = []
    for procedure_id, count in shares.items():  # the n-th play of an id at n/count of the loop: evenly spread
        order += [((n + 0.5) / count, procedure_id) for n in range(count)]
    return [procedure_id for _position, procedure_id in sorted(order)]


def _bands(export: Export, guides: list[Ranked]) -> dict[str, list[Ranked]]:
    """Per hour band of the export, the guides ranked by that band's in-person files."""
    wanted = {row.code: row for row in guides}
    bands: dict[str, list[Ranked]] = {}
    for (code, band), counts in sorted(export.hours.items()):
        if code in wanted and counts.offline:
            row = wanted[code]
            bands.setdefault(band, []).append(Ranked(row.code, row.name, row.procedure_id, counts, row.guide,
                                                     row.note))
    return {band: sorted(rows, key=lambda row: -row.counts.offline) for band, rows in bands.items()}
