"""Who may do what to which post: the editorial rules, by role, ownership and the post's state.

States: draft → review → scheduled or published; published or scheduled → draft (unpublish);
review → draft (sent back). Views check every transition here, on the server, before doing it.
"""

from __future__ import annotations

from blog.auth.roles import ADMIN
from blog.auth.roles import AUTHOR
from blog.auth.roles import CONTRIBUTOR
from blog.auth.roles import EDITOR
from blog.auth.roles import at_least
from blog.models import DRAFT
from blog.models import PUBLISHED
from blog.models import REVIEW
from blog.models import SCHEDULED
from blog.models import Author
from blog.models import Post

STATES = (DRAFT, REVIEW, SCHEDULED, PUBLISHED)
# Actions on a post (edit = change its words; history = read and compare its revisions).
EDIT = "edit"
SUBMIT = "submit"
PUBLISH = "publish"
SCHEDULE = "schedule"
UNPUBLISH = "unpublish"
SEND_BACK = "send_back"
DELETE = "delete"
HISTORY = "history"
RESTORE = "restore"
POST_ACTIONS = (EDIT, SUBMIT, PUBLISH, SCHEDULE, UNPUBLISH, SEND_BACK, DELETE, HISTORY, RESTORE)
# Actions on the site.
WRITE = "write"
REVIEW_QUEUE = "review_queue"
AUDIT_LOG = "audit_log"
SITE_SETTINGS = "site_settings"
# Write, publish, unpublish and delete the site's pages (blog/pages).
PAGES = "pages"

# The states each action starts from, whoever does it.
FROM_STATES = {
    EDIT: set(STATES),
    SUBMIT: {DRAFT, REVIEW},
    PUBLISH: {DRAFT, REVIEW, SCHEDULED},
    SCHEDULE: {DRAFT, REVIEW, SCHEDULED},
    UNPUBLISH: {SCHEDULED, PUBLISHED},
    SEND_BACK: {REVIEW},
    DELETE: set(STATES),
    HISTORY: set(STATES),
    RESTORE: set(STATES),
}
# What a post's own writer may do, by role, and in which states (within FROM_STATES).
# A contributor's work is theirs until it is published: then it is the editors'.
OWN_POST_RIGHTS = {
    CONTRIBUTOR: {EDIT: {DRAFT, REVIEW}, SUBMIT: {DRAFT, REVIEW}, DELETE: {DRAFT, REVIEW},
                  HISTORY: set(STATES), RESTORE: {DRAFT, REVIEW}},
    AUTHOR: {action: set(STATES) for action in POST_ACTIONS if action != SEND_BACK},
}
SITE_RIGHTS = {WRITE: CONTRIBUTOR, REVIEW_QUEUE: EDITOR, AUDIT_LOG: ADMIN, SITE_SETTINGS: ADMIN,
               PAGES: EDITOR}


def may(user: Author | None, action: str, post: Post | None = None) -> bool:
    """Whether user may do action to post (None: a new post of their own, a draft).

    Editors and admins may do any action to anyone's post in the states it starts from; others
    only to their own, as OWN_POST_RIGHTS says. Site actions (write, review_queue, audit_log,
    site_settings, pages) take no post.
    """
    if user is None:
        return False
    if action in SITE_RIGHTS:
        return at_least(user.role, SITE_RIGHTS[action])
    state = DRAFT if post is None else post.state
    if state not in FROM_STATES[action]:
        return False
    if at_least(user.role, EDITOR):
        return True
    if post is not None and post.author_id != user.id:
        return False
    role = AUTHOR if at_least(user.role, AUTHOR) else user.role
    return state in OWN_POST_RIGHTS.get(role, {}).get(action, set())


def may_see(user: Author | None, post: Post) -> bool:
    """Whether user may see the post: anyone once it is published; its writer and editors
    before (a post they may not see does not exist for them: 404, not 403)."""
    if post.is_published:
        return True
    if user is None:
        return False
    return post.author_id == user.id or at_least(user.role, EDITOR)


def form_transition(post: Post | None, button: str) -> str:
    """The action a press of the post form's button asks for on post (None: a new post).

    "publish" on a published post saves its new words (edit); "draft" keeps a draft a draft
    (edit) and unpublishes anything else; "submit" sends it for review.
    """
    state = DRAFT if post is None else post.state
    if button == PUBLISH:
        return EDIT if state == PUBLISHED else PUBLISH
    if button == "draft":
        if state in (DRAFT, REVIEW):
            return EDIT
        return UNPUBLISH
    return {SUBMIT: SUBMIT, SCHEDULE: SCHEDULE, SEND_BACK: SEND_BACK}[button]
