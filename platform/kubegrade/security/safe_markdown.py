"""Markdown to HTML that is safe to put in a page: rendered, then sanitised by nh3.

Python-Markdown passes raw HTML through, so a bank entry (or a course's own assignment)
could carry `<script>`, `onerror=` or a `javascript:` link into every student's page.
nh3 (ammonia) keeps the formatting Markdown produces (headings, lists, tables, code
blocks with their language class, links) and drops the rest.
"""

import markdown
import nh3

ALLOWED_ATTRIBUTES = {**nh3.ALLOWED_ATTRIBUTES, "code": {"class"}, "th": {"align", "style"}, "td": {"align", "style"}}


def markdown_to_safe_html(text: str) -> str:
    html = markdown.markdown(text, extensions=["fenced_code", "tables"])
    return nh3.clean(html, attributes=ALLOWED_ATTRIBUTES, link_rel="noopener noreferrer",
                     filter_style_properties={"text-align"})
