"""Shared lookups and small shared rules: a project by id or short name, a project's progress,
a query parameter given twice."""

import pytest

from entrypoints.errors import BadBody
from entrypoints.resources.objects import refuse_repeated
from pybossa_core import errors
from pybossa_core.ports import ProjectStats
from pybossa_core.use_cases.common import load_project

from .builders import a_project


def test_a_project_is_found_by_its_id_or_its_short_name(uow, owner):
    project = a_project(uow, owner)
    with uow:
        assert load_project(uow, project.id) is load_project(uow, project.short_name) is project


@pytest.mark.parametrize("key", [999_999, "no-such-project"])
def test_an_unknown_project_key_is_not_found_naming_the_key(uow, key):
    with uow, pytest.raises(errors.NotFound) as missing:
        load_project(uow, key)
    assert (missing.value.target, missing.value.message) == ("project", f"project {key} not found")


def test_a_key_that_is_a_string_of_digits_is_a_short_name_not_an_id(uow, owner):
    project = a_project(uow, owner)
    with uow, pytest.raises(errors.NotFound):
        load_project(uow, str(project.id))


@pytest.mark.parametrize(
    "n_tasks, done, progress", [(0, 0, 0), (3, 0, 0), (3, 1, 33), (2, 1, 50), (3, 3, 100)]
)
def test_overall_progress_is_the_share_of_completed_tasks_in_whole_percent(n_tasks, done, progress):
    stats = ProjectStats(n_tasks=n_tasks, n_completed_tasks=done)
    assert stats.overall_progress == progress


def test_a_parameter_given_twice_is_a_bad_request_naming_it():
    refuse_repeated({"limit": "1", "offset": "0"})
    with pytest.raises(BadBody) as twice:
        refuse_repeated({"type": ["task", "result"], "offset": "0", "api_key": ["a", "b"]})
    assert (twice.value.status, twice.value.exception_cls, twice.value.message) == (
        400,
        "BadRequest",
        "'api_key' is given more than once",
    )
