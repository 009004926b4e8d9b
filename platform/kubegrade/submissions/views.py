"""Submission pages: the submit POST, the result page and the status JSON it waits on
(long polling, `result_wait`)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from kubegrade.courses.access import course_assignment_for_member
from kubegrade.courses.views import assignment_page
from kubegrade.errors import AttemptsExhausted, InvalidSubmission, SubmitThrottled, UploadTooLarge
from kubegrade.grading.regrade import regrade_entries_for_submission
from kubegrade.page_errors import domain_errors_as_http
from kubegrade.submissions.feedback_policy import visible_result
from kubegrade.submissions.result_wait import submission_wait_settled, wait_seconds_allowed
from kubegrade.submissions.forms import answers_from_form, commands_from_form, files_from_form
from kubegrade.courses.models import AssignmentKind
from kubegrade.submissions.selectors import attempt_grade, submission_current_grade, submission_for_viewer, submissions_of_student
from kubegrade.submissions.services import submission_create
from kubegrade.submissions.variant_download import variant_archive


@login_required
@require_POST
@domain_errors_as_http
def submission_submit(request, course_assignment_id: int):
    ca, enrollment = course_assignment_for_member(user=request.user, course_assignment_id=course_assignment_id)
    try:
        submission = submission_create(
            student=request.user, course_assignment=ca, files=files_from_form(request),
            commands=commands_from_form(request), answers=answers_from_form(request),
        )
    except (InvalidSubmission, UploadTooLarge, SubmitThrottled, AttemptsExhausted) as exc:
        response = assignment_page(request, ca, enrollment, error=exc.detail, status=exc.http_status)
        if isinstance(exc, SubmitThrottled):
            response["Retry-After"] = str(exc.retry_after)
        return response
    return redirect("submissions:detail", submission_id=submission.pk)


def answers_by_question(answers: dict, result: dict | None) -> list[tuple[str, str]]:
    """A quiz's answers under their questions' titles (rendered Markdown) once graded; the
    question id until then."""
    titles = {check["id"]: check["title_html"] for check in (result or {}).get("checks", []) if check.get("title_html")}
    # title_html is sanitised by nh3 (feedback_policy); a key without one is the student's own text
    return [(mark_safe(titles[question]) if question in titles else escape(question), value)  # noqa: S308
            for question, value in answers.items()]


@login_required
@domain_errors_as_http
def submission_detail(request, submission_id: int):
    submission = submission_for_viewer(user=request.user, submission_id=submission_id)
    grade = submission_current_grade(submission=submission)
    result = visible_result(grade=grade, submission=submission, viewer=request.user)
    context = {
        "submission": submission, "ca": submission.course_assignment, "result": result,
        "answers": answers_by_question(submission.answers or {}, result),
        "is_owner": submission.student_id == request.user.pk,
        "is_quiz": submission.course_assignment.assignment.kind == AssignmentKind.QUIZ,
        "attempt": None if submission.is_pending else attempt_grade(submission=submission),
        "regrades": regrade_entries_for_submission(submission_id=submission.pk),
        "history": submissions_of_student(
            student_id=submission.student_id, course_assignment_id=submission.course_assignment_id
        ),
    }
    return render(request, "submissions/detail.html", context)


@login_required
@domain_errors_as_http
def submission_status(request, submission_id: int):
    """The status, at once or (with `?wait=N`) as soon as grading ends, within N seconds."""
    submission = submission_for_viewer(user=request.user, submission_id=submission_id)
    submission = submission_wait_settled(submission=submission, seconds=wait_seconds_allowed(request.GET.get("wait")))
    return JsonResponse({
        "id": submission.pk, "status": submission.status, "score": submission.score,
        "max_score": submission.max_score, "pending": submission.is_pending,
    })


@login_required
@domain_errors_as_http
def variant_download(request, course_assignment_id: int):
    """The member's own variant as a zip (starter files, seed, the local check's command)."""
    ca, _enrollment = course_assignment_for_member(user=request.user, course_assignment_id=course_assignment_id)
    name, data = variant_archive(student=request.user, course_assignment=ca)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
