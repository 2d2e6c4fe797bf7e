"""`guidegen plan` on a large export: reading 50,000 rows (CSV and XLSX), and the memory it takes.

    python scripts/bench_plan.py            # prints seconds and peak memory; nothing asserts
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from generator.plan.export import read_export

ROWS = 50_000
HEADER = ["STT", "Mã TTHC", "Tên thủ tục", "Kỳ báo cáo", "Tổng số hồ sơ tiếp nhận", "Trực tuyến", "Trực tiếp",
          "Bưu chính"]


def rows():
    for number in range(ROWS):
        code = f"1.{number % 2000:06d}"
        yield [number + 1, code, f"Thủ tục mẫu số {number % 2000}", f"Tháng {number % 12 + 1:02d}/2026",
               f"{1000 + number % 500:,}".replace(",", "."), str(300 + number % 300), str(650 + number % 150), "50"]


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="guidegen-bench-plan-") as folder:
        csv_path = Path(folder) / "export.csv"
        csv_path.write_text("\n".join(";".join(map(str, row)) for row in [HEADER, *rows()]), encoding="utf-8")
        xlsx_path = Path(folder) / "export.xlsx"
        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(["BÁO CÁO MẪU"])
        sheet.append(HEADER)
        for row in rows():
            sheet.append(row)
        book.save(xlsx_path)
        for path in (csv_path, xlsx_path):
            started = time.perf_counter()
            export = read_export(path)
            seconds = time.perf_counter() - started
            print(f"{path.suffix[1:].upper()}: {export.rows:,} rows, {len(export.names):,} procedures, "
                  f"{len(export.periods)} periods read in {seconds:.1f} s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MB (rows are summed as they stream: memory follows procedures x periods)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
