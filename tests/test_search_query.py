"""Search queries: whatever a reader types is a page (200, or a 400 that says why), never a 500,
and never reaches a database's query syntax."""

from __future__ import annotations

import pytest

from blog.search.query import MAX_WORDS
from blog.search.query import QueryRefused
from blog.search.query import parse_query
from blog.search.query import to_fts5
from blog.search.query import to_tsquery
from tests.helpers import slug_from

LIMIT = 200


def test_words_phrases_and_prefixes_are_read_and_the_rest_is_punctuation():
    query = parse_query('Foo AND (bar) "Baz  qux" pre* -x ^y title:z', LIMIT)
    assert str(query) == 'foo and bar "baz qux" pre* x y title z'
    assert to_fts5(query) == '"foo" "and" "bar" "baz qux" "pre"* "x" "y" "title" "z"'
    assert to_tsquery(query) == ("'foo' & 'and' & 'bar' & ('baz' <-> 'qux') & 'pre':* & 'x' & "
                                 "'y' & 'title' & 'z'")


@pytest.mark.parametrize("text", ["", "   ", "!!!", '""', "*", "\x00\x01", "(((", "_-_"])
def test_text_without_words_is_an_empty_search(text):
    assert not parse_query(text, LIMIT)


def test_a_repeated_item_counts_once():
    assert str(parse_query("cat Cat CAT dog", LIMIT)) == "cat dog"


def test_a_one_letter_prefix_is_the_letter_itself():
    assert str(parse_query("a* ab*", LIMIT)) == "a ab*"


def test_an_unbalanced_quote_runs_to_the_end():
    assert str(parse_query('one "two three', LIMIT)) == 'one "two three"'


def test_control_characters_separate_words():
    assert str(parse_query("a\x00b\tc\u200bd", LIMIT)) == "a b c d"


def test_too_long_or_too_many_words_is_refused():
    with pytest.raises(QueryRefused, match="at most 200 characters"):
        parse_query("x" * 201, LIMIT)
    parse_query("x" * 200, LIMIT)
    with pytest.raises(QueryRefused, match=f"at most {MAX_WORDS} words"):
        parse_query(" ".join(f"w{n}" for n in range(MAX_WORDS + 1)), LIMIT)
    parse_query(" ".join(f"w{n}" for n in range(MAX_WORDS)), LIMIT)


HOSTILE = {
    "empty": "",
    "space": " ",
    "one quote": '"',
    "unbalanced quote": '"never closed',
    "quotes in a word": 'a"b"c',
    "doubled quotes": '""""',
    "single quote": "it's",
    "sql quote": "'; DROP TABLE posts; --",
    "backslash": "\\",
    "open paren": "(",
    "close paren": ")",
    "unbalanced parens": "((a) b",
    "AND": "AND",
    "OR": "a OR b",
    "NOT": "NOT a",
    "leading NOT": "NOT",
    "NEAR": "NEAR(a b, 2)",
    "NEAR slash": "a NEAR/2 b",
    "caret": "^a",
    "minus": "-a",
    "column filter": "title:a",
    "column set": "{title summary}: a",
    "colon": ":",
    "star": "*",
    "stars": "**",
    "star prefix": "*a",
    "prefix": "ab*",
    "plus": "a + b",
    "tsquery syntax": "a & !b | c <-> d:*",
    "tsquery weights": "a:AB",
    "percent": "100%",
    "underscore": "_",
    "only punctuation": "!?.,;:~`@#$%^&*()[]{}<>/|\\",
    "html": "<script>alert(1)</script>",
    "nul": "\x00",
    "nul inside": "a\x00b",
    "control characters": "\x01\x02\x1b[0m\x7f",
    "zero width": "\u200b\u200d\ufeff",
    "private use": "\ue000a\ue001",
    "emoji": "🙂🙃",
    "combining marks": "e\u0301\u0301\u0301",
    "right to left": "\u202eabc",
    "long word": "a" * 200,
    "many words": "a " * 20,
    "too many words": "a b c d e f g h i j k l m n o p q r s t u v",
    "just too long": "x" * 201,
    "10 KB": "near " * 2048,
}


@pytest.fixture
def searchable(auth):
    """A published post whose words the hostile queries name, so that they run against an index
    with something in it."""
    auth.login("alice")
    return slug_from(auth.publish("And or not near", "a b title summary 100 it s x ab abc"))


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_search_is_a_page_never_an_error(app, searchable, text):
    page = app.test_client().get("/search", query_string={"q": text})
    too_much = len(text) > LIMIT or len(text.split()) > MAX_WORDS
    assert page.status_code == (400 if too_much else 200), page.text
    assert "<script>alert" not in page.text
    if too_much:
        assert "at most" in page.text and 'role="alert"' in page.text


@pytest.mark.parametrize("raw, status", [
    ("q=%ff%fe", 200), ("q=%00", 200), ("q=a&q=b", 200), ("q", 200), ("page=2", 200),
    ("page=x&q=a", 200), ("q=a&page=-1", 404), ("q=a&page=99999999999999999999", 404),
    ("q=%22%00%22*", 200), ("q=" + "%28" * 200, 200)])
def test_odd_query_strings_are_pages_too(app, searchable, raw, status):
    assert app.test_client().get(f"/search?{raw}").status_code == status
