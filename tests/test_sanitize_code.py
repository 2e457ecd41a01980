"""Code keeps its text: "<", ">" and "&" inside pre and code are characters, and stay so on edit."""

from __future__ import annotations

import pytest

from blog.content.sanitize import sanitize_body

CODE = [
    pytest.param("<pre><code>#include <stdio.h> if (a<b && c>d)</code></pre>",
                 "<pre><code>#include &lt;stdio.h&gt; if (a&lt;b &amp;&amp; c&gt;d)</code></pre>",
                 id="c-include-and-comparisons"),
    pytest.param('<pre><code class="language-cpp">std::vector<int> v;</code></pre>',
                 '<pre><code class="language-cpp">std::vector&lt;int&gt; v;</code></pre>',
                 id="template-argument"),
    pytest.param("<p>Use <code>vector<int></code> here.</p>",
                 "<p>Use <code>vector&lt;int&gt;</code> here.</p>", id="inline-code"),
    pytest.param("<pre>if x<y: print('<b>')</pre>",
                 "<pre>if x&lt;y: print('&lt;b&gt;')</pre>", id="pre-without-code"),
    pytest.param("<pre><code>&lt;div&gt; &amp; &#60; &#x3C;</code></pre>",
                 "<pre><code>&lt;div&gt; &amp; &#60; &#x3C;</code></pre>",
                 id="character-references-stay-references"),
    pytest.param("<code>AT&T &copy &ampx</code>", "<code>AT&amp;T &amp;copy &amp;ampx</code>",
                 id="bare-ampersands"),
    pytest.param("<code><script>alert(1)</script></code>",
                 "<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>", id="markup-shown-as-code"),
    pytest.param("<code>https://example.com/api</code>", "<code>https://example.com/api</code>",
                 id="urls-in-code-stay-text"),
    pytest.param("<PRE><CODE>a<b</CODE></PRE>", "<pre><code>a&lt;b</code></pre>",
                 id="upper-case-tags"),
    pytest.param("<pre><code>unclosed <b", "<pre><code>unclosed &lt;b</code></pre>",
                 id="unclosed-code"),
    pytest.param("<!-- <pre> --><p>a<b>b</b></p>", "<p>a<b>b</b></p>", id="pre-in-a-comment"),
]

PROSE = [
    pytest.param("<p>a < b and c > d</p>", "<p>a &lt; b and c &gt; d</p>", id="comparison"),
    pytest.param("<p>Fish &amp; chips</p>", "<p>Fish &amp; chips</p>", id="ampersand-reference"),
    pytest.param("<p>Fish & chips</p>", "<p>Fish &amp; chips</p>", id="bare-ampersand"),
    pytest.param("<p>&lt;b&gt; is bold</p>", "<p>&lt;b&gt; is bold</p>", id="escaped-tag"),
    pytest.param("<p>caf&eacute; &mdash; ok</p>", "<p>caf&eacute; &mdash; ok</p>",
                 id="named-references"),
]


# Where a code region ends must agree with where the parser ends it, or text is lost.
REGION_EDGES = [
    pytest.param("<xmp><pre>a<b</pre></xmp>", "<pre>a&lt;b</pre>", id="pre-inside-xmp"),
    pytest.param("<noscript><pre></noscript><p>Hello</p>", "<p>Hello</p>",
                 id="pre-inside-noscript"),
    pytest.param("<pre><code>x<y</pre><p>after</p>",
                 "<pre><code>x&lt;y</code></pre><p><code>after</code></p>",
                 id="unclosed-code-ends-with-its-pre"),
]


@pytest.mark.parametrize(("markup", "clean"), CODE + PROSE + REGION_EDGES)
def test_text_is_kept_as_the_author_meant_it(markup, clean):
    assert sanitize_body(markup) == clean


@pytest.mark.parametrize(("markup", "clean"), CODE + PROSE + REGION_EDGES)
def test_saving_the_edit_form_again_changes_nothing(markup, clean):
    once = sanitize_body(markup)
    assert sanitize_body(once) == once
