"""H.264 as bytes: escaping, header fields, and skip frames that a real decoder plays exactly."""

from __future__ import annotations

import random
import subprocess

import pytest

from generator.clip.encode import raw_encode_command, skip_frame
from generator.clip.h264 import BitReader, BitstreamError, Frame, Renumberer, access_units, escape, unescape
from generator.clip.layout import Layout
from generator.tools import ffmpeg_binary

TINY = Layout("tiny", 64, 36, crf=30)


def encode(pictures: list[bytes], keyframes: list[int]) -> bytes:
    """Raw YUV 4:2:0 pictures through ffmpeg with the clip settings, keyframes at the given indexes."""
    command = raw_encode_command(TINY, "-", keyframes)
    return subprocess.run(command, input=b"".join(pictures), capture_output=True, check=True).stdout


def picture(seed: int) -> bytes:
    """A noisy picture, so that every encoded frame carries real residual data."""
    rng = random.Random(seed)
    return bytes(rng.randrange(16, 236) for _ in range(64 * 36 * 3 // 2))


def decoded_md5s(stream: bytes) -> tuple[list[str], str]:
    done = subprocess.run([ffmpeg_binary(), "-v", "warning", "-f", "h264", "-i", "-", "-f", "framemd5", "-"],
                          input=stream, capture_output=True, check=True)
    lines = done.stdout.decode().splitlines()
    return [line.rsplit(",", 1)[1].strip() for line in lines if not line.startswith("#")], done.stderr.decode()


def test_escaping_round_trips_and_hides_every_start_code():
    rng = random.Random(7)
    for _ in range(200):
        rbsp = bytes(rng.choice((0, 0, 0, 1, 2, 3, 255)) for _ in range(rng.randrange(1, 40)))
        escaped = escape(rbsp)
        assert unescape(escaped) == rbsp
        for bad in (b"\x00\x00\x00", b"\x00\x00\x01", b"\x00\x00\x02"):
            assert bad not in escaped
        assert not escaped.endswith(b"\x00\x00")  # a trailing cabac_zero_word gets its 03


def test_exp_golomb_codes_are_read():
    reader = BitReader(bytes([0b1_010_011_0, 0b0100_0000]))  # 0, 1, 2, 3
    assert [reader.ue() for _ in range(4)] == [0, 1, 2, 3]
    with pytest.raises(BitstreamError):
        reader.bits(16)


def test_a_stream_without_frame_delimiters_is_refused():
    with pytest.raises(BitstreamError, match="access unit delimiter"):
        access_units(b"\x00\x00\x01\x67garbage")


def test_frame_numbers_are_rewritten_in_place():
    frames = [Frame.parse(unit) for unit in access_units(encode([picture(1), picture(2)], [0]))]
    info = frames[0].sequence_info()
    assert (info.poc_type, frames[0].idr, frames[1].idr) == (2, True, False)
    for number in range(1 << info.frame_num_bits):
        rewritten = Frame.parse(frames[1].numbered(number, info))
        reader = BitReader(unescape(rewritten.data[rewritten.slice_at + 1 :])[:16])
        reader.ue(), reader.ue(), reader.ue()
        assert reader.bits(info.frame_num_bits) == number
        assert abs(len(rewritten.data) - len(frames[1].data)) <= 2  # at most an escape byte more or less


def test_skip_frames_repeat_the_picture_exactly_and_decode_cleanly():
    # (picture, keyframe, skip frames after it): long holds wrap frame_num, a keyframe mid-hold, noise everywhere
    plan = [(1, True, 40), (2, False, 3), (3, False, 0), (4, False, 70), (4, True, 20), (5, False, 5)]
    encoded = encode([picture(seed) for seed, _, _ in plan], [i for i, (_, key, _) in enumerate(plan) if key])
    frames = [Frame.parse(unit) for unit in access_units(encoded)]
    skip, parameter_sets = skip_frame(TINY)
    assert frames[0].parameter_sets == parameter_sets
    numbering = Renumberer(skip, frames[0].sequence_info())
    played = []
    for frame, (_, _, repeats) in zip(frames, plan, strict=True):
        played.append(numbering.frame(frame))
        played += [numbering.repeat() for _ in range(repeats)]

    md5s, warnings = decoded_md5s(b"".join(played))
    originals, _ = decoded_md5s(encoded)
    expected = [originals[i] for i, (_, _, repeats) in enumerate(plan) for _ in range(repeats + 1)]
    assert warnings == ""
    assert md5s == expected


def test_the_skip_frame_is_tiny_and_not_a_keyframe():
    skip, _ = skip_frame(Layout("tv", 1920, 1080))
    assert not skip.idr and len(skip.data) < 200  # 8160 skipped macroblocks, no residual


def test_a_stream_that_does_not_start_with_a_keyframe_is_refused():
    frames = [Frame.parse(unit) for unit in access_units(encode([picture(1), picture(2)], [0]))]
    numbering = Renumberer(skip_frame(TINY)[0], frames[0].sequence_info())
    with pytest.raises(BitstreamError, match="keyframe"):
        numbering.frame(frames[1])


def test_the_encoder_makes_keyframes_only_where_asked():
    frames = [Frame.parse(unit) for unit in access_units(encode([picture(n) for n in range(150)], [0, 100]))]
    assert [index for index, frame in enumerate(frames) if frame.idr] == [0, 100]


def test_stream_declares_bt709_colour_itself():
    out = subprocess.run(["ffprobe", "-v", "error", "-f", "h264", "-show_streams", "-"],
                         input=encode([picture(1)], [0]), capture_output=True, check=True).stdout.decode()
    assert {"color_primaries=bt709", "color_transfer=bt709", "color_space=bt709"} <= set(out.split())


def test_leading_parameter_sets_are_the_sps_and_pps_before_the_first_slice():
    from generator.clip.h264 import leading_parameter_sets

    stream = encode([picture(1), picture(2)], [0])
    assert leading_parameter_sets(stream) == Frame.parse(access_units(stream)[0]).parameter_sets
    with pytest.raises(BitstreamError):
        leading_parameter_sets(access_units(stream)[1])
