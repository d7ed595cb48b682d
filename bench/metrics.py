"""Figures computed from per-application times: throughput, decile rates and latency percentiles.

Pure functions over plain numbers, so they can be checked without Kafka or the platform.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

DECILE = 0.1


@dataclass(frozen=True)
class Completion:
    """One application that went all the way: epoch seconds of its submission and completion."""

    application_id: str
    submitted_at: float
    completed_at: float

    @property
    def latency_s(self) -> float:
        return self.completed_at - self.submitted_at


@dataclass(frozen=True)
class EndToEndFigures:
    completed: int
    e2e_per_s: float | None
    e2e_p50_s: float | None
    e2e_p99_s: float | None
    first_decile_per_s: float | None
    last_decile_per_s: float | None


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """Nearest-rank percentile (no interpolation): a value that was actually observed."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def rate_over(times: Sequence[float]) -> float | None:
    """Events per second across a window of sorted event times.

    NOTE: n events span n - 1 intervals, so the rate is (n - 1) / span; counting n would make
    small windows look faster than they are.
    """
    if len(times) < 2:
        return None
    span = times[-1] - times[0]
    return (len(times) - 1) / span if span > 0 else None


def end_to_end(completions: Sequence[Completion]) -> EndToEndFigures:
    """Throughput from the first submission to the last completion, deciles by completion order."""
    if not completions:
        return EndToEndFigures(0, None, None, None, None, None)
    done = sorted(completion.completed_at for completion in completions)
    first_submitted = min(completion.submitted_at for completion in completions)
    span = done[-1] - first_submitted
    decile = max(2, math.ceil(DECILE * len(done)))
    latencies = [completion.latency_s for completion in completions]
    return EndToEndFigures(
        completed=len(done),
        e2e_per_s=len(done) / span if span > 0 else None,
        e2e_p50_s=percentile(latencies, 0.50),
        e2e_p99_s=percentile(latencies, 0.99),
        first_decile_per_s=rate_over(done[:decile]),
        last_decile_per_s=rate_over(done[-decile:]),
    )
