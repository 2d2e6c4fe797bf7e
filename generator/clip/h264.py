"""H.264 Annex B streams as bytes: cut into frames, renumber frames, repeat a picture for free.

x264 encodes only the pictures that change. A picture held on screen is then repeated by "skip"
frames: P-frames whose every macroblock copies the previous frame, taken once from x264 itself.
A copy needs its frame number set (every frame is a reference frame, numbered from 0 after each
IDR), which is a fixed-width field near the start of the slice header. The stream stays exactly
what an encoder would write for identical frames, so every decoder plays it.

Assumes x264's output for our settings: one slice per frame, an access unit delimiter before
each frame, no B-frames, one reference frame, picture order type 2 (checked where it matters).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

START_CODE = b"\x00\x00\x01"
ACCESS_UNIT = b"\x00\x00\x00\x01\x09"  # start code + access unit delimiter (x264 aud=1)
EMULATION = re.compile(b"\x00\x00(?=[\x00-\x03]|\\Z)")
NAL_SLICE, NAL_IDR, NAL_SPS, NAL_PPS = 1, 5, 7, 8
HIGH_PROFILES = {100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135}


class BitstreamError(ValueError):
    """The stream is not shaped as this module expects."""


def access_units(stream: bytes) -> list[bytes]:
    """Cut a stream written with access unit delimiters into its frames."""
    starts = [match.start() for match in re.finditer(re.escape(ACCESS_UNIT), stream)]
    if not starts or starts[0] != 0:
        raise BitstreamError("the stream does not start with an access unit delimiter")
    return [stream[start:end] for start, end in zip(starts, [*starts[1:], len(stream)], strict=True)]


def nal_units(unit: bytes) -> list[tuple[int, int]]:
    """(offset of the NAL header byte, NAL type) of every NAL unit in an access unit."""
    found, position = [], unit.find(START_CODE)
    while position >= 0:
        header = position + len(START_CODE)
        found.append((header, unit[header] & 0x1F))
        position = unit.find(START_CODE, header)
    return found


def leading_parameter_sets(stream: bytes) -> bytes:
    """The SPS and PPS NAL units before a stream's first slice (the parameter sets it starts with)."""
    units = nal_units(stream[: 1 << 16])
    sets = []
    for index, (offset, kind) in enumerate(units):
        if kind in (NAL_SLICE, NAL_IDR):
            break
        if kind in (NAL_SPS, NAL_PPS):
            end = units[index + 1][0] - len(START_CODE) if index + 1 < len(units) else len(stream)
            sets.append(stream[offset:end].rstrip(b"\x00"))
    if not sets:
        raise BitstreamError("the stream does not start with its parameter sets")
    return b"".join(sets)


def unescape(payload: bytes) -> bytes:
    """Remove emulation prevention bytes (00 00 03 -> 00 00)."""
    return payload.replace(b"\x00\x00\x03", b"\x00\x00")


def escape(rbsp: bytes) -> bytes:
    """Insert emulation prevention bytes so no start code appears inside a NAL unit."""
    return EMULATION.sub(b"\x00\x00\x03", rbsp)


class BitReader:
    """Reads bits and Exp-Golomb codes from the start of an RBSP."""

    def __init__(self, data: bytes) -> None:
        self.value = int.from_bytes(data, "big")
        self.length = len(data) * 8
        self.position = 0

    def bits(self, count: int) -> int:
        """The next `count` bits as an unsigned number."""
        if self.position + count > self.length:
            raise BitstreamError("header ends early")
        self.position += count
        return (self.value >> (self.length - self.position)) & ((1 << count) - 1)

    def ue(self) -> int:
        """An unsigned Exp-Golomb code."""
        zeros = 0
        while self.bits(1) == 0:
            zeros += 1
        return (1 << zeros) - 1 + self.bits(zeros)


