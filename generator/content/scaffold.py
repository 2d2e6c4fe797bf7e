"""`guidegen new <id>`: a commented procedure file whose TODO placeholders staff fill in."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from generator.content.schema import SLUG, Personas, Procedure, Settings
from generator.errors import GuidegenError
from generator.fileio import write_text_atomic

PLACEHOLDER = "TODO"

TEMPLATE = """\
# yaml-language-server: $schema=../schema/procedure.schema.json
# Hướng dẫn: thay mọi chữ TODO bằng nội dung thật, rồi chạy `guidegen check`.
# Text fields take plain Vietnamese, or a map {{vi: ..., en: ...}} to add English.
id: {id}
code: "TODO mã thủ tục quốc gia, ví dụ 1.001193"   # optional: delete the line if unknown
title: TODO tên thủ tục
summary: TODO một hai câu nói thủ tục này để làm gì
category: {category}   # one of: {categories}
agency: TODO cơ quan giải quyết, ví dụ UBND cấp xã
level: full            # full = toàn trình, partial = một phần
audience: [citizen]    # citizen and/or business
portal_url: https://TODO-dia-chi-nop-ho-so
fee: TODO lệ phí, ví dụ Miễn lệ phí
processing_time: TODO thời hạn, ví dụ 03 ngày làm việc
# fee_amount: 0        # optional: the online fee in đồng (0 = free)
# ways:                # optional: cách thức thực hiện, each with its own time, fee and note
#   - channel: online  # online, in_person or post
#     processing_time: 03 ngày làm việc
#     fee: Miễn lệ phí
# conditions: []       # optional: yêu cầu, điều kiện
# result: {{paper: Giấy chứng nhận ..., delivery: Qua bưu điện}}   # optional: kết quả
documents:             # giấy tờ cần chuẩn bị (ít nhất một): a text, or a map with
  # name, originals, copies, case (Nếu ...) and form (a template under assets/, e.g. forms/x.pdf)
  - TODO giấy tờ thứ nhất
steps:                 # 1 to 30 steps, in the order citizens do them on the portal
  - title: TODO tiêu đề ngắn của bước 1
    narration: TODO câu đọc cho bước 1 (bỏ dòng này để đọc tiêu đề)
    # Screenshots from the portal itself (`guidegen capture`; or record one with `guidegen record`):
    # screenshot: screens/{id}/1-login.png    # where the screenshot goes, inside assets/
    # actions:                                 # what reaches this screen, e.g.
    #   - goto: /dang-nhap.html
    # target: button "Đăng nhập"              # the element the step is about: its box is the highlight
    # do: click                                # what the citizen does to it
    # Or by hand: a screenshot file and highlight: [0.3, 0.6, 0.3, 0.1] (x, y, width, height, 0..1)
faq: []                # - q: câu hỏi
                       #   a: trả lời
legal_basis: []        # căn cứ pháp lý
tags: []
updated: {today}
"""


def scaffold_text(procedure_id: str, settings: Settings, today: dt.date | None = None) -> str:
    """The commented template for a new procedure."""
    ids = [c.id for c in settings.categories]
    return TEMPLATE.format(
        id=procedure_id,
        category=PLACEHOLDER if len(ids) != 1 else ids[0],
        categories=", ".join(ids),
        today=(today or dt.date.today()).isoformat(),
    )


def create_procedure_file(root: Path, procedure_id: str, settings: Settings) -> Path:
    """Write content/procedures/<id>.yaml; refuse a bad slug or an existing file."""
    if len(procedure_id) > 80:
        raise GuidegenError(f"the id is {len(procedure_id)} characters long; keep it to 80 or fewer")
    if not re.match(SLUG, procedure_id):
        raise GuidegenError(f"'{procedure_id}' is not a valid id: use lowercase letters, digits and hyphens")
    path = root / "content" / "procedures" / f"{procedure_id}.yaml"
    if path.exists():
        raise GuidegenError(f"{path} already exists; edit it instead")
    write_text_atomic(path, scaffold_text(procedure_id, settings))
    return path


def export_schemas(root: Path) -> list[Path]:
    """Write the JSON Schemas of the content files under content/schema/."""
    written = []
    from generator.reel.schema import Announcement, PlaylistFile

    models = (("procedure", Procedure), ("settings", Settings), ("playlists", PlaylistFile),
              ("announcement", Announcement), ("personas", Personas))
    for name, model in models:
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"guidegen {name}"
        path = root / "content" / "schema" / f"{name}.schema.json"
        write_text_atomic(path, json.dumps(schema, ensure_ascii=False, indent=2) + "\n")
        written.append(path)
    return written
