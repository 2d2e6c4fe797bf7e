"""Read the one-stop system's export as staff have it: XLSX or CSV, Vietnamese headers, Vietnamese numbers.

How it stays fast and small: rows are streamed (openpyxl's read-only mode, the csv module) and summed
per procedure and period as they come, so a 50,000-row export is a few dictionaries in memory. What
it assumes: a table whose header names the columns (found by name, accents and case aside, in up to
two header rows, merged cells included), a title or notes above it, a total row below it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import GuidegenError
from generator.folding import fold

# Column -> folded words that name it (the first match wins; channel columns before the total).
HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("ma tthc", "ma thu tuc", "ma so thu tuc", "ma dvc"),
    "name": ("ten thu tuc", "ten tthc", "ten dich vu"),
    "online": ("truc tuyen",),
    "in_person": ("truc tiep",),
    "post": ("buu chinh",),
    "period": ("ky bao cao", "thang", "ky"),
    "hour": ("khung gio", "gio tiep nhan"),
    "level": ("muc do",),
    "total": ("tong so ho so", "tong so", "tong ho so", "tong cong", "tong"),
}
NEEDED = ("code", "online", "in_person")  # and a total, or the channels to sum
SHOWN = {"code": "Mã TTHC", "name": "Tên thủ tục", "total": "Tổng số hồ sơ tiếp nhận", "online": "Trực tuyến",
         "in_person": "Trực tiếp", "post": "Bưu chính", "period": "Kỳ báo cáo", "hour": "Khung giờ",
         "level": "Mức độ"}
HEADER_ROWS = 30  # a title and notes above the table: the header is within the first rows
MAX_ROWS = 1_000_000


class ExportError(GuidegenError):
    """The export cannot be read: one line naming the file and what is wrong."""


@dataclass
class Counts:
    """Files received for one procedure in one period (and time of day), by channel."""

    total: int = 0
    online: int = 0
    in_person: int = 0
    post: int = 0

    def add(self, other: Counts) -> None:
        """Add another's counts to these."""
        self.total += other.total
        self.online += other.online
        self.in_person += other.in_person
        self.post += other.post

    @property
    def offline(self) -> int:
        """Files that still came in person or by post."""
        return self.in_person + self.post


@dataclass
class Export:
    """The export summed: per procedure code and period (and per hour band when the export has one)."""

    source: str
    names: dict[str, str] = field(default_factory=dict)  # code -> the export's name for it
    levels: dict[str, str] = field(default_factory=dict)  # code -> its level as the export writes it
    counts: dict[tuple[str, str], Counts] = field(default_factory=dict)  # (code, period) -> counts
    hours: dict[tuple[str, str], Counts] = field(default_factory=dict)  # (code, hour band) -> counts
    rows: int = 0

    @property
    def periods(self) -> list[str]:
        """The periods, oldest first."""
        return sorted({period for _code, period in self.counts})


def read_export(path: Path, columns: dict[str, str] | None = None) -> Export:
    """Read an XLSX or CSV export; `columns` maps our column names to other headers (settings plan.columns)."""
    if not path.is_file():
        raise ExportError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        sheets = _xlsx_sheets(path)
    elif suffix in (".csv", ".txt"):
        sheets = [(path.stem, _csv_rows(path))]
    else:
        raise ExportError(f"{path}: not an XLSX or CSV file (save the export as .xlsx or .csv)")
    export = Export(path.name)
    for sheet_name, rows in sheets:
        _read_table(export, path, sheet_name, rows, columns or {})
    if not export.counts:
        raise ExportError(f"{path}: no procedure rows under the header")
    return export


