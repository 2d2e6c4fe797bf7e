"""Drawing: text always fits the safe area, Vietnamese diacritics are never clipped, odd screenshots work."""

from __future__ import annotations

import time

import pytest
from PIL import Image, ImageDraw

from generator.clip.draw import FORMATS, Layout, Painter
from generator.clip.pictures import load_screenshot
from generator.clip.plan import Facts, Scene
from generator.clip.text import fit_text, font, text_boxes

LONG_TITLES = [
    "Thủ tục đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi " * 5,
    "Cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất lần đầu "
    "cho hộ gia đình, cá nhân, cộng đồng dân cư, người Việt Nam định cư ở nước ngoài được sở hữu nhà ở tại "
    "Việt Nam; đăng ký bổ sung tài sản gắn liền với đất vào Giấy chứng nhận đã cấp; thẩm định, phê duyệt "
    "phương án sử dụng đất, ẶẪỄỖỰ ặẫễỗự, đăng ký biến động",
    "ỰỰỰỰỰ ẶẶẶẶ ỄỄỄỄ ỖỖỖỖ " * 20,
    "Ngắn",
]
FACTS = Facts("x", "UBND xã", "Nộp trực tuyến toàn trình", "50.000 đồng", "03 ngày làm việc", "Cổng DVC",
              "https://dichvucong.gov.vn", "0272 3870 111", "https://dichvucong.gov.vn")


def inside(box, area) -> bool:
    return box[0] >= area[0] and box[1] >= area[1] and box[2] <= area[2] and box[3] <= area[3]


@pytest.mark.parametrize("title", LONG_TITLES, ids=["repeated", "450-chars", "stacked-diacritics", "short"])
@pytest.mark.parametrize("format_name", ["tv-1080p", "vertical"])
def test_long_titles_stay_inside_their_box(title, format_name):
    layout = FORMATS[format_name]
    left, top, right, _bottom = layout.safe
    box = (left, top, right, top + layout.px(300))
    block = fit_text(title, right - left, box[3] - box[1], layout.px(84), layout.px(50), bold=True, max_lines=4)
    assert block.size >= layout.px(50)
    assert block.height <= box[3] - box[1]
    for ink in text_boxes(block, left, top):
        assert inside(ink, box), (ink, box)
    if len(title) > 300:
        assert block.truncated and block.lines[-1].endswith("…")


def test_stacked_diacritics_are_not_clipped_when_drawn():
    block = fit_text("ẶẪỄỖỰ ặẫễỗự", 800, 200, 80, 80, bold=True)
    image = Image.new("L", (820, block.height + 20), 0)
    from generator.clip.text import draw_block

    draw_block(ImageDraw.Draw(image), block, 10, 10, 255)
    ink = image.getbbox()
    assert ink[1] >= 10 and ink[3] <= 10 + block.height


def test_caption_font_is_readable_from_five_metres():
    assert FORMATS["tv-1080p"].caption_size >= 54
    assert font(FORMATS["tv-1080p"].caption_size, bold=True).getbbox("Ặ")[3] >= 0.05 * 1080 * 0.6


@pytest.mark.parametrize("format_name", ["tv-1080p", "vertical", "draft"])
def test_every_card_keeps_captions_inside_the_safe_area(format_name):
    layout = FORMATS[format_name]
    painter = Painter(layout, FACTS, "#0b4f9c", "#d92d20", None, "vi")
    region = painter.caption_region()
    assert inside(region, layout.safe)
    captioned = painter.with_caption(painter.background(), ("Dòng một của phụ đề rất dài", "Dòng hai"))
    assert captioned.size == (layout.width, layout.height)


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("huge", lambda p: Image.new("RGB", (10_000, 6_000), "white").save(p / "huge.png")),
        ("portrait", lambda p: Image.new("RGB", (1080, 2340), "white").save(p / "portrait.png")),
        ("cmyk", lambda p: Image.new("CMYK", (800, 500), (0, 50, 100, 0)).save(p / "cmyk.jpg")),
        ("palette", lambda p: Image.new("P", (800, 500), 3).save(p / "palette.png")),
        ("rgba", lambda p: Image.new("RGBA", (800, 500), (0, 0, 0, 0)).save(p / "rgba.png")),
        ("animated", lambda p: Image.new("P", (400, 300), 1).save(p / "animated.gif", save_all=True,
                                                                  append_images=[Image.new("P", (400, 300), 2)])),
    ],
)
def test_unusual_screenshots_are_fitted(tmp_path, name, make):
    make(tmp_path)
    path = next(tmp_path.iterdir())
    started = time.perf_counter()
    image = load_screenshot(path)
    assert image.mode == "RGB"
    layout = Layout("tiny", 320, 180)
    painter = Painter(layout, FACTS, "#0b4f9c", "#d92d20", None, "vi")
    scene = Scene("step", "step-1", "Đăng nhập", (), "Đăng nhập", screenshot=path, highlight=(0.1, 0.1, 0.2, 0.2),
                  step_number=1, step_count=2)
    base, box = painter.step_base(scene)
    assert box == layout.picture_box and inside(box, (0, 0, layout.width, layout.height))
    assert painter.spotlight(base, box, scene.highlight, 1.0, path).size == (320, 180)
    assert time.perf_counter() - started < 10
    if name == "rgba":
        assert image.getpixel((0, 0)) == (255, 255, 255)  # transparency becomes white, not black
