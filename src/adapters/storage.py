"""Uploaded files on the local disk (or a mounted volume), one folder per container."""

import logging
import os
import re
import tempfile
from pathlib import Path

from pybossa_core import errors, ports

logger = logging.getLogger(__name__)

SAFE_SEGMENT = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,254}")
PUBLIC_PREFIX = "/uploads"


class LocalFileStorage(ports.FileStorage):
    """Files live at root/<container>/<filename>; names are single safe path segments."""

    def __init__(self, root: Path, max_bytes: int) -> None:
        self.root = Path(root)
        self.max_bytes = max_bytes

    def save(self, container: str, filename: str, data: bytes) -> str:
        """Write the file atomically (temporary file, then rename) and return its public path."""
        if not (safe_name(container) and safe_name(filename)):
            message = "Use only letters, digits, '.', '-' and '_', not starting with '.'"
            raise errors.InvalidInput(message, "file", {"file": [message]})
        if len(data) > self.max_bytes:
            message = f"The file is larger than {self.max_bytes} bytes"
            raise errors.InvalidInput(message, "file", {"file": [message]})
        target = self.root / container / filename
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(target, data)
        logger.info("stored %s/%s (%d bytes)", container, filename, len(data))
        return f"{PUBLIC_PREFIX}/{container}/{filename}"

    def open(self, container: str, filename: str) -> bytes:
        if not (safe_name(container) and safe_name(filename)):
            raise errors.NotFound("file", filename)
        try:
            return (self.root / container / filename).read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise errors.NotFound("file", filename) from None

    def delete(self, container: str, filename: str) -> None:
        if safe_name(container) and safe_name(filename):
            (self.root / container / filename).unlink(missing_ok=True)

    def delete_container(self, container: str) -> None:
        if not safe_name(container):
            return
        folder = self.root / container
        for name in self.names(container):
            (folder / name).unlink(missing_ok=True)
        try:
            folder.rmdir()
        except FileNotFoundError:
            pass
        except OSError:  # a file saved meanwhile (or a stray temporary file) keeps the folder
            logger.warning("kept the non-empty container %s", container)
        else:
            logger.info("deleted container %s", container)

    def names(self, container: str) -> list[str]:
        if not safe_name(container):
            return []
        try:
            entries = list((self.root / container).iterdir())
        except (FileNotFoundError, NotADirectoryError):
            return []
        return sorted(entry.name for entry in entries if safe_name(entry.name) and entry.is_file())


def safe_name(name: object) -> bool:
    """A single path segment of [A-Za-z0-9._-], without '..' and not starting with '.'."""
    return isinstance(name, str) and bool(SAFE_SEGMENT.fullmatch(name)) and ".." not in name


def _write_atomically(target: Path, data: bytes) -> None:
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
