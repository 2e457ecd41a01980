"""What tests share besides fixtures: the test client's registration, logging in, writing posts."""

from __future__ import annotations

import io
import json
import re
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from datetime import timedelta
from urllib.parse import urlsplit

import requests

from blog import create_app
from blog.content.render import render_body
from blog.demo import seed_demo
from blog.extensions import db
from blog.models import Author
from blog.models import LoginSession
from blog.models import Post
from blog.models import Tag
from blog.models import post_tags
from blog.posts.editing import PostText
from blog.posts.editing import create_post
from blog.posts.editing import update_post
from tests.html_forms import csrf_token_in
from tests.html_forms import forms_in
from tests.provider_faults import FaultyProvider

# What public pages say to caches with the default settings (no CACHE_PURGE_URLS): browsers
# revalidate every time, shared caches keep a page 10 s and may serve it 30 s stale.
PUBLIC_CACHE_CONTROL = "public, max-age=0, s-maxage=10, stale-while-revalidate=30"
CLIENT_ID = "blog-test"
CLIENT_SECRET = "blog-test-secret"
BLOG_ORIGIN = "http://localhost"
# The test client's origin when a TLS-terminating router reports https (X-Forwarded-Proto).
ROUTED_ORIGIN = "https://localhost"
# What the platform's router adds to every request it forwards over plain HTTP to the app.
ROUTER_HEADERS = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_X_FORWARDED_FOR": "203.0.113.7",
                  "HTTP_X_FORWARDED_PORT": "443"}
PROVIDER_SECRET_KEY = "provider-test-secret"
# The groups the editorial tests' provider sends, and the roles they give.
ROLE_GROUPS = ("admin=blog-admins,editor=blog-editors,author=blog-authors,"
               "contributor=blog-contributors")
ROLE_GROUP = {"admin": "blog-admins", "editor": "blog-editors", "author": "blog-authors",
              "contributor": "blog-contributors", "none": "some-other-team"}
TEST_CLIENT = {
    "client_id": CLIENT_ID,
    "client_secret": CLIENT_SECRET,
    "redirect_uris": [f"{BLOG_ORIGIN}/oidc/callback", f"{ROUTED_ORIGIN}/oidc/callback"],
    "post_logout_redirect_uris": [f"{BLOG_ORIGIN}/", f"{ROUTED_ORIGIN}/"],
}

# A registration at the test provider that authenticates by private_key_jwt (keys: conftest).
KEYED_CLIENT = {key: value for key, value in TEST_CLIENT.items() if key != "client_secret"}
KEYED_CLIENT["client_id"] = "blog-keyed"
# The blog's registration at the second provider of the multi-provider tests.
SECOND_CLIENT = {**TEST_CLIENT, "client_id": "blog-guests", "client_secret": "blog-guests-secret"}


# The most SQL statements any public page may run, whatever the blog's size or the page asked for.
BUDGET = 3


def statements_for(client, app, record_queries, path: str, **kwargs) -> int:
    """How many statements one GET of path runs; the page must answer 200 or 304."""
    with record_queries(app) as statements:
        response = client.get(path, **kwargs)
    assert response.status_code in (200, 304), (path, response.status_code)
    return len(statements)


class Provider:
    """The provider as tests see it: its URL, its fault switches, its keys."""

    def __init__(self, url: str, faults: FaultyProvider):
        self.url = url
        self.faults = faults
        self.keys = faults.keys


