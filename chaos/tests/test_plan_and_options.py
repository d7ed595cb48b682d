import random
from collections import Counter
from functools import partial
from itertools import islice

from chaos.monkey import ChaosMonkey, Target, plan
from chaos.options import parse_args


def test_the_first_round_kills_everything_once_and_later_rounds_only_services():
    disruptions = list(
        islice(plan(("a", "b"), ("kafka", "postgres"), random.Random(1), pause_s=(1, 2), down_s=(0, 1)), 8)  # noqa: S311
    )
    assert sorted(d.target for d in disruptions[:4]) == ["a", "b", "kafka", "postgres"]
    assert {d.round for d in disruptions[:4]} == {1}
    assert sorted(d.target for d in disruptions[4:6]) == ["a", "b"]
    assert all(1 <= d.pause_before_s <= 2 and 0 <= d.down_s <= 1 for d in disruptions)


def test_the_monkey_finishes_the_first_round_even_when_the_load_is_over():
    events: list[str] = []
    targets = {
        name: Target(kill=partial(events.append, f"kill {name}"), start=partial(events.append, f"start {name}"))
        for name in ("a", "b", "kafka")
    }
    rng = random.Random(2)  # noqa: S311 - a schedule, not a secret
    monkey = ChaosMonkey(targets, plan(("a", "b"), ("kafka",), rng, pause_s=(0, 0), down_s=(0, 0)), log=lambda _: None)
    monkey.run(load_going_on=lambda: False)
    assert monkey.kills == Counter({"a": 1, "b": 1, "kafka": 1})
    assert len(events) == 6
    assert all(kill.replace("kill", "start") == start for kill, start in zip(events[::2], events[1::2], strict=True))


def test_options_from_the_environment_unless_flags_say():
    assert parse_args([], {"CHAOS_APPLICATIONS": "1234", "CHAOS_SEED": "7"}).applications == 1234
    assert parse_args([], {"CHAOS_SEED": "7"}).seed == 7
    assert parse_args(["--applications", "5", "--rate", "0"], {}).rate is None
    assert parse_args([], {}).registry_request_count == 1000


def test_only_the_infrastructure_means_one_round():
    disruptions = list(plan((), ("kafka",), random.Random(3), pause_s=(0, 0), down_s=(0, 0)))  # noqa: S311
    assert [d.target for d in disruptions] == ["kafka"]


def test_targets_from_the_flag():
    options = parse_args(["--kill", "routing,kafka"], {})
    assert (options.services, options.infrastructure) == (("routing",), ("kafka",))
