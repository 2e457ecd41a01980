"""Made-up but plausible demo text: author names and bios, post titles, tags and HTML bodies from
a seeded RNG.

Bodies use only tags and attributes that blog.content.sanitize allows, written the way bleach writes
them, so that sanitize_body() leaves them unchanged (blog.demo.seed checks a sample of them).
"""

from __future__ import annotations

import html
import random

FIRST_NAMES = (
    "Ada", "Bruno", "Chiara", "Dmitri", "Elif", "Farah", "Gustav", "Hana", "Ines", "Jonas",
    "Kofi", "Lena", "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tomoko",
    "Ulla", "Viktor", "Wen", "Ximena", "Yusuf", "Zoë", "Amara", "Björn", "Céline", "Diego",
)
LAST_NAMES = (
    "Achebe", "Bergström", "Castillo", "Dubois", "Eriksen", "Fischer", "García", "Haddad",
    "Ivanova", "Jansen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "O'Brien", "Petrov",
    "Quispe", "Rossi", "Schmidt", "Tanaka", "Umarov", "Varga", "Wójcik", "Yilmaz", "Zhang",
)
TOPICS = (
    "sourdough", "night trains", "small gardens", "old maps", "fountain pens", "city cycling",
    "home espresso", "bread ovens", "winter swimming", "bird song", "used bookshops",
    "film cameras", "allotments", "slow travel", "tea blending", "woodworking", "letterpress",
    "beekeeping", "trail running", "houseplants", "street food", "jazz records", "knitting",
    "mountain huts", "ferry crossings", "pickling", "chess openings", "rooftop gardens",
    "public libraries", "weather diaries", "mechanical keyboards", "sea kayaking",
    "open-source software", "database indexes", "code review", "plain-text notes",
    "technical writing", "shell scripts", "unit tests", "caching", "café culture",
    "Zürich trams", "Lisbon hills", "Kyoto temples", "Oslo winters", "Nordic baking",
)
ADJECTIVES = (
    "quiet", "stubborn", "honest", "unexpected", "patient", "practical", "forgotten", "small",
    "careful", "cheerful", "difficult", "surprising", "modest", "generous", "curious", "slow",
)
NOUNS = (
    "habit", "experiment", "lesson", "mistake", "routine", "detour", "notebook", "question",
    "workshop", "argument", "recipe", "compromise", "season", "conversation", "checklist",
)
PEOPLE = ("my grandmother", "a neighbour", "the baker downstairs", "my first editor",
          "a stranger on a train", "our youngest", "an old colleague", "the librarian")
VERBS = ("changed", "shaped", "complicated", "simplified", "rescued", "improved", "slowed down")
PLACES = ("on the balcony", "in the back room", "at the market", "on the night bus",
          "by the harbour", "in a borrowed kitchen", "at the allotment", "in the reading room")
TIMES = ("every Sunday", "for three winters", "since last spring", "most evenings",
         "before breakfast", "on rainy afternoons", "twice a month", "for almost a decade")

TITLE_TEMPLATES = (
    "{n} things I learned about {topic}", "Notes on {topic}", "Why {topic} deserve attention",
    "{A_adjective} guide to {topic}", "{Topic}: {a_adjective} {noun}",
    "What {person} taught me about {topic}", "The case for {topic}", "On {topic} and {topic2}",
    "{Topic} diary, week {n}", "How {topic} {verb} my year", "Starting again with {topic}",
    "A {noun} about {topic}", "{Topic}, {topic2} and other {adjective} things",
)
SENTENCE_TEMPLATES = (
    "I have been thinking about {topic} {time}, mostly {place}.",
    "It began as {a_adjective} {noun} and slowly turned into something I look forward to.",
    "{Person} once told me that {topic} {verb} everything, and I laughed at the time.",
    "The first attempt was {a_adjective} failure, which is the usual way these things start.",
    "What surprised me most was how {adjective} the whole {noun} felt after a few weeks.",
    "There is a {noun} hidden in {topic} that nobody mentions in the guides.",
    "If you try this yourself, keep a {noun} and write down what went wrong.",
    "Most of the work happens {place}, {time}, with the radio on and the door open.",
    "By now the {noun} has {verb} the way I think about {topic2}.",
    "None of this needs special equipment; a little patience and a {noun} will do.",
    "The honest answer is that time spent on {topic} rewards the {adjective}, not the clever.",
    "I still make the same {noun} now and then, and I have stopped minding.",
    "Friends ask why I bother with {topic}; the short answer is that it {verb} my weeks.",
    "Somewhere between {topic} and {topic2} there is {a_adjective} middle ground.",
)


