"""A producer started when needed, dropped after a failure, and not dropped by a late failure of
the one it replaced."""

import pytest

from egov_sdk.producer import RenewableProducer


class FakeProducer:
    def __init__(self, *, fails_to_start: bool = False) -> None:
        self.started = self.stopped = False
        self._fails_to_start = fails_to_start

    async def start(self) -> None:
        if self._fails_to_start:
            raise ConnectionError("no broker")
        self.started = True

    async def stop(self) -> None:
        self.stopped = True


async def test_started_once_when_first_needed_and_renewed_after_a_drop() -> None:
    made: list[FakeProducer] = []

    def new() -> FakeProducer:
        made.append(FakeProducer())
        return made[-1]

    producers = RenewableProducer(new)
    assert producers.current is None
    first = await producers.ready()
    assert await producers.ready() is first
    assert made == [first]
    assert first.started
    await producers.drop(first)
    assert first.stopped
    second = await producers.ready()
    assert second is not first
    await producers.drop(first)  # NOTE: a late failure of the first must not drop the second
    assert not second.stopped
    assert producers.current is second


async def test_a_producer_that_fails_to_start_is_stopped_and_not_kept() -> None:
    broken = FakeProducer(fails_to_start=True)
    producers = RenewableProducer(lambda: broken)
    with pytest.raises(ConnectionError):
        await producers.ready()
    assert broken.stopped
    assert producers.current is None
