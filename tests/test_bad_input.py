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
