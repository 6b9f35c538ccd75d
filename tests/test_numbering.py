import datetime

import pytest

from cppcc_plan.numbering import (QUARTER_LABELS, Ladder, cn_count, cn_date, cn_numeral,
                                  heading_number, percent_text, quarter_of_month)


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
