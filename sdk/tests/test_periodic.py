import asyncio

from egov_sdk.periodic import Periodic


async def test_a_full_batch_runs_the_next_round_at_once_and_a_smaller_one_waits_for_the_tick():
    counts = iter([5, 5, 1, 5])
    rounds: list[int] = []

    async def work() -> int:
        rounds.append(count := next(counts))
        return count

    loop = Periodic("drain", work, interval_s=60, full_batch=5)
    await loop.start()
    try:
        for _ in range(100):
            if len(rounds) == 3:
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.05)
    finally:
        await loop.stop()
    assert rounds == [5, 5, 1]


async def test_a_failed_round_waits_for_the_tick_and_the_loop_goes_on():
    calls = 0

    async def work() -> int:
        nonlocal calls
        calls += 1
        raise RuntimeError("the store is away")

    loop = Periodic("failing", work, interval_s=0.01, full_batch=1)
    await loop.start()
    try:
        for _ in range(100):
            if calls >= 3:
                break
            await asyncio.sleep(0.01)
    finally:
        await loop.stop()
    assert calls >= 3


async def test_stopping_lets_the_round_under_way_finish():
    finished = asyncio.Event()
    started = asyncio.Event()

    async def work() -> None:
        started.set()
        await asyncio.sleep(0.1)
        finished.set()

    loop = Periodic("graceful", work, interval_s=60)
    await loop.start()
    await started.wait()
    await loop.stop()
    assert finished.is_set()


async def test_a_round_that_outlives_the_grace_is_cancelled():
    async def work() -> None:
        await asyncio.sleep(60)

    loop = Periodic("stuck", work, interval_s=60)
    await loop.start()
    await asyncio.sleep(0.01)
    await asyncio.wait_for(loop.stop(grace_s=0.05), timeout=5)


async def test_a_wake_starts_the_next_round_before_the_tick_even_when_it_came_during_a_round():
    rounds: list[float] = []
    in_round = asyncio.Event()

    async def work() -> None:
        rounds.append(asyncio.get_running_loop().time())
        in_round.set()
        await asyncio.sleep(0.02)

    loop = Periodic("woken", work, interval_s=60)
    await loop.start()
    try:
        await in_round.wait()
        loop.wake()  # NOTE: during the first round: the second must follow it, not wait 60 s
        for _ in range(200):
            if len(rounds) == 2:
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.05)
        loop.wake()
        for _ in range(200):
            if len(rounds) == 3:
                break
            await asyncio.sleep(0.01)
    finally:
        await loop.stop()
    assert len(rounds) == 3
