"""The help site: templates escape content, the sample builds with --strict, pages have what citizens need."""

from __future__ import annotations

import re

import pytest

from generator.cache import Cache
from generator.content.load import load_catalogue
from generator.folding import fold
from generator.site.build import build_site
from generator.site.media import SiteMedia
from generator.site.pages import SiteWriter, Vietnamese, md
from tests.conftest import PROCEDURE, REPO, ProjectBuilder

HOSTILE = "<script>alert(1)</script> {{ 7*7 }} {% raw %} **đậm** [x](javascript:alert(1)) {: .evil } &amp; # h"


def test_fold_removes_diacritics_and_d_stroke():
    assert fold("Đăng ký khai sinh") == "dang ky khai sinh"
    assert fold("GIẤY PHÉP XÂY DỰNG") == "giay phep xay dung"
    assert fold("đường") == "duong"


def test_markdown_escape_leaves_nothing_to_interpret():
    escaped = md(HOSTILE)
    assert "<" not in escaped and ">" not in escaped
    for char in "*[](){}#":
        assert re.search(rf"(?<!\\){re.escape(char)}", escaped) is None, char
    marked = md(Vietnamese(HOSTILE))  # an untranslated passage on an English page: escaped inside its lang="vi"
    assert marked == f'<span lang="vi">{escaped}</span>'


def hostile_project(tmp_path) -> ProjectBuilder:
    builder = ProjectBuilder(tmp_path / "project")
    text = (PROCEDURE.replace("fee: Miễn lệ phí", f"fee: '{HOSTILE}'")
            .replace("title: Nộp hồ sơ", f"title: '{HOSTILE}'")
            .replace("updated: 2026-11-20", f"updated: 2026-11-20\nfaq:\n  - q: '{HOSTILE}'\n    a: '{HOSTILE}'"))
    builder.procedure(text)
    return builder


def test_generated_markdown_escapes_content(tmp_path):
    builder = hostile_project(tmp_path)
    docs = tmp_path / "docs"
    media = SiteMedia(Cache(tmp_path / "cache"), (0, 0, 0))
    SiteWriter(load_catalogue(builder.root), "vi", docs, media, tmp_path / "clips").write()
    page = (docs / "thu-tuc" / "khai-sinh.md").read_text()
    assert "<script>" not in page
    assert "\\{\\{ 7\\*7 \\}\\}" in page  # Markdown body: every special character escaped


@pytest.mark.slow
def test_hostile_text_is_shown_literally_in_the_built_html(tmp_path):
    builder = hostile_project(tmp_path)
    site = build_site(load_catalogue(builder.root))
    html = (site / "thu-tuc" / "khai-sinh.html").read_text()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html and "**đậm**" in html
    assert 'href="javascript:' not in html and "evil" not in re.findall(r'class="([^"]*)"', html)


@pytest.mark.slow
def test_page_without_screenshots_video_or_english_is_complete(tmp_path):
    builder = ProjectBuilder(tmp_path / "project")
    bare = re.sub(r"    screenshot: .*\n    highlight: .*\n", "", PROCEDURE).replace("  en: Birth registration\n", "")
    builder.procedure(bare.replace("title:\n  vi: Đăng ký khai sinh\n", "title: Đăng ký khai sinh\n"))
    site = build_site(load_catalogue(builder.root))
    html = (site / "thu-tuc" / "khai-sinh.html").read_text()
    for section in ("Giấy tờ cần chuẩn bị", "Các bước thực hiện", "Video hướng dẫn", "Miễn lệ phí"):
        assert section in html
    assert "Video cho thủ tục này đang được chuẩn bị." in html
    assert not (site / "en").exists()


@pytest.mark.slow
def test_english_page_falls_back_with_a_note(tmp_path):
    builder = ProjectBuilder(tmp_path / "project")
    builder.procedure()
    site = build_site(load_catalogue(builder.root))
    html = (site / "en" / "thu-tuc" / "khai-sinh.html").read_text()
    assert "Birth registration" in html
    assert "not translated yet" in html
    assert "Miễn lệ phí" in html  # the fee has no English: shown in Vietnamese
    assert 'hreflang="vi"' in html


