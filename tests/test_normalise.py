"""The Vietnamese normaliser, case by case, on texts from real procedures."""

from __future__ import annotations

import pytest

from generator.narration.normalise import normalise
from generator.narration.numbers import read_number

GLOSSARY = {"VNeID": "vê en ê ai đi", "TTPVHCC": "Trung tâm phục vụ hành chính công"}

CASES = [
    # fees and amounts
    ("50.000 đồng", "năm mươi nghìn đồng"),
    ("1.500.000", "một triệu năm trăm nghìn"),
    ("Lệ phí 100.000 đồng/lần", "Lệ phí một trăm nghìn đồng mỗi lần"),
    ("200.000 đồng/lần/người", "hai trăm nghìn đồng mỗi lần mỗi người"),
    ("75.000 đồng/giấy phép", "bảy mươi lăm nghìn đồng mỗi giấy phép"),
    ("Phí 5.000 đồng/trang", "Phí năm nghìn đồng mỗi trang"),
    ("vốn 50.000.000 đồng", "vốn năm mươi triệu đồng"),
    ("2.000.000.000 đồng", "hai tỷ đồng"),
    ("1.005 bản", "một nghìn không trăm linh năm bản"),
    ("phí 15.000 đồng", "phí mười lăm nghìn đồng"),
    ("Miễn lệ phí", "Miễn lệ phí"),
    # decimals and percentages
    ("51,1%", "năm mươi mốt phẩy một phần trăm"),
    ("Tỷ lệ 98,5% hồ sơ đúng hạn", "Tỷ lệ chín mươi tám phẩy năm phần trăm hồ sơ đúng hạn"),
    ("giảm 50%", "giảm năm mươi phần trăm"),
    ("0,05%", "không phẩy không năm phần trăm"),
    ("2,75 m", "hai phẩy bảy mươi lăm m"),
    # ordinals and counts
    ("Bước 1", "Bước một"),
    ("Bước 12", "Bước mười hai"),
    ("Bước 21", "Bước hai mươi mốt"),
    ("thửa 215, tờ bản đồ 8", "thửa hai trăm mười lăm, tờ bản đồ tám"),
    ("Phiếu số 1", "Phiếu số một"),
    ("tầng 2", "tầng hai"),
    ("24 giờ", "hai mươi tư giờ"),
    ("105 hồ sơ", "một trăm linh năm hồ sơ"),
    ("1000 người", "một nghìn người"),
    # deadlines
    ("03 ngày làm việc", "ba ngày làm việc"),
    ("Không quá 10 ngày làm việc", "Không quá mười ngày làm việc"),
    ("15 ngày kể từ ngày nhận đủ hồ sơ hợp lệ", "mười lăm ngày kể từ ngày nhận đủ hồ sơ hợp lệ"),
    ("trong 60 ngày kể từ ngày sinh", "trong sáu mươi ngày kể từ ngày sinh"),
    ("05 ngày làm việc", "năm ngày làm việc"),
    ("3-5 ngày", "ba đến năm ngày"),
    ("sau 15 giờ", "sau mười lăm giờ"),
    # dates and times
    ("17/4/2018", "ngày mười bảy tháng tư năm hai nghìn không trăm mười tám"),
    ("ngày 17/4/2018", "ngày mười bảy tháng tư năm hai nghìn không trăm mười tám"),
    ("Ngày 01/01/2025", "Ngày một tháng một năm hai nghìn không trăm hai mươi lăm"),
    ("12/03/2025", "ngày mười hai tháng ba năm hai nghìn không trăm hai mươi lăm"),
    ("Tháng 11/2022", "Tháng mười một năm hai nghìn không trăm hai mươi hai"),
    ("tháng 4", "tháng tư"),
    ("07:30", "bảy giờ ba mươi phút"),
    ("17:00", "mười bảy giờ"),
    ("Sáng 07:30–11:30", "Sáng bảy giờ ba mươi phút đến mười một giờ ba mươi phút"),
    ("13h30", "mười ba giờ ba mươi phút"),
    ("từ 7h đến 11h", "từ bảy giờ đến mười một giờ"),
    # legal references
    ("Nghị định số 63/2010/NĐ-CP", "Nghị định số sáu mươi ba năm hai nghìn không trăm mười của Chính phủ"),
    ("Nghị định số 123/2015/NĐ-CP",
     "Nghị định số một trăm hai mươi ba năm hai nghìn không trăm mười lăm của Chính phủ"),
    ("Luật Hộ tịch số 60/2014/QH13",
     "Luật Hộ tịch số sáu mươi năm hai nghìn không trăm mười bốn của Quốc hội khóa mười ba"),
    ("Thông tư số 04/2020/TT-BTP", "Thông tư số bốn năm hai nghìn không trăm hai mươi của Bộ Tư pháp"),
    ("theo 85/2019/TT-BTC",
     "theo thông tư số tám mươi lăm năm hai nghìn không trăm mười chín của Bộ Tài chính"),
    ("Quyết định số 12/2024/QĐ-UBND",
     "Quyết định số mười hai năm hai nghìn không trăm hai mươi tư của Ủy ban nhân dân"),
    # phone numbers
    ("0272 3870 111", "không hai bảy hai, ba tám bảy không, một một một"),
    ("Gọi 0909.123.456", "Gọi không chín không chín, một hai ba, bốn năm sáu"),
    ("1900 1234", "một chín không không, một hai ba bốn"),
    ("0912345678", "không chín một hai ba bốn năm sáu bảy tám"),
    ("Số CCCD 080 195 012 345", "Số căn cước công dân không tám không, một chín năm, không một hai, ba bốn năm"),
    # abbreviations, glossary, case
    ("UBND xã", "Ủy ban nhân dân xã"),
    ("TTHC và DVCTT", "thủ tục hành chính và dịch vụ công trực tuyến"),
    ("thẻ CCCD", "thẻ căn cước công dân"),
    ("tài khoản VNeID mức 2", "tài khoản vê en ê ai đi mức hai"),
    ("HĐND tỉnh", "Hội đồng nhân dân tỉnh"),
    ("TTPVHCC Cần Đước", "Trung tâm phục vụ hành chính công Cần Đước"),
    ("Quét mã QR", "Quét mã cu a"),
    ("tệp PDF, không quá 5 MB", "tệp pê đê ép, không quá năm mê ga bai"),
    ("Phòng TNMT", "Phòng tê en nờ em mờ tê"),
    ("NỘP HỒ SƠ", "NỘP HỒ SƠ"),
    ("gửi email", "gửi thư điện tử"),
    ("diện tích 96 m²", "diện tích chín mươi sáu mét vuông"),
    # web addresses
    ("dichvucong.gov.vn", "dịch vụ công chấm gov chấm vn"),
    ("Vào https://dichvucong.longan.gov.vn/p/home", "Vào dịch vụ công chấm long an chấm gov chấm vn"),
    ("hotro@longan.gov.vn", "hotro a còng long an chấm gov chấm vn"),
    # symbols and quotes
    ('Gõ "khai sinh" vào ô tìm kiếm', "Gõ khai sinh vào ô tìm kiếm"),
    ("Nộp hồ sơ 😀 ngay ★", "Nộp hồ sơ ngay"),
    ("Hộ tịch & Chứng thực", "Hộ tịch và Chứng thực"),
    ("Phòng Tài chính – Kế hoạch", "Phòng Tài chính, Kế hoạch"),
]


