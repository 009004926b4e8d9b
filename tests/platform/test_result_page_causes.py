"""The result page reads by cause: the engine's named root cause first, the checks that
follow from it folded under it, and the meaning of a tool's exit code the API gives
(curl 7 is "connection refused") kept on the page, even while the answers are hidden."""

import re
import sys

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import ROOT
from kubegrade.courses.models import AnswerReveal
from kubegrade.grading.models import Grade
from kubegrade.submissions.models import Status
from platform_factories import SubmissionFactory
from test_api_permissions import client_for

pytestmark = pytest.mark.usefixtures("requires_scoring")


def engine_report(case: str) -> dict:
    sys.path.insert(0, str(ROOT))
    from scoring.bank import load_assignment, render_folder
    from scoring.engine import grade_submission

    lab = ROOT / "assignments/week4/01-clusterip"
    assignment = load_assignment(lab)
    files = {n: d for n, d in render_folder(lab / "wrong" / case, assignment.variant(1)).items() if n != "expect.yaml"}
    return grade_submission(assignment, files, "", 1).to_dict()


def graded_page(client, world, report: dict) -> str:
    submission = SubmissionFactory(course_assignment=world.lab, student=world.alice, status=Status.GRADED,
                                   score=report["score"], max_score=report["max_score"], gradable=True,
                                   graded_at=timezone.now())
    Grade.objects.create(submission=submission, version=submission.version, score=report["score"],
                         max_score=report["max_score"], checks=report["checks"], message=report["message"],
                         graded_at=submission.graded_at)
    client.force_login(world.alice)
    return client.get(reverse("submissions:detail", args=[submission.pk])).content.decode(), submission


def test_one_selector_typo_shows_one_cause_with_its_six_checks_folded_under_it(client, course_world):
    report = engine_report("selector-typo")
    page, submission = graded_page(client, course_world, report)
    causes = re.findall(r'<div class="cause" id="cause-\d+"', page)
    assert len(causes) == 1
    cause_box = page[page.index('id="cause-1"'):page.index("</details>\n    </div>", page.index('id="cause-1"'))]
    assert "matches no pod in namespace default" in cause_box
    assert "6 failing checks follow from it" in cause_box
    assert cause_box.count('<details class="check fail">') == 6
    assert page.index('id="cause-1"') < page.index("clusterip.C001")  # the cause comes before the passed checks
    assert "check port: 80 and targetPort: 8080" not in page
    api = client_for(course_world.alice).get(f"/api/v1/submissions/{submission.pk}/").json()
    assert [c["id"] for c in api["checks"] if c["cause"]] == [f"clusterip.C00{n}" for n in range(2, 8)]


def test_the_exit_code_meaning_of_the_api_is_on_the_page_even_with_answers_hidden(client, course_world):
    course_world.lab.answers_shown = AnswerReveal.NEVER
    course_world.lab.save()
    report = engine_report("service-port-8080")
    assert "exit code 7: connection refused" in report["checks"][3]["feedback"]
    page, _ = graded_page(client, course_world, report)
    assert '<span class="exit-meaning">exit code 7: connection refused: nothing answers on that address and port' \
        in page
