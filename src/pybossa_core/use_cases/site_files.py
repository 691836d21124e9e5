"""The files of an imported PYBOSSA site: avatars and helping materials copied from the folder
PYBOSSA's local uploader wrote into this server's storage, and removed again if the import
does not complete.

PYBOSSA keeps a file at `<container>/<name>` of its upload folder and links it as
`…/uploads/<container>/<name>`. Where this server stores a copy is recorded by this server
(a material's `stored_file`), never taken from the imported row.
"""

from collections import Counter
from typing import Any
from urllib.parse import unquote, urlsplit

from pybossa_core import errors
from pybossa_core.helping import project_container
from pybossa_core.ports import FileStorage, RandomKeys
from pybossa_core.use_cases.helping import stored_name

UPLOADS_PATH = "/uploads/"


class SiteFiles:
    """Copies files as rows are converted; `undo` removes every copy made so far. Without a
    source folder (`uploads` None) or in a dry run (`storage` None), nothing is written: the
    rows lose their links to files and the notes say how many."""

    def __init__(
        self, uploads: FileStorage | None, storage: FileStorage | None, keys: RandomKeys
    ) -> None:
        self.uploads, self.storage, self.keys = uploads, storage, keys
        self.copied: list[tuple[str, str]] = []

    def user(self, row: dict[str, Any], notes: Counter) -> None:
        """The avatar, kept in the user's container under its name when that name is safe."""
        info = row["info"]
        container, name = info.get("container"), info.get("avatar")
        if not (isinstance(container, str) and isinstance(name, str)):
            return
        url = self._copy(container, name, container, name, notes, "avatar")
        for key in ("avatar", "container", "avatar_url"):
            info.pop(key, None)
        if url is not None:
            info.update(avatar=self.copied[-1][1], container=container, avatar_url=url)

    def helping(self, row: dict[str, Any], notes: Counter) -> None:
        """A material's file, when its media_url names one in the upload folder."""
        place = _uploaded(row.get("media_url"))
        if place is None:
            return
        container, name = project_container(row["project_id"]), stored_name(place[1], self.keys)
        url = self._copy(*place, container, name, notes, "helping material file")
        if url is None and urlsplit(row["media_url"]).scheme:
            return  # an absolute link stays as it was: it may point at a server that stays
        row["media_url"] = url
        if url is not None:
            row["stored_file"] = f"{container}/{name}"
            row["info"] = {**row["info"], "file_name": name, "container": container}

    def undo(self) -> None:
        """Remove every copy made (the import did not complete)."""
        if self.storage is not None:
            for container, name in self.copied:
                self.storage.delete(container, name)
        self.copied = []

    def _copy(
        self,
        source_container: str,
        source_name: str,
        container: str,
        name: str,
        notes: Counter,
        what: str,
    ) -> str | None:
        if self.uploads is None:
            notes[f"{what} not copied: no --uploads folder given"] += 1
            return None
        try:
            data = self.uploads.open(source_container, source_name)
        except errors.NotFound:
            notes[f"{what} missing from the uploads folder"] += 1
            return None
        if self.storage is None:  # a dry run: found, not written
            self.copied.append((container, name))
            return f"{UPLOADS_PATH}{container}/{name}"
        return self._save(container, name, data, notes, what)

    def _save(
        self, container: str, name: str, data: bytes, notes: Counter, what: str
    ) -> str | None:
        try:
            url = self.storage.save(container, name, data)
        except errors.InvalidInput:  # a name this storage refuses: keep a safe one instead
            name = stored_name(name, self.keys)
            try:
                url = self.storage.save(container, name, data)
            except errors.InvalidInput as exc:  # too large for this storage
                notes[f"{what} not copied: {exc.message}"] += 1
                return None
        self.copied.append((container, name))
        return url


def _uploaded(media_url: Any) -> tuple[str, str] | None:
    """(container, name) of a link into PYBOSSA's upload folder, absolute or relative."""
    if not isinstance(media_url, str):
        return None
    path = unquote(urlsplit(media_url).path)
    if UPLOADS_PATH not in path:
        return None
    parts = path.split(UPLOADS_PATH, 1)[1].split("/")
    return (parts[0], parts[1]) if len(parts) == 2 and all(parts) else None
