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

from generator.narration.lexicon import (
    DEFAULT_GLOSSARY,
    FOREIGN_WORDS,
    LEGAL_BODIES,
    LEGAL_TYPES,
    LETTER_NAMES,
    PAIRS,
    PLACES,
    ROMAN_CONTEXT,
    UNITS,
    URL_WORDS,
)
from generator.narration.numbers import read_date, read_decimal, read_digits, read_number, read_time

SYMBOLS = {"%": " phần trăm", "&": " và ", "+": " cộng ", "=": " bằng ", "→": ", ", "…": ", "}
ROMAN = re.compile(r"\b(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})\b")  # I..XXXIX: numerals of chapters, annexes, ranks
UNIT_NAMES = "|".join(re.escape(unit) for unit in sorted(UNITS, key=len, reverse=True))
PER_WORDS = ("đồng|trang|bản|lần|người|hồ sơ|tháng|năm|ngày|giờ|mét vuông|mét|héc ta|ki lô gam|ki lô mét|hộ|xe|"
             "thửa|trường hợp|giấy phép|giấy|tờ|bộ|cái|con|suất|lượt|mê ga bai")

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
    text = _paragraphs(text)
    text = _replace_web_addresses(text, speak_urls, language)
    if language != "vi":
        return _tidy(_drop_unspeakable(text))
    terms = {**DEFAULT_GLOSSARY, **FOREIGN_WORDS, **(glossary or {})}
    for rule in _RULES:
        text = rule(text)
    text = _apply_glossary(text, terms)
    text = _spell_unknown_abbreviations(text)
    text = re.sub(r"\d+", lambda m: read_digits(m.group()), text)  # anything left: digit by digit
    return _tidy(_drop_unspeakable(text))


LEGAL_NAMED = (r"(?:[Ll]uật|[Nn]ghị định|[Tt]hông tư(?: liên tịch)?|[Qq]uyết định|[Nn]ghị quyết|[Pp]háp lệnh|"
               r"[Cc]hỉ thị|[Cc]ông văn|[Hh]ướng dẫn|[Kk]ế hoạch)")
DOCUMENT_CODE = "|".join(sorted([*LEGAL_TYPES, *LEGAL_BODIES], key=len, reverse=True))
ISSUER = r"[A-ZĐ][A-Za-zĐđ]*\d*(?:[-/][A-ZĐ][A-Za-zĐđ]*\d*)*"


def _issuer(code: str) -> tuple[str, str]:
    """'NĐ-CP' -> ('nghị định', 'của Chính phủ'); 'QĐ-BNN-TCTS' -> ('quyết định', 'của Bộ ..., Tổng cục ...')."""
    parts = [part for part in re.split(r"[-/]", code) if part]
    course = re.fullmatch(r"QH(\d+)", parts[0])
    if course:
        return "luật", f"của Quốc hội khóa {read_number(int(course.group(1)))}"
    kind = LEGAL_TYPES.get(parts[0], "")
    bodies = parts[1:] if kind else parts
    named = [LEGAL_BODIES.get(body) or _spell(body) for body in bodies]
    return kind, f"của {', '.join(named)}" if named else ""


def _legal(match: re.Match[str]) -> str:
    named, number, year, issuer = match.group(1), match.group(2), match.group(3), match.group(4)
    reading = f"{read_number(int(number))} năm {read_number(int(year))}"
    kind, by = _issuer(issuer)
    if named:  # "Nghị định (số) 63/2010/NĐ-CP": the type is already said
        said = named.rstrip() if named.rstrip().endswith("số") or not named.strip() else f"{named.rstrip()} số"
        return f"{said} {reading} {by}".rstrip()
    return f"{kind} số {reading} {by}".strip() if kind else f"{reading} {by}".strip()


def _document(match: re.Match[str]) -> str:
    """'2150/QĐ-UBND' (no year) -> 'quyết định số hai nghìn một trăm năm mươi của Ủy ban nhân dân'."""
    named, number, issuer = match.group(1), match.group(2), match.group(3)
    kind, by = _issuer(issuer)
    if named:  # "Quyết định (số) 2150/QĐ-UBND", "số 2150/QĐ-UBND": the type is already said
        said = named.strip() if named.strip().lower().endswith("số") else f"{named.strip()} số"
        return f"{said} {read_number(int(number))} {by}".rstrip()
    return f"{kind} số {read_number(int(number))} {by}".strip()


def _roman_list(match: re.Match[str]) -> str:
    """'cấp I, II và III' -> 'cấp 1, 2 và 3' (then read as numbers)."""
    return match.group(1) + ROMAN.sub(lambda m: str(_roman_value(m.group())), match.group(2))


