"""The project's working folders, safe against a second run, a kill and a full or read-only disk.

- One writing run at a time per project: `project_lock` (an flock on `.guidegen.lock`; a second run
  says who holds it and waits). Re-entrant within a process, so `build` can call `site`.
- Each run's temp files live in one folder, `guidegen-run-<pid>-*` in the system temp dir, removed at
  exit; a killed run's folder, and its `.part` files in output/, .cache/ and build/, are removed by
  the next run (it holds the lock, so nothing else is writing them).
- Folders are swapped in whole: `swap_in` exchanges a finished folder with the old one atomically.
- An OSError becomes one line: what, where, how to fix it (`describe_os_error`).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.errors import GuidegenError

logger = logging.getLogger(__name__)

LOCK_NAME = ".guidegen.lock"
RUN_PREFIX = "guidegen-run-"
LEFTOVER_FOLDERS = ("output", ".cache", "build", "assets", "content")  # capture and record write the last two
_held: dict[Path, int] = {}  # project root -> depth of project_lock in this process


@contextlib.contextmanager
def project_lock(root: Path, command: str, *, wait_seconds: float | None = None) -> Iterator[None]:
    """Hold the project's lock for a writing command; wait (saying for whom) while another run holds it.

    With `wait_seconds`, wait at most that long, then raise a GuidegenError naming who holds it.
    """
    key = root.resolve()
    if key in _held:
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    root.mkdir(parents=True, exist_ok=True)
    handle = open(root / LOCK_NAME, "a+", encoding="utf-8")  # noqa: SIM115 (held until the block ends)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another guidegen run"
            if wait_seconds is not None:
                _wait_for(handle, holder, wait_seconds)
            else:
                logger.warning("waiting: %s is using this project", holder)
                fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"guidegen {command} (pid {os.getpid()}, since {time.strftime('%H:%M:%S')})\n")
        handle.flush()
        _held[key] = 1
        clean_leftovers(root)
        yield
    finally:
        _held.pop(key, None)
        handle.close()  # closing releases the lock


def _wait_for(handle: Any, holder: str, seconds: float) -> None:
    """Take the lock within `seconds`, or say who holds it."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise GuidegenError(f"{holder} is using this project; try again when it has finished") from None
            time.sleep(0.05)


def clean_leftovers(root: Path) -> None:
    """Remove the temp files of runs that were killed: `.part` files in the output folders, dead runs' temp dirs."""
    for folder in LEFTOVER_FOLDERS:
        base = root / folder
        if not base.is_dir():
            continue
        for path in base.rglob(".*.part*"):
            with contextlib.suppress(OSError):
                shutil.rmtree(path) if path.is_dir() else path.unlink()
    for path in system_temp().glob(f"{RUN_PREFIX}*"):
        pid = path.name.removeprefix(RUN_PREFIX).split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def system_temp() -> Path:
    """The system's temp folder (not this run's folder inside it)."""
    current = Path(tempfile.gettempdir())
    return current.parent if current.name.startswith(RUN_PREFIX) else current


def start_run_temp() -> Path:
    """A temp folder for this run; every later tempfile call (ours, moviepy's) makes its files inside it."""
    folder = Path(tempfile.mkdtemp(prefix=f"{RUN_PREFIX}{os.getpid()}-", dir=system_temp()))
    tempfile.tempdir = str(folder)
    return folder


def end_run_temp(folder: Path) -> None:
    """Remove this run's temp folder."""
    tempfile.tempdir = None
    shutil.rmtree(folder, ignore_errors=True)


def swap_in(finished: Path, target: Path) -> None:
    """Put the folder `finished` at `target` in one step (both on the same file system); the old one is removed.

    The old folder is never deleted before the new one is in place: with RENAME_EXCHANGE there is no
    moment without a site; without it (old kernels), only the gap between two renames.
    """
    if target.exists() and not target.is_dir():
        raise GuidegenError(f"{target} is a file where a folder is needed: move or delete it")
    if not target.exists():
        finished.rename(target)
        return
    if _exchange(finished, target):
        shutil.rmtree(finished)
        return
    old = target.with_name(f".{target.name}.old.part")
    shutil.rmtree(old, ignore_errors=True)
    target.rename(old)
    finished.rename(target)
    shutil.rmtree(old)


def _exchange(first: Path, second: Path) -> bool:
    """Atomically swap two paths with renameat2(RENAME_EXCHANGE); False where the system has no such call."""
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL):
        return False
    raise OSError(code, os.strerror(code), str(second))


HINTS = {
    errno.EACCES: "give this user write access to it, or work on a copy of the project",
    errno.EPERM: "give this user write access to it, or work on a copy of the project",
    errno.EROFS: "the disk is read-only: work on a copy of the project on a writable disk",
    errno.ENOSPC: "the disk is full: free some space (`guidegen clean` empties the cache)",
    errno.EDQUOT: "the disk quota is used up: free some space (`guidegen clean` empties the cache)",
    errno.ENAMETOOLONG: "the name is too long for the file system: use a shorter id or project path",
    errno.EISDIR: "a folder stands where a file is needed: move or delete it",
}


def describe_os_error(error: OSError) -> str:
    """One line for a file-system failure: what failed, where, and how to fix it."""
    where = error.filename or ""
    blocker = _file_in_the_way(Path(where)) if where else None
    if where and error.errno in (errno.EEXIST, errno.ENOTDIR) and _is_file(Path(where)):
        blocker = Path(where)
    if blocker is not None:
        return f"{blocker} is a file where a folder is needed: move or delete it"
    what = error.strerror or str(error)
    hint = HINTS.get(error.errno or 0, "")
    return f"{what}: {str(where)[:200]}" + (f" ({hint})" if hint else "")


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def _file_in_the_way(path: Path) -> Path | None:
    """The nearest part of `path` (or its parents) that exists as a file while a folder was wanted."""
    try:
        for parent in path.parents:
            if parent.exists():
                return parent if not parent.is_dir() else None
    except OSError:  # the path itself is what the file system refuses (too long, unreadable)
        return None
    return None
