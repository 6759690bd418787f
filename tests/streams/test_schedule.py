"""CPM on small hand-computed graphs: early/late dates, float, critical path, lags, SS, cycles."""

from datetime import date

import pytest

from webapp.streams.schedule import START_TO_START
from webapp.streams.schedule import CycleError
from webapp.streams.schedule import Dependency
from webapp.streams.schedule import Step
from webapp.streams.schedule import compute
from webapp.streams.schedule import gain_in_parallel

JAN1 = date(2026, 1, 1)


def diamond() -> tuple[list[Step], list[Dependency]]:
    """A(10) -> B(5) with 2 days lag, A -> C(20), B -> D(3), C -> D."""
    steps = [
        Step("a", "A", JAN1, 10),
        Step("b", "B", JAN1, 5),
        Step("c", "C", JAN1, 20),
        Step("d", "D", JAN1, 3),
    ]
    deps = [
        Dependency("a", "b", lag=2),
        Dependency("a", "c"),
        Dependency("b", "d"),
        Dependency("c", "d"),
    ]
    return steps, deps


def test_finish_to_start_with_lag_gives_hand_computed_dates_and_float():
    plan = compute(*diamond())
    assert plan.slots["b"].early_start == date(2026, 1, 13)
    assert plan.slots["d"].early_start == date(2026, 1, 31)
    assert plan.finish == date(2026, 2, 3)
    assert {k: s.float_days for k, s in plan.slots.items()} == {"a": 0, "b": 13, "c": 0, "d": 0}
    assert plan.critical_ids() == {"a", "c", "d"}


def test_start_to_start_lets_the_successor_overlap():
    steps = [Step("p", "P", JAN1, 30), Step("q", "Q", JAN1, 10), Step("r", "R", JAN1, 5)]
    deps = [Dependency("p", "q", START_TO_START, 5), Dependency("q", "r")]
    plan = compute(steps, deps)
    assert plan.slots["q"].early_start == date(2026, 1, 6)
    assert plan.slots["r"].early_finish == date(2026, 1, 21)
    assert plan.finish == date(2026, 1, 31)
    assert {k: s.float_days for k, s in plan.slots.items()} == {"p": 0, "q": 10, "r": 10}
    assert plan.critical_ids() == {"p"}


def test_a_started_step_keeps_its_actual_start():
    steps = [Step("a", "A", JAN1, 10), Step("b", "B", date(2026, 1, 5), 4, fixed=True)]
    plan = compute(steps, [Dependency("a", "b")])
    assert plan.slots["b"].early_start == date(2026, 1, 5)
    assert plan.finish == date(2026, 1, 11)


def test_parallel_gain_is_the_delivery_date_moved_earlier():
    steps, deps = diamond()
    assert gain_in_parallel(steps, deps, Dependency("a", "c")) == 10
    assert gain_in_parallel(steps, deps, Dependency("c", "d")) == 3
    assert gain_in_parallel(steps, deps, Dependency("a", "b", lag=2)) == 0


def test_a_cycle_is_refused_with_a_dutch_message_naming_its_steps():
    steps = [Step(k, k.upper(), JAN1, 1) for k in "xyz"]
    deps = [Dependency("x", "y"), Dependency("y", "z"), Dependency("z", "x")]
    with pytest.raises(CycleError) as caught:
        compute(steps, deps)
    message = str(caught.value)
    assert "kring" in message
    assert all(name in message for name in "XYZ")
