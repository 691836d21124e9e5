"""Webhooks: record a delivery when a task completes (in the same transaction: an outbox)."""
from datetime import datetime

from pybossa_core.ports import AbstractUnitOfWork
from pybossa_core.projects import Project
from pybossa_core.tasks import Result, Task
from pybossa_core.webhooks import TASK_COMPLETED, WebhookDelivery


def record_task_completed(uow: AbstractUnitOfWork, project: Project, task: Task,
                          result: Result, now: datetime) -> WebhookDelivery | None:
    """Stage the `task_completed` delivery PYBOSSA sends; None when there is no webhook."""
    if not project.webhook:
        return None
    payload = {"fired_at": now.isoformat(), "project_short_name": project.short_name,
               "project_id": project.id, "task_id": task.id, "result_id": result.id,
               "event": TASK_COMPLETED}
    delivery = WebhookDelivery(project_id=project.id, event=TASK_COMPLETED, payload=payload,
                               created=now, updated=now, task_id=task.id, result_id=result.id)
    uow.webhooks.add(delivery)
    uow.flush()
    return delivery
