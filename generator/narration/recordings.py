"""Recorded voice-overs: made ready from a microphone, what each was recorded for, and whether that still holds.

The studio saves a take as `assets/voice/<procedure>/<scene>.ogg` (Opus, 48 kHz mono) beside a sidecar
`<scene>.ogg.json` holding the language and the text read. A clip uses a recording only in the language
it was recorded in, and keeps using it when the text changes: `check` and the studio then say it no
longer matches, until it is recorded again or removed. A recording staff bring without a sidecar is
taken as Vietnamese, for whatever the text is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import tempfile
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import GuidegenError, ToolError
from generator.fileio import write_text_atomic
from generator.narration.audio import MAX_RECORDING_SECONDS, SAMPLE_RATE, TARGET_LUFS, TRIM, media_seconds
from generator.tools import ffmpeg, ffmpeg_stderr

if TYPE_CHECKING:
    from generator.clip.plan import Scene
    from generator.content.load import Catalogue
    from generator.content.schema import Procedure

VOICE_FOLDER = "voice"  # under assets/
SCENE_KEY = re.compile(r"^(?:intro|facts|outro|documents-[1-9]|step-(?:[1-9]|[12]\d|30))$")
CARD_KEYS = ("intro", "facts", "outro", *(f"documents-{n}" for n in range(1, 10)))
PAUSE_KEPT = 0.5  # seconds: a pause longer than PAUSE_LONGEST inside a take is shortened to this
PAUSE_LONGEST = 0.9
QUIET_LUFS = -38.0  # a take quieter than this was spoken far from the microphone (noise is raised with it)
CLIPPED_DBFS = -0.3  # a take peaking here, often, hit the top of the converter: distorted
CLIPPED_COUNT = 8


@dataclass(frozen=True)
class Recording:
    """A take as saved: where, what it was recorded for, and what the officer should know about it."""

    file: str  # relative to assets/
    language: str
    text: str
    digest: str
    seconds: float
    loudness: float  # LUFS of the take as it came from the microphone
    peak: float  # dBFS, likewise
    warnings: tuple[str, ...] = ()
    recorded: str = ""


def text_digest(text: str) -> str:
    """What a recording was made for: a digest of the text read (NFC, spaces folded)."""
    folded = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:16]


def sidecar_path(audio: Path) -> Path:
    """Where a recording's sidecar is: beside it, its name plus .json."""
    return audio.with_name(audio.name + ".json")


def read_recording(audio: Path) -> Recording | None:
    """A recording's sidecar, or None when there is none (a file staff brought) or it cannot be read."""
    try:
        data = json.loads(sidecar_path(audio).read_text(encoding="utf-8"))
        return Recording(**{**data, "warnings": tuple(data.get("warnings", ()))})
    except (OSError, ValueError, TypeError):
        return None


def recording_language(audio: Path) -> str:
    """The language a recording speaks: its sidecar's, else Vietnamese."""
    found = read_recording(audio)
    return found.language if found else "vi"


def scene_recording(procedure: Procedure, key: str) -> str | None:
    """The recording a scene names in content (relative to assets/), or None."""
    if key.startswith("step-"):
        number = int(key.removeprefix("step-"))
        step = procedure.steps[number - 1] if number <= len(procedure.steps) else None
        return step.audio if step else None
    legacy = {"intro": procedure.intro_audio, "outro": procedure.outro_audio}
    return procedure.card_audio.get(key) or legacy.get(key)


def scene_field(procedure: Procedure, key: str) -> tuple[str | int, ...]:
    """Where a scene's recording is written in the procedure file."""
    if key.startswith("step-"):
        return ("steps", int(key.removeprefix("step-")) - 1, "audio")
    if key in ("intro", "outro") and not procedure.card_audio.get(key) and getattr(procedure, f"{key}_audio"):
        return (f"{key}_audio",)
    return ("card_audio", key)


def recordable_scenes(catalogue: Catalogue, procedure_id: str) -> list[Scene]:
    """Every scene a Vietnamese clip speaks, in reading order, each with the text it is recorded for.

    The full storyboard's scenes, with the phone cut's facts card before the outro.
    """
    from generator.clip.plan import plan

    scenes = list(plan(catalogue, procedure_id, "vi", pacing="full").scenes)
    facts = next((s for s in plan(catalogue, procedure_id, "vi", pacing="brief").scenes if s.key == "facts"), None)
    if facts is not None:
        scenes.insert(len(scenes) - 1, facts)
    return scenes


