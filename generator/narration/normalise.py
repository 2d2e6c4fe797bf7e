"""Turn display text into what the voice should say (Vietnamese text normalisation).

Display text stays as staff wrote it; this produces the spoken form: numbers, dates, times, fees,
decree numbers, phone numbers, web addresses and abbreviations become words, so that no engine
has to guess (espeak-ng reads "50.000" as "năm mươi ngàn không trăm" and "UBND" in English).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from generator.narration.numbers import read_date, read_decimal, read_digits, read_number, read_time

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
    "MB": "mê ga bai",
    "OTP": "ô tê pê",
    "SMS": "ét em ét",
    "m²": "mét vuông",
    "km": "ki lô mét",
    "TP.": "thành phố",
    "email": "thư điện tử",
    "e-mail": "thư điện tử",
}

# Issuers of legal documents: "63/2010/NĐ-CP" -> "(nghị định) ... của Chính phủ".
LEGAL_ISSUERS = {
    "NĐ-CP": ("nghị định", "của Chính phủ"),
    "TT-BTP": ("thông tư", "của Bộ Tư pháp"),
    "TT-BTC": ("thông tư", "của Bộ Tài chính"),
    "TT-BCA": ("thông tư", "của Bộ Công an"),
    "TT-BXD": ("thông tư", "của Bộ Xây dựng"),
    "QĐ-TTg": ("quyết định", "của Thủ tướng Chính phủ"),
    "QĐ-UBND": ("quyết định", "của Ủy ban nhân dân"),
    "NQ-HĐND": ("nghị quyết", "của Hội đồng nhân dân"),
}
LEGAL_TYPES = r"(?:[Ll]uật|[Nn]ghị định|[Tt]hông tư|[Qq]uyết định|[Nn]ghị quyết|[Pp]háp lệnh)"

LETTER_NAMES = {
    "A": "a", "B": "bê", "C": "xê", "D": "dê", "Đ": "đê", "E": "e", "F": "ép", "G": "giê", "H": "hát",
    "I": "i", "J": "gi", "K": "ca", "L": "e lờ", "M": "em mờ", "N": "en nờ", "O": "o", "P": "pê",
    "Q": "quy", "R": "e rờ", "S": "ét", "T": "tê", "U": "u", "V": "vê", "W": "vê kép", "X": "ích",
    "Y": "i dài", "Z": "dét",
}  # fmt: skip

URL_WORDS = {
    "dichvucong": "dịch vụ công", "longan": "long an", "gov": "gov", "vn": "vn", "www": "", "moj": "em o gi",
    "lltptructuyen": "lý lịch tư pháp trực tuyến", "huongdan": "hướng dẫn", "canduoc": "cần đước",
    "com": "com", "gmail": "gờ meo",
}  # fmt: skip

SYMBOLS = {"%": " phần trăm", "&": " và ", "+": " cộng ", "=": " bằng ", "→": ", ", "…": ", "}


@dataclass(frozen=True)
class Normaliser:
    """Spoken-form rules for one language, configured by the site's glossary and settings."""

    language: str = "vi"
    glossary: Mapping[str, str] = field(default_factory=dict)
    speak_urls: bool = True

    def __call__(self, text: str) -> str:
        """The spoken form of `text`."""
        return normalise(text, self.language, self.glossary, speak_urls=self.speak_urls)


MARKUP = re.compile(r"</?[A-Za-z][^<>]{0,200}>|<!--.*?-->|\x1b\[[0-9;?]*[A-Za-z]")


def normalise(text: str, language: str = "vi", glossary: Mapping[str, str] | None = None,
              *, speak_urls: bool = True) -> str:
    """Spoken form of display text (NFC, no digits left for Vietnamese, no unspeakable symbols)."""
    text = unicodedata.normalize("NFC", text)
    text = MARKUP.sub(" ", text)  # tags and terminal colour codes are never read aloud
    text = _replace_web_addresses(text, speak_urls, language)
    if language != "vi":
        return _tidy(_drop_unspeakable(text))
    terms = {**DEFAULT_GLOSSARY, **(glossary or {})}
    for rule in _RULES:
        text = rule(text)
    text = _apply_glossary(text, terms)
    text = _spell_unknown_abbreviations(text)
    text = re.sub(r"\d+", lambda m: read_digits(m.group()), text)  # anything left: digit by digit
    return _tidy(_drop_unspeakable(text))


