"""Capture of the sample mock portal in real Chromium: highlights, redaction, --check, the recorder, failures."""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest
import yaml
from PIL import Image

from generator.capture.locators import parse_locator
from tests.conftest import REPO

pytestmark = pytest.mark.browser

STEPS_HEAD = """\
id: {id}
title: Thử chụp màn hình
category: ho-tich
agency: UBND cấp xã
level: full
portal_url: https://dichvucong.example.vn/thu
fee: Miễn phí
processing_time: Trong ngày
documents: [Giấy chứng sinh]
updated: 2026-11-20
steps:
"""


class PortalProject:
    """A project with the sample's settings, personas and mock portal, capture settings adjustable."""

    def __init__(self, root: Path, **capture: object) -> None:
        self.root = root
        (root / "content" / "procedures").mkdir(parents=True)
        for name in ("settings.yaml", "personas.yaml"):
            shutil.copy(REPO / "content" / name, root / "content" / name)
        for folder in ("mock-portal", "fonts", "brand", "forms"):
            shutil.copytree(REPO / "assets" / folder, root / "assets" / folder)
        settings = yaml.safe_load((root / "content/settings.yaml").read_text(encoding="utf-8"))
        settings["capture"].update(capture)
        settings.pop("journeys", None)  # they name sample procedures these projects do not all have
        (root / "content/settings.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")

    def sample(self, procedure_id: str, *, with_screens: bool = False) -> Path:
        target = self.root / "content/procedures" / f"{procedure_id}.yaml"
        text = (REPO / "content/procedures" / f"{procedure_id}.yaml").read_text(encoding="utf-8")
        target.write_text(re.sub(r"^related: .*$", "related: []", text, flags=re.MULTILINE), encoding="utf-8")
        if with_screens:
            shutil.copytree(REPO / "assets/screens" / procedure_id, self.root / "assets/screens" / procedure_id)
        return target

    def procedure(self, procedure_id: str, steps: str) -> Path:
        path = self.root / "content/procedures" / f"{procedure_id}.yaml"
        path.write_text(STEPS_HEAD.format(id=procedure_id) + textwrap.indent(textwrap.dedent(steps), "  "),
                        encoding="utf-8")
        return path

    def screens(self, procedure_id: str) -> list[Path]:
        return sorted((self.root / "assets/screens" / procedure_id).glob("*")) if (
            self.root / "assets/screens" / procedure_id).is_dir() else []


def guidegen(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator.cli", "--project", str(root), *args],
                          capture_output=True, text=True, timeout=300, env=env)


def error_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip() and not line.startswith(("note:", "capture:"))
            and not line.endswith("problem(s) found.")]


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [number for number, line in enumerate(lines, start=1) if needle in line]
    return found[occurrence - 1]


def test_locators_parse_roles_finders_and_chains():
    assert str(parse_locator('button "Nộp hồ sơ"')) == 'button "Nộp hồ sơ"'
    chained = parse_locator('article "Đăng ký khai sinh" >> link "Nộp trực tuyến"')
    assert [(p.kind, p.name) for p in chained.parts] == [("article", "Đăng ký khai sinh"), ("link", "Nộp trực tuyến")]
    assert parse_locator(r'text "Bấm \"Nộp\""').last.name == 'Bấm "Nộp"'
    for bad, words in (('knob "X"', "unknown locator form 'knob'"), ("button Nộp", "is not a locator"),
                       ('button ""', "is not a locator")):
        with pytest.raises(ValueError, match=words):
            parse_locator(bad)


