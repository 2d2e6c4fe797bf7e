"""The studio in real Chromium, as an officer uses it: board, new procedure, edits, reorder, preview, capture, publish.

The studio runs as it does for staff (uvicorn on 127.0.0.1, behind its token) on a copy of the sample
project; nothing is mocked: edits go through the round-trip editor, previews through the renderer,
capture and publish through the `guidegen` command.
"""

from __future__ import annotations

import difflib
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import wave
from pathlib import Path

import numpy as np
import pytest
import uvicorn
import yaml

from generator.studio.app import create_app
from generator.studio.yamledit import Edit
from tests.conftest import REPO
from tests.test_injection import PAYLOADS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TOKEN = "browser-token-0123456789"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Running:
    """A studio served on 127.0.0.1 for one test."""

    def __init__(self, root: Path) -> None:
        self.root, self.port = root, free_port()
        config = uvicorn.Config(create_app(root, TOKEN, port=self.port), host="127.0.0.1", port=self.port,
                                log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.05)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def project_copy(root: Path, *, only: str | None = None, portal: bool = False) -> Path:
    root.mkdir(parents=True)
    ignore = None if portal else shutil.ignore_patterns("mock-portal")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "assets", root / "assets", ignore=ignore)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    if only:
        for path in (root / "content/procedures").glob("*.yaml"):
            if path.stem != only:
                path.unlink()
        (root / "content/playlists.yaml").unlink()
        settings = yaml.safe_load((root / "content/settings.yaml").read_text(encoding="utf-8"))
        settings.pop("journeys", None)
        settings["formats"] = ["draft"]
        (root / "content/settings.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
        text = (root / f"content/procedures/{only}.yaml").read_text(encoding="utf-8")
        (root / f"content/procedures/{only}.yaml").write_text(
            "\n".join("related: []" if line.startswith("related:") else line for line in text.splitlines()) + "\n",
            encoding="utf-8")
    return root


@pytest.fixture
def officer(browser):
    """A browser tab that reports any dialog or script error."""
    # The studio's CSP forbids eval, which Playwright's waits use; bypassing it also shows that the escaping
    # alone keeps hostile text inert.
    context = browser.new_context(viewport={"width": 1366, "height": 900}, bypass_csp=True)
    tab = context.new_page()
    tab.problems = []
    tab.on("dialog", lambda dialog: (tab.problems.append(f"dialog: {dialog.message}"), dialog.accept()))
    tab.on("pageerror", lambda error: tab.problems.append(f"error: {error}"))
    yield tab
    context.close()


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_an_officer_edits_reorders_and_previews_a_guide(tmp_path, officer):
    root = project_copy(tmp_path / "project")
    birth = root / "content/procedures/dang-ky-khai-sinh.yaml"
    studio = Running(root)
    try:
        officer.goto(f"{studio.url}/?token={TOKEN}")
        assert officer.url == f"{studio.url}/"  # the token went into a cookie and out of the address
        assert officer.locator("table.board tbody tr").count() == 6
        officer.wait_for_selector("td[data-clips] .tag")  # the clip states arrive

        # a new procedure from the board's form
        officer.get_by_role("button", name="Thủ tục mới").click()
        officer.get_by_label("Mã (chữ thường, gạch nối)").fill("cap-ban-sao-trich-luc")
        officer.get_by_label("Tên thủ tục").fill("Cấp bản sao trích lục hộ tịch")
        officer.get_by_role("button", name="Tạo").click()
        officer.wait_for_url(f"{studio.url}/p/cap-ban-sao-trich-luc")
        assert officer.locator("h1").inner_text() == "Cấp bản sao trích lục hộ tịch"
        assert (root / "content/procedures/cap-ban-sao-trich-luc.yaml").is_file()

        # a narration edit: saved as one changed line, its spoken form shown
        officer.goto(f"{studio.url}/p/dang-ky-khai-sinh")
        before = birth.read_text(encoding="utf-8")
        narration = officer.locator("#step-1 fieldset[data-path*=narration] textarea[data-language=vi]")
        narration.fill("Gõ khai sinh vào ô tìm kiếm rồi bấm Tìm kiếm, trước 17h.")
        narration.blur()
        officer.wait_for_function("document.querySelector('#step-1 .spoken-text').textContent.includes('mười bảy giờ')")
        officer.wait_for_function("document.getElementById('save-state').textContent === 'Đã lưu'")
        assert changed_lines(before, birth.read_text(encoding="utf-8")) == [
            '-      vi: Gõ "khai sinh" vào ô tìm kiếm rồi bấm Tìm kiếm.',
            "+      vi: Gõ khai sinh vào ô tìm kiếm rồi bấm Tìm kiếm, trước 17h."]

        # an invalid edit: the message of check, and the file untouched
        saved = birth.read_bytes()
        fee = officer.locator("fieldset[data-path='[\"portal_url\"]'] input")
        fee.fill("http://dichvucong.example.vn")
        officer.wait_for_function("document.querySelector('fieldset[data-path=\\'[\"portal_url\"]\\'] .field-problem')"
                                  ".textContent.includes('must be a full https:// address')")
        fee.blur()
        officer.wait_for_function("document.getElementById('save-state').textContent.startsWith('Chưa lưu')")
        assert birth.read_bytes() == saved

        # two steps swapped
        officer.reload()
        titles = [officer.locator(f"#step-{i} fieldset[data-path*=title] input[data-language=vi]").input_value()
                  for i in (1, 2)]
        officer.locator("#step-1").get_by_role("button", name="↓ Xuống").click()
        officer.wait_for_load_state("load")
        officer.wait_for_function(f"document.querySelector('#step-1 input[data-language=vi]').value === {titles[1]!r}")
        swapped = birth.read_text(encoding="utf-8")
        assert swapped.index(titles[1]) < swapped.index(titles[0])
        assert sorted(swapped.splitlines()) == sorted(birth.read_text(encoding="utf-8").splitlines())

        # a preview of one scene plays, as long as the storyboard says
        officer.wait_for_function("document.getElementById('preview-scene').options.length > 3")
        officer.select_option("#preview-scene", index=2)
        officer.get_by_role("button", name="Dựng").click()
        video = officer.wait_for_selector("#preview-out video", timeout=60_000)
        duration = float(video.get_attribute("data-duration"))
        officer.wait_for_function("document.querySelector('#preview-out video').readyState >= 1", timeout=30_000)
        played = officer.evaluate("document.querySelector('#preview-out video').duration")
        assert abs(played - duration) < 0.15, (played, duration)
        officer.evaluate("document.querySelector('#preview-out video').muted = true; "
                         "document.querySelector('#preview-out video').play()")
        officer.wait_for_function("document.querySelector('#preview-out video').currentTime > 0.5", timeout=15_000)
        assert officer.evaluate("document.querySelector('#preview-out video').textTracks.length") == 1
        assert officer.problems == []
    finally:
        studio.stop()


def test_recapture_from_the_editor_takes_new_screenshots(tmp_path, officer):
    root = project_copy(tmp_path / "project", only="dang-ky-ket-hon", portal=True)
    shots = sorted((root / "assets/screens/dang-ky-ket-hon").glob("*.png"))
    for shot in shots:
        shot.write_bytes(b"")  # as if stale: capture writes them anew
    studio = Running(root)
    try:
        officer.goto(f"{studio.url}/?token={TOKEN}")
        officer.goto(f"{studio.url}/p/dang-ky-ket-hon")
        officer.get_by_role("button", name="Chụp lại màn hình").click()
        officer.wait_for_function("document.querySelector('#job .job-state').textContent.startsWith('Xong')",
                                  timeout=120_000)
        officer.wait_for_load_state("load")
        assert all(shot.stat().st_size > 10_000 for shot in shots)
        assert "guidegen capture dang-ky-ket-hon" in officer.locator("#job .log").inner_text() or \
            officer.locator("#step-0 img").count() == 1
        assert officer.problems == []
    finally:
        studio.stop()


def test_publish_builds_the_site_with_progress(tmp_path, officer):
    root = project_copy(tmp_path / "project", only="dang-ky-ket-hon")
    studio = Running(root)
    try:
        officer.goto(f"{studio.url}/?token={TOKEN}")
        officer.get_by_role("button", name="Xuất bản").click()
        officer.wait_for_function("document.querySelector('#job .log').textContent.includes('guidegen build')")
        officer.wait_for_function("document.querySelector('#job .job-state').textContent.startsWith('Xong')",
                                  timeout=300_000)
        log = officer.locator("#job .log").inner_text()
        assert "clips:" in log and "site: output/site/index.html" in log
        assert (root / "output/site/thu-tuc/dang-ky-ket-hon.html").is_file()
        officer.wait_for_load_state("load")
        officer.goto(f"{studio.url}/")
        page_link = officer.get_by_role("link", name="Xem trang")
        assert page_link.get_attribute("href") == "/site/thu-tuc/dang-ky-ket-hon.html"
        officer.goto(f"{studio.url}/site/thu-tuc/dang-ky-ket-hon.html")
        assert "Đăng ký kết hôn" in officer.title()
    finally:
        studio.stop()


def test_hostile_text_in_content_is_shown_literally_in_the_studio(tmp_path, officer):
    root = project_copy(tmp_path / "project")
    birth = root / "content/procedures/dang-ky-khai-sinh.yaml"
    hostile = " ".join(PAYLOADS)
    edit = Edit.open(birth)
    edit.set(["title"], f"P01 {hostile}", language="vi")
    edit.set(["steps", 0, "narration"], f"P02 {hostile}", language="vi")
    edit.set(["steps", 1, "target"], 'searchbox "P03 \' onmouseover=\'alert(9)"')
    edit.set(["fee"], f"P04 {hostile}", language="vi")
    birth.write_text(edit.result(), encoding="utf-8")
    studio = Running(root)
    try:
        officer.goto(f"{studio.url}/?token={TOKEN}")
        board = " ".join(officer.locator("main").inner_text().split())
        assert f"P01 {hostile}" in board
        officer.goto(f"{studio.url}/p/dang-ky-khai-sinh")
        officer.mouse.move(300, 300)
        officer.wait_for_timeout(400)
        text = " ".join(officer.locator("main").inner_text().split())
        assert f"P01 {hostile}" in text and "P03 ' onmouseover='alert(9)" in text
        assert officer.locator("#step-0 textarea[data-language=vi]").first.input_value().startswith("P02 <img")
        officer.goto(f"{studio.url}/p/dang-ky-khai-sinh/voice")  # the teleprompter shows the same text literally
        officer.locator(".scene-pick").nth(3).click()
        assert officer.locator("#prompt-text").inner_text() == f"P02 {hostile}"
        assert f"P01 {hostile}" in " ".join(officer.locator("main").inner_text().split())
        assert officer.problems == []
    finally:
        studio.stop()


AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(tab) -> list[str]:
    tab.add_script_tag(path=str(AXE))
    results = tab.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in results]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_board_and_editor_are_axe_clean_and_keyboard_operable(tmp_path, officer, language):
    root = project_copy(tmp_path / "project")
    studio = Running(root)
    try:
        officer.goto(f"{studio.url}/?token={TOKEN}&lang={language}")
        officer.wait_for_selector("td[data-clips] .tag")
        assert officer.locator("html").get_attribute("lang") == language
        assert axe_violations(officer) == []
        new = "Thủ tục mới" if language == "vi" else "New procedure"
        for _ in range(12):  # the first button of the page is a few Tabs away, and Enter presses it
            officer.keyboard.press("Tab")
            if officer.evaluate("document.activeElement.textContent.trim()") == new:
                break
        officer.keyboard.press("Enter")
        assert officer.evaluate("document.activeElement.name") == "id"  # the form opened, focus in its first field
        officer.goto(f"{studio.url}/p/dang-ky-khai-sinh")
        officer.wait_for_function("document.getElementById('preview-scene').options.length > 1")
        assert axe_violations(officer) == []
        officer.goto(f"{studio.url}/p/dang-ky-khai-sinh/voice")
        assert axe_violations(officer) == []
    finally:
        studio.stop()


