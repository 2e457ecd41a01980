"""The post form: title, body and its format, summary, tags, address and feature image,
validated per button pressed, and CSRF-protected by Flask-WTF."""

from __future__ import annotations

from flask import current_app
from flask import g
from flask import request
from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms import SelectField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.fields.choices import SelectChoice
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
from blog.media.storage import owned_image_at
from blog.posts.editing import PostText
from blog.posts.schedule import PUBLISH_AT_MAX_LENGTH
from blog.posts.schedule import PublishAtRefused
from blog.posts.schedule import parse_publish_at
from blog.posts.slugs import SLUG_MAX_LENGTH
from blog.posts.tags import MAX_TAGS_PER_POST
from blog.posts.tags import TagName
from blog.posts.tags import TagsRefused
from blog.posts.tags import parse_tags

TITLE_MAX_LENGTH = 200
SUMMARY_MAX_LENGTH = 300
# The stored body may grow past what was typed ("<" becomes "&lt;", bare URLs become links), but
# never past this many times the body limit: it is stored, and rendered on every page view.
STORED_BODY_FACTOR = 2

# The buttons of the form (<button name="action" value="...">). A POST without one publishes, as
# the form did before drafts existed, so that tools written for it keep working. Which of them a
# person may press depends on their role and the post (blog/posts/permissions.py).
PUBLISH = "publish"
DRAFT = "draft"
PREVIEW = "preview"
SUBMIT = "submit"
SCHEDULE = "schedule"
SEND_BACK = "send_back"
ACTIONS = (PUBLISH, DRAFT, PREVIEW, SUBMIT, SCHEDULE, SEND_BACK)
# Buttons whose post readers (or reviewers) will see: it needs a title and a body.
COMPLETE_POST_NEEDED = (PUBLISH, SCHEDULE, SUBMIT)
NOTE_MAX_LENGTH = 2000
FORMAT_CHOICES = [SelectChoice("markdown", "Markdown"), SelectChoice("html", "HTML")]


def _title_needed(form, field) -> None:
    # A draft may wait for its title; readers never see a post without one.
    if form.action in COMPLETE_POST_NEEDED and not field.data:
        raise StopValidation("Give the post a title.")


def _body_renderable(form, field) -> None:
    """Bounded markup, something left to show once sanitized (to publish), a stored size within
    bounds. Keeps the rendering on the form for the save to store."""
    if not field.data:
        if form.action in COMPLETE_POST_NEEDED:
            raise StopValidation("Write something in the body.")
        return
    if form.format.data not in SOURCE_FORMATS:
        return  # the format field says what is wrong
    try:
        rendered = render_body(field.data, form.format.data, form.summary.data or "")
    except MarkupTooComplex as refusal:
        raise ValidationError(str(refusal)) from None
    form.rendered = rendered
    if form.action in COMPLETE_POST_NEEDED and is_blank(rendered.html):
        raise ValidationError(
            "Nothing in the body would show on the page (scripts, frames, comments and empty "
            "tags are removed). Write some text or add an image."
        )
    stored_limit = current_app.config["BODY_MAX_BYTES"] * STORED_BODY_FACTOR
    stored = len(rendered.html.encode("utf-8"))
    if stored > stored_limit:
        raise ValidationError(
            f"Once made safe (links added, \"<\" written as \"&lt;\") the body would be "
            f"{stored / 1024:.0f} KB; it may be at most {stored_limit / 1024:.0f} KB. Shorten it."
        )


def _feature_image_known(form, field) -> None:
    # Any of the image's addresses will do (the editor's script fills in the one it got back).
    form.feature_image_id = None
    if field.data:
        image = owned_image_at(field.data, g.user.id)
        if image is None:
            raise ValidationError("Use the address of an image you uploaded (“Add image” gives "
                                  "one), or leave this empty.")
        form.feature_image_id = image.id


def _tags_valid(form, field) -> None:
    # Normalised once here; the save stores form.tag_names. Refused tags keep the text typed.
    try:
        form.tag_names = tuple(parse_tags(field.data or ""))
    except TagsRefused as refusal:
        raise StopValidation(str(refusal)) from None


def _publish_at_valid(form, field) -> None:
    # Read only for the Schedule button; kept as typed otherwise.
    if form.action != SCHEDULE:
        return
    try:
        form.publish_at_utc = parse_publish_at(field.data or "")
    except PublishAtRefused as refusal:
        raise StopValidation(str(refusal)) from None