def test_every_highlight_is_its_elements_box_at_scale_1(tmp_path, browser):
    project = PortalProject(tmp_path, scale=1)
    project.sample("dang-ky-khai-sinh")
    result = guidegen(project.root, "capture")
    assert result.returncode == 0, result.stderr

    # Walk the same screens with plain Playwright and CSS (none of capture's code) and measure each element.
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    served = _serve(project.root / "assets/mock-portal")
    try:
        expected = []
        page.goto(f"{served}/dang-nhap.html")
        expected.append(_box(page, "#login-form button[type=submit]"))
        page.fill("#id-number", "000090001234")
        page.click("#login-form button[type=submit]")
        page.wait_for_url("**/index.html")
        expected.append(_box(page, ".hero input[type=search]"))
        page.goto(f"{served}/thu-tuc.html?q=khai+sinh")
        expected.append(_box(page, 'article[aria-labelledby="tt-1-001193"] a.btn'))
        page.goto(f"{served}/nop-ho-so.html?ma=1.001193")
        expected.append(_box(page, "#application"))
        page.goto(f"{served}/giay-to.html?ma=1.001193")
        expected.append(_box(page, "button[data-file=file0]"))
        page.goto(f"{served}/xac-nhan.html?ma=1.001193")
        expected.append(_box(page, "#submit"))
        page.goto(f"{served}/tra-cuu.html?ma=1.001193&code=H48.26-1001193-0001")
        expected.append(_box(page, "section[aria-labelledby=status-title]"))
    finally:
        page.close()

    from generator.content.load import load_catalogue

    steps = load_catalogue(project.root).procedures["dang-ky-khai-sinh"].steps
    assert len(steps) == len(expected) == 7
    for number, (step, (x, y, w, h)) in enumerate(zip(steps, expected, strict=True), start=1):
        with Image.open(project.root / "assets" / step.screenshot) as image:
            assert image.size == (1280, 720)
        hx, hy, hw, hh = step.highlight
        padded = (max(0, x - 6), max(0, y - 6), min(1280, x + w + 6), min(720, y + h + 6))
        got = (hx * 1280, hy * 720, (hx + hw) * 1280, (hy + hh) * 720)
        assert max(abs(a - b) for a, b in zip(got, padded, strict=True)) <= 2, (number, got, padded)


def _box(page, css: str) -> tuple[float, float, float, float]:
    box = page.locator(css).bounding_box()
    return box["x"], box["y"], box["width"], box["height"]


def _serve(folder: Path) -> str:
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}"


LOGIN_STEP = """\
- title: Đăng nhập
  screenshot: screens/{id}/1.png
  actions:
    - goto: /dang-nhap.html
    - fill: label "Số định danh cá nhân"
      value: "{{id_number}}"
    - fill: label "Mật khẩu"
      value: "{{password}}"
  target: button "Đăng nhập"
"""


def test_redacted_boxes_hold_no_readable_persona_text(tmp_path, browser):
    project = PortalProject(tmp_path)
    project.procedure("lo-ro", LOGIN_STEP.format(id="lo-ro"))
    project.procedure("che", LOGIN_STEP.format(id="che") + '  redact: [label "Số định danh cá nhân"]\n')
    result = guidegen(project.root, "capture")
    assert result.returncode == 0, result.stderr

    def spread(procedure_id: str, which: str) -> float:
        picture = project.root / f"assets/screens/{procedure_id}/1.png"
        sidecar = json.loads(picture.with_suffix(".capture.json").read_text())["screen"]
        shown = np.asarray(Image.open(picture).convert("L"), dtype=float)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(f"{_serve(project.root / 'assets/mock-portal')}/dang-nhap.html")
        x, y, w, h = _box(page, which)
        page.close()
        scale = sidecar["scale"]
        inside = shown[round(y * scale) + 4:round((y + h) * scale) - 4, round(x * scale) + 4:round((x + w) * scale) - 4]
        return float(inside.var())

    visible, hidden = spread("lo-ro", "#id-number"), spread("che", "#id-number")
    assert visible > 400, "the unredacted capture should show the persona's ID number"
    assert hidden < visible * 0.1, (hidden, visible)
    assert spread("lo-ro", "#password") < visible * 0.1, "password fields are always redacted"