def stale_recordings(catalogue: Catalogue, procedure_id: str) -> list[tuple[tuple[str | int, ...], str]]:
    """Each recording of a procedure whose text changed since it was recorded: (field, message)."""
    procedure = catalogue.procedures[procedure_id]
    if not (procedure.card_audio or procedure.intro_audio or procedure.outro_audio
            or any(step.audio for step in procedure.steps)):
        return []  # nothing recorded: no storyboard to plan
    found = []
    for scene in recordable_scenes(catalogue, procedure_id):
        name = scene_recording(procedure, scene.key)
        taken = read_recording(catalogue.asset(name)) if name else None
        if taken is not None and taken.language == "vi" and taken.digest != text_digest(scene.narration):
            found.append((scene_field(procedure, scene.key),
                          f"the recording no longer matches the text (it reads \"{_short(taken.text)}\"); "
                          "it is still used: record it again in the studio, or remove `audio`"))
    return found


def save_take(project_assets: Path, procedure_id: str, key: str, take: bytes, *, text: str,
              language: str = "vi") -> Recording:
    """Make a microphone take ready and save it with its sidecar; return what was saved.

    The take's leading and trailing silence is trimmed, long pauses inside are shortened, and its
    loudness brought to the clips' target; a take too quiet or clipped is saved with a warning, a
    silent one is refused.
    """
    if not SCENE_KEY.fullmatch(key):
        raise GuidegenError(f"no scene '{key[:40]}' to record")
    folder = project_assets / VOICE_FOLDER / procedure_id
    target = folder / f"{key}.ogg"
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="guidegen-take-", dir=folder) as scratch:
        received = Path(scratch) / "take"
        received.write_bytes(take)
        raw = Path(scratch) / "take.wav"  # a browser's WebM states no duration: decode it whole first
        try:
            ffmpeg("-t", str(MAX_RECORDING_SECONDS), "-i", str(received), "-vn", "-ac", "1", "-ar", str(SAMPLE_RATE),
                   "-c:a", "pcm_s16le", "-f", "wav", str(raw))
        except ToolError:
            raise GuidegenError("the recording could not be read as audio; record it again") from None
        loudness, peak, peaks = _measure(raw)
        if loudness <= -70:  # the meter's floor: nothing above its absolute gate
            raise GuidegenError("no voice was heard: check that the right microphone is chosen and not muted")
        gain = TARGET_LUFS - loudness
        shaped = Path(scratch) / "shaped.ogg"
        pauses = (f"silenceremove=stop_periods=-1:stop_duration={PAUSE_LONGEST}:stop_threshold=-45dB:"
                  f"stop_silence={PAUSE_KEPT}:detection=rms:window=0.05")
        ffmpeg("-t", str(MAX_RECORDING_SECONDS), "-i", str(raw), "-af",
               # the gain first: silence is then judged at the level the clip plays it, whatever the microphone
               f"aresample={SAMPLE_RATE},volume={gain:.2f}dB,{TRIM},{pauses},alimiter=limit=0.84:level=false",
               "-ac", "1", "-ar", str(SAMPLE_RATE), "-c:a", "libopus", "-b:a", "64k", "-f", "ogg", str(shaped))
        warnings = []
        if loudness < QUIET_LUFS:
            warnings.append(f"very quiet ({loudness:.0f} LUFS): speak closer to the microphone or raise its level, "
                            "then record again (it was amplified, and the room's noise with it)")
        if peak >= CLIPPED_DBFS and peaks >= CLIPPED_COUNT:
            warnings.append("clipped: the loudest words hit the microphone's limit and sound distorted; "
                            "move back a little or lower its level, then record again")
        shaped.replace(target)
    recording = Recording(
        file=f"{VOICE_FOLDER}/{procedure_id}/{key}.ogg", language=language, text=text, digest=text_digest(text),
        seconds=round(media_seconds(target) or 0.0, 2), loudness=round(loudness, 1), peak=round(peak, 1),
        warnings=tuple(warnings), recorded=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    write_text_atomic(sidecar_path(target), json.dumps(asdict(recording), ensure_ascii=False, indent=1) + "\n")
    return recording


def _measure(raw: Path) -> tuple[float, float, int]:
    """(integrated LUFS, peak dBFS, how many times the peak was reached) of a take as recorded."""
    report = ffmpeg_stderr("-t", str(MAX_RECORDING_SECONDS), "-i", str(raw), "-af",
                           "apad=whole_dur=1,astats=metadata=0,ebur128", "-f", "null", "-")
    summary = report[report.rfind("Summary:"):]
    loudness = re.search(r"I:\s*(-?[\d.]+|-inf) LUFS", summary)
    peak = re.findall(r"Peak level dB:\s*(-?[\d.]+|-inf)", report)
    count = re.findall(r"Peak count:\s*(\d+)", report)
    if loudness is None or not peak:
        raise ToolError("ffmpeg", "the recording could not be measured")
    return float(loudness.group(1)), float(peak[-1]), int(count[-1]) if count else 0


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57].rstrip() + "…"
