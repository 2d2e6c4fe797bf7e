"""Capture on what real portals do (pages of their own in tests/portal/), through the real `guidegen capture`.

Decomposed Vietnamese, a field inside an iframe, a consent dialog over the form, a loading indicator,
a read-only date field, rows that share a button, a desktop-only page on a phone, a login in
sessionStorage: each captured or answered in one line at the step that met it.
"""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.conftest import REPO
from tests.test_capture import PortalProject, error_lines, guidegen

pytestmark = pytest.mark.browser
PAGES = REPO / "tests" / "portal"


def project(tmp_path: Path, procedure_id: str, steps: str, **capture: object) -> PortalProject:
    """A project that serves tests/portal/ and has one procedure of `steps`."""
    made = PortalProject(tmp_path, serve="spa", timeout=3, **capture)
    shutil.copytree(PAGES, made.root / "assets" / "spa")
    made.procedure(procedure_id, textwrap.dedent(steps))
    return made


def test_a_label_written_decomposed_on_the_page_matches_the_yaml(tmp_path):
    made = project(tmp_path, "nfd", """\
        - title: Số lượng
          screenshot: screens/nfd/1.png
          actions:
            - goto: /nfd.html
            - fill: label "Số lượng bản sao"
              value: "2"
          target: button "Tiếp tục"
        """)
    result = guidegen(made.root, "capture")
    assert result.returncode == 0, result.stderr
    assert json.loads((made.root / "assets/screens/nfd/1.capture.json").read_text())["screen"]["box"]


def test_a_field_inside_a_frame_is_found_through_the_frame_and_named_when_it_is_not(tmp_path):
    missed = project(tmp_path / "a", "khung", """\
        - title: Họ tên
          actions:
            - goto: /frame.html
          target: label "Họ và tên"
        """)
    result = guidegen(missed.root, "capture")
    assert result.returncode == 1
    [line] = error_lines(result)
    assert "no field labelled 'Họ và tên' on the page: it is inside the frame 'Tờ khai'; write frame \"Tờ khai\" >> " \
           "label \"Họ và tên\"" in line, line
    found = project(tmp_path / "b", "khung", """\
        - title: Họ tên
          screenshot: screens/khung/1.png
          actions:
            - goto: /frame.html
            - fill: frame "Tờ khai" >> label "Họ và tên"
              value: "{name}"
          target: frame "Tờ khai" >> label "Họ và tên"
        """)
    result = guidegen(found.root, "capture")
    assert result.returncode == 0, result.stderr
    x, y, _w, _h = json.loads((found.root / "assets/screens/khung/1.capture.json").read_text())["screen"]["box"]
    assert x > 32 and y > 60  # inside the frame, measured in the page: the frame's own offset included


def test_a_dialog_over_the_form_is_named_at_the_step_and_dismissed_when_listed(tmp_path):
    steps = """\
        - title: Gửi
          screenshot: screens/phu/1.png
          actions:
            - goto: /modal.html
          target: button "Gửi"
          do: click
        """
    covered = project(tmp_path / "a", "phu", steps)
    result = guidegen(covered.root, "capture")
    assert result.returncode == 1
    [line] = error_lines(result)
    assert "steps[0].do: a dialog 'Chấp nhận cookie' covers button \"Gửi\"; close it first" in line, line
    assert covered.screens("phu") == []
    dismissed = project(tmp_path / "b", "phu", steps, dismiss=['button "Đồng ý"'])
    result = guidegen(dismissed.root, "capture")
    assert result.returncode == 0, result.stderr
    shown = np.asarray(Image.open(dismissed.root / "assets/screens/phu/1.png").convert("L"), dtype=float)
    assert shown.mean() > 200  # the page, not the darkened dialog over it


def test_a_screenshot_waits_until_the_loading_indicator_is_gone(tmp_path):
    made = project(tmp_path, "cho", """\
        - title: Tra cứu
          screenshot: screens/cho/1.png
          actions:
            - goto: /spinner.html
          target: button "Tra cứu"
        - title: Lại
          screenshot: screens/cho/2.png
          actions:
            - goto: /spinner.html
            - wait: gone progressbar "Đang tải"
          target: button "Tra cứu"
        """)
    result = guidegen(made.root, "capture")
    assert result.returncode == 0, result.stderr
    for number in (1, 2):
        pixels = np.asarray(Image.open(made.root / f"assets/screens/cho/{number}.png").convert("RGB")).astype(int)
        magenta = (np.abs(pixels - np.array([255, 0, 255])).sum(axis=2) < 30).sum()
        assert magenta == 0, f"screenshot {number} shows the loading indicator"


