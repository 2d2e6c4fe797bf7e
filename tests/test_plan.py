"""`guidegen plan`: the export as staff have it, the ranking, the playlist draft, honest before/after figures."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from openpyxl import Workbook
from PIL import Image

from generator.content.load import load_catalogue
from generator.plan.export import ExportError, read_export
from generator.plan.rank import proportional, rank
from generator.plan.report import MIN_FILES, Share, effects
from tests.conftest import PROCEDURE, SETTINGS, ProjectBuilder

HEADER = ["STT", "Mã TTHC", "Tên thủ tục", "Kỳ báo cáo", "Tổng số hồ sơ tiếp nhận", "Trực tuyến", "Trực tiếp",
          "Bưu chính"]


def plan_project(root: Path) -> ProjectBuilder:
    """Two procedures with codes: one guide published in February 2026, one without a date."""
    project = ProjectBuilder(root)
    project.procedure(PROCEDURE.replace("id: khai-sinh", 'id: khai-sinh\ncode: "1.001193"').replace(
        "updated: 2026-11-20", "updated: 2026-11-20\npublished: 2026-02-10"))
    project.procedure(PROCEDURE.replace("id: khai-sinh", 'id: ket-hon\ncode: "1.000894"'), name="ket-hon")
    return project


def guidegen(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator.cli", "--project", str(root), *args], capture_output=True,
                          text=True, timeout=300)


def write_xlsx(path: Path) -> Path:
    """An export as the one-stop system writes it: a title row, a merged group header, Vietnamese numbers."""
    book = Workbook()
    sheet = book.active
    sheet.append(["BÁO CÁO TÌNH HÌNH TIẾP NHẬN HỒ SƠ"])
    sheet.append(["Kỳ báo cáo: từ 01/01/2026 đến 31/03/2026"])
    sheet.append(["STT", "Mã TTHC", "Tên thủ tục", "Tháng", "Số hồ sơ tiếp nhận", None, None, None])
    sheet.append([None, None, None, None, "Tổng số", "Trực tuyến", "Trực tiếp", "Bưu chính"])
    sheet.merge_cells("E3:H3")
    rows = [("1.001193", "Đăng ký khai sinh", "Tháng 01/2026", "1.200", "300", "880", "20"),
            ("1.001193", "Đăng ký khai sinh", "Tháng 02/2026", "1.100", "400", "690", "10"),
            ("1.001193", "Đăng ký khai sinh", "Tháng 03/2026", "1.000", 600, 390, 10),
            ("1.000894", "Đăng ký kết hôn", "Tháng 03/2026", "90", "30", "60", "0"),
            ("1.003583", "Đăng ký thường trú", "Tháng 03/2026", "16.586", "4.000", "12.000", "586")]
    for number, row in enumerate(rows, start=1):
        sheet.append([number, *row])
    sheet.append([None, "Tổng cộng", None, None, "19.976", None, None, None])
    book.save(path)
    return path


def test_an_xlsx_export_with_a_title_merged_headers_and_vietnamese_numbers(tmp_path):
    export = read_export(write_xlsx(tmp_path / "bao-cao.xlsx"))
    assert export.periods == ["2026-01", "2026-02", "2026-03"]
    counts = export.counts[("1.003583", "2026-03")]
    assert (counts.total, counts.online, counts.in_person, counts.post) == (16586, 4000, 12000, 586)
    assert export.counts[("1.001193", "2026-03")].online == 600  # number cells and text cells alike
    assert export.names["1.000894"] == "Đăng ký kết hôn" and export.rows == 5  # the total row is not a procedure


@pytest.mark.parametrize(("encoding", "delimiter"), [("utf-8-sig", ";"), ("utf-8", ";"), ("utf-8-sig", ","),
                                                      ("utf-8", ",")])
def test_a_csv_export_with_or_without_a_bom_and_either_separator(tmp_path, encoding, delimiter):
    lines = ["Báo cáo mẫu", delimiter.join(HEADER),
             delimiter.join(["1", "1.001193", '"Đăng ký khai sinh, cho trẻ em"', "01/2026", '"1.234"', "234", '"1.000"',
                             "0"])]
    path = tmp_path / "export.csv"
    path.write_bytes("\n".join(lines).encode(encoding))
    export = read_export(path)
    counts = export.counts[("1.001193", "2026-01")]
    assert (counts.total, counts.online, counts.in_person) == (1234, 234, 1000)
    assert export.names["1.001193"] == "Đăng ký khai sinh, cho trẻ em"


def test_unrecognised_headers_say_what_was_found_and_what_is_needed(tmp_path):
    path = tmp_path / "khac.csv"
    path.write_text("Mã;Tên;Số lượng\n1.001193;Khai sinh;12\n", encoding="utf-8")
    with pytest.raises(ExportError) as raised:
        read_export(path)
    message = str(raised.value)
    assert "the table's headers are not recognised (found: 'Mã', 'Tên', 'Số lượng')" in message
    assert "needed: Mã TTHC, Tên thủ tục, Tổng số hồ sơ tiếp nhận, Trực tuyến, Trực tiếp, Bưu chính, Kỳ báo cáo" \
        in message and "settings plan.columns" in message


def test_a_column_mapping_in_settings_reads_another_layout(tmp_path):
    project = plan_project(tmp_path / "project")
    project.write("content/settings.yaml", SETTINGS + "plan:\n  columns: {code: Mã số, online: Nộp qua mạng, "
                                                      "in_person: Nộp tại quầy, total: Cộng}\n")
    path = tmp_path / "khac.csv"
    path.write_text("Mã số;Tên thủ tục;Kỳ báo cáo;Cộng;Nộp qua mạng;Nộp tại quầy\n"
                    "1.001193;Khai sinh;2026-03;50;20;30\n", encoding="utf-8")
    result = guidegen(project.root, "plan", "--stats", str(path))
    assert result.returncode == 0, result.stderr
    assert "1. Khai sinh (1.001193): 30 files in person or by post in 2026-03; has a guide" in result.stdout


def test_the_ranking_puts_the_most_in_person_files_first_and_says_what_guide_each_has(tmp_path):
    project = plan_project(tmp_path / "project")
    export = read_export(write_xlsx(tmp_path / "bao-cao.xlsx"))
    catalogue = load_catalogue(project.root)
    (project.root / "output/capture-check").mkdir(parents=True)
    (project.root / "output/capture-check/ket-hon.json").write_text(json.dumps(
        {"checked": "01/11/2026", "summary": "bước 3", "problems": ["x"]}))
    ranked = rank(catalogue, export, "2026-03", today=dt.date(2026, 11, 30))
    assert [(row.code, row.counts.offline, row.guide) for row in ranked] == [
        ("1.003583", 12586, "none"), ("1.001193", 400, "guide"), ("1.000894", 60, "stale")]
    assert ranked[0].command == "guidegen new dang-ky-thuong-tru"
    assert "the portal changed (bước 3)" in ranked[2].note
    old = rank(catalogue, export, "2026-03", today=dt.date(2027, 8, 1))
    assert old[1].guide == "stale" and "days ago" in old[1].note  # not checked against the portal for too long


def test_the_playlist_draft_passes_check_gives_time_by_in_person_files_and_never_overwrites(tmp_path):
    project = plan_project(tmp_path / "project")
    stats = write_xlsx(tmp_path / "bao-cao.xlsx")
    assert guidegen(project.root, "plan", "--stats", str(stats)).returncode == 0
    assert guidegen(project.root, "plan", "--stats", str(stats)).returncode == 0
    drafts = sorted(p.name for p in (project.root / "content").glob("playlists-draft-*.yaml"))
    assert drafts == ["playlists-draft-2026-03-2.yaml", "playlists-draft-2026-03.yaml"]
    draft = (project.root / "content/playlists-draft-2026-03.yaml").read_text(encoding="utf-8")
    items = re.findall(r"^      - (\S+)$", draft, flags=re.MULTILINE)
    assert items.count("khai-sinh") > items.count("ket-hon") >= 1  # 400 in-person files against 60
    (project.root / "content/playlists.yaml").write_text(draft, encoding="utf-8")
    result = guidegen(project.root, "check")
    assert result.returncode == 0, result.stderr


def test_proportional_loops_spread_repeats(tmp_path):
    from generator.plan.export import Counts
    from generator.plan.rank import Ranked

    guides = [Ranked("a", "A", "a", Counts(100, 0, 75, 0), "guide", ""),
              Ranked("b", "B", "b", Counts(100, 0, 25, 0), "guide", "")]
    loop = proportional(guides, slots=8)
    assert loop.count("a") == 6 and loop.count("b") == 2
    assert "b" not in loop[:1] or "b" not in loop[1:2]  # never the same one back to back when avoidable


def test_before_and_after_on_a_hand_computed_example(tmp_path):
    project = plan_project(tmp_path / "project")
    export = read_export(write_xlsx(tmp_path / "bao-cao.xlsx"))
    found, notes = effects(load_catalogue(project.root), export)
    [effect] = found  # ket-hon has no published date: it is named in the notes instead
    assert effect.before == Share(300, 1200)  # January; February (the month it was published) counts for neither
    assert effect.after == Share(600, 1000)  # March
    assert effect.change == "+35,0 điểm %"  # 60.0% - 25.0%
    assert any(note.startswith("ket-hon: add `published:`") for note in notes)
    assert Share(5, MIN_FILES - 1).text() == "– (19 hồ sơ)" and Share(0, 0).percent == 0  # too few; no division
    assert Share(16586, 32431).text() == "51,1% (16.586/32.431)"


@pytest.mark.browser
def test_the_report_has_its_charts_is_axe_clean_and_prints_on_a4(tmp_path, browser):
    project = plan_project(tmp_path / "project")
    result = guidegen(project.root, "plan", "--stats", str(write_xlsx(tmp_path / "bao-cao.xlsx")))
    assert result.returncode == 0, result.stderr
    assert "note: 1 code(s) in the export match no procedure here: 1.003583" in result.stderr
    report = project.root / "output/reports/plan"
    with Image.open(report / "charts/khai-sinh.png") as picture:
        assert picture.size == (840, 360)
        assert np.asarray(picture.convert("L"), dtype=float).std() > 10  # a chart, not a blank picture
    csv_text = (report / "plan.csv").read_text(encoding="utf-8-sig")
    assert "1.001193;Đăng ký khai sinh;khai-sinh;2026-03;1000;600;390;10;60,0;2026-02-10" in csv_text
    page = browser.new_page()
    page.goto((report / "index.html").as_uri())
    text = page.inner_text("main")
    assert "không chứng minh hướng dẫn là nguyên nhân" in text and "1.003583" in text  # honest; unmatched listed
    assert "Trước: 25,0% (300/1.200). Sau: 60,0% (600/1.000). Thay đổi: +35,0 điểm %." in text
    page.add_script_tag(path=str(Path(__file__).resolve().parents[1] / "node_modules/axe-core/axe.min.js"))
    violations = page.evaluate("async () => (await axe.run(document)).violations.map(v => v.id)")
    assert violations == []
    pdf = page.pdf(format="A4")
    assert b"/MediaBox [0 0 595" in pdf or b"/MediaBox [ 0 0 595" in pdf
    page.close()


def test_build_says_which_voice_speaks_each_clip_and_warns_once_of_espeak_on_a_tv(tmp_path):
    import json

    from generator.clip.compose import ClipResult
    from generator.clip.render import voice_lines, voices_used

    clips = []
    for name, engines in (("tv-1080p", ["recording", "espeak-ng", "espeak-ng"]), ("web", ["espeak-ng"] * 3),
                          ("vertical", ["recording"] * 3)):
        path = tmp_path / f"khai-sinh.{name}.mp4"
        path.with_suffix(".json").write_text(json.dumps({
            "procedure": "khai-sinh", "language": "vi", "format": name,
            "scenes": [{"key": f"s{n}", "engine": engine} for n, engine in enumerate(engines)]}))
        clips.append(ClipResult(path, 10.0, cached=False))
    lines, warning = voice_lines(voices_used(clips))
    assert lines == ["voices: khai-sinh [vi]: tv-1080p: espeak-ng 2, recorded 1; web: espeak-ng 3; "
                     "vertical: recorded 3"]
    assert warning and warning.startswith("espeak-ng is hard to understand on a lobby TV; record the voice in the "
                                          "studio or install a Piper voice") and "1 TV/phone clip(s)" in warning
    clips.pop(0)  # espeak-ng only at the desk's web clip: nothing to warn about
    assert voice_lines(voices_used(clips))[1] is None
