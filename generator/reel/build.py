"""Reel stage: a playlist's clips and slides -> one seamless looping MP4 plus playlist files for players.

Video is joined by stream copy (every clip comes out of the same encoder settings, and this is
checked); the audio of the whole reel is decoded, laid over a quiet continuous bed (so no join
and no loop point is ever silent or clicks) and encoded once.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import math
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from generator.clip.compose import ClipResult, RenderOptions, render_clip
from generator.clip.layout import FORMATS
from generator.clip.mux import AAC_QUALITY, AUDIO_RATE, join_h264, mux_command
from generator.clip.plan import MIN_SCENE_SECONDS, Facts, Scene, Storyboard, help_page_url, plan
from generator.clip.timeline import FPS
from generator.content.load import Catalogue
from generator.errors import RenderError
from generator.fileio import atomic_path, link_or_copy, write_text_atomic
from generator.narration.narrate import Narrator
from generator.reel.kiosk import write_kiosk
from generator.reel.playlists import Lobby, ReelItem, reel_items
from generator.reel.schema import Announcement, Playlist
from generator.tools import concat_line, ffmpeg, ffmpeg_stderr, probe

logger = logging.getLogger(__name__)

BED_LEVEL = 0.012  # about -38 dBFS: a soft pad under the voice, so joins are never dead silent
EDGE_FADE = 0.02  # seconds of fade at the loop point: no click when the file starts again
USB_README = """\
HƯỚNG DẪN SAO CHÉP VÀO USB CHO TI VI SẢNH

1. Chép tệp {name} vào thư mục gốc của USB (định dạng FAT32 hoặc exFAT).
2. Cắm USB vào ti vi, mở trình phát video hoặc ảnh/nhạc/phim của ti vi.
3. Chọn tệp {name}, bật chế độ "Lặp lại" (Repeat / Lặp lại một tệp).

Thời lượng một vòng: {duration}. Nội dung: {count} mục ({title}).
Tệp được tạo ngày {date} bằng guidegen. Khi nội dung thay đổi, chép đè tệp mới.
"""


@dataclass
class ReelResult:
    """Where a playlist's outputs are, and what went into the reel."""

    playlist: str
    reel: Path
    duration: float
    items: list[tuple[ReelItem, ClipResult]]
    folder: Path


def announcement_storyboard(catalogue: Catalogue, announcement: Announcement, language: str) -> Storyboard:
    """One slide as a one-scene storyboard, so it renders with the same encoder as the clips."""
    settings = catalogue.settings
    site = help_page_url(settings.site_url, "", language)
    qr_url = announcement.qr_url or ""
    facts = Facts(announcement.title.get(language), "", "", "", "", settings.portal.name.get(language),
                  settings.portal.url, settings.hotline, qr_url or site or settings.portal.url)
    title, body = announcement.title.get(language), announcement.body.get(language)
    # a silent slide is dead air on a lobby TV's loop: without a narration of its own, it reads itself
    spoken = announcement.narration.get(language) if announcement.narration else f"{title}. {body}"
    scene = Scene(
        kind="announcement", key="announcement", heading=announcement.title.get(language),
        lines=(announcement.body.get(language), qr_url), narration=spoken,
        screenshot=catalogue.asset(announcement.image) if announcement.image else None,
        min_seconds=announcement.duration or MIN_SCENE_SECONDS,
    )
    return Storyboard(f"announcement-{announcement.id}", language, facts, (scene,))


def render_items(catalogue: Catalogue, lobby: Lobby, playlist: Playlist, narrator: Narrator,
                 options: RenderOptions) -> list[tuple[ReelItem, ClipResult]]:
    """Render (or reuse) every clip and slide of the playlist."""
    layout = FORMATS[playlist.format]
    return [(item, render_clip(catalogue, _storyboard(catalogue, lobby, playlist, item), layout, narrator, options))
            for item in reel_items(catalogue, lobby, playlist)]


def _storyboard(catalogue: Catalogue, lobby: Lobby, playlist: Playlist, item: ReelItem) -> Storyboard:
    if item.kind == "procedure":
        return plan(catalogue, item.id, playlist.language, FORMATS[playlist.format].pacing)
    return announcement_storyboard(catalogue, lobby.announcements[item.id], playlist.language)


