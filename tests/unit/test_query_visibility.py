"""A list query may filter, order and search only by what the output shows its caller."""

import pytest

from entrypoints.schemas import render
from pybossa_core import errors, permissions
from pybossa_core.queries import ListQuery
from pybossa_core.use_cases import reading
from pybossa_core.users import Actor


def test_the_private_fields_of_each_kind_are_fields_its_output_declares():
    assert set(permissions.PRIVATE_FIELDS) == set(render.SCHEMAS)
    for kind, private in permissions.PRIVATE_FIELDS.items():
        assert private <= set(render.SCHEMAS[kind]._declared_fields), kind


def test_of_a_user_only_the_name_and_locale_are_public():
    declared = set(render.SCHEMAS["user"]._declared_fields)
    assert declared - permissions.PRIVATE_FIELDS["user"] == {"name", "locale"}


@pytest.mark.parametrize(
    "query",
    [
        ListQuery(orderby="email_addr"),
        ListQuery(last_id=3),
        ListQuery(filters={"fullname": "A"}),
        ListQuery(info_pairs=(("k", "v"),), fulltext=True),
    ],
)
def test_a_user_query_on_hidden_fields_is_forbidden_to_non_admins(uow, query):
    with pytest.raises(errors.Forbidden):
        reading.list_objects(uow, "user", query, Actor(user_id=7))
    assert reading.list_objects(uow, "user", query, Actor(user_id=1, admin=True)) == []
