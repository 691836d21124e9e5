"""Each entity's fields agree everywhere they appear: its table, its allow-lists, the input
and output schemas and the list filters, so that a field added or renamed in one place and
not the others fails here rather than in a client."""

from dataclasses import dataclass
from typing import ClassVar

import pytest

from adapters.sql import orm
from entrypoints.schemas import inputs, outputs
from entrypoints.schemas.render import SCHEMAS
from pybossa_core.categories import Category
from pybossa_core.entity import Entity, stored_fields
from pybossa_core.helping import HelpingMaterial
from pybossa_core.projects import Project
from pybossa_core.publications import Announcement, BlogPost, Page
from pybossa_core.task_runs import TaskRun
from pybossa_core.tasks import Result, Task
from pybossa_core.users import User

ENTITIES = (
    User,
    Category,
    Project,
    Task,
    TaskRun,
    Result,
    HelpingMaterial,
    Announcement,
    BlogPost,
    Page,
)
TABLES = dict(orm.MAPPINGS)
# Who may write each kind through /api, and with which schemas (creating, updating).
WRITES = {
    Project: (inputs.ProjectCreate, inputs.ProjectUpdate),
    Category: (inputs.CategoryCreate, inputs.CategoryUpdate),
    Task: (inputs.TaskCreate, inputs.TaskUpdate),
    Result: (None, inputs.ResultUpdate),
    HelpingMaterial: (inputs.HelpingMaterialCreate, inputs.HelpingMaterialUpdate),
    Announcement: (inputs.AnnouncementCreate, inputs.AnnouncementUpdate),
    BlogPost: (inputs.BlogPostCreate, inputs.BlogPostUpdate),
    Page: (inputs.PageCreate, inputs.PageUpdate),
    TaskRun: (None, inputs.TaskRunUpdate),
}
# What no one is shown of a user, whatever their audience.
NEVER_SHOWN_OF_A_USER = {"passwd_hash", "api_key", "session_generation"}


def names(schema: type) -> set[str]:
    return set(schema._declared_fields)


# Fields stored in a table of their own, loaded with the entity (orm._properties).
RELATED = {Project: {"coowners"}}


@pytest.mark.parametrize("entity", ENTITIES, ids=lambda e: e.KIND)
def test_the_table_has_a_column_for_every_field_of_the_entity_and_no_other(entity):
    related = RELATED.get(entity, set())
    assert set(TABLES[entity].columns.keys()) == set(stored_fields(entity)) - related
    assert set(orm._properties(entity)) == related


@pytest.mark.parametrize("entity", ENTITIES, ids=lambda e: e.KIND)
def test_each_list_filter_is_a_column_of_the_type_the_filter_parses(entity):
    columns = TABLES[entity].columns
    assert {name: columns[name].type.python_type for name in entity.FILTERS} == entity.FILTERS


@pytest.mark.parametrize("entity", [e for e in ENTITIES if e is not User], ids=lambda e: e.KIND)
def test_a_client_is_shown_every_field_it_may_write_or_echo_back(entity):
    assert names(SCHEMAS[entity.KIND]) == entity.WRITABLE | entity.READ_ONLY


def test_a_user_is_shown_to_others_without_their_secrets():
    shown = names(outputs.UserOut)
    assert shown <= User.WRITABLE | User.READ_ONLY
    assert not shown & NEVER_SHOWN_OF_A_USER


@pytest.mark.parametrize("entity", list(WRITES), ids=lambda e: e.KIND)
def test_the_input_schemas_accept_what_the_entity_lets_a_client_write(entity):
    for schema in WRITES[entity]:
        if schema is not None:
            assert names(schema) == entity.WRITABLE


def test_an_admin_may_also_feature_a_project():
    assert names(inputs.ProjectAdminUpdate) == Project.WRITABLE | {"featured"}


def test_an_answer_names_its_task_and_the_volunteer_an_app_answers_for():
    assert names(inputs.TaskRunCreate) == TaskRun.WRITABLE | {"external_uid"}
    assert {n for n, f in inputs.TaskRunCreate._declared_fields.items() if f.required} == {
        "project_id",
        "task_id",
    }


def test_an_entity_naming_a_field_it_does_not_have_is_refused_when_defined():
    with pytest.raises(TypeError, match="has no field colour"):

        @dataclass
        class Thing(Entity):
            size: int
            KIND: ClassVar[str] = "thing"
            WRITABLE: ClassVar[frozenset[str]] = frozenset({"size", "colour"})
            FILTERABLE: ClassVar[tuple[str, ...]] = ()


def test_the_fields_a_client_may_not_write_are_read_only_unless_the_server_keeps_them():
    assert set(Task.READ_ONLY) == {"id", "created", "state", "fav_user_ids", "dedupe_key"}
    assert set(HelpingMaterial.READ_ONLY) == {"id", "created"}
    assert set(Project.READ_ONLY) == {
        "id",
        "created",
        "updated",
        "owner_id",
        "owners_ids",
        "secret_key",
        "published",
        "featured",
        "contacted",
    }
