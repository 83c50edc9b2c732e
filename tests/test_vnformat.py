"""Vietnamese formatting: the decree's dates, Babel's numbers, amounts in words, number/symbol."""

import datetime as dt

import pytest

from app import vnformat

WORDS = [
    (0, "không"),
    (1, "một"),
    (5, "năm"),
    (10, "mười"),
    (11, "mười một"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (20, "hai mươi"),
    (21, "hai mươi mốt"),
    (24, "hai mươi tư"),
    (25, "hai mươi lăm"),
    (55, "năm mươi lăm"),
    (100, "một trăm"),
    (101, "một trăm linh một"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (115, "một trăm mười lăm"),
    (1000, "một nghìn"),
    (1001, "một nghìn không trăm linh một"),
    (1010, "một nghìn không trăm mười"),
    (1100, "một nghìn một trăm"),
    (2024, "hai nghìn không trăm hai mươi tư"),
    (20000, "hai mươi nghìn"),
    (300000, "ba trăm nghìn"),
    (523056, "năm trăm hai mươi ba nghìn không trăm năm mươi sáu"),
    (1000000, "một triệu"),
    (1000005, "một triệu không trăm linh năm"),
    (1050000, "một triệu không trăm năm mươi nghìn"),
    (30000000, "ba mươi triệu"),
    (1000000000, "một tỷ"),
    (2005000000, "hai tỷ không trăm linh năm triệu"),
    (2000500000, "hai tỷ năm trăm nghìn"),
    (1500000000000, "một nghìn năm trăm tỷ"),
]


@pytest.mark.parametrize("value,words", WORDS)
def test_number_in_words_reads_zeros_inside_the_number(value, words):
    assert vnformat.number_in_words(value) == words


def test_amount_in_words_adds_dong_and_can_capitalise():
    assert vnformat.amount_in_words(300000) == "ba trăm nghìn đồng"
    assert vnformat.amount_in_words(1010, capitalize=True) == "Một nghìn không trăm mười đồng"


def test_number_in_words_refuses_non_integers():
    with pytest.raises(TypeError):
        vnformat.number_in_words(1.5)


@pytest.mark.parametrize("date,text", [
    (dt.date(2023, 2, 10), "ngày 10 tháng 02 năm 2023"),
    (dt.date(2024, 1, 5), "ngày 05 tháng 01 năm 2024"),
    (dt.date(2023, 3, 1), "ngày 01 tháng 3 năm 2023"),
    (dt.date(2023, 6, 29), "ngày 29 tháng 6 năm 2023"),
    (dt.date(2023, 12, 31), "ngày 31 tháng 12 năm 2023"),
])
def test_long_date_pads_days_below_10_and_only_months_1_and_2(date, text):
    assert vnformat.format_long_date(date) == text


def test_place_date_and_short_date():
    assert vnformat.format_place_date("Lào Cai", dt.date(2023, 2, 10)) == "Lào Cai, ngày 10 tháng 02 năm 2023"
    assert vnformat.format_short_date(dt.date(1948, 4, 2)) == "02/4/1948"
    assert vnformat.format_short_date(dt.date(2023, 1, 13)) == "13/01/2023"


@pytest.mark.parametrize("value,text", [(20000, "20.000"), (7500, "7.500"), (1250, "1.250"), (999, "999"),
                                        (1234567, "1.234.567"), (12.5, "12,5")])
def test_numbers_use_babel_vi(value, text):
    assert vnformat.format_number(value) == text


def test_money():
    assert vnformat.format_money(300000) == "300.000 đồng"


@pytest.mark.parametrize("number,symbol,text", [
    (21, "CTĐ-VP", "Số: 21/CTĐ-VP"),
    (5, "CTĐ-VP", "Số: 05/CTĐ-VP"),
    (21, "CTĐ - VP", "Số: 21/CTĐ-VP"),
    (3, "TTr-CTĐ", "Số: 03/TTr-CTĐ"),
    (120, "KH-CTĐ", "Số: 120/KH-CTĐ"),
])
def test_number_symbol_has_no_spaces_and_a_leading_zero(number, symbol, text):
    assert vnformat.format_number_symbol(number, symbol) == text


def test_anniversary_range_and_age():
    assert vnformat.anniversary_years(1991, 2023) == 32
    assert vnformat.format_date_range(dt.date(1991, 11, 14), 2023) == "14/11/1991-14/11/2023"
    assert vnformat.format_date_range(dt.date(1948, 4, 2), 2023) == "02/4/1948-02/4/2023"
    assert vnformat.format_date_range(dt.date(2000, 2, 29), 2023) == "29/02/2000-28/02/2023"


def test_roman():
    assert [vnformat.roman(n) for n in (1, 2, 3, 4, 9, 14)] == ["I", "II", "III", "IV", "IX", "XIV"]
