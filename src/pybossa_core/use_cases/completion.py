"""What follows a task's completion, wherever it happens: its result (with the project's
consensus) and the webhook delivery that announces it, all in the caller's transaction."""

from datetime import datetime

from pybossa_core import consensus
from pybossa_core.ports import AbstractUnitOfWork
from pybossa_core.projects import Project
from pybossa_core.tasks import Result, Task
from pybossa_core.use_cases import webhooks

RECOUNT = "recount_results"  # the background job that recounts a project's results
RECOUNT_BATCH = 500


def complete(uow: AbstractUnitOfWork, task: Task, now: datetime) -> Result:
    """The task just completed: bring its result up to date and record its webhook
    delivery (queued once committed); returns the result.

    A task that completes again after a reopening keeps its result, brought up to date.
    """
    project = uow.projects.get(task.project_id)
    result = uow.results.for_task(task.id)
    if result is None:
        result = Result(project_id=task.project_id, task_id=task.id, created=now)
        uow.results.add(result)
    refresh(uow, result, project)
    uow.flush()  # the result's id goes into the webhook's payload
    webhooks.record_task_completed(uow, project, task, result, now)
    return result


def recount_results(uow: AbstractUnitOfWork, project_id: int, batch: int = RECOUNT_BATCH) -> int:
    """Count the consensus of every current result of the project again (its consensus
    settings changed), a batch per transaction; returns how many results were counted."""
    counted, after = 0, 0
    while True:
        with uow:
            project = uow.projects.get(project_id)
            if project is None:
                return counted
            results = uow.results.current_for_project(project_id, after, batch)
            for result in results:
                refresh(uow, result, project)
            uow.commit()
        counted += len(results)
        if len(results) < batch:
            return counted
        after = results[-1].id


def refresh(uow: AbstractUnitOfWork, result: Result, project: Project) -> None:
    """List the task's current answers in its result, with their consensus."""
    runs = uow.task_runs.for_task(result.task_id)
    result.record([run.id for run in runs])
    summary = consensus.summarize(project.info, [run.info for run in runs])
    result.info = _with_consensus(result.info, summary)


def _with_consensus(info, summary):
    """The result's info with the new consensus; an owner's own notes in it are kept."""
    if isinstance(info, dict):
        kept = {key: value for key, value in info.items() if key != "consensus"}
        return {**kept, "consensus": summary} if summary is not None else kept
    if summary is None:
        return info
    return {"consensus": summary} if info is None else {"value": info, "consensus": summary}
