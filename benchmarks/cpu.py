"""CPU seconds spent by each part of the stack during a case, read from /proc."""

import os
import resource
from dataclasses import dataclass
from pathlib import Path

HZ = os.sysconf("SC_CLK_TCK")
PROC = Path("/proc")


@dataclass(frozen=True)
class Snapshot:
    """CPU seconds so far per group (servers, postgres, redis, load generator), machine's."""

    groups: dict[str, float]
    busy: float
    total: float


def _stat(pid: int) -> tuple[str, int, float, float] | None:
    """(comm, ppid, own cpu s, reaped children's cpu s) of a process, None once it is gone."""
    try:
        raw = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    comm = raw[raw.index("(") + 1 : raw.rindex(")")]
    fields = raw[raw.rindex(")") + 2 :].split()
    own = (int(fields[11]) + int(fields[12])) / HZ
    reaped = (int(fields[13]) + int(fields[14])) / HZ
    return comm, int(fields[1]), own, reaped


def process_seconds(pid: int) -> float | None:
    """CPU seconds a live process has used, None once it is gone."""
    stat = _stat(pid)
    return None if stat is None else stat[2]


def _processes() -> dict[int, tuple[str, int, float, float]]:
    found = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) is not None:
            found[int(entry.name)] = stat
    return found


def _tree(processes: dict, root: int) -> float:
    """A gunicorn master with its reaped workers, plus its live workers."""
    if root not in processes:
        return 0.0
    total = processes[root][2] + processes[root][3]
    return total + sum(p[2] for p in processes.values() if p[1] == root)


def _named(processes: dict, name: str) -> float:
    """Every process called `name`; the topmost also with its reaped children."""
    total = 0.0
    for comm, ppid, own, reaped in processes.values():
        if comm == name:
            parent = processes.get(ppid)
            total += own + (reaped if parent is None or parent[0] != name else 0.0)
    return total


def _machine() -> tuple[float, float]:
    values = [int(v) for v in (PROC / "stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    total = sum(values[:8])
    return (total - idle) / HZ, total / HZ


def snapshot(servers: dict[str, int]) -> Snapshot:
    """CPU seconds of each gunicorn tree (name -> master pid), Redis, load generator, machine.

    PostgreSQL's share is counted per backend by the case's sampler (cases._Sampler), so the
    backends of other databases on the same server stay out of it.
    """
    processes = _processes()
    groups = {name: _tree(processes, pid) for name, pid in servers.items()}
    groups["redis"] = _named(processes, "redis-server")
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the finished load generators
    groups["load generator"] = children.ru_utime + children.ru_stime
    busy, total = _machine()
    return Snapshot(groups, busy, total)


def spent(before: Snapshot, after: Snapshot) -> dict[str, float]:
    """CPU seconds per group between two snapshots, with the machine's busy and total."""
    used = {name: after.groups[name] - before.groups.get(name, 0.0) for name in after.groups}
    used["machine_busy"] = after.busy - before.busy
    used["machine_total"] = after.total - before.total
    return used
