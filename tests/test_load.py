"""Loading and validating content: every error class, with its file, line and field."""

from __future__ import annotations

import os
import time

import pytest

from generator.content.load import gather_catalogue, load_catalogue
from generator.content.schema import Procedure
from generator.errors import ContentError
from tests.conftest import PROCEDURE


def problems_of(project) -> list[str]:
    return [str(p) for p in gather_catalogue(project.root).problems]


def test_valid_project_loads_with_typed_procedures(project):
    project.procedure()
    catalogue = load_catalogue(project.root)
    procedure = catalogue.procedures["khai-sinh"]
    assert isinstance(procedure, Procedure)
    assert procedure.title.get("en") == "Birth registration"
    assert procedure.steps[1].spoken().vi == "Nộp hồ sơ"
    assert procedure.fee.get("en") == "Miễn lệ phí"  # falls back to Vietnamese


def test_text_is_normalised_to_nfc(project):
    decomposed = "Đăng ky\u0301 khai sinh"  # "ký" written as y + combining acute
    project.procedure(PROCEDURE.replace("vi: Đăng ký khai sinh", f"vi: {decomposed}"))
    title = load_catalogue(project.root).procedures["khai-sinh"].title.vi
    assert title == "Đăng ký khai sinh"


def test_yaml_syntax_error_reports_its_position(project):
    project.procedure(PROCEDURE.replace("fee: Miễn lệ phí", "fee: [Miễn lệ phí"))
    (problem,) = problems_of(project)
    assert problem.startswith("content/procedures/khai-sinh.yaml:10:16: YAML syntax error: expected ',' or ']'")
    assert problem.endswith("(while parsing a flow sequence started at line 9)")


def test_unknown_key_suggests_the_right_name(project):
    project.procedure(PROCEDURE.replace("  - title: Nộp hồ sơ", "  - titel: Nộp hồ sơ"))
    assert problems_of(project) == [
        "content/procedures/khai-sinh.yaml:18:5: steps[1].title: required field is missing",
        "content/procedures/khai-sinh.yaml:18:5: steps[1].titel: unknown field 'titel' (did you mean 'title'?)",
    ]


def test_missing_required_field_points_at_its_parent(project):
    project.procedure(PROCEDURE.replace("agency: UBND cấp xã\n", ""))
    assert problems_of(project) == ["content/procedures/khai-sinh.yaml:1:1: agency: required field is missing"]


def test_wrong_type_is_reported_at_the_value(project):
    project.procedure(PROCEDURE.replace("  - Giấy chứng sinh", "  - [1, 2]"))
    (problem,) = problems_of(project)
    assert problem.startswith("content/procedures/khai-sinh.yaml:12:5: documents[0]: expected text")


def test_number_where_text_is_expected_asks_for_quotes(project):
    project.procedure(PROCEDURE.replace("id: khai-sinh\n", "id: khai-sinh\ncode: 1.001193\n"))
    (problem,) = problems_of(project)
    assert problem.startswith("content/procedures/khai-sinh.yaml:2:7: code: write this value in quotes")


def test_bad_slug_and_id_file_mismatch(project):
    project.procedure(PROCEDURE.replace("id: khai-sinh", "id: Khai_Sinh"))
    assert problems_of(project) == [
        "content/procedures/khai-sinh.yaml:1:5: id: 'Khai_Sinh' is not a valid slug: "
        "use lowercase letters, digits and hyphens"
    ]
    project.procedure(PROCEDURE.replace("id: khai-sinh", "id: khai-tu"))
    assert problems_of(project) == [
        "content/procedures/khai-sinh.yaml:1:5: id: id 'khai-tu' must equal the file name 'khai-sinh'"
    ]


def test_duplicate_ids_name_the_other_file(project):
    project.procedure()
    project.procedure(name="khai-sinh-2", text=PROCEDURE)
    problems = problems_of(project)
    mismatch = "content/procedures/khai-sinh-2.yaml:1:5: id: id 'khai-sinh' must equal the file name 'khai-sinh-2'"
    assert mismatch in problems
    project.write("content/procedures/khai-sinh.yml", PROCEDURE)
    duplicate = "duplicate id 'khai-sinh' (also in content/procedures/khai-sinh.yaml)"
    assert any(duplicate in p for p in problems_of(project))


def test_unknown_category_suggests_a_declared_one(project):
    project.procedure(PROCEDURE.replace("category: ho-tich", "category: ho-tic"))
    assert problems_of(project) == [
        "content/procedures/khai-sinh.yaml:5:11: category: unknown category 'ho-tic' (did you mean 'ho-tich'?)"
    ]


def test_portal_url_must_be_https(project):
    project.procedure(PROCEDURE.replace("https://dichvucong.example.vn/khai-sinh", "http://dichvucong.example.vn"))
    assert problems_of(project) == [
        "content/procedures/khai-sinh.yaml:8:13: portal_url: must be a full https:// address "
        "(got 'http://dichvucong.example.vn')"
    ]