@dataclass(frozen=True)
class SequenceInfo:
    """What renumbering needs from the sequence parameter set."""

    frame_num_bits: int
    poc_type: int

    @classmethod
    def parse(cls, sps_rbsp: bytes) -> SequenceInfo:
        """Read log2_max_frame_num and pic_order_cnt_type from an SPS payload (after its header byte)."""
        reader = BitReader(sps_rbsp[:32])
        profile = reader.bits(8)
        reader.bits(16)  # constraint flags, level
        reader.ue()  # seq_parameter_set_id
        if profile in HIGH_PROFILES:
            if reader.ue() == 3:  # chroma_format_idc
                reader.bits(1)
            reader.ue(), reader.ue()  # bit depths
            reader.bits(1)  # qpprime_y_zero_transform_bypass_flag
            if reader.bits(1):
                raise BitstreamError("scaling matrices are not supported")
        return cls(frame_num_bits=reader.ue() + 4, poc_type=reader.ue())


@dataclass(frozen=True)
class Frame:
    """One access unit and where its slice header's frame_num sits."""

    data: bytes
    idr: bool
    slice_at: int  # offset of the slice NAL's header byte

    @classmethod
    def parse(cls, unit: bytes) -> Frame:
        """A frame with exactly one slice, which must be a reference picture."""
        slices = [(offset, kind) for offset, kind in nal_units(unit) if kind in (NAL_SLICE, NAL_IDR)]
        if len(slices) != 1:
            raise BitstreamError(f"expected one slice per frame, found {len(slices)}")
        offset, kind = slices[0]
        if unit[offset] & 0x60 == 0:
            raise BitstreamError("every frame must be a reference frame")
        return cls(unit, kind == NAL_IDR, offset)

    @cached_property
    def parameter_sets(self) -> bytes:
        """The SPS and PPS NAL units this frame carries (IDR frames repeat them)."""
        units = nal_units(self.data)
        ends = [offset - len(START_CODE) for offset, _ in units[1:]] + [len(self.data)]
        return b"".join(self.data[offset:end].rstrip(b"\x00") for (offset, kind), end in zip(units, ends, strict=True)
                        if kind in (NAL_SPS, NAL_PPS))

    def sequence_info(self) -> SequenceInfo:
        """The SPS this (IDR) frame carries."""
        for offset, kind in nal_units(self.data):
            if kind == NAL_SPS:
                return SequenceInfo.parse(unescape(self.data[offset + 1 : offset + 40]))
        raise BitstreamError("no sequence parameter set before the keyframe")

    def numbered(self, frame_num: int, info: SequenceInfo) -> bytes:
        """The frame's bytes with frame_num set (a field of fixed width, so nothing else moves)."""
        rbsp = unescape(self.data[self.slice_at + 1 :])
        reader = BitReader(rbsp[:16])
        reader.ue(), reader.ue(), reader.ue()  # first_mb_in_slice, slice_type, pic_parameter_set_id
        start, width = reader.position, info.frame_num_bits
        head_bytes = (start + width + 7) // 8
        head = int.from_bytes(rbsp[:head_bytes], "big")
        shift = head_bytes * 8 - start - width
        head = head & ~(((1 << width) - 1) << shift) | (frame_num % (1 << width)) << shift
        rbsp = head.to_bytes(head_bytes, "big") + rbsp[head_bytes:]
        return self.data[: self.slice_at + 1] + escape(rbsp)


class Renumberer:
    """Gives each frame of a closed-GOP, B-frame-free stream its frame_num, and makes skip frames."""

    def __init__(self, skip: Frame, info: SequenceInfo) -> None:
        if info.poc_type != 2:
            raise BitstreamError(f"picture order type {info.poc_type} is not supported (needs 2: no B-frames)")
        self.skip = skip
        self.info = info
        self.skips: dict[int, bytes] = {}
        self.next_number = 0

    def frame(self, frame: Frame) -> bytes:
        """An encoded frame, numbered in sequence (an IDR restarts at 0)."""
        if frame.idr:
            self.next_number = 1
            return frame.data
        if self.next_number == 0:
            raise BitstreamError("the stream must start with a keyframe")
        number, self.next_number = self.next_number, self.next_number + 1
        return frame.numbered(number, self.info)

    def repeat(self) -> bytes:
        """A skip frame: shows the previous frame again."""
        if self.next_number == 0:
            raise BitstreamError("a skip frame needs a frame before it")
        number = self.next_number % (1 << self.info.frame_num_bits)
        self.next_number += 1
        if number not in self.skips:
            self.skips[number] = self.skip.numbered(number, self.info)
        return self.skips[number]
