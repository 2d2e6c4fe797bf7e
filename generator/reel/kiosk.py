"""The offline kiosk player: one self-contained HTML page that loops a playlist on a screen.

It follows the playlist's schedule by the device's clock, keeps the next clip loaded in a second
<video> so there is no gap, skips a missing or broken file, and shows a clock and the hotline.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from generator.clip.compose import ClipResult
from generator.fileio import link_or_copy, write_text_atomic
from generator.reel.playlists import Lobby, ReelItem
from generator.reel.schema import Playlist

TEMPLATE = Path(__file__).with_name("kiosk.html")


def schedule_minutes(playlist: Playlist) -> list[dict[str, object]]:
    """The schedule as plain numbers: weekday 0 = Monday, minutes after midnight."""
    return [{"day": day, "start": start, "end": end, "playlist": window.playlist or playlist.id}
            for window in playlist.schedule for day, start, end in window.spans()]


def kiosk_data(playlist: Playlist, playlists: dict[str, list[dict[str, object]]], hotline: str,
               titles: dict[str, str]) -> dict[str, object]:
    """Everything the player needs, embedded in the page as JSON."""
    return {"main": playlist.id, "hotline": hotline, "language": playlist.language,
            "schedule": schedule_minutes(playlist),
            "playlists": {pid: {"title": titles.get(pid, pid), "items": items} for pid, items in playlists.items()}}


def json_for_script(data: object) -> str:
    """JSON safe inside an HTML <script> element: no `<`, `>` or `&` that could end or re-open it."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_kiosk(data: dict[str, object]) -> str:
    """The page with its data inlined (no network, no external scripts)."""
    payload = json_for_script(data)
    return TEMPLATE.read_text(encoding="utf-8").replace("__KIOSK_DATA__", payload)


def write_kiosk(folder: Path, playlist: Playlist, sources: dict[str, list[tuple[ReelItem, ClipResult]]],
                lobby: Lobby, hotline: str) -> Path:
    """Write kiosk/index.html and kiosk/media/ (hard links to the clips)."""
    media = folder / "media"
    shutil.rmtree(media, ignore_errors=True)
    media.mkdir(parents=True)
    playlists: dict[str, list[dict[str, object]]] = {}
    for pid, items in sources.items():
        entries = []
        for item, clip in items:
            name = f"{item.id}.mp4"
            if not (media / name).exists():
                link_or_copy(clip.path, media / name)
                if clip.path.with_suffix(".vtt").exists():
                    link_or_copy(clip.path.with_suffix(".vtt"), media / f"{item.id}.vtt")
            entries.append({"file": f"media/{name}", "captions": f"media/{item.id}.vtt", "title": item.title,
                            "duration": round(clip.duration, 3)})
        playlists[pid] = entries
    titles = {pid: p.title.get(p.language) for pid, p in lobby.playlists.items()}
    target = folder / "index.html"
    write_text_atomic(target, render_kiosk(kiosk_data(playlist, playlists, hotline, titles)))
    return target