@pytest.mark.parametrize(
    ("box", "message"),
    [
        ("[0.3, 0.6, 0.8, 0.1]", "reaches outside the screenshot"),
        ("[-0.1, 0.6, 0.3, 0.1]", "must be fractions between 0 and 1"),
        ("[0.3, 0.6, 0, 0.1]", "width and height must be greater than 0"),
        ("[0.3, 0.6, 0.3]", "needs exactly 4 numbers"),
    ],
)
def test_highlight_outside_the_screenshot_is_rejected(project, box, message):
    project.procedure(PROCEDURE.replace("[0.3, 0.6, 0.3, 0.1]", box))
    (problem,) = problems_of(project)
    assert problem.startswith("content/procedures/khai-sinh.yaml:17:16: steps[0].highlight")
    assert message in problem


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("../secret.png", "path must stay inside assets/"),
        ("/etc/passwd", "path must stay inside assets/"),
        ("screens/nope.png", "file not found: assets/screens/nope.png"),
        ("screens/broken.png", "not a readable image"),
        ("screens/outside.png", "path links outside assets/"),
    ],
)
def test_screenshot_paths_are_checked(project, tmp_path, path, message):
    (project.root / "assets/screens/broken.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    outside = tmp_path / "outside.png"
    outside.write_bytes((project.root / "assets/screens/login.png").read_bytes())
    os.symlink(outside, project.root / "assets/screens/outside.png")
    project.procedure(PROCEDURE.replace("screens/login.png", path))
    (problem,) = problems_of(project)
    assert problem.startswith("content/procedures/khai-sinh.yaml:16:17: steps[0].screenshot: ")
    assert message in problem


def test_missing_vietnamese_text(project):
    project.procedure(PROCEDURE.replace("  vi: Đăng ký khai sinh\n", ""))
    assert problems_of(project) == ["content/procedures/khai-sinh.yaml:3:3: title.vi: required field is missing"]


def test_every_problem_is_reported_not_just_the_first(project):
    broken = (
        PROCEDURE.replace("level: full", "level: online")
        .replace("category: ho-tich", "categry: ho-tich")
        .replace("screens/login.png", "screens/missing.png")
    )
    project.procedure(broken)
    problems = problems_of(project)
    assert len(problems) == 4, problems
    assert any("level: 'online' is not allowed" in p for p in problems)
    assert any("categry: unknown field 'categry' (did you mean 'category'?)" in p for p in problems)
    assert any("category: required field is missing" in p for p in problems)
    assert any("file not found: assets/screens/missing.png" in p for p in problems)


def test_problems_in_several_files_are_all_reported(project):
    project.procedure()
    project.procedure(PROCEDURE.replace("id: khai-sinh", "id: ket-hon").replace("fee: Miễn lệ phí\n", ""), "ket-hon")
    project.write("content/settings.yaml", "organization: [\n")
    problems = problems_of(project)
    assert problems[0].startswith("content/settings.yaml:")
    assert any(p.startswith("content/procedures/ket-hon.yaml") and "fee: required" in p for p in problems)


def test_billion_laughs_is_rejected_quickly(project):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for index in range(1, 10):
        previous, name = chr(ord("a") + index - 1), chr(ord("a") + index)
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    project.procedure("\n".join(lines) + "\n")
    started = time.perf_counter()
    (problem,) = problems_of(project)
    assert time.perf_counter() - started < 2
    assert "anchors and aliases" in problem
    assert problem.startswith("content/procedures/khai-sinh.yaml:1:4:")


def test_huge_file_is_rejected_before_parsing(project):
    path = project.procedure()
    with path.open("a") as handle:
        handle.write("# " + "x" * (50 * 1024 * 1024) + "\n")
    started = time.perf_counter()
    (problem,) = problems_of(project)
    assert time.perf_counter() - started < 2
    assert "over the 512 KB limit" in problem


def test_load_catalogue_raises_with_every_problem(project):
    project.procedure(PROCEDURE.replace("level: full", "level: x").replace("fee: Miễn lệ phí\n", ""))
    with pytest.raises(ContentError) as raised:
        load_catalogue(project.root)
    assert len(raised.value.problems) == 2


def test_the_sample_catalogue_is_valid():
    from tests.conftest import REPO

    catalogue = load_catalogue(REPO)
    assert len(catalogue.procedures) >= 6
    assert len({p.category for p in catalogue.procedures.values()}) >= 3
    english = [p for p in catalogue.procedures.values() if all(s.spoken().en for s in p.steps)]
    assert len(english) >= 2
    for procedure in catalogue.procedures.values():
        assert 4 <= len(procedure.steps) <= 8
        assert all(step.screenshot and step.highlight for step in procedure.steps)
