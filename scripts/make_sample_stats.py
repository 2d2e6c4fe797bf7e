"""Write content/stats/thong-ke-mau.csv: a clearly synthetic export of files received, for the sample catalogue.

Deterministic (no randomness): ten months, the six sample procedures and three that have no guide, in the
shape the one-stop system exports (a title row, `;`, Vietnamese thousands dots, UTF-8 with a BOM).
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MONTHS = [f"2026-{month:02d}" for month in range(1, 11)]
# code, name, files a month, online share before and after the guide, month of the guide (0: none)
PROCEDURES = [
    ("1.001193", "Đăng ký khai sinh", 310, 0.36, 0.61, 5),
    ("1.000894", "Đăng ký kết hôn", 84, 0.31, 0.49, 6),
    ("2.000720", "Đăng ký thành lập hộ kinh doanh", 63, 0.42, 0.57, 7),
    ("2.000488", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam", 122, 0.47, 0.47, 0),
    ("1.009794", "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ", 48, 0.18, 0.18, 0),
    ("1.004203", "Chuyển mục đích sử dụng đất", 14, 0.20, 0.20, 0),
    ("1.003583", "Đăng ký thường trú", 412, 0.29, 0.29, 0),
    ("2.001009", "Cấp bản sao trích lục hộ tịch", 156, 0.24, 0.24, 0),
    ("1.001612", "Chứng thực bản sao từ bản chính", 530, 0.05, 0.05, 0),
]


def vn(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def main() -> None:
    lines = ["BÁO CÁO MẪU – SỐ LIỆU GIẢ ĐỂ THỬ guidegen plan (không phải số liệu thật của đơn vị nào)",
             "STT;Mã TTHC;Tên thủ tục;Kỳ báo cáo;Tổng số hồ sơ tiếp nhận;Trực tuyến;Trực tiếp;Bưu chính"]
    number = 0
    for month_index, _month in enumerate(MONTHS, start=1):
        for code, name, files, before, after, guide in PROCEDURES:
            number += 1
            total = files + (month_index * 7 + len(name)) % 23 - 11  # a steady wobble, not noise
            share = after if guide and month_index > guide else before
            share += ((month_index * 3 + len(code)) % 7 - 3) / 200
            online = round(total * share)
            post = round(total * 0.04)
            lines.append(f"{number};{code};{name};Tháng {month_index:02d}/2026;{vn(total)};{vn(online)};"
                         f"{vn(total - online - post)};{vn(post)}")
    target = ROOT / "content" / "stats" / "thong-ke-mau.csv"
    target.write_text("\ufeff" + "\r\n".join(lines) + "\r\n", encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)}: {number} rows")


if __name__ == "__main__":
    main()
