"""Rendering without marshmallow's dump gives what the output schemas' dump would give."""

import pytest

from entrypoints.schemas import render

from . import builders


@pytest.fixture
def objects(uow):
    owner = builders.a_user(uow, info={"avatar": "a.png"})
    project = builders.a_published_project(uow, owner, long_description="é ✓")
    task = builders.a_task(
        uow, project, info={"q": [1, 2.5, None]}, priority_0=1, gold_answers={"a": 1}, calibration=1
    )
    run = builders.a_task_run(uow, task, owner, info="plain", gold_score=1)
    return {
        "user": owner,
        "project": project,
        "task": task,
        "taskrun": run,
        "category": uow.categories.get(project.category_id),
        "result": builders.a_result(uow, task, info={"n": 1}),
        "helpingmaterial": builders.a_helping_material(uow, project, info={"x": True}),
        "announcement": builders.an_announcement(uow, owner, media_url="m.png"),
        "blogpost": builders.a_blog_post(uow, project, published=True, info={"i": 1}),
        "page": builders.a_page(uow, project, info={"title": "About"}),
    }


@pytest.mark.parametrize("kind", sorted(render.SCHEMAS))
def test_every_field_comes_out_as_the_schema_dumps_it(objects, kind):
    obj = objects[kind]
    assert render._dump(kind, obj, frozenset()) == render.SCHEMAS[kind]().dump(obj)


def test_a_value_of_another_type_goes_through_the_field(objects):
    task = objects["task"]
    task.priority_0 = 3  # an int in a Float field: 3.0, as marshmallow says
    dumped = render._dump("task", task, frozenset())
    assert dumped["priority_0"] == 3.0 and type(dumped["priority_0"]) is float


def test_a_mapping_renders_as_an_object_does(objects):
    task = objects["task"]
    as_mapping = {name: getattr(task, name) for name in render.SCHEMAS["task"]._declared_fields}
    assert render._dump("task", as_mapping, frozenset()) == render._dump("task", task, frozenset())