def _sub(pattern: str, replace: Callable[[re.Match[str]], str]) -> Callable[[str], str]:
    compiled = re.compile(pattern)
    return lambda text: compiled.sub(replace, text)


def _number(token: str) -> int:
    return int(token.replace(".", ""))


def _legal(match: re.Match[str]) -> str:
    named, number, year, issuer = match.group(1), match.group(2), match.group(3), match.group(4)
    reading = f"{read_number(int(number))} năm {read_number(int(year))}"
    course = re.fullmatch(r"QH(\d+)", issuer)
    if course:
        kind, by = "luật", f"của Quốc hội khóa {read_number(int(course.group(1)))}"
    elif issuer in LEGAL_ISSUERS:
        kind, by = LEGAL_ISSUERS[issuer]
    else:
        kind, by = "", " ".join(LETTER_NAMES.get(c, c) for c in issuer if c not in " -")
    if named:
        return f"{named}{reading} {by}"  # "Nghị định số 63/2010/NĐ-CP": the type is already said
    return f"{kind} số {reading} {by}".strip() if kind else f"{reading} {by}"


def _date(match: re.Match[str]) -> str:
    before, day, month, year = match.group(1), match.group(2), match.group(3), match.group(4)
    spoken = read_date(int(day), int(month), int(year) if year else None)
    if before and before.lower() == "ngày":  # "ngày 17/4/2018": do not say "ngày" twice
        return before[0] + spoken[1:]
    return f"{before} {spoken}" if before else spoken


def _month_year(match: re.Match[str]) -> str:
    word, month, year = match.group(1), int(match.group(2)), int(match.group(3))
    return f"{word[0]}{read_date(None, month, year)[1:]}"


def _phone(match: re.Match[str]) -> str:
    groups = re.split(r"[\s.]", match.group())
    return ", ".join(read_digits(group) for group in groups if group)


def _range(match: re.Match[str]) -> str:
    return f"{match.group(1)} đến {match.group(2)}"


def _per(match: re.Match[str]) -> str:
    return f"{match.group(1)} mỗi {match.group(2)}"


_RULES: list[Callable[[str], str]] = [
    # 63/2010/NĐ-CP, 60/2014/QH13, 04/2020/TT-BTP
    _sub(rf"({LEGAL_TYPES}[^\d\n]{{0,40}}?)?\b(\d{{1,4}})/(\d{{4}})/([A-ZĐ][A-Za-zĐđ]*(?:-[A-ZĐ][A-Za-zĐđ]*)*\d*)",
         _legal),
    # phone numbers: 0272 3870 111, 0909.123.456, 1900 1234 (read digit by digit, in their groups)
    _sub(r"(?<![\d.,])(?:0\d{2,3}|1[89]00)(?:[\s.]\d{2,4}){1,3}(?![\d.,])", _phone),
    _sub(r"(?<![\d.,])0\d{9,10}(?![\d.,])", lambda m: read_digits(m.group())),
    # dates 17/4/2018, 12/03/2025, 17/4 (with an optional "ngày" before)
    _sub(r"(?:\b([Nn]gày)\s+)?\b(\d{1,2})/(\d{1,2})(?:/(\d{4}))?\b", _date),
    # "tháng 11/2022"
    _sub(r"\b([Tt]háng)\s+(\d{1,2})/(\d{4})\b", _month_year),
    _sub(r"\b([Tt]háng)\s+0?4\b", lambda m: f"{m.group(1)} tư"),
    # times 07:30, 15h30, 15h
    _sub(r"\b(\d{1,2}):(\d{2})\b", lambda m: read_time(int(m.group(1)), int(m.group(2)))),
    _sub(r"\b(\d{1,2})h(\d{2})?\b", lambda m: read_time(int(m.group(1)), int(m.group(2) or 0))),
    # ranges: "07:30–11:30", "3-5 ngày" (after times became words, before numbers do)
    _sub(r"(\S)\s*[–—]\s*(?=\S)", lambda m: f"{m.group(1)} – "),
    _sub(r"\b(\d+)\s*[-–]\s*(\d+)\b", _range),
    _sub(r"(phút|giờ) – (\w)", _range),
    # decimals with a comma: 51,1 ; thousands with dots: 1.500.000
    _sub(r"\b(\d+),(\d+)\b", lambda m: read_decimal(m.group(1), m.group(2))),
    _sub(r"\b\d{1,3}(?:\.\d{3})+\b(?!\.\d)", lambda m: read_number(_number(m.group()))),
    # "5 MB" keeps its space; plain numbers, leading zeros dropped (03 ngày làm việc)
    _sub(r"\b\d+\b", lambda m: read_number(int(m.group())) if len(m.group()) <= 12 else read_digits(m.group())),
    # "đồng/lần/người" -> "đồng mỗi lần mỗi người"
    _sub(r"(\w)/(?=\w)", lambda m: f"{m.group(1)} mỗi "),
]


