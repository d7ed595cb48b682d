"""The circuit breaker: opens after failures in a row, lets one probe through after a while, and
closes on success or reopens on failure."""

from egov_registry_gateway.domain.breaker import BreakerState, CircuitBreaker


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_failures_in_a_row_open_it_and_a_success_between_them_starts_the_count_again() -> None:
    clock = Clock()
    breaker = CircuitBreaker(failures=3, open_s=10, clock=clock)
    breaker.failed()
    breaker.failed()
    breaker.succeeded()
    breaker.failed()
    breaker.failed()
    assert (breaker.state, breaker.calls_allowed()) == (BreakerState.CLOSED, None)
    assert breaker.failed()  # NOTE: this one opened it
    assert (breaker.state, breaker.calls_allowed()) == (BreakerState.OPEN, 0)


def test_after_the_wait_one_probe_goes_and_decides() -> None:
    clock = Clock()
    breaker = CircuitBreaker(failures=1, open_s=10, clock=clock)
    breaker.failed()
    clock.now = 9.9
    assert breaker.calls_allowed() == 0
    clock.now = 10.0
    assert (breaker.state, breaker.calls_allowed()) == (BreakerState.HALF_OPEN, 1)
    assert not breaker.failed()  # NOTE: the probe failed: open again for a whole wait, not newly opened
    clock.now = 19.9
    assert breaker.calls_allowed() == 0
    clock.now = 20.0
    assert breaker.calls_allowed() == 1
    assert breaker.succeeded()
    assert not breaker.succeeded()
    assert (breaker.state, breaker.calls_allowed()) == (BreakerState.CLOSED, None)
