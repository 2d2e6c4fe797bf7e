"""Make any narration audio consistent: trimmed, loudness-normalised, 48 kHz mono WAV."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from generator.errors import ToolError
from generator.tools import ffmpeg, ffmpeg_stderr

SAMPLE_RATE = 48_000
TARGET_LUFS = -16.0  # integrated loudness for speech on TVs and phones (EBU/Apple podcast practice)
TARGET_TRUE_PEAK = -1.5  # dBTP, under the -1 dBTP ceiling with a margin for AAC encoding
SILENCE_DB = -45  # what counts as silence when trimming the ends
TRIM = (
    f"silenceremove=start_periods=1:start_threshold={SILENCE_DB}dB:start_silence=0.05,"
    "areverse,"
    f"silenceremove=start_periods=1:start_threshold={SILENCE_DB}dB:start_silence=0.05,"
    "areverse"
)
# Gentle speech compression then a limiter: TTS voices are peaky, and without this loudnorm's linear
# mode cannot reach -16 LUFS under the true-peak ceiling.
SHAPE = "acompressor=threshold=-24dB:ratio=4:attack=3:release=60:makeup=4,alimiter=limit=0.5:level=false"

# EBU R128 integrated loudness is measured over 400 ms blocks: a word shorter than that ("Xong.") has
# no block to measure. Digital silence is below the meter's absolute gate, so padding adds blocks
# without lowering the measured loudness much.
MEASURABLE = "apad=whole_dur=1"
PEAK_LIMIT = 10 ** ((TARGET_TRUE_PEAK - 0.5) / 20)  # sample-peak limit, 0.5 dB below the true-peak target
MAX_RECORDING_SECONDS = 600  # a step's voice-over is under a minute; the cap keeps memory bounded (areverse)


def clean_audio(source: Path, target: Path) -> None:
    """Trim leading/trailing silence and normalise loudness (measured by loudnorm, one gain) into a 48 kHz WAV."""
    measure = (f"aresample={SAMPLE_RATE},{TRIM},{SHAPE},{MEASURABLE},"
               f"loudnorm=I={TARGET_LUFS}:TP={TARGET_TRUE_PEAK}:LRA=11:print_format=json")
    limit = ("-t", str(MAX_RECORDING_SECONDS))  # areverse holds the whole input in memory: bound it
    report = ffmpeg_stderr(*limit, "-i", str(source), "-af", measure, "-f", "null", "-")
    stats = _last_json(report)
    if stats is None or stats.get("input_i") in (None, "-inf"):
        raise ToolError("ffmpeg", f"the audio is silent or could not be measured: {source.name}")
    # The measured gain, applied as one constant (what loudnorm's linear mode does, also for inputs shorter
    # than its 3 s window), then a limiter that only touches the rare peak the gain pushes over the ceiling.
    gain = TARGET_LUFS - float(stats["input_i"])
    apply = (f"aresample={SAMPLE_RATE},{TRIM},{SHAPE},volume={gain:.2f}dB,"  # limit at the output rate: no overshoot
             f"alimiter=limit={PEAK_LIMIT:.4f}:level=false")
    ffmpeg(*limit, "-i", str(source), "-af", apply, "-ac", "1", "-ar", str(SAMPLE_RATE), "-c:a", "pcm_s16le",
           "-f", "wav", str(target))


def media_seconds(path: Path) -> float | None:
    """Duration of the audio in a media file, or None when ffmpeg cannot decode any (damaged, not audio)."""
    from generator.tools import ffmpeg_binary

    done = subprocess.run([ffmpeg_binary(), "-hide_banner", "-nostdin", "-i", str(path), "-map", "0:a:0",
                           "-t", "0.05", "-f", "null", "-"], capture_output=True, timeout=60, check=False)
    found = re.search(rb"Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)", done.stderr)
    if done.returncode != 0 or found is None:
        return None
    hours, minutes, seconds = found.groups()
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def measure_loudness(path: Path) -> tuple[float, float]:
    """(integrated LUFS, true peak dBTP) measured by ffmpeg's EBU R128 meter."""
    report = ffmpeg_stderr("-i", str(path), "-af", f"{MEASURABLE},ebur128=peak=true", "-f", "null", "-")
    summary = report[report.rfind("Summary:"):]
    loudness = float(re.search(r"I:\s*(-?[\d.]+|-inf) LUFS", summary).group(1))  # type: ignore[union-attr]
    peak = float(re.search(r"Peak:\s*(-?[\d.]+|-inf) dBFS", summary).group(1))  # type: ignore[union-attr]
    return loudness, peak


def wav_duration(path: Path) -> float:
    """Duration of a PCM WAV file from its header."""
    import wave

    with wave.open(str(path), "rb") as handle:
        return handle.getnframes() / handle.getframerate()


def _last_json(text: str) -> dict[str, str] | None:
    start = text.rfind("{")
    end = text.rfind("}")
    if start < 0 or end < start:
        return None
    try:
        return json.loads(text[start : end + 1])
    except json.JSONDecodeError:
        return None