@pytest.mark.slow
def test_sample_catalogue_builds_strict_with_every_fact_from_the_yaml():
    from tests.conftest import REPO

    catalogue = load_catalogue(REPO)
    site = build_site(catalogue)
    for procedure in catalogue.procedures.values():
        html = (site / "thu-tuc" / f"{procedure.id}.html").read_text()
        for fact in (procedure.fee.vi, procedure.processing_time.vi, *[d.name.vi for d in procedure.documents]):
            assert fact.replace("&", "&amp;") in html or fact in html, fact
        assert html.count("<img") >= len(procedure.steps)
        assert 'loading="lazy"' in html and 'srcset=' in html and ' 480w' in html


def test_pages_say_how_many_sets_what_is_only_shown_who_applies_who_decides_the_law_and_the_journey():
    """What the national portal and GOV.UK give: sets, papers shown vs handed in, who may apply as a sentence,
    the deciding authority apart from the receiving office, the legal basis linked, journey steps with facts."""
    import re

    from tests.conftest import REPO

    site = build_site(load_catalogue(REPO))
    birth = (site / "thu-tuc" / "dang-ky-khai-sinh.html").read_text()
    assert "Số lượng hồ sơ: 01 bộ." in birth
    shown = birth.index("Mang theo để xuất trình (không nộp)")
    card = re.search(r"<li>[^<]*Thẻ căn cước của người đi đăng ký[^<]*</li>", birth)
    assert card and card.start() > shown and "bản chính" not in card[0], card
    assert "người thân thích khác hoặc cá nhân, tổ chức đang nuôi dưỡng trẻ" in birth
    assert '<a href="https://vanban.chinhphu.vn/?pageid=27160&amp;docid=178129" rel="noopener">' in birth
    assert "7 ngày làm việc · Miễn lệ phí cho trẻ em · Tờ khai thay đổi thông tin cư trú (mẫu CT01)" in birth
    assert "Trong ngày làm việc" in birth.split('aria-current="step"')[1].split("</li>")[0]  # its own facts too
    land = (site / "thu-tuc" / "dang-ky-chuyen-muc-dich-su-dung-dat.html").read_text()
    assert "<strong>Nơi tiếp nhận hồ sơ</strong>" in land and "<strong>Cơ quan quyết định</strong>" in land
    assert "<strong>Cơ quan giải quyết</strong>" not in land and "Chủ tịch UBND cấp xã nơi có đất" in land
    english = (site / "en" / "thu-tuc" / "dang-ky-khai-sinh.html").read_text()
    assert "Hand in one set of these documents." in english and "Bring to show (not handed in)" in english


def test_every_sample_with_an_english_page_can_have_its_english_video():
    """An English page never says "the video is being prepared" after `build`: the clip needs every spoken text."""
    from generator.clip.plan import clip_languages
    from tests.conftest import REPO

    for procedure in load_catalogue(REPO).procedures.values():
        if procedure.title.has("en"):
            assert "en" in clip_languages(procedure, ["vi", "en"]), procedure.id


def test_a_vendored_licence_is_a_file_of_the_site_not_a_page(tmp_path):
    project = ProjectBuilder(tmp_path / "project")
    project.procedure()
    site = build_site(load_catalogue(project.root))
    assert (site / "assets/vendor/glightbox/LICENSE.txt").is_file()
    assert not list(site.rglob("LICENSE.html"))  # not built as a page, so in no navigation or sitemap


