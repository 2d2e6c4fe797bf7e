"""Lobby TV loops: playlist checks with file:line, schedules by clock, real joins, the kiosk player."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import subprocess
import threading
import time
from pathlib import Path

import pytest

from generator.cache import Cache
from generator.clip.compose import ClipResult, RenderOptions
from generator.clip.encode import encoder_args
from generator.clip.layout import Layout
from generator.content.load import load_catalogue
from generator.narration.narrate import Narrator
from generator.reel.build import _join_reel, build_reel, verify_reel
from generator.reel.kiosk import render_kiosk
from generator.reel.playlists import ReelItem, load_lobby, playlist_at, reel_items
from generator.reel.schema import Playlist
from generator.tools import ffmpeg
from tests.conftest import PROCEDURE, ProjectBuilder, sample_nal_types

PLAYLISTS = """\
playlists:
  - id: sanh
    title: Sảnh
    items: [khai-sinh, "category:ho-tich", "tag:tre-em"]
    announcements: {every: 1, items: [qr, cu]}
    schedule:
      - days: [mon, tue, wed, thu, fri]
        start: "11:30"
        end: "13:30"
        playlist: trua
      - days: [fri]
        start: "22:00"
        end: "06:00"
        overnight: true
        playlist: trua
  - id: trua
    title: Trưa
    items: [khai-sinh]
"""
ANNOUNCEMENT = """\
id: qr
title: Quét mã QR
body: Xem hướng dẫn trên điện thoại.
duration: 4
qr_url: https://huongdan.example.vn
"""
EXPIRED = """\
id: cu
title: Lịch nghỉ Tết
body: Nghỉ Tết.
valid_to: 2026-02-22
"""


@pytest.fixture
def lobby_project(project: ProjectBuilder) -> ProjectBuilder:
    project.procedure(PROCEDURE.replace("updated: 2026-11-20", "tags: [tre-em]\nupdated: 2026-11-20"))
    project.write("content/playlists.yaml", PLAYLISTS)
    project.write("content/announcements/qr.yaml", ANNOUNCEMENT)
    project.write("content/announcements/cu.yaml", EXPIRED)
    return project


def lobby_problems(project) -> list[str]:
    return [str(p) for p in load_lobby(load_catalogue(project.root), dt.date(2026, 11, 27)).problems]


def test_items_expand_in_a_stable_order_with_announcements_and_no_expired_ones(lobby_project):
    catalogue = load_catalogue(lobby_project.root)
    lobby = load_lobby(catalogue, dt.date(2026, 11, 27))
    assert lobby.problems == []
    assert lobby.expired == {"cu"}
    assert "announcement 'cu' is outside its dates" in lobby.notes[0]
    assert lobby.notes[0].startswith("content/announcements/cu.yaml:4:")
    items = reel_items(catalogue, lobby, lobby.playlists["sanh"])
    assert [(i.kind, i.id) for i in items] == [("procedure", "khai-sinh"), ("announcement", "qr")]


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (dt.datetime(2026, 11, 23, 11, 29), "sanh"),  # Monday, a minute before lunch
        (dt.datetime(2026, 11, 23, 11, 30), "trua"),  # lunch starts
        (dt.datetime(2026, 11, 23, 13, 30), "sanh"),  # end is exclusive
        (dt.datetime(2026, 11, 28, 12, 0), "sanh"),  # Saturday lunch: no window
        (dt.datetime(2026, 11, 27, 23, 59), "trua"),  # Friday night, overnight window
        (dt.datetime(2026, 11, 28, 3, 0), "trua"),  # Saturday early morning, same window
        (dt.datetime(2026, 11, 28, 6, 0), "sanh"),  # overnight window ends
        (dt.datetime(2026, 11, 24, 3, 0), "sanh"),  # Tuesday early morning: Monday has no overnight
    ],
)
def test_schedule_resolution(lobby_project, moment, expected):
    playlist = load_lobby(load_catalogue(lobby_project.root)).playlists["sanh"]
    assert playlist_at(playlist, moment) == expected


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("[khai-sinh, ", "[khai-sin, "), "content/playlists.yaml:4:13: playlists[0].items[0]: unknown procedure id "
                                          "'khai-sin'"),
        (('"tag:tre-em"', '"tag:khong-co"'), "content/playlists.yaml:4:44: playlists[0].items[2]: selector "
                                              "'tag:khong-co' matches no procedure"),
        (('end: "13:30"', 'end: "11:00"'), "content/playlists.yaml:7:9: playlists[0].schedule[0]: window ends "
                                            "(11:00) before it starts (11:30)"),
        (('start: "22:00"', 'start: "12:00"\n        end2: x'), "unknown field 'end2'"),
        (('        start: "22:00"', '        start: "13:00"'), "content/playlists.yaml:11:9: playlists[0].schedule[1]: "
                                                             "window overlaps window 0"),
        (("items: [qr, cu]", "items: [qr, moi]"), "content/playlists.yaml:5:43: playlists[0].announcements.items[1]: "
                                                  "unknown announcement 'moi'"),
    ],
)
def test_bad_playlists_are_reported_with_file_and_line(lobby_project, change, expected):
    old, new = change
    lobby_project.write("content/playlists.yaml", PLAYLISTS.replace(old, new, 1))
    problems = lobby_problems(lobby_project)
    assert any(expected in p for p in problems), problems


def test_overlap_across_midnight_is_found(lobby_project):
    text = PLAYLISTS.replace("""      - days: [mon, tue, wed, thu, fri]
        start: "11:30"
        end: "13:30"
        playlist: trua