def joined_items(catalogue: Catalogue, lobby: Lobby, playlist: Playlist, items: list[tuple[ReelItem, ClipResult]],
                 narrator: Narrator, options: RenderOptions, folder: Path) -> list[tuple[ReelItem, ClipResult]]:
    """The items as the joined reel plays them: each fading in from the one before, as scenes do.

    The first fades in from the last, so the loop point fades too. Only each item's first scene is made anew.
    """
    layout = FORMATS[playlist.format]
    joins = folder / "joins"
    joins.mkdir(parents=True, exist_ok=True)
    joined = []
    for number, (item, _clip) in enumerate(items):
        before = items[number - 1][1].path
        lead = joins / f"{number + 1:02d}-lead.png"
        ffmpeg("-sseof", "-0.05", "-i", str(before), "-frames:v", "1", "-update", "1", str(lead))
        storyboard = _storyboard(catalogue, lobby, playlist, item)
        joined.append((item, render_clip(catalogue, storyboard, layout, narrator, options, lead=lead,
                                         target=joins / f"{number + 1:02d}-{item.id}.mp4")))
    return joined


def build_reel(catalogue: Catalogue, lobby: Lobby, playlist: Playlist, narrator: Narrator,
               options: RenderOptions) -> ReelResult:
    """All outputs of one playlist: reel MP4, chapters.txt, M3U8, kiosk page, signage manifest, USB folder."""
    items = render_items(catalogue, lobby, playlist, narrator, options)
    if not items:
        raise RenderError(f"playlist {playlist.id}: nothing to play")
    folder = options.output / "reels" / playlist.id
    reel = folder / f"{playlist.id}.mp4"
    try:
        duration = _join_reel(joined_items(catalogue, lobby, playlist, items, narrator, options, folder), reel)
    except RenderError as error:
        raise RenderError(f"playlist {playlist.id}: {error}; render them in one format with "
                          "`guidegen render --no-cache`") from None
    problems = verify_reel(reel, [clip.duration for _, clip in items])
    if problems:
        raise RenderError(f"playlist {playlist.id}: the reel failed its checks: " + "; ".join(problems))
    write_text_atomic(folder / "chapters.txt", chapters_text(items))
    _write_m3u8(folder, items)
    _write_manifest(folder, playlist, items, catalogue)
    scheduled = {w.playlist for w in playlist.schedule if w.playlist and w.playlist != playlist.id}
    others = {pid: render_items(catalogue, lobby, lobby.playlists[pid], narrator, options)
              for pid in sorted(scheduled) if pid in lobby.playlists}
    write_kiosk(folder / "kiosk", playlist, {playlist.id: items, **others}, lobby, catalogue.settings.hotline)
    _write_usb(options.output / "usb" / playlist.id, reel, playlist, duration, len(items))
    return ReelResult(playlist.id, reel, duration, items, folder)


def _join_reel(items: list[tuple[ReelItem, ClipResult]], target: Path) -> float:
    """Video joined as raw H.264 (as clips are) and muxed once; audio decoded + bed + encoded once.

    Every clip's parameter sets must be byte-identical (checked by `join_h264`): only then is a
    joined stream one valid stream. Chapters go to chapters.txt and the manifest, not into the file
    (a QuickTime chapter track is one more thing a TV's player may choke on).
    """
    total = sum(clip.duration for _, clip in items)
    with tempfile.TemporaryDirectory(prefix="guidegen-reel-") as folder:
        work = Path(folder)
        streams = []
        for number, (_item, clip) in enumerate(items):
            stream = work / f"{number:03d}.h264"
            ffmpeg("-i", str(clip.path), "-map", "0:v", "-c", "copy", "-bsf:v", "h264_mp4toannexb",
                   "-f", "h264", str(stream))
            streams.append(stream)
        video = work / "video.h264"
        try:
            join_h264(streams, video)
        except RenderError as error:
            raise RenderError(f"clips differ in their encode parameters ({error})") from None
        listing = work / "items.txt"
        listing.write_text("".join(concat_line(clip.path) for _, clip in items))
        pcm = ffmpeg("-f", "concat", "-safe", "0", "-i", str(listing), "-map", "0:a", "-ac", "2",
                     "-ar", str(AUDIO_RATE), "-f", "s16le", "-")
        voice = np.frombuffer(pcm, dtype=np.int16).reshape(-1, 2).astype(np.float32) / 32768
        samples = round(total * AUDIO_RATE)
        voice = np.pad(voice, ((0, max(0, samples - len(voice))), (0, 0)))[:samples]
        mixed = voice + ambient_bed(samples)[:, None]
        peak = float(np.abs(mixed).max()) if len(mixed) else 0.0
        if peak > PEAK_CEILING:  # never clip on a TV's output: the rare peak the bed tips over comes down whole
            mixed *= PEAK_CEILING / peak
        with atomic_path(target) as temp:
            command = mux_command(video, ["-f", "s16le", "-ar", str(AUDIO_RATE), "-ac", "2", "-i", "-"], total, temp,
                                  ["-c:a", "aac", "-q:a", AAC_QUALITY])
            done = subprocess.run(command, input=(mixed * 32767).astype(np.int16).tobytes(), capture_output=True,
                                  check=False)
            if done.returncode != 0:
                raise RenderError(f"could not join the reel: {done.stderr.decode('utf-8', 'replace')[-500:]}")
    return total


