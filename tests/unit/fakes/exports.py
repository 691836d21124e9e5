"""FakeExportReader: the export port over a FakeUnitOfWork's rows."""

from __future__ import annotations

from typing import Any

from pybossa_core.ports.exports import (
    EXPORT_FIELDS,
    USER_EXPORT_FIELDS,
    ExportReader,
    ExportRows,
    InfoLayout,
)


class FakeExportReader(ExportReader):
    """Reads the fake repositories; `open_streams` counts the streams started and not yet
    finished or closed (what would hold a database connection)."""

    def __init__(self, uow: Any) -> None:
        self.uow = uow
        self.open_streams = 0

    def info_layout(self, kind: str, project_id: int) -> InfoLayout:
        infos = [obj.info for obj in self._objects(kind, project_id)]
        keys = {key for info in infos if isinstance(info, dict) for key in info}
        other = any(info is not None and not isinstance(info, dict) for info in infos)
        return InfoLayout(tuple(sorted(keys)), other)

    def rows(self, kind: str, project_id: int) -> ExportRows:
        self.open_streams += 1
        try:
            for obj in self._objects(kind, project_id):
                yield {name: getattr(obj, name) for name in EXPORT_FIELDS[kind]}
        finally:
            self.open_streams -= 1

    def user_rows(self) -> ExportRows:
        self.open_streams += 1
        try:
            for user in sorted(self.uow.users.rows.values(), key=lambda u: u.id):
                yield {name: getattr(user, name) for name in USER_EXPORT_FIELDS}
        finally:
            self.open_streams -= 1

    def _objects(self, kind: str, project_id: int) -> list[Any]:
        repository = self.uow.repository(kind)
        return sorted(repository.where(project_id=project_id), key=lambda obj: obj.id)
