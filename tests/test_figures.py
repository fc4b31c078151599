"""The figure extractor that compares numbers across translations."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from csrcards.figures import figures


def _multiset(*numbers: str) -> Counter[Decimal]:
    return Counter(Decimal(n) for n in numbers)


@pytest.mark.parametrize(("language", "text", "expected"), [
    ("en", "a median of $32,890 a year", ["32890"]),
    ("tl", "ay $32,890 bawat taon", ["32890"]),
    ("bg", "е била 32 890 долара годишно", ["32890"]),
    ("bg", "е била 32\u00a0890 долара годишно", ["32890"]),
    ("bg", "е била 32\u202f890 долара годишно", ["32890"]),
    ("en", "$15.81 an hour", ["15.81"]),
    ("bg", "15,81 долара на час", ["15.81"]),
    ("en", "about 2,785,000 people", ["2785000"]),
    ("bg", "около 2 785 000 души", ["2785000"]),
    ("en", "for 2016–2026", ["2016", "2026"]),
    ("bg", "за периода 2016–2026", ["2016", "2026"]),
    ("en", "in 2016, 2026 and 2016", ["2016", "2026", "2016"]),
    ("bg", "през 2016, 2026 и 2016 г.", ["2016", "2026", "2016"]),
    ("en", "on August 20, 2018.", ["20", "2018"]),
    ("bg", "на 20 август 2018 г.", ["20", "2018"]),
    ("en", "give {{c1::100%}} of your attention", ["100"]),
    ("bg", "отделяй {{c1::100 %}} от вниманието си", ["100"]),
    ("en", "{{c1::$33,510}} against {{c2::$32,890::amount}}", ["33510", "32890"]),
    # a cloze text is read as the back of its cards shows it: answers joined, hints after them
    ("en", "{{c1::32}}{{c2::890}} a year", ["32890"]),
    ("en", "the {{c1::median::in 2017}}", ["2017"]),
    ("en", "In 2017, the median was $32,890.", ["2017", "32890"]),
    ("en", "1,2345 is not grouped", ["1", "2345"]),
    ("en", "B2B and H20 are words, O*NET has no digits", []),
    ("en", "no figures here", []),
])
def test_figures_are_read_the_way_each_language_writes_them(language, text, expected):
    assert figures(text, language) == _multiset(*expected)


def test_same_figure_written_three_ways_gives_the_same_multiset():
    assert (figures("$32,890 and $15.81", "en")
            == figures("$32,890 at $15.81", "tl")
            == figures("32 890 долара и 15,81 долара", "bg"))


def test_figures_count_repeats():
    assert figures("2017 and again 2017", "en") == Counter({Decimal("2017"): 2})


def test_english_decimal_point_is_not_a_bulgarian_decimal():
    assert figures("15.81", "bg") == _multiset("15", "81")