def test_check_reports_a_renamed_button_and_a_removed_field_and_writes_nothing(tmp_path):
    project = PortalProject(tmp_path, timeout=2)
    path = project.sample("dang-ky-khai-sinh", with_screens=True)
    script = project.root / "assets/mock-portal/portal.js"
    text = script.read_text(encoding="utf-8")
    assert ">Nộp trực tuyến</a>" in text and '["Nơi sinh"],' in text
    script.write_text(text.replace(">Nộp trực tuyến</a>", ">Nộp hồ sơ trực tuyến</a>").replace('["Nơi sinh"],', ""),
                      encoding="utf-8")
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in project.screens("dang-ky-khai-sinh")}

    result = guidegen(project.root, "capture", "--check", "dang-ky-khai-sinh")

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = error_lines(result)
    shown = "content/procedures/dang-ky-khai-sinh.yaml"
    renamed = next(line for line in lines if "steps[2].target:" in line)
    assert renamed.startswith(f"{shown}:{line_of(path, 'target: article')}:")
    assert "no link named 'Nộp trực tuyến'" in renamed and "the page has 'Nộp hồ sơ trực tuyến'" in renamed
    removed = next(line for line in lines if "steps[3].actions[3].fill:" in line)
    field_line = line_of(path, 'fill: label "Nơi sinh"')
    assert removed.startswith(f"{shown}:{field_line}:")
    assert "no field labelled 'Nơi sinh'" in removed
    changed = [line for line in lines if "changed visibly" in line]
    assert any("steps[2]:" in line for line in changed) and any("steps[3]:" in line for line in changed)
    side_by_side = project.root / "output/capture-check/dang-ky-khai-sinh/4-form.png"
    with Image.open(side_by_side) as image:
        assert image.width > 2 * 2560
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in project.screens("dang-ky-khai-sinh")}
    assert after == before
    report = json.loads((project.root / "output/capture-check/dang-ky-khai-sinh.json").read_text(encoding="utf-8"))
    assert report["summary"] == "bước 3, bước 4" and len(report["problems"]) == len(lines)  # what the studio shows


def test_check_is_quiet_when_nothing_changed(tmp_path):
    project = PortalProject(tmp_path)
    project.sample("dang-ky-ket-hon", with_screens=True)
    result = guidegen(project.root, "capture", "--check")
    assert result.returncode == 0, result.stderr
    assert "checked, unchanged: 1 procedure(s)" in result.stdout
    report = json.loads((project.root / "output/capture-check/dang-ky-ket-hon.json").read_text(encoding="utf-8"))
    assert report["problems"] == [] and report["checked"]


def test_recorded_clicks_become_a_draft_that_checks_and_replays_to_the_same_screens(tmp_path, browser):
    from generator.capture.browser import new_context, portal
    from generator.capture.record import Recorder
    from generator.content.load import gather_catalogue

    project = PortalProject(tmp_path)
    catalogue = gather_catalogue(project.root, captures=False)
    settings = catalogue.settings.capture
    with portal(settings, catalogue.project.assets) as target:
        page = new_context(browser, target, settings).new_page()
        recorder = Recorder(page, catalogue, "ghi-thu", target, settings)
        recorder.start("/dang-nhap.html")
        page.get_by_label("Số định danh cá nhân").click()
        recorder.settle()
        page.keyboard.type("079123456789")  # what a real officer might type: it must never be written
        recorder.settle()
        page.get_by_label("Mật khẩu").click()
        recorder.settle()
        page.keyboard.type("MatKhauThat!")
        recorder.settle()
        for click in (lambda: page.get_by_role("button", name="Đăng nhập", exact=True).click(),
                      lambda: page.get_by_role("searchbox").click()):
            click()
            recorder.settle()
        page.keyboard.type("kết hôn")
        page.keyboard.press("Tab")
        recorder.settle()
        for click in (lambda: page.get_by_role("button", name="Tìm kiếm").click(),
                      lambda: page.get_by_role("link", name="Nộp trực tuyến").click(),
                      lambda: page.get_by_label("Họ và tên bên nam").click()):
            click()
            recorder.settle()
        page.keyboard.type("Lê Văn Thật")
        page.keyboard.press("Tab")
        recorder.settle()
        for click in (lambda: page.get_by_role("link", name="Tiếp tục").click(),
                      lambda: page.get_by_role("button", name="Chọn tệp Ảnh căn cước bên nam").click()):
            click()
            recorder.settle()
        written = recorder.finish()
        page.context.close()

    text = written.read_text(encoding="utf-8")
    for typed in ("079123456789", "MatKhauThat", "Lê Văn Thật"):
        assert typed not in text
    assert "{id_number}" in text and "{password}" in text and "kết hôn" in text
    steps = yaml.safe_load(text)["steps"]
    assert [step.get("do") for step in steps] == [
        {"fill": "{id_number}"}, {"fill": "{password}"}, "click", {"fill": "kết hôn"}, "click", "click",
        {"fill": "{name}"}, "click", "upload"]
    assert steps[5]["target"] == 'link "Nộp trực tuyến"'  # the only one on the page: no container needed
    assert steps[0]["title"] == "Nhập Số định danh cá nhân"
    check = guidegen(project.root, "check")
    assert check.returncode == 0, check.stderr

    recorded = {p.name: Image.open(p).convert("L") for p in project.screens("ghi-thu") if p.suffix == ".png"}
    assert len(recorded) == 9
    replay = guidegen(project.root, "capture", "ghi-thu")
    assert replay.returncode == 0, replay.stderr
    for name, picture in recorded.items():
        again = np.asarray(Image.open(project.root / "assets/screens/ghi-thu" / name).convert("L"), dtype=int)
        changed = np.count_nonzero(np.abs(np.asarray(picture, dtype=int) - again) > 48) / again.size
        assert changed < 0.0005, (name, changed)


