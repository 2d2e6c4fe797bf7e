"""Content-addressed cache: a key is the sha256 of exactly what affects an output; a hit is a file that exists.

Entries are only ever written whole (temp file, then rename), so a file that exists is complete.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.fileio import atomic_path


def cache_key(stage: str, version: int, **parts: Any) -> str:
    """sha256 of canonical JSON of the stage, its version and the parts that affect the output."""
    payload = json.dumps({"stage": stage, "version": version, **parts}, sort_keys=True, ensure_ascii=False,
                         default=str, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@functools.lru_cache(maxsize=4096)
def _digest(path: str, size: int, mtime_ns: int) -> str:
    hasher = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()


def file_digest(path: Path) -> str:
    """sha256 of a file's content (memoised per process for an unchanged file)."""
    stat = path.stat()
    return _digest(str(path), stat.st_size, stat.st_mtime_ns)


@dataclass(frozen=True)
class Cache:
    """Files under <root>/<stage>/<key[:2]>/<key><suffix>; `enabled=False` always misses."""

    root: Path
    enabled: bool = True

    @classmethod
    def for_project(cls, project_root: Path, *, enabled: bool = True) -> Cache:
        """The project's cache (GUIDEGEN_CACHE overrides the location, as tests do)."""
        return cls(Path(os.environ.get("GUIDEGEN_CACHE") or project_root / ".cache"), enabled)

    def path(self, stage: str, key: str, suffix: str) -> Path:
        """Where the entry lives."""
        return self.root / stage / key[:2] / f"{key}{suffix}"

    def lookup(self, stage: str, key: str, suffix: str) -> Path | None:
        """The cached file, or None on a miss (or when the cache is off)."""
        path = self.path(stage, key, suffix)
        return path if self.enabled and path.is_file() else None

    @contextmanager
    def store(self, stage: str, key: str, suffix: str) -> Iterator[Path]:
        """Yield a temp path to write; it becomes the entry only if the block succeeds."""
        with atomic_path(self.path(stage, key, suffix)) as temp:
            yield temp

    def clear(self) -> None:
        """Delete every entry."""
        shutil.rmtree(self.root, ignore_errors=True)