def _roman_value(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for index, letter in enumerate(numeral):
        value = values[letter]
        total += -value if index + 1 < len(numeral) and values[numeral[index + 1]] > value else value
    return total


def _date(match: re.Match[str]) -> str:
    before, day, month, year = match.group(1), match.group(2), match.group(3), match.group(4)
    if not (1 <= int(day) <= 31 and 1 <= int(month) <= 12):
        return match.group()  # not a date: left to the rules for numbers
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


def _hotline(match: re.Match[str]) -> str:
    """An unspaced 1800/1900 number in its two halves: '18009090' -> 'một tám không không, chín không chín không'."""
    digits = match.group()
    return f"{read_digits(digits[:4])}, {read_digits(digits[4:])}"


def _labelled_phone(match: re.Match[str]) -> str:
    """After fax, ĐT, hotline, tổng đài: digits in their groups, never an amount."""
    label, number = match.group(1), match.group(2).rstrip(" .")
    groups = re.split(r"[\s.]+", number.strip())
    if len(groups) == 1 and len(groups[0]) > 4:
        groups = [groups[0][:4], groups[0][4:]] if groups[0].startswith(("1800", "1900")) else groups
    return f"{label} {', '.join(read_digits(group) for group in groups)}" + match.group(3)


def _range(match: re.Match[str]) -> str:
    return f"{match.group(1)} đến {match.group(2)}"


def _spell(word: str) -> str:
    """Letters by their Vietnamese names, digits one by one: 'TK01' -> 'tê ca không một'."""
    return " ".join(LETTER_NAMES.get(char.upper(), char) if not char.isdigit() else read_digits(char)
                    for char in word if char.isalnum())


def _code(match: re.Match[str]) -> str:
    """A letter code with digits: 'B1' -> 'bê một', 'TK01' -> 'tê ca không một', '3A' -> 'ba a'."""
    letters_first = match.group(1) is not None
    letters = match.group(1) if letters_first else match.group(4)
    digits = match.group(2) if letters_first else match.group(3)
    number = read_digits(digits) if digits.startswith("0") and len(digits) > 1 else read_number(int(digits))
    return f"{_spell(letters)} {number}" if letters_first else f"{number} {_spell(letters)}"


def _slash(match: re.Match[str]) -> str:
    """Word/word: said together ('Anh/Chị'), spelled ('C/O'), or as alternatives ('thôn/ấp')."""
    first, second = match.group(1), match.group(2)
    pair = PAIRS.get(f"{first}/{second}")
    if pair:
        return pair
    if first.isupper() and second.isupper() and len(first) <= 3 and len(second) <= 3:
        return f"{_spell(first)} {_spell(second)}"
    return f"{first} hoặc {second}"


def _sub(pattern: str, replace: Callable[[re.Match[str]], str] | str, flags: int = 0) -> Callable[[str], str]:
    compiled = re.compile(pattern, flags)
    return lambda text: compiled.sub(replace, text)


def _number(token: str) -> int:
    return int(token.replace(".", ""))


_TIME = r"\d{1,2}(?::\d{2}|h\d{0,2})"
_RULES: list[Callable[[str], str]] = [
    # a section number starting a paragraph: "1.2. Trong thời hạn" is "một chấm hai", not a date or decimal
    _sub(r"(?m)^(\d{1,2}(?:\.\d{1,2})+)\.?(?=\s)",
         lambda m: " chấm ".join(read_number(int(part)) for part in m.group(1).split(".")) + "."),
    # a form code written with a stop and a space: "Mẫu số 29. NT" is one code ("29.NT"), not a sentence end
    _sub(r"\b([Mm]ẫu(?:\s+số)?\s+\d{1,3}[a-z]?)\.\s+(?=[A-ZĐ]{1,5}\b)", r"\1."),
    # dimensions: "3 x 4 cm", "4x6", "3×4": "ba nhân bốn"
    _sub(r"\b(\d+(?:,\d+)?)\s*[x×]\s*(?=\d)", r"\1 nhân "),
    # a short Latin acronym after (or before) its English expansion: "(Certificate of Origin - CO)" is
    # spelled "xê o", though "CO" looks like a Vietnamese syllable
    _sub(r"(\(\s*([A-Z])[a-z]+(?:\s+[A-Za-z]+)+\s*[-–,:]\s*)([A-Z]{2,6})(?=\s*\))",
         lambda m: m.group(1) + _spell(m.group(3)) if m.group(3)[0] == m.group(2) else m.group()),
    _sub(r"\b([A-Z]{2,6})(\s*\(\s*([A-Z])[a-z]+(?:\s+[A-Za-z]+)+\s*\))",
         lambda m: _spell(m.group(1)) + m.group(2) if m.group(1)[0] == m.group(3) else m.group()),
    # place abbreviations in addresses: TP Huế, TP.HCM, P.3, Q.10, TX., H. Cần Đước
    *(_sub(pattern, spoken) for pattern, spoken in PLACES.items()),
    # 63/2010/NĐ-CP, 60/2014/QH13, 04/2020/TT-BTP, 01/2021/TT/BTC
    _sub(rf"({LEGAL_NAMED}[^\d\n]{{0,40}}?)?\b(\d{{1,4}})/(\d{{4}})/({ISSUER})", _legal),
    # 2150/QĐ-UBND (a document number without its year)
    _sub(rf"(\b{LEGAL_NAMED}(?:\s+số)?\s+|\b[Ss]ố\s+)?\b(\d{{1,5}})/((?:{DOCUMENT_CODE})(?:-[A-ZĐ][A-Za-zĐđ]*)+)\b",
         _document),
    # Roman numerals after the words that take them: Phụ lục V, cấp I, II và III, quý III/2025
    _sub(rf"(\b(?:{'|'.join(ROMAN_CONTEXT)})\s+)((?:[IVX]+)(?:\s*(?:,|và|hoặc|-|–|đến)\s*[IVX]+\b)*)\b", _roman_list),
    _sub(r"\b([Qq]uý)\s+(\d)\s*/\s*(\d{4})\b", lambda m: f"{m.group(1)} {m.group(2)} năm {m.group(3)}"),
    # ranges with a hyphen between times or days: 7h00 - 11h00, 13:00-17:00, Thứ 2 - Thứ 6
    _sub(rf"\b({_TIME})\s*-\s*(?={_TIME}\b)", r"\1 đến "),
    _sub(r"\b([Tt]hứ\s*\d)\s*[-–]\s*(?=[Tt]hứ|[Cc]hủ nhật)", r"\1 đến "),
    _sub(r"\b([Tt]hứ)\s*4\b", r"\1 tư"),
    # numbers after fax, ĐT, hotline, tổng đài: digits in their groups
    _sub(r"(?i)\b(fax|đt|điện thoại|hotline|đường dây nóng|tổng đài|số máy|sđt|di động)\s*[:.]?\s*"
         r"(\+?\d[\d .]{4,}\d)(\W|$)", _labelled_phone),
    # phone numbers: 0272 3870 111, 0909.123.456, 1900 1234, 18009090 (digit by digit, in their groups)
    _sub(r"(?<![\d.,])(?:0\d{2,3}|1[89]00)(?:[\s.]\d{2,4}){1,3}(?!\d|[.,]\d)", _phone),
    _sub(r"(?<![\d.,])1[89]00\d{4}(?![\d]|[.,]\d)", _hotline),
    _sub(r"(?<![\d.,])0\d{9,10}(?![\d]|[.,]\d)", lambda m: read_digits(m.group())),
    # house numbers: số 7/2, hẻm 12/3 ("bảy trên hai", not a date)
    _sub(r"\b([Ss]ố|[Hh]ẻm|[Nn]gõ|[Kk]iệt|[Nn]gách)\s+(\d+)/(\d+)\b",
         lambda m: f"{m.group(1)} {read_number(int(m.group(2)))} trên {read_number(int(m.group(3)))}"),
    # dates 17/4/2018, 12/03/2025, 17/4 (with an optional "ngày" before)
    _sub(r"(?:\b([Nn]gày)\s+)?\b(\d{1,2})/(\d{1,2})(?:/(\d{4}))?\b", _date),
    # dates with dots: 17.4.2018 (a year is needed: "2.1" alone is a section number)
    _sub(r"(?:\b([Nn]gày)\s+)?\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b", _date),
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
    # procedure codes: 1.004227 (not a thousands separator: six digits after the dot)
    _sub(r"\b(\d)\.(\d{6})\b", lambda m: f"{read_digits(m.group(1))} chấm {read_digits(m.group(2))}"),
    # units after a number: 150.000đ, 2.000 m2, 300m, 2MB, 1,5 ha
    _sub(rf"(\d)\s?({UNIT_NAMES})(?![\w²³])", lambda m: f"{m.group(1)} {UNITS[m.group(2)]}"),
    # letters glued to digits: B1, TK01, 3A, 05b; a code's dot: 05b.HT
    _sub(r"\b(?:([A-ZĐ]{1,4})(\d{1,4})|(\d{1,4})([A-Za-zĐđ]))\b", _code),
    _sub(r"(\w)\.([A-ZĐ]{2,})\b", r"\1 chấm \2"),
    # section numbers in running text: "mục 2.1", "điểm 1.2.3" (parts of one or two digits; thousands have three)
    _sub(r"(?<![\d.,])\d{1,2}(?:\.\d{1,2})+(?![\d]|[.,]\d)",
         lambda m: " chấm ".join(read_number(int(part)) for part in m.group().split("."))),
    # decimals with a comma: 51,1 ; thousands with dots: 1.500.000
    _sub(r"\b(\d+),(\d+)\b", lambda m: read_decimal(m.group(1), m.group(2))),
    _sub(r"\b\d{1,3}(?:\.\d{3})+\b(?!\.\d)", lambda m: read_number(_number(m.group()))),
    # plain numbers, leading zeros dropped (03 ngày làm việc)
    _sub(r"\b\d+\b", lambda m: read_number(int(m.group())) if len(m.group()) <= 12 else read_digits(m.group())),
    # "/" : "mỗi" after money and units ("đồng/lần/người"), said together, spelled or "hoặc" elsewhere
    _sub(rf"\b({PER_WORDS})\s*/\s*(?=\w)", r"\1 mỗi "),
    _sub(r"(?<![\w/])([^\W\d_]+)\s*/\s*([^\W\d_]+)(?![\w/])", _slash),
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
    """Capitals that are not a Vietnamese syllable (BHYT, TNMT, DVC) are acronyms: spell them.

    "BAN", "CHO" and anything with diacritics ("NỘP", "HỒ SƠ") are words and stay as written.
    """

    def spell(match: re.Match[str]) -> str:
        word = match.group()
        return word if SYLLABLE.fullmatch(word) else _spell(word)

    text = re.sub(r"\b[A-ZĐ]{2,6}\b", spell, text)
    # a lone consonant capital is a letter ("hạng C", "tia X"); a lone vowel is also a word ("Sở Y tế")
    return re.sub(r"(?<![\w.])[B-DF-HJ-NP-TV-XZĐ](?![\w.])", lambda m: LETTER_NAMES[m.group()], text)


# A Vietnamese syllable in capitals without diacritics: onset, one to three vowels, final consonant.
SYLLABLE = re.compile(r"(?:NGH|NG|NH|CH|GH|GI|KH|PH|QU|TH|TR|[BCDĐGHKLMNPRSTVX])?[AEIOUY]{1,3}(?:NG|NH|CH|[CMNPT])?")


def _paragraphs(text: str) -> str:
    r"""Paragraphs and list items as paragraphs ("\\n\\n", a pause); bullets and glued markers undone.

    "hồ sơ.c) Nộp lệ phí" and "đúng hạn.3. Nhận" break before the marker; "+ Bản sao" loses its "+";
    "a) Tờ khai" is read "a, Tờ khai".
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"(?<!\d)([.;:!?])[ \t]*(?=(?:[a-zđ]|\d{1,2})\)\s?\S|\d{1,2}(?:\.\d{1,2})*\.\s)", "\\1\n\n",
                  text)
    text = re.sub(r"(?<=[^\W\d_])([.;:!?])(?=[A-ZĐÀ-Ỹ][^\W\d_A-ZĐ])", r"\1 ", text)  # "nếu có.Nộp hồ sơ"
    text = re.sub(r"(?m)^[ \t]*[-+•*–][ \t]+", "\n", text)  # a bullet starts an item of its own
    text = re.sub(r"(?m)^[ \t]*([a-zđ])\)[ \t]*", lambda m: f"\n{LETTER_NAMES[m.group(1).upper()]}, ", text)
    text = re.sub(r"(?m)^[ \t]*(\d{1,2})\)[ \t]*", r"\n\1. ", text)
    return re.sub(r"\n[ \t]*(?=\S)", "\n\n", text)  # every line of a list is a paragraph


def _drop_unspeakable(text: str) -> str:
    """Replace symbols with words where they have one, drop emoji and other symbols."""
    for symbol, spoken in SYMBOLS.items():
        text = text.replace(symbol, spoken)
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category.startswith(("L", "N", "Z", "M")) or char in ".,;:!?'-()\n":
            kept.append(char)
        elif category.startswith("P"):
            kept.append(" " if char in "\"“”«»" else ", ")
        else:
            kept.append(" ")
    return "".join(kept)


def _tidy(text: str) -> str:
    """Spaces and punctuation tidied within each paragraph; paragraphs kept, each ending in a full stop."""
    paragraphs = []
    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = re.sub(r"\s+", " ", paragraph)
        paragraph = re.sub(r"\s+([,.;:!?])", r"\1", paragraph)
        paragraph = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", paragraph)
        paragraph = re.sub(r"\(\s*\)", "", paragraph).strip(" ,;:")
        if paragraph:
            paragraphs.append(paragraph)
    if len(paragraphs) > 1:
        paragraphs = [p if p[-1] in ".!?" else p + "." for p in paragraphs]
    return "\n\n".join(paragraphs)
