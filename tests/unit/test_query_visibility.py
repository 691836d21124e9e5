"""A list query may filter, order and search only by what the output shows its caller."""
import pytest

from entrypoints.schemas import outputs, render
from pybossa_core import errors
from pybossa_core.queries import ListQuery
from pybossa_core.use_cases import reading
from pybossa_core.users import Actor


def test_what_queries_may_not_touch_is_what_some_audience_is_not_shown():
    everything = {kind: set(schema._declared_fields) for kind, schema in render.SCHEMAS.items()}
    expected = {kind: set() for kind in render.SCHEMAS}
    expected["user"] = everything["user"] - set(outputs.USER_PRIVATE)
    expected["project"] = set(outputs.PROJECT_SECRETS + outputs.PROJECT_SETTINGS)
    for kind, hidden in outputs.PRIVATE_FIELDS.items():
        expected[kind] = set(hidden)
    assert {kind: set(hidden) for kind, hidden in reading.HIDDEN.items()} == expected
    assert set(outputs.USER_PRIVATE) <= set(outputs.USER_PUBLIC)


@pytest.mark.parametrize("query", [ListQuery(orderby="email_addr"), ListQuery(last_id=3),
                                   ListQuery(filters={"fullname": "A"}),
                                   ListQuery(info_pairs=(("k", "v"),), fulltext=True)])
def test_a_user_query_on_hidden_fields_is_forbidden_to_non_admins(query):
    with pytest.raises(errors.Forbidden):
        reading._refuse_private_filters("user", query, Actor(user_id=7))
    reading._refuse_private_filters("user", query, Actor(user_id=1, admin=True))