# ---- the voice room: recording with Chromium's fake microphone

def voice_signal(path: Path, seconds: float = 6.0, rate: int = 48_000) -> np.ndarray:
    """A voice-like test signal (bursts of changing pitch, short gaps) written as a WAV; returns its samples."""
    generator = np.random.default_rng(7)
    parts = []
    while sum(len(p) for p in parts) < seconds * rate:
        frequency, length = generator.choice([180, 220, 260, 310, 370, 440]), int(rate * generator.uniform(0.15, 0.4))
        time_axis = np.arange(length) / rate
        envelope = np.minimum(1, np.minimum(np.arange(length), length - np.arange(length)) / 480)
        parts.append(0.25 * envelope * (np.sin(2 * np.pi * frequency * time_axis)
                                        + 0.5 * np.sin(4 * np.pi * frequency * time_axis)))
        parts.append(np.zeros(int(rate * generator.uniform(0.05, 0.25))))
    samples = np.concatenate(parts)[: int(seconds * rate)]
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes((samples * 32767).astype("<i2").tobytes())
    return samples


def decoded(path: Path, start: float, seconds: float, rate: int = 8000) -> np.ndarray:
    """Mono samples of a media file's audio from `start`, for `seconds`, at `rate`."""
    raw = subprocess.run(["ffmpeg", "-v", "error", "-ss", str(start), "-t", str(seconds), "-i", str(path), "-ac", "1",
                          "-ar", str(rate), "-f", "s16le", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, dtype="<i2").astype(float) / 32768


def similarity(heard: np.ndarray, source: np.ndarray) -> float:
    """The best normalised correlation of `heard` against the looped `source` (any offset)."""
    looped = np.tile(source, 3)
    heard = heard[: len(source)] - heard[: len(source)].mean()
    size = 1 << (len(looped) + len(heard)).bit_length()
    product = np.fft.irfft(np.fft.rfft(looped, size) * np.conj(np.fft.rfft(heard, size)), size)[: len(looped)]
    windows = np.convolve(looped ** 2, np.ones(len(heard)), "full")
    energy = np.sqrt(windows[len(heard) - 1: len(looped) + len(heard) - 1])
    return float(np.max(product[: len(energy)] / (np.linalg.norm(heard) * np.maximum(energy, 1e-9))))


def test_an_officer_records_two_steps_and_the_clip_speaks_with_her_voice(tmp_path, browser):
    from generator.cache import Cache
    from generator.clip.compose import RenderOptions
    from generator.clip.render import render_catalogue
    from generator.content.load import gather_catalogue, load_catalogue
    from generator.narration.audio import TARGET_LUFS, measure_loudness

    source = voice_signal(tmp_path / "voice.wav")
    root = project_copy(tmp_path / "project", only="dang-ky-khai-sinh")
    birth = root / "content/procedures/dang-ky-khai-sinh.yaml"
    before = birth.read_text(encoding="utf-8")
    studio = Running(root)
    try:
        # a Chromium of its own, from the module's Playwright: its microphone plays voice.wav
        microphone = browser.browser_type.launch(executable_path=shutil.which("chromium"), args=[
            "--no-sandbox", "--disable-gpu", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-audio-capture={tmp_path / 'voice.wav'}"])
        context = microphone.new_context(viewport={"width": 1366, "height": 900}, bypass_csp=True)
        tab = context.new_page()
        errors = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto(f"{studio.url}/p/dang-ky-khai-sinh/voice?token={TOKEN}")
        tab.locator(".scene-pick", has_text="Đăng nhập bằng VNeID").click()
        assert "Bước 1. Vào Cổng dịch vụ công" in tab.locator("#prompt-text").inner_text()  # the teleprompter
        for number in (1, 2):  # one key: Space records, Space stops, saves and moves to the next scene
            tab.keyboard.press("Space")
            tab.wait_for_timeout(2500)
            tab.keyboard.press("Space")
            tab.wait_for_function(f"document.querySelectorAll('.scene-pick.done').length === {number}",
                                  timeout=30_000)
        assert "Tìm thủ tục" not in tab.locator("#prompt-heading").inner_text()  # moved on past step 2
        microphone.close()
        assert errors == []
        after = birth.read_text(encoding="utf-8")
        assert changed_lines(before, after) == ["+    audio: voice/dang-ky-khai-sinh/step-1.ogg",
                                                "+    audio: voice/dang-ky-khai-sinh/step-2.ogg"]

        catalogue = load_catalogue(root)
        report = render_catalogue(catalogue, RenderOptions(root / "output", Cache(root / ".cache"), jobs=2),
                                  formats=["draft"])
        assert not report.failures
        clip = root / "output/clips/vi/dang-ky-khai-sinh.draft.mp4"
        scenes = {s["key"]: s for s in json.loads(clip.with_suffix(".json").read_text())["scenes"]}
        spoken_source = source[:: 6]  # 48 kHz to 8 kHz
        for key in ("step-1", "step-2"):
            assert scenes[key]["engine"] == "recording", scenes[key]
            heard = decoded(clip, scenes[key]["start"] + 0.3, 1.5)
            assert similarity(heard, spoken_source) > 0.6, key  # the officer's take, not a synthetic voice
            segment = tmp_path / f"{key}.wav"
            subprocess.run(["ffmpeg", "-v", "error", "-ss", str(scenes[key]["start"]), "-t",
                            str(scenes[key]["duration"]), "-i", str(clip), str(segment)], check=True)
            loudness, _peak = measure_loudness(segment)
            assert abs(loudness - TARGET_LUFS) < 3, (key, loudness)
        assert scenes["step-3"]["engine"] != "recording"  # and a synthetic voice does not pass for her take:
        assert similarity(decoded(clip, scenes["step-3"]["start"] + 0.3, 1.5), spoken_source) < 0.45

        # the text of step 1 changes: the recording is stale (said by check and the studio), and still used
        text = after.replace("Bước 1. Vào Cổng dịch vụ công", "Bước 1. Mở Cổng dịch vụ công", 1)
        birth.write_text(text, encoding="utf-8")
        warnings = gather_catalogue(root).warnings
        assert [w.field for w in warnings] == ["steps[0].audio"] and "no longer matches" in warnings[0].message
        done = subprocess.run([sys.executable, "-m", "generator.cli", "--project", str(root), "check"],
                              capture_output=True, text=True)
        assert done.returncode == 0 and "steps[0].audio: the recording no longer matches the text" in done.stderr
    finally:
        studio.stop()


def test_a_word_selected_in_the_spoken_form_gets_its_reading_and_is_heard_at_once(tmp_path, officer):
    root = project_copy(tmp_path / "project")  # settings.yaml as staff keep it (comments and all)
    studio = Running(root)
    try:
        officer.goto(f"{studio.url}/p/dang-ky-khai-sinh?token={TOKEN}")
        card = officer.locator("li.step").first
        spoken = card.locator(".spoken-text")
        assert "vi en ai đi" in spoken.inner_text()  # the sample glossary's reading of VNeID
        spoken.evaluate("""element => {  // the officer drags over the misread words
            const node = element.firstChild, start = node.textContent.indexOf("vi en ai đi");
            const range = document.createRange();
            range.setStart(node, start); range.setEnd(node, start + "vi en ai đi".length);
            getSelection().removeAllRanges(); getSelection().addRange(range);
        }""")
        card.get_by_role("button", name="Sửa cách đọc một từ").click()
        form = card.locator("form.reading")
        assert form.locator("input[name=written]").input_value() == "vi en ai đi"
        form.locator("input[name=reading]").fill("vê en ê ai đi")
        form.get_by_role("button", name="Lưu và nghe lại").click()
        officer.wait_for_function("el => el.textContent.includes('vê en ê ai đi')", arg=spoken.element_handle())
        player = card.locator("audio.player")
        officer.wait_for_function("audio => audio.src.includes('/say?')", arg=player.element_handle())
        settings = yaml.safe_load((root / "content/settings.yaml").read_text(encoding="utf-8"))
        assert settings["glossary"]["VNeID"] == "vê en ê ai đi"  # the term it was the reading of
        assert officer.problems == []
    finally:
        studio.stop()


def test_a_target_is_picked_by_clicking_and_an_area_hidden_by_dragging(tmp_path, officer):
    from PIL import Image, ImageStat

    from generator.capture.sidecar import read_sidecar

    root = project_copy(tmp_path / "project", only="dang-ky-khai-sinh", portal=True)
    birth = root / "content/procedures/dang-ky-khai-sinh.yaml"
    track = root / "assets/screens/dang-ky-khai-sinh/7-track.png"
    elements = dict(read_sidecar(track).screen.elements)
    assert elements.get('textbox "Mã hồ sơ"'), elements  # capture kept the page's elements and their locators
    studio = Running(root)
    try:
        officer.goto(f"{studio.url}/p/dang-ky-khai-sinh?token={TOKEN}")
        figure = officer.locator("figure.shot[data-step='6']")
        image = figure.locator("img")
        image.scroll_into_view_if_needed()
        officer.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
        frame = image.bounding_box()

        def at(x: float, y: float) -> tuple[float, float]:  # a point of the 1280x720 page, on the screen
            return frame["x"] + x / 1280 * frame["width"], frame["y"] + y / 720 * frame["height"]

        x, y, w, h = elements['textbox "Mã hồ sơ"']
        officer.mouse.move(*at(x + w / 2, y + h / 2))
        assert figure.locator(".hover").is_visible()  # the element under the pointer is outlined
        officer.mouse.click(*at(x + w / 2, y + h / 2))
        officer.wait_for_function("f => f.querySelector('code.target').textContent === 'textbox \"Mã hồ sơ\"'",
                                  arg=figure.element_handle())
        before = birth.read_text(encoding="utf-8")
        assert '    target: textbox "Mã hồ sơ"' in before and 'target: region "Tình trạng hồ sơ' not in before

        # drag over the status heading: it is hidden by its locator, and pixelated in the picture at once
        hx, hy, hw, hh = elements['heading "Tình trạng hồ sơ H48.26-1001193-0001"']
        region = tuple(round(v * 2) for v in (hx, hy, hx + hw, hy + hh))  # the 2x screenshot's pixels
        sharp = ImageStat.Stat(Image.open(track).convert("L").crop(region)).stddev[0]
        figure.get_by_role("button", name="Che một vùng").click()
        officer.mouse.move(*at(hx + 1, hy + 1))
        officer.mouse.down()
        officer.mouse.move(*at(hx + hw - 1, hy + hh - 1), steps=5)
        officer.mouse.up()
        officer.wait_for_function("img => img.src.includes('?v=')", arg=image.element_handle())
        blurred = ImageStat.Stat(Image.open(track).convert("L").crop(region)).stddev[0]
        assert blurred < sharp / 2, (sharp, blurred)
        after = birth.read_text(encoding="utf-8")
        assert changed_lines(before, after) == ["+    redact:",
                                                '+      - heading "Tình trạng hồ sơ H48.26-1001193-0001"']
        assert officer.problems == []
    finally:
        studio.stop()

    # capture again: the picked element is exactly what is highlighted, the heading is still hidden
    done = subprocess.run([sys.executable, "-m", "generator.cli", "--project", str(root), "capture",
                           "dang-ky-khai-sinh"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    shot = read_sidecar(track).screen
    assert shot.target == 'textbox "Mã hồ sơ"'
    assert all(abs(a - b) < 0.1 for a, b in zip(shot.box, elements['textbox "Mã hồ sơ"'], strict=True)), shot.box
    assert any(abs(box[0] - hx) < 1 and abs(box[1] - hy) < 1 for box in shot.redacted)
