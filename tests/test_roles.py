"""Roles come from the provider's groups claim: mapped by ROLE_GROUPS, highest wins, re-read at
every login and profile refresh."""

from __future__ import annotations

import pytest

from blog.audit import ACTIONS
from blog.auth.roles import parse_role_groups
from blog.auth.roles import role_from_claims
from blog.extensions import db
from blog.models import AuditEntry
from blog.models import Author
from blog.settings import ConfigurationError
from tests.helpers import ROLE_GROUPS
from tests.helpers import make_profile_stale

CONFIG = {"ROLE_CLAIM": "groups", "ROLE_GROUPS": ROLE_GROUPS, "DEFAULT_ROLE": "AUTHOR"}


@pytest.mark.parametrize(("groups", "role"), [
    (["blog-contributors"], "contributor"),
    (["blog-authors"], "author"),
    (["blog-editors"], "editor"),
    (["blog-admins"], "admin"),
    (["blog-contributors", "blog-editors", "blog-authors"], "editor"),
    ("blog-editors", "editor"),
    (["unrelated"], "author"),
    ([], "author"),
    ([42, {"x": 1}, "blog-contributors"], "contributor"),
    ({"not": "a list"}, "author"),
])
def test_the_highest_matching_role_wins_and_anyone_else_gets_the_default(groups, role):
    assert role_from_claims({"groups": groups}, CONFIG) == role


def test_claims_without_the_claim_say_nothing():
    assert role_from_claims({"sub": "x"}, CONFIG) is None


def test_the_claim_name_is_a_setting():
    config = {**CONFIG, "ROLE_CLAIM": "roles"}
    assert role_from_claims({"roles": ["blog-admins"], "groups": []}, config) == "admin"


@pytest.mark.parametrize("default", ["NONE", "CONTRIBUTOR"])
def test_the_default_role_is_a_setting(default):
    assert role_from_claims({"groups": []}, {**CONFIG, "DEFAULT_ROLE": default}) == \
        default.lower()


def test_a_group_named_for_two_roles_gives_the_higher():
    assert parse_role_groups("author=staff,editor=staff") == {"staff": "editor"}


@pytest.mark.parametrize("value", ["editor", "boss=blog-admins", "editor=", "none=everyone"])
def test_a_malformed_mapping_is_refused(value):
    with pytest.raises(ConfigurationError, match="ROLE_GROUPS"):
        parse_role_groups(value)


def test_a_malformed_mapping_stops_the_app_at_start_up(make_app):
    with pytest.raises(ConfigurationError, match="ROLE_GROUPS"):
        make_app(ROLE_GROUPS="editor")


def role_of(app, name: str) -> str:
    with app.app_context():
        return db.session.execute(db.select(Author.role).filter_by(name=name)).scalar_one()


def test_a_login_takes_the_role_from_the_groups(editorial_app, make_member):
    make_member("carol", "editor")
    assert role_of(editorial_app, "Carol") == "editor"


def test_without_groups_everybody_is_an_author_as_before(app, auth):
    auth.login("alice")
    assert role_of(app, "Alice") == "author"


def test_a_role_removed_at_the_provider_is_lost_at_the_next_profile_refresh(
        editorial_app, make_member, provider_groups):
    carol = make_member("carol", "editor")
    assert carol.client.get("/review").status_code == 200
    provider_groups["carol"] = ("blog-contributors",)
    make_profile_stale(editorial_app)
    assert carol.client.get("/review").status_code == 403
    assert role_of(editorial_app, "Carol") == "contributor"


def test_a_role_given_at_the_provider_arrives_at_the_next_profile_refresh(
        editorial_app, make_member, provider_groups):
    dave = make_member("dave", "contributor")
    provider_groups["dave"] = ("blog-editors",)
    make_profile_stale(editorial_app)
    assert dave.client.get("/review").status_code == 200


def test_a_refresh_without_the_claim_keeps_the_role_of_the_last_login(
        editorial_app, make_member, provider_groups):
    carol = make_member("carol", "editor")
    del provider_groups["carol"]  # the provider stops sending the claim at all
    make_profile_stale(editorial_app)
    assert carol.client.get("/review").status_code == 200


def test_a_role_change_is_in_the_audit_log(editorial_app, make_member, provider_groups):
    make_member("carol", "editor")
    provider_groups["carol"] = ("blog-authors",)
    make_profile_stale(editorial_app)
    make_member("carol", "author")  # any request of hers would do; a new login too
    with editorial_app.app_context():
        entry = db.session.execute(db.select(AuditEntry)).scalar_one()
        assert (entry.action, entry.subject, entry.detail, entry.actor_id) == (
            "role", "Carol", "editor → author", None)
    assert "role" in ACTIONS


def test_a_person_with_no_role_may_log_in_and_is_told_whom_to_ask(make_app, provider,
                                                                  provider_groups, make_auth):
    app = make_app(ROLE_GROUPS=ROLE_GROUPS, DEFAULT_ROLE="none",
                   ROLE_CONTACT="the web team (web@example.test)")
    erin = make_auth(app)
    erin.login("erin")
    page = erin.client.get("/dashboard")
    assert page.status_code == 403
    assert "the web team (web@example.test)" in page.text
    assert 'name="title"' not in page.text
    assert erin.client.get("/").status_code == 200
