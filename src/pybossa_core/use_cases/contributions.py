"""The volunteer loop: serve tasks (newtask), record answers (task runs), report progress."""

import contextlib
import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pybossa_core import errors, gold, permissions, scheduler
from pybossa_core.ports import AbstractUnitOfWork, TaskLocks, TaskStamps, TokenSigner
from pybossa_core.projects import Project
from pybossa_core.task_runs import SubmitAnswer, TaskRun
from pybossa_core.tasks import Task
from pybossa_core.use_cases import completion
from pybossa_core.use_cases.common import project_snapshot
from pybossa_core.users import Actor
from pybossa_core.volunteers import Volunteer, anonymize_ip

MAX_NEW_TASKS = 100
MAX_LOCKED_HOLDS = 10
LOCK_SCAN_WINDOW = 100
LOCK_SCAN_WINDOWS = 20


@dataclass(frozen=True)
class VolunteerPorts:
    """What serving tasks to volunteers and taking their answers need beyond the unit of work
    (not an event loop: the volunteer loop of newtask and answers)."""

    stamps: TaskStamps
    locks: TaskLocks
    signer: TokenSigner
    ip_secret: str
    stamp_seconds: int = 3600


def request_tasks(
    uow: AbstractUnitOfWork,
    project_key: int | str,
    actor: Actor,
    *,
    ports: VolunteerPorts,
    now: datetime,
    offset: int = 0,
    limit: int = 1,
    orderby: str | None = None,
    desc: bool | None = None,
) -> list[Task]:
    """The next tasks for this volunteer (offset skips some, to preload; orderby/desc order
    the candidates, see pybossa_core.scheduler), stamped as served. Drafts serve them as
    published projects do (permissions.CONTRIBUTE)."""
    if not 1 <= limit <= MAX_NEW_TASKS or not 0 <= offset <= MAX_NEW_TASKS:
        raise errors.InvalidInput(
            f"limit must be 1 to {MAX_NEW_TASKS} and offset 0 to {MAX_NEW_TASKS}", "task"
        )
    with uow:
        project = project_snapshot(uow, project_key)
        permissions.ensure(actor, permissions.CONTRIBUTE, "project", project)
        volunteer = identify(project, actor, ports, now)
        permissions.ensure_may_answer(project, volunteer)
        strategy = scheduler.strategy_for(project.info)
        order = scheduler.order_for(strategy, orderby, desc)
        tasks = _choose(uow, project, volunteer, strategy, order, ports, offset, limit)
        if strategy.incremental:
            tasks = [_with_last_answer(uow, task) for task in tasks]
    ports.stamps.stamp(volunteer.key, [task.id for task in tasks], ports.stamp_seconds)
    return tasks


def _choose(
    uow: AbstractUnitOfWork,
    project: Project,
    volunteer: Volunteer,
    strategy: scheduler.Strategy,
    order: str,
    ports: VolunteerPorts,
    offset: int,
    limit: int,
) -> list[Task]:
    """The strategy's way of picking: holds (`locked`), gold pacing, or plain candidates."""
    every = gold.gold_every(project.info)
    if strategy.locked:  # holds follow n_answers alone: gold_every does not apply
        _refuse_hoarding(offset + limit)
        return _hold_tasks(uow, project, volunteer, ports.locks, offset + limit, order)[offset:]
    if every is not None:
        return _paced_by_gold(uow, project, volunteer, order, every, offset + limit)[offset:]
    return uow.tasks.candidates(project.id, volunteer, order, limit, offset, spread=offset == 0)


def _paced_by_gold(
    uow: AbstractUnitOfWork,
    project: Project,
    volunteer: Volunteer,
    order: str,
    every: int,
    count: int,
) -> list[Task]:
    """The volunteer's next `count` tasks with a gold task at every `every`-th position
    (see pybossa_core.gold): two candidate queries, one per kind of task."""
    positions = gold.gold_positions(uow.task_runs.count_by(project.id, volunteer), count, every)
    wanted = sum(positions)
    golds = (
        uow.tasks.candidates(project.id, volunteer, order, wanted, gold=True, spread=True)
        if wanted
        else []
    )
    ordinary = uow.tasks.candidates(
        project.id, volunteer, order, count - min(wanted, len(golds)), gold=False, spread=True
    )
    return gold.interleave(positions, golds, ordinary)


