"""Speech engines behind one small interface; adding an engine is one subclass in ENGINES.

An engine turns already-normalised text into audio bytes in any format ffmpeg reads. It raises
EngineUnavailable when it cannot run here at all (binary missing, no network): the narrator then
tries the next engine in the chain. Any other failure is an EngineError for that text.
"""

from __future__ import annotations

import functools
import io
import logging
import re
import shutil
import subprocess
from typing import ClassVar

from generator.errors import GuidegenError

logger = logging.getLogger(__name__)


class EngineError(GuidegenError):
    """The engine ran but could not speak this text."""


class EngineUnavailable(EngineError):
    """The engine cannot run on this machine right now (fall back to the next one)."""


class Engine:
    """A text-to-speech engine: name, version (part of cache keys) and synthesis."""

    name: ClassVar[str]
    suffix: ClassVar[str] = ".wav"

    def version(self) -> str:
        """Version string; a new version invalidates cached audio."""
        raise NotImplementedError

    def synthesize(self, text: str, voice: str, rate: int) -> bytes:
        """Audio bytes for `text`."""
        raise NotImplementedError


class EspeakEngine(Engine):
    """espeak-ng, offline and deterministic: text on stdin, WAV on stdout."""

    name = "espeak-ng"
    SECONDS_PER_CHAR = 0.01  # espeak-ng speaks ~15 chars/s and synthesises far faster; this is a hang guard

    @functools.cached_property
    def binary(self) -> str:
        """Path of espeak-ng, or EngineUnavailable."""
        found = shutil.which("espeak-ng")
        if not found:
            raise EngineUnavailable("espeak-ng is not installed (run scripts/setup.sh or apt-get install espeak-ng)")
        return found

    def version(self) -> str:
        """E.g. '1.51'."""
        out = subprocess.run([self.binary, "--version"], capture_output=True, text=True, timeout=10).stdout
        match = re.search(r"text-to-speech:\s*(\S+)", out)
        return match.group(1) if match else out.strip()

    @functools.cached_property
    def voices(self) -> frozenset[str]:
        """Every name `-v` accepts: language codes, voice names and voice files (lower case)."""
        out = subprocess.run([self.binary, "--voices"], capture_output=True, text=True, timeout=10).stdout
        names: set[str] = set()
        for line in out.splitlines()[1:]:
            fields = line.split()
            if len(fields) >= 5:
                names.update([fields[1], fields[3], fields[4], fields[4].rsplit("/", 1)[-1]])
                names.update(re.findall(r"\(([^ )]+)", " ".join(fields[5:])))
        return frozenset(name.lower() for name in names)

    def knows(self, voice: str) -> bool:
        """Whether espeak-ng has this voice (a `+variant` suffix is allowed)."""
        return voice.split("+", 1)[0].lower() in self.voices

    def synthesize(self, text: str, voice: str, rate: int) -> bytes:
        """WAV bytes from espeak-ng."""
        command = [self.binary, "-v", voice, "-s", str(rate), "--stdout"]
        try:
            done = subprocess.run(command, input=text.encode("utf-8"), capture_output=True,
                                  timeout=10 + self.SECONDS_PER_CHAR * len(text), check=False)
        except subprocess.TimeoutExpired:
            raise EngineError("espeak-ng did not finish in time") from None
        stderr = done.stderr.decode("utf-8", "replace").strip()
        if done.returncode != 0 or len(done.stdout) <= 44:
            raise EngineError(f"espeak-ng failed for voice '{voice}': {stderr or 'no audio produced'}")
        return done.stdout


class GttsEngine(Engine):
    """Google Translate's voice through gTTS: needs the internet, so it always has a short timeout."""

    name = "gtts"
    suffix = ".mp3"
    TIMEOUT_SECONDS = 5
    tld = "com"  # tests point this at an unresolvable domain to prove the offline fallback

    def version(self) -> str:
        """The gTTS package version."""
        import gtts

        return gtts.__version__

    def synthesize(self, text: str, voice: str, rate: int) -> bytes:
        """MP3 bytes, written to memory; never leaves an empty file behind."""
        from gtts import gTTS, gTTSError

        language = voice.split("-")[0] or "vi"
        buffer = io.BytesIO()
        try:
            gTTS(text, lang=language, tld=self.tld, lang_check=False, timeout=self.TIMEOUT_SECONDS).write_to_fp(buffer)
        except (gTTSError, OSError) as error:
            raise EngineUnavailable(f"gTTS cannot reach Google ({type(error).__name__}): {error}") from None
        if buffer.tell() == 0:
            raise EngineUnavailable("gTTS returned no audio")
        return buffer.getvalue()


ENGINES: dict[str, type[Engine]] = {engine.name: engine for engine in (EspeakEngine, GttsEngine)}


@functools.cache
def engine_version(name: str) -> str:
    """An engine's version, asked once per process (it is part of every narration cache key)."""
    return get_engine(name).version()


@functools.cache
def get_engine(name: str) -> Engine:
    """The engine instance for a name (one per process)."""
    try:
        return ENGINES[name]()
    except KeyError:
        raise GuidegenError(f"unknown narration engine '{name}' (known: {', '.join(ENGINES)})") from None
