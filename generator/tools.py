"""Run external programs (ffmpeg, ffprobe, espeak-ng) with clear errors and hints."""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import shutil
import signal
import subprocess
from pathlib import Path
from typing import Any

from generator.errors import ToolError

logger = logging.getLogger(__name__)

KNOWN_PROBLEMS = {  # stderr fragment -> what to do about it
    "No such file or directory": "check that the input file exists",
    "Invalid data found when processing input": "the file is damaged or not a media file; export it again",
    "No space left on device": "free some disk space",
    "Unknown encoder": "this ffmpeg lacks the encoder; run scripts/setup.sh",
    "does not contain any stream": "the file has no audio or video in it",
}


@functools.cache
def ffmpeg_binary() -> str:
    """ffmpeg from imageio-ffmpeg (known version with libx264), else the system one."""
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except Exception:  # imageio-ffmpeg missing its binary: fall back to PATH
        return require("ffmpeg", "apt-get install ffmpeg")


def stop_child_processes() -> None:
    """Kill this process's children (encoders still running when the user pressed Ctrl-C)."""
    me = str(os.getpid())
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[1] == me:  # the field after the state is the parent's pid
            with contextlib.suppress(OSError):
                os.kill(int(stat.parent.name), signal.SIGKILL)


def require(program: str, install_hint: str) -> str:
    """Path of `program` on PATH, or a ToolError saying how to install it."""
    found = shutil.which(program)
    if not found:
        raise ToolError(program, "not found on PATH", hint=install_hint)
    return found


def run(command: list[str], *, tool: str, input_bytes: bytes | None = None, timeout: float = 600) -> bytes:
    """Run a command, return stdout; raise ToolError with stderr and a hint when it fails."""
    logger.debug("run: %s", " ".join(command))
    try:
        done = subprocess.run(command, input=input_bytes, capture_output=True, timeout=timeout, check=False)
    except FileNotFoundError:
        raise ToolError(tool, f"program not found: {command[0]}", hint="run scripts/setup.sh") from None
    except subprocess.TimeoutExpired:
        raise ToolError(tool, f"did not finish within {timeout:.0f} s") from None
    if done.returncode != 0:
        stderr = done.stderr.decode("utf-8", "replace")
        hint = next((h for known, h in KNOWN_PROBLEMS.items() if known in stderr), "")
        raise ToolError(tool, f"exited with code {done.returncode}", stderr=stderr, hint=hint)
    return done.stdout


def ffmpeg(*args: str, timeout: float = 600) -> bytes:
    """Run ffmpeg quietly with the given arguments."""
    return run([ffmpeg_binary(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y", *args],
               tool="ffmpeg", timeout=timeout)


def ffmpeg_stderr(*args: str, timeout: float = 600) -> str:
    """Run ffmpeg and return what its filters print (loudnorm, blackdetect, silencedetect)."""
    command = [ffmpeg_binary(), "-hide_banner", "-nostdin", "-loglevel", "info", "-y", *args]
    done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
    stderr = done.stderr.decode("utf-8", "replace")
    if done.returncode != 0:
        raise ToolError("ffmpeg", f"exited with code {done.returncode}", stderr=stderr)
    return stderr


def concat_line(path: Path) -> str:
    """One entry of an ffmpeg concat list: an absolute path, quotes escaped."""
    quoted = str(path.resolve()).replace("'", "'\\''")
    return f"file '{quoted}'\n"


def probe(path: Path) -> dict[str, Any]:
    """ffprobe's JSON description of a media file (streams and format)."""
    ffprobe = require("ffprobe", "apt-get install ffmpeg")
    out = run([ffprobe, "-v", "error", "-print_format", "json", "-show_streams", "-show_format", str(path)],
              tool="ffprobe", timeout=60)
    return json.loads(out)

