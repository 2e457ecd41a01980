"""The API's query parameters are read strictly: every mistake is a 400 problem whose detail
says what to change, never a 500 and never silently ignored."""

from __future__ import annotations

import pytest

from tests.helpers import seed_posts

REFUSED = [
    ("page=0", "'page' must be a whole number from 1"),
    ("page=-1", "'page' must be a whole number from 1"),
    ("page=two", "'page' must be a whole number from 1"),
    ("page=1.5", "'page' must be a whole number from 1"),
    ("page=%201", "'page' must be a whole number from 1"),
    ("page=", "'page' must be a whole number from 1"),
    ("limit=0", "'limit' must be a whole number from 1"),
    ("limit=101", "'limit' must be from 1 to 100"),
    ("limit=9999999999999999999999999", "'limit' must be from 1 to 100"),
    ("limit=ten", "'limit' must be a whole number from 1"),
    ("page=1&page=2", "'page' is given more than once"),
    ("page=1&cursor=abc", "either 'page' or 'cursor'"),
    ("cursor=", "'cursor' is empty, or longer than any cursor this API gives."),
    ("cursor=abc", "'cursor' is not one this API gave out (or it was changed)."),
    ("cursor=" + "x" * 300, "'cursor' is empty, or longer than any cursor this API gives."),
    ("tag=News", "'tag' must be a slug"),
    ("tag=", "'tag' must be a slug"),
    ("author=%00", "'author' must be a slug"),
    ("sort=new", "Unknown query parameter 'sort'"),
]


@pytest.mark.parametrize(("query", "detail"), REFUSED)
def test_a_wrong_parameter_is_a_400_problem_saying_why(app, query, detail):
    answer = app.test_client().get(f"/api/v1/posts?{query}")
    assert answer.status_code == 400
    assert answer.mimetype == "application/problem+json"
    problem = answer.get_json()
    assert set(problem) == {"type", "title", "status", "detail"}
    assert problem["status"] == 400 and problem["title"] == "Bad Request"
    assert detail in problem["detail"]


def cursor_after_first_page(app) -> str:
    seed_posts(app, 3)
    return app.test_client().get("/api/v1/posts?limit=1").get_json()["next_cursor"]


@pytest.mark.parametrize("change", [
    lambda cursor: cursor[:-1] + ("A" if cursor[-1] != "A" else "B"),  # the signature
    lambda cursor: "W" + cursor[1:] if cursor[0] != "W" else "X" + cursor[1:],  # the payload
    lambda cursor: cursor.split(".")[0],  # no signature
    lambda cursor: cursor + ".",
])
def test_a_tampered_cursor_is_a_400_problem(app, change):
    tampered = change(cursor_after_first_page(app))
    answer = app.test_client().get("/api/v1/posts", query_string={"cursor": tampered})
    assert answer.status_code == 400
    assert answer.get_json()["detail"] == (
        "'cursor' is not one this API gave out (or it was changed). Use the next_cursor of an "
        "earlier answer, as it is.")


def test_a_cursor_signed_with_another_secret_key_is_refused(app, make_app):
    cursor = cursor_after_first_page(app)
    other = make_app(SECRET_KEY="another-secret-key")
    answer = other.test_client().get("/api/v1/posts", query_string={"cursor": cursor})
    assert answer.status_code == 400


def test_a_page_beyond_any_offset_is_past_the_end(app):
    seed_posts(app, 2)
    answer = app.test_client().get("/api/v1/posts?page=99999999999999999999999")
    assert answer.status_code == 404


@pytest.mark.parametrize("path", ["/api/v1/tags", "/api/v1/authors", "/api/v1/pages",
                                  "/api/v1/site", "/api/v1/openapi.json",
                                  "/api/v1/posts/some-post", "/api/v1/tags/news"])
def test_operations_without_parameters_refuse_any(app, path):
    answer = app.test_client().get(f"{path}?page=2")
    assert answer.status_code == 400
    assert answer.get_json()["detail"] == (
        "Unknown query parameter 'page': this operation takes no query parameters.")


def test_a_refusal_is_not_answered_from_a_cached_page(app):
    reader = app.test_client()
    assert reader.get("/api/v1/tags").status_code == 200
    assert reader.get("/api/v1/tags").status_code == 200  # from the page cache
    assert reader.get("/api/v1/tags?x=1").status_code == 400


def test_equivalent_queries_share_one_cached_answer(app):
    seed_posts(app, 3)
    reader = app.test_client()
    first = reader.get("/api/v1/posts?limit=20&page=1")
    assert first.status_code == 200
    assert reader.get("/api/v1/posts").get_data() == first.get_data()
    assert reader.get("/api/v1/posts?page=01").get_data() == first.get_data()
