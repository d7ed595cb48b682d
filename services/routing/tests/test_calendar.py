import datetime as dt

import pytest

from egov_routing.domain.calendar import add_working_days, due_date, holidays, is_working_day, orthodox_easter


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2024, dt.date(2024, 5, 5)), (2025, dt.date(2025, 4, 20)), (2026, dt.date(2026, 4, 12))],
)
def test_orthodox_easter(year, easter):
    assert orthodox_easter(year) == easter


def test_easter_holidays_run_from_good_friday_to_easter_monday():
    assert {dt.date(2026, 4, d) for d in (10, 11, 12, 13)} <= holidays(2026)
    assert is_working_day(dt.date(2026, 4, 14))


def test_a_fixed_holiday_on_a_weekend_moves_to_the_next_working_day():
    # 3 March 2024 was a Sunday; Monday 4 March was off.
    assert not is_working_day(dt.date(2024, 3, 4))
    # 24-26 December 2022: Saturday to Monday, so Tuesday and Wednesday were off as well.
    assert not is_working_day(dt.date(2022, 12, 27))
    assert not is_working_day(dt.date(2022, 12, 28))
    assert is_working_day(dt.date(2022, 12, 29))


def test_seven_working_days_skip_weekends_christmas_and_new_year():
    # Filed on Friday 18 Dec 2026: 21-23 Dec count; 24-26 Dec are holidays and the 26th is a
    # Saturday, so Monday 28 Dec is off too; 29-31 Dec count; 1 Jan is a holiday; 4 Jan is the 7th.
    assert add_working_days(dt.date(2026, 12, 18), 7) == dt.date(2027, 1, 4)


def test_calendar_days_ignore_holidays():
    assert due_date(dt.date(2026, 12, 18), 7, working_days=False) == dt.date(2026, 12, 25)