class _Slots(dict):
    """Template slots, each drawn only when a template asks for it (most use three or four)."""

    def __init__(self, rng: random.Random):
        super().__init__()
        self.rng = rng

    def __missing__(self, name: str):
        rng = self.rng
        if name in ("topic", "topic2", "Topic"):
            self["topic"], self["topic2"] = rng.sample(TOPICS, 2)
            self["Topic"] = self["topic"][0].upper() + self["topic"][1:]
        elif name in ("person", "Person"):
            self["person"] = rng.choice(PEOPLE)
            self["Person"] = self["person"][0].upper() + self["person"][1:]
        elif name in ("a_adjective", "A_adjective"):
            adjective = self["adjective"]
            self["a_adjective"] = ("an " if adjective[0] in "aeiou" else "a ") + adjective
            self["A_adjective"] = self["a_adjective"].capitalize()
        elif name == "n":
            self["n"] = rng.randint(2, 52)
        else:
            self[name] = rng.choice(_WORDS[name])
        return self[name]


_WORDS = {"adjective": ADJECTIVES, "noun": NOUNS, "verb": VERBS, "place": PLACES, "time": TIMES}


def _fill(rng: random.Random, templates: tuple[str, ...]) -> str:
    return rng.choice(templates).format_map(_Slots(rng))


def author_name(rng: random.Random) -> str:
    """A display name such as "Tomoko Lindqvist"."""
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


# Tags beyond the topics: broad ones, used most (they come first in tag_vocabulary).
BROAD_TAGS = (
    "Travel", "Food", "Books", "Gardening", "Music", "Photography", "Software", "Cycling",
    "Cities", "Crafts", "Weather", "History", "Family", "Notes", "Reviews", "Recipes", "Design",
    "Maps", "Sport", "Tools", "Learning", "Work", "Writing", "Nature", "Science", "Sea",
    "Mountains", "Trains", "Coffee", "Tea",
)


def tag_vocabulary() -> list[str]:
    """About 200 tag names, broad ones first: the topics, the broad tags, and pairs of words
    ("Slow routine"), all distinct once normalised."""
    pairs = [f"{adjective} {noun}".capitalize() for adjective in ADJECTIVES for noun in NOUNS]
    return [*BROAD_TAGS, *(topic.capitalize() for topic in TOPICS), *pairs[::2][:120]]


def author_bio(rng: random.Random) -> str:
    """A line or two about a demo author."""
    first, second = rng.sample(TOPICS, 2)
    return (f"Writes about {first} and {second}, {rng.choice(TIMES)}. "
            f"Usually found {rng.choice(PLACES)}.")


def post_title(rng: random.Random) -> str:
    """A post title from the title templates (plain text, as authors type them)."""
    return _fill(rng, TITLE_TEMPLATES)


def _sentence(rng: random.Random) -> str:
    return _fill(rng, SENTENCE_TEMPLATES)


def _paragraph_text(rng: random.Random, minimum: int) -> str:
    sentences = [_sentence(rng)]
    while sum(len(s) + 1 for s in sentences) < minimum:
        sentences.append(_sentence(rng))
    return " ".join(sentences)


def _inline(rng: random.Random, text: str) -> str:
    """Escape the text and mark up one of its words, as an author might."""
    words = html.escape(text, quote=False).split(" ")
    if len(words) > 6 and rng.random() < 0.6:
        at = rng.randrange(1, len(words) - 1)
        tag = rng.choice(("strong", "em", "code"))
        words[at] = f"<{tag}>{words[at]}</{tag}>"
    return " ".join(words)


def _paragraph(rng: random.Random) -> str:
    return f"<p>{_inline(rng, _paragraph_text(rng, 180))}</p>"


def _block(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.55:
        return _paragraph(rng)
    if kind < 0.70:
        return f"<h2>{html.escape(post_title(rng), quote=False)}</h2>"
    if kind < 0.82:
        tag = rng.choice(("ul", "ol"))
        items = "".join(f"<li>{html.escape(_sentence(rng), quote=False)}</li>"
                        for _ in range(rng.randint(2, 5)))
        return f"<{tag}>{items}</{tag}>"
    if kind < 0.90:
        return f"<blockquote><p>{html.escape(_sentence(rng), quote=False)}</p></blockquote>"
    if kind < 0.96:
        name = rng.choice(NOUNS)
        return (f'<pre><code class="language-python">def {name}(count):\n'
                f"    return [n * {rng.randint(2, 9)} for n in range(count) if n &lt; 100]\n"
                "</code></pre>")
    page = rng.choice(NOUNS)
    return (f'<p>More in <a href="https://example.org/{page}" rel="nofollow ugc noopener">'
            f"this {page} write-up</a>, which I keep coming back to.</p>")


# The opening paragraph alone is longer than an excerpt, so the excerpt can be computed from it.
LEDE_MIN_LENGTH = 300


def post_body(rng: random.Random) -> tuple[str, str]:
    """(body, lede): multi-paragraph HTML in the blog's allowlist, and its opening paragraph."""
    lede = f"<p>{html.escape(_paragraph_text(rng, LEDE_MIN_LENGTH), quote=False)}</p>"
    blocks = [lede, _paragraph(rng)] + [_block(rng) for _ in range(rng.randint(2, 7))]
    return "".join(blocks), lede
