import datetime as dt

from egov_routing.domain.calendar import WorkingCalendar, filing_date

calendar = WorkingCalendar()


def test_easter_holidays_run_from_good_friday_to_easter_monday():
    assert not any(calendar.is_working_day(dt.date(2026, 4, day)) for day in (10, 11, 12, 13))
    assert calendar.is_working_day(dt.date(2026, 4, 14))
    # Orthodox Easter moves: 5 May in 2024, so Thursday 2 May was a working day and Friday 3 May not.
    assert calendar.is_working_day(dt.date(2024, 5, 2))
    assert not calendar.is_working_day(dt.date(2024, 5, 3))


def test_a_fixed_holiday_on_a_weekend_moves_to_the_next_working_day():
    # 3 March 2024 was a Sunday; Monday 4 March was off.
    assert not calendar.is_working_day(dt.date(2024, 3, 4))
    # 24-26 December 2022: Saturday to Monday, so Tuesday and Wednesday were off as well.
    assert not calendar.is_working_day(dt.date(2022, 12, 27))
    assert not calendar.is_working_day(dt.date(2022, 12, 28))
    assert calendar.is_working_day(dt.date(2022, 12, 29))


def test_seven_working_days_skip_weekends_christmas_and_new_year():
    # Filed on Friday 18 Dec 2026: 21-23 Dec count; 24-26 Dec are holidays and the 26th is a
    # Saturday, so Monday 28 Dec is off too; 29-31 Dec count; 1 Jan is a holiday; 4 Jan is the 7th.
    assert calendar.add_working_days(dt.date(2026, 12, 18), 7) == dt.date(2027, 1, 4)


def test_decree_days_override_the_computed_calendar():
    # A decree gives Friday 30 Oct 2026 off and makes Saturday 7 Nov a working day instead.
    decreed = WorkingCalendar({dt.date(2026, 10, 30): False, dt.date(2026, 11, 7): True})
    assert calendar.add_working_days(dt.date(2026, 10, 29), 1) == dt.date(2026, 10, 30)
    assert decreed.add_working_days(dt.date(2026, 10, 29), 1) == dt.date(2026, 11, 2)
    assert decreed.add_working_days(dt.date(2026, 11, 6), 1) == dt.date(2026, 11, 7)
    assert not calendar.is_working_day(dt.date(2026, 11, 7))


def test_working_days_between_count_the_days_after_the_start_up_to_the_end():
    # Paused on Friday 20 Nov 2026 and resumed on Wednesday 25 Nov: Mon, Tue and Wed were paused.
    assert calendar.working_days_between(dt.date(2026, 11, 20), dt.date(2026, 11, 25)) == 3
    assert calendar.working_days_between(dt.date(2026, 11, 25), dt.date(2026, 11, 25)) == 0
    assert calendar.working_days_between(dt.date(2026, 11, 25), dt.date(2026, 11, 20)) == 0


def test_calendar_days_ignore_holidays():
    assert calendar.due_date(dt.date(2026, 12, 18), 7, working_days=False) == dt.date(2026, 12, 25)


def test_the_filing_date_is_the_local_date_in_bulgaria():
    assert filing_date(dt.datetime(2026, 11, 26, 23, 30, tzinfo=dt.UTC)) == dt.date(2026, 11, 27)