@pytest.mark.parametrize(("fee", "shown", "not_shown"), [
    ("100.000 đồng; nộp trực tuyến 50.000 đồng", "nộp trực tuyến 50\\.000 đồng |", "(50"),  # states its own amounts
    ("Theo quy định của tỉnh", "Theo quy định của tỉnh (75\\.000 đồng)", None),  # states none: the amount is added
])
def test_a_fee_text_with_its_own_amounts_gets_no_contradicting_second_one(tmp_path, fee, shown, not_shown):
    builder = ProjectBuilder(tmp_path / "project")
    amount = "50000" if not_shown else "75000"
    builder.procedure(PROCEDURE.replace("fee: Miễn lệ phí", f"fee: {fee}\nfee_amount: {amount}"))
    docs = tmp_path / "docs"
    media = SiteMedia(Cache(tmp_path / "cache"), (0, 0, 0))
    catalogue = load_catalogue(builder.root)
    SiteWriter(catalogue, "vi", docs / "vi", media, tmp_path / "clips").write()
    SiteWriter(catalogue, "en", docs / "en", media, tmp_path / "clips").write()
    fee_row = next(line for line in (docs / "vi" / "thu-tuc" / "khai-sinh.md").read_text().splitlines()
                   if line.startswith("| **Lệ phí**"))
    assert shown in fee_row
    assert not_shown is None or not_shown not in fee_row
    english = next(line for line in (docs / "en" / "thu-tuc" / "khai-sinh.md").read_text().splitlines()
                   if line.startswith("| **Fee**"))
    assert ("75,000 dong" in english) is (not_shown is None)


def test_an_untranslated_procedure_is_listed_in_english_escaped_and_searchable(tmp_path):
    builder = ProjectBuilder(tmp_path / "project")
    builder.procedure(PROCEDURE.replace("title:\n  vi: Đăng ký khai sinh\n  en: Birth registration\n",
                                        f"title: '{HOSTILE}'\nalso_called: [{{vi: khai sinh, en: birth}}]\n"))
    builder.procedure(PROCEDURE.replace("id: khai-sinh", "id: ket-hon"), name="ket-hon")
    media = SiteMedia(Cache(tmp_path / "cache"), (0, 0, 0))
    docs = tmp_path / "docs" / "en"
    SiteWriter(load_catalogue(builder.root), "en", docs, media, tmp_path / "clips").write()
    listing = (docs / "thu-tuc" / "index.md").read_text()
    assert "<script>" not in listing and "&lt;script&gt;alert(1)&lt;/script&gt;" in listing
    assert 'href="../../thu-tuc/khai-sinh.html" hreflang="vi" lang="vi"' in listing
    table = (docs / "assets" / "search" / "docs.js").read_text()
    assert "<" not in table and '"../thu-tuc/khai-sinh.html"' in table and '"vi"]' in table
    assert '"birth"' in (docs / "assets" / "search" / "s-bi.js").read_text()


def test_every_sample_step_picture_shows_the_portal_text_at_a_readable_size_on_a_phone():
    from PIL import Image

    from generator.site.media import _crop_box

    catalogue = load_catalogue(REPO)
    shown_width = 328  # the picture's width on a 360 px phone (the page's margins taken off)
    checked = 0
    for procedure in catalogue.procedures.values():
        for step in procedure.steps:
            if not (step.screenshot and step.highlight):
                continue
            with Image.open(catalogue.asset(step.screenshot)) as image:
                width, height = image.size
            left, top, right, bottom = _crop_box(width, height, step.highlight)
            text = 14 * (width / 1280) * shown_width / (right - left)  # the portal's 14 px text, captured at scale
            assert text >= 9, (procedure.id, step.screenshot, round(text, 1))
            x, y = step.highlight[0] * width, step.highlight[1] * height  # the target's start is in the crop
            assert left <= x < right and top <= y < bottom, (procedure.id, step.screenshot)
            checked += 1
    assert checked >= 20


