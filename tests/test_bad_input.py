"""The bad-input table: what a clumsy or hostile user may write, and the exact first line `check` answers.

One row per input. Each row changes one thing in a valid project, runs `guidegen check` through the
real entry point, and asserts the first line it prints and exit code 1 (or that it is accepted).
No row may ever produce a traceback or a warning of a library instead of our own message.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable

import pytest
from click.testing import CliRunner
from PIL import Image

from generator.cli import main
from tests.conftest import PROCEDURE, SETTINGS, ProjectBuilder

FILE = "content/procedures/khai-sinh.yaml"
GOOD_PLAYLISTS = "playlists:\n  - id: sanh\n    title: Sảnh\n    items: [khai-sinh]\n"
GOOD_ANNOUNCEMENT = "id: qr\ntitle: Quét mã QR\nbody: Xem hướng dẫn.\n"


def replace(old: str, new: str) -> Callable[[ProjectBuilder], None]:
    """A row that edits the valid procedure."""
    def edit(project: ProjectBuilder) -> None:
        assert old in PROCEDURE
        project.procedure(PROCEDURE.replace(old, new, 1))
    return edit


def raw(data: bytes) -> Callable[[ProjectBuilder], None]:
    def write(project: ProjectBuilder) -> None:
        (project.root / FILE).write_bytes(data)
    return write


def settings(old: str, new: str) -> Callable[[ProjectBuilder], None]:
    def edit(project: ProjectBuilder) -> None:
        assert old in SETTINGS
        project.write("content/settings.yaml", SETTINGS.replace(old, new, 1))
    return edit


def announcement(extra: str) -> Callable[[ProjectBuilder], None]:
    def write(project: ProjectBuilder) -> None:
        project.write("content/playlists.yaml", GOOD_PLAYLISTS)
        project.write("content/announcements/qr.yaml", GOOD_ANNOUNCEMENT + extra)
    return write


def playlist_window(start: str, end: str) -> Callable[[ProjectBuilder], None]:
    def write(project: ProjectBuilder) -> None:
        project.write("content/playlists.yaml", GOOD_PLAYLISTS + "    schedule:\n      - days: [mon]\n"
                      f'        start: "{start}"\n        end: "{end}"\n')
    return write


def screenshot(make: Callable[[ProjectBuilder], None]) -> Callable[[ProjectBuilder], None]:
    def write(project: ProjectBuilder) -> None:
        make(project)
        project.procedure(PROCEDURE.replace("screens/login.png", "screens/odd.png"))
    return write


def recording(make: Callable[[ProjectBuilder], None]) -> Callable[[ProjectBuilder], None]:
    def write(project: ProjectBuilder) -> None:
        make(project)
        project.procedure(PROCEDURE.replace("    highlight: [0.3, 0.6, 0.3, 0.1]\n",
                                            "    highlight: [0.3, 0.6, 0.3, 0.1]\n    audio: voice/a.m4a\n"))
    return write


def long_recording(project: ProjectBuilder) -> None:
    target = project.root / "assets" / "voice" / "a.m4a"
    target.parent.mkdir(parents=True)
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "660",
                    "-c:a", "aac", "-b:a", "8k", str(target)], check=True)


def damaged_recording(project: ProjectBuilder) -> None:
    target = project.root / "assets" / "voice" / "a.m4a"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"\x00\x00\x00\x18ftypM4A not really audio" * 50)


def folder(project: ProjectBuilder) -> None:
    (project.root / "assets" / "screens" / "odd.png").mkdir()


def fifo(project: ProjectBuilder) -> None:
    os.mkfifo(project.root / "assets" / "screens" / "odd.png")


def huge_image(project: ProjectBuilder) -> None:
    Image.new("1", (10_000, 10_000)).save(project.root / "assets" / "screens" / "odd.png")


CAPTURE = "capture:\n  base_url: https://dichvucong.example.vn\n"
PLAIN_STEP = "    screenshot: screens/login.png\n    highlight: [0.3, 0.6, 0.3, 0.1]\n"


def captured(extra: str = "", shot: str = "screens/login.png") -> Callable[[ProjectBuilder], None]:
    """A row whose first step is captured (a target, and `extra`), with capture settings."""
    def edit(project: ProjectBuilder) -> None:
        project.write("content/settings.yaml", SETTINGS + CAPTURE)
        project.procedure(PROCEDURE.replace(PLAIN_STEP, f'    screenshot: {shot}\n    target: button "Đăng nhập"\n'
                                                        f"{extra}"))
    return edit


def capture_settings(extra: str) -> Callable[[ProjectBuilder], None]:
    def edit(project: ProjectBuilder) -> None:
        project.write("content/settings.yaml", SETTINGS + CAPTURE + extra)
    return edit


def renamed(new_id: str) -> Callable[[ProjectBuilder], None]:
    def edit(project: ProjectBuilder) -> None:
        (project.root / FILE).unlink()
        project.procedure(PROCEDURE.replace("id: khai-sinh", f"id: {new_id}"), name=new_id)
    return edit


def bad_persona(project: ProjectBuilder) -> None:
    project.write("content/personas.yaml", "personas:\n  - id: an\n    name: An\n    date_of_birth: 01/01/1990\n"
                  "    id_number: '123'\n    address: Cần Đước\n    phone: '0901234567'\n")


def tiny_image(project: ProjectBuilder) -> None:
    Image.new("RGB", (1, 1)).save(project.root / "assets" / "screens" / "odd.png")


ESCAPE = "path must stay inside assets/ (no absolute paths or '..')"
UPLOADS = "uploads come from the synthetic sample documents in assets/uploads/; put the file there"
NOT_A_HOST = ("is not a host name or IP address (e.g. dichvucong.gov.vn or 127.0.0.1:8000); wildcards and addresses "
              "with a scheme are not allowed")

ROWS = [
    # the file itself
    ("empty file", raw(b"\n\n"), f"{FILE}:1:1: the file is empty"),
    ("NUL byte", raw(PROCEDURE.encode().replace(b"UBND", b"UB\x00ND")),
     f"{FILE}:6:11: the file contains a character YAML does not allow (U+0000); remove it"),
    ("900-deep nesting", raw(b"id: " + b"[" * 900 + b"]" * 900 + b"\n"),
     f"{FILE}:1:1: values are nested too deeply to read"),
    ("YAML tag !foo", replace("fee: Miễn lệ phí", "fee: !foo Miễn"),
     f"{FILE}:9:6: fee: YAML tags such as '!foo' are not supported; remove the tag"),
    ("!!float on text", replace("fee: Miễn lệ phí", "fee: !!float x"),
     f"{FILE}:9:6: fee: 'x' is not a valid number"),
    ("!!timestamp on text", replace("updated: 2026-11-20", "updated: !!timestamp x"),
     f"{FILE}:19:10: updated: 'x' is not a valid date (YYYY-MM-DD)"),
    ("impossible date", replace("updated: 2026-11-20", "updated: 2026-02-30"),
     f"{FILE}:19:10: updated: '2026-02-30' is not a valid date (YYYY-MM-DD): day is out of range for month"),
    ("lone surrogate", replace("fee: Miễn lệ phí", 'fee: "Miễn \\ud800"'),
     f"{FILE}:9:6: fee: text contains a broken character (lone surrogate) U+D800; remove it"),
    ("ANSI escape", replace("fee: Miễn lệ phí", 'fee: "\\e[31mMiễn"'),
     f"{FILE}:9:6: fee: text contains an invisible control character U+001B; remove it"),
    # numbers
    ("NaN highlight", replace("[0.3, 0.6, 0.3, 0.1]", "[.nan, 0.1, 0.3, 0.2]"),
     f"{FILE}:17:17: steps[0].highlight[0]: must be a real number (not NaN or infinity)"),
    ("infinite highlight", replace("[0.3, 0.6, 0.3, 0.1]", "[0.1, 0.1, .inf, 0.2]"),
     f"{FILE}:17:27: steps[0].highlight[2]: must be a real number (not NaN or infinity)"),
    ("NaN duration", replace("    highlight: [0.3, 0.6, 0.3, 0.1]\n", "    highlight: [0.3, 0.6, 0.3, 0.1]\n"
                             "    duration: .nan\n"),
     f"{FILE}:18:15: steps[0].duration: must be a real number (not NaN or infinity)"),
    # text
    ("blank title", replace("  vi: Đăng ký khai sinh", '  vi: "   "'), f"{FILE}:3:7: title.vi: must not be empty"),
    ("emoji", replace("fee: Miễn lệ phí", "fee: Miễn lệ phí 🎉"),
     f"{FILE}:9:6: fee: '🎉' (U+1F389) cannot be drawn with the clip font; remove it or write it in words"),
    ("over-long id", replace("id: khai-sinh", "id: " + "a" * 81),
     f"{FILE}:1:5: id: is 81 characters long; at most 80"),
    ("TODO in real narration", replace("Bước 1. Đăng nhập bằng VNeID.", "Bước 1. Đăng nhập, không để TODO."), None),
    # files named by a procedure
    ("screenshot is a folder", screenshot(folder),
     f"{FILE}:16:17: steps[0].screenshot: is a folder, not a file: assets/screens/odd.png"),
    ("screenshot is a FIFO", screenshot(fifo),
     f"{FILE}:16:17: steps[0].screenshot: is not a regular file (a pipe or device?): assets/screens/odd.png"),
    ("decompression bomb", screenshot(huge_image),
     f"{FILE}:16:17: steps[0].screenshot: image is 10000x10000, too large (max 60,000,000 pixels): "
     "assets/screens/odd.png"),
    ("over-long screenshot name", replace("screens/login.png", "screens/" + "x" * 300 + ".png"),
     f"{FILE}:16:17: steps[0].screenshot: cannot read assets/screens/{'x' * 65}: File name too long"),
    ("damaged recording", recording(damaged_recording),
     f"{FILE}:18:12: steps[0].audio: not a readable audio file (damaged, or not audio inside): assets/voice/a.m4a"),
    ("11-minute recording", recording(long_recording),
     f"{FILE}:18:12: steps[0].audio: recording is 11 min long; a step's voice-over may be at most 10 min: "
     "assets/voice/a.m4a"),
    # settings, playlists, announcements
    ("unknown espeak voice", settings("formats: [draft]", "formats: [draft]\nvoice:\n  vi: {voice: vi-xyz}"),
     "content/settings.yaml:18:15: voice.vi.voice: espeak-ng has no voice 'vi-xyz' (see `espeak-ng --voices`)"),
    ("colour name", settings("formats: [draft]", "formats: [draft]\nbrand: {primary: blue}"),
     "content/settings.yaml:17:18: brand.primary: 'blue' is not a colour: write it as #rrggbb, e.g. #0b4f9c"),
    ("empty glossary key", settings("  UBND: Ủy ban nhân dân", '  UBND: Ủy ban nhân dân\n  "": trống'),
     "content/settings.yaml:15:3: glossary: glossary entry ': trống' needs both a written form and how to say it"),
    ("http QR address", announcement("qr_url: http://example.vn\n"),
     "content/announcements/qr.yaml:4:9: qr_url: must be a full https:// address (got 'http://example.vn')"),
    ("valid_to before valid_from", announcement("valid_from: 2026-05-02\nvalid_to: 2026-05-01\n"),
     "content/announcements/qr.yaml:1:1: valid_to (2026-05-01) is before valid_from (2026-05-02)"),
    # addresses: parsed as URLs, never a way out of an attribute, never credentials
    ("script in site_url", settings("formats: [draft]", "formats: [draft]\nsite_url: 'https://x/\"><script>alert(1)"
                                                        "</script>'"),
     "content/settings.yaml:17:11: site_url: a web address cannot contain '\"'; write it as the browser shows it "
     "(got 'https://x/\"><script>alert(1)</script>')"),
    ("base_url with credentials", settings("formats: [draft]", "formats: [draft]\ncapture:\n  base_url: "
                                                               "https://admin:pw@dichvucong.example.vn"),
     "content/settings.yaml:18:13: capture.base_url: a web address must not carry a user name or password "
     "(credentials never go in content)"),
    ("hotline in words", settings('hotline: "0272 3870 111"', 'hotline: "gọi ngay <b>"'),
     'content/settings.yaml:4:10: hotline: \'gọi ngay <b>\' is not a phone number: digits, spaces and dots, e.g. '
     '"0272 3870 111"'),
    # capture and publishing stay inside the project and the allowed hosts
    ("absolute captured screenshot", captured(shot="/etc/x.png"),
     f"{FILE}:16:17: steps[0].screenshot: {ESCAPE}: /etc/x.png"),
    ("climbing captured screenshot", captured(shot="../../x.png"),
     f"{FILE}:16:17: steps[0].screenshot: {ESCAPE}: ../../x.png"),
    ("captured screenshot of a system file", captured(shot="/usr/share/pixmaps/debian-logo.png"),
     f"{FILE}:16:17: steps[0].screenshot: {ESCAPE}: /usr/share/pixmaps/debian-logo.png"),
    ("do: upload /etc/shadow", captured("    do: {upload: /etc/shadow}\n"),
     f"{FILE}:18:18: steps[0].do.upload: {UPLOADS} (got '/etc/shadow')"),
    ("upload action of /etc/passwd", captured('    actions:\n      - upload: button "Chọn tệp"\n'
                                              "        file: /etc/passwd\n"),
     f"{FILE}:20:15: steps[0].actions[0].file: {UPLOADS} (got '/etc/passwd')"),
    ("upload action climbing out", captured('    actions:\n      - upload: button "Chọn tệp"\n'
                                            "        file: ../../../etc/passwd\n"),
     f"{FILE}:20:15: steps[0].actions[0].file: {UPLOADS} (got '../../../etc/passwd')"),
    ("goto a file: address", captured("    actions:\n      - goto: file:///etc/passwd\n"),
     f"{FILE}:19:15: steps[0].actions[0].goto: must be a full https:// or http:// address (got 'file:///etc/passwd')"),
    ("goto javascript:", captured("    actions:\n      - goto: 'javascript:alert(1)'\n"),
     f"{FILE}:19:15: steps[0].actions[0].goto: must be a full https:// or http:// address (got 'javascript:alert(1)')"),
    ("empty allowed host", capture_settings("  allowed_hosts: ['127.0.0.1', '']\n"),
     f"content/settings.yaml:19:32: capture.allowed_hosts[1]: '' {NOT_A_HOST}"),
    ("wildcard allowed host", capture_settings("  allowed_hosts: ['*']\n"),
     f"content/settings.yaml:19:19: capture.allowed_hosts[0]: '*' {NOT_A_HOST}"),
    ("serve /etc", capture_settings("  serve: ../../../../etc\n"),
     "content/settings.yaml:19:10: capture.serve: serve must be a folder inside assets/ (got '../../../../etc')"),
    ("huge viewport", capture_settings("  viewport: [100000, 720]\n"),
     "content/settings.yaml:19:14: capture.viewport[0]: must be at most 4,096 (got 100000)"),
    ("Piper voice outside the project", settings("formats: [draft]", "formats: [draft]\nvoice:\n  vi: {engine: piper, "
                                                                     "model: /etc/x.onnx}"),
     "content/settings.yaml:18:30: voice.vi.model: the voice file must be inside the project, e.g. voices/vi.onnx "
     "(got '/etc/x.onnx')"),
    ("1x1 screenshot", screenshot(tiny_image),
     f"{FILE}:16:17: steps[0].screenshot: image is 1x1, too small to show (at least 32x32 pixels): "
     "assets/screens/odd.png"),
    # wordings of our own, not the validation library's
    ("related to itself", replace("updated: 2026-11-20", "updated: 2026-11-20\nrelated: [khai-sinh]"),
     f"{FILE}:20:11: related[0]: a procedure is not related to itself; list other procedures"),
    ("31 steps", replace("  - title: Nộp hồ sơ\n", "  - title: Nộp hồ sơ\n" * 30),
     f"{FILE}:14:3: steps: has 31 items; at most 30"),
    ("fee of 1e400", replace("updated: 2026-11-20", "updated: 2026-11-20\nfee_amount: 1e400"),
     f"{FILE}:20:13: fee_amount: '1e400' is not a whole number"),
    ("41-digit fee", replace("updated: 2026-11-20", "updated: 2026-11-20\nfee_amount: " + "9" * 41),
     f"{FILE}:20:13: fee_amount: must be at most 1,000,000,000,000 (got {'9' * 41})"),
    ("updated in 9999", replace("updated: 2026-11-20", "updated: 9999-12-31"),
     f"{FILE}:19:10: updated: 9999-12-31 is in the future; write the date the file was last checked"),
    ("Windows reserved id", renamed("con"),
     "content/procedures/con.yaml:1:5: id: 'con' cannot be a file name on Windows; choose another id"),
    ("right-to-left override", replace("  vi: Đăng ký khai sinh", '  vi: "Đăng ký \\u202Egnp.exe"'),
     f"{FILE}:3:7: title.vi: text contains a right-to-left control character U+202E; remove it"),
    ("persona ID number", bad_persona,
     "content/personas.yaml:5:16: personas[0].id_number: '123' is not a synthetic ID number: 12 digits starting 000"),
    ("journey step without url", settings("formats: [draft]", "formats: [draft]\njourneys:\n  - id: a\n    title: A\n"
                                                              "    steps: [khai-sinh, {title: x}]"),
     "content/settings.yaml:20:24: journeys[0].steps[1].url: required field is missing"),
    ("law linked to a script", replace("updated: 2026-11-20", "legal_basis:\n  - name: Luật Hộ tịch\n"
                                                               "    url: 'javascript:alert(1)'\nupdated: 2026-11-20"),
     f"{FILE}:21:10: legal_basis[0].url: must be a full https:// address (got 'javascript:alert(1)')"),
    ("law as a number", replace("updated: 2026-11-20", "legal_basis: [60]\nupdated: 2026-11-20"),
     f"{FILE}:19:15: legal_basis[0]: expected text: a string, a map with 'vi' and optional 'en', "
     "or a map with 'name' (and url)"),
    ("shown as text", replace("  - Giấy chứng sinh", "  - {name: Thẻ căn cước, shown: maybe}"),
     f"{FILE}:12:33: documents[0].shown: 'maybe' is not yes or no: write true or false"),
    ("zero sets", replace("documents:", "document_sets: 0\ndocuments:"),
     f"{FILE}:11:16: document_sets: must be at least 1 (got 0)"),
    ("5,000-deep nesting", raw(b"id: " + b"[" * 5000 + b"]" * 5000 + b"\n"),
     f"{FILE}:1:1: values are nested too deeply to read"),
    ("window of no length", playlist_window("08:00", "08:00"),
     "content/playlists.yaml:6:9: playlists[0].schedule[0]: window starts and ends at the same time (08:00); "
     "give it a length"),
]


@pytest.mark.parametrize(("name", "make", "first_line"), ROWS, ids=[row[0] for row in ROWS])
def test_check_answers_each_bad_input_with_one_located_line(project, name, make, first_line):
    project.procedure()
    make(project)
    result = CliRunner(mix_stderr=False).invoke(main, ["--project", str(project.root), "check"], catch_exceptions=False)
    lines = result.stderr.strip().splitlines() if result.stderr.strip() else []
    assert "Traceback" not in result.output + result.stderr and "Warning" not in result.stderr
    if first_line is None:
        assert result.exit_code == 0, result.stderr
    else:
        assert result.exit_code == 1 and lines and lines[0] == first_line, lines[:3]