def submit_task_run(
    uow: AbstractUnitOfWork,
    answer: SubmitAnswer,
    actor: Actor,
    *,
    ports: VolunteerPorts,
    now: datetime,
) -> TaskRun:
    """Record one answer exactly once; the answer that completes a task makes its result.

    The shape of the cheapest safe write: check the stamp, lock the task, insert the run,
    update the task, commit. A second answer by the same volunteer is refused by the unique
    index on (task, volunteer) at the insert, so it is not looked up first.
    """
    with uow:
        volunteer = _stamped_volunteer(uow, answer, actor, ports, now)
        task = _ensure_answerable(_load_task(uow, answer.task_id, lock=True), answer)
        with _answered_once():
            run = _record(uow, task, volunteer, answer.info, now)
            uow.commit()
    return run


def _stamped_volunteer(
    uow: AbstractUnitOfWork,
    answer: SubmitAnswer,
    actor: Actor,
    ports: VolunteerPorts,
    now: datetime,
) -> Volunteer:
    """The volunteer answering, once they were served the task (stamped by newtask).

    When it fails, what is wrong with the task itself (missing, in another project) is
    said first, as PYBOSSA does.
    """
    try:
        project = uow.projects.snapshot(answer.project_id)
        if project is None:
            raise errors.Forbidden("Invalid project_id", "taskrun")
        permissions.ensure(actor, permissions.CONTRIBUTE, "project", project)
        volunteer = identify(project, actor, ports, now)
        permissions.ensure_may_answer(project, volunteer)
        if not ports.stamps.is_stamped(volunteer.key, answer.task_id):
            raise errors.Forbidden("You must request a task first!", "taskrun")
    except errors.DomainError:
        _ensure_answerable(_load_task(uow, answer.task_id), answer)
        raise
    return volunteer


@contextlib.contextmanager
def _answered_once() -> Iterator[None]:
    """A concurrent or repeated answer by the same volunteer loses at the unique index."""
    try:
        yield
    except errors.DuplicateValue:
        raise errors.Forbidden("You have already answered this task", "taskrun") from None


def user_progress(
    uow: AbstractUnitOfWork,
    project_key: int | str,
    actor: Actor,
    *,
    ports: VolunteerPorts,
    now: datetime,
) -> dict[str, int]:
    """How many of the project's tasks this volunteer answered, and how many there are; and
    their accuracy on its gold tasks."""
    with uow:
        project = project_snapshot(uow, project_key)
        permissions.ensure(actor, permissions.CONTRIBUTE, "project", project)
        volunteer = identify(project, actor, ports, now)
        return {
            "done": uow.task_runs.count_by(project.id, volunteer),
            "total": uow.tasks.count_for_project(project.id),
            "accuracy": uow.task_runs.accuracy_of(project.id, volunteer).as_dict(),
        }


def identify(project: Project, actor: Actor, ports: VolunteerPorts, now: datetime) -> Volunteer:
    """The volunteer behind the request: external uid (with a project token), user, or IP
    (anonymised). Whether they may answer is permissions.ensure_may_answer's to say."""
    if actor.external_uid is not None or actor.project_token is not None:
        return _external(project, actor, ports, now)
    if actor.authenticated:
        return Volunteer(user_id=actor.user_id)
    return Volunteer(user_ip=anonymize_ip(actor.ip, ports.ip_secret))


def _external(project: Project, actor: Actor, ports: VolunteerPorts, now: datetime) -> Volunteer:
    if actor.project_token is None:
        raise errors.AuthenticationRequired(
            "external_uid needs Authorization: Bearer <project token>", "project"
        )
    if not actor.external_uid:
        raise errors.InvalidInput(
            "A project token needs an external_uid",
            "project",
            {"external_uid": ["Missing external_uid"]},
        )
    claims = ports.signer.verify(actor.project_token, project.secret_key, now)
    if claims.get("project_id") != project.id:
        raise errors.AuthenticationRequired("The token is for another project", "project")
    return Volunteer(external_uid=actor.external_uid)


def _load_task(uow: AbstractUnitOfWork, task_id: int, lock: bool = False) -> Task | None:
    """The task an answer names (locked against concurrent answers with `lock`)."""
    return uow.tasks.lock_for_answer(task_id) if lock else uow.tasks.get(task_id)


