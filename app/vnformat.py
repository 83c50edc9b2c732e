"""Vietnamese formatting the Decree 30 way: dates, numbers, amounts in words, number/symbol.

Every place in vanthu that prints a date, a number or a document number goes through this
module, so the rules live in one place.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from babel.numbers import format_decimal

__all__ = [
    "format_day_month",
    "format_short_date",
    "format_long_date",
    "format_place_date",
    "format_number",
    "format_money",
    "number_in_words",
    "amount_in_words",
    "format_doc_number",
    "format_number_symbol",
    "roman",
    "anniversary_years",
    "format_date_range",
]

# Decree 30, Appendix I: days below 10 and the months 1 and 2 take a leading zero, other
# months do not. Babel's Vietnamese patterns pad every month ("tháng 03"), hence our own.


def format_day_month(day: int, month: int) -> tuple[str, str]:
    """Day and month as the decree writes them: ``(5, 1) -> ("05", "01")``, ``(29, 6) -> ("29", "6")``."""
    return f"{day:02d}", (f"{month:02d}" if month < 3 else str(month))


def format_short_date(date: dt.date) -> str:
    """``02/4/1948``, ``13/01/2023``: the short form used inside running text."""
    day, month = format_day_month(date.day, date.month)
    return f"{day}/{month}/{date.year}"


def format_long_date(date: dt.date) -> str:
    """``ngày 10 tháng 02 năm 2023`` (ngày … tháng … năm …)."""
    day, month = format_day_month(date.day, date.month)
    return f"ngày {day} tháng {month} năm {date.year}"


def format_place_date(place: str, date: dt.date) -> str:
    """``Lào Cai, ngày 10 tháng 02 năm 2023``: the place and date line (ô 4)."""
    return f"{place}, {format_long_date(date)}"


def format_number(value: int | float) -> str:
    """A number with Babel's ``vi`` locale: ``20000 -> "20.000"``, ``12.5 -> "12,5"``."""
    return format_decimal(value, locale="vi")


def format_money(value: int) -> str:
    """``300000 -> "300.000 đồng"``."""
    return f"{format_number(value)} đồng"


# Amounts in words are written by hand: num2words' Vietnamese drops "không trăm" and "linh"
# inside a number (it reads 1.010 as "một nghìn mười"), which is wrong on a payment document.
_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
_SCALES = ["", "nghìn", "triệu", "tỷ"]


def _read_triple(n: int, full: bool) -> list[str]:
    """Read 0..999; ``full`` reads "không trăm"/"linh" as needed inside a larger number."""
    hundreds, tens, units = n // 100, (n // 10) % 10, n % 10
    words: list[str] = []
    if full or hundreds:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            words.append("mốt")
        elif units == 4 and tens >= 2:
            words.append("tư")
        elif units == 5 and tens >= 1:
            words.append("lăm")
        else:
            words.append(_DIGITS[units])
    return words


def number_in_words(value: int) -> str:
    """Read a whole number in Vietnamese: ``1010 -> "một nghìn không trăm mười"``."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("number_in_words takes an int")
    if value < 0:
        return "âm " + number_in_words(-value)
    if value == 0:
        return _DIGITS[0]
    groups: list[int] = []
    while value:
        groups.append(value % 1000)
        value //= 1000
    words: list[str] = []
    top = len(groups) - 1
    for index in range(top, -1, -1):
        group = groups[index]
        if group:
            words += _read_triple(group, full=index != top)
            if index % 3:
                words.append(_SCALES[index % 3])
        # "tỷ" closes every block of three groups that says anything: 1.500.000.000.000 is
        # "một nghìn năm trăm tỷ", not "một nghìn tỷ năm trăm tỷ".
        if index and index % 3 == 0 and any(groups[index:index + 3]):
            words += ["tỷ"] * (index // 3)
    return " ".join(words)


def amount_in_words(value: int, *, capitalize: bool = False) -> str:
    """An amount of money in words: ``300000 -> "ba trăm nghìn đồng"``."""
    text = f"{number_in_words(value)} đồng"
    return text[0].upper() + text[1:] if capitalize else text


def format_doc_number(number: int) -> str:
    """A document number with the decree's leading zero below 10: ``5 -> "05"``."""
    return f"{number:02d}"


def format_number_symbol(number: int, symbol: str) -> str:
    """``Số: 05/CTĐ-VP`` (ô 3): no spaces anywhere, symbol groups joined by ``-``."""
    compact = "-".join(part.strip() for part in symbol.replace(" ", "").split("-") if part.strip())
    return f"Số: {format_doc_number(number)}/{compact}"


_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(value: int) -> str:
    """Roman numeral for a part heading (``4 -> "IV"``)."""
    out = []
    for amount, letters in _ROMAN:
        while value >= amount:
            out.append(letters)
            value -= amount
    return "".join(out)


def anniversary_years(founded_year: int, year: int) -> int:
    """How many years an anniversary marks in ``year`` (kỷ niệm N năm)."""
    return year - founded_year


def format_date_range(founded: dt.date, year: int) -> str:
    """``14/11/1991-14/11/2023``: the founding date and the same day in ``year``."""
    try:
        same_day = founded.replace(year=year)
    except ValueError:  # 29 February in a common year
        same_day = founded.replace(year=year, day=28)
    return f"{format_short_date(founded)}-{format_short_date(same_day)}"


def ascii_fold(text: str) -> str:
    """Vietnamese text without its marks, for file names and matching: ``Đồng Tuyển`` →
    ``Dong Tuyen`` (đ → d, which Unicode decomposition alone would drop)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