def test_a_failing_procedure_writes_nothing_and_the_others_go_on(tmp_path):
    project = PortalProject(tmp_path, timeout=2)
    project.procedure("hai-nut", """\
        - title: Chọn Nộp trực tuyến
          actions:
            - goto: /thu-tuc.html?q=khai
          target: link "Nộp trực tuyến"
        """)
    project.procedure("tot", LOGIN_STEP.format(id="tot"))
    result = guidegen(project.root, "capture")
    assert result.returncode == 1
    [line] = error_lines(result)
    assert line.startswith("content/procedures/hai-nut.yaml:15:")
    assert 'steps[0].target: link "Nộp trực tuyến" matches 3 elements' in line
    assert "output/capture-failed/hai-nut/failed.png" in line
    assert (project.root / "output/capture-failed/hai-nut/failed.png").is_file()
    assert project.screens("hai-nut") == []
    assert [p.name for p in project.screens("tot")] == ["1.capture.json", "1.png"]


def _never_answers() -> tuple[socket.socket, int]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    return listener, listener.getsockname()[1]


@pytest.mark.parametrize("case", ["outside-hosts", "never-loads", "no-chromium"])
def test_capture_failures_are_one_line_and_leave_nothing_behind(tmp_path, case):
    project = PortalProject(tmp_path, timeout=1)
    env = None
    listener = None
    if case == "outside-hosts":
        address, expected = "https://example.com/", ("steps[0].actions[0].goto: https://example.com/ is outside "
                                                     "capture.allowed_hosts (127.0.0.1:")
    elif case == "never-loads":
        listener, port = _never_answers()
        project = PortalProject(tmp_path / "listed", timeout=1, allowed_hosts=[f"127.0.0.1:{port}"])
        address = f"http://127.0.0.1:{port}/"
        expected = f"steps[0].actions[0].goto: the page did not load within 1 s: {address}"
    else:
        address, expected = "/index.html", "cannot start Chromium"
        empty = tmp_path / "empty"
        empty.mkdir()
        env = {**os.environ, "PATH": str(empty), "PLAYWRIGHT_BROWSERS_PATH": str(empty)}
    project.procedure("hong", f"""\
        - title: Mở trang
          actions:
            - goto: {address}
          target: searchbox "Tìm kiếm thủ tục"
        """)
    try:
        result = guidegen(project.root, "capture", env=env)
    finally:
        if listener:
            listener.close()
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    [line] = error_lines(result)
    assert expected in line, line
    assert project.screens("hong") == []
    assert not list(project.root.rglob("*.part"))


