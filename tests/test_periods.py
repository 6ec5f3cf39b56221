from datetime import date

import pytest

from data_model.periods import Quarter, quarters_between


@pytest.mark.parametrize(
    "text",
    [
        "2021Q3",
        "2021q3",
        "2021-Q3",
        "2021 Q3",
        "2021年第三季度",
        "2021年3季度",
        "2021年第3季度",
        "２０２１Ｑ３",
    ],
)
def test_quarter_spellings_people_use(text):
    assert Quarter.parse(text) == Quarter(2021, 3)


@pytest.mark.parametrize("text", ["2021Q5", "2021", "Q3", "2021年第五季度", "", "2021-07"])
def test_not_a_quarter(text):
    with pytest.raises(ValueError):
        Quarter.parse(text)


def test_quarter_names_dates_and_neighbours():
    q = Quarter(2021, 3)
    assert (str(q), q.label) == ("2021Q3", "2021年第三季度")
    assert (q.start, q.end) == (date(2021, 7, 1), date(2021, 9, 30))
    assert (str(Quarter(2020, 4).next()), str(Quarter(2020, 1).previous())) == ("2021Q1", "2019Q4")
    assert Quarter.containing(date(2022, 12, 31)) == Quarter(2022, 4)


def test_quarters_between_covers_the_plan():
    quarters = quarters_between(date(2020, 1, 1), date(2022, 12, 31))
    assert [str(q) for q in quarters[:2]] + [str(quarters[-1])] == ["2020Q1", "2020Q2", "2022Q4"]
    assert len(quarters) == 12
