"""SqlAuditLogRepository: the entries of projects' audit logs."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from adapters.sql import tables
from pybossa_core import ports
from pybossa_core.audit import AuditEntry


class SqlAuditLogRepository(ports.AuditLogRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, entry: AuditEntry) -> None:
        self.session.add(entry)

    def for_project(self, project_id: int, offset: int, limit: int) -> list[AuditEntry]:
        column = tables.auditlog.c
        statement = (
            select(AuditEntry)
            .where(column.project_id == project_id)
            .order_by(column.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return list(self.session.scalars(statement))

    def count_for_project(self, project_id: int) -> int:
        statement = select(func.count()).where(tables.auditlog.c.project_id == project_id)
        return self.session.scalar(statement)
