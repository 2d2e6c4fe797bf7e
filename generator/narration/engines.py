"""Speech engines behind one small interface; adding an engine is one subclass in ENGINES.

An engine turns already-normalised text into audio bytes in any format ffmpeg reads. It raises
EngineUnavailable when it cannot run here at all (binary missing, no network, no voice file): the
narrator then tries the next engine in the chain. Any other failure is an EngineError for that text.
"""

from __future__ import annotations

import functools
import importlib.metadata
import io
import logging
import re
import shutil
import subprocess
import threading
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from generator.errors import GuidegenError

logger = logging.getLogger(__name__)


class EngineError(GuidegenError):
    """The engine ran but could not speak this text."""


class EngineUnavailable(EngineError):
    """The engine cannot run on this machine right now (fall back to the next one)."""


@dataclass(frozen=True)
class Voice:
    """Who speaks: the engine's voice name and pace, and for Piper the voice file and speaker."""

    name: str  # espeak-ng voice, or the language for gTTS and Piper
    rate: int = 150  # words per minute (espeak-ng)
    model: Path | None = None  # Piper: the .onnx file (its .onnx.json beside it)
    speaker: int | str | None = None  # Piper: speaker id or name, for voices with several
    length_scale: float | None = None  # Piper: > 1 speaks slower

    def cache_identity(self) -> dict[str, object]:
        """What about this voice changes the audio (a Piper voice by its files' content)."""
        from generator.cache import file_digest

        identity: dict[str, object] = {"name": self.name, "rate": self.rate}
        if self.model is not None:
            files = [self.model, self.model.with_name(self.model.name + ".json")]
            identity |= {"model": [file_digest(f) if f.is_file() else str(f) for f in files],
                         "speaker": self.speaker, "length_scale": self.length_scale}
        return identity


class Engine:
    """A text-to-speech engine: name, version (part of cache keys) and synthesis."""

    name: ClassVar[str]
    suffix: ClassVar[str] = ".wav"

    def version(self) -> str:
        """Version string; a new version invalidates cached audio."""
        raise NotImplementedError

    def synthesize(self, text: str, voice: Voice) -> bytes:
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

    def synthesize(self, text: str, voice: Voice) -> bytes:
        """WAV bytes from espeak-ng."""
        command = [self.binary, "-v", voice.name, "-s", str(voice.rate), "--stdout"]
        try:
            done = subprocess.run(command, input=text.encode("utf-8"), capture_output=True,
                                  timeout=10 + self.SECONDS_PER_CHAR * len(text), check=False)
        except subprocess.TimeoutExpired:
            raise EngineError("espeak-ng did not finish in time") from None
        stderr = done.stderr.decode("utf-8", "replace").strip()
        if done.returncode != 0 or len(done.stdout) <= 44:
            raise EngineError(f"espeak-ng failed for voice '{voice.name}': {stderr or 'no audio produced'}")
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

    def synthesize(self, text: str, voice: Voice) -> bytes:
        """MP3 bytes, written to memory; never leaves an empty file behind."""
        from gtts import gTTS, gTTSError

        language = voice.name.split("-")[0] or "vi"
        buffer = io.BytesIO()
        try:
            gTTS(text, lang=language, tld=self.tld, lang_check=False, timeout=self.TIMEOUT_SECONDS).write_to_fp(buffer)
        except (gTTSError, OSError) as error:
            raise EngineUnavailable(f"gTTS cannot reach Google ({type(error).__name__}): {error}") from None
        if buffer.tell() == 0:
            raise EngineUnavailable("gTTS returned no audio")
        return buffer.getvalue()


class PiperEngine(Engine):
    """Piper (piper-tts, MIT): a neural voice read from a local .onnx file, offline, faster than real time.

    guidegen never downloads a voice: staff put one under the project (`guidegen voices` says where).
    A missing or broken voice file makes the engine unavailable, so the narrator falls back.
    """

    name = "piper"
    _lock = threading.Lock()  # Piper's phonemizer (espeak-ng inside) is not safe to call from two threads

    def version(self) -> str:
        """The piper-tts package version."""
        try:
            return importlib.metadata.version("piper-tts")
        except importlib.metadata.PackageNotFoundError:
            raise EngineUnavailable("piper-tts is not installed (run scripts/setup.sh)") from None

    def synthesize(self, text: str, voice: Voice) -> bytes:
        """WAV bytes from the voice file, at its own sample rate."""
        from piper import SynthesisConfig

        loaded = self.load(voice)
        speaker = voice.speaker
        if isinstance(speaker, str):
            if speaker not in loaded.config.speaker_id_map:
                known = ", ".join(loaded.config.speaker_id_map) or "none"
                raise EngineUnavailable(f"the Piper voice has no speaker '{speaker}' (it has: {known})")
            speaker = loaded.config.speaker_id_map[speaker]
        buffer = io.BytesIO()
        with self._lock, wave.open(buffer, "wb") as handle:
            try:
                loaded.synthesize_wav(text, handle, SynthesisConfig(speaker_id=speaker,
                                                                    length_scale=voice.length_scale))
            except Exception as error:  # onnxruntime raises its own types for a model with the wrong shape
                raise EngineUnavailable(f"the Piper voice {voice.model} cannot speak ({type(error).__name__}: "
                                        f"{str(error)[:200]})") from None
        return buffer.getvalue()

    def load(self, voice: Voice):
        """The voice, loaded once per file content; EngineUnavailable when it is missing or broken."""
        model = voice.model
        if model is None or not model.is_file():
            raise EngineUnavailable(f"no Piper voice file at {model} (see `guidegen voices`)")
        config = model.with_name(model.name + ".json")
        if not config.is_file():
            raise EngineUnavailable(f"the Piper voice {model.name} has no {config.name} beside it")
        from generator.cache import file_digest

        return _load_piper(str(model), file_digest(model), file_digest(config))


@functools.lru_cache(maxsize=4)
def _load_piper(model: str, _model_digest: str, _config_digest: str):
    from piper import PiperVoice

    try:
        return PiperVoice.load(model, config_path=model + ".json")
    except Exception as error:  # a corrupt file: onnxruntime, json and KeyError all say it differently
        raise EngineUnavailable(f"the Piper voice {Path(model).name} cannot be loaded ({type(error).__name__}: "
                                f"{str(error)[:200]})") from None


ENGINES: dict[str, type[Engine]] = {engine.name: engine for engine in (EspeakEngine, GttsEngine, PiperEngine)}


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
