"""Vietnamese readings of numbers, digits, dates and times (the rules announcers follow)."""

from __future__ import annotations

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
MONTHS = {1: "một", 4: "tư"}  # "tháng tư", never "tháng bốn"; other months read as numbers


def read_digits(digits: str) -> str:
    """'0272' -> 'không hai bảy hai' (phone numbers, codes)."""
    return " ".join(DIGITS[int(d)] for d in digits if d.isdigit())


def _read_tens(number: int, *, after_hundreds: bool) -> list[str]:
    """Read 0..99; `after_hundreds` adds 'linh' before a lone unit (105 -> một trăm linh năm)."""
    tens, units = divmod(number, 10)
    if tens == 0:
        if units == 0:
            return []
        return ["linh", DIGITS[units]] if after_hundreds else [DIGITS[units]]
    words = ["mười"] if tens == 1 else [DIGITS[tens], "mươi"]
    if units == 1 and tens > 1:
        words.append("mốt")
    elif units == 4 and tens > 1:
        words.append("tư")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return words


def _read_group(number: int, *, full: bool) -> list[str]:
    """Read 0..999; `full` reads 'không trăm' for a group that follows a higher one."""
    hundreds, rest = divmod(number, 100)
    if hundreds == 0 and not full:
        return _read_tens(rest, after_hundreds=False)
    return [DIGITS[hundreds], "trăm", *_read_tens(rest, after_hundreds=True)]


def read_number(number: int) -> str:
    """Read a whole number the Vietnamese way: 2018 -> hai nghìn không trăm mười tám."""
    if number < 0:
        return "âm " + read_number(-number)
    if number == 0:
        return "không"
    billions, rest = divmod(number, 1_000_000_000)
    words = [read_number(billions), "tỷ"] if billions else []
    groups = [(rest // 1_000_000, "triệu"), (rest // 1000 % 1000, "nghìn"), (rest % 1000, "")]
    for position, (group, scale) in enumerate(groups):
        later = any(g for g, _ in groups[position + 1 :])
        if group == 0:
            if words and later and scale:  # 1.000.500: "một triệu không trăm nghìn năm trăm"
                words += ["không", "trăm", scale]
            continue
        words += _read_group(group, full=bool(words))
        if scale:
            words.append(scale)
    return " ".join(words)


def read_decimal(whole: str, fraction: str) -> str:
    """'51', '1' -> 'năm mươi mốt phẩy một'; a fraction with a leading zero is read digit by digit."""
    head = read_number(int(whole))
    if fraction.startswith("0") or len(fraction) > 3:
        return f"{head} phẩy {read_digits(fraction)}"
    return f"{head} phẩy {read_number(int(fraction))}"


def read_date(day: int | None, month: int, year: int | None) -> str:
    """'17/4/2018' -> 'ngày mười bảy tháng tư năm hai nghìn không trăm mười tám'."""
    parts = []
    if day is not None:
        parts.append(f"ngày {read_number(day)}")
    parts.append(f"tháng {MONTHS.get(month, read_number(month))}")
    if year is not None:
        parts.append(f"năm {read_number(year)}")
    return " ".join(parts)


def read_time(hours: int, minutes: int) -> str:
    """'07:30' -> 'bảy giờ ba mươi phút'; '17:00' -> 'mười bảy giờ'."""
    spoken = f"{read_number(hours)} giờ"
    return f"{spoken} {read_number(minutes)} phút" if minutes else spoken
