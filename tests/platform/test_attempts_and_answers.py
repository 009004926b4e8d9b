"""A course assignment's attempt limit and answer reveal: attempts over the limit are
refused before anything is stored, attempts that could not be graded cost nothing, and a
student's result (page and API alike) hides the expected answers until the policy
allows, while staff always see them."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from kubegrade.accounts.api_tokens import api_token_issue
from rest_framework.test import APIClient

from kubegrade.courses.models import AnswerReveal, Assignment
from kubegrade.courses.services import course_assignment_add, extension_grant
from kubegrade.errors import AttemptsExhausted
from kubegrade.submissions.models import Submission
from kubegrade.submissions.services import submission_create
from platform_factories import AssignmentFactory

CLUSTER_IP = "10.233.37.149"  # the answer of the question below; it must never reach a student early
EXPLANATION = "The CLUSTER-IP column of kubectl get svc svc-web-b8f2"
QUIZ_REPORT = {
    "score": 0.0, "max_score": 3.0, "gradable": True, "message": "0 of 3 points.",
    "checks": [{"id": "quiz-clusterip.Q003", "title": "What is the CLUSTER-IP of svc-web-b8f2?", "points": 0.0,
                "max_points": 1.0, "passed": False, "run": f"curl -s http://{CLUSTER_IP}", "expected": CLUSTER_IP,
                "got": "10.0.0.1", "hint": "Read it off kubectl get svc.", "feedback": f"{EXPLANATION}: {CLUSTER_IP}"}],
    "transcript": ("# setup (prepared by the assignment)\nremote > kubectl apply -f svc-web.yaml\n"
                   f"service/svc-web-b8f2 created\n# checks\nmaster > curl -s http://{CLUSTER_IP}\nYou've hit rs-web\n"),
    "timing": {"total_ms": 1.0}, "engine_version": "test",
}
ANSWERS = {"quiz-clusterip.Q003": "10.0.0.1"}


@pytest.fixture
def w(course_world, stub_engine, django_capture_on_commit_callbacks):
    """The world's quiz with the quiz policy: 3 attempts, answers after the due date; each
    submission is graded (by the stub engine) when its transaction commits."""
    stub_engine.report = QUIZ_REPORT
    course_world.graded_on_commit = lambda: django_capture_on_commit_callbacks(execute=True)
    quiz = course_world.quiz
    quiz.max_attempts, quiz.answers_shown = 3, AnswerReveal.AFTER_DUE_DATE
    quiz.save()
    course_world.engine = stub_engine
    return course_world


def answer(w, student=None):
    with w.graded_on_commit():
        return submission_create(student=student or w.alice, course_assignment=w.quiz, answers=ANSWERS)


def api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(user=user).key}")
    return client


def close_the_quiz(w):
    """Due four days ago, late work scored for three: no attempt can earn points any more."""
    w.quiz.due_at, w.quiz.late_days_max = timezone.now() - dt.timedelta(days=4), 3
    w.quiz.save()


# --- defaults by kind ------------------------------------------------------------------

def test_a_quiz_added_to_a_course_gets_three_attempts_and_answers_after_the_due_date(course_world):
    quiz = course_assignment_add(course=course_world.course, assignment=AssignmentFactory(kind="quiz"))
    lab = course_assignment_add(course=course_world.course, assignment=AssignmentFactory(kind="lab"))
    assert (quiz.max_attempts, quiz.answers_shown) == (3, "after_due_date")
    assert (lab.max_attempts, lab.answers_shown) == (None, "after_each_attempt")


def test_staff_can_set_another_policy_when_adding_an_assignment(course_world):
    quiz = course_assignment_add(course=course_world.course, assignment=AssignmentFactory(kind="quiz"),
                                 max_attempts=None, answers_shown=AnswerReveal.NEVER)
    assert (quiz.max_attempts, quiz.answers_shown) == (None, "never")


# --- the attempt limit -------------------------------------------------------------------

def test_an_attempt_over_the_limit_is_refused_before_it_is_stored(w):
    for _ in range(3):
        answer(w)
    with pytest.raises(AttemptsExhausted) as refused:
        answer(w)
    assert Submission.objects.filter(student=w.alice).count() == 3
    assert refused.value.code == "attempts_exhausted" and refused.value.http_status == 409
    assert refused.value.detail == "You have used all 3 attempts at this assignment."
    assert answer(w, student=w.bob).attempt == 1  # the limit is per student


def test_the_refusal_is_in_the_students_language(w):
    w.alice.language = "ko"
    w.alice.save()
    for _ in range(3):
        answer(w)
    with pytest.raises(AttemptsExhausted) as refused:
        answer(w)
    assert refused.value.detail == "이 과제의 시도 3번을 모두 사용했습니다."


def test_an_attempt_that_could_not_be_graded_costs_no_attempt(w):
    w.engine.report = dict(QUIZ_REPORT, gradable=False, checks=[], message="No answers given.")
    answer(w)
    w.engine.report, w.engine.error = QUIZ_REPORT, RuntimeError("grader bug")
    answer(w)
    w.engine.error = None
    for _ in range(3):
        answer(w)
    assert Submission.objects.filter(student=w.alice).count() == 5
    with pytest.raises(AttemptsExhausted):
        answer(w)


def test_unlimited_attempts_on_a_lab(w):
    for _ in range(5):
        submission_create(student=w.alice, course_assignment=w.lab, files={"service.yaml": b"kind: Service\n"})
    assert Submission.objects.filter(course_assignment=w.lab).count() == 5


def test_no_attempt_is_taken_once_the_answers_are_shown(w):
    answer(w)
    close_the_quiz(w)
    with pytest.raises(AttemptsExhausted) as refused:
        answer(w)
    assert "answers are shown now" in refused.value.detail


# --- when the expected answers are shown --------------------------------------------------

def test_a_student_sees_no_expected_answer_before_the_due_date_and_staff_see_everything(w):
    sub = answer(w)
    mine = api(w.alice).get(f"/api/v1/submissions/{sub.pk}/").json()
    assert CLUSTER_IP not in json.dumps(mine) and EXPLANATION not in json.dumps(mine)
    assert mine["answers_visible"] is False and "late days are over" in mine["answers_note"]
    check = mine["checks"][0]
    assert (check["passed"], check["points"], check["got"]) == (False, 0.0, "10.0.0.1")
    assert mine["transcript"].endswith("service/svc-web-b8f2 created\n")
    for staff in (w.prof, w.ta):
        theirs = api(staff).get(f"/api/v1/submissions/{sub.pk}/").json()
        assert theirs["answers_visible"] is True and theirs["checks"][0]["expected"] == CLUSTER_IP
        assert EXPLANATION in theirs["checks"][0]["feedback"] and CLUSTER_IP in theirs["transcript"]


def test_the_answers_appear_once_the_due_date_and_its_late_days_are_over(w):
    sub = answer(w)
    w.quiz.due_at, w.quiz.late_days_max = timezone.now() - dt.timedelta(days=2), 3
    w.quiz.save()
    assert api(w.alice).get(f"/api/v1/submissions/{sub.pk}/").json()["answers_visible"] is False
    close_the_quiz(w)
    shown = api(w.alice).get(f"/api/v1/submissions/{sub.pk}/").json()
    assert shown["answers_visible"] is True and shown["checks"][0]["expected"] == CLUSTER_IP


def test_an_extension_keeps_the_answers_hidden_for_the_student_who_has_it(w):
    sub = answer(w)
    close_the_quiz(w)
    extension_grant(course_assignment=w.quiz, student=w.alice, due_at=timezone.now() + dt.timedelta(days=1),
                    granted_by=w.prof)
    assert api(w.alice).get(f"/api/v1/submissions/{sub.pk}/").json()["answers_visible"] is False


def test_after_last_attempt_shows_the_answers_once_every_attempt_is_graded(w):
    w.quiz.answers_shown = AnswerReveal.AFTER_LAST_ATTEMPT
    w.quiz.save()
    first = answer(w)
    answer(w)
    assert api(w.alice).get(f"/api/v1/submissions/{first.pk}/").json()["answers_visible"] is False
    answer(w)
    assert api(w.alice).get(f"/api/v1/submissions/{first.pk}/").json()["checks"][0]["expected"] == CLUSTER_IP


def test_never_hides_the_answers_from_the_student_even_after_the_due_date(w):
    w.quiz.answers_shown = AnswerReveal.NEVER
    w.quiz.save()
    sub = answer(w)
    close_the_quiz(w)
    assert CLUSTER_IP not in json.dumps(api(w.alice).get(f"/api/v1/submissions/{sub.pk}/").json())
    assert api(w.prof).get(f"/api/v1/submissions/{sub.pk}/").json()["checks"][0]["expected"] == CLUSTER_IP


def test_after_each_attempt_shows_a_lab_its_expected_values_at_once(w):
    with w.graded_on_commit():
        sub = submission_create(student=w.alice, course_assignment=w.lab, files={"service.yaml": b"kind: Service\n"})
    detail = api(w.alice).get(f"/api/v1/submissions/{sub.pk}/").json()
    assert detail["answers_visible"] is True and detail["checks"][0]["expected"] == CLUSTER_IP


def test_the_stored_grade_keeps_everything(w):
    sub = answer(w)
    grade = sub.grades.get()
    assert grade.checks[0]["expected"] == CLUSTER_IP and CLUSTER_IP in grade.transcript


# --- API and page ----------------------------------------------------------------------

def test_the_api_refuses_an_attempt_over_the_limit_with_409_attempts_exhausted(w):
    url = f"/api/v1/assignments/{w.quiz.pk}/submissions/"
    for _ in range(3):
        assert api(w.alice).post(url, {"answers": ANSWERS}, format="json").status_code == 201
    r = api(w.alice).post(url, {"answers": ANSWERS}, format="json")
    assert r.status_code == 409
    assert r.json() == {"code": "attempts_exhausted", "detail": "You have used all 3 attempts at this assignment.",
                        "max_attempts": 3, "attempts_left": 0}


def test_the_api_lists_each_assignments_policy(w):
    items = {a["slug"]: a for a in api(w.alice).get(f"/api/v1/courses/{w.course.pk}/assignments/").json()}
    assert (items["week4/91-quiz"]["max_attempts"], items["week4/91-quiz"]["answers_shown"]) == (3, "after_due_date")
    assert items["week4/90-lab"]["max_attempts"] is None


def test_the_result_page_hides_the_expected_answer_from_the_student_and_shows_it_to_staff(client, w):
    sub = answer(w)
    client.force_login(w.alice)
    html = client.get(reverse("submissions:detail", args=[sub.pk])).content.decode()
    assert CLUSTER_IP not in html and EXPLANATION not in html and 'id="answers-hidden"' in html
    assert "10.0.0.1" in html  # the student's own answer stays
    client.force_login(w.prof)
    staff_html = client.get(reverse("submissions:detail", args=[sub.pk])).content.decode()
    assert CLUSTER_IP in staff_html and EXPLANATION in staff_html and 'id="answers-hidden"' not in staff_html


def test_the_submit_page_shows_the_attempts_left_and_the_refusal(client, w, monkeypatch):
    from kubegrade.courses import instructions

    class BankQuiz:
        content_hash = "x"

        def render_instructions(self, lang, seed):
            return "# Quiz"

        def shown_values(self, seed):
            return {}

        def questions(self, lang, seed):
            return []

    monkeypatch.setattr(instructions, "bank_assignment", lambda slug, content_hash=None: BankQuiz())
    for _ in range(2):
        answer(w)
    client.force_login(w.alice)
    page = client.get(reverse("courses:assignment", args=[w.quiz.pk])).content.decode()
    assert "1 of 3 attempts left" in page
    answer(w)
    r = client.post(reverse("submissions:submit", args=[w.quiz.pk]), {"answer__quiz-clusterip.Q003": "10.0.0.2"})
    html = r.content.decode()
    assert r.status_code == 409 and "You have used all 3 attempts at this assignment." in html
    assert "0 of 3 attempts left" in html and 'id="submit-button" disabled' in html
    # out of attempts, nothing on the form looks editable: the fields sit in a disabled fieldset
    assert '<fieldset class="plain" id="submit-fields" disabled>' in html and 'id="no-attempts-left"' in html
    page = client.get(reverse("courses:assignment", args=[w.quiz.pk])).content.decode()
    assert '<fieldset class="plain" id="submit-fields" disabled>' in page


def test_your_values_lists_only_the_shown_variables_never_the_troubleshooting_typo(client, course_world):
    """The real bank's troubleshooting quiz: the misspelt label is the lab's answer."""
    from kubegrade.courses.bank import bank_assignment
    from kubegrade.courses.services import assignments_sync_from_bank
    from kubegrade.submissions.variants import variant_seed

    assignments_sync_from_bank()
    quiz = course_assignment_add(course=course_world.course,
                                 assignment=Assignment.objects.get(slug="week4/quiz-08-troubleshooting"))
    variant = bank_assignment(quiz.assignment.slug).variant(
        variant_seed(user_id=course_world.alice.pk, assignment_slug=quiz.assignment.slug))
    client.force_login(course_world.alice)
    html = client.get(reverse("courses:assignment", args=[quiz.pk])).content.decode()
    values = html.split('id="variant">', 1)[1].split("</table>", 1)[0]
    assert variant["web_svc"] in values and variant["api_svc"] in values
    assert variant["typo"] not in html and "typo" not in values and "{" not in values


def test_the_admin_form_gives_a_new_quiz_the_quiz_policy_unless_staff_chose_one(course_world):
    from kubegrade.courses.admin import CourseAssignmentForm

    quiz_assignment = AssignmentFactory(kind="quiz")
    data = {"course": course_world.course.pk, "assignment": quiz_assignment.pk, "due_at": "2030-01-01 10:00",
            "late_penalty_percent_per_day": 10, "late_days_max": 3, "score_policy": "best", "published": "on",
            "max_attempts": "", "answers_shown": "after_each_attempt"}
    untouched = CourseAssignmentForm(data=data, initial={"answers_shown": "after_each_attempt"})
    assert untouched.is_valid(), untouched.errors
    assert (untouched.instance.max_attempts, untouched.instance.answers_shown) == (3, "after_due_date")
    chosen = CourseAssignmentForm(data={**data, "max_attempts": "5", "answers_shown": "never"})
    assert chosen.is_valid(), chosen.errors
    assert (chosen.instance.max_attempts, chosen.instance.answers_shown) == (5, "never")
