"""Mux: a clip's soundtrack, its scenes joined as bytes, and the one final mux into a TV-safe MP4.

The soundtrack is moviepy placing each scene's narration at its start; ffmpeg encodes it once.
Scenes are joined as raw H.264 bytes (every stream starts with the same parameter sets, checked),
then muxed once with exact CFR timestamps and the index first.
"""

from __future__ import annotations

import tempfile
import wave
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from generator.clip.h264 import BitstreamError, leading_parameter_sets
from generator.clip.timeline import FPS, LEAD_IN
from generator.errors import RenderError
from generator.fileio import atomic_path
from generator.tools import ffmpeg, ffmpeg_binary
from generator.tools import run as run_tool

if TYPE_CHECKING:
    from generator.clip.frames import ScenePlan

AUDIO_RATE = 48_000
MONO_TO_STEREO = 10 ** (-3.0103 / 20)  # equal-power: a centred mono voice keeps its loudness in stereo
AAC_QUALITY = "0.3"  # ffmpeg's AAC in VBR mode: about 55 kb/s on our speech (1.5 was 160 kb/s), faster than CBR


def mix_soundtrack(plans: list[ScenePlan], total: float, target: Path) -> None:
    """moviepy places each scene's narration at its start; ffmpeg encodes the mix as AAC-LC 48 kHz stereo.

    Narrations go in as arrays: moviepy's file reader fails on short files whose end meets a read chunk.
    """
    from moviepy import AudioArrayClip, CompositeAudioClip

    with tempfile.TemporaryDirectory(prefix="guidegen-mix-") as folder:
        mix = Path(folder) / "soundtrack.wav"
        voices = [AudioArrayClip(read_wav(p.narration.audio), fps=AUDIO_RATE).with_start(p.start + LEAD_IN)
                  for p in plans if p.narration.duration > 0]
        CompositeAudioClip(voices or [AudioArrayClip(np.zeros((1, 2), np.float32), fps=AUDIO_RATE)]).with_duration(
            total).write_audiofile(str(mix), fps=AUDIO_RATE, nbytes=2, buffersize=AUDIO_RATE * 5,
                                   codec="pcm_s16le", logger=None)
        ffmpeg("-i", str(mix), "-c:a", "aac", "-q:a", AAC_QUALITY, "-ar", str(AUDIO_RATE), "-ac", "2",
               "-t", f"{total:.6f}", "-f", "mp4", str(target))


def read_wav(path: Path) -> np.ndarray:
    """A narration WAV (48 kHz 16-bit, as narration/audio.py writes them) as float stereo samples."""
    with wave.open(str(path), "rb") as handle:
        if handle.getframerate() != AUDIO_RATE or handle.getsampwidth() != 2:
            raise RenderError(f"narration audio is not 48 kHz 16-bit: {path}")
        samples = np.frombuffer(handle.readframes(handle.getnframes()), dtype="<i2")
        samples = samples.reshape(-1, handle.getnchannels()).astype(np.float32) / 32768
    if samples.shape[1] == 2:
        return samples
    # mono speech at -16 LUFS copied to both channels at full level measures 3 LU louder as stereo:
    # each channel gets it at -3 dB (equal power), so the stereo file is at the target the voice was made to
    return np.repeat(samples[:, :1] * MONO_TO_STEREO, 2, axis=1)


# In the MP4 the parameter sets live once in the sample description (avcC); each sample holds only its
# slice. Access unit delimiters (9), SEI (6), SPS (7) and PPS (8) stay in the cached raw streams, where
# joining as bytes needs them, and are dropped at the final mux.
MP4_SAMPLE_FILTER = "filter_units=remove_types=6|7|8|9"
EXACT_CFR = f"setts=ts=N/({FPS}*TB):duration=1/({FPS}*TB)"


def join_h264(streams: list[Path], target: Path) -> None:
    """Concatenate raw H.264 streams, after checking that they all start with the same parameter sets."""
    expected: bytes | None = None
    with target.open("wb") as joined:
        for path in streams:
            data = path.read_bytes()
            try:
                sets = leading_parameter_sets(data)
            except BitstreamError as error:
                raise RenderError(f"{path.name}: {error}") from None
            if expected is not None and sets != expected:
                raise RenderError(f"{path.name} was encoded with other parameters than {streams[0].name}; "
                                  "render again with --no-cache")
            expected = sets
            joined.write(data)


def mux_command(video: Path, audio_input: list[str], total: float, target: Path,
                audio_codec: list[str]) -> list[str]:
    """ffmpeg muxing a raw H.264 stream and one audio input into a TV-safe MP4 (index first)."""
    return [ffmpeg_binary(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
            "-f", "h264", "-framerate", str(FPS), "-i", str(video), *audio_input,
            "-map", "0:v", "-map", "1:a", "-c:v", "copy", "-bsf:v", f"{MP4_SAMPLE_FILTER},{EXACT_CFR}",
            *audio_codec, "-video_track_timescale", str(FPS * 512), "-t", f"{total:.6f}",
            "-movflags", "+faststart", "-f", "mp4", str(target)]


def join_clip(scene_files: list[Path], soundtrack: Path, total: float, target: Path) -> None:
    """Join the scenes' H.264 as bytes, then mux it once with the soundtrack."""
    with tempfile.TemporaryDirectory(prefix="guidegen-clip-") as folder:
        video = Path(folder) / "video.h264"
        join_h264(scene_files, video)
        with atomic_path(target) as temp:
            run_tool(mux_command(video, ["-i", str(soundtrack)], total, temp, ["-c:a", "copy"]), tool="ffmpeg")