""", """      - days: [sat]
        start: "05:00"
        end: "07:00"
""")
    lobby_project.write("content/playlists.yaml", text)
    assert any("overlaps" in p for p in lobby_problems(lobby_project))


def tiny_clip(path: Path, seconds: float, colour: str, tone: int) -> ClipResult:
    layout = Layout("tiny", 320, 180, crf=30)
    ffmpeg("-f", "lavfi", "-i", f"color=c={colour}:s=320x180:r=30:d={seconds}", "-f", "lavfi",
           "-i", f"sine=f={tone}:r=48000:d={seconds}", *encoder_args(layout), "-c:a", "aac", "-ar", "48000",
           "-ac", "2", "-t", str(seconds), "-movflags", "+faststart", str(path))
    return ClipResult(path, seconds, cached=False)


def frame_hashes(path: Path) -> list[str]:
    """md5 of every decoded frame: identical only if the pictures were copied, not re-encoded (lossy)."""
    out = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-map", "0:v", "-f", "framemd5", "-"],
                         capture_output=True, text=True, check=True).stdout
    return [line.rsplit(",", 1)[1].strip() for line in out.splitlines() if line and not line.startswith("#")]


@pytest.mark.slow
def test_join_copies_video_sums_durations_and_has_no_gaps(tmp_path):
    clips = [tiny_clip(tmp_path / f"{n}.mp4", seconds, colour, tone)
             for n, (seconds, colour, tone) in enumerate([(2.0, "0x3366aa", 440), (1.5, "0xdd8833", 550),
                                                           (2.5, "0x33aa66", 660)])]
    items = [(ReelItem("procedure", f"p{n}", f"Thủ tục {n}"), clip) for n, clip in enumerate(clips)]
    reel = tmp_path / "reel.mp4"
    duration = _join_reel(items, reel)
    assert duration == pytest.approx(6.0)
    assert frame_hashes(reel) == [h for clip in clips for h in frame_hashes(clip.path)], "video was re-encoded"
    assert verify_reel(reel, [c.duration for c in clips]) == []
    info = json.loads(subprocess.run(["ffprobe", "-v", "error", "-show_chapters", "-show_streams", "-of", "json",
                                      str(reel)], capture_output=True, text=True).stdout)
    assert info["chapters"] == []  # chapters live in chapters.txt and the manifest, not as a track
    video = next(s for s in info["streams"] if s["codec_type"] == "video")
    assert float(video["start_time"]) == 0 and (video["color_primaries"], video["color_transfer"]) == ("bt709",
                                                                                                     "bt709")
    assert sample_nal_types(reel) == {1, 5}  # slices only: parameter sets live in avcC


@pytest.mark.slow
def test_verify_reel_catches_black_gaps(tmp_path):
    clips = [tiny_clip(tmp_path / "a.mp4", 2.0, "0x3366aa", 440), tiny_clip(tmp_path / "b.mp4", 1.0, "black", 440)]
    items = [(ReelItem("procedure", "a", "A"), clips[0]), (ReelItem("procedure", "b", "B"), clips[1])]
    reel = tmp_path / "reel.mp4"
    _join_reel(items, reel)
    assert any("black run" in p for p in verify_reel(reel, [2.0, 1.0]))


@pytest.mark.slow
def test_build_reel_writes_every_output(lobby_project):
    root = lobby_project.root
    catalogue = load_catalogue(root)
    lobby = load_lobby(catalogue, dt.date(2026, 11, 27))
    options = RenderOptions(root / "output", Cache(root / ".cache"), jobs=2)
    playlist: Playlist = lobby.playlists["sanh"].model_copy(update={"format": "draft"})
    result = build_reel(catalogue, lobby, playlist, Narrator(catalogue.settings, options.cache), options)
    folder = root / "output" / "reels" / "sanh"
    assert sorted(p.name for p in (root / "output" / "usb" / "sanh").iterdir()) == ["README.txt", "sanh.mp4"]
    assert "Chép tệp sanh.mp4" in (root / "output" / "usb" / "sanh" / "README.txt").read_text()
    m3u8 = (folder / "playlist.m3u8").read_text().splitlines()
    assert m3u8[0] == "#EXTM3U" and m3u8[2] == "clips/01-khai-sinh.mp4" and (folder / m3u8[2]).is_file()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert [i["id"] for i in manifest["items"]] == ["khai-sinh", "qr"]
    assert manifest["schedule"][1]["overnight"] is True
    assert (folder / "manifest.csv").read_text().startswith("position,type,id,title,file,duration,start")
    assert (folder / "chapters.txt").read_text().startswith("00:00:00 Đăng ký khai sinh")
    kiosk = (folder / "kiosk" / "index.html").read_text()
    assert "http" not in kiosk.split("<script id=")[0] and "<script src" not in kiosk
    assert result.duration == pytest.approx(sum(c.duration for _, c in result.items))


@pytest.fixture
def kiosk_site(tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    for name, colour in (("a", "0x3366aa"), ("c", "0x33aa66")):
        tiny_clip(media / f"{name}.mp4", 1.0, colour, 440)
    (media / "broken.mp4").write_bytes(b"not a video at all")
    entry = lambda name: {"file": f"media/{name}.mp4", "captions": f"media/{name}.vtt", "title": name,  # noqa: E731
                          "duration": 1.0}
    data = {"main": "p", "hotline": "0272 3870 111", "language": "vi", "schedule": [],
            "playlists": {"p": {"title": "P", "items": [entry("a"), entry("missing"), entry("c"), entry("broken")]}}}
    (tmp_path / "index.html").write_text(render_kiosk(data), encoding="utf-8")
    return tmp_path


@pytest.mark.browser
@pytest.mark.slow
def test_kiosk_plays_advances_skips_missing_files_and_loops(kiosk_site):
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(kiosk_site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    requests = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                      "--autoplay-policy=no-user-gesture-required"])
            page = browser.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/index.html")
            deadline = time.time() + 30
            played: list[str] = []
            while time.time() < deadline:
                played = page.evaluate("window.kiosk.played")
                if played.count("media/a.mp4") >= 2:
                    break
                time.sleep(0.2)
            skipped = page.evaluate("window.kiosk.skipped")
            clock = page.inner_text("#clock")
            browser.close()
    finally:
        httpd.shutdown()
    assert played[:2] == ["media/a.mp4", "media/c.mp4"]
    assert played.count("media/a.mp4") >= 2, played  # looped back to the first item
    assert "media/missing.mp4" in skipped and "media/broken.mp4" in skipped
    assert clock != "--:--"
    assert all(url.startswith("http://127.0.0.1") for url in requests)


def test_an_id_listed_twice_plays_twice_but_a_selector_adds_no_repeat(lobby_project):
    catalogue = load_catalogue(lobby_project.root)
    lobby = load_lobby(catalogue, dt.date(2026, 11, 27))
    playlist = lobby.playlists["trua"].model_copy(update={"items": ["khai-sinh", "category:ho-tich", "khai-sinh"],
                                                          "announcements": None})
    assert [item.id for item in reel_items(catalogue, lobby, playlist)] == ["khai-sinh", "khai-sinh"]
