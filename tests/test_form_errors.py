"""Refused forms, for keyboard and screen reader users: an error summary first in the form, linking
to each field in error; each field tied to its help and its errors; the title starts with
"Error: "; and what was typed is still in the fields (the GOV.UK error pattern)."""

from __future__ import annotations

import re

import pytest

from tests.html_elements import elements_by_id
from tests.html_forms import csrf_token_in
from tests.html_forms import forms_in
from tests.html_forms import links_in
from tests.page_helpers import write_page

KEPT_BODY = "Every *word* of this stays."
SITE_LINKS = 8


def _new_post(actions):
    return actions.publish(title="", body=KEPT_BODY, summary="s" * 301)


def _edited_post(actions):
    actions.publish(title="Kept title", body="Words.")
    return actions.edit("kept-title", "", KEPT_BODY, tags="night trains")


def _new_page(actions):
    return write_page(actions, title="", body=KEPT_BODY)


def _site_settings(actions):
    data = {"title": "", "description": "Kept description", "about": ""}
    for index in range(SITE_LINKS):
        data[f"links-{index}-text"] = data[f"links-{index}-url"] = ""
    data.update({"links-2-text": "Docs", "links-2-url": "javascript:alert(1)"})
    token = csrf_token_in(actions.client.get("/dashboard/site").text)
    return actions.client.post("/dashboard/site", data={"csrf_token": token, **data})


def _bio(actions):
    token = csrf_token_in(actions.client.get("/dashboard/profile").text)
    return actions.client.post("/dashboard/profile", data={"csrf_token": token,
                                                            "bio": "b" * 501})


# Each form that can be refused -> (the role that may use it, the refused submission, the
# summary's links in order (field id, the start of its message), what must still be in the form).
REFUSALS = {
    "new post": ("author", _new_post,
                 [("title", "Give the post a title."), ("summary", "Field cannot be longer")],
                 {"body": KEPT_BODY, "summary": "s" * 301}),
    "post edit": ("author", _edited_post, [("title", "Give the post a title.")],
                  {"body": KEPT_BODY, "tags": "night trains"}),
    "new page": ("admin", _new_page, [("title", "Give the page a title.")],
                 {"body": KEPT_BODY}),
    "site settings": ("admin", _site_settings,
                      [("title", "Give the site a title."),
                       ("links-2-url", "An address is a path")],
                      {"description": "Kept description", "links-2-text": "Docs",
                       "links-2-url": "javascript:alert(1)"}),
    "author bio": ("author", _bio, [("bio", "At most 500 characters.")], {"bio": "b" * 501}),
}
FIELD_TAGS = ("input", "textarea", "select")


@pytest.fixture(params=REFUSALS)
def refused(request, make_member):
    """(the page a refused submission of one form answers, its case in REFUSALS)."""
    role, send, links, kept = REFUSALS[request.param]
    response = send(make_member("ada", role))
    assert response.status_code == 400, response.text
    return response.text, links, kept


def summary_of(html: str) -> str:
    """The error summary's markup."""
    match = re.search(r'<section class="error-summary".*?</section>', html, re.S)
    assert match, "no error summary"
    return match.group(0)


def summary_links(html: str) -> list[tuple[str, str]]:
    """(href, text) of each link in the error summary."""
    return [(link.href, link.text.strip()) for link in links_in(summary_of(html))]


def test_the_title_starts_with_error(refused):
    html, _, _ = refused
    assert re.search(r"<title>Error: ", html)


def test_the_summary_is_the_first_thing_in_the_form_and_takes_the_focus(refused):
    html, _, _ = refused
    summary = summary_of(html)
    assert 'tabindex="-1"' in summary.split(">", 1)[0]
    assert 'role="alert"' not in summary
    assert elements_by_id(html)["error-summary-title"].text == "There is a problem"
    form = html[:html.index(summary)].rsplit("<form", 1)[1]
    assert not re.search(r"<(input|textarea|select)(?![^>]*type=\"hidden\")", form)
    assert "js/errors" in html[html.index(summary):]


def test_the_summary_links_to_each_field_in_error_in_order(refused):
    html, expected, _ = refused
    links = summary_links(html)
    assert [href for href, _ in links] == [f"#{field_id}" for field_id, _ in expected]
    for (_, text), (_, message) in zip(links, expected, strict=True):
        assert text.startswith(message)


def test_each_link_leads_to_a_field_on_the_page(refused):
    html, _, _ = refused
    elements = elements_by_id(html)
    for href, _ in summary_links(html):
        assert elements[href[1:]].tag in FIELD_TAGS, href


def test_each_field_in_error_is_invalid_and_described_by_its_message(refused):
    html, expected, _ = refused
    elements = elements_by_id(html)
    for field_id, message in expected:
        attributes = elements[field_id].attributes
        assert attributes.get("aria-invalid") == "true", field_id
        described = [elements[name].text for name in attributes["aria-describedby"].split()]
        assert any(message in text for text in described), (field_id, described)


def test_what_was_typed_is_kept(refused):
    html, _, kept = refused
    fields = {name: value for form in forms_in(html) for name, value in form.fields.items()}
    for name, value in kept.items():
        assert fields[name] == value, name


@pytest.mark.parametrize("path,role", [("/dashboard", "author"), ("/dashboard/pages/new", "admin"),
                                       ("/dashboard/site", "admin"),
                                       ("/dashboard/profile", "author")])
def test_a_fresh_form_has_no_summary_and_no_error_in_its_title(make_member, path, role):
    html = make_member("ada", role).client.get(path).text
    assert "error-summary" not in html and "js/errors" not in html
    assert "<title>Error" not in html
    assert 'aria-invalid' not in html


# The post form in detail: help and errors are both named, help first.
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
    assert response.status_code == 400
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


def test_a_field_the_page_does_not_show_is_listed_without_a_link(make_member):
    # A contributor may not schedule: the form shows no "Publish at", yet a tool may send one.
    contributor = make_member("cleo", "contributor")
    html = contributor.save_draft(title="", body="Text", publish_at="9" * 200).text
    assert 'id="publish_at"' not in html
    assert "Field cannot be longer than" in summary_of(html)
    assert summary_links(html) == []
