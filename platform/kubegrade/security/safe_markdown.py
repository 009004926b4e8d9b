"""Markdown to HTML that is safe to put in a page: rendered, then sanitised by nh3.

Rendered as CommonMark (markdown-it-py) with GitHub's tables, so a list nests under an
item when indented to the item's text (`1. ` then three spaces), as authors write it and
as GitHub shows it; Python-Markdown wanted four and flattened lab 03's instructions.
The renderer passes raw HTML through, so a bank entry (or a course's own assignment)
could carry `<script>`, `onerror=` or a `javascript:` link into every student's page.
nh3 (ammonia) keeps the formatting Markdown produces (headings, lists, tables, code
blocks with their language class, links) and drops the rest.
"""

import nh3
from markdown_it import MarkdownIt

ALLOWED_ATTRIBUTES = {**nh3.ALLOWED_ATTRIBUTES, "code": {"class"}, "th": {"align", "style"}, "td": {"align", "style"}}


COMMONMARK_WITH_TABLES = MarkdownIt("commonmark").enable("table")


def markdown_to_safe_html(text: str) -> str:
    html = COMMONMARK_WITH_TABLES.render(text)
    return nh3.clean(html, attributes=ALLOWED_ATTRIBUTES, link_rel="noopener noreferrer",
                     filter_style_properties={"text-align"})


def inline_markdown_to_safe_html(text: str) -> str:
    """One line of Markdown (a check's or question's title): `code` and emphasis, no blocks."""
    return nh3.clean(COMMONMARK_WITH_TABLES.renderInline(text), attributes=ALLOWED_ATTRIBUTES,
                     link_rel="noopener noreferrer")
