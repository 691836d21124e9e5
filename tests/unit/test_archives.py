"""The zip archiver: members in order, and the same members make the same bytes."""

import io
import zipfile

from adapters.archives import ZipArchiver

MEMBERS = {"user.json": b'{"name": "ada"}', "projects.json": b"[]" * 1000}


def test_an_archive_holds_the_members_under_their_names_in_their_order():
    with zipfile.ZipFile(io.BytesIO(ZipArchiver().archive(MEMBERS))) as archive:
        assert archive.namelist() == ["user.json", "projects.json"]
        assert {name: archive.read(name) for name in archive.namelist()} == MEMBERS
        assert {entry.compress_type for entry in archive.infolist()} == {zipfile.ZIP_DEFLATED}


def test_the_same_members_make_the_same_bytes_whenever_they_are_archived():
    first, second = ZipArchiver().archive(MEMBERS), ZipArchiver().archive(dict(MEMBERS))
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
