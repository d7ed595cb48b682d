import datetime as dt

from egov_notifications.domain.schedule import RetrySchedule
from egov_notifications.settings import RETRY_MINUTES


def test_the_default_schedule_tries_for_up_to_72_hours():
    schedule = RetrySchedule(RETRY_MINUTES)
    assert schedule.wait_after(1) == dt.timedelta(minutes=1)
    assert schedule.wait_after(2) == dt.timedelta(minutes=5)
    assert schedule.wait_after(3) == dt.timedelta(minutes=30)
    assert schedule.wait_after(4) == dt.timedelta(hours=2)
    assert schedule.wait_after(5) == dt.timedelta(hours=6)
    assert dt.timedelta(hours=60) < schedule.span() <= dt.timedelta(hours=72)


def test_after_the_last_try_there_is_no_wait():
    schedule = RetrySchedule([1, 5])
    assert schedule.attempts == 3
    assert schedule.wait_after(2) == dt.timedelta(minutes=5)
    assert schedule.wait_after(3) is None


def test_the_capped_wait_stays_at_the_longest_once_the_schedule_runs_out():
    schedule = RetrySchedule([1, 5])
    assert schedule.wait_capped(1) == dt.timedelta(minutes=1)
    assert schedule.wait_capped(9) == dt.timedelta(minutes=5)
