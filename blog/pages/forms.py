"""The page form: title, address, body and its format, and (for admins) whether the page is in
the site's navigation; validated per button pressed, CSRF-protected by Flask-WTF. A refused form
keeps what was typed, the error beside its field."""

from __future__ import annotations

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms import HiddenField
from wtforms import SelectField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import Length
from wtforms.validators import StopValidation
from wtforms.validators import ValidationError

from blog.content.form_checks import body_within_limit
from blog.content.form_checks import stripped
from blog.content.form_checks import without_control_characters
from blog.content.markup_budget import MarkupTooComplex
from blog.content.render import SOURCE_FORMATS
from blog.content.render import RenderedBody
from blog.content.render import render_body
from blog.content.sanitize import is_blank
from blog.pages.editing import PageText
from blog.posts.forms import FORMAT_CHOICES
from blog.posts.forms import STORED_BODY_FACTOR
from blog.posts.slugs import SLUG_MAX_LENGTH

TITLE_MAX_LENGTH = 200
# The form's buttons (<button name="action" value="...">): the post form's own names.
PUBLISH = "publish"
DRAFT = "draft"
PREVIEW = "preview"
ACTIONS = (PUBLISH, DRAFT, PREVIEW)


def _title_needed(form, field) -> None:
    # A page is found by its title (the navigation's label, the address made from it).
    if not field.data:
        raise StopValidation("Give the page a title.")


def _body_renderable(form, field) -> None:
    """Rendered and sanitized exactly as posts are (blog/content/render.py), once: the save
    stores form.rendered. Publishing needs something that shows."""
    if form.format.data not in SOURCE_FORMATS:
        return  # the format field says what is wrong
    if not field.data:
        if form.action == PUBLISH:
            raise StopValidation("Write something in the body.")
        form.rendered = render_body("", form.format.data)
        return
    try:
        rendered = render_body(field.data, form.format.data)
    except MarkupTooComplex as refusal:
        raise ValidationError(str(refusal)) from None
    form.rendered = rendered
    if form.action == PUBLISH and is_blank(rendered.html):
        raise ValidationError(
            "Nothing in the body would show on the page (scripts, frames, comments and empty "
            "tags are removed). Write some text.")
    stored_limit = current_app.config["BODY_MAX_BYTES"] * STORED_BODY_FACTOR
    if len(rendered.html.encode("utf-8")) > stored_limit:
        raise ValidationError(f"Once made safe the body would be over {stored_limit / 1024:.0f}"
                              " KB. Shorten it.")


class PageForm(FlaskForm):
    """A page's title, body (Markdown or HTML), address and navigation checkbox, in the
    editor's order (the error summary lists them so). Set `action`
    (one of ACTIONS) and `may_navigate` before validating."""

    title = StringField("Title", validators=[_title_needed, Length(max=TITLE_MAX_LENGTH)],
                        filters=[without_control_characters, stripped])
    format = SelectField("Format", choices=FORMAT_CHOICES, default="markdown")
    body = TextAreaField(
        "Body",
        validators=[body_within_limit("pages"), _body_renderable],
        filters=[without_control_characters],
        description="Markdown (**bold**, ## Heading, [a link](https://…), lists, tables, "
                    "```code fences```) or HTML. Whatever browsers must not run is removed.")
    slug = StringField(
        "Address",
        validators=[Length(max=SLUG_MAX_LENGTH * 2)],
        filters=[without_control_characters, stripped],
        description="Letters, digits and hyphens: the page is at /address. Left empty, it is "
                    "made from the title. A published page that moves keeps answering at its "
                    "old address.")
    in_navigation = BooleanField("Show in the site's navigation",
                                 description="A link in every page's header, labelled with the "
                                             "page's title, while the page is published.")
    # The page's version the text was written from (a stale one is a conflict, not a win).
    version = HiddenField()

    action = PUBLISH
    may_navigate = False
    rendered: RenderedBody | None = None

    def expected_version(self) -> int | None:
        """The version the form was loaded at; None when it carries none (a tool's POST)."""
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return None

    def text(self) -> PageText:
        """The words as the save stores them."""
        return PageText(title=self.title.data or "", source=self.body.data or "",
                        source_format=self.format.data, slug=self.slug.data or "",
                        in_navigation=bool(self.in_navigation.data) if self.may_navigate
                        else None)

    def rendering(self) -> RenderedBody:
        """The body as readers will see it (rendered once, while validating)."""
        if self.rendered is None:
            self.rendered = render_body(self.body.data or "", self.format.data)
        return self.rendered
