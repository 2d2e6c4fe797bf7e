"""Did the guides help: the online share per period, before and after each guide was published, as a report.

Honest figures: every percentage shows the number of files behind it, one from fewer than MIN_FILES
files is not shown, the month a guide was published counts neither before nor after, and the report
says plainly that before/after is not proof of cause. The report is one HTML page (offline, A4), a
CSV of every figure, and a chart per guide.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import jinja2

from generator.content.load import Catalogue
from generator.fileio import atomic_path, write_text_atomic
from generator.plan.export import Counts, Export
from generator.plan.rank import Ranked, by_code

MIN_FILES = 20  # a percentage of fewer files than this says nothing
TEMPLATE = Path(__file__).with_name("report.html.j2")


@dataclass(frozen=True)
class Share:
    """An online share with the files behind it (`shown` False when there are too few to say anything)."""

    online: int
    total: int

    @property
    def shown(self) -> bool:
        """Whether there are enough files for the percentage to mean something."""
        return self.total >= MIN_FILES

    @property
    def percent(self) -> float:
        """The share in percent (0 when there are no files)."""
        return 100 * self.online / self.total if self.total else 0.0

    def text(self) -> str:
        """The share as the report prints it: "51,1% (16.586/32.431)", or the count alone when too few."""
        if not self.shown:
            return f"– ({self.total} hồ sơ)"
        return f"{self.percent:.1f}%".replace(".", ",") + f" ({vn(self.online)}/{vn(self.total)})"


@dataclass(frozen=True)
class Effect:
    """One guide: its online share before and after it was published, and the change."""

    procedure_id: str
    code: str
    title: str
    published: dt.date
    before: Share
    after: Share
    periods: list[tuple[str, Share]]
    chart: str

    @property
    def change(self) -> str:
        """The change in percentage points, when both sides have enough files."""
        if not (self.before.shown and self.after.shown):
            return "chưa đủ số liệu"
        points = self.after.percent - self.before.percent
        return f"{points:+.1f} điểm %".replace(".", ",")


def vn(number: int) -> str:
    """A count as Vietnamese write it: 16.586."""
    return f"{number:,}".replace(",", ".")


def share(counts: Counts) -> Share:
    """The online share of some files."""
    return Share(counts.online, counts.total)


def effects(catalogue: Catalogue, export: Export) -> tuple[list[Effect], list[str]]:
    """Each guide with a `published:` date and figures: before and after; and notes on the guides left out."""
    codes = by_code(catalogue)
    found, notes = [], []
    for code, procedure_id in sorted(codes.items()):
        procedure = catalogue.procedures[procedure_id]
        periods = [(period, counts) for (row_code, period), counts in sorted(export.counts.items())
                   if row_code == code]
        if not periods:
            continue
        if procedure.published is None:
            notes.append(f"{procedure_id}: add `published:` (the date its guide was first shown) to compare")
            continue
        month = procedure.published.strftime("%Y-%m")
        before, after = Counts(), Counts()
        for period, counts in periods:
            if period < month:
                before.add(counts)
            elif period > month:  # the month it was published is neither before nor after
                after.add(counts)
        found.append(Effect(procedure_id, code, procedure.title.get("vi"), procedure.published, share(before),
                            share(after), [(period, share(counts)) for period, counts in periods],
                            f"charts/{procedure_id}.png"))
    return found, notes


def centre_by_period(export: Export) -> list[tuple[str, Share]]:
    """The whole centre's online share per period."""
    totals: dict[str, Counts] = {}
    for (_code, period), counts in export.counts.items():
        totals.setdefault(period, Counts()).add(counts)
    return [(period, share(counts)) for period, counts in sorted(totals.items())]


def movers(export: Export, limit: int = 5) -> list[tuple[str, str, Share, Share, float]]:
    """Procedures whose online share moved most between the first and the last period (enough files both times)."""
    periods = export.periods
    if len(periods) < 2:
        return []
    first, last = periods[0], periods[-1]
    moved = []
    for code, name in export.names.items():
        start, end = export.counts.get((code, first)), export.counts.get((code, last))
        if start and end and share(start).shown and share(end).shown:
            moved.append((code, name, share(start), share(end), share(end).percent - share(start).percent))
    return sorted(moved, key=lambda row: -abs(row[4]))[:limit]


