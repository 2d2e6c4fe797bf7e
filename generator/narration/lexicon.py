"""Word tables for the Vietnamese normaliser, each entry as a Vietnamese speaker says it.

Abbreviations, issuers of legal documents, units, letter names, words of web addresses, foreign words.

Settings' `glossary` adds to and overrides DEFAULT_GLOSSARY; everything else is fixed here.
"""

from __future__ import annotations

# Built in: what every Vietnamese public-service text needs. Settings' glossary adds and overrides.
DEFAULT_GLOSSARY = {
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "TTHC": "thủ tục hành chính",
    "DVCTT": "dịch vụ công trực tuyến",
    "CCCD": "căn cước công dân",
    "CMND": "chứng minh nhân dân",
    "VNeID": "vê en ê ai đi",
    "QR": "cu a",
    "PDF": "pê đê ép",
    "OTP": "ô tê pê",
    "SMS": "ét em ét",
    "HCM": "Hồ Chí Minh",
    # social insurance and labour (Bảo hiểm xã hội, Lao động): what their forms and notices abbreviate
    "BHXH": "bảo hiểm xã hội", "BHYT": "bảo hiểm y tế", "BHTN": "bảo hiểm thất nghiệp",
    "BHTNLĐ-BNN": "bảo hiểm tai nạn lao động, bệnh nghề nghiệp", "TNLĐ-BNN": "tai nạn lao động, bệnh nghề nghiệp",
    "BHTNLĐ": "bảo hiểm tai nạn lao động", "TNLĐ": "tai nạn lao động", "BNN": "bệnh nghề nghiệp",
    "NLĐ": "người lao động", "NSDLĐ": "người sử dụng lao động", "ĐVSDLĐ": "đơn vị sử dụng lao động",
    "HĐLĐ": "hợp đồng lao động", "HĐLV": "hợp đồng làm việc", "KCB": "khám chữa bệnh",
    "CSKCB": "cơ sở khám chữa bệnh", "ATVSLĐ": "an toàn, vệ sinh lao động", "TCTN": "trợ cấp thất nghiệp",
    "LĐTBXH": "Lao động, Thương binh và Xã hội", "GDNN": "giáo dục nghề nghiệp", "MST": "mã số thuế",
    "TNCN": "thu nhập cá nhân", "HSSV": "học sinh, sinh viên",
    "email": "thư điện tử",
    "e-mail": "thư điện tử",
}

# Foreign words in portal text, as Vietnamese speakers say them (an English voice must not read them).
FOREIGN_WORDS = {
    "Campuchia": "Cam pu chia", "online": "on lai", "offline": "óp lai", "Zalo": "Da lô", "file": "phai",
    "website": "oép sai", "web": "oép", "Internet": "in tơ nét", "internet": "in tơ nét", "Wifi": "oai phai",
    "wifi": "oai phai", "OK": "ô kê", "app": "áp", "Facebook": "phây búc", "Google": "gu gồ", "scan": "xcan",
    "upload": "úp lốt", "download": "đao lốt", "password": "mật khẩu", "username": "tên đăng nhập",
    "hotline": "hót lai", "fax": "phắc", "Fax": "phắc", "Viettel": "Vi ét teo", "VNPT": "vê en pê tê",
    "Mobifone": "Mô bi phôn", "Vinaphone": "Vi na phôn", "smartphone": "điện thoại thông minh",
    "Covid": "Cô vít", "COVID": "Cô vít",
}  # fmt: skip

# Types and issuing bodies of legal documents: "63/2010/NĐ-CP" -> "nghị định ... của Chính phủ".
LEGAL_TYPES = {
    "NĐ": "nghị định", "TT": "thông tư", "QĐ": "quyết định", "NQ": "nghị quyết", "CT": "chỉ thị",
    "TTLT": "thông tư liên tịch", "PL": "pháp lệnh", "L": "luật", "HD": "hướng dẫn", "KH": "kế hoạch",
    "CV": "công văn",
}  # fmt: skip
LEGAL_BODIES = {
    "CP": "Chính phủ", "TTg": "Thủ tướng Chính phủ", "QH": "Quốc hội", "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân", "BTP": "Bộ Tư pháp", "BTC": "Bộ Tài chính",
    "BCA": "Bộ Công an", "BXD": "Bộ Xây dựng", "BYT": "Bộ Y tế", "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BNN": "Bộ Nông nghiệp và Phát triển nông thôn", "BTNMT": "Bộ Tài nguyên và Môi trường",
    "BNNMT": "Bộ Nông nghiệp và Môi trường", "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "BLĐTBXH": "Bộ Lao động, Thương binh và Xã hội", "BCT": "Bộ Công Thương", "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "BNV": "Bộ Nội vụ", "BTTTT": "Bộ Thông tin và Truyền thông", "BGTVT": "Bộ Giao thông vận tải",
    "BKHCN": "Bộ Khoa học và Công nghệ", "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch", "BQP": "Bộ Quốc phòng",
    "BNG": "Bộ Ngoại giao", "NHNN": "Ngân hàng Nhà nước", "TCTS": "Tổng cục Thủy sản", "TCT": "Tổng cục Thuế",
    "BHXH": "Bảo hiểm xã hội", "VPCP": "Văn phòng Chính phủ", "TANDTC": "Tòa án nhân dân tối cao",
    "VKSNDTC": "Viện kiểm sát nhân dân tối cao", "STP": "Sở Tư pháp",
}  # fmt: skip

