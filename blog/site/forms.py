"""The admins' settings form: title, description, footer line and up to MAX_LINKS links,
CSRF-protected by Flask-WTF; what was typed stays in the fields when it is refused."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import FieldList
from wtforms import Form
from wtforms import FormField
from wtforms import StringField
from wtforms.validators import DataRequired
from wtforms.validators import Length
from wtforms.validators import ValidationError

from blog.site.store import ABOUT_MAX_LENGTH
from blog.site.store import DESCRIPTION_MAX_LENGTH
from blog.site.store import MAX_LINKS
from blog.site.store import TITLE_MAX_LENGTH
from blog.site.store import URL_MAX_LENGTH
from blog.site.store import LinkRefused
from blog.site.store import Site
from blog.site.store import check_link


class LinkForm(Form):
    """One row of the navigation: both fields empty means no link."""

    text = StringField("Label")
    # The length bound is checked by check_link, with the typed text kept; the attribute only
    # stops a browser from sending a huge value.
    url = StringField("Address", render_kw={"maxlength": URL_MAX_LENGTH * 2})

    def validate_url(self, field) -> None:
        """Refuse a row with an unsafe address, or with a label or address missing."""
        label, url = (self.text.data or "").strip(), field.data or ""
        if not label and not url:
            return
        try:
            check_link(label, url)
        except LinkRefused as refusal:
            raise ValidationError(str(refusal)) from None


class SiteForm(FlaskForm):
    """The site's settings."""

    title = StringField("Title", validators=[DataRequired("Give the site a title."),
                                             Length(max=TITLE_MAX_LENGTH)])
    description = StringField("Description", validators=[Length(max=DESCRIPTION_MAX_LENGTH)])
    about = StringField("Footer line", validators=[Length(max=ABOUT_MAX_LENGTH)])
    links = FieldList(FormField(LinkForm), min_entries=MAX_LINKS, max_entries=MAX_LINKS)

    def fill(self, site: Site) -> None:
        """Show the stored settings (a GET)."""
        self.title.data, self.description.data, self.about.data = (
            site.title, site.description, site.about)
        for entry, link in zip(self.links.entries, site.navigation, strict=False):
            entry.text.data, entry.url.data = link.label, link.url

    def site(self) -> Site:
        """The validated settings (after validate_on_submit)."""
        links = tuple(check_link(entry.text.data or "", entry.url.data or "")
                      for entry in self.links.entries
                      if (entry.text.data or "").strip() or entry.url.data)
        return Site(title=self.title.data.strip(), description=(self.description.data or "")
                    .strip(), about=(self.about.data or "").strip(), navigation=links)
