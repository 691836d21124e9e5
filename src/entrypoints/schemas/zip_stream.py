"""A zip archive of one file, written as the file's chunks arrive: never held whole."""

import zipfile
from collections.abc import Iterator

ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed: the same rows make the same archive


class _Sink:
    """What the archive writes to: the bytes written since they were last taken. It cannot
    seek, so zipfile writes each entry's sizes after its data (a data descriptor)."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing is buffered here beyond what `take` hands out."""

    def take(self) -> bytes:
        data, self._parts = b"".join(self._parts), []
        return data


def zipped(member: str, chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The chunks deflated into the archive's one member `member`, as archive chunks; closing
    this closes `chunks` (and so what they are read from)."""
    sink = _Sink()
    try:
        with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as archive:  # type: ignore[arg-type]
            entry = zipfile.ZipInfo(member, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(entry, "w", force_zip64=True) as output:
                for chunk in chunks:
                    output.write(chunk)
                    if data := sink.take():
                        yield data
        yield sink.take()
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()