@pytest.mark.parametrize(("text", "spoken"), CASES, ids=[c[0] for c in CASES])
def test_spoken_form(text, spoken):
    assert normalise(text, "vi", GLOSSARY) == spoken


def test_there_are_at_least_sixty_cases():
    assert len(CASES) >= 60


def test_no_digits_ever_reach_the_engine():
    assert not any(ch.isdigit() for ch in normalise("Mã H39.12-251203-0042, phiên bản 1.001193, số 7"))


def test_urls_can_be_skipped_by_setting():
    assert normalise("Truy cập dichvucong.gov.vn để nộp", speak_urls=False) == "Truy cập để nộp"


def test_glossary_prefers_the_longest_match_and_respects_case():
    glossary = {"UBND": "Ủy ban nhân dân", "UBND tỉnh": "Ủy ban nhân dân tỉnh Long An"}
    assert normalise("UBND tỉnh và UBND xã", glossary=glossary) == "Ủy ban nhân dân tỉnh Long An và Ủy ban nhân dân xã"
    assert normalise("ubnd", glossary=glossary) == "ubnd"  # lower case is not the acronym


def test_settings_glossary_overrides_the_built_in_reading():
    assert normalise("VNeID", glossary={"VNeID": "vi en ai đi"}) == "vi en ai đi"


def test_decomposed_input_is_normalised_first():
    assert normalise("Le\u0323\u0302 phi\u0301 50.000 đồng") == "Lệ phí năm mươi nghìn đồng"


@pytest.mark.parametrize(
    ("number", "reading"),
    [(0, "không"), (4, "bốn"), (14, "mười bốn"), (40, "bốn mươi"), (41, "bốn mươi mốt"), (101, "một trăm linh một"),
     (1_000_500, "một triệu không trăm nghìn năm trăm"), (10_000, "mười nghìn")],
)
def test_number_readings(number, reading):
    assert read_number(number) == reading


def test_english_keeps_numbers_for_the_english_voice():
    assert normalise("Pay 50,000 VND at dichvucong.gov.vn 😀", "en") == "Pay 50,000 VND at dichvucong dot gov dot vn"
