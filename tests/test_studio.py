"""The studio in-process (every route through Starlette's test client): its gate, its edits, its pages.

Edits go through the real round-trip editor and the real loader, on a copy of the sample project.
"""

from __future__ import annotations

import difflib
import re
import shutil
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from generator.studio.app import create_app
from generator.studio.yamledit import Edit, digest
from tests.conftest import REPO

TOKEN = "test-token-0123456789"
ORIGIN = {"origin": "http://127.0.0.1:8765"}
BIRTH = "content/procedures/dang-ky-khai-sinh.yaml"


def sample_project(root: Path) -> Path:
    root.mkdir(parents=True)
    for folder in ("content", "assets"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns("mock-portal"))
    return root


@pytest.fixture
def studio(tmp_path: Path) -> tuple[TestClient, Path]:
    root = sample_project(tmp_path / "project")
    client = TestClient(create_app(root, TOKEN, port=8765), base_url="http://127.0.0.1:8765")
    assert client.get(f"/?token={TOKEN}", follow_redirects=False).status_code == 303  # the cookie is set
    return client, root


def version(root: Path, relative: str = BIRTH) -> str:
    return digest((root / relative).read_text(encoding="utf-8"))


def diff(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def edit(client: TestClient, root: Path, change: dict, relative: str = BIRTH):
    procedure = Path(relative).stem
    return client.post(f"/api/p/{procedure}/edit", json={"version": version(root, relative), **change}, headers=ORIGIN)


# ---- the gate

def test_without_the_token_nothing_is_served(tmp_path):
    root = sample_project(tmp_path / "project")
    client = TestClient(create_app(root, TOKEN, port=8765), base_url="http://127.0.0.1:8765")
    for path in ("/", "/p/dang-ky-khai-sinh", "/api/clips", "/media/assets/brand/logo.png", "/static/studio.js"):
        assert client.get(path).status_code == 403, path
    assert client.get("/?token=wrong").status_code == 403
    answer = client.get(f"/?token={TOKEN}", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    assert "HttpOnly" in answer.headers["set-cookie"] and "SameSite=Strict" in answer.headers["set-cookie"]
    assert client.get("/").status_code == 200


def test_a_foreign_host_is_refused_even_with_the_token(studio):
    client, _root = studio
    assert client.get("/", headers={"host": "evil.example:8765"}).status_code == 400
    assert client.get(f"/?token={TOKEN}", headers={"host": "attacker.example"}).status_code == 400
    assert client.get("/", headers={"host": "localhost:8765"}).status_code == 200


@pytest.mark.parametrize("headers", [{}, {"origin": "http://evil.example"}, {"origin": "http://127.0.0.1:9999"},
                                     {"origin": "null"}])
def test_a_change_from_another_origin_is_refused_and_writes_nothing(studio, headers):
    client, root = studio
    before = (root / BIRTH).read_bytes()
    answer = client.post("/api/p/dang-ky-khai-sinh/edit", headers=headers, json={
        "version": version(root), "op": "set", "path": ["fee"], "value": "Hacked", "language": "vi"})
    assert answer.status_code == 403
    assert (root / BIRTH).read_bytes() == before


def test_a_form_post_is_refused_even_from_the_right_origin(studio):
    client, root = studio
    answer = client.post("/api/new", headers=ORIGIN, data={"id": "gia-mao", "title": "x"})
    assert answer.status_code == 415
    assert not (root / "content/procedures/gia-mao.yaml").exists()


@pytest.mark.parametrize("path", [
    "/media/assets/../content/settings.yaml", "/media/assets/%2e%2e/content/settings.yaml",
    "/media/content/settings.yaml", "/media/output/../../../etc/passwd", "/media/assets/..%2f..%2f..%2fetc%2fpasswd",
    "/media/assets//etc/passwd", "/media/assets/.hidden", "/site/../content/settings.yaml", "/p/..%2f..%2fsettings",
    "/api/p/..%2fsettings/say?text=a"])
def test_nothing_outside_assets_and_output_is_readable(studio, path):
    client, root = studio
    (root / "assets" / ".hidden").write_text("secret")
    answer = client.get(path)
    assert answer.status_code in (403, 404, 422) or "organization" not in answer.text, path
    assert "root:" not in answer.text and "secret" not in answer.text


def test_a_link_out_of_assets_is_not_followed(studio):
    client, root = studio
    (root / "assets" / "out").symlink_to("/etc")
    assert client.get("/media/assets/out/passwd").status_code == 404


# ---- edits

def test_a_narration_edit_changes_one_line_keeps_comments_and_answers_the_spoken_form(studio):
    client, root = studio
    before = (root / BIRTH).read_text(encoding="utf-8")
    answer = edit(client, root, {"op": "set", "path": ["steps", 1, "narration"], "language": "vi",
                                 "value": "Gõ khai sinh vào ô tìm kiếm, bấm Tìm kiếm lúc 8h30."})
    assert answer.status_code == 200 and answer.json()["written"], answer.text
    assert answer.json()["spoken"] == "Gõ khai sinh vào ô tìm kiếm, bấm Tìm kiếm lúc tám giờ ba mươi phút."
    after = (root / BIRTH).read_text(encoding="utf-8")
    assert diff(before, after) == ['-      vi: Gõ "khai sinh" vào ô tìm kiếm rồi bấm Tìm kiếm.',
                                   "+      vi: Gõ khai sinh vào ô tìm kiếm, bấm Tìm kiếm lúc 8h30."]
    assert after.startswith("# yaml-language-server: $schema=")
    assert [line for line in after.splitlines() if "#" in line] == [line for line in before.splitlines() if "#" in line]


def test_an_invalid_edit_is_answered_like_check_and_leaves_the_file_byte_identical(studio):
    client, root = studio
    before = (root / BIRTH).read_bytes()
    for change, message in [
        ({"op": "set", "path": ["portal_url"], "value": "javascript:alert(1)"},
         "portal_url: must be a full https:// address (got 'javascript:alert(1)')"),
        ({"op": "set", "path": ["steps", 0, "title"], "value": "", "language": "vi"}, "required field is missing"),
        ({"op": "set", "path": ["fee"], "value": "Miễn 🎉", "language": "vi"},
         "fee.vi: '🎉' (U+1F389) cannot be drawn with the clip font; remove it or write it in words"),
        ({"op": "set", "path": ["documents", 0, "originals"], "value": 99}, "must be at most 20 (got 99)"),
    ]:
        answer = edit(client, root, change)
        assert answer.status_code == 422 and not answer.json()["written"], answer.text
        assert any(message in problem["text"] for problem in answer.json()["new"]), (message, answer.json()["new"])
        assert (root / BIRTH).read_bytes() == before


def test_checking_as_you_type_never_writes(studio):
    client, root = studio
    before = (root / BIRTH).read_bytes()
    answer = edit(client, root, {"op": "set", "path": ["fee"], "value": "Miễn phí", "language": "vi", "check": True})
    assert answer.status_code == 200 and answer.json()["ok"] and not answer.json()["written"]
    assert (root / BIRTH).read_bytes() == before


def test_a_file_changed_on_disk_is_never_overwritten(studio):
    client, root = studio
    stale = version(root)
    path = root / BIRTH
    path.write_text(path.read_text(encoding="utf-8").replace("Miễn lệ phí", "Miễn lệ phí (sửa tay)"), encoding="utf-8")
    edited_by_hand = path.read_bytes()
    answer = client.post("/api/p/dang-ky-khai-sinh/edit", headers=ORIGIN, json={
        "version": stale, "op": "set", "path": ["steps", 0, "title"], "value": "Đăng nhập", "language": "vi"})
    assert answer.status_code == 409 and answer.json()["conflict"]
    assert path.read_bytes() == edited_by_hand


def test_reordering_two_steps_moves_their_lines_and_nothing_else(studio):
    client, root = studio
    before = (root / BIRTH).read_text(encoding="utf-8")
    answer = edit(client, root, {"op": "move", "path": ["steps"], "from": 1, "to": 2})
    assert answer.status_code == 200 and answer.json()["written"], answer.text
    after = (root / BIRTH).read_text(encoding="utf-8")
    assert sorted(after.splitlines()) == sorted(before.splitlines())  # the same lines, in another order
    steps = Edit.open(root / BIRTH).data["steps"]
    assert str(steps[1]["title"]["vi"]).startswith("Chọn") and str(steps[2]["title"]["vi"]).startswith("Tìm")


def test_inserting_and_deleting_a_step(studio):
    client, root = studio
    original = (root / BIRTH).read_text(encoding="utf-8")
    answer = edit(client, root, {"op": "insert", "path": ["steps"], "index": 1, "value": {"title": "Bước mới"}})
    assert answer.status_code == 200 and answer.json()["written"], answer.text
    assert diff(original, (root / BIRTH).read_text(encoding="utf-8")) == ["+  - title: Bước mới"]
    answer = edit(client, root, {"op": "delete", "path": ["steps", 1]})
    assert answer.status_code == 200
    assert (root / BIRTH).read_text(encoding="utf-8") == original


def test_a_document_gains_counts_and_stays_a_plain_line_when_it_has_none(studio):
    client, root = studio
    path = root / "content/procedures/cap-phieu-ly-lich-tu-phap.yaml"
    relative = "content/procedures/cap-phieu-ly-lich-tu-phap.yaml"
    documents = Edit.open(path).data["documents"]
    plain = next(index for index, item in enumerate(documents) if not (isinstance(item, dict) and "name" in item))
    answer = edit(client, root, {"op": "set", "path": ["documents", plain, "copies"], "value": "2"}, relative)
    assert answer.status_code == 200 and answer.json()["written"], answer.text
    assert Edit.open(path).data["documents"][plain]["copies"] == 2


def test_a_law_gains_its_link_a_paper_becomes_shown_only_and_back_in_minimal_diffs(studio):
    client, root = studio
    relative = "content/procedures/dang-ky-khai-sinh.yaml"
    path = root / relative
    original = path.read_text(encoding="utf-8")
    laws = Edit.open(path).data["legal_basis"]
    plain = next(index for index, law in enumerate(laws) if isinstance(law, str))
    answer = edit(client, root, {"op": "set", "path": ["legal_basis", plain, "url"],
                                 "value": "https://vanban.chinhphu.vn/?pageid=27160&docid=1"}, relative)
    assert answer.status_code == 200 and answer.json()["written"], answer.text
    assert diff(original, path.read_text(encoding="utf-8")) == [
        f"-  - {laws[plain]}", f"+  - name: {laws[plain]}", "+    url: https://vanban.chinhphu.vn/?pageid=27160&docid=1"]
    answer = edit(client, root, {"op": "set", "path": ["legal_basis", plain, "url"], "value": "javascript:alert(1)"},
                  relative)
    assert not answer.json()["written"] and "javascript" not in path.read_text(encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    answer = edit(client, root, {"op": "set", "path": ["documents", 1, "shown"], "value": True}, relative)
    assert answer.status_code == 200 and answer.json()["written"], answer.text
    assert diff(before, path.read_text(encoding="utf-8")) == ["+    shown: true"]
    answer = edit(client, root, {"op": "set", "path": ["documents", 1, "shown"], "value": False}, relative)
    assert path.read_text(encoding="utf-8") == before
    page = client.get("/p/dang-ky-khai-sinh").text
    assert 'data-path=\'["legal_basis", 0, "url"]\'' in page and 'type="checkbox" checked' in page


def test_a_new_procedure_is_the_scaffold_with_its_title_code_and_category(studio):
    client, root = studio
    answer = client.post("/api/new", headers=ORIGIN, json={"id": "cap-ban-sao", "title": "Cấp bản sao trích lục",
                                                           "code": "2.000635", "category": "ho-tich"})
    assert answer.status_code == 200 and answer.json() == {"ok": True, "url": "/p/cap-ban-sao"}
    text = (root / "content/procedures/cap-ban-sao.yaml").read_text(encoding="utf-8")
    assert "title: Cấp bản sao trích lục\n" in text and 'code: "2.000635"' in text and "category: ho-tich " in text
    assert "# Hướng dẫn: thay mọi chữ TODO" in text  # the template's guidance stays
    page = client.get("/p/cap-ban-sao")
    assert page.status_code == 200 and "placeholder not filled in" in page.text  # what is left to do
    again = client.post("/api/new", headers=ORIGIN, json={"id": "cap-ban-sao", "title": "x"})
    assert again.status_code == 422 and "already exists" in again.json()["message"]
    bad = client.post("/api/new", headers=ORIGIN, json={"id": "../../etc/x", "title": "x"})
    assert bad.status_code == 422 and not (root / "etc").exists()


def test_the_board_lists_every_procedure_with_its_state(studio):
    client, root = studio
    (root / "content/procedures/hong.yaml").write_text("id: hong\ntitle: Hỏng\n", encoding="utf-8")
    page = client.get("/")
    assert page.status_code == 200
    for procedure_id in ("dang-ky-khai-sinh", "dang-ky-ket-hon", "hong"):
        assert f'href="/p/{procedure_id}"' in page.text
    assert "required field is missing" in page.text  # hong's problems, with a link to the field
    table = client.get("/api/clips").json()
    states, voices = table["states"], table["voices"]
    assert set(states["dang-ky-khai-sinh"]) >= {"tv-1080p vi", "web vi"}
    assert set(states["dang-ky-khai-sinh"].values()) <= {"up to date", "stale", "missing"}
    # which voice speaks: the sample speaks with espeak-ng, marked on the TV clip, not on the desk's web one
    assert "espeak-ng" in voices["dang-ky-khai-sinh"]["tv-1080p vi"]["text"]
    birth = voices["dang-ky-khai-sinh"]
    assert birth["tv-1080p vi"]["robotic"] and not birth["web vi"]["robotic"]


def test_a_file_whose_layout_cannot_be_kept_opens_read_only_and_is_reformatted_only_when_asked(studio):
    import yaml

    client, root = studio
    path = root / BIRTH
    values = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(yaml.safe_dump(values, allow_unicode=True), encoding="utf-8")  # long lines wrapped at 80
    page = client.get("/p/dang-ky-khai-sinh")
    assert page.status_code == 200 and 'data-readonly="true"' in page.text and 'id="reformat"' in page.text
    wrapped = path.read_bytes()
    answer = edit(client, root, {"op": "set", "path": ["fee"], "value": "Miễn phí", "language": "vi"})
    assert answer.status_code == 422 and "cannot keep exactly" in answer.json()["message"]
    assert path.read_bytes() == wrapped
    answer = client.post("/api/p/dang-ky-khai-sinh/reformat", headers=ORIGIN, json={"version": version(root)})
    assert answer.status_code == 200, answer.text
    assert yaml.safe_load(path.read_text(encoding="utf-8")) == values  # the layout changed, not one value
    before = path.read_text(encoding="utf-8")
    answer = edit(client, root, {"op": "set", "path": ["fee"], "value": "Miễn phí", "language": "vi"})
    assert answer.status_code == 200 and len(diff(before, path.read_text(encoding="utf-8"))) == 2


def test_shared_on_the_network_the_studio_answers_that_address_too_and_still_wants_its_token(tmp_path):
    root = sample_project(tmp_path / "project")
    app = create_app(root, TOKEN, addresses=("192.0.2.10",), port=8765)  # a documentation address: no traffic
    client = TestClient(app, base_url="http://192.0.2.10:8765")
    assert client.get("/").status_code == 403  # no token yet
    assert client.get(f"/?token={TOKEN}").status_code == 200
    assert client.get("/", headers={"host": "192.0.2.11:8765"}).status_code == 400
    answer = client.post("/api/publish", json={}, headers={"origin": "http://192.0.2.11:8765"})
    assert answer.status_code == 403


def test_a_problem_on_the_board_links_to_its_field_in_the_editor(studio):
    client, root = studio
    path = root / BIRTH
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  vi: Miễn lệ phí khi đăng ký đúng hạn", '  vi: "  " #', 1), encoding="utf-8")
    board = client.get("/").text
    assert 'href="/p/dang-ky-khai-sinh#field-fee"' in board
    assert 'id="field-fee"' in client.get("/p/dang-ky-khai-sinh").text


def test_guidegen_studio_prints_its_address_with_the_key_and_serves_on_loopback_only(tmp_path):
    import re
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    root = sample_project(tmp_path / "project")
    process = subprocess.Popen([sys.executable, "-m", "generator.cli", "--project", str(root), "studio",
                                "--no-browser", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    try:
        line = process.stdout.readline()
        match = re.match(r"studio: (http://127\.0\.0\.1:(\d+)/)\?token=([\w-]{32})$", line.strip())
        assert match, line
        base, token = match.group(1), match.group(3)
        deadline = time.monotonic() + 20
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())  # keeps the key's cookie
        while True:
            try:
                with browser.open(f"{base}?token={token}", timeout=5) as answer:
                    assert answer.status == 200 and "Danh mục thủ tục" in answer.read().decode("utf-8")
                break
            except urllib.error.HTTPError:
                raise
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, "the studio did not answer"
                time.sleep(0.2)
        try:
            urllib.request.urlopen(base, timeout=5)
            raise AssertionError("served without the key")
        except urllib.error.HTTPError as error:
            assert error.code == 403
        listening = subprocess.run(["ss", "-ltnH", f"sport = :{match.group(2)}"], capture_output=True, text=True)
        assert listening.returncode != 0 or all("127.0.0.1:" in row for row in listening.stdout.splitlines())
    finally:
        process.terminate()
        process.wait(timeout=10)


# ---- the voice room

def tone_wav(path: Path, amplitude: float, seconds: float = 2.0) -> bytes:
    """A WAV of speech-like bursts at `amplitude` (1.0 drives it into clipping)."""
    import wave

    import numpy as np

    rate = 48_000
    time_axis = np.arange(int(rate * seconds)) / rate
    bursts = (np.sin(2 * np.pi * 3 * time_axis) > -0.3).astype(float)  # on and off three times a second
    samples = np.clip(amplitude * bursts * np.sin(2 * np.pi * 220 * time_axis), -1, 1)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes((samples * 32767).astype("<i2").tobytes())
    return path.read_bytes()


def take(client: TestClient, scene: str, body: bytes, kind: str = "audio/wav", procedure: str = "dang-ky-khai-sinh"):
    return client.post(f"/api/p/{procedure}/voice/{scene}", content=body, headers={**ORIGIN, "content-type": kind})


def test_a_take_is_made_ready_saved_beside_its_text_and_named_in_one_line(studio, tmp_path):
    import json

    from generator.narration.audio import TARGET_LUFS, measure_loudness

    client, root = studio
    marked_up = edit(client, root, {"op": "set", "path": ["steps", 1, "narration"], "language": "vi",
                                    "value": "Gõ <b>tên</b> thủ tục."})  # text shown on the board later
    assert marked_up.status_code == 200 and marked_up.json()["written"], marked_up.text
    before = (root / BIRTH).read_text(encoding="utf-8")
    answer = take(client, "step-2", tone_wav(tmp_path / "a.wav", 0.3))
    assert answer.status_code == 200 and answer.json()["warnings"] == [], answer.text
    after = (root / BIRTH).read_text(encoding="utf-8")
    assert diff(before, after) == ["+    audio: voice/dang-ky-khai-sinh/step-2.ogg"]
    saved = root / "assets/voice/dang-ky-khai-sinh/step-2.ogg"
    sidecar = json.loads((saved.parent / "step-2.ogg.json").read_text(encoding="utf-8"))
    assert sidecar["language"] == "vi" and sidecar["text"].startswith("Gõ")  # the step's own narration
    assert abs(measure_loudness(saved)[0] - TARGET_LUFS) < 2
    assert client.get("/media/assets/voice/dang-ky-khai-sinh/step-2.ogg").status_code == 200
    assert "step-2" in client.get("/p/dang-ky-khai-sinh/voice").text
    assert "no longer matches" not in client.get("/").text
    # the step's text changes: the board says the take is stale, and leads to the voice room
    changed = edit(client, root, {"op": "set", "path": ["steps", 1, "narration"], "value": "Gõ tên thủ tục.",
                                  "language": "vi"})
    assert changed.status_code == 200 and changed.json()["written"], changed.text
    row = re.search(r'<tr data-id="dang-ky-khai-sinh".*?</tr>', client.get("/").text, re.S).group(0)
    (note,) = re.findall(r'<ul class="notes">\s*<li><a href="/p/dang-ky-khai-sinh/voice">(.*?)</a>', row, re.S)
    assert "<code>steps[1].audio</code>: the recording no longer matches" in note
    assert "it reads &#34;Gõ &lt;b&gt;tên&lt;/b&gt; thủ tục.&#34;" in note  # the text it was read from, as text
    # quiet and clipped takes are kept, with what to do about them; a silent one is refused
    quiet = take(client, "step-3", tone_wav(tmp_path / "q.wav", 0.004)).json()
    assert quiet["ok"] and "very quiet" in quiet["warnings"][0]
    clipped = take(client, "step-4", tone_wav(tmp_path / "c.wav", 3.0)).json()
    assert clipped["ok"] and any("clipped" in warning for warning in clipped["warnings"])
    silent = take(client, "step-5", tone_wav(tmp_path / "s.wav", 0.0))
    assert silent.status_code == 422 and "no voice" in silent.json()["message"]
    # removing a take takes its line and its files away
    answer = client.post("/api/p/dang-ky-khai-sinh/voice/step-2/remove", json={}, headers=ORIGIN)
    assert answer.status_code == 200 and not saved.exists()
    assert "step-2.ogg" not in (root / BIRTH).read_text(encoding="utf-8")


@pytest.mark.parametrize(("scene", "body", "kind", "status"), [
    ("../../content/x", b"RIFF", "audio/wav", 404),  # a path, not a scene
    ("step-30", b"RIFF", "audio/wav", 422),  # no such step in this clip
    ("intro", b"<script>alert(1)</script>", "audio/wav", 422),  # not audio inside
    ("intro", b"", "audio/wav", 400),
    ("intro", b"a=1", "application/x-www-form-urlencoded", 415),  # a form could post it: refused at the gate
    ("intro", b"{}", "application/json", 415),
])
def test_a_take_that_is_not_one_is_refused_and_nothing_is_written(studio, scene, body, kind, status):
    client, root = studio
    before = (root / BIRTH).read_text(encoding="utf-8")
    answer = take(client, scene, body, kind)
    assert answer.status_code == status, answer.text
    assert (root / BIRTH).read_text(encoding="utf-8") == before
    assert not list((root / "assets").glob("voice/**/*.ogg"))


def test_a_take_needs_the_token_and_the_studio_origin(tmp_path):
    root = sample_project(tmp_path / "project")
    client = TestClient(create_app(root, TOKEN, port=8765), base_url="http://127.0.0.1:8765")
    answer = take(client, "intro", tone_wav(tmp_path / "a.wav", 0.3))
    assert answer.status_code == 403
    client.get(f"/?token={TOKEN}")
    answer = client.post("/api/p/dang-ky-khai-sinh/voice/intro", content=b"RIFF",
                         headers={"origin": "http://evil.example", "content-type": "audio/wav"})
    assert answer.status_code == 403 and not (root / "assets/voice").exists()
    answer = take(client, "intro", b"x", procedure="..%2F..%2Fetc")
    assert answer.status_code in (404, 422)


# ---- pronunciation

def test_a_reading_goes_into_the_glossary_in_one_line_and_the_spoken_form_uses_it(studio):
    client, root = studio
    settings = root / "content/settings.yaml"
    before = settings.read_text(encoding="utf-8")
    answer = client.post("/api/p/dang-ky-khai-sinh/reading", headers=ORIGIN, json={
        "written": "VNeID", "reading": "vê en ê ai đi", "text": "Đăng nhập bằng VNeID."})
    assert answer.status_code == 200, answer.text
    assert answer.json()["spoken"] == "Đăng nhập bằng vê en ê ai đi."
    assert diff(before, settings.read_text(encoding="utf-8")) == ["-  VNeID: vi en ai đi", "+  VNeID: vê en ê ai đi"]
    answer = client.post("/api/p/dang-ky-khai-sinh/reading", headers=ORIGIN, json={
        "written": "Cổng DVC", "reading": "cổng dịch vụ công: #1 {a}", "text": "Vào Cổng DVC."})
    assert answer.status_code == 200 and answer.json()["spoken"].startswith("Vào cổng dịch vụ công")
    import yaml

    glossary = yaml.safe_load(settings.read_text(encoding="utf-8"))["glossary"]
    assert glossary["Cổng DVC"] == "cổng dịch vụ công: #1 {a}"  # YAML's special characters stay text
    assert "# Where `guidegen capture` takes the screenshots" in settings.read_text(encoding="utf-8")  # comments


@pytest.mark.parametrize("written, reading", [("", "x"), ("VNeID", ""), ("x" * 61, "y"), ("VNeID", "vi en 🎉")])
def test_a_reading_that_cannot_be_one_is_refused_and_settings_stay_as_they_were(studio, written, reading):
    client, root = studio
    settings = root / "content/settings.yaml"
    before = settings.read_bytes()
    answer = client.post("/api/p/dang-ky-khai-sinh/reading", headers=ORIGIN,
                         json={"written": written, "reading": reading})
    assert answer.status_code == 422 and settings.read_bytes() == before


def test_a_did_you_mean_from_the_portal_check_is_accepted_with_one_click(studio):
    import json

    client, root = studio
    report = root / "output/capture-check/dang-ky-khai-sinh.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    line = (f"{BIRTH}:120:13: steps[6].target: no region named 'Tình trạng hồ sơ H48.26-1001193-0001'; "
            "the page has 'Tình trạng hồ sơ H48.26-1001193-0002'")
    report.write_text(json.dumps({"checked": "30/11/2026 09:00", "summary": "bước 7", "problems": [line]}),
                      encoding="utf-8")
    page = client.get("/p/dang-ky-khai-sinh").text
    fix = 'region &#34;Tình trạng hồ sơ H48.26-1001193-0002&#34;'
    assert f'data-value="{fix}"' in page  # the guess, ready to accept
    before = (root / BIRTH).read_text(encoding="utf-8")
    answer = edit(client, root, {"op": "set", "path": ["steps", 6, "target"],
                                 "value": 'region "Tình trạng hồ sơ H48.26-1001193-0002"'})
    assert answer.status_code == 200 and answer.json()["written"]
    assert diff(before, (root / BIRTH).read_text(encoding="utf-8")) == [
        '-    target: region "Tình trạng hồ sơ H48.26-1001193-0001"',
        '+    target: region "Tình trạng hồ sơ H48.26-1001193-0002"']


@pytest.mark.parametrize("body", [{"step": 6, "box": [1, 2, 3]}, {"step": 6, "box": ["nan", 10, 50, 50]},
                                  {"step": 6, "box": [1200, 700, 500, 500]}, {"step": 99, "box": [10, 10, 50, 50]},
                                  {"step": "x", "box": [10, 10, 50, 50]}, {"box": [10, 10, 50, 50]}])
def test_an_area_that_cannot_be_hidden_is_refused_and_nothing_changes(studio, body):
    client, root = studio
    before = (root / BIRTH).read_bytes()
    picture = root / "assets/screens/dang-ky-khai-sinh/7-track.png"
    pixels = picture.read_bytes()
    answer = client.post("/api/p/dang-ky-khai-sinh/hide", json=body, headers=ORIGIN)
    assert answer.status_code in (400, 422), answer.text
    assert (root / BIRTH).read_bytes() == before and picture.read_bytes() == pixels


def test_element_names_from_a_hostile_portal_are_shown_as_text(studio):
    import json

    client, root = studio
    sidecar = root / "assets/screens/dang-ky-khai-sinh/7-track.capture.json"
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    data["screen"]["elements"] = [["button \"'><img src=x onerror=alert(1)>\"", [10, 10, 50, 20]],
                                  ["text \"</script><script>alert(2)</script>\"", [10, 40, 50, 20]]]
    sidecar.write_text(json.dumps(data), encoding="utf-8")
    page = client.get("/p/dang-ky-khai-sinh").text
    assert "<img src=x" not in page and "<script>alert(2)" not in page
    assert "&#39;&gt;&lt;img src=x onerror=alert(1)&gt;" in page or "\\u003cimg" in page