PEAK_CEILING = 10 ** (-3 / 20)  # sample peaks of the decoded mix stay 3 dB under full scale (AAC adds ~1-2 dB)


def ambient_bed(samples: int) -> np.ndarray:
    """A quiet, slowly breathing chord (deterministic), faded at both ends so the loop point does not click."""
    t = np.arange(samples, dtype=np.float32) / AUDIO_RATE
    chord = sum(np.sin(2 * math.pi * f * t + phase) for f, phase in ((130.81, 0), (196.0, 1.1), (261.63, 2.3),
                                                                       (329.63, 0.7)))
    breathing = 0.75 + 0.25 * np.sin(2 * math.pi * 0.05 * t)
    bed = (BED_LEVEL / 2) * chord * breathing
    fade = min(samples // 2, round(EDGE_FADE * AUDIO_RATE))
    if fade:
        ramp = np.linspace(0, 1, fade, dtype=np.float32)
        bed[:fade] *= ramp
        bed[-fade:] *= ramp[::-1]
    return bed.astype(np.float32)


def _starts(items: list[tuple[ReelItem, ClipResult]]) -> list[float]:
    starts, position = [], 0.0
    for _, clip in items:
        starts.append(position)
        position += clip.duration
    return starts


def chapters_text(items: list[tuple[ReelItem, ClipResult]]) -> str:
    """Sidecar chapter list: start time and title per line (YouTube-style)."""
    lines = []
    for (item, _clip), start in zip(items, _starts(items), strict=True):
        minutes, seconds = divmod(int(start), 60)
        hours, minutes = divmod(minutes, 60)
        lines.append(f"{hours:02d}:{minutes:02d}:{seconds:02d} {one_line(item.title)}")
    return "\n".join(lines) + "\n"


def verify_reel(path: Path, item_durations: list[float]) -> list[str]:
    """Decode the reel and check it is TV-safe, gapless and the right length; return problems found."""
    problems = []
    info = probe(path)
    video = next(s for s in info["streams"] if s["codec_type"] == "video")
    audio = next((s for s in info["streams"] if s["codec_type"] == "audio"), None)
    if (video["codec_name"], video.get("profile"), video["pix_fmt"], video["r_frame_rate"]) != (
            "h264", "High", "yuv420p", f"{FPS}/1") or int(video.get("level", 99)) > 41:
        problems.append(f"video is not TV-safe: {video['codec_name']} {video.get('profile')} level "
                        f"{video.get('level')} {video['pix_fmt']} {video['r_frame_rate']}")
    if audio is None or (audio["codec_name"], audio.get("profile"), audio["sample_rate"], audio["channels"]) != (
            "aac", "LC", str(AUDIO_RATE), 2):
        problems.append("audio is not AAC-LC 48 kHz stereo")
    expected = sum(item_durations)
    duration = float(info["format"]["duration"])
    if abs(duration - expected) > len(item_durations) / FPS:
        problems.append(f"duration {duration:.3f} s differs from the items' sum {expected:.3f} s")
    report = ffmpeg_stderr("-loglevel", "level+info", "-i", str(path),
                           "-vf", "blackdetect=d=0.5:pix_th=0.10", "-af", "silencedetect=n=-60dB:d=0.1",
                           "-f", "null", "-")
    errors = [line for line in report.splitlines() if line.startswith(("[error]", "[fatal]"))
              or re.match(r"^\[[^\]]+\] \[(error|fatal)\]", line)]
    if errors:
        problems.append(f"decode errors: {errors[:3]}")
    for start, end in re.findall(r"black_start:([\d.]+) black_end:([\d.]+)", report):
        problems.append(f"black run {start}–{end} s")
    silences = [(float(s), float(e)) for s, e in re.findall(r"silence_start: (-?[\d.]+)[\s\S]*?silence_end: ([\d.]+)",
                                                             report)]
    for start, end in silences:
        if end - start >= 0.5:
            problems.append(f"silent run {start:.2f}–{end:.2f} s")
    head = next((e - max(s, 0) for s, e in silences if s <= 0.01), 0.0)
    tail = next((e - s for s, e in silences if abs(e - duration) < 0.05), 0.0)
    if head + tail >= 0.5:
        problems.append(f"silent loop point ({tail:.2f} s at the end + {head:.2f} s at the start)")
    return problems


def one_line(text: str) -> str:
    """A title for a line-based file (m3u8, chapters): a line break in it would start a new entry."""
    return " ".join(text.split())


def spreadsheet_text(text: str) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula (=, +, -, @ first)."""
    text = one_line(text)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def _write_m3u8(folder: Path, items: list[tuple[ReelItem, ClipResult]]) -> None:
    lines = ["#EXTM3U"]
    clips = folder / "clips"
    shutil.rmtree(clips, ignore_errors=True)
    for number, (item, clip) in enumerate(items, start=1):
        name = f"{number:02d}-{item.id}.mp4"
        link_or_copy(clip.path, clips / name)
        lines += [f"#EXTINF:{clip.duration:.3f},{one_line(item.title)}", f"clips/{name}"]
    write_text_atomic(folder / "playlist.m3u8", "\n".join(lines) + "\n")


def _write_manifest(folder: Path, playlist: Playlist, items: list[tuple[ReelItem, ClipResult]],
                    catalogue: Catalogue) -> None:
    """A signage manifest: items with files, durations and start times, and the schedule windows."""
    entries = [{"position": n, "type": item.kind, "id": item.id, "title": item.title,
                "file": f"clips/{n:02d}-{item.id}.mp4", "duration": round(clip.duration, 3),
                "start": round(start, 3)}
               for n, ((item, clip), start) in enumerate(zip(items, _starts(items), strict=True), start=1)]
    windows = [{"days": list(w.days), "start": w.start, "end": w.end, "overnight": w.overnight,
                "playlist": w.playlist or playlist.id} for w in playlist.schedule]
    manifest = {"format": "guidegen-signage/1", "playlist": playlist.id, "title": playlist.title.get(playlist.language),
                "language": playlist.language, "loop": True, "reel": f"{playlist.id}.mp4",
                "duration": round(sum(c.duration for _, c in items), 3), "hotline": catalogue.settings.hotline,
                "items": entries, "schedule": windows}
    write_text_atomic(folder / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["position", "type", "id", "title", "file", "duration", "start"])
    writer.writeheader()
    writer.writerows({**entry, "title": spreadsheet_text(entry["title"])} for entry in entries)
    write_text_atomic(folder / "manifest.csv", buffer.getvalue())


def _write_usb(folder: Path, reel: Path, playlist: Playlist, duration: float, count: int) -> None:
    """The USB bundle: the reel and a Vietnamese README.txt, nothing else."""
    import datetime as dt

    shutil.rmtree(folder, ignore_errors=True)
    link_or_copy(reel, folder / reel.name)
    minutes, seconds = divmod(round(duration), 60)
    text = USB_README.format(name=reel.name, duration=f"{minutes} phút {seconds} giây", count=count,
                             title=playlist.title.get(playlist.language), date=dt.date.today().strftime("%d/%m/%Y"))
    (folder / "README.txt").write_text(text.replace("\n", "\r\n"), encoding="utf-8")
