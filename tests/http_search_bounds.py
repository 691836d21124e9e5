"""The HTTP contract of full-text search bounds: a query of more words or characters than a
search takes is a 400, on every backend (SQLite once answered 1,200 words with a 503).

Imported with `from http_search_bounds import *` by both test_http_api.py modules.
"""

from http_contract import assert_error
from pybossa_core.queries import MAX_FULLTEXT_CHARS, MAX_FULLTEXT_WORDS


def test_a_full_text_search_of_1200_words_is_a_400_naming_the_bound(api):
    project = api.project()
    api.task(project["id"], info={"animal": "cat"})
    words = " ".join(f"word{n}" for n in range(1_200))
    resp = api.call("GET", "/api/task", info=f"animal::{words}", fulltextsearch=1)
    assert_error(resp, 400, "ValidationError", "task")
    assert f"at most {MAX_FULLTEXT_WORDS} words" in resp.json["exception_msg"]


def test_a_full_text_search_at_the_bounds_is_answered(api):
    project = api.project()
    cat = api.task(project["id"], info={"animal": "cat " * MAX_FULLTEXT_WORDS})
    resp = api.call(
        "GET",
        "/api/task",
        info="animal::" + " ".join(["cat"] * MAX_FULLTEXT_WORDS),
        fulltextsearch=1,
    )
    assert resp.status_code == 200 and [t["id"] for t in resp.json] == [cat["id"]]


def test_a_full_text_search_over_the_character_bound_is_a_400(api):
    project = api.project()
    resp = api.call(
        "GET", "/api/task", info="animal::" + "c" * (MAX_FULLTEXT_CHARS + 1), fulltextsearch=1
    )
    assert_error(resp, 400, "ValidationError", "task")
    assert (
        api.call("GET", "/api/task", info="animal::" + "c" * (MAX_FULLTEXT_CHARS + 1)).status_code
        == 200
    )  # an exact match is no full-text search
    assert project["id"]
