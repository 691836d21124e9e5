"""parse_list_query turns query-string values into a validated ListQuery, or says why not."""

import pytest

from pybossa_core import errors
from pybossa_core.projects import Project
from pybossa_core.queries import DEFAULT_LIMIT, MAX_LIMIT, ListQuery, parse_list_query
from pybossa_core.task_runs import TaskRun
from pybossa_core.tasks import Task
from pybossa_core.users import User


def parse(entity_type=Project, **params) -> ListQuery:
    return parse_list_query(params, entity_type, entity_type.KIND)


def test_an_empty_query_string_gives_the_defaults():
    query = parse()
    assert (query.limit, query.offset, query.last_id) == (DEFAULT_LIMIT, 0, None) == (20, 0, None)
    assert (query.orderby, query.desc, query.all, query.related) == ("id", False, False, False)
    assert query.filters == {} and query.info_pairs == () and query.info_contains is None


def test_limit_and_offset_are_read_as_integers():
    query = parse(limit="5", offset="10")
    assert (query.limit, query.offset) == (5, 10)


def test_limit_is_capped_at_one_hundred():
    assert parse(limit="1000").limit == MAX_LIMIT == 100


@pytest.mark.parametrize("name", ["limit", "offset", "last_id"])
@pytest.mark.parametrize("raw", ["-1", "abc", "1.5", ""])
def test_a_negative_or_non_integer_count_is_invalid(name, raw):
    with pytest.raises(errors.InvalidInput) as caught:
        parse(**{name: raw})
    assert name in caught.value.errors


def test_an_unknown_parameter_names_the_missing_attribute_as_pybossa_does():
    with pytest.raises(errors.UnknownAttribute) as caught:
        parse(wrongattr="1")
    assert caught.value.message == "type object 'Project' has no attribute 'wrongattr'"
    assert caught.value.target == "project"


def test_the_unknown_attribute_message_uses_the_class_name():
    with pytest.raises(errors.UnknownAttribute, match="type object 'TaskRun' has no attribute"):
        parse(TaskRun, nope="1")


def test_filters_are_converted_to_the_field_types():
    query = parse(Task, project_id="3", priority_0="0.5", state="ongoing")
    assert query.filters == {"project_id": 3, "priority_0": 0.5, "state": "ongoing"}


def test_a_filter_value_of_the_wrong_type_is_invalid():
    with pytest.raises(errors.InvalidInput) as caught:
        parse(Task, project_id="three")
    assert "project_id" in caught.value.errors


@pytest.mark.parametrize("raw", ["1", "true", "True", "t", "yes", "y", "on", " TRUE "])
def test_true_values_are_read_as_true(raw):
    assert parse(published=raw, desc=raw, all=raw, related=raw).filters["published"] is True
    assert parse(desc=raw).desc and parse(all=raw).all and parse(related=raw).related


@pytest.mark.parametrize("raw", ["0", "false", "f", "no", "n", "off"])
def test_false_values_are_read_as_false(raw):
    assert parse(published=raw).filters["published"] is False
    assert not parse(desc=raw).desc


def test_a_boolean_that_is_neither_true_nor_false_is_invalid():
    with pytest.raises(errors.InvalidInput) as caught:
        parse(published="maybe")
    assert "published" in caught.value.errors


def test_info_key_value_pairs_are_joined_by_a_bar():
    query = parse(Task, info="city::Paris|lang::fr")
    assert query.info_pairs == (("city", "Paris"), ("lang", "fr"))
    assert query.info_contains is None


def test_info_as_json_asks_for_containment():
    query = parse(Task, info='{"city": "Paris", "n": 1}')
    assert query.info_contains == {"city": "Paris", "n": 1}
    assert query.info_pairs == ()


@pytest.mark.parametrize("raw", ["city", "::Paris", "broken|city::a", "{not json", "[1, 2]"])
def test_malformed_info_is_invalid(raw):
    with pytest.raises(errors.InvalidInput) as caught:
        parse(Task, info=raw)
    assert "info" in caught.value.errors


def test_fulltextsearch_with_info_pairs_is_a_fulltext_query():
    query = parse(Task, info="text::big dog", fulltextsearch="1")
    assert query.fulltext and query.info_pairs == (("text", "big dog"),)


def test_fulltextsearch_without_info_is_invalid():
    with pytest.raises(errors.InvalidInput) as caught:
        parse(Task, fulltextsearch="1")
    assert "fulltextsearch" in caught.value.errors


def test_fulltextsearch_with_json_info_is_invalid():
    with pytest.raises(errors.InvalidInput):
        parse(Task, info='{"text": "dog"}', fulltextsearch="true")


def test_last_id_pages_by_id():
    query = parse(last_id="40", desc="1")
    assert (query.last_id, query.desc, query.orderby) == (40, True, "id")


def test_last_id_cannot_be_combined_with_another_order():
    with pytest.raises(errors.InvalidInput) as caught:
        parse(last_id="40", orderby="name")
    assert "last_id" in caught.value.errors


def test_lists_may_be_ordered_by_a_filterable_field():
    assert parse(orderby="name").orderby == "name"


def test_ordering_by_an_unknown_field_is_an_unknown_attribute():
    with pytest.raises(errors.UnknownAttribute) as caught:
        parse(orderby="secret_key")
    assert caught.value.message == "type object 'Project' has no attribute 'secret_key'"


def test_a_pipe_inside_a_value_belongs_to_the_value():
    assert parse(Task, info="animal::!!&&||").info_pairs == (("animal", "!!&&||"),)


def test_every_kind_can_be_ordered_by_creation_time():
    assert parse(Task, orderby="created", desc="true").orderby == "created"


def test_user_lists_accept_the_private_filters_which_use_cases_guard():
    assert parse(User, email_addr="a@b.org").filters == {"email_addr": "a@b.org"}


def test_info_json_with_an_unpaired_surrogate_is_invalid():
    with pytest.raises(errors.InvalidInput):
        parse(Task, info='{"k": "\\ud800"}')
