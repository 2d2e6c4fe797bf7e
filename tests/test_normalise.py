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
    ("2,75 m", "hai phẩy bảy mươi lăm mét"),
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

# Round two: the classes real portal text was misread in, several shapes each.
PORTAL_CASES = [
    # 1. Roman numerals after the words that take them (a lone X elsewhere is the letter)
    ("Nộp theo mẫu tại Phụ lục V", "Nộp theo mẫu tại Phụ lục năm"),
    ("Phụ lục IX kèm theo Nghị định", "Phụ lục chín kèm theo Nghị định"),
    ("Chương III, Mục 2", "Chương ba, Mục hai"),
    ("Phần IV của tờ khai", "Phần bốn của tờ khai"),
    ("công trình cấp I, II và III", "công trình cấp một, hai và ba"),
    ("nhóm VI hoặc nhóm VII", "nhóm sáu hoặc nhóm bảy"),
    ("quý III/2025", "quý ba năm hai nghìn không trăm hai mươi lăm"),
    ("Báo cáo quý IV năm 2024", "Báo cáo quý bốn năm hai nghìn không trăm hai mươi tư"),
    ("khóa XV", "khóa mười lăm"),
    ("thiết bị chụp tia X", "thiết bị chụp tia ích"),
    ("phim X-quang", "phim ích-quang"),
    # 2. glued punctuation, list markers, bullets, paragraphs (a paragraph is a pause)
    ("hồ sơ.c) Nộp lệ phí", "hồ sơ.\n\nxê, Nộp lệ phí."),
    ("đúng hạn.3. Nhận kết quả", "đúng hạn.\n\nba. Nhận kết quả."),
    ("Thành phần:a) Tờ khai;b) Giấy chứng sinh", "Thành phần.\n\na, Tờ khai.\n\nbê, Giấy chứng sinh."),
    ("+ Bản sao CCCD\n+ Giấy khai sinh", "Bản sao căn cước công dân.\n\nGiấy khai sinh."),
    ("- Bản chính\n- Bản sao", "Bản chính.\n\nBản sao."),
    ("Đoạn một.\n\nĐoạn hai", "Đoạn một.\n\nĐoạn hai."),
    ("nếu có.Nộp hồ sơ tại Bộ phận một cửa.", "nếu có. Nộp hồ sơ tại Bộ phận một cửa."),
    # 3. "/" : "mỗi" only after money and units; together, spelled or "hoặc" elsewhere
    ("20.000 đồng/bản", "hai mươi nghìn đồng mỗi bản"),
    ("50.000 đồng/hồ sơ", "năm mươi nghìn đồng mỗi hồ sơ"),
    ("thôn/ấp", "thôn hoặc ấp"),
    ("Anh/Chị vui lòng", "Anh chị vui lòng"),
    ("Ông/Bà", "Ông bà"),
    ("Giấy chứng nhận xuất xứ (C/O)", "Giấy chứng nhận xuất xứ (xê o)"),
    ("Quyết định 2150/QĐ-UBND", "Quyết định số hai nghìn một trăm năm mươi của Ủy ban nhân dân"),
    ("Công văn số 123/UBND-VP", "Công văn số một trăm hai mươi ba của Ủy ban nhân dân, vê pê"),
    ("Quyết định số 1085/QĐ-BNV", "Quyết định số một nghìn không trăm tám mươi lăm của Bộ Nội vụ"),
    ("quý II/2024", "quý hai năm hai nghìn không trăm hai mươi tư"),
    # 4. phone numbers: before "." or ",", unspaced hotlines, after fax / ĐT / hotline / tổng đài
    ("Gọi 1900 8888.", "Gọi một chín không không, tám tám tám tám."),
    ("Tổng đài 18009090", "Tổng đài một tám không không, chín không chín không"),
    ("Hotline: 1800 1096, hoặc email", "hót lai một tám không không, một không chín sáu, hoặc thư điện tử"),
    ("fax: 0272 3826 111", "phắc không hai bảy hai, ba tám hai sáu, một một một"),
    ("Đường dây nóng 0909123456.", "Đường dây nóng không chín không chín một hai ba bốn năm sáu."),
    ("tổng đài 1900.9090", "tổng đài một chín không không, chín không chín không"),
    ("Gọi 0272 3870 111, hoặc", "Gọi không hai bảy hai, ba tám bảy không, một một một, hoặc"),
    # 5. place abbreviations in addresses
    ("TP Huế", "thành phố Huế"),
    ("TP.HCM", "thành phố Hồ Chí Minh"),
    ("Tp. Tân An", "thành phố Tân An"),
    ("P.3, Q.10", "phường ba, quận mười"),
    ("TX. Kiến Tường", "thị xã Kiến Tường"),
    ("H. Cần Đước, tỉnh Long An", "huyện Cần Đước, tỉnh Long An"),
    ("KP.2, TT. Cần Đước", "khu phố hai, thị trấn Cần Đước"),
    # 6. letters glued to digits, and units
    ("giấy phép lái xe hạng A1", "giấy phép lái xe hạng a một"),
    ("Hạng B2 hoặc C", "Hạng bê hai hoặc xê"),
    ("phòng 3A", "phòng ba a"),
    ("mẫu TK01", "mẫu tê ca không một"),
    ("mẫu 05b.HT", "mẫu không năm bê chấm hát tê"),
    ("150.000đ", "một trăm năm mươi nghìn đồng"),
    ("2.000 m2", "hai nghìn mét vuông"),
    ("cách 300m", "cách ba trăm mét"),
    ("tệp dưới 2MB", "tệp dưới hai mê ga bai"),
    ("1,5 ha", "một phẩy năm héc ta"),
    ("20 cm, 5 kg, 12 km", "hai mươi xăng ti mét, năm ki lô gam, mười hai ki lô mét"),
    # 7. ranges with a hyphen
    ("7h00 - 11h00", "bảy giờ đến mười một giờ"),
    ("13:00-17:00", "mười ba giờ đến mười bảy giờ"),
    ("8h-11h", "tám giờ đến mười một giờ"),
    ("Thứ 2 - Thứ 6", "Thứ hai đến Thứ sáu"),
    ("thứ 2 đến thứ 7", "thứ hai đến thứ bảy"),
    ("Thứ 4", "Thứ tư"),
    # 8. acronyms: spelled unless the capitals form a Vietnamese syllable
    ("TNMT", "tê en nờ em mờ tê"),
    ("thẻ DVC", "thẻ dê vê xê"),
    ("ATM và USB", "a tê em mờ và u ét bê"),
    ("BAN HÀNH", "BAN HÀNH"),
    ("XIN CHÀO", "XIN CHÀO"),
    ("Sở Y tế", "Sở Y tế"),
    # 9. issuers: ministries, several bodies, "TT/" with a slash
    ("Thông tư 46/2018/TT-BYT", "Thông tư số bốn mươi sáu năm hai nghìn không trăm mười tám của Bộ Y tế"),
    ("Thông tư số 25/2019/TT-BNNPTNT", "Thông tư số hai mươi lăm năm hai nghìn không trăm mười chín của Bộ Nông nghiệp "
                                        "và Phát triển nông thôn"),
    ("theo 07/2019/TT-BTNMT",
     "theo thông tư số bảy năm hai nghìn không trăm mười chín của Bộ Tài nguyên và Môi trường"),
    ("Quyết định 123/2020/QĐ-BNN-TCTS", "Quyết định số một trăm hai mươi ba năm hai nghìn không trăm hai mươi của Bộ "
                                        "Nông nghiệp và Phát triển nông thôn, Tổng cục Thủy sản"),
    ("Thông tư 01/2021/TT/BTC", "Thông tư số một năm hai nghìn không trăm hai mươi mốt của Bộ Tài chính"),
    ("Thông tư số 17/2023/TT-BGDĐT", "Thông tư số mười bảy năm hai nghìn không trăm hai mươi ba của Bộ Giáo dục và "
                                     "Đào tạo"),
    ("Thông tư 04/2022/TT-NHNN", "Thông tư số bốn năm hai nghìn không trăm hai mươi hai của Ngân hàng Nhà nước"),
    # 10. small things: house numbers, procedure codes, foreign words, portal addresses
    ("số 7/2 đường Nguyễn Huệ", "số bảy trên hai đường Nguyễn Huệ"),
    ("Hẻm 12/3", "Hẻm mười hai trên ba"),
    ("ngõ 45/17", "ngõ bốn mươi lăm trên mười bảy"),
    ("thủ tục ( 1.004227 )", "thủ tục ( một chấm không không bốn hai hai bảy )"),
    ("mã 2.000720", "mã hai chấm không không không bảy hai không"),
    ("người Campuchia", "người Cam pu chia"),
    ("nộp online qua Zalo", "nộp on lai qua Da lô"),
    ("gửi file, xem website", "gửi phai, xem oép sai"),
    ("https://dichvucong.gov.vn/p/home/dvc-thutuc.html", "dịch vụ công chấm gov chấm vn"),
    ("Vào thutuc.dichvucong.gov.vn", "Vào thủ tục chấm dịch vụ công chấm gov chấm vn"),
    # the last classes: a section number glued to a sentence end, dimensions, a form code with a stop and a
    # space, a Latin acronym after its English expansion, social-insurance and labour acronyms
    ("Hồ sơ theo Nghị định.1.2. Trong thời hạn 03 ngày",
     "Hồ sơ theo Nghị định.\n\nmột chấm hai. Trong thời hạn ba ngày."),
    ("theo quy định tại mục 2.1 và điểm 3.2.1", "theo quy định tại mục hai chấm một và điểm ba chấm hai chấm một"),
    ("02 ảnh cỡ 3 x 4 cm", "hai ảnh cỡ ba nhân bốn xăng ti mét"),
    ("ảnh 4x6, nền trắng", "ảnh bốn nhân sáu, nền trắng"),
    ("khổ 3,5×4,5 cm", "khổ ba phẩy năm nhân bốn phẩy năm xăng ti mét"),
    ("Tờ khai theo Mẫu số 29. NT ban hành kèm", "Tờ khai theo Mẫu số hai mươi chín chấm en nờ tê ban hành kèm"),
    ("Giấy chứng nhận xuất xứ (Certificate of Origin - CO) mẫu D",
     "Giấy chứng nhận xuất xứ (Certificate of Origin - xê o) mẫu dê"),
    ("nhựa (Polyethylene terephthalate - PET) tái chế", "nhựa (Polyethylene terephthalate - pê e tê) tái chế"),
    ("CO (Certificate of Origin) mẫu D", "xê o (Certificate of Origin) mẫu dê"),
    ("Cấp lại sổ BHXH, thẻ BHYT", "Cấp lại sổ bảo hiểm xã hội, thẻ bảo hiểm y tế"),
    ("đóng BHTN, BHTNLĐ-BNN cho NLĐ", "đóng bảo hiểm thất nghiệp, bảo hiểm tai nạn lao động, bệnh nghề nghiệp cho "
                                      "người lao động"),
    ("NSDLĐ ký HĐLĐ; KCB tại CSKCB ban đầu", "người sử dụng lao động ký hợp đồng lao động; khám chữa bệnh tại cơ sở "
                                            "khám chữa bệnh ban đầu"),
    ("Sở LĐTBXH; hưởng TCTN", "Sở Lao động, Thương binh và Xã hội; hưởng trợ cấp thất nghiệp"),
    ("ngày 17.4.2018", "ngày mười bảy tháng tư năm hai nghìn không trăm mười tám"),
]
CASES += PORTAL_CASES


@pytest.mark.parametrize(("text", "spoken"), CASES, ids=[c[0] for c in CASES])
def test_spoken_form(text, spoken):
    assert normalise(text, "vi", GLOSSARY) == spoken


def test_there_are_at_least_sixty_cases():
    assert len(CASES) >= 60 and len(PORTAL_CASES) >= 70



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