def _replace_web_addresses(text: str, speak: bool, language: str) -> str:
    def email(match: re.Match[str]) -> str:
        if not speak:
            return ""
        user, domain = match.group(1), match.group(2)
        at = " a còng " if language == "vi" else " at "
        return _read_domain(user, language) + at + _read_domain(domain, language)

    def url(match: re.Match[str]) -> str:
        if not speak:
            return ""
        domain = re.sub(r"^(https?://)?(www\.)?", "", match.group()).split("/")[0]
        return _read_domain(domain, language)

    text = re.sub(r"\b([\w.+-]+)@([\w-]+(?:\.[\w-]+)+)", email, text)
    return re.sub(r"\b(?:https?://|www\.)[^\s,;)]+|\b[\w-]+(?:\.[\w-]+)*\.(?:gov\.vn|com\.vn|vn|com|org|net)\b",
                  url, text)


def _read_domain(domain: str, language: str) -> str:
    dot = " chấm " if language == "vi" else " dot "
    parts = [URL_WORDS.get(part.lower(), part) if language == "vi" else part for part in domain.split(".")]
    return dot.join(part for part in parts if part)


def _apply_glossary(text: str, terms: Mapping[str, str]) -> str:
    """Expand glossary terms, longest first; all-caps terms match case exactly, others ignore case."""
    if not terms:
        return text
    ordered = sorted(terms, key=len, reverse=True)
    pattern = "|".join(f"(?P<t{index}>{re.escape(term)})" for index, term in enumerate(ordered))
    compiled = re.compile(rf"(?<![\w])(?:{pattern})(?![\w])", re.IGNORECASE)

    def expand(match: re.Match[str]) -> str:
        term = ordered[int(match.lastgroup[1:])]  # type: ignore[index]
        word = match.group()
        if term.upper() == term and word != term:  # "ubnd" in running text is not the acronym
            return word
        return terms[term]

    return compiled.sub(expand, text)


def _spell_unknown_abbreviations(text: str) -> str:
    """All-caps words of 2-5 letters without a vowel (CCCD, TNMT) are acronyms: spell them."""

    def spell(match: re.Match[str]) -> str:
        word = match.group()
        if _VOWEL.search(unicodedata.normalize("NFD", word)):
            return word  # "NỘP", "HỒ SƠ": capitalised words, not acronyms
        return " ".join(LETTER_NAMES.get(letter, letter) for letter in word)

    return re.sub(r"\b[A-ZĐ]{2,5}\b", spell, text)


_VOWEL = re.compile(r"[AEIOUY]")


def _drop_unspeakable(text: str) -> str:
    """Replace symbols with words where they have one, drop emoji and other symbols."""
    for symbol, spoken in SYMBOLS.items():
        text = text.replace(symbol, spoken)
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category.startswith(("L", "N", "Z", "M")) or char in ".,;:!?'-()":
            kept.append(char)
        elif category.startswith("P"):
            kept.append(" " if char in "\"“”«»" else ", ")
        else:
            kept.append(" ")
    return "".join(kept)


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
    text = re.sub(r"\(\s*\)", "", text)
    return text.strip(" ,;:")
