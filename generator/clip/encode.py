"""Encode: raw pictures -> H.264 with the settings every TV accepts, keyframes and coarse frames where asked.

BT.709 4:2:0 conversion is Pillow's matrix convert (in C, once per distinct picture); frames go to
x264 through a 1 MB pipe; the skip frame that holds a picture on screen is made by x264 itself.
"""

from __future__ import annotations

import contextlib
import fcntl
import subprocess
from collections.abc import Iterator
from functools import cache

from PIL import Image

from generator.clip.h264 import Frame, access_units
from generator.clip.layout import Layout
from generator.clip.timeline import FPS
from generator.errors import ToolError
from generator.tools import ffmpeg_binary
from generator.tools import run as run_tool

COARSE_PHASES = ("transition", "zoom-in", "zoom-out")  # the whole picture changes every frame: coarse is fine
TRANSITION_QP = 36  # frames on screen for 33 ms while the picture blends: coarse is invisible, and cheap
PIPE_BYTES = 1 << 20  # a 1 MB pipe moves raw frames to ffmpeg 3x faster than the 64 KB default


def encoder_args(layout: Layout, coarse: list[int] | None = None) -> list[str]:
    """libx264 settings that every TV accepts (High profile, level 4.1, yuv420p BT.709, 30 fps CFR).

    Every frame starts with an access unit delimiter and every keyframe repeats the stream headers,
    so the stream can be cut into frames and joined again as bytes; one reference frame and no
    weighted prediction, so a skip frame between two encoded frames changes nothing they refer to.
    x264 makes a keyframe only where one is asked for (`keyint=infinite`, no scene cut detection),
    and writes BT.709 primaries, transfer and matrix into the stream itself.
    """
    x264 = ("aud=1:repeat-headers=1:ref=1:weightp=0:keyint=infinite:"
            "colorprim=bt709:transfer=bt709:colormatrix=bt709:range=tv")
    if coarse:  # frames of a transition: a fixed, coarse quantiser (x264 zones of consecutive frames)
        x264 += ":zones=" + "/".join(f"{first},{last},q={TRANSITION_QP}" for first, last in _spans(coarse))
    return ["-c:v", "libx264", "-preset", layout.preset, "-tune", "stillimage", "-crf", str(layout.crf),
            "-profile:v", "high", "-level:v", "4.1", "-pix_fmt", "yuv420p", "-bf", "0",
            "-sc_threshold", "0", "-x264-params", x264, "-r", str(FPS),
            "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv",
            "-threads", "1"]


def _spans(indexes: list[int]) -> list[tuple[int, int]]:
    """[1, 2, 3, 7] -> [(1, 3), (7, 7)]."""
    spans: list[tuple[int, int]] = []
    for index in sorted(indexes):
        if spans and spans[-1][1] == index - 1:
            spans[-1] = (spans[-1][0], index)
        else:
            spans.append((index, index))
    return spans


def raw_encode_command(layout: Layout, output: str, keyframes: list[int] | None = None,
                       coarse: list[int] | None = None) -> list[str]:
    """ffmpeg reading raw YUV 4:2:0 on stdin, writing raw H.264 to `output`.

    Keyframes at the `keyframes` frame indexes; the `coarse` ones (a transition) at a coarse quantiser.
    """
    command = [ffmpeg_binary(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
               "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", f"{layout.width}x{layout.height}", "-r", str(FPS),
               "-i", "-", *encoder_args(layout, coarse)]
    if keyframes:
        # times rounded down, so that each lands on its own frame and not the next
        command += ["-force_key_frames", ",".join(f"{index * 1_000_000 // FPS / 1e6:.6f}" for index in keyframes)]
    return [*command, "-f", "h264", output]


LUMA_MATRIX = (47 / 256, 157 / 256, 16 / 256, 16)  # BT.709 luma scaled to 219 levels, plus 16
CHROMA_MATRIX = (0, 0, 0, 0,  # BT.709 Cb and Cr scaled to 224 levels, plus 128 (the first channel is unused)
                 -26 / 256, -86 / 256, 112 / 256, 128,
                 112 / 256, -102 / 256, -10 / 256, 128)


def yuv420_planes(image: Image.Image) -> tuple[Image.Image, Image.Image, Image.Image]:
    """Planar YUV 4:2:0, BT.709 limited ("TV") range as HD players assume; computed by Pillow in C.

    Chroma is taken from the 2x2 block average, once per distinct frame.
    """
    rgb = image.convert("RGB")
    _, cb, cr = rgb.reduce(2).convert("RGB", matrix=CHROMA_MATRIX).split()
    return rgb.convert("L", matrix=LUMA_MATRIX), cb, cr


@cache
def skip_frame(layout: Layout) -> tuple[Frame, bytes]:
    """An all-skip P-frame made by x264 with our settings, and the parameter sets it belongs to.

    Mid-grey after mid-grey: every sample 128 is exactly what intra prediction guesses with nothing
    to predict from, so the keyframe decodes without error and the next frame has nothing to correct.
    """
    grey = bytes([128]) * (layout.width * layout.height * 3 // 2)
    stream = run_tool(raw_encode_command(layout, "-"), tool="ffmpeg", input_bytes=grey * 2)
    first, second = (Frame.parse(unit) for unit in access_units(stream))
    return second, first.parameter_sets



def even_box(box: tuple[float, float, float, float], layout: Layout) -> tuple[int, int, int, int]:
    """A box inside the frame on even coordinates (4:2:0 chroma covers 2x2 pixels)."""
    left, top = max(0, int(box[0]) // 2 * 2), max(0, int(box[1]) // 2 * 2)
    right, bottom = min(layout.width, -(-int(box[2]) // 2) * 2), min(layout.height, -(-int(box[3]) // 2) * 2)
    return left, top, right, bottom


def paste_planes(planes: list[Image.Image], region: Image.Image, box: tuple[int, int, int, int]) -> None:
    """Convert an RGB region and paste it into the frame's Y, Cb and Cr planes at `box` (even coordinates)."""
    for plane, converted, scale in zip(planes, yuv420_planes(region), (1, 2, 2), strict=True):
        plane.paste(converted, (box[0] // scale, box[1] // scale))


def pipe_frames(command: list[str], frames: Iterator[bytes]) -> None:
    """Feed raw frames to an encoder; if making a frame fails, stop the encoder and re-raise at once."""
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdin is not None and process.stderr is not None
    with contextlib.suppress(OSError):
        fcntl.fcntl(process.stdin.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    try:
        for pixels in frames:
            process.stdin.write(pixels)
        process.stdin.close()
    except BrokenPipeError:
        pass  # the encoder stopped early: its exit code and stderr below say why
    except BaseException:
        process.kill()  # an error (or Ctrl-C) while drawing: the encoder must not wait for more input
        process.wait()
        raise
    stderr = process.stderr.read().decode("utf-8", "replace")
    code = process.wait()
    if code != 0:
        raise ToolError("ffmpeg", f"scene encode exited with code {code}", stderr=stderr)


# -- whole clips ---------------------------------------------------------------------------------
