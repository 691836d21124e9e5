"""LocalFileStorage on a real filesystem: atomic saves, safe names, size limit."""

import pytest

from adapters.storage import LocalFileStorage
from pybossa_core import errors


@pytest.fixture
def storage(tmp_path):
    return LocalFileStorage(tmp_path / "uploads", max_bytes=16)


def test_a_saved_file_is_served_back_under_its_public_path(storage, tmp_path):
    assert storage.save("project_1", "a.png", b"image") == "/uploads/project_1/a.png"
    assert storage.open("project_1", "a.png") == b"image"
    assert (tmp_path / "uploads" / "project_1" / "a.png").read_bytes() == b"image"


def test_saving_again_replaces_the_file_and_leaves_no_temporary_file(storage, tmp_path):
    storage.save("c", "f.txt", b"one")
    storage.save("c", "f.txt", b"two")
    assert storage.open("c", "f.txt") == b"two"
    assert [p.name for p in (tmp_path / "uploads" / "c").iterdir()] == ["f.txt"]


@pytest.mark.parametrize(
    "container, filename",
    [
        ("..", "x"),
        ("c", ".."),
        ("c", "../x"),
        ("c", "a/b"),
        ("c", "a\\b"),
        ("c", ".hidden"),
        ("c", ""),
        ("", "x"),
        ("c", "a..b"),
        ("c", "/etc/passwd"),
        ("c", "x\n"),
        ("c", "é.png"),
    ],
)
def test_names_that_are_not_one_safe_path_segment_are_refused(
    storage, tmp_path, container, filename
):
    with pytest.raises(errors.InvalidInput):
        storage.save(container, filename, b"x")
    with pytest.raises(errors.NotFound):
        storage.open(container, filename)
    storage.delete(container, filename)
    assert not (tmp_path / "uploads").exists()


def test_data_over_the_limit_is_refused_and_not_written(storage, tmp_path):
    with pytest.raises(errors.InvalidInput):
        storage.save("c", "big.bin", b"x" * 17)
    assert not (tmp_path / "uploads" / "c" / "big.bin").exists()


def test_opening_a_missing_file_is_not_found(storage):
    with pytest.raises(errors.NotFound):
        storage.open("c", "missing.txt")


def test_deleting_removes_the_file_and_ignores_a_missing_one(storage):
    storage.save("c", "f.txt", b"x")
    storage.delete("c", "f.txt")
    storage.delete("c", "f.txt")
    with pytest.raises(errors.NotFound):
        storage.open("c", "f.txt")


def test_a_container_is_listed_and_deleted_with_its_files(storage, tmp_path):
    storage.save("project_1", "b.txt", b"x")
    storage.save("project_1", "a.txt", b"y")
    storage.save("project_10", "c.txt", b"z")
    assert storage.names("project_1") == ["a.txt", "b.txt"]
    storage.delete_container("project_1")
    storage.delete_container("project_1")
    assert storage.names("project_1") == [] and not (tmp_path / "uploads" / "project_1").exists()
    assert storage.open("project_10", "c.txt") == b"z"


@pytest.mark.parametrize("container", ["..", ".", "", "a/b", "/"])
def test_a_container_that_is_not_one_safe_segment_is_neither_listed_nor_deleted(
    storage, tmp_path, container
):
    storage.save("c", "f.txt", b"x")
    assert storage.names(container) == []
    storage.delete_container(container)
    assert storage.open("c", "f.txt") == b"x"