def _xlsx_sheets(path: Path) -> list[tuple[str, Iterator[tuple[Any, ...]]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged file
        raise ExportError(f"{path}: not a readable XLSX file ({type(error).__name__})") from None
    return [(sheet.title, sheet.iter_rows(values_only=True)) for sheet in book.worksheets]


def _csv_rows(path: Path) -> Iterator[tuple[Any, ...]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExportError(f"{path}: not UTF-8 text; save the export as CSV UTF-8") from None
    sample = text[:20_000]
    delimiter = ";" if sample.count(";") > sample.count(",") / 2 else ","
    yield from (tuple(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter))


def _read_table(export: Export, path: Path, sheet: str, rows: Iterator[tuple[Any, ...]],
                mapping: dict[str, str]) -> None:
    above: list[tuple[Any, ...]] = []
    columns: dict[str, int] | None = None
    period_here = ""
    for number, row in enumerate(rows, start=1):
        if columns is None:
            above.append(row)
            columns = _find_header(above, mapping)
            if columns is None and number >= HEADER_ROWS:
                _unrecognised(path, above)
            if columns is not None:
                period_here = _period_in(" ".join(str(c) for r in above for c in r if c)) or _period_in(sheet)
            continue
        if number > MAX_ROWS:
            raise ExportError(f"{path}: more than {MAX_ROWS:,} rows; export one year at a time")
        _add_row(export, path, number, row, columns, period_here or "")
    if columns is None:
        _unrecognised(path, above)


def _find_header(rows: list[tuple[Any, ...]], mapping: dict[str, str]) -> dict[str, int] | None:
    """The columns named in the last one or two rows (a merged group header above its sub-headers), if found."""
    last = rows[-1]
    candidates = [[_text(cell) for cell in last]]
    if len(rows) >= 2:  # a group header merged across its sub-headers: carry it over the empty cells
        top, carried = [], ""
        for index in range(len(last)):
            cell = _text(rows[-2][index]) if index < len(rows[-2]) else ""
            carried = cell or carried
            top.append(carried)
        candidates.insert(0, [f"{a} {b}".strip() for a, b in zip(top, candidates[0], strict=False)])
    for headers in candidates:
        found = _columns(headers, mapping)
        if all(name in found for name in NEEDED) and ("total" in found or "post" in found or len(found) >= 4):
            return found
    return None


def _columns(headers: list[str], mapping: dict[str, str]) -> dict[str, int]:
    found: dict[str, int] = {}
    folded = [fold(header) for header in headers]
    for name, header in mapping.items():  # the centre's own names for other layouts
        if fold(header) in folded:
            found[name] = folded.index(fold(header))
    for index, text in enumerate(folded):
        if not text or index in found.values():
            continue
        for name, words in HEADERS.items():
            if name not in found and any(word in text for word in words) and not _other_channel(name, text):
                found[name] = index
                break
    return found


def _other_channel(name: str, text: str) -> bool:
    """A total column's header must not name a channel (a merged "Tổng số hồ sơ" over "Trực tuyến")."""
    return name == "total" and any(word in text for word in ("truc tuyen", "truc tiep", "buu chinh"))


def _unrecognised(path: Path, rows: list[tuple[Any, ...]]) -> None:
    seen = max(rows[:HEADER_ROWS], key=lambda row: sum(1 for cell in row if _text(cell)), default=())
    found = ", ".join(f"'{_text(cell)}'" for cell in seen if _text(cell))[:300] or "none"
    needed = ", ".join(SHOWN[name] for name in ("code", "name", "total", "online", "in_person", "post", "period"))
    raise ExportError(f"{path}: the table's headers are not recognised (found: {found}); needed: {needed} (map "
                      "other names in settings plan.columns)")


def _add_row(export: Export, path: Path, number: int, row: tuple[Any, ...], columns: dict[str, int],
             period_here: str) -> None:
    def cell(name: str) -> Any:
        index = columns.get(name)
        return row[index] if index is not None and index < len(row) else None

    code = _text(cell("code"))
    name = _text(cell("name"))
    if not code or fold(code).startswith("tong") or fold(name).startswith("tong cong"):
        return  # an empty line, or the table's total
    counts = Counts(*(_number(cell(part), path, number, SHOWN[part]) for part in ("total", "online", "in_person",
                                                                                  "post")))
    if cell("total") is None or counts.total == 0:
        counts.total = max(counts.total, counts.online + counts.in_person + counts.post)
    period = _period_of(cell("period")) or period_here or "all"
    export.names.setdefault(code, name)
    if cell("level") is not None:
        export.levels.setdefault(code, _text(cell("level")))
    export.counts.setdefault((code, period), Counts()).add(counts)
    if cell("hour") is not None:
        export.hours.setdefault((code, _text(cell("hour"))), Counts()).add(counts)
    export.rows += 1


def _text(value: Any) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())


def _number(value: Any, path: Path, row: int, column: str) -> int:
    """A count as Vietnamese write it: 16.586 (a thousands dot), 1 234, or a number cell."""
    if value is None or value == "":
        return 0
    if isinstance(value, int | float) and not isinstance(value, bool):
        return max(0, round(value))
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    elif re.fullmatch(r"\d+,0+", text):
        text = text.split(",")[0]
    if not text.isdigit():
        raise ExportError(f"{path}:{row}: {column}: '{str(value)[:20]}' is not a number of files")
    return int(text)


def parse_share(text: str) -> float:
    """A percentage as Vietnamese write it ("51,1%") as a number (51.1)."""
    return float(text.strip().rstrip("%").replace(".", "").replace(",", "."))


def _period_of(value: Any) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year:04d}-{value.month:02d}"
    return _period_in(_text(value))


def _period_in(text: str) -> str:
    """A month in a period's text ("Tháng 01/2026", "01/2026", "2026-01", "T1/2026") as 2026-01."""
    folded = fold(text)
    found = re.search(r"(\d{4})[-/.](\d{1,2})(?!\d)", folded)
    if found:
        return f"{found.group(1)}-{int(found.group(2)):02d}"
    found = re.search(r"(?<!\d)(\d{1,2})\s*[-/.]\s*(\d{4})", folded)
    if found and 1 <= int(found.group(1)) <= 12:
        return f"{found.group(2)}-{int(found.group(1)):02d}"
    return ""