def test_unknown_locator_form_is_a_check_error(tmp_path):
    project = PortalProject(tmp_path)
    path = project.procedure("sai", """\
        - title: Bấm
          target: knob "Nộp"
        """)
    result = guidegen(project.root, "check")
    assert result.returncode == 1
    [line] = error_lines(result)
    assert line.startswith(f"content/procedures/sai.yaml:{line_of(path, 'target:')}:")
    assert "steps[0].target: " in line and "unknown locator form 'knob'" in line


def test_login_session_is_reused_and_an_expired_one_says_how_to_renew(tmp_path):
    project = PortalProject(tmp_path, login={"url": "/dang-nhap.html", "signed_in": 'link "Đăng xuất"'})
    project.procedure("can-dang-nhap", """\
        - title: Khai tờ khai
          actions:
            - goto: /nop-ho-so.html?ma=1.001193
          target: form "Tờ khai đăng ký khai sinh"
        """)
    none_saved = guidegen(project.root, "capture")
    assert none_saved.returncode == 1
    assert "run `guidegen capture --login` and log in once" in none_saved.stderr

    def session(value: str) -> None:
        cookie = {"name": "account", "value": value, "domain": "127.0.0.1", "path": "/", "expires": -1,
                  "httpOnly": False, "secure": False, "sameSite": "Lax"}
        (project.root / ".guidegen-session.json").write_text(json.dumps({"cookies": [cookie], "origins": []}))

    session("hết-hạn")
    expired = guidegen(project.root, "capture")
    assert expired.returncode == 1
    [line] = error_lines(expired)
    assert "has expired: run `guidegen capture --login` and log in again" in line

    session("000090001234")
    signed_in = guidegen(project.root, "capture")
    assert signed_in.returncode == 0, signed_in.stderr
    assert (project.root / "assets/screens/can-dang-nhap/step-1.png").is_file()


def test_phone_capture_feeds_the_vertical_clip(tmp_path):
    project = PortalProject(tmp_path)
    project.procedure("dien-thoai", LOGIN_STEP.format(id="dien-thoai") + """\
          do: click
        - title: Tìm thủ tục
          target: searchbox "Tìm kiếm thủ tục"
          do: {fill: khai sinh}
        """.replace("        ", ""))
    result = guidegen(project.root, "capture", "--phone")
    assert result.returncode == 0, result.stderr
    folder = project.root / "assets/screens/dien-thoai"
    with Image.open(folder / "1.phone.png") as phone:
        assert phone.size == (390 * 2, 844 * 2)
    sidecar = json.loads((folder / "1.capture.json").read_text())
    assert sidecar["phone"]["page"] == [390, 844] and sidecar["phone"]["highlight"]

    from generator.clip.plan import plan
    from generator.content.load import load_catalogue

    catalogue = load_catalogue(project.root)
    tv = [s for s in plan(catalogue, "dien-thoai", "vi").scenes if s.kind == "step"]
    phone = [s for s in plan(catalogue, "dien-thoai", "vi", phone=True).scenes if s.kind == "step"]
    assert [s.screenshot.name for s in tv] == ["1.png", "step-2.png"]
    assert [s.screenshot.name for s in phone] == ["1.phone.png", "step-2.phone.png"]
    assert phone[0].highlight == tuple(sidecar["phone"]["highlight"]) != tv[0].highlight
    assert tv[1].typing == "khai sinh"


def test_check_says_once_per_procedure_what_was_never_captured(tmp_path):
    project = PortalProject(tmp_path)
    path = project.procedure("chua-chup", LOGIN_STEP.format(id="chua-chup") + """\
          do: click
        - title: Tìm thủ tục
          target: searchbox "Tìm kiếm thủ tục"
        """.replace("        ", ""))
    first = line_of(path, "- title: Đăng nhập")
    expected = (f"content/procedures/chua-chup.yaml:{first}:5: steps[0]: not captured yet (2 of 2 captured "
                "steps): run `guidegen capture chua-chup`")
    result = guidegen(project.root, "check")  # a fresh clone: screenshots are made, not written: a note
    assert result.returncode == 0, result.stderr
    assert f"note: {expected}" in result.stderr.splitlines()
    result = guidegen(project.root, "check", "--captured")  # unless asked for
    assert result.returncode == 1
    [line] = error_lines(result)
    assert line == expected
    assert guidegen(project.root, "capture").returncode == 0
    assert guidegen(project.root, "check").returncode == 0


