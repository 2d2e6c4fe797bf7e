"""Runs that overlap, get killed or meet a broken disk: the site is never lost, nothing is left behind."""

from __future__ import annotations

import errno
import os
import re
import select
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from generator.workspace import LOCK_NAME, RUN_PREFIX, describe_os_error, swap_in, system_temp
from tests.conftest import REPO

pytestmark = pytest.mark.slow


def sample_project(root: Path) -> Path:
    root.mkdir(parents=True)
    for folder in ("content", "assets"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "mkdocs.yml", root)
    return root


def guidegen(root: Path, *args: str) -> subprocess.CompletedProcess:
    """The real command on a project, with the project's own .cache (tmp_path is throwaway)."""
    environment = {**os.environ, "GUIDEGEN_CACHE": str(root / ".cache")}
    return subprocess.run(["guidegen", "--project", str(root), *args], capture_output=True, text=True,
                          timeout=300, check=False, env=environment)


def site_files(root: Path) -> int:
    return sum(1 for path in (root / "output" / "site").rglob("*") if path.is_file())


def holds_lock(root: Path, run: subprocess.Popen, seconds: float = 60) -> None:
    """Wait until `run` has written itself into the project's lock file (it does so once it holds the lock)."""
    deadline = time.monotonic() + seconds
    lock = root / LOCK_NAME
    while f"(pid {run.pid}," not in (lock.read_text(encoding="utf-8") if lock.exists() else ""):
        assert run.poll() is None and time.monotonic() < deadline, "the first run never took the project lock"
        time.sleep(0.02)


def test_two_site_builds_at_once_never_leave_a_partial_site(tmp_path):
    root = sample_project(tmp_path / "project")
    assert guidegen(root, "site").returncode == 0
    complete = site_files(root)
    (root / "build" / "site.key").unlink()  # both runs below build for real, not skip an unchanged site
    counts: list[int] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            counts.append(site_files(root))
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    command = ["guidegen", "--project", str(root), "site"]
    environment = {**os.environ, "GUIDEGEN_CACHE": str(root / ".cache")}
    first = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=environment)
    holds_lock(root, first)  # a fixed sleep lost the race on a slow machine: the second run took the lock first
    first.send_signal(signal.SIGSTOP)  # paused while holding the lock, so the second run surely meets it
    try:
        second = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment)
        assert select.select([second.stderr], [], [], 60)[0], "the second run said nothing while the lock was held"
        waiting = second.stderr.readline()
    finally:
        first.send_signal(signal.SIGCONT)
    first.wait(timeout=300)
    second.wait(timeout=300)
    done.set()
    watcher.join()
    assert first.returncode == 0 and second.returncode == 0, second.stderr.read()
    assert f"waiting: guidegen site (pid {first.pid}" in waiting
    assert set(counts) == {complete} and site_files(root) == complete
    assert not list((root / "output").glob(".*")) and not list((root / "build").glob(".*"))


def test_site_on_another_file_system_is_replaced_whole(tmp_path):
    other = Path("/dev/shm")
    if not other.is_dir() or os.stat(other).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("no second file system here")
    root = sample_project(tmp_path / "project")
    elsewhere = Path(os.environ.get("TMPDIR_SHM", other)) / f"guidegen-test-{os.getpid()}-{tmp_path.name}"
    elsewhere.mkdir()
    try:
        (root / "output").symlink_to(elsewhere)
        for _ in range(2):
            done = guidegen(root, "site")
            assert done.returncode == 0, done.stderr
        assert (elsewhere / "site" / "index.html").is_file()
        assert [p.name for p in elsewhere.iterdir()] == ["site"]
    finally:
        shutil.rmtree(elsewhere, ignore_errors=True)


def test_swap_in_keeps_the_old_folder_until_the_new_one_is_in_place(tmp_path):
    old, new = tmp_path / "site", tmp_path / ".site.part"
    old.mkdir()
    (old / "a.html").write_text("old")
    new.mkdir()
    (new / "b.html").write_text("new")
    swap_in(new, old)
    assert [p.name for p in tmp_path.iterdir()] == ["site"] and (old / "b.html").read_text() == "new"


def test_next_run_removes_what_a_killed_run_left(tmp_path):
    root = sample_project(tmp_path / "project")
    dead = subprocess.Popen(["true"])
    dead.wait()
    leftovers = [root / "output" / "reels" / "sanh-chinh" / ".sanh-chinh.x1y2.part.mp4",
                 root / ".cache" / "scene" / "ab" / ".abcd.k3j4.part.h264", root / "build" / ".docs.part" / "a.md",
                 root / "assets" / "screens" / "x" / ".1-login.q8w9.part.png",  # a capture killed mid-write
                 root / "content" / "procedures" / ".ghi.z7.part.yaml"]  # a recording killed mid-write
    for path in leftovers:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half")
    dead_temp = system_temp() / f"{RUN_PREFIX}{dead.pid}-test"
    (dead_temp / "guidegen-scene-x").mkdir(parents=True)
    live_temp = system_temp() / f"{RUN_PREFIX}{os.getpid()}-test"
    live_temp.mkdir()
    try:
        assert guidegen(root, "site").returncode == 0
        assert [p for p in leftovers if p.exists()] == []
        assert not dead_temp.exists() and live_temp.exists()  # a running process's folder stays
    finally:
        shutil.rmtree(live_temp, ignore_errors=True)
    assert not list(system_temp().glob(f"{RUN_PREFIX}*-test"))


