"""Critical-path scheduling (CPM) of process steps: forward and backward pass over the DAG."""

from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import timedelta

FINISH_TO_START = "finish_to_start"
START_TO_START = "start_to_start"


class CycleError(ValueError):
    """The dependencies form a cycle, so no schedule exists."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        chain = " → ".join(names)
        super().__init__(
            f"De afhankelijkheden vormen een kring ({chain}). "
            "Haal een van deze afhankelijkheden weg."
        )


@dataclass(frozen=True)
class Step:
    """A step to schedule: its anchor (planned or actual start) and duration in days.

    A fixed step (it has started) keeps its start whatever its predecessors say.
    """

    id: str
    name: str
    start: date
    duration: int
    fixed: bool = False


@dataclass(frozen=True)
class Dependency:
    """Step `target` waits for step `source` (finish or start) plus lag days."""

    source: str
    target: str
    kind: str = FINISH_TO_START
    lag: int = 0


@dataclass
class Slot:
    """The computed early/late dates and float of one step."""

    early_start: date
    early_finish: date
    late_start: date = date.min
    late_finish: date = date.min

    @property
    def float_days(self) -> int:
        return (self.late_start - self.early_start).days

    @property
    def critical(self) -> bool:
        return self.float_days == 0


@dataclass
class Schedule:
    """The result of a CPM pass: a slot per step, the delivery date and the critical steps."""

    slots: dict[str, Slot] = field(default_factory=dict)
    finish: date | None = None

    def critical_ids(self) -> set[str]:
        return {sid for sid, slot in self.slots.items() if slot.critical}


def topological_order(steps: list[Step], deps: list[Dependency]) -> list[str]:
    """Step ids so that every dependency points forward; CycleError when impossible."""
    ids = [s.id for s in steps]
    incoming = {sid: 0 for sid in ids}
    for dep in deps:
        incoming[dep.target] += 1
    ready = [sid for sid in ids if incoming[sid] == 0]
    order: list[str] = []
    while ready:
        sid = ready.pop(0)
        order.append(sid)
        for dep in deps:
            if dep.source == sid:
                incoming[dep.target] -= 1
                if incoming[dep.target] == 0:
                    ready.append(dep.target)
    if len(order) < len(ids):
        names = {s.id: s.name for s in steps}
        raise CycleError(cycle_names(deps, set(ids) - set(order), names))
    return order


def cycle_names(deps: list[Dependency], stuck: set[str], names: dict[str, str]) -> list[str]:
    """The names along one cycle among the steps left over by the topological sort."""
    following = {d.source: d.target for d in deps if d.source in stuck and d.target in stuck}
    path = [min(stuck)]
    while path[-1] in following and following[path[-1]] not in path:
        path.append(following[path[-1]])
    path.append(following.get(path[-1], path[0]))
    start = path.index(path[-1])
    return [names[sid] for sid in path[start:]]


def forward(order: list[str], steps: dict[str, Step], deps: list[Dependency]) -> dict[str, Slot]:
    """Early dates: a step starts when its predecessors allow, a source at its anchor."""
    slots: dict[str, Slot] = {}
    for sid in order:
        step = steps[sid]
        bounds = [earliest_by(dep, slots[dep.source]) for dep in deps if dep.target == sid]
        start = max(bounds) if bounds and not step.fixed else step.start
        slots[sid] = Slot(start, start + timedelta(days=step.duration))
    return slots


def earliest_by(dep: Dependency, before: Slot) -> date:
    anchor = before.early_start if dep.kind == START_TO_START else before.early_finish
    return anchor + timedelta(days=dep.lag)


def backward(
    order: list[str], steps: dict[str, Step], deps: list[Dependency], slots: dict[str, Slot]
) -> date:
    """Late start/finish from the delivery date back; returns the delivery date."""
    finish = max(slot.early_finish for slot in slots.values())
    for sid in reversed(order):
        length = timedelta(days=steps[sid].duration)
        bounds = [latest_by(dep, slots[dep.target], length) for dep in deps if dep.source == sid]
        slots[sid].late_finish = min([*bounds, finish])
        slots[sid].late_start = slots[sid].late_finish - length
    return finish


def latest_by(dep: Dependency, after: Slot, length: timedelta) -> date:
    latest_start = after.late_start - timedelta(days=dep.lag)
    return latest_start + length if dep.kind == START_TO_START else latest_start


def compute(steps: list[Step], deps: list[Dependency]) -> Schedule:
    """The CPM schedule of steps and dependencies (CycleError on a cycle)."""
    if not steps:
        return Schedule()
    order = topological_order(steps, deps)
    by_id = {s.id: s for s in steps}
    slots = forward(order, by_id, deps)
    finish = backward(order, by_id, deps, slots)
    return Schedule(slots, finish)


def in_parallel(deps: list[Dependency], chosen: Dependency) -> list[Dependency]:
    """The dependencies with chosen's two steps starting together (start-to-start, no lag).

    Dropping the dependency outright would leave the successor at its planned start, which was
    itself planned after the predecessor: running in parallel means starting together.
    """
    together = Dependency(chosen.source, chosen.target, START_TO_START, 0)
    return [together if d == chosen else d for d in deps]


def gain_in_parallel(steps: list[Step], deps: list[Dependency], chosen: Dependency) -> int:
    """Days the delivery date moves earlier when chosen's two steps run in parallel."""
    before = compute(steps, deps).finish
    after = compute(steps, in_parallel(deps, chosen)).finish
    return (before - after).days if before and after else 0
