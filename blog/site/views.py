"""The admins' page for the site's settings: /dashboard/site."""

from __future__ import annotations

from flask import Blueprint
from flask import abort
from flask import flash
from flask import g
from flask import redirect
from flask import render_template
from flask import url_for

from blog.auth.guards import login_required
from blog.posts import permissions
from blog.site.forms import SiteForm
from blog.site.store import save_site
from blog.site.store import stored_site

bp = Blueprint("site", __name__)


@bp.route("/dashboard/site", methods=["GET", "POST"])
@login_required
def edit():
    """Show the settings form, or save it (admins only); a refused form keeps what was typed."""
    if not permissions.may(g.user, permissions.SITE_SETTINGS):
        abort(403)
    form = SiteForm()
    if form.validate_on_submit():
        save_site(form.site(), g.user)
        flash("Saved the site's settings.", "success")
        return redirect(url_for("site.edit"))
    if not form.is_submitted():
        form.fill(stored_site())
    return render_template("site/edit.html", form=form), 200 if not form.errors else 400
