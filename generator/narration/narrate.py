"""The narrator: display text in, cleaned and cached audio with its duration and caption cues out."""

from __future__ import annotations

import logging
import tempfile
import wave
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from generator.cache import Cache, cache_key, file_digest
from generator.content.schema import Settings, VoiceChoice
from generator.errors import GuidegenError, RenderError, ToolError
from generator.narration.audio import SAMPLE_RATE, TARGET_LUFS, clean_audio, wav_duration
from generator.narration.captions import Cue, split_phrases, time_cues
from generator.narration.engines import EngineError, EngineUnavailable, Voice, engine_version, get_engine
from generator.narration.normalise import Normaliser

logger = logging.getLogger(__name__)

STAGE_VERSION = 2  # bump when normalisation of audio changes, to re-make every cached narration
MAX_SPOKEN_CHARS = 6000  # about six minutes of speech: far beyond any step, still safe for the engine


class NotCached(GuidegenError):
    """A narration that was never made (asked of a narrator that only looks up)."""


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
    """Speaks texts for one build; warns once per engine that had to be skipped, and says who spoke."""

    settings: Settings
    cache: Cache
    root: Path | None = None  # the project folder, where Piper voice files are looked up (default: here)
    synthesised: int = 0  # engine calls made (tests assert on it)
    skipped_engines: dict[str, str] = field(default_factory=dict)  # engine -> why it was skipped
    spoken_by: Counter[str] = field(default_factory=Counter)  # engine -> texts it spoke (cached or not)
    cached_only: bool = False  # look up, never synthesise: NotCached when a narration was never made

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
        problems = []
        for name in engine_chain(choice):
            if name in self.skipped_engines:
                continue
            try:
                voice = voice_for(name, choice, language, self.root or Path.cwd())
                narration = self._synthesised(text, spoken, language, name, voice)
            except EngineUnavailable as error:
                self.skipped_engines[name] = str(error)
                logger.warning("narration engine %s is unavailable, using the next one in the chain: %s", name, error)
                problems.append(f"{name}: {error}")
                continue
            except EngineError as error:
                problems.append(f"{name}: {error}")
                continue
            self.spoken_by[name] += 1
            return narration
        raise RenderError(f"{label}: no narration engine could speak this text ({'; '.join(problems) or 'none left'})")

    def summary(self) -> str | None:
        """One line when an engine had to stand in for another: who spoke how much, and why."""
        if not self.skipped_engines:
            return None
        spoken = ", ".join(f"{count} by {engine}" for engine, count in self.spoken_by.most_common())
        reasons = "; ".join(f"{engine}: {why}" for engine, why in self.skipped_engines.items())
        return f"narration: {spoken or 'nothing spoken'}, because {reasons}"

    def _synthesised(self, text: str, spoken: str, language: str, name: str, voice: Voice) -> Narration:
        engine = get_engine(name)
        key = cache_key("narration", STAGE_VERSION, engine=name, engine_version=engine_version(name),
                        voice=voice.cache_identity(), text=spoken, loudness=TARGET_LUFS, rate_hz=SAMPLE_RATE)
        cached = self.cache.lookup("narration", key, ".wav")
        if cached is not None:
            return self._result(cached, text, spoken, language, name, cached=True)
        if self.cached_only:
            raise NotCached(text)
        raw = engine.synthesize(spoken, voice)
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
        if self.cached_only:
            raise NotCached(text)
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


def voice_for(engine: str, choice: VoiceChoice, language: str, root: Path) -> Voice:
    """The voice an engine speaks `language` with, from the settings' choice (Piper files under `root`)."""
    if engine == "piper":
        model = root / choice.model if choice.model else None
        return Voice(language, choice.rate, model, choice.speaker, choice.length_scale)
    return Voice(choice.voice if engine == "espeak-ng" else language, choice.rate)


def engine_chain(choice: VoiceChoice) -> list[str]:
    """Engines to try in order: `auto` is Piper (when a voice file is set), then gTTS, then espeak-ng."""
    if choice.engine != "auto":
        return list(dict.fromkeys([choice.engine, *choice.fallback]))
    auto = (["piper"] if choice.model else []) + ["gtts", "espeak-ng"]
    return list(dict.fromkeys([*auto, *choice.fallback]))


def check_engine(name: str) -> str:
    """Version of an engine, or a GuidegenError explaining why it cannot run."""
    try:
        return engine_version(name)
    except EngineError as error:
        raise GuidegenError(str(error)) from None


def describe_voice(choice: VoiceChoice, language: str, root: Path, *, strict: bool = False) -> str:
    """One line on who speaks `language`: the engine chain, and whether a Piper voice file loads.

    With `strict`, a Piper voice that is missing or broken raises instead (for `guidegen doctor`).
    """
    chain = " -> ".join(engine_chain(choice))
    if not choice.model:
        return f"{chain} (espeak-ng voice {choice.voice})"
    from generator.narration.engines import PiperEngine

    try:
        loaded = PiperEngine().load(voice_for("piper", choice, language, root))
    except EngineUnavailable as error:
        if strict:
            raise GuidegenError(str(error)) from None
        return f"{chain}; Piper voice {choice.model}: NOT USABLE ({error}); espeak-ng speaks instead"
    speakers = loaded.config.num_speakers
    return (f"{chain}; Piper voice {choice.model}: present, {loaded.config.sample_rate} Hz, "
            f"{speakers} speaker{'s' if speakers != 1 else ''}")
