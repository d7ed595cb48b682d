import pytest

from bench.metrics import Completion, end_to_end, percentile, rate_over


def test_percentile_is_nearest_rank():
    values = [float(n) for n in range(1, 101)]
    assert percentile(values, 0.50) == 50.0
    assert percentile(values, 0.99) == 99.0
    assert percentile([3.0], 0.99) == 3.0
    assert percentile([], 0.5) is None


def test_rate_counts_intervals_not_events():
    assert rate_over([10.0, 11.0, 12.0]) == 1.0
    assert rate_over([10.0]) is None
    assert rate_over([10.0, 10.0]) is None


def test_end_to_end_throughput_deciles_and_latency():
    # 20 applications submitted at t=0..19, each completed 2 s later; the last two take 5 s.
    completions = [Completion(str(n), float(n), float(n) + (5.0 if n >= 18 else 2.0)) for n in range(20)]
    figures = end_to_end(completions)
    assert figures.completed == 20
    assert figures.e2e_per_s == pytest.approx(20 / 24.0)
    assert figures.e2e_p50_s == 2.0
    assert figures.e2e_p99_s == 5.0
    assert figures.first_decile_per_s == pytest.approx(1.0)  # completions at 2 and 3
    assert figures.last_decile_per_s == pytest.approx(1.0)  # completions at 23 and 24


def test_end_to_end_of_nothing():
    figures = end_to_end([])
    assert figures.completed == 0
    assert figures.e2e_per_s is None
