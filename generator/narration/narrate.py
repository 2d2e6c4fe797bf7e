"""The narrator: display text in, cleaned and cached audio with its duration and caption cues out."""

from __future__ import annotations

import logging
import tempfile
import wave
from dataclasses import dataclass, field
from pathlib import Path

from generator.cache import Cache, cache_key, file_digest
from generator.content.schema import Settings
from generator.errors import GuidegenError, RenderError, ToolError
from generator.narration.audio import SAMPLE_RATE, TARGET_LUFS, clean_audio, wav_duration
from generator.narration.captions import Cue, split_phrases, time_cues
from generator.narration.engines import EngineError, EngineUnavailable, engine_version, get_engine
from generator.narration.normalise import Normaliser

logger = logging.getLogger(__name__)

STAGE_VERSION = 2  # bump when normalisation of audio changes, to re-make every cached narration
MAX_SPOKEN_CHARS = 6000  # about six minutes of speech: far beyond any step, still safe for the engine


@dataclass(frozen=True)
class Narration:
    """Audio for one scene: a 48 kHz mono WAV, its duration, caption cues, and who spoke it."""

    audio: Path
    duration: float
    cues: tuple[Cue, ...]
    engine: str
    spoken_text: str
    cached: bool


@dataclass
class Narrator:
    """Speaks texts for one build; warns once per engine that had to be skipped."""

    settings: Settings
    cache: Cache
    synthesised: int = 0  # engine calls made (tests assert on it)
    skipped_engines: set[str] = field(default_factory=set)

    def normaliser(self, language: str) -> Normaliser:
        """The spoken-form rules for a language."""
        return Normaliser(language, self.settings.glossary, self.settings.speak_urls)

    def narrate(self, text: str, language: str, *, label: str, recording: Path | None = None) -> Narration:
        """Narration for `text` (or for a staff recording of it); `label` names the procedure and step."""
        if recording is not None:
            return self._recorded(text, language, recording, label)
        spoken = self.normaliser(language)(text)
        if not spoken.strip(" .,;:!?-"):
            raise RenderError(f"{label}: nothing to say: the narration is empty or only symbols ({text[:40]!r})")
        if len(spoken) > MAX_SPOKEN_CHARS:
            raise RenderError(f"{label}: narration is {len(spoken)} characters after expansion; "
                              f"split it (limit {MAX_SPOKEN_CHARS})")
        choice = self.settings.voice.get(language) or self.settings.voice["vi"]
        chain = list(dict.fromkeys([choice.engine, *choice.fallback]))
        problems = []
        for name in chain:
            if name in self.skipped_engines:
                continue
            try:
                return self._synthesised(text, spoken, language, name, choice.voice, choice.rate)
            except EngineUnavailable as error:
                self.skipped_engines.add(name)
                logger.warning("narration engine %s is unavailable, using the next one in the chain: %s", name, error)
                problems.append(f"{name}: {error}")
            except EngineError as error:
                problems.append(f"{name}: {error}")
        raise RenderError(f"{label}: no narration engine could speak this text ({'; '.join(problems) or 'none left'})")

    def _synthesised(self, text: str, spoken: str, language: str, name: str, voice: str, rate: int) -> Narration:
        engine = get_engine(name)
        voice = voice if name == "espeak-ng" else language
        key = cache_key("narration", STAGE_VERSION, engine=name, engine_version=engine_version(name), voice=voice,
                        rate=rate, text=spoken, loudness=TARGET_LUFS, rate_hz=SAMPLE_RATE)
        cached = self.cache.lookup("narration", key, ".wav")
        if cached is not None:
            return self._result(cached, text, spoken, language, name, cached=True)
        raw = engine.synthesize(spoken, voice, rate)
        self.synthesised += 1
        with tempfile.TemporaryDirectory(prefix="guidegen-say-") as folder:
            source = Path(folder) / f"raw{engine.suffix}"
            source.write_bytes(raw)
            with self.cache.store("narration", key, ".wav") as temp:
                clean_audio(source, temp)
        logger.debug("narration rendered with %s: %s", name, spoken[:60])
        return self._result(self.cache.path("narration", key, ".wav"), text, spoken, language, name, cached=False)

    def silence(self) -> Narration:
        """A scene that says nothing (an announcement without narration)."""
        path = self.cache.path("narration", "silence", ".wav")
        if not path.is_file():
            with self.cache.store("narration", "silence", ".wav") as temp, wave.open(str(temp), "wb") as handle:
                handle.setnchannels(1)
                handle.setsampwidth(2)
                handle.setframerate(SAMPLE_RATE)
                handle.writeframes(b"\x00\x00" * (SAMPLE_RATE // 10))
        return Narration(path, 0.0, (), "none", "", cached=True)

    def _recorded(self, text: str, language: str, recording: Path, label: str) -> Narration:
        if not recording.is_file() or recording.stat().st_size == 0:
            raise RenderError(f"{label}: recorded audio is missing or empty: {recording}")
        key = cache_key("narration", STAGE_VERSION, recording=file_digest(recording), loudness=TARGET_LUFS,
                        rate_hz=SAMPLE_RATE)
        spoken = self.normaliser(language)(text)
        cached = self.cache.lookup("narration", key, ".wav")
        if cached is not None:
            return self._result(cached, text, spoken, language, "recording", cached=True)
        try:
            with self.cache.store("narration", key, ".wav") as temp:
                clean_audio(recording, temp)
        except ToolError as error:
            raise RenderError(f"{label}: cannot use recorded audio {recording.name}: {error}") from None
        return self._result(self.cache.path("narration", key, ".wav"), text, spoken, language, "recording",
                            cached=False)

    def _result(self, audio: Path, text: str, spoken: str, language: str, engine: str, *, cached: bool) -> Narration:
        duration = wav_duration(audio)
        normalise = self.normaliser(language)
        cues = time_cues(split_phrases(text), duration, lambda phrase: len(normalise(phrase).split()))
        return Narration(audio, duration, tuple(cues), engine, spoken, cached)


def check_engine(name: str) -> str:
    """Version of an engine, or a GuidegenError explaining why it cannot run."""
    try:
        return engine_version(name)
    except EngineError as error:
        raise GuidegenError(str(error)) from None