class PostForm(FlaskForm):
    """Title (plain text), body (Markdown or HTML, rendered and sanitized when saved), an optional
    summary and address. Set `action` (one of ACTIONS) before validating."""

    # The fields in the order the editor shows them: its error summary lists them in this order.
    title = StringField(
        "Title",
        validators=[_title_needed, Length(max=TITLE_MAX_LENGTH)],
        filters=[without_control_characters, stripped],
    )
    format = SelectField("Format", choices=FORMAT_CHOICES, default="markdown")
    body = TextAreaField(
        "Body",
        validators=[body_within_limit("posts"), _body_renderable],
        filters=[without_control_characters],
        description="Markdown: **bold**, *italic*, ## Heading, [a link](https://…), "
                    "![what it shows](https://…/picture.jpg), lists, tables, and ```python "
                    "fences for code, which keeps every character. HTML works too. Inside <pre> "
                    "and <code>, < > and & show as typed; &lt; and the like stay character "
                    "references. Whatever browsers must not run is removed.",
    )
    summary = TextAreaField(
        "Summary (optional)",
        validators=[Length(max=SUMMARY_MAX_LENGTH)],
        filters=[without_control_characters, stripped],
        description="Shown on the index and to search engines. Without one, the first lines of "
                    "the post are used.",
    )
    tags = StringField(
        "Tags (optional)",
        # parse_tags bounds the field's length itself, with its own message.
        validators=[_tags_valid],
        filters=[without_control_characters],
        description=f"Up to {MAX_TAGS_PER_POST} topics, separated by commas: “travel, "
                    "night trains”. Readers find posts by them.",
    )
    feature_image = StringField(
        "Feature image (optional)",
        validators=[Length(max=500), _feature_image_known],
        filters=[without_control_characters, stripped],
        description="Shown above the post and beside it on the index: the address of an image "
                    "you uploaded.",
    )
    slug = StringField(
        "Address",
        validators=[Length(max=SLUG_MAX_LENGTH * 2)],
        filters=[without_control_characters, stripped],
        description="Letters, digits and hyphens. Left empty, it is made from the title. Old "
                    "addresses of a published post keep working.",
    )
    publish_at = StringField(
        "Publish at",
        validators=[Length(max=PUBLISH_AT_MAX_LENGTH), _publish_at_valid],
        filters=[stripped],
        description="For “Schedule”: a date and time such as 2027-03-01T09:30, in the site's "
                    "time zone unless it ends with an offset (+02:00).",
    )
    note = TextAreaField(
        "Note for the editors",
        validators=[Length(max=NOTE_MAX_LENGTH)],
        filters=[without_control_characters, stripped],
        description="Sent with “Submit for review”, or with “Send back” to the writer.",
    )
    # The post's version the text was written from (blog/posts/conflicts.py).
    version = HiddenField()

    action = PUBLISH
    rendered: RenderedBody | None = None
    feature_image_id: int | None = None
    publish_at_utc = None
    tag_names: tuple[TagName, ...] | None = None

    def expected_version(self) -> int | None:
        """The version the form was loaded at; None when it carries none (a tool's POST)."""
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A POST with no format comes from a tool written before Markdown: its body is HTML.
        if self.is_submitted() and "format" not in request.form:
            self.format.data = "html"

    def validate(self, extra_validators=None) -> bool:
        """Validate as the pressed button asks; a draft must hold a title or some text."""
        # Checked before the body: render_body reads the format.
        valid = super().validate(extra_validators)
        if valid and self.action == DRAFT and not (self.title.data or self.body.data):
            self.title.errors.append("Write a title or some text to save a draft.")
            return False
        return valid

    def text(self) -> PostText:
        """The author's words as the save stores them."""
        return PostText(title=self.title.data or "", source=self.body.data or "",
                        source_format=self.format.data, summary=self.summary.data or "",
                        slug=self.slug.data or "", feature_image_id=self.feature_image_id,
                        # A POST with no tags field (a tool's) leaves the tags alone.
                        tags=self.tag_names if "tags" in request.form else None)

    def rendering(self) -> RenderedBody:
        """The body as readers will see it (rendered once, while validating)."""
        if self.rendered is None:
            self.rendered = render_body("", self.format.data, self.summary.data or "")
        return self.rendered


class ConfirmForm(FlaskForm):
    """An empty form that carries only the CSRF token (delete, logout)."""