LETTER_NAMES = {
    "A": "a", "B": "bê", "C": "xê", "D": "dê", "Đ": "đê", "E": "e", "F": "ép", "G": "giê", "H": "hát",
    "I": "i", "J": "gi", "K": "ca", "L": "e lờ", "M": "em mờ", "N": "en nờ", "O": "o", "P": "pê",
    "Q": "quy", "R": "e rờ", "S": "ét", "T": "tê", "U": "u", "V": "vê", "W": "vê kép", "X": "ích",
    "Y": "i dài", "Z": "dét",
}  # fmt: skip

# Units after a number ("300m", "2.000 m2", "1,5 ha", "150.000đ"); the longest are tried first.
UNITS = {
    "đ": "đồng", "VNĐ": "đồng", "VND": "đồng", "vnđ": "đồng", "m2": "mét vuông", "m²": "mét vuông",
    "km2": "ki lô mét vuông", "km²": "ki lô mét vuông", "m3": "mét khối", "m³": "mét khối", "km": "ki lô mét",
    "cm": "xăng ti mét", "mm": "mi li mét", "m": "mét", "kg": "ki lô gam", "g": "gam", "ha": "héc ta",
    "MB": "mê ga bai", "GB": "gi ga bai", "KB": "ki lô bai", "kW": "ki lô oát", "kWh": "ki lô oát giờ",
    "l": "lít", "ml": "mi li lít", "tr": "triệu", "%": "phần trăm",
}  # fmt: skip

# Context words before a Roman numeral ("Phụ lục V", "cấp I, II và III", "quý III/2025").
ROMAN_CONTEXT = ("Phụ lục", "Chương", "Mục", "Phần", "hạng", "cấp", "loại", "nhóm", "quý", "khóa", "khoá", "Khóa",
                 "đợt", "kỳ", "Tập", "tập", "bậc", "vùng", "Điều")

# Place abbreviations in addresses: written form (a regular expression) -> spoken.
PLACES = {
    r"\bTP\.?\s*(?=[A-ZĐ])": "thành phố ", r"\bTp\.\s*": "thành phố ", r"\bTX\.\s*": "thị xã ",
    r"\bTT\.\s*(?=[A-ZĐ])": "thị trấn ", r"\bH\.\s*(?=[A-ZĐ][a-zà-ỹ])": "huyện ", r"\bX\.\s*(?=[A-ZĐ][a-zà-ỹ])": "xã ",
    r"\bP\.\s*(?=\d|[A-ZĐ][a-zà-ỹ])": "phường ", r"\bQ\.\s*(?=\d|[A-ZĐ][a-zà-ỹ])": "quận ",
    r"\bKP\.?\s*(?=\d)": "khu phố ", r"\bĐ\.\s*(?=[A-ZĐ][a-zà-ỹ])": "đường ",
}  # fmt: skip

URL_WORDS = {
    "dichvucong": "dịch vụ công", "longan": "long an", "gov": "gov", "vn": "vn", "www": "", "moj": "em o gi",
    "lltptructuyen": "lý lịch tư pháp trực tuyến", "huongdan": "hướng dẫn", "canduoc": "cần đước",
    "com": "com", "gmail": "gờ meo", "thutuc": "thủ tục", "hanhchinh": "hành chính", "congdichvu": "cổng dịch vụ",
    "baohiemxahoi": "bảo hiểm xã hội", "vssid": "vê ét ét i đê", "csdl": "xê ét đê e lờ", "dvc": "đê vê xê",
}  # fmt: skip

# Two words joined by "/" that are said together, not as alternatives.
PAIRS = {"anh/chị": "anh chị", "ông/bà": "ông bà", "Anh/Chị": "Anh chị", "Ông/Bà": "Ông bà", "em/cháu": "em cháu"}
