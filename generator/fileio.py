"""Atomic writes: every output appears whole or not at all, so a killed build never leaves a half file."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_path(target: Path, *, allow_empty: bool = False, mode: int = 0o644) -> Iterator[Path]:
    """Yield a temp path beside `target`; rename it onto `target` only if the block succeeds.

    The temp file is made readable by its owner only (mkstemp), and given `mode` just before the rename.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f".part{target.suffix}", dir=target.parent)
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
        if not temp.exists() or (temp.stat().st_size == 0 and not allow_empty):
            raise OSError(f"nothing was written for {target}")
        os.chmod(temp, mode)  # outputs (0644) are served and copied to USB sticks; secrets stay 0600
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def link_or_copy(source: Path, target: Path) -> None:
    """Put `source` at `target` as a hard link (no extra disk for big clips), or a copy across file systems."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def write_bytes_atomic(target: Path, data: bytes, *, mode: int = 0o644) -> None:
    """Write bytes to `target` atomically (an empty file is allowed: an empty caption list is valid)."""
    with atomic_path(target, allow_empty=True, mode=mode) as temp:
        temp.write_bytes(data)


def write_text_atomic(target: Path, text: str, *, mode: int = 0o644) -> None:
    """Write UTF-8 text to `target` atomically."""
    write_bytes_atomic(target, text.encode("utf-8"), mode=mode)
