"""Shared fixtures: small projects built in tmp_path, so each test reads as a story."""

from __future__ import annotations

import logging
import shutil
import textwrap
from pathlib import Path

import pytest
from PIL import Image

REPO = Path(__file__).resolve().parents[1]

SETTINGS = """\
organization:
  name: Trung tâm Phục vụ hành chính công huyện Thử
  short_name: TTPVHCC Thử
hotline: "0272 3870 111"
portal:
  name: Cổng Dịch vụ công
  url: https://dichvucong.example.vn
languages: [vi, en]
categories:
  - id: ho-tich
    title: Hộ tịch
  - id: kinh-doanh
    title: Kinh doanh
glossary:
  UBND: Ủy ban nhân dân
formats: [draft]
"""

PROCEDURE = """\
id: khai-sinh
title:
  vi: Đăng ký khai sinh
  en: Birth registration
category: ho-tich
agency: UBND cấp xã
level: full
portal_url: https://dichvucong.example.vn/khai-sinh
fee: Miễn lệ phí
processing_time: 03 ngày làm việc
documents:
  - Giấy chứng sinh
steps:
  - title: Đăng nhập
    narration: Bước 1. Đăng nhập bằng VNeID.
    screenshot: screens/login.png
    highlight: [0.3, 0.6, 0.3, 0.1]
  - title: Nộp hồ sơ
updated: 2026-11-20
"""


class ProjectBuilder:
    """A project folder in tmp_path that tests fill file by file."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "content" / "procedures").mkdir(parents=True)
        (root / "assets" / "screens").mkdir(parents=True)
        shutil.copytree(REPO / "assets" / "fonts", root / "assets" / "fonts")
        self.write("content/settings.yaml", SETTINGS)
        self.image("screens/login.png")

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def procedure(self, text: str = PROCEDURE, name: str = "khai-sinh") -> Path:
        return self.write(f"content/procedures/{name}.yaml", text)

    def image(self, relative: str, size: tuple[int, int] = (320, 200), mode: str = "RGB") -> Path:
        path = self.root / "assets" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.new(mode, size, "#336699" if mode == "RGB" else 0).save(path)
        return path


@pytest.fixture
def project(tmp_path: Path) -> ProjectBuilder:
    return ProjectBuilder(tmp_path / "project")


@pytest.fixture(autouse=True)
def restored_logging():
    """A CLI run in the test process sets up the "generator" logger (no propagation): undo it after each test."""
    logger = logging.getLogger("generator")
    saved = (logger.handlers[:], logger.propagate, logger.level)
    yield
    logger.handlers[:], logger.propagate, logger.level = saved[0], saved[1], saved[2]


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own cache folder, never the developer's."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("GUIDEGEN_CACHE", str(cache))
    return cache


@pytest.fixture(scope="session", autouse=True)
def captured_sample():
    """The sample catalogue's screenshots come from capturing its mock portal: take them once if missing."""
    from generator.capture.stage import capture, uncaptured
    from generator.workspace import project_lock

    with project_lock(REPO, "tests: capture the sample"):
        missing = uncaptured(REPO)
        if missing:
            outcome = capture(REPO, missing)
            assert not outcome.problems, outcome.problems


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (no browser download), shared by one test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield instance
        instance.close()


def sample_nal_types(path: Path, packets: int = 400) -> set[int]:
    """NAL unit types found inside the first MP4 video samples (avcC: 4-byte lengths before each unit)."""
    import subprocess

    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v", "-show_packets", "-show_data",
                          "-read_intervals", f"%+#{packets}", str(path)], capture_output=True, text=True,
                         check=True).stdout
    types: set[int] = set()
    for block in out.split("[PACKET]")[1:]:
        hex_lines = block.split("data=", 1)[1].split("[/PACKET]")[0].strip().splitlines()
        data = bytes.fromhex("".join(line.split(":", 1)[1][:40].replace(" ", "") for line in hex_lines))
        position = 0
        while position + 4 < len(data):
            size = int.from_bytes(data[position:position + 4], "big")
            types.add(data[position + 4] & 0x1F)
            position += 4 + size
    return types