def test_typing_into_a_read_only_field_says_to_click_and_choose(tmp_path):
    made = project(tmp_path, "hen", """\
        - title: Ngày hẹn
          actions:
            - goto: /readonly.html
            - fill: label "Ngày hẹn"
              value: "01/12/2026"
          target: button "Tiếp tục"
        """)
    result = guidegen(made.root, "capture")
    assert result.returncode == 1
    [line] = error_lines(result)
    assert "steps[0].actions[1].fill: label \"Ngày hẹn\" is read-only (a date picker or a list?): click it and " \
           "choose instead of typing" in line, line


def test_a_row_is_found_by_any_one_of_its_cells(tmp_path):
    made = project(tmp_path, "hang", """\
        - title: Nộp
          screenshot: screens/hang/1.png
          actions:
            - goto: /rows.html
          target: row "Cấp bản sao trích lục hộ tịch" >> button "Nộp hồ sơ"
        """)
    result = guidegen(made.root, "capture")
    assert result.returncode == 0, result.stderr
    _x, y, _w, _h = json.loads((made.root / "assets/screens/hang/1.capture.json").read_text())["screen"]["box"]
    first_row = json.loads((made.root / "assets/screens/hang/1.capture.json").read_text())
    assert first_row and y > 100  # the second row's button, not the first's


def test_a_desktop_only_page_refuses_the_phone_pass_in_one_line(tmp_path):
    made = project(tmp_path, "rong", """\
        - title: Nộp
          screenshot: screens/rong/1.png
          actions:
            - goto: /wide.html
          target: button "Nộp"
        """)
    result = guidegen(made.root, "capture", "--phone")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    [line] = error_lines(result)
    assert "steps[0]: the page is laid out for a desktop, not a phone" in line, line
    assert made.screens("rong") == []
    assert guidegen(made.root, "capture").returncode == 0  # the TV's screenshots are fine


def test_a_login_kept_in_session_storage_is_saved_and_restored(tmp_path, browser):
    from generator.capture.browser import Portal, new_context, portal, save_session
    from generator.content.schema import CaptureSettings

    made = project(tmp_path, "dang-nhap", """\
        - title: Mở
          actions:
            - goto: /session.html
          target: heading "Cổng thử"
        """)
    settings = CaptureSettings.model_validate({"base_url": "http://127.0.0.1/", "serve": "spa"})
    session = made.root / ".guidegen-session.json"
    with portal(settings, made.root / "assets") as target:
        assert isinstance(target, Portal)
        context = new_context(browser, target, settings)
        page = context.new_page()
        page.goto(target.url("/session.html"))
        page.get_by_role("button", name="Đăng nhập").click()
        page.get_by_role("link", name="Đăng xuất").wait_for()
        saved = save_session(context, page, session)
        context.close()
        assert saved.endswith("1 sessionStorage items") and session.stat().st_mode & 0o777 == 0o600
        again = new_context(browser, target, settings, session=session)
        page = again.new_page()
        page.goto(target.url("/session.html"))
        page.get_by_role("link", name="Đăng xuất").wait_for(timeout=3000)  # still signed in
        again.close()


