"""The guidegen command through its real entry point: exit codes, messages, scaffold and schema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.conftest import PROCEDURE, REPO


def guidegen(project_root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", "--project", str(project_root), *args],
        capture_output=True, text=True, timeout=120,
    )


def test_check_exits_zero_on_clean_content(project):
    project.procedure()
    result = guidegen(project.root, "check")
    assert result.returncode == 0, result.stderr
    assert "OK: 1 procedures" in result.stdout


def test_check_prints_one_line_per_problem_and_exits_one(project):
    project.procedure(PROCEDURE.replace("level: full", "level: online").replace("fee: Miễn lệ phí\n", ""))
    result = guidegen(project.root, "check")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("content/procedures/khai-sinh.yaml:1:1: fee: required field is missing")
    assert lines[1].startswith("content/procedures/khai-sinh.yaml:7:8: level: 'online' is not allowed")
    assert lines[-1] == "2 problem(s) found."
    assert "Traceback" not in result.stderr


def test_every_command_has_help():
    for command in ("check", "schema", "new", "build"):
        result = subprocess.run([sys.executable, "-m", "generator.cli", command, "--help"],
                                capture_output=True, text=True)
        assert result.returncode == 0 and "Usage:" in result.stdout


def test_new_scaffold_fails_check_until_placeholders_are_filled(project):
    assert guidegen(project.root, "new", "cap-ban-sao").returncode == 0
    path = project.root / "content/procedures/cap-ban-sao.yaml"
    text = path.read_text(encoding="utf-8")
    first = guidegen(project.root, "check")
    assert first.returncode == 1 and "placeholder not filled in" in first.stderr
    filled = []
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if "TODO" in value and "code" in key:
            continue  # optional field: staff delete the line
        if key.strip() == "category":
            line = "category: ho-tich"
        elif "TODO" in line:
            line = line.replace("https://TODO-", "https://").replace("TODO ", "")
        filled.append(line)
    path.write_text("\n".join(filled) + "\n", encoding="utf-8")
    second = guidegen(project.root, "check")
    assert second.returncode == 0, second.stderr
    assert guidegen(project.root, "new", "cap-ban-sao").returncode == 1  # never overwrites


def test_new_rejects_a_bad_id(project):
    result = guidegen(project.root, "new", "Cấp Bản Sao")
    assert result.returncode == 1
    assert "not a valid id" in result.stderr


def test_exported_schema_accepts_every_sample_file(tmp_path):
    result = guidegen(REPO, "schema")
    assert result.returncode == 0, result.stderr
    procedure_schema = json.loads((REPO / "content/schema/procedure.schema.json").read_text())
    settings_schema = json.loads((REPO / "content/schema/settings.schema.json").read_text())
    for path in sorted((REPO / "content/procedures").glob("*.yaml")):
        as_editor_sees_it = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
        jsonschema.validate(as_editor_sees_it, procedure_schema, format_checker=jsonschema.FormatChecker())
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    jsonschema.validate(yaml.safe_load((REPO / "content/settings.yaml").read_text()), settings_schema)
    personas_schema = json.loads((REPO / "content/schema/personas.schema.json").read_text())
    jsonschema.validate(yaml.safe_load((REPO / "content/personas.yaml").read_text()), personas_schema)
    bad = yaml.safe_load(PROCEDURE) | {"level": "online"}
    try:
        jsonschema.validate(json.loads(json.dumps(bad, default=str)), procedure_schema)
    except jsonschema.ValidationError as error:
        assert "online" in error.message
    else:
        raise AssertionError("the schema accepted an invalid level")


@pytest.mark.slow
def test_build_carries_on_past_a_broken_procedure_and_fails_at_the_end(project):
    project.procedure()
    project.procedure(PROCEDURE.replace("id: khai-sinh", "id: ket-hon").replace("level: full", "level: x"), "ket-hon")
    result = guidegen(project.root, "build", "--jobs", "2")
    assert result.returncode == 1
    assert "content/procedures/ket-hon.yaml:7:8: level: 'x' is not allowed" in result.stderr
    assert "those procedures were left out" in result.stderr
    assert (project.root / "output/clips/vi/khai-sinh.draft.mp4").is_file()
    assert (project.root / "output/site/thu-tuc/khai-sinh.html").is_file()
    assert not (project.root / "output/site/thu-tuc/ket-hon.html").exists()
    assert "Traceback" not in result.stderr


def test_say_prints_the_spoken_form_and_writes_audio(project, tmp_path):
    target = tmp_path / "say.wav"
    result = guidegen(project.root, "say", "UBND thu 50.000 đồng", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Ủy ban nhân dân thu năm mươi nghìn đồng"
    assert target.stat().st_size > 10_000 and "espeak-ng" in result.stderr


def test_preview_writes_a_contact_sheet(project):
    from PIL import Image

    project.procedure()
    result = guidegen(project.root, "preview", "khai-sinh")
    assert result.returncode == 0, result.stderr
    sheet = Image.open(project.root / "output/previews/vi/khai-sinh.png")
    assert sheet.width > 1000 and sheet.height > 600  # 5 scenes: intro, documents, 2 steps, outro
    assert guidegen(project.root, "preview", "khong-co").returncode == 1


def test_doctor_reports_each_check(project):
    project.procedure()
    result = guidegen(project.root, "doctor")
    assert result.returncode == 0, result.stdout
    assert "ok   espeak-ng Vietnamese voices: vi, vi-vn-x-south, vi-vn-x-central" in result.stdout


def test_voices_and_doctor_say_whether_the_piper_voice_is_there(project):
    from tests.conftest import SETTINGS
    from tests.tiny_piper import write_tiny_voice

    project.procedure()
    project.write("content/settings.yaml", SETTINGS + "voice:\n  vi: {engine: piper, model: voices/vi_VN-tiny.onnx}\n")
    missing = guidegen(project.root, "voices")
    assert missing.returncode == 0, missing.stderr
    assert "vi: piper -> espeak-ng; Piper voice voices/vi_VN-tiny.onnx: NOT USABLE (no Piper voice file at" in \
        missing.stdout
    assert "voices/ in this project" in missing.stdout
    assert guidegen(project.root, "doctor").returncode == 1
    write_tiny_voice(project.root / "voices")
    present = guidegen(project.root, "voices")
    assert "vi: piper -> espeak-ng; Piper voice voices/vi_VN-tiny.onnx: present, 22050 Hz, 1 speaker" in present.stdout
    doctor = guidegen(project.root, "doctor")
    assert "ok   piper voice (vi): piper -> espeak-ng; Piper voice voices/vi_VN-tiny.onnx: present" in doctor.stdout
    said = guidegen(project.root, "say", "Bước một.")
    assert said.returncode == 0 and "(" in said.stderr and "piper)" in said.stderr
