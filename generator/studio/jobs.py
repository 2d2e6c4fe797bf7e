"""Studio jobs: long work with progress the page polls: a child `guidegen` command, or a function in a thread.

A capture or a build runs as the same command an officer would type (`guidegen capture ID`,
`guidegen build`), as a child process: it takes the project lock like the command line, its lines
are the progress, and stopping the studio never leaves it half-done (each stage writes atomically).
Only one command runs at a time.
"""

from __future__ import annotations

import itertools
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import GuidegenError

logger = logging.getLogger(__name__)

MAX_LINES = 2000  # a job's log kept for the page (a build prints a few hundred)


@dataclass
class Job:
    """One piece of work: its log lines, whether it is done, whether it worked, and what it made."""

    id: str
    title: str
    lines: list[str] = field(default_factory=list)
    done: bool = False
    ok: bool | None = None
    result: dict[str, Any] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)

    def say(self, line: str) -> None:
        """Add a progress line."""
        if len(self.lines) < MAX_LINES:
            self.lines.append(line)

    def view(self, since: int = 0) -> dict[str, Any]:
        """What the page shows: the lines after `since`, and the state."""
        return {"id": self.id, "title": self.title, "lines": self.lines[since:], "next": len(self.lines),
                "done": self.done, "ok": self.ok, "result": self.result,
                "seconds": round(time.monotonic() - self.started, 1)}


class Jobs:
    """The studio's jobs by id; at most one command at a time."""

    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}
        self._numbers = itertools.count(1)
        self._lock = threading.Lock()
        self._command: Job | None = None

    def get(self, job_id: str) -> Job | None:
        """The job with this id."""
        return self._jobs.get(job_id)

    def command(self, title: str, root: Path, arguments: list[str],
                finished: Callable[[Job], None] | None = None) -> Job:
        """Run `guidegen ARGUMENTS` on the project in the background; refuse while another command runs."""
        with self._lock:
            if self._command is not None and not self._command.done:
                raise GuidegenError(f"'{self._command.title}' is still running; wait for it to finish")
            job = self._new(title)
            self._command = job
        threading.Thread(target=self._run, args=(job, root, arguments, finished), daemon=True,
                         name=f"studio-{job.id}").start()
        return job

    def thread(self, title: str, work: Callable[[Job], dict[str, Any]]) -> Job:
        """Run `work(job)` in a thread; what it returns is the job's result."""
        job = self._new(title)

        def run() -> None:
            try:
                job.result = work(job)
                job.ok = True
            except GuidegenError as error:
                job.say(str(error))
                job.ok = False
            except Exception as error:  # a bug: say so in the page, keep the traceback in the log
                logger.exception("studio job %s failed", title)
                job.say(f"{type(error).__name__}: {error}")
                job.ok = False
            finally:
                job.done = True

        threading.Thread(target=run, daemon=True, name=f"studio-{job.id}").start()
        return job

    def _new(self, title: str) -> Job:
        job = Job(str(next(self._numbers)), title)
        self._jobs[job.id] = job
        return job

    def _run(self, job: Job, root: Path, arguments: list[str], finished: Callable[[Job], None] | None) -> None:
        command = [sys.executable, "-m", "generator.cli", "--project", str(root), *arguments]
        environment = {**os.environ, "PYTHONUNBUFFERED": "1", "NO_COLOR": "1", "TERM": "dumb"}
        job.say("$ guidegen " + " ".join(arguments))
        try:
            with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                  encoding="utf-8", errors="replace", env=environment, cwd=root) as process:
                assert process.stdout is not None
                for line in process.stdout:
                    if line.strip():
                        job.say(line.rstrip())
                job.ok = process.wait() == 0
        except OSError as error:
            job.say(f"cannot start guidegen: {error}")
            job.ok = False
        finally:
            if finished is not None:
                try:
                    finished(job)
                except Exception:  # the page still learns the job ended
                    logger.exception("after studio job %s", job.title)
            job.done = True
