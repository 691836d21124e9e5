"""Helping materials: created by project owners, optionally with a stored file."""

import pytest

from pybossa_core import errors
from pybossa_core.entity import Changes
from pybossa_core.helping import CreateHelpingMaterial
from pybossa_core.use_cases import helping
from pybossa_core.use_cases.helping import Upload, stored_name
from pybossa_core.users import ANONYMOUS

from .builders import (
    NOW,
    a_helping_material,
    a_project,
    a_published_project,
    actor,
    everything_in,
)
from .fakes import SequentialKeys

KEYS = SequentialKeys()  # one numbering for the module: every key it makes differs


def create(uow, caller, storage, upload=None, **fields):
    return helping.create_helping_material(
        uow, CreateHelpingMaterial(**fields), caller, NOW, upload=upload, storage=storage, keys=KEYS
    )


def test_the_owner_creates_a_helping_material(uow, owner, storage):
    project = a_project(uow, owner)
    material = create(
        uow, actor(owner), storage, project_id=project.id, info={"step": 1}, priority=0.5
    )
    stored = uow.helping_materials.get(material.id)
    assert (stored.project_id, stored.info, stored.priority) == (project.id, {"step": 1}, 0.5)
    assert stored.media_url is None and storage.files == {}


def test_an_uploaded_file_is_stored_and_becomes_the_media_url(uow, owner, storage):
    project = a_project(uow, owner)
    upload = Upload(filename="tutorial.png", data=b"\x89PNG")
    material = create(uow, actor(owner), storage, upload, project_id=project.id, info={"step": 1})
    container, name = material.info["container"], material.info["file_name"]
    assert container == f"project_{project.id}"
    assert name.endswith("_tutorial.png")
    assert material.info["step"] == 1
    assert material.media_url == f"/uploads/{container}/{name}"
    assert storage.open(container, name) == b"\x89PNG"


def test_two_uploads_with_the_same_name_are_both_kept(uow, owner, storage):
    project = a_project(uow, owner)
    for data in (b"one", b"two"):
        create(uow, actor(owner), storage, Upload("same.txt", data), project_id=project.id)
    assert sorted(storage.files.values()) == [b"one", b"two"]


def test_a_user_cannot_add_material_to_someone_elses_project(uow, owner, someone, storage):
    project = a_published_project(uow, owner)
    with pytest.raises(errors.Forbidden):
        create(uow, actor(someone), storage, Upload("x.png", b"x"), project_id=project.id)
    assert everything_in(uow.helping_materials) == [] and storage.files == {}


def test_an_anonymous_caller_cannot_create_a_helping_material(uow, owner, storage):
    project = a_published_project(uow, owner)
    with pytest.raises(errors.AuthenticationRequired):
        create(uow, ANONYMOUS, storage, project_id=project.id)


def test_a_helping_material_must_name_an_existing_project(uow, owner, storage):
    with pytest.raises(errors.InvalidInput) as caught:
        create(uow, actor(owner), storage, project_id=999)
    assert "project_id" in caught.value.errors


def test_the_owner_updates_a_helping_material(uow, owner):
    material = a_helping_material(uow, a_project(uow, owner))
    helping.update_helping_material(uow, material.id, Changes({"priority": 0.9}), actor(owner))
    assert uow.helping_materials.get(material.id).priority == 0.9


def test_a_helping_material_cannot_move_to_another_project(uow, owner):
    project, other = a_project(uow, owner), a_project(uow, owner)
    material = a_helping_material(uow, project)
    with pytest.raises(errors.InvalidInput):
        helping.update_helping_material(
            uow, material.id, Changes({"project_id": other.id}), actor(owner)
        )
    assert uow.helping_materials.get(material.id).project_id == project.id


def test_a_user_cannot_update_someone_elses_helping_material(uow, owner, someone):
    material = a_helping_material(uow, a_published_project(uow, owner))
    with pytest.raises(errors.Forbidden):
        helping.update_helping_material(
            uow, material.id, Changes({"priority": 1.0}), actor(someone)
        )


