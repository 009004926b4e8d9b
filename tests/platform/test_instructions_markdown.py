"""Instructions and titles render as their authors wrote them (issue 19 item 8): a list
indented to its parent item's text nests (CommonMark, as GitHub shows it), and a quiz
question's title keeps its `code` spans as code, never raw backticks. Expected HTML written
by hand from the spec's text."""

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kubegrade.security.safe_markdown import inline_markdown_to_safe_html, markdown_to_safe_html  # noqa: E402
from scoring.quiz import _title  # noqa: E402


def test_lab_03s_nested_instructions_render_nested_in_both_languages():
    spec = yaml.safe_load((ROOT / "assignments/week4/03-dns-fqdn/spec.yaml").read_text(encoding="utf-8"))
    for language, first_bullet in (("en", "its <code>/etc/resolv.conf</code>"), ("ko", "<code>/etc/resolv.conf</code> 내용")):
        html = markdown_to_safe_html(spec["instructions"][language])
        item = html.split("<li><code>commands.sh</code>", 1)[1].split("</ol>", 1)[0]
        assert item.index("<ul>") < item.index(first_bullet) < item.index("</ul>") < item.rindex("</li>"), html
        assert html.count("<li>") == 4


def test_fenced_code_tables_and_hostile_html_still_render_as_before():
    html = markdown_to_safe_html("```yaml\na: 1\n```\n\n| a | b |\n|--:|---|\n| 1 | 2 |\n\n<script>x</script><img src=x onerror=y>")
    assert '<pre><code class="language-yaml">a: 1\n</code></pre>' in html
    assert '<th style="text-align:right">a</th>' in html
    assert "<script" not in html and "onerror" not in html


def test_a_quiz_title_shows_its_code_as_code_and_a_long_one_is_never_cut_inside_a_code_span():
    assert inline_markdown_to_safe_html("What does `curl -s http://<CLUSTER-IP>` print?") == (
        "What does <code>curl -s http://&lt;CLUSTER-IP&gt;</code> print?")
    prompt = ("On the master node, what does `curl -s http://<CLUSTER-IP>` print, with the ClusterIP of "
              "`svc-web-abcd`? (one line)")
    title = _title(prompt)
    assert title == "On the master node, what does `curl -s http://<CLUSTER-IP>` print, with the ClusterIP …"
    assert title.count("`") % 2 == 0
    assert _title("Short `one`?") == "Short `one`?"


def test_a_quizs_answers_are_listed_under_their_titles_and_a_strange_key_stays_text():
    from kubegrade.submissions.views import answers_by_question

    result = {"checks": [{"id": "quiz-clusterip.Q003", "title": "What is the CLUSTER-IP of `svc-web-ab12`?",
                          "title_html": inline_markdown_to_safe_html("What is the CLUSTER-IP of `svc-web-ab12`?")}]}
    shown = answers_by_question({"quiz-clusterip.Q003": "10.233.4.211", "<b>x</b>": "y"}, result)
    assert [(str(label), value) for label, value in shown] == [
        ("What is the CLUSTER-IP of <code>svc-web-ab12</code>?", "10.233.4.211"), ("&lt;b&gt;x&lt;/b&gt;", "y")]
    assert [str(label) for label, _ in answers_by_question({"quiz-clusterip.Q003": "1"}, None)] == [
        "quiz-clusterip.Q003"]  # not graded yet: the id
