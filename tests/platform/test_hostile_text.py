"""Hostile text going out (issue 12): Markdown instructions are sanitised before they reach
a page, and gradebook CSV cells that a spreadsheet would run as formulas are made inert."""

import csv
import io

from kubegrade.gradebook.export import csv_text
from kubegrade.security.safe_markdown import markdown_to_safe_html
from kubegrade.security.spreadsheet_cells import neutralise_formula


def test_script_tags_event_handlers_and_javascript_links_are_removed_from_instructions():
    html = markdown_to_safe_html('<script>alert(1)</script><img src="x" onerror="alert(2)"> '
                                 '[click](javascript:alert(3)) <iframe src="https://evil.example"></iframe>')
    assert "<script" not in html and "onerror" not in html and "iframe" not in html
    assert "href" not in html  # the javascript: link is no link: CommonMark leaves it as plain text
    assert '<img src="x">' in html


def test_markdown_formatting_survives_the_sanitiser():
    html = markdown_to_safe_html("# Task\n\n```yaml\nkind: Service\n```\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n"
                                 "[docs](https://kubernetes.io/docs/)")
    assert "<h1>Task</h1>" in html and '<code class="language-yaml">kind: Service' in html
    assert '<th style="text-align:left">a</th>' in html
    assert '<a href="https://kubernetes.io/docs/" rel="noopener noreferrer">docs</a>' in html


def test_a_style_attribute_keeps_only_text_alignment():
    assert markdown_to_safe_html('<p style="position:fixed;top:0">x</p>') == "<p>x</p>"


def test_each_formula_start_in_owasps_list_gets_a_quote():
    for cell in ["=HYPERLINK(\"http://evil\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx"]:
        assert neutralise_formula(cell) == "'" + cell


def test_plain_numbers_and_ordinary_text_are_left_alone():
    for cell in ["-2.50", "+3", "10.00", "Sam Lee", "", "    Points Possible", "a=b"]:
        assert neutralise_formula(cell) == cell


def test_the_gradebook_csv_writes_a_formula_name_as_text():
    text = csv_text([["Student", "override_reason", "score"], ["=cmd|' /C calc'!A0", "@late", "-1.00"]])
    assert list(csv.reader(io.StringIO(text)))[1] == ["'=cmd|' /C calc'!A0", "'@late", "-1.00"]
