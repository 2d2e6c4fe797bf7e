"""Narration with real engines: espeak-ng audio, gTTS offline fallback, recordings, cache, cues."""

from __future__ import annotations

import itertools
import os
import subprocess
import time
from pathlib import Path

import pytest

from generator.cache import Cache
from generator.content.schema import Settings, VoiceChoice
from generator.errors import RenderError
from generator.narration import engines
from generator.narration.audio import SAMPLE_RATE, measure_loudness, wav_duration
from generator.narration.captions import MAX_LINE, split_phrases, to_srt, to_webvtt
from generator.narration.narrate import Narrator
from generator.tools import ffmpeg

SETTINGS = Settings.model_validate({
    "organization": {"name": "TT", "short_name": "TT"},
    "hotline": "0272 3870 111",
    "portal": {"name": "Cổng", "url": "https://dichvucong.example.vn"},
    "categories": [{"id": "ho-tich", "title": "Hộ tịch"}],
})
SCRIPT = "Bước 1. Vào Cổng dịch vụ công, bấm Đăng nhập bằng tài khoản VNeID. Lệ phí là 50.000 đồng."


@pytest.fixture
def narrator(tmp_path: Path) -> Narrator:
    return Narrator(SETTINGS, Cache(tmp_path / "cache"))


def test_espeak_speaks_vietnamese_at_target_loudness(narrator):
    narration = narrator.narrate(SCRIPT, "vi", label="test")
    assert narration.engine == "espeak-ng"
    assert 4 < narration.duration < 15
    assert abs(narration.duration - wav_duration(narration.audio)) < 0.01
    loudness, true_peak = measure_loudness(narration.audio)
    assert abs(loudness - (-16)) <= 1.0
    assert true_peak < -1.0
    probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=sample_rate,channels",
                            "-of", "csv=p=0", str(narration.audio)], capture_output=True, text=True).stdout
    assert probe.strip() == f"{SAMPLE_RATE},1"


def test_leading_and_trailing_silence_is_trimmed(narrator, tmp_path):
    raw = tmp_path / "padded.wav"
    ffmpeg("-f", "lavfi", "-i", "anullsrc=r=22050:cl=mono", "-f", "lavfi", "-i", "sine=f=440:d=1:r=22050",
           "-filter_complex", "[0]atrim=0:2[a];[0]atrim=0:2[b];[a][1][b]concat=n=3:v=0:a=1", str(raw))
    narration = narrator.narrate("Xin chào", "vi", label="test", recording=raw)
    assert narration.engine == "recording"
    assert 0.9 < narration.duration < 1.3  # 5 s in, only the 1 s tone left


def test_unchanged_text_is_not_synthesised_again(narrator, tmp_path):
    narrator.narrate(SCRIPT, "vi", label="a")
    assert narrator.synthesised == 1
    again = Narrator(SETTINGS, Cache(tmp_path / "cache"))
    result = again.narrate(SCRIPT, "vi", label="a")
    assert again.synthesised == 0 and result.cached
    again.narrate(SCRIPT.replace("50.000", "60.000"), "vi", label="a")
    assert again.synthesised == 1


def test_no_cache_always_synthesises(tmp_path):
    narrator = Narrator(SETTINGS, Cache(tmp_path / "cache", enabled=False))
    narrator.narrate("Xin chào", "vi", label="a")
    narrator.narrate("Xin chào", "vi", label="a")
    assert narrator.synthesised == 2


def test_voice_and_rate_are_part_of_the_cache_key(tmp_path):
    cache = Cache(tmp_path / "cache")
    Narrator(SETTINGS, cache).narrate("Xin chào", "vi", label="a")
    slower = SETTINGS.model_copy(update={"voice": {"vi": VoiceChoice(voice="vi-vn-x-south", rate=120)}})
    narrator = Narrator(slower, cache)
    narrator.narrate("Xin chào", "vi", label="a")
    assert narrator.synthesised == 1


def test_interrupted_cache_write_leaves_no_entry(tmp_path, monkeypatch):
    cache = Cache(tmp_path / "cache")
    narrator = Narrator(SETTINGS, cache)

    def killed(source, target):
        target.write_bytes(b"RIFF partial")
        raise KeyboardInterrupt

    monkeypatch.setattr("generator.narration.narrate.clean_audio", killed)
    with pytest.raises(KeyboardInterrupt):
        narrator.narrate("Xin chào", "vi", label="a")
    assert not [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]


