"""What search engines and link previews read of a page: canonical address, Open Graph, Twitter
card and JSON-LD, all absolute on PUBLIC_URL."""

from __future__ import annotations

import json

from markupsafe import Markup

from blog.discovery.feeds import author_page_url
from blog.discovery.feeds import last_changed
from blog.discovery.xml_text import w3c_datetime
from blog.media.views import image_src
from blog.models import Post
from blog.public_url import absolute
from blog.public_url import public_url_for
from blog.site.store import current_site

# In a <script> element, "</script" or "<!--" would end it or change how it is read; as JSON
# escapes these characters mean the same to a JSON reader and nothing to the HTML parser.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})


def index_canonical(number: int) -> str:
    """The canonical address of index page `number`: page 1 is the bare home page."""
    return listing_canonical("posts.index", number)


def listing_canonical(endpoint: str, number: int, **values) -> str:
    """The canonical address of page `number` of a listing (the index, an author's or a tag's
    posts): page 1 is its bare address, with no ?page=1."""
    if number > 1:
        return public_url_for(endpoint, page=number, **values)
    return public_url_for(endpoint, **values)


def post_image(post: Post) -> dict | None:
    """The post's feature image for previews: absolute URL, size and alt text; None without."""
    image = post.feature_image
    if image is None:
        return None
    return {"url": absolute(image_src(image)), "width": image.width, "height": image.height,
            "alt": image.alt}


def post_json_ld(post: Post) -> Markup:
    """The post as a schema.org BlogPosting, ready to put inside <script type=
    "application/ld+json"> (nothing in it can end the element)."""
    url = public_url_for("posts.show", slug=post.slug)
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title,
        "datePublished": w3c_datetime(post.published_at),
        "dateModified": w3c_datetime(last_changed(post)),
        "author": {"@type": "Person", "name": post.author.name,
                   "url": author_page_url(post.author)},
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "publisher": {"@type": "Organization", "name": current_site().title,
                      "url": public_url_for("posts.index")},
    }
    if post.excerpt:
        data["description"] = post.excerpt
    if post.tags:
        data["keywords"] = [tag.name for tag in post.tags]
    image = post_image(post)
    if image is not None:
        data["image"] = {"@type": "ImageObject", "url": image["url"], "width": image["width"],
                         "height": image["height"]}
    return script_json(data)


def script_json(data) -> Markup:
    """data as JSON that is safe as the text of a <script> element."""
    return Markup(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_SAFE))
