"""Load and check playlists and announcements; expand selectors; resolve schedules by clock."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path

from generator.content.assets import check_asset
from generator.content.load import Catalogue, validate_model
from generator.content.yamlsource import SourceMap, YamlSourceError, read_yaml
from generator.errors import ContentError, Problem
from generator.reel.schema import Announcement, Playlist, PlaylistFile

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReelItem:
    """One entry of a reel: a procedure clip or an announcement slide."""

    kind: str  # procedure | announcement
    id: str
    title: str


@dataclass
class Lobby:
    """Playlists and announcements of the project, with where each came from."""

    playlists: dict[str, Playlist] = field(default_factory=dict)
    announcements: dict[str, Announcement] = field(default_factory=dict)
    expired: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def load_lobby(catalogue: Catalogue, today: dt.date | None = None) -> Lobby:
    """Read content/playlists.yaml and content/announcements/*.yaml; collect every problem."""
    today = today or dt.date.today()
    project = catalogue.project
    lobby = Lobby()
    for path in sorted((project.content / "announcements").glob("*.yaml")):
        _load_announcement(catalogue, path, lobby, today)
    path = project.content / "playlists.yaml"
    if not path.is_file():
        return lobby
    try:
        data, source = read_yaml(path, project.display(path))
    except YamlSourceError as error:
        lobby.problems.append(error.problem)
        return lobby
    parsed, problems = validate_model(PlaylistFile, data, source)
    lobby.problems += problems
    if parsed is None:
        return lobby
    ids = [p.id for p in parsed.playlists]
    for index, playlist in enumerate(parsed.playlists):
        loc = ("playlists", index)
        if ids.count(playlist.id) > 1:
            lobby.problems.append(source.problem((*loc, "id"), f"duplicate playlist id '{playlist.id}'"))
        lobby.problems += _check_playlist(catalogue, lobby, playlist, loc, source, set(ids))
        lobby.playlists[playlist.id] = playlist
    return lobby


def _load_announcement(catalogue: Catalogue, path: Path, lobby: Lobby, today: dt.date) -> None:
    project = catalogue.project
    try:
        data, source = read_yaml(path, project.display(path))
    except YamlSourceError as error:
        lobby.problems.append(error.problem)
        return
    announcement, problems = validate_model(Announcement, data, source)
    if announcement is not None:
        if announcement.id != path.stem:
            problems.append(source.problem(("id",), f"id '{announcement.id}' must equal the file name '{path.stem}'"))
        if announcement.image:
            problem = check_asset(project, announcement.image, ("image",), source, kind="image")
            if problem:
                problems.append(problem)
    lobby.problems += problems
    if announcement is None or problems:
        return
    if not announcement.active(today):
        lobby.expired.add(announcement.id)
        line, column = source.position(("valid_to",))
        lobby.notes.append(f"{source.path}:{line}:{column}: valid_to: announcement '{announcement.id}' is outside "
                           f"its dates ({announcement.valid_from} – {announcement.valid_to}); left out")
    lobby.announcements[announcement.id] = announcement


def _check_playlist(catalogue: Catalogue, lobby: Lobby, playlist: Playlist, loc: tuple, source: SourceMap,
                    playlist_ids: set[str]) -> list[Problem]:
    problems = []
    for index, item in enumerate(playlist.items):
        if not expand_selector(catalogue, item):
            kind = "procedure" if ":" not in item else "selector"
            if item in catalogue.broken or (kind == "selector" and catalogue.broken):
                continue  # the procedure's own problems are reported; this is checked again once they are fixed
            message = (f"unknown procedure id '{item}'" if kind == "procedure"
                       else f"selector '{item}' matches no procedure")
            problems.append(source.problem((*loc, "items", index), message))
    if playlist.announcements:
        for index, item in enumerate(playlist.announcements.items):
            if item not in lobby.announcements:
                problems.append(source.problem((*loc, "announcements", "items", index),
                                               f"unknown announcement '{item}' (content/announcements/{item}.yaml)"))
    for index, window in enumerate(playlist.schedule):
        if window.playlist and window.playlist not in playlist_ids:
            problems.append(source.problem((*loc, "schedule", index, "playlist"),
                                           f"unknown playlist '{window.playlist}'"))
    for first, second in overlapping_windows(playlist):
        problems.append(source.problem((*loc, "schedule", second),
                                       f"window overlaps window {first} of the same playlist"))
    return problems


def overlapping_windows(playlist: Playlist) -> list[tuple[int, int]]:
    """Pairs of window indexes whose times overlap on some weekday."""
    pairs = []
    for a in range(len(playlist.schedule)):
        for b in range(a + 1, len(playlist.schedule)):
            if any(day_a == day_b and start_a < end_b and start_b < end_a
                   for day_a, start_a, end_a in playlist.schedule[a].spans()
                   for day_b, start_b, end_b in playlist.schedule[b].spans()):
                pairs.append((a, b))
    return pairs


def expand_selector(catalogue: Catalogue, item: str) -> list[str]:
    """Procedure ids an item stands for, in a stable order (selectors sort by id)."""
    if item.startswith("category:"):
        return sorted(p.id for p in catalogue.procedures.values() if p.category == item.split(":", 1)[1])
    if item.startswith("tag:"):
        return sorted(p.id for p in catalogue.procedures.values() if item.split(":", 1)[1] in p.tags)
    return [item] if item in catalogue.procedures else []


def reel_items(catalogue: Catalogue, lobby: Lobby, playlist: Playlist) -> list[ReelItem]:
    """The playlist's clips with announcements interleaved.

    A selector adds what is not in the loop yet; an id listed again plays again (a loop gives it more time).
    """
    procedures: list[str] = []
    for item in playlist.items:
        selector = item.startswith(("category:", "tag:"))
        procedures += [p for p in expand_selector(catalogue, item) if not selector or p not in procedures]
    slides = [a for a in (playlist.announcements.items if playlist.announcements else [])
              if a in lobby.announcements and a not in lobby.expired]
    every = playlist.announcements.every if playlist.announcements else 0
    items: list[ReelItem] = []
    for index, procedure_id in enumerate(procedures, start=1):
        title = catalogue.procedures[procedure_id].title.get(playlist.language)
        items.append(ReelItem("procedure", procedure_id, title))
        if slides and index % every == 0:
            slide = lobby.announcements[slides[(index // every - 1) % len(slides)]]
            items.append(ReelItem("announcement", slide.id, slide.title.get(playlist.language)))
    return items


def playlist_at(playlist: Playlist, moment: dt.datetime) -> str:
    """Which playlist plays at `moment` by this playlist's schedule (itself outside every window)."""
    minute = moment.hour * 60 + moment.minute
    weekday = moment.weekday()
    for window in playlist.schedule:
        for day, start, end in window.spans():
            if day == weekday and start <= minute < end:
                return window.playlist or playlist.id
    return playlist.id


def require_clean(lobby: Lobby) -> Lobby:
    """Raise ContentError if the lobby content has problems."""
    if lobby.problems:
        raise ContentError(lobby.problems)
    return lobby
