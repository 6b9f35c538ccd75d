import datetime

import pytest

from cppcc_plan.numbering import (QUARTER_LABELS, Figure, Ladder, cn_count, cn_date, cn_day,
                                  cn_numeral, date_window, heading_number, percent_text,
                                  period_of, quarter_of_month)


@pytest.mark.parametrize("n, text", [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (16, "十六"),
                                     (20, "二十"), (21, "二十一"), (99, "九十九"), (100, "一百"),
                                     (105, "一百零五"), (110, "一百一十"), (1001, "一千零一")])
def test_cn_numeral(n, text):
    assert cn_numeral(n) == text


def test_counts_use_liang():
    assert cn_count(2) == "两" and cn_count(4) == "四" and cn_count(12) == "十二"


def test_dates_and_quarters():
    assert cn_date(datetime.date(2024, 1, 5)) == "2024年1月5日"
    assert cn_date(datetime.date(2024, 11, 15)) == "2024年11月15日"
    assert [quarter_of_month(m) for m in (1, 3, 4, 6, 7, 12)] == [1, 1, 2, 2, 3, 4]
    assert QUARTER_LABELS[3] == "第三季度"


def test_heading_numbers_per_rank():
    assert [heading_number(r, 3) for r in (1, 2, 3, 4)] == ["三、", "（三）", "3.", "（3）"]
    assert Ladder("compact") is Ladder.compact


def test_percentages_one_decimal_unless_whole():
    assert [percent_text(149, 167), percent_text(5, 5), percent_text(1, 3), percent_text(2, 3),
            percent_text(1, 8)] == ["89.2%", "100%", "33.3%", "66.7%", "12.5%"]


@pytest.mark.parametrize("n, text", [(27, "20余"), (143, "140余"), (1234, "1200余"), (9, "9"),
                                     (30, "30"), (100, "100"), (12, "10余")])
def test_approximate_figures_are_the_round_figure_below_with_yu(n, text):
    assert str(Figure(n, approximate=True)) == text and str(Figure(n)) == str(n)
    assert not Figure(0) and Figure(1)


def test_periods_and_their_words():
    d = datetime.date
    year, half, nine = period_of(2024, False, None), period_of(2024, True, None), \
        period_of(2024, False, d(2024, 9, 30))
    assert (year.end, half.end, nine.end) == (d(2024, 12, 31), d(2024, 6, 30), d(2024, 9, 30))
    assert [p.span for p in (year, half, nine)] == ["全年", "上半年", "今年以来"]
    assert [p.title_word for p in (year, half, nine)] == ["", "上半年", "1—9月"]
    assert [p.next_word for p in (year, half, nine)] == ["下一步", "下半年", "下一步"]
    assert [p.months for p in (year, half, nine)] == [12, 6, 9]
    assert period_of(2024, False, d(2024, 6, 20)).half           # --until in June: 上半年
    assert period_of(2024, False, d(2024, 6, 20)).months == 5    # June is not over
    assert not period_of(2024, False, d(2024, 3, 31)).half
    assert date_window(year) == (d(2024, 10, 1), d(2025, 1, 31))
    assert date_window(half) == (d(2024, 4, 1), d(2024, 7, 31))
    assert cn_day(d(2024, 3, 25)) == "3月25日"
