"""`guidegen plan`: read the export, rank what to make next, draft a playlist, write the report."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from generator.content.load import gather_catalogue
from generator.errors import GuidegenError
from generator.plan.export import read_export
from generator.plan.rank import Ranked, by_code, draft_playlist, rank
from generator.plan.report import write_report

logger = logging.getLogger(__name__)

STATS_FOLDER = Path("content") / "stats"  # where staff put the export (and where the sample's is)
REPORT_FOLDER = Path("output") / "reports" / "plan"


@dataclass(frozen=True)
class PlanOutcome:
    """What a plan run made: the report page, the ranking, the playlist draft, the codes the catalogue lacks."""

    page: Path
    period: str
    ranked: list[Ranked]
    playlist: Path | None
    unmatched: list[str]


def newest_export(root: Path) -> Path | None:
    """The most recent export in content/stats/ (XLSX or CSV), if any."""
    folder = root / STATS_FOLDER
    found = [p for p in folder.glob("*") if p.suffix.lower() in (".xlsx", ".csv") and not p.name.startswith(".")]
    return max(found, key=lambda p: (p.stat().st_mtime, p.name)) if found else None


def run_plan(root: Path, stats: Path, period: str | None = None, *, draft: bool = True) -> PlanOutcome:
    """Read `stats`, rank, draft a playlist (unless `draft` is False), write the report under output/reports/."""
    catalogue = gather_catalogue(root)
    settings = catalogue.settings
    export = read_export(stats, dict(settings.plan.columns) if settings.plan else {})
    chosen = period or export.periods[-1]
    if chosen not in export.periods:
        raise GuidegenError(f"no period '{chosen}' in {stats.name} (it has {', '.join(export.periods)})")
    ranked = rank(catalogue, export, chosen)
    playlist = draft_playlist(catalogue, export, ranked, root / "content", chosen) if draft else None
    page = write_report(catalogue, export, ranked, chosen, root / REPORT_FOLDER, playlist)
    codes = by_code(catalogue)
    unmatched = sorted(code for code in export.names if code not in codes)
    return PlanOutcome(page, chosen, ranked, playlist, unmatched)