def test_ctrl_c_stops_a_render_at_once_and_writes_nothing_after(tmp_path):
    root = sample_project(tmp_path / "project")
    command = ["guidegen", "--project", str(root), "render", "--no-cache", "-f", "tv-1080p", "dang-ky-khai-sinh"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(3)
    sent = time.monotonic()
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=60)
    stopped = time.monotonic() - sent
    assert process.returncode == 130 and stopped < 2.0, (stopped, err)  # a render runs on for 10+ s
    assert err.strip().splitlines()[-1] == "interrupted: nothing half-made was kept"
    assert "Exception ignored" not in err and "Traceback" not in err
    time.sleep(1)
    assert not list((root / "output").rglob("*.mp4"))
    assert not list(system_temp().glob(f"{RUN_PREFIX}{process.pid}-*"))
    children = subprocess.run(["pgrep", "-f", str(root)], capture_output=True, text=True).stdout
    assert children == ""


@pytest.mark.parametrize("blocker", ["output", "output/clips/vi", "output/site", ".cache", "build"])
def test_a_file_where_a_folder_belongs_is_one_line(tmp_path, blocker):
    root = sample_project(tmp_path / "project")
    (root / blocker).parent.mkdir(parents=True, exist_ok=True)
    (root / blocker).write_text("not a folder")
    command = ["site"] if blocker in ("output/site", "build") else ["render", "-f", "draft", "dang-ky-ket-hon"]
    done = guidegen(root, *command)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == (
        f"error: {root / blocker} is a file where a folder is needed: move or delete it")


def test_read_only_disk_is_one_line(tmp_path):
    mount = tmp_path / "readonly"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "ro", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a read-only file system here")
    try:
        root = sample_project(tmp_path / "project")
        (root / "output").symlink_to(mount)
        done = guidegen(root, "site")
        assert done.returncode == 1
        assert done.stderr.strip().splitlines()[-1] == (
            f"error: Read-only file system: {root}/output/.site.part "
            "(the disk is read-only: work on a copy of the project on a writable disk)")
    finally:
        subprocess.run(["umount", str(mount)], check=False)


@pytest.mark.parametrize(("code", "line"), [
    (errno.EACCES, "Permission denied: /p/output (give this user write access to it, or work on a copy of the "
                   "project)"),
    (errno.ENOSPC, "No space left on device: /p/output (the disk is full: free some space (`guidegen clean` "
                   "empties the cache))"),
    (errno.ENAMETOOLONG, "File name too long: /p/output (the name is too long for the file system: use a "
                         "shorter id or project path)"),
])
def test_os_errors_say_what_where_and_how_to_fix(code, line):
    assert describe_os_error(OSError(code, os.strerror(code), "/p/output")) == line


def test_a_path_too_long_for_the_file_system_is_one_line(tmp_path, project):
    from click.testing import CliRunner

    from generator.cli import main

    too_long = tmp_path / ("p" * 300)
    result = CliRunner(mix_stderr=False).invoke(main, ["--project", str(too_long), "check"], catch_exceptions=False)
    assert result.exit_code == 1 and result.stderr.startswith("error: File name too long: ")
    result = CliRunner(mix_stderr=False).invoke(main, ["--project", str(project.root), "new", "a" * 300],
                                                catch_exceptions=False)
    assert result.stderr == "error: the id is 300 characters long; keep it to 80 or fewer\n"


def test_full_disk_is_one_line_naming_the_disk_and_space_and_leaves_nothing(tmp_path):
    mount = tmp_path / "small"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a small file system here")
    try:
        root = sample_project(tmp_path / "project")
        (root / "output").symlink_to(mount)
        done = guidegen(root, "site")
        assert done.returncode == 1
        [line] = [line for line in done.stderr.strip().splitlines() if line.startswith("error:")]
        assert len(line) < 400, line
        assert re.match(rf"error: the disk holding {re.escape(str(root))}/output \({re.escape(str(mount))}\) is full: "
                        r"the site needs about \d+ MB and \d+(\.\d)? MB are free", line), line
        assert sorted(path.name for path in mount.iterdir()) == [], "nothing half-copied is left behind"
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_secret_file_is_owner_only_from_its_first_byte(tmp_path, monkeypatch):
    from generator import fileio

    modes = []
    rename = os.replace

    def watched(source, target):
        modes.append(os.stat(source).st_mode & 0o777)  # the temp file, just before it takes the name
        rename(source, target)

    monkeypatch.setattr(fileio.os, "replace", watched)
    os.umask(0o022)
    fileio.write_text_atomic(tmp_path / ".guidegen-session.json", '{"cookies": []}', mode=0o600)
    assert modes == [0o600] and (tmp_path / ".guidegen-session.json").stat().st_mode & 0o777 == 0o600


def test_a_degenerate_screenshot_stops_only_its_own_page(tmp_path):
    root = sample_project(tmp_path / "project")
    from PIL import Image

    broken = root / "assets/screens/tiny.png"
    Image.new("RGB", (1, 1)).save(broken)
    procedure = root / "content/procedures/dang-ky-ket-hon.yaml"
    text = procedure.read_text(encoding="utf-8")
    procedure.write_text(text.replace("screenshot: screens/dang-ky-ket-hon/1-", "screenshot: screens/tiny.png  # ", 1),
                         encoding="utf-8")
    done = guidegen(root, "site")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "image is 1x1, too small to show" in done.stderr.splitlines()[0]
    assert (root / "output/site/thu-tuc/dang-ky-khai-sinh.html").is_file()  # the others are built
    assert not (root / "output/site/thu-tuc/dang-ky-ket-hon.html").exists()