def test_a_small_crop_keeps_its_context_whole():
    """The crop round "Đăng nhập" shows the whole ID field above it (not "…1234"), and "Chọn tệp" at the far
    end of a wide row comes with the document name from the row's start."""
    from generator.clip.pictures import load_screenshot
    from generator.site.media import _clear_of_text, _crop_box, _with_row_start

    catalogue = load_catalogue(REPO)
    login = catalogue.procedures["cap-phieu-ly-lich-tu-phap"].steps[0]
    image = load_screenshot(catalogue.asset(login.screenshot))
    left, top, right, bottom = _clear_of_text(image, _crop_box(image.width, image.height, login.highlight),
                                              login.highlight)
    field = (870, 370, 1690, 458)  # the "Số định danh cá nhân" field of the 2x login screen, digits and all
    assert left <= field[0] and field[2] <= right and top <= field[1] and field[3] <= bottom, (left, top)
    x, y, w, h = (value * size for value, size in zip(login.highlight, (image.width, image.height) * 2, strict=True))
    assert left <= x and x + w <= right and top <= y and y + h <= bottom

    procedure = catalogue.procedures["dang-ky-khai-sinh"]
    upload = next(step for step in procedure.steps if step.screenshot and "upload" in step.screenshot)
    image = load_screenshot(catalogue.asset(upload.screenshot))
    box = _clear_of_text(image, _crop_box(image.width, image.height, upload.highlight), upload.highlight)
    panes = _with_row_start(image, box, upload.highlight, catalogue.contexts[upload.screenshot])
    assert panes is not None and panes.size == (box[2] - box[0], box[3] - box[1])
    label = image.crop((190, 610, 440, 680))  # "Giấy chứng sinh", at the row's start, 880 px from the button
    assert _found_in(label, panes) and not _found_in(label, image.crop(box))


def _found_in(part, image) -> bool:
    """Whether `part` appears pixel for pixel somewhere in `image` (searched on its first row)."""
    import numpy as np

    needle, hay = np.asarray(part.convert("L"), dtype=np.int16), np.asarray(image.convert("L"), dtype=np.int16)
    h, w = needle.shape
    for y in range(hay.shape[0] - h + 1):
        for x in np.flatnonzero(hay[y, : hay.shape[1] - w + 1] == needle[0, 0]):
            if np.array_equal(hay[y:y + h, x:x + w], needle):
                return True
    return False


@pytest.mark.parametrize("highlight", [(0.02, 0.1, 0.96, 0.85), (0.4, 0.45, 0.1, 0.05), (0.9, 0.9, 0.1, 0.1)])
def test_a_crop_is_readable_whatever_the_target_size(highlight):
    from generator.site.media import CROP_SHARE, _crop_box

    left, top, right, bottom = _crop_box(2560, 1440, highlight)
    assert right - left == round(CROP_SHARE * 2560) and left >= 0 and right <= 2560 and top >= 0 and bottom <= 1440
    x, y, w = highlight[0] * 2560, highlight[1] * 1440, highlight[2] * 2560
    assert left <= x < right and top <= y < bottom  # the target's start is shown
    if w < 0.3 * 2560 and highlight[0] + highlight[2] < 0.9:  # a small target keeps its surroundings
        assert left < x - 50 and x + w + 50 < right


def test_after_you_submit_is_the_site_default_or_the_procedure_own_in_order(tmp_path):
    builder = ProjectBuilder(tmp_path / "project")
    builder.procedure()
    builder.procedure(PROCEDURE.replace("id: khai-sinh", "id: ket-hon").replace(
        "updated: 2026-11-20", "after_submit: [Cán bộ gọi điện hẹn ngày, Cả hai cùng đến ký]\nupdated: 2026-11-20"),
        name="ket-hon")
    settings = builder.root / "content" / "settings.yaml"
    settings.write_text(settings.read_text() + "after_submit: [Cán bộ kiểm tra hồ sơ, Tra cứu bằng mã hồ sơ]\n")
    media = SiteMedia(Cache(tmp_path / "cache"), (0, 0, 0))
    docs = tmp_path / "docs"
    SiteWriter(load_catalogue(builder.root), "vi", docs, media, tmp_path / "clips").write()
    default = (docs / "thu-tuc" / "khai-sinh.md").read_text()
    own = (docs / "thu-tuc" / "ket-hon.md").read_text()
    assert "## Sau khi nộp hồ sơ" in default and "1. Cán bộ kiểm tra hồ sơ\n2. Tra cứu bằng mã hồ sơ" in default
    assert "1. Cán bộ gọi điện hẹn ngày\n2. Cả hai cùng đến ký" in own and "Tra cứu" not in own
