"""Draw deterministic mock screenshots of the public-service portal for the sample catalogue.

Real deployments use real screenshots. The sample catalogue needs plausible ones that anyone can
regenerate, so this script lays out portal screens (header, menu, forms, buttons) with Pillow.
The screen kind comes from the screenshot file name: `screens/<procedure>/<n>-<kind>.png`.
`layout()` is pure: tests use it to prove each step's `highlight` frames the element it names.

    python scripts/mock_portal.py            # (re)draw every screenshot the sample YAML names
    python scripts/mock_portal.py --check    # print highlight boxes that do not match the layout
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
WIDTH, HEIGHT = 1280, 800
FONT = ROOT / "assets/fonts/NotoSans-Regular.ttf"
FONT_BOLD = ROOT / "assets/fonts/NotoSans-Bold.ttf"
BLUE, RED, GREY, LINE, INK = "#0b4f9c", "#c62828", "#f3f5f8", "#c9d1dc", "#1d2733"

SEARCH_TERMS = {
    "dang-ky-khai-sinh": "khai sinh",
    "dang-ky-ket-hon": "kết hôn",
    "dang-ky-ho-kinh-doanh": "hộ kinh doanh",
    "cap-phieu-ly-lich-tu-phap": "lý lịch tư pháp",
    "cap-giay-phep-xay-dung-nha-o": "giấy phép xây dựng",
    "dang-ky-chuyen-muc-dich-su-dung-dat": "chuyển mục đích sử dụng đất",
}

FORM_FIELDS = {
    "dang-ky-khai-sinh": [("Họ và tên trẻ", "NGUYỄN NGỌC ÁNH"), ("Ngày sinh", "12/03/2025"),
                          ("Nơi sinh", "Bệnh viện Đa khoa Cần Đước"), ("Họ tên mẹ", "TRẦN THỊ HỒNG")],
    "dang-ky-ket-hon": [("Họ tên bên nam", "LÊ VĂN TÙNG"), ("Họ tên bên nữ", "PHẠM THỊ MỸ"),
                        ("Nơi cư trú", "Xã Tân Trạch, huyện Cần Đước")],
    "dang-ky-ho-kinh-doanh": [("Tên hộ kinh doanh", "HỘ KINH DOANH TIỆM BÁNH CÔ BA"),
                              ("Ngành nghề", "Sản xuất bánh các loại"), ("Vốn kinh doanh", "50.000.000 đồng"),
                              ("Địa điểm", "Ấp 3, xã Long Hựu Đông")],
    "cap-phieu-ly-lich-tu-phap": [("Họ và tên", "VÕ THỊ THU"), ("Số CCCD", "080 195 012 345"),
                                  ("Loại phiếu", "Phiếu số 1"), ("Mục đích", "Bổ sung hồ sơ xin việc")],
    "cap-giay-phep-xay-dung-nha-o": [("Chủ đầu tư", "ĐỖ VĂN HẬU"), ("Địa điểm", "Thửa 215, tờ bản đồ 8"),
                                     ("Diện tích xây dựng", "96 m²"), ("Số tầng", "2 tầng")],
    "dang-ky-chuyen-muc-dich-su-dung-dat": [("Người sử dụng đất", "HUỲNH VĂN ĐỨC"),
                                            ("Thửa đất", "Thửa 87, tờ bản đồ 12"),
                                            ("Mục đích hiện tại", "Đất trồng cây lâu năm"),
                                            ("Mục đích xin chuyển", "Đất ở tại nông thôn")],
}


@dataclass(frozen=True)
class Element:
    """A drawn element: kind, text, and box in pixels (x, y, w, h)."""

    kind: str
    text: str
    box: tuple[int, int, int, int]
    target: bool = False


def layout(procedure: dict, kind: str) -> list[Element]:
    """Elements of one screen; exactly one has target=True (what the step's highlight frames)."""
    title = procedure["title"]["vi"] if isinstance(procedure["title"], dict) else procedure["title"]
    elements = [
        Element("header", "CỔNG DỊCH VỤ CÔNG TỈNH LONG AN", (0, 0, WIDTH, 84)),
        Element("menu", "Trang chủ|Thủ tục hành chính|Nộp hồ sơ|Tra cứu hồ sơ|Thanh toán|Hỏi đáp", (0, 84, WIDTH, 48)),
    ]
    add = elements.append
    if kind == "login":
        add(Element("heading", "Đăng nhập", (440, 170, 400, 50)))
        add(Element("field", "Tài khoản|Số định danh cá nhân", (440, 240, 400, 74)))
        add(Element("field", "Mật khẩu|••••••••", (440, 330, 400, 74)))
        add(Element("button-grey", "Đăng nhập", (440, 430, 400, 56)))
        add(Element("button", "Đăng nhập bằng tài khoản VNeID", (440, 510, 400, 64), target=True))
    elif kind == "search":
        add(Element("heading", "Tìm kiếm thủ tục hành chính", (120, 170, 800, 50)))
        add(Element("search", SEARCH_TERMS.get(procedure["id"], "thủ tục"), (120, 240, 860, 64), target=True))
        add(Element("button", "Tìm kiếm", (1000, 240, 160, 64)))
        add(Element("note", "Gợi ý: gõ tên thủ tục, có dấu hoặc không dấu", (120, 320, 800, 40)))
    elif kind == "select":
        add(Element("heading", "Kết quả tìm kiếm", (120, 170, 800, 50)))
        for row in range(3):
            name = title if row == 0 else ["Trích lục bản sao", "Thay đổi, cải chính thông tin"][row - 1]
            add(Element("row", name, (120, 240 + row * 110, 820, 96)))
            add(Element("button", "Nộp trực tuyến", (960, 256 + row * 110, 200, 64), target=row == 0))
    elif kind == "form":
        add(Element("heading", "Tờ khai trực tuyến", (120, 160, 800, 50)))
        fields = FORM_FIELDS.get(procedure["id"], [("Họ và tên", "NGUYỄN VĂN A")])
        top = 226
        height = 84 * len(fields)
        add(Element("panel", "", (100, top - 12, 1080, height + 24), target=True))
        for index, (label, value) in enumerate(fields):
            add(Element("field", f"{label}|{value}", (120, top + index * 84, 1040, 74)))
        add(Element("button", "Tiếp tục", (980, top + height + 36, 180, 56)))
    elif kind == "upload":
        add(Element("heading", "Thành phần hồ sơ", (120, 160, 800, 50)))
        documents = [d["vi"] if isinstance(d, dict) else d for d in procedure["documents"]][:4]
        for index, document in enumerate(documents):
            add(Element("row", document, (120, 226 + index * 96, 820, 84)))
            add(Element("button", "Chọn tệp", (960, 238 + index * 96, 200, 60), target=index == 0))
    elif kind == "payment":
        add(Element("heading", "Thanh toán lệ phí", (120, 160, 800, 50)))
        add(Element("row", "Lệ phí: theo quy định của thủ tục", (120, 226, 1040, 70)))
        add(Element("option", "Thanh toán qua Cổng thanh toán quốc gia", (120, 316, 1040, 70), target=True))
        add(Element("option", "Nộp trực tiếp khi nhận kết quả", (120, 400, 1040, 70)))
        add(Element("button", "Thanh toán", (980, 500, 180, 56)))
    elif kind == "submit":
        add(Element("heading", "Xác nhận và nộp hồ sơ", (120, 160, 800, 50)))
        add(Element("checkbox", "Tôi cam đoan thông tin khai là đúng sự thật", (120, 240, 1040, 60)))
        add(Element("field", "Hình thức nhận kết quả|Nhận qua bưu chính công ích", (120, 320, 1040, 74)))
        add(Element("button", "Nộp hồ sơ", (940, 440, 220, 64), target=True))
    elif kind == "receipt":
        add(Element("heading", "Nộp hồ sơ thành công", (120, 160, 800, 50)))
        add(Element("code", "Mã hồ sơ|H39.12-251203-0042", (120, 240, 620, 110), target=True))
        add(Element("note", "Mã hồ sơ được gửi qua tin nhắn và thư điện tử.", (120, 370, 900, 40)))
        add(Element("button", "Tra cứu hồ sơ", (120, 440, 240, 60)))
    elif kind == "track":
        add(Element("heading", "Tra cứu tình trạng hồ sơ", (120, 160, 800, 50)))
        add(Element("search", "H39.12-251203-0042", (120, 230, 860, 64)))
        add(Element("button", "Tra cứu", (1000, 230, 160, 64)))
        add(Element("status", "Trạng thái|Đã có kết quả – nhận qua bưu điện", (120, 320, 1040, 96), target=True))
    else:
        raise ValueError(f"unknown screen kind '{kind}'")
    return elements


def highlight_of(elements: list[Element], pad: int = 8) -> list[float]:
    """The target element's box, padded, as fractions [x, y, w, h] rounded to 3 decimals."""
    x, y, w, h = next(e.box for e in elements if e.target)
    x, y, w, h = x - pad, y - pad, w + 2 * pad, h + 2 * pad
    return [round(x / WIDTH, 3), round(y / HEIGHT, 3), round(w / WIDTH, 3), round(h / HEIGHT, 3)]


def screen_kind(screenshot: str) -> str:
    """'screens/x/3-form.png' -> 'form'."""
    match = re.fullmatch(r"\d+-([a-z]+)", Path(screenshot).stem)
    if not match:
        raise ValueError(f"screenshot name must look like '<n>-<kind>.png': {screenshot}")
    return match.group(1)


def star_points(cx: float, cy: float, radius: float) -> list[tuple[float, float]]:
    """Corners of a five-pointed star centred on (cx, cy)."""
    points = []
    for index in range(10):
        r = radius if index % 2 == 0 else radius * 0.4
        angle = math.pi / 2 + index * math.pi / 5
        points.append((cx + r * math.cos(angle), cy - r * math.sin(angle)))
    return points


def draw_logo(size: int = 256) -> Image.Image:
    """The sample centre's logo: a red star in a gold ring, transparent background."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.ellipse((4, 4, size - 4, size - 4), fill="#f2c94c", outline=BLUE, width=size // 24)
    pen.polygon(star_points(size / 2, size / 2, size * 0.36), fill=RED)
    return image


def draw(elements: list[Element]) -> Image.Image:
    """Render a screen's elements."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    pen = ImageDraw.Draw(image)
    regular = ImageFont.truetype(str(FONT), 22)
    small = ImageFont.truetype(str(FONT), 17)
    bold = ImageFont.truetype(str(FONT_BOLD), 24)
    big = ImageFont.truetype(str(FONT_BOLD), 32)
    pen.rectangle((0, 132, WIDTH, HEIGHT), fill="#fbfcfd")
    for element in elements:
        x, y, w, h = element.box
        right, bottom = x + w, y + h
        label, _, value = element.text.partition("|")
        if element.kind == "header":
            pen.rectangle((x, y, right, bottom), fill=BLUE)
            pen.ellipse((24, 14, 80, 70), fill="#f2c94c")
            pen.polygon(star_points(52, 42, 20), fill=RED)
            pen.text((100, 42), element.text, font=big, fill="white", anchor="lm")
            pen.text((WIDTH - 30, 42), "Đăng nhập | Đăng ký", font=regular, fill="white", anchor="rm")
        elif element.kind == "menu":
            pen.rectangle((x, y, right, bottom), fill="#083b75")
            cursor = 30
            for item in element.text.split("|"):
                pen.text((cursor, y + h // 2), item, font=regular, fill="white", anchor="lm")
                cursor += int(pen.textlength(item, font=regular)) + 44
        elif element.kind == "heading":
            pen.text((x, y + h // 2), element.text, font=big, fill=INK, anchor="lm")
        elif element.kind in ("field", "search", "status", "code"):
            if element.kind == "search":
                pen.rounded_rectangle((x, y, right, bottom), 8, fill="white", outline=BLUE, width=2)
                pen.text((x + 24, y + h // 2), element.text, font=regular, fill=INK, anchor="lm")
                continue
            fill = "#eef6ee" if element.kind == "status" else "#eef3fb" if element.kind == "code" else "white"
            pen.text((x, y + 2), label, font=small, fill="#4a5868")
            pen.rounded_rectangle((x, y + 26, right, bottom), 6, fill=fill, outline=LINE, width=2)
            font = big if element.kind == "code" else regular
            pen.text((x + 16, (y + 26 + bottom) // 2), value, font=font, fill=INK, anchor="lm")
        elif element.kind in ("button", "button-grey"):
            fill = BLUE if element.kind == "button" else "#6b7785"
            pen.rounded_rectangle((x, y, right, bottom), 8, fill=fill)
            pen.text((x + w // 2, y + h // 2), element.text, font=bold, fill="white", anchor="mm")
        elif element.kind == "row":
            pen.rounded_rectangle((x, y, right, bottom), 6, fill=GREY, outline=LINE)
            text = element.text if len(element.text) < 62 else element.text[:60] + "…"
            pen.text((x + 18, y + h // 2), text, font=regular, fill=INK, anchor="lm")
        elif element.kind in ("option", "checkbox"):
            pen.rounded_rectangle((x, y, right, bottom), 6, fill="white", outline=LINE, width=2)
            pen.rectangle((x + 18, y + h // 2 - 12, x + 42, y + h // 2 + 12), outline=BLUE, width=3)
            pen.text((x + 60, y + h // 2), element.text, font=regular, fill=INK, anchor="lm")
        elif element.kind == "panel":
            pen.rounded_rectangle((x, y, right, bottom), 10, fill="#f6f8fb", outline=LINE)
        elif element.kind == "note":
            pen.text((x, y + h // 2), element.text, font=small, fill="#4a5868", anchor="lm")
    return image


def sample_steps() -> list[tuple[dict, int, dict]]:
    """(procedure, step index, step) for every step with a screenshot in the sample catalogue."""
    found = []
    for path in sorted((ROOT / "content/procedures").glob("*.yaml")):
        procedure = yaml.safe_load(path.read_text(encoding="utf-8"))
        for index, step in enumerate(procedure.get("steps", [])):
            if step.get("screenshot"):
                found.append((procedure, index, step))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare YAML highlights with the layout")
    args = parser.parse_args()
    mismatches = 0
    if not args.check:
        (ROOT / "assets/brand").mkdir(parents=True, exist_ok=True)
        draw_logo().save(ROOT / "assets/brand/logo.png", optimize=True)
    for procedure, index, step in sample_steps():
        elements = layout(procedure, screen_kind(step["screenshot"]))
        expected = highlight_of(elements)
        if step.get("highlight") != expected:
            mismatches += 1
            print(f"{procedure['id']} steps[{index}].highlight: {step.get('highlight')} -> {expected}")
        if not args.check:
            target = ROOT / "assets" / step["screenshot"]
            target.parent.mkdir(parents=True, exist_ok=True)
            draw(elements).save(target, optimize=True)
    return 1 if args.check and mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
