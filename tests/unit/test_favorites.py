"""Favourite tasks: one mark per user and task, kept in step with the task's fav_user_ids."""

import pytest

from pybossa_core import errors
from pybossa_core.use_cases import favorites
from pybossa_core.users import ANONYMOUS

from . import builders
from .builders import NOW


@pytest.fixture
def task(uow, owner):
    return builders.a_task(uow, builders.a_published_project(uow, owner))


def test_a_mark_lists_the_user_on_the_task_and_among_their_favourites(uow, task, someone):
    marked = favorites.add_favorite(uow, task.id, builders.actor(someone), NOW)
    assert marked.fav_user_ids == [someone.id]
    listed = favorites.list_favorites(uow, builders.actor(someone), 20, 0)
    assert [row.item.id for row in listed] == [task.id]


def test_a_second_mark_is_a_conflict_and_changes_nothing(uow, task, someone):
    favorites.add_favorite(uow, task.id, builders.actor(someone), NOW)
    with pytest.raises(errors.Conflict):
        favorites.add_favorite(uow, task.id, builders.actor(someone), NOW)
    assert uow.tasks.get(task.id).fav_user_ids == [someone.id]


def test_unmarking_keeps_the_other_users_marks(uow, task, someone, owner):
    favorites.add_favorite(uow, task.id, builders.actor(someone), NOW)
    favorites.add_favorite(uow, task.id, builders.actor(owner), NOW)
    assert favorites.remove_favorite(uow, task.id, builders.actor(someone)).fav_user_ids == [
        owner.id
    ]
    with pytest.raises(errors.NotFound):
        favorites.remove_favorite(uow, task.id, builders.actor(someone))


def test_anonymous_callers_have_no_favourites(uow, task):
    with pytest.raises(errors.AuthenticationRequired):
        favorites.list_favorites(uow, ANONYMOUS, 20, 0)
    with pytest.raises(errors.AuthenticationRequired):
        favorites.add_favorite(uow, task.id, ANONYMOUS, NOW)
