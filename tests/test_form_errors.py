"""The post form ties each field to its help and its errors, for screen readers."""

from __future__ import annotations

import pytest

from tests.html_elements import elements_by_id

# What the author sends -> for each field: its aria-describedby ids, and whether it is invalid.
CASES = {
    "no title": ({"title": "", "body": "<p>Text</p>"},
                 {"title": ("title-errors", True), "body": ("body-help", False)}),
    "no body": ({"title": "A title", "body": ""},
                {"title": (None, False), "body": ("body-help body-errors", True)}),
    "nothing": ({"title": "", "body": ""},
                {"title": ("title-errors", True), "body": ("body-help body-errors", True)}),
    "body too large": ({"title": "A title", "body": "x" * (512 * 1024 + 1)},
                       {"title": (None, False), "body": ("body-help body-errors", True)}),
}


def refused_form(auth, client, data: dict) -> str:
    """The dashboard page that comes back when `data` is published and refused."""
    auth.login()
    response = client.post("/dashboard", data={"csrf_token": auth.csrf_token("/dashboard"),
                                               **data})
    assert "Please fix the problems below" in response.text
    return response.text


@pytest.mark.parametrize("case", CASES)
def test_a_field_with_errors_is_invalid_and_described_by_its_errors(auth, client, case):
    data, expected = CASES[case]
    elements = elements_by_id(refused_form(auth, client, data))
    for name, (described_by, invalid) in expected.items():
        attributes = elements[name].attributes
        assert attributes.get("aria-describedby") == described_by, name
        assert (attributes.get("aria-invalid") == "true") == invalid, name


@pytest.mark.parametrize("case", CASES)
def test_every_id_a_field_is_described_by_is_on_the_page_with_text(auth, client, case):
    elements = elements_by_id(refused_form(auth, client, CASES[case][0]))
    for name in ("title", "body"):
        for described_by in elements[name].attributes.get("aria-describedby", "").split():
            assert elements[described_by].text.strip(), described_by


def test_a_fresh_form_marks_nothing_invalid(auth, client):
    auth.login()
    elements = elements_by_id(client.get("/dashboard").text)
    assert "aria-invalid" not in elements["title"].attributes
    assert "aria-invalid" not in elements["body"].attributes
    assert elements["body"].attributes["aria-describedby"] == "body-help"