def chart(path: Path, title: str, periods: list[tuple[str, Share]], published: dt.date | None) -> None:
    """A PNG of the online share over the periods, the publication marked; too-few-file periods left out."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    from generator.clip.text import FONT_REGULAR

    font_manager.fontManager.addfont(str(FONT_REGULAR))
    name = font_manager.FontProperties(fname=str(FONT_REGULAR)).get_name()
    figure, axes = plt.subplots(figsize=(7, 3), dpi=120)
    try:
        labels = [period for period, _share in periods]
        values = [item.percent if item.shown else float("nan") for _period, item in periods]
        axes.plot(range(len(labels)), values, marker="o", color="#0b4f9c", linewidth=2)
        axes.set_xticks(range(len(labels)), labels, fontname=name, fontsize=8, rotation=0)
        axes.set_ylim(0, 100)
        axes.set_ylabel("% nộp trực tuyến", fontname=name)
        axes.set_title(title, fontname=name, fontsize=11)
        axes.grid(axis="y", alpha=0.3)
        if published is not None:
            month = published.strftime("%Y-%m")
            later = [index for index, label in enumerate(labels) if label >= month]
            if later:
                axes.axvline(later[0], color="#d92d20", linestyle="--")
                axes.annotate(f"công bố {published.strftime('%d/%m/%Y')}", (later[0], 95), fontsize=8,
                              fontname=name, color="#d92d20", ha="left", xytext=(4, 0), textcoords="offset points")
        figure.tight_layout()
        with atomic_path(path) as temp:
            figure.savefig(temp, format="png")
    finally:
        plt.close(figure)


def write_report(catalogue: Catalogue, export: Export, ranked: list[Ranked], period: str, folder: Path,
                 playlist: Path | None) -> Path:
    """The report (index.html), its figures (plan.csv) and charts, under `folder`; returns the page."""
    staging = folder.with_name(f".{folder.name}.part")
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "charts").mkdir(parents=True)
    found, notes = effects(catalogue, export)
    for effect in found:
        chart(staging / effect.chart, f"{effect.code} {effect.title}", effect.periods, effect.published)
    centre = centre_by_period(export)
    chart(staging / "charts" / "trung-tam.png", "Toàn trung tâm", centre, None)
    codes = by_code(catalogue)
    unmatched = sorted((code, name) for code, name in export.names.items() if code not in codes)
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    html = environment.from_string(TEMPLATE.read_text(encoding="utf-8")).render(
        centre=catalogue.settings.organization.name.get("vi"), source=export.source, period=period,
        periods=export.periods, made=dt.date.today().strftime("%d/%m/%Y"), ranked=ranked[:20], effects=found,
        notes=notes, centre_periods=centre, movers=movers(export), unmatched=unmatched, vn=vn, min_files=MIN_FILES,
        playlist=playlist.name if playlist else "")
    write_text_atomic(staging / "index.html", html)
    write_text_atomic(staging / "plan.csv", figures_csv(catalogue, export))
    if folder.exists():
        shutil.rmtree(folder)
    staging.rename(folder)
    return folder / "index.html"


def figures_csv(catalogue: Catalogue, export: Export) -> str:
    """Every procedure's figures per period, the share left blank when too few files (UTF-8 with a BOM, Excel)."""
    codes = by_code(catalogue)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["ma_tthc", "ten_thu_tuc", "thu_tuc_trong_danh_muc", "ky", "tong_so", "truc_tuyen", "truc_tiep",
                     "buu_chinh", "ty_le_truc_tuyen_phan_tram", "cong_bo_huong_dan"])
    for (code, period), counts in sorted(export.counts.items()):
        procedure_id = codes.get(code, "")
        published = catalogue.procedures[procedure_id].published if procedure_id else None
        item = share(counts)
        name = export.names.get(code, "")
        writer.writerow([code, "'" + name if name[:1] in "=+-@" else name, procedure_id, period, counts.total,
                         counts.online, counts.in_person, counts.post,
                         f"{item.percent:.1f}".replace(".", ",") if item.shown else "",
                         published.isoformat() if published else ""])
    return "\ufeff" + out.getvalue()