def _ensure_answerable(task: Task | None, answer: SubmitAnswer) -> Task:
    """The task, when the answer may be given to it: it exists, in the answer's project."""
    if task is None:
        message = f"There is no task with id {answer.task_id}"
        raise errors.InvalidInput(message, "taskrun", {"task_id": [message]})
    if task.project_id != answer.project_id:
        raise errors.Forbidden("Invalid project_id", "taskrun")
    return task


def _record(
    uow: AbstractUnitOfWork, task: Task, volunteer: Volunteer, info: Any, now: datetime
) -> TaskRun:
    """Insert the run and move the task (the answer that completes it makes its result)."""
    completes = task.accept_run()
    run = TaskRun.answer(task, volunteer, info, now)
    uow.task_runs.record_answer(run, task)
    if completes:
        completion.complete(uow, task, now)
    return run


def _hold_tasks(
    uow: AbstractUnitOfWork,
    project: Project,
    volunteer: Volunteer,
    locks: TaskLocks,
    wanted: int,
    order: str = scheduler.BY_PRIORITY,
) -> list[Task]:
    """`locked`: the tasks the volunteer already holds, then new holds while there is room."""
    seconds = scheduler.lock_seconds(project.info)
    held = [uow.tasks.get(task_id) for task_id in locks.held(project.id, volunteer.key)]
    chosen = [
        t
        for t in held
        if t is not None and t.state == "ongoing" and not uow.task_runs.answered(t.id, volunteer)
    ][:wanted]
    for window in range(LOCK_SCAN_WINDOWS):
        if len(chosen) >= wanted:
            break
        batch = uow.tasks.candidates(
            project.id, volunteer, order, LOCK_SCAN_WINDOW, window * LOCK_SCAN_WINDOW
        )
        chosen += _acquire(
            uow, batch, chosen, project, volunteer, locks, seconds, wanted - len(chosen)
        )
        if len(batch) < LOCK_SCAN_WINDOW:
            break
    return chosen


def _refuse_hoarding(wanted: int) -> None:
    """A `locked` volunteer holds every task it is served: only a few at a time."""
    if wanted > MAX_LOCKED_HOLDS:
        raise errors.InvalidInput(
            f"A locked project serves at most {MAX_LOCKED_HOLDS} tasks at a time (offset + limit)",
            "task",
            {"offset": [f"offset + limit > {MAX_LOCKED_HOLDS}"]},
        )


def _acquire(
    uow: AbstractUnitOfWork,
    batch: list[Task],
    chosen: list[Task],
    project: Project,
    volunteer: Volunteer,
    locks: TaskLocks,
    seconds: int,
    wanted: int,
) -> list[Task]:
    taken = {task.id for task in chosen}
    acquired = []
    for task in batch:
        room = _room(task, task.n_task_runs)
        if task.id in taken or room <= 0:
            continue
        if locks.acquire(project.id, task.id, volunteer.key, room, seconds) and _still_room(
            uow, locks, project, task, volunteer
        ):
            acquired.append(task)
            if len(acquired) == wanted:
                break
    return acquired


def _still_room(
    uow: AbstractUnitOfWork, locks: TaskLocks, project: Project, task: Task, volunteer: Volunteer
) -> bool:
    """Check a new hold against answers committed meanwhile, or give it back.

    The room was computed from a task read before the hold; an answer committed since (its
    hold released only after the commit) would make one holder too many. Reading the answers
    first and the holders second can only over-count, so a hold that passes is safe.
    """
    if locks.holders(task.id) <= _room(task, uow.tasks.committed_runs(task.id)):
        return True
    locks.release(project.id, task.id, volunteer.key)
    return False


def _room(task: Task, runs: int) -> int:
    """How many volunteers may hold the task at once: those its missing answers need; a gold
    task (answered once by everybody, never completed) n_answers at a time."""
    return task.n_answers if task.is_gold else task.n_answers - runs


def _with_last_answer(uow: AbstractUnitOfWork, task: Task) -> Task:
    """`incremental`: a copy of the task whose info carries the latest answer given to it."""
    if task.is_gold:  # another volunteer's answer to a gold task would give it away
        return task
    runs = uow.task_runs.for_task(task.id)
    last = runs[-1].info if runs else None
    info = task.info if isinstance(task.info, dict) else {"value": task.info}
    return dataclasses.replace(task, info={**info, "last_answer": last})