def test_gtts_offline_fails_fast_and_falls_back_with_one_warning(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(engines.GttsEngine, "tld", "invalid")  # never resolves, network or not
    online_first = SETTINGS.model_copy(update={"voice": {"vi": VoiceChoice(engine="gtts", fallback=["espeak-ng"])}})
    narrator = Narrator(online_first, Cache(tmp_path / "cache"))
    started = time.perf_counter()
    first = narrator.narrate("Bước một", "vi", label="p step 1")
    second = narrator.narrate("Bước hai", "vi", label="p step 2")
    assert time.perf_counter() - started < 8
    assert first.engine == second.engine == "espeak-ng"
    warnings = [r for r in caplog.records if "gtts is unavailable" in r.getMessage()]
    assert len(warnings) == 1
    assert not list(tmp_path.rglob("*.mp3"))


def test_gtts_with_the_real_address_never_hangs(tmp_path):
    started = time.perf_counter()
    try:
        engines.GttsEngine().synthesize("xin chào", engines.Voice("vi"))
    except engines.EngineUnavailable as error:
        assert "gTTS cannot reach Google" in str(error)
    assert time.perf_counter() - started < 12


def test_recorded_voice_over_overrides_tts_and_drives_timing(narrator, tmp_path):
    recording = tmp_path / "voice.m4a"
    ffmpeg("-f", "lavfi", "-i", "sine=f=300:d=3", "-c:a", "aac", str(recording))
    narration = narrator.narrate("Bước một. Đăng nhập.", "vi", label="p", recording=recording)
    assert narration.engine == "recording"
    assert abs(narration.duration - 3.0) < 0.15
    assert narrator.synthesised == 0
    assert narration.cues[-1].end == pytest.approx(narration.duration, abs=0.01)


@pytest.mark.parametrize(
    ("text", "recording", "message"),
    [
        ("   ", None, "nothing to say"),
        ("😀😀 ★", None, "nothing to say"),
        ("a " * 3100, None, "split it"),
        ("Bước một", "missing.wav", "recorded audio is missing"),
        ("Bước một", "corrupt.mp3", "cannot use recorded audio corrupt.mp3"),
    ],
)
def test_bad_input_names_the_step(narrator, tmp_path, text, recording, message):
    (tmp_path / "corrupt.mp3").write_bytes(b"ID3 this is not audio at all" * 10)
    with pytest.raises(RenderError) as raised:
        narrator.narrate(text, "vi", label="dang-ky-khai-sinh steps[2]",
                         recording=tmp_path / recording if recording else None)
    assert str(raised.value).startswith("dang-ky-khai-sinh steps[2]: ")
    assert message in str(raised.value)


def test_a_long_text_is_spoken_without_hanging(narrator):
    narration = narrator.narrate("Đây là một câu rất dài về thủ tục hành chính. " * 60, "vi", label="long")
    assert narration.duration > 60


def test_missing_espeak_binary_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    engines.get_engine.cache_clear()
    try:
        with pytest.raises(RenderError) as raised:
            Narrator(SETTINGS, Cache(tmp_path / "c")).narrate("Xin chào", "vi", label="p steps[0]")
        assert "espeak-ng is not installed" in str(raised.value)
    finally:
        engines.get_engine.cache_clear()
        monkeypatch.setenv("PATH", os.environ["PATH"])


def test_phrases_fit_two_caption_lines():
    text = ("Điền họ tên, ngày sinh, nơi sinh của trẻ và thông tin cha mẹ theo đúng giấy chứng sinh do bệnh viện "
            "cấp. Kiểm tra kỹ từng chữ có dấu trước khi bấm Tiếp tục để sang bước sau.")
    phrases = split_phrases(text)
    assert len(phrases) >= 3
    for phrase in phrases:
        lines = [line for line in phrase.split()]
        assert len(" ".join(lines)) <= 2 * MAX_LINE + 1
    assert " ".join(phrases) == text


def test_cues_are_timed_in_order_within_the_audio(narrator):
    narration = narrator.narrate(SCRIPT, "vi", label="t")
    cues = narration.cues
    assert cues[0].start == 0 and cues[-1].end == pytest.approx(narration.duration, abs=0.01)
    assert all(a.end == pytest.approx(b.start, abs=0.002) for a, b in itertools.pairwise(cues))
    assert all(len(line) <= MAX_LINE for cue in cues for line in cue.lines)
    vtt, srt = to_webvtt(list(cues)), to_srt(list(cues))
    assert vtt.startswith("WEBVTT\n\n00:00:00.000 --> ")
    assert srt.startswith("1\n00:00:00,000 --> ")


@pytest.mark.parametrize("word", ["Xong.", "Ừ.", "Bước 1."])
def test_a_one_word_narration_is_spoken_at_target_loudness(narrator, word):
    narration = narrator.narrate(word, "vi", label="test")
    assert 0.1 < narration.duration < 1.5
    loudness, true_peak = measure_loudness(narration.audio)
    assert abs(loudness - (-16)) <= 1.5 and true_peak < -1.0


def test_a_recording_is_read_at_most_ten_minutes_whatever_its_length(narrator, tmp_path):
    from generator.narration.audio import MAX_RECORDING_SECONDS

    recording = tmp_path / "long.m4a"
    ffmpeg("-f", "lavfi", "-i", f"sine=f=300:r=8000:d={MAX_RECORDING_SECONDS + 30}", "-c:a", "aac", "-b:a", "16k",
           str(recording))
    narration = narrator.narrate("Bước một.", "vi", label="p", recording=recording)
    assert narration.duration <= MAX_RECORDING_SECONDS + 0.1


def test_markup_and_terminal_codes_are_never_spoken():
    from generator.narration.normalise import normalise

    assert normalise("Bấm <b>Nộp</b> \x1b[31mngay\x1b[0m <!-- x --> xong") == "Bấm Nộp ngay xong"


def piper_settings(**choice) -> Settings:
    return SETTINGS.model_copy(update={"voice": {"vi": VoiceChoice(**choice)}})


def test_a_piper_voice_from_a_file_speaks_with_the_same_loudness_and_cues(tmp_path):
    from tests.tiny_piper import write_tiny_voice

    write_tiny_voice(tmp_path / "voices")
    narrator = Narrator(piper_settings(engine="piper", model="voices/vi_VN-tiny.onnx"), Cache(tmp_path / "c"), tmp_path)
    narration = narrator.narrate(SCRIPT, "vi", label="test")
    assert narration.engine == "piper" and narration.duration > 2
    loudness, true_peak = measure_loudness(narration.audio)
    assert abs(loudness - (-16)) <= 1.0 and true_peak < -1.0
    assert narration.cues[-1].end == pytest.approx(narration.duration, abs=0.01)
    assert narrator.summary() is None


def test_a_piper_voice_is_cached_by_its_file_content_and_speaker(tmp_path):
    from tests.tiny_piper import write_tiny_voice

    write_tiny_voice(tmp_path / "voices", speakers=2)
    cache = Cache(tmp_path / "c")
    first = Narrator(piper_settings(engine="piper", model="voices/vi_VN-tiny.onnx", speaker="speaker0"), cache,
                     tmp_path)
    first.narrate("Xin chào", "vi", label="a")
    first.narrate("Xin chào", "vi", label="a")
    assert first.synthesised == 1
    other = Narrator(piper_settings(engine="piper", model="voices/vi_VN-tiny.onnx", speaker=1), cache, tmp_path)
    other.narrate("Xin chào", "vi", label="a")
    assert other.synthesised == 1  # another speaker is another voice
    write_tiny_voice(tmp_path / "voices", speakers=3)  # the file changed under the same name
    again = Narrator(piper_settings(engine="piper", model="voices/vi_VN-tiny.onnx", speaker=1), cache, tmp_path)
    again.narrate("Xin chào", "vi", label="a")
    assert again.synthesised == 1


@pytest.mark.parametrize("damage", ["missing", "corrupt", "no config", "unknown speaker"])
def test_an_unusable_piper_voice_falls_back_to_espeak_with_one_warning(tmp_path, caplog, damage):
    from tests.tiny_piper import write_tiny_voice

    model = write_tiny_voice(tmp_path / "voices", speakers=2)
    speaker = "nobody" if damage == "unknown speaker" else None
    if damage == "missing":
        model.unlink()
    elif damage == "corrupt":
        model.write_bytes(b"\x08\x01 not an onnx model" * 100)
    elif damage == "no config":
        model.with_name(model.name + ".json").unlink()
    narrator = Narrator(piper_settings(engine="piper", model="voices/vi_VN-tiny.onnx", speaker=speaker,
                                       fallback=["espeak-ng"]), Cache(tmp_path / "c"), tmp_path)
    assert narrator.narrate("Bước một", "vi", label="a").engine == "espeak-ng"
    assert narrator.narrate("Bước hai", "vi", label="b").engine == "espeak-ng"
    warnings = [r for r in caplog.records if "piper is unavailable" in r.getMessage()]
    assert len(warnings) == 1
    assert narrator.summary().startswith("narration: 2 by espeak-ng, because piper: ")


def test_auto_prefers_a_piper_voice_then_gtts_then_espeak(tmp_path, monkeypatch):
    from tests.tiny_piper import write_tiny_voice

    monkeypatch.setattr(engines.GttsEngine, "tld", "invalid")  # offline, whatever the machine
    write_tiny_voice(tmp_path / "voices")
    with_voice = Narrator(piper_settings(engine="auto", model="voices/vi_VN-tiny.onnx"), Cache(tmp_path / "c"),
                          tmp_path)
    assert with_voice.narrate("Bước một", "vi", label="a").engine == "piper"
    without = Narrator(piper_settings(engine="auto"), Cache(tmp_path / "c"), tmp_path)
    assert without.narrate("Bước một", "vi", label="a").engine == "espeak-ng"
    assert without.summary().startswith("narration: 1 by espeak-ng, because gtts: gTTS cannot reach Google")


def test_piper_needs_a_voice_file_in_settings():
    with pytest.raises(ValueError, match="the piper engine needs `model:`"):
        VoiceChoice(engine="piper")