def test_the_recorder_keeps_a_search_query_and_its_enter_and_names_alike_buttons_by_their_row(tmp_path, browser):
    from generator.capture.browser import new_context, portal
    from generator.capture.record import Recorder
    from generator.content.load import gather_catalogue

    unused = "- title: Chỗ\n  screenshot: screens/x.png\n  highlight: [0.1, 0.1, 0.2, 0.2]\n"
    made = project(tmp_path, "khong-dung", unused)
    (made.root / "content/procedures/khong-dung.yaml").unlink()
    catalogue = gather_catalogue(made.root, captures=False)
    settings = catalogue.settings.capture
    with portal(settings, catalogue.project.assets) as target:
        page = new_context(browser, target, settings).new_page()
        recorder = Recorder(page, catalogue, "ban-sao", target, settings)
        recorder.start("/search.html")
        page.get_by_placeholder("Nhập từ khóa tìm kiếm").click()
        recorder.settle()
        page.keyboard.type("trích lục")
        page.keyboard.press("Enter")  # the query is submitted with Enter, as citizens do
        recorder.settle()
        page.wait_for_url("**/results.html*")
        page.get_by_role("row", name="Cấp bản sao trích lục hộ tịch Nộp hồ sơ").get_by_role("button").click()
        recorder.settle()
        page.wait_for_url("**/request.html")  # as an officer waits for the next page to show
        page.get_by_label("Họ, chữ đệm, tên người yêu cầu").click()
        recorder.settle()
        page.keyboard.type("Trần Văn Thật")
        page.keyboard.press("Tab")  # on to the number field
        recorder.settle()
        page.keyboard.type("3")
        page.keyboard.press("Tab")
        recorder.settle()
        written = recorder.finish()
        page.context.close()
    text = written.read_text(encoding="utf-8")
    assert "Tìm “trích lục”" in text and "do: {fill: 'trích lục'}" in text  # the query, kept as typed
    assert "Nội dung mẫu" not in text
    assert "- press: 'Enter'" in text
    assert 'row "Cấp bản sao trích lục hộ tịch" >> button "Nộp hồ sơ"' in text and "nth-of-type" not in text
    assert "{name}" in text and "Trần Văn Thật" not in text  # the national form's name label is the persona's
    assert "fill: '3'" in text or 'fill: "3"' in text  # the number field is recorded
    assert "Nhập Nhập" not in text
    assert guidegen(made.root, "check").returncode == 0
    result = guidegen(made.root, "capture", "ban-sao")
    assert result.returncode == 0, result.stderr


def test_an_ambiguous_target_suggests_a_row_form_that_exists_and_a_text_target_is_its_words(tmp_path):
    ambiguous = project(tmp_path / "a", "hai-nut", """\
        - title: Nộp
          actions:
            - goto: /rows.html
          target: button "Nộp hồ sơ"
        """)
    result = guidegen(ambiguous.root, "capture")
    assert result.returncode == 1
    [line] = error_lines(result)
    assert 'button "Nộp hồ sơ" matches 2 elements; name it inside its row or container, e.g. row "Đăng ký khai ' \
           'sinh" >> button "Nộp hồ sơ", which finds exactly one' in line, line
    words = project(tmp_path / "b", "chu", """\
        - title: Đã nhận
          screenshot: screens/chu/1.png
          actions:
            - goto: /text.html
          target: text "Hồ sơ đã được tiếp nhận"
        """)
    result = guidegen(words.root, "capture")
    assert result.returncode == 0, result.stderr
    _x, _y, width, _h = json.loads((words.root / "assets/screens/chu/1.capture.json").read_text())["screen"]["box"]
    assert 120 < width < 400  # the words (about 220 px), not the 900 px paragraph


def test_check_names_the_dialog_that_makes_every_screen_look_changed(tmp_path):
    steps = """\
        - title: Trang nộp
          screenshot: screens/kiem/1.png
          actions:
            - goto: /modal.html
          target: heading "Nộp hồ sơ"
        """
    clean = project(tmp_path, "kiem", steps, dismiss=['button "Đồng ý"'])
    assert guidegen(clean.root, "capture").returncode == 0
    import yaml

    settings = clean.root / "content/settings.yaml"  # the banner is no longer closed before the step
    data = yaml.safe_load(settings.read_text(encoding="utf-8"))
    data["capture"]["dismiss"] = []
    settings.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = guidegen(clean.root, "capture", "--check")
    assert result.returncode == 1
    [line] = error_lines(result)
    assert "the screen changed visibly since it was captured" in line
    assert "a dialog 'Chấp nhận cookie' was showing over the page: list its button under capture.dismiss" in line


def test_a_custom_dropdown_is_highlighted_whole_not_only_its_placeholder(tmp_path):
    made = project(tmp_path, "xa", """\
        - title: Chọn xã
          screenshot: screens/xa/1.png
          actions:
            - goto: /dropdown.html
          target: text "Chọn xã/phường"
        """)
    result = guidegen(made.root, "capture")
    assert result.returncode == 0, result.stderr
    _x, _y, width, _h = json.loads((made.root / "assets/screens/xa/1.capture.json").read_text())["screen"]["box"]
    assert width > 370  # the 360 px widget with its padding and border, not the 130 px placeholder