class _Counted(http.server.BaseHTTPRequestHandler):
    """Another server on the machine, outside the allowed hosts: it counts every request that reaches it."""

    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"<html><body><button>Nop</button></body></html>")

    def log_message(self, *args: object) -> None:
        pass


def _serve_handler(handler: type) -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.mark.parametrize("how", ["302", "meta-refresh", "script"])
@pytest.mark.parametrize("where", ["another port", "another host name"])
def test_a_redirect_to_another_host_is_refused_before_it_connects(tmp_path, how, where):
    other = _serve_handler(_Counted)
    host = "127.0.0.1" if where == "another port" else "localhost"  # both reach the counting server
    elsewhere = f"http://{host}:{other.server_port}/x"
    pages = {"302": None, "meta-refresh": f'<meta http-equiv="refresh" content="0;url={elsewhere}">',
             "script": f"<script>location.href = {json.dumps(elsewhere)}</script>"}

    class Portal(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if how == "302":
                self.send_response(302)
                self.send_header("Location", elsewhere)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(f"<html><head>{pages[how]}</head><body><p>Chờ</p></body></html>".encode())

        def log_message(self, *args: object) -> None:
            pass

    portal = _serve_handler(Portal)
    _Counted.hits = []
    try:
        allowed = f"127.0.0.1:{portal.server_port}" if where == "another port" else "127.0.0.1"
        project = PortalProject(tmp_path, timeout=3, serve=None, base_url=f"http://127.0.0.1:{portal.server_port}/",
                                allowed_hosts=[allowed])
        project.procedure("chuyen", """\
            - title: Mở trang
              actions:
                - goto: /bat-dau
              target: button "Nop"
            """)
        result = guidegen(project.root, "capture")
    finally:
        portal.shutdown()
        other.shutdown()
    assert result.returncode == 1 and "Traceback" not in result.stderr
    [line] = error_lines(result)
    # a 302 is met by the goto; a refresh or a script may run before or after the page's load event
    places = ["14:15: steps[0].actions[0].goto"] + (["15:13: steps[0].target"] if how != "302" else [])
    refused = f": the page tried to open {elsewhere} (host {host}), outside capture.allowed_hosts ({allowed}); refused"
    assert any(line.startswith(f"content/procedures/chuyen.yaml:{place}{refused}") for place in places), line
    assert _Counted.hits == []  # the request never reached the other server
    assert project.screens("chuyen") == []


def test_a_password_field_inside_a_frame_is_pixelated(tmp_path):
    project = PortalProject(tmp_path)
    portal = project.root / "assets/mock-portal"
    field = ('<label>{0} <input id="f" type="{1}" value="MatKhau-Bi-Mat-2026" style="font-size:28px;width:460px">'
             "</label>")
    for name, kind in (("mat-khau", "password"), ("chu", "text")):
        (portal / f"{name}.html").write_text(f"<!doctype html><meta charset=utf-8><body>{field.format(name, kind)}",
                                             encoding="utf-8")
    (portal / "khung.html").write_text(
        '<!doctype html><meta charset=utf-8><body style="margin:0"><iframe title="Mật khẩu" src="mat-khau.html" '
        'style="position:absolute;left:0;top:0;width:600px;height:100px;border:0"></iframe><iframe title="Chữ" '
        'src="chu.html" style="position:absolute;left:0;top:200px;width:600px;height:100px;border:0"></iframe>'
        '<button style="position:absolute;top:400px">Gửi</button>', encoding="utf-8")
    project.procedure("khung", """        - title: Khung
          screenshot: screens/khung/1.png
          actions:
            - goto: /khung.html
          target: button "Gửi"
        """)
    result = guidegen(project.root, "capture")
    assert result.returncode == 0, result.stderr
    shown = np.asarray(Image.open(project.root / "assets/screens/khung/1.png").convert("L"), dtype=float)
    hidden, plain = shown[20:80, 120:900].var(), shown[420:480, 120:900].var()  # at scale 2: each field's inside
    assert plain > 300, "the same value in a text field is drawn"
    assert hidden < plain * 0.1, (hidden, plain)


def test_a_step_with_further_targets_captures_each_and_the_clip_visits_them_in_order(tmp_path):
    from generator.cache import Cache
    from generator.clip.compose import RenderOptions, render_clip
    from generator.clip.draw import FORMATS, Painter
    from generator.clip.plan import plan
    from generator.clip.timeline import CLICK_FRAMES, FPS, GLIDE_FRAMES, TRANSITION_FRAMES
    from generator.content.load import load_catalogue
    from generator.narration.narrate import Narrator
    from tests.test_compose import frame_at

    project = PortalProject(tmp_path)
    (project.root / "assets/mock-portal/cam-doan.html").write_text(
        '<!doctype html><meta charset=utf-8><body style="font:20px sans-serif;margin:40px">'
        '<p><label><input type=checkbox> Tôi cam đoan những thông tin trên là đúng</label></p>'
        '<p style="margin-top:260px;text-align:right"><button style="font-size:22px">Gửi hồ sơ</button></p>',
        encoding="utf-8")
    project.procedure("cam-doan", """\
        - title: Cam đoan và gửi
          narration: Đánh dấu ô cam đoan, rồi bấm Gửi hồ sơ.
          screenshot: screens/cam-doan/1.png
          actions:
            - goto: /cam-doan.html
          target: checkbox "Tôi cam đoan những thông tin trên là đúng"
          then: [button "Gửi hồ sơ"]
        """)
    result = guidegen(project.root, "capture")
    assert result.returncode == 0, result.stderr
    sidecar = json.loads((project.root / "assets/screens/cam-doan/1.capture.json").read_text())["screen"]
    [button] = sidecar["then"]
    assert button[0] > 0.6 and button[1] > 0.4  # the button, at the page's lower right

    catalogue = load_catalogue(project.root)
    layout = FORMATS["draft"]
    storyboard = plan(catalogue, "cam-doan", "vi", layout.pacing)
    step = next(scene for scene in storyboard.scenes if scene.kind == "step")
    assert step.then == (tuple(button),)
    cache = Cache(project.root / ".cache")
    clip = render_clip(catalogue, storyboard, layout, Narrator(catalogue.settings, cache, project.root),
                       RenderOptions(project.root / "output", cache, 2))
    manifest = json.loads(clip.path.with_suffix(".json").read_text())
    start = next(s["start"] for s in manifest["scenes"] if s["kind"] == "step")
    painter = Painter(layout, storyboard.facts, "#0b4f9c", "#d92d20", None, "vi")
    _base, box = painter.step_base(step)

    def lit_box(frame_number: int) -> tuple[int, int, int, int]:
        """Where the accent-coloured spotlight frame is drawn in that frame."""
        pixels = np.asarray(frame_at(clip.path, start + (frame_number + 0.5) / FPS).convert("RGB")).astype(int)
        accent = (np.abs(pixels - np.array([217, 45, 32])).sum(axis=2) < 90)
        ys, xs = np.nonzero(accent[box[1]:box[3]])
        return xs.min(), ys.min() + box[1], xs.max(), ys.max() + box[1]

    def near(found, expected) -> bool:
        return all(abs(a - b) <= 8 for a, b in zip(found, expected, strict=True))

    first = painter.target_box(box, step.highlight, 0.0, step.screenshot)
    second = painter.target_box(box, step.highlight, 0.0, step.screenshot, step.then[0])
    after_first = TRANSITION_FRAMES + GLIDE_FRAMES + CLICK_FRAMES + 2  # the hand on its way to the button
    after_second = after_first + GLIDE_FRAMES + CLICK_FRAMES  # the button pressed
    assert near(lit_box(after_first), first), (lit_box(after_first), first)
    assert near(lit_box(after_second), second), (lit_box(after_second), second)
