"""A zip archive of one file, streamed as the file's chunks arrive."""

import io
import zipfile

from entrypoints.schemas.zip_stream import zipped


def test_the_archive_holds_the_chunks_as_one_member():
    chunks = [b"[", b'{"id":1},\n' * 5000, b"]"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(zipped("p_task.json", iter(chunks)))))
    assert archive.namelist() == ["p_task.json"] and archive.testzip() is None
    assert archive.read("p_task.json") == b"".join(chunks)


def test_archive_chunks_come_as_the_chunks_are_read():
    read = []

    def chunks():
        for n in range(3):
            read.append(n)
            yield bytes(70_000)

    archive = zipped("a.csv", chunks())
    next(archive)
    assert read == [0]


def test_closing_the_archive_closes_the_chunks():
    closed = []

    def chunks():
        try:
            yield b"a"
            yield b"b"
        finally:
            closed.append(True)

    archive = zipped("a.csv", chunks())
    next(archive)
    archive.close()
    assert closed == [True]
