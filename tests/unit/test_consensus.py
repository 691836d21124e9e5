"""Consensus rules: majority votes, the answer field, ties, agreement, project settings."""

import pytest

from pybossa_core import consensus, errors
from pybossa_core.projects import CreateProject, Project

from .builders import NOW


def majority(answers, field="answer"):
    return consensus.summarize({"consensus": "majority", "consensus_field": field}, answers)


def test_no_consensus_is_the_default():
    assert consensus.summarize({}, [{"answer": "yes"}]) is None
    assert consensus.summarize({"consensus": "none"}, [{"answer": "yes"}]) is None


def test_the_most_given_answer_wins_with_its_votes_and_agreement():
    summary = majority([{"answer": "cat"}, {"answer": "dog"}, {"answer": "cat"}])
    assert summary["answer"] == "cat"
    assert summary["votes"] == [{"answer": "cat", "count": 2}, {"answer": "dog", "count": 1}]
    assert summary["agreement"] == pytest.approx(0.6667)
    assert (summary["n_votes"], summary["tie"], summary["method"]) == (3, False, "majority")


def test_text_is_compared_trimmed_and_case_insensitively_shown_as_first_given():
    summary = majority([{"answer": " Cat"}, {"answer": "cat "}, {"answer": "CAT"}])
    assert summary["answer"] == " Cat" and summary["agreement"] == 1.0
    assert summary["votes"] == [{"answer": " Cat", "count": 3}]


def test_a_tie_goes_to_the_answer_given_first_and_says_so():
    summary = majority([{"answer": "no"}, {"answer": "yes"}, {"answer": "yes"}, {"answer": "no"}])
    assert (summary["answer"], summary["tie"], summary["agreement"]) == ("no", True, 0.5)


def test_runs_without_the_field_do_not_vote():
    summary = majority([{"answer": "a"}, {"other": "b"}, "plain text", None])
    assert (summary["answer"], summary["n_votes"], summary["agreement"]) == ("a", 1, 1.0)


def test_no_votes_at_all_give_no_winner():
    summary = majority([{"x": 1}])
    assert (summary["answer"], summary["votes"], summary["agreement"]) == (None, [], 0.0)


def test_without_a_field_the_whole_answer_votes_and_structures_compare_exactly():
    summary = consensus.summarize(
        {"consensus": "majority"}, [{"b": 1, "a": [1, 2]}, {"a": [1, 2], "b": 1}, {"a": [2, 1]}]
    )
    assert summary["answer"] == {"b": 1, "a": [1, 2]} and summary["field"] is None
    assert [v["count"] for v in summary["votes"]] == [2, 1]


def test_numbers_and_text_are_different_answers():
    summary = majority([{"answer": 1}, {"answer": "1"}, {"answer": 1}])
    assert summary["votes"] == [{"answer": 1, "count": 2}, {"answer": "1", "count": 1}]


@pytest.mark.parametrize(
    "info, field",
    [
        ({"consensus": "vote"}, "info.consensus"),
        ({"consensus": ["majority"]}, "info.consensus"),
        ({"consensus": "majority", "consensus_field": ""}, "info.consensus_field"),
        ({"consensus": "majority", "consensus_field": 3}, "info.consensus_field"),
    ],
)
def test_a_project_refuses_unknown_consensus_settings(info, field):
    with pytest.raises(errors.InvalidInput) as raised:
        Project.create(
            CreateProject(name="P", short_name="p", description="d", info=info),
            owner_id=1,
            category_id=1,
            secret_key="secret",
            now=NOW,
        )
    assert field in raised.value.errors


def test_a_project_accepts_majority_with_a_field():
    majority = {"consensus": "majority", "consensus_field": "answer"}
    project = Project.create(
        CreateProject(name="P", short_name="p", description="d", info=majority),
        owner_id=1,
        category_id=1,
        secret_key="secret",
        now=NOW,
    )
    assert project.info["consensus"] == "majority"