def two_providers(staff: Provider, guests: Provider) -> str:
    """OIDC_PROVIDERS for the two test providers: staff (TEST_CLIENT), guests (SECOND_CLIENT)."""
    return json.dumps([
        {"name": "staff", "label": "Staff sign-in", "issuer": staff.url,
         "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET},
        {"name": "guests", "label": "Guest authors", "issuer": guests.url,
         "client_id": SECOND_CLIENT["client_id"], "client_secret": SECOND_CLIENT["client_secret"],
         "scopes": "openid profile"},
    ])


def approve_at_provider(browser: requests.Session, authorize_url: str,
                        username: str = "alice") -> str:
    """Sign in at the development provider's page as username, in that browser (a requests
    session holding the provider's cookies); return the callback URL it sends back."""
    page = browser.get(authorize_url, timeout=10)
    assert page.status_code == 200, page.text
    form = next(form for form in forms_in(page.text, page.url) if "user" in form.fields)
    data = {**form.fields, "user": username}
    answer = browser.post(form.action, data=data, allow_redirects=False, timeout=10)
    assert answer.status_code in (302, 303), answer.text
    return answer.headers["Location"]


class AuthActions:
    """Logs a browser in and out through the real provider, over real HTTP."""

    def __init__(self, client, provider: Provider):
        self.client = client
        self.provider = provider
        # The browser's cookies at the provider (the blog's live in the Flask test client).
        self.provider_browser = requests.Session()

    def start(self, path: str = "/login"):
        """GET a login URL at the blog; return the provider authorize URL it redirects to."""
        response = self.client.get(path)
        assert response.status_code == 302, response.text
        return response.headers["Location"]

    def approve(self, authorize_url: str, username: str = "alice") -> str:
        """Sign in at the provider as username; return the callback URL the provider sends back."""
        return approve_at_provider(self.provider_browser, authorize_url, username)

    def deny(self, authorize_url: str) -> str:
        """Cancel at the provider's sign-in page; return where the provider sends the browser."""
        page = self.provider_browser.get(authorize_url, timeout=10)
        form = next(form for form in forms_in(page.text, page.url)
                    if form.fields.get("decision") == "deny")
        answer = self.provider_browser.post(form.action, data=form.fields,
                                            allow_redirects=False, timeout=10)
        return answer.headers["Location"]

    def finish(self, callback_url: str):
        """Hand the provider's redirect to the blog (the browser following it)."""
        parts = urlsplit(callback_url)
        return self.client.get(parts.path + ("?" + parts.query if parts.query else ""))

    def login(self, username: str = "alice", path: str = "/login"):
        """The whole login; returns the blog's answer to the callback."""
        response = self.finish(self.approve(self.start(path), username))
        assert response.status_code == 302, response.text
        return response

    def csrf_token(self, path: str = "/") -> str:
        """A CSRF token from a page of the blog, as a form would carry it."""
        return csrf_token_in(self.client.get(path).text)

    def logout(self):
        """POST /logout with the CSRF token."""
        return self.client.post("/logout", data={"csrf_token": self.csrf_token()})

    def write_post(self, title: str = "Hello world", body: str = "<p>First words.</p>"):
        """POST the dashboard's new-post form as this author; return the blog's answer."""
        token = self.csrf_token("/dashboard")
        return self.client.post("/dashboard", data={"csrf_token": token, "title": title,
                                                    "body": body})

    def save_draft(self, title: str = "A draft", body: str = "Words *in progress*.", **fields):
        """Press "Save draft" on the new-post form (Markdown by default)."""
        return post_editor(self, "/dashboard", title, body, "draft", **fields)

    def publish(self, title: str = "A post", body: str = "Words *here*.", **fields):
        """Press "Publish" on the new-post form (Markdown by default)."""
        return post_editor(self, "/dashboard", title, body, "publish", **fields)

    def edit(self, current: str, title: str, body: str, action: str = "publish", **fields):
        """Press a button of the edit form of the post at slug `current`."""
        return post_editor(self, f"/{current}/edit", title, body, action, **fields)

    def upload_image(self, data: bytes, alt: str = "A test picture",
                     filename: str = "picture.jpg"):
        """Upload an image as the editor's script does (multipart, CSRF token in a header)."""
        token = self.csrf_token("/dashboard")
        return self.client.post("/dashboard/images", headers={"X-CSRFToken": token},
                                data={"image": (io.BytesIO(data), filename), "alt": alt},
                                content_type="multipart/form-data")


def _editor_fields(title, body, action, source_format, fields) -> dict:
    data = {"title": title, "body": body, "format": source_format, **fields}
    if action is not None:
        data["action"] = action
    return data


def save_post(author, title: str, body: str = "<p>x</p>", publish: bool = True,
              source_format: str = "html", slug: str = "", summary: str = ""):
    """Create a post through blog.posts.editing as the form would (in an app context)."""
    text = PostText(title=title, source=body, source_format=source_format, summary=summary,
                    slug=slug)
    return create_post(author, text, render_body(body, source_format, summary), publish)


def change_post(post, title: str, body: str = "<p>x</p>", publish: bool = True,
                source_format: str = "html", slug: str = "", summary: str = ""):
    """Change a post through blog.posts.editing as the edit form would (in an app context)."""
    text = PostText(title=title, source=body, source_format=source_format, summary=summary,
                    slug=slug)
    return update_post(post, text, render_body(body, source_format, summary), publish)


def post_editor(actions: AuthActions, path: str, title: str, body: str, action: str | None,
                source_format: str = "markdown", **fields):
    """POST the post form at path (/dashboard or /<slug>/edit) with a button pressed; fields
    are the form's others (summary, slug)."""
    token = actions.csrf_token(path)
    return actions.client.post(path, data={"csrf_token": token, **_editor_fields(
        title, body, action, source_format, fields)})


LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout"


def logout_claims(provider: Provider, **changes) -> dict:
    """The claims of a valid logout token from provider for the test client; a change of None
    removes the claim."""
    claims = {"iss": provider.url, "aud": CLIENT_ID, "iat": int(time.time()),
              "jti": secrets.token_urlsafe(16), "events": {LOGOUT_EVENT: {}}}
    claims.update(changes)
    return {name: value for name, value in claims.items() if value is not None}


def logout_token(provider: Provider, header: dict | None = None, **changes) -> str:
    """A logout token signed by the development provider's current key (typ logout+jwt)."""
    return provider.keys.sign(logout_claims(provider, **changes),
                              {"typ": "logout+jwt", **(header or {})})


def send_logout(client, token: str | None = None, *, data=None, **kwargs):
    """POST a logout token to the blog's back-channel logout endpoint, as the provider does."""
    return client.post("/oidc/backchannel-logout",
                       data={"logout_token": token} if data is None else data, **kwargs)


def login_of(app, username: str) -> tuple[str, str | None]:
    """(subject, sid) of the one login session of the author with that display name."""
    with app.app_context():
        login = db.session.execute(
            db.select(LoginSession).join(Author).filter(Author.name == username.title())
        ).scalar_one()
        return login.author.subject, login.sid


def slug_from(response) -> str:
    """The slug in a redirect to a post page."""
    match = re.fullmatch(r"/([^/]+)", urlsplit(response.headers["Location"]).path)
    assert match, response.headers["Location"]
    return match.group(1)


def draft_slug_from(response) -> str:
    """The slug in a redirect to a post's edit page (where saving a draft leads)."""
    match = re.fullmatch(r"/([^/]+)/edit", urlsplit(response.headers["Location"]).path)
    assert match, response.headers["Location"]
    return match.group(1)


def seed_posts(app, count: int, author_name: str = "Writer") -> None:
    """Insert count posts directly, one minute apart, oldest first."""
    with app.app_context():
        author = Author(issuer="https://seed.example", subject=author_name, name=author_name)
        db.session.add(author)
        start = datetime(2025, 1, 1)
        db.session.add_all(
            Post(slug=f"post-{n}", title=f"Post {n}", body=f"<p>Body {n}</p>",
                 excerpt=f"Body {n}", author=author, created_at=start + timedelta(minutes=n),
                 updated_at=start + timedelta(minutes=n))
            for n in range(1, count + 1)
        )
        db.session.commit()


def write_posts(app, author_name: str, count: int) -> None:
    """Insert count posts by the author with this display name, one minute apart."""
    with app.app_context():
        author = db.session.execute(db.select(Author).filter_by(name=author_name)).scalar_one()
        start = datetime(2024, 1, 1)
        db.session.add_all(
            Post(slug=f"{author_name.lower()}-{n}", title=f"Post {n}", body=f"<p>{n}</p>",
                 excerpt=str(n), author_id=author.id, created_at=start + timedelta(minutes=n),
                 updated_at=start + timedelta(minutes=n))
            for n in range(count))
        db.session.commit()


@contextmanager
def app_factory(database_url: str, base_config: dict) -> Iterator:
    """make(**settings) builds the blog on database_url with its tables created; each app's
    tables are dropped and its engine disposed at the end."""
    apps = []

    def make(**settings):
        app = create_app({**base_config, "DATABASE_URL": database_url, **settings})
        with app.app_context():
            db.create_all()
        apps.append(app)
        return app

    try:
        yield make
    finally:
        for app in apps:
            with app.app_context():
                db.session.remove()
                db.drop_all()
                db.engine.dispose()


def make_profile_stale(app) -> None:
    """Make every login session's profile due for a refresh at its next request."""
    with app.app_context():
        for login in db.session.execute(db.select(LoginSession)).scalars():
            login.profile_checked_at -= timedelta(seconds=app.config["PROFILE_MAX_AGE"] + 1)
        db.session.commit()


def stored_post(app, slug: str) -> Post:
    """The post at slug as stored now (detached)."""
    with app.app_context():
        post = db.session.execute(db.select(Post).filter_by(slug=slug)).scalar_one()
        db.session.expunge(post)
        return post


def form_version(page_text: str) -> str:
    """The hidden version field of the post form on a page."""
    match = re.search(r'name="version" type="hidden" value="(\d+)"', page_text) or re.search(
        r'type="hidden" name="version" value="(\d+)"', page_text) or re.search(
        r'id="version" name="version" type="hidden" value="(\d+)"', page_text)
    assert match, "no version field on the page"
    return match.group(1)


def seed_demo_blog(app, posts: int) -> tuple[str, str, str]:
    """Demo posts by three authors; the slugs of the busiest author, of the most used tag, and
    of a post."""
    with app.app_context():
        seed_demo(posts, 3)
        author = db.session.execute(
            db.select(Author.slug).join(Author.posts).group_by(Author.id, Author.slug)
            .order_by(db.func.count().desc()).limit(1)).scalar_one()
        tag = db.session.execute(
            db.select(Tag.slug).join(post_tags, post_tags.c.tag_id == Tag.id)
            .group_by(Tag.id, Tag.slug).order_by(db.func.count().desc()).limit(1)).scalar_one()
        post = db.session.execute(db.select(Post.slug).limit(1)).scalar_one()
    return author, tag, post
