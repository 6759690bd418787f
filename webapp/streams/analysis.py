"""From stored steps to a schedule: CPM dates, float, bottlenecks and the parallel what-if."""

from datetime import date

from webapp.streams.schedule import START_TO_START
from webapp.streams.schedule import Dependency
from webapp.streams.schedule import Schedule
from webapp.streams.schedule import Step
from webapp.streams.schedule import compute
from webapp.streams.schedule import in_parallel


def to_step(row: dict) -> Step:
    """A stored step as a CPM step: started steps are fixed at their actual start."""
    start = row["actual_start"] or row["planned_start"]
    planned_days = (row["planned_end"] - row["planned_start"]).days
    end = row["actual_end"] or start
    duration = (end - start).days if row["actual_end"] else planned_days
    return Step(row["id"], row["name"], start, duration, fixed=row["actual_start"] is not None)


def to_dependency(row: dict) -> Dependency:
    return Dependency(row["source"], row["target"], row["kind"], row["lag"])


def schedule_of(steps: list[dict], deps: list[dict]) -> Schedule:
    """The CPM schedule of stored steps (CycleError when the stored graph has a cycle)."""
    return compute([to_step(r) for r in steps], [to_dependency(r) for r in deps])


def bottlenecks(steps: list[dict], deps: list[dict], plan: Schedule, today: date) -> dict:
    """Dutch reason per bottleneck step: late, slipping, or critical and blocked."""
    by_id = {row["id"]: row for row in steps}
    reasons = {}
    for row in steps:
        if row["actual_end"] is not None:
            continue
        slot = plan.slots[row["id"]]
        if row["planned_end"] < today:
            reasons[row["id"]] = f"Te laat: gepland klaar op {row['planned_end']:%d-%m-%Y}."
        elif slot.early_finish > row["planned_end"]:
            reasons[row["id"]] = (
                f"Schuift op: vroegst klaar op {slot.early_finish:%d-%m-%Y} "
                f"in plaats van {row['planned_end']:%d-%m-%Y}."
            )
        elif slot.critical and row["actual_start"] is None and row["planned_start"] <= today:
            waiting = [by_id[d["source"]]["name"] for d in deps if blocks(d, row, by_id)]
            if waiting:
                reasons[row["id"]] = f"Kritiek en geblokkeerd door: {', '.join(waiting)}."
    return reasons


def blocks(dep: dict, row: dict, by_id: dict) -> bool:
    """Whether dependency dep still holds step row back (its predecessor not started/finished)."""
    if dep["target"] != row["id"]:
        return False
    source = by_id[dep["source"]]
    done = source["actual_start"] if dep["kind"] == START_TO_START else source["actual_end"]
    return done is None


def parallel_gain(steps: list[dict], deps: list[dict], dependency_id: str) -> dict | None:
    """What-if: the delivery date now and with one dependency's steps run in parallel.

    None: the dependency is not one of this project's.
    """
    chosen = next((d for d in deps if d["id"] == dependency_id), None)
    if chosen is None:
        return None
    cpm_steps = [to_step(r) for r in steps]
    cpm_deps = [to_dependency(r) for r in deps]
    before = compute(cpm_steps, cpm_deps).finish
    after = compute(cpm_steps, in_parallel(cpm_deps, to_dependency(chosen))).finish
    names = {row["id"]: row["name"] for row in steps}
    return {
        "source": names[chosen["source"]],
        "target": names[chosen["target"]],
        "before": before,
        "after": after,
        "gain_days": (before - after).days,
    }
