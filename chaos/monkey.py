"""The chaos monkey: kills processes with SIGKILL at random moments and starts them again.

The plan is a series of rounds. The first kills every service target once and every
infrastructure target (Kafka, PostgreSQL) once, in a random order; each later round kills the
service targets again, in a new order, for as long as the load goes on. Between a restart and
the next kill it pauses for a random time.

NOTE: it runs in the main thread, and so must every restart: the local stack asks Linux to end a
child when the thread that started it ends (PR_SET_PDEATHSIG), so a process restarted from a
worker thread would die with that thread.
"""

from __future__ import annotations

import itertools
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Target:
    kill: Callable[[], None]
    start: Callable[[], None]
    """Start it again; returns once it is ready."""


@dataclass(frozen=True)
class Disruption:
    target: str
    round: int
    pause_before_s: float
    down_s: float


def plan(
    services: tuple[str, ...],
    infrastructure: tuple[str, ...],
    rng: random.Random,
    *,
    pause_s: tuple[float, float],
    down_s: tuple[float, float],
) -> Iterator[Disruption]:
    """Round 1 has every target, later rounds (without end) the services only, if any."""
    for number in itertools.count(1):
        targets = [*services, *infrastructure] if number == 1 else list(services)
        if not targets:
            return
        rng.shuffle(targets)
        for target in targets:
            yield Disruption(target, number, rng.uniform(*pause_s), rng.uniform(*down_s))


@dataclass
class ChaosMonkey:
    targets: Mapping[str, Target]
    disruptions: Iterator[Disruption]
    log: Callable[[str], None] = print
    kills: Counter[str] = field(default_factory=Counter)

    def run(self, load_going_on: Callable[[], bool]) -> None:
        """The first round whatever happens, then more while `load_going_on()`."""
        for disruption in self.disruptions:
            if disruption.round > 1 and not load_going_on():
                return
            time.sleep(disruption.pause_before_s)
            target = self.targets[disruption.target]
            target.kill()
            self.kills[disruption.target] += 1
            self.log(f"killed {disruption.target} (round {disruption.round}); down for {disruption.down_s:.1f} s")
            time.sleep(disruption.down_s)
            started = time.monotonic()
            target.start()
            self.log(f"{disruption.target} is back after {time.monotonic() - started:.1f} s")
