import datetime as dt
import json
from types import SimpleNamespace

from bench.lifecycle import LifecycleTally, state_of, tally_record

T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)


def record(application_id: str, state: str, occurred_at: dt.datetime, timestamp_ms: int) -> SimpleNamespace:
    body = {"application_id": application_id, "state": state, "occurred_at": occurred_at.isoformat()}
    headers = [("ce_type", f"bg.egov.application.{state}.v1".encode()), ("ce_subject", application_id.encode())]
    return SimpleNamespace(headers=headers, value=json.dumps(body).encode(), timestamp=timestamp_ms, timestamp_type=0)


def test_state_comes_from_the_ce_type():
    assert state_of([("ce_type", b"bg.egov.application.info_requested.v1")]) == "info_requested"
    assert state_of([("ce_type", b"bg.egov.notification.outcome.v1")]) is None
    assert state_of([]) is None


def test_completion_is_timed_from_submission_to_the_completed_record():
    tally = LifecycleTally()
    completed_ms = int((T0 + dt.timedelta(seconds=3)).timestamp() * 1000)
    tally_record(tally, record("a", "submitted", T0, 0))
    tally_record(tally, record("a", "routed", T0, 0))
    tally_record(tally, record("a", "completed", T0 + dt.timedelta(seconds=1), completed_ms))
    assert [(c.application_id, c.latency_s) for c in tally.completions] == [("a", 3.0)]
    assert tally.final == 1
    assert tally.submitted == 1


def test_applications_submitted_before_the_start_are_ignored_and_other_ends_counted():
    tally = LifecycleTally()
    tally_record(tally, record("before", "completed", T0, 1))
    tally_record(tally, record("b", "submitted", T0, 1))
    tally_record(tally, record("b", "rejected", T0, 2))
    tally_record(tally, record("b", "rejected", T0, 3))  # redelivered
    assert tally.completions == []
    assert tally.other_final == {"rejected": 1}
