"""ZipArchiver: the Archiver port over the standard library's zipfile."""

import io
import zipfile

from pybossa_core.ports import Archiver

ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed, so the same members make the same archive


class ZipArchiver(Archiver):
    """Deflated zip files whose entries all carry ZIP_DATE."""

    def archive(self, members: dict[str, bytes]) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in members.items():
                entry = zipfile.ZipInfo(name, date_time=ZIP_DATE)
                entry.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(entry, content)
        return buffer.getvalue()