def test_deleting_a_helping_material_removes_its_stored_file(uow, owner, storage):
    project = a_project(uow, owner)
    material = create(uow, actor(owner), storage, Upload("a.pdf", b"%PDF"), project_id=project.id)
    helping.delete_helping_material(uow, material.id, actor(owner), storage)
    assert uow.helping_materials.get(material.id) is None
    assert storage.files == {}


def test_deleting_a_helping_material_without_a_file_leaves_other_files(uow, owner, storage):
    project = a_project(uow, owner)
    storage.save(f"project_{project.id}", "other.png", b"keep")
    material = a_helping_material(uow, project)
    helping.delete_helping_material(uow, material.id, actor(owner), storage)
    assert uow.helping_materials.get(material.id) is None
    assert list(storage.files.values()) == [b"keep"]


def test_a_refused_delete_keeps_the_material_and_its_file(uow, owner, someone, storage):
    project = a_published_project(uow, owner)
    material = create(uow, actor(owner), storage, Upload("a.pdf", b"%PDF"), project_id=project.id)
    with pytest.raises(errors.Forbidden):
        helping.delete_helping_material(uow, material.id, actor(someone), storage)
    assert uow.helping_materials.get(material.id) is not None
    assert list(storage.files.values()) == [b"%PDF"]


@pytest.mark.parametrize(
    "filename, ending",
    [
        ("../../etc/passwd", "_passwd"),
        ("C:\\Users\\me\\photo 1.jpg", "_photo_1.jpg"),
        ("rapport été.pdf", "_rapport_t_.pdf"),
        ("..", "_file"),
        ("", "_file"),
    ],
)
def test_stored_names_are_unique_and_path_safe(filename, ending):
    keys = SequentialKeys()
    name = stored_name(filename, keys)
    assert name == f"000100010001{ending}"
    assert "/" not in name and "\\" not in name and not name.startswith(".")
    assert stored_name(filename, keys) == f"000200020002{ending}"


def test_an_upload_records_where_the_server_stored_it(uow, owner, storage):
    project = a_project(uow, owner)
    material = create(uow, actor(owner), storage, Upload("a.pdf", b"%PDF"), project_id=project.id)
    [(container, name)] = storage.files
    assert uow.helping_materials.get(material.id).stored_file == f"{container}/{name}"
    assert container == f"project_{project.id}"


def test_a_client_cannot_change_where_a_file_is_stored(uow, owner):
    material = a_helping_material(uow, a_project(uow, owner))
    with pytest.raises(errors.InvalidInput):
        helping.update_helping_material(
            uow, material.id, Changes({"stored_file": "user_1/a.png"}), actor(owner)
        )
    assert uow.helping_materials.get(material.id).stored_file is None


def test_info_naming_another_projects_file_never_deletes_it(uow, owner, someone, storage):
    theirs = a_project(uow, someone)
    storage.save(f"project_{theirs.id}", "theirs.png", b"theirs")
    mine = a_project(uow, owner)
    decoy = create(
        uow,
        actor(owner),
        storage,
        project_id=mine.id,
        info={"container": f"project_{theirs.id}", "file_name": "theirs.png"},
    )
    helping.delete_helping_material(uow, decoy.id, actor(owner), storage)
    assert storage.files == {(f"project_{theirs.id}", "theirs.png"): b"theirs"}


def test_a_failed_delete_keeps_the_file(uow, owner, storage):
    project = a_project(uow, owner)
    material = create(uow, actor(owner), storage, Upload("a.pdf", b"%PDF"), project_id=project.id)

    def database_went_away() -> None:
        raise RuntimeError("database went away")

    uow.concurrently.append(database_went_away)
    with pytest.raises(RuntimeError):
        helping.delete_helping_material(uow, material.id, actor(owner), storage)
    assert list(storage.files.values()) == [b"%PDF"]
