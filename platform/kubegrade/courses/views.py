"""Course pages: the list of a user's courses, a course's assignments, and the
assignment page with instructions, variant values, submit form and attempt history."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import translation

from kubegrade.courses.access import course_assignment_for_member, is_staff, require_member
from kubegrade.courses.instructions import render_for_student
from kubegrade.courses.selectors import assignment_standing, assignment_standings, course_assignments_visible
from kubegrade.courses.selectors import effective_due_at
from kubegrade.courses.selectors import enrollments_for_user
from kubegrade.page_errors import domain_errors_as_http
from kubegrade.submissions.feedback_policy import attempts_left
from kubegrade.submissions.forms import typed_back
from kubegrade.submissions.selectors import submissions_of_student
from kubegrade.submissions.variants import variant_seed


@login_required
def course_list(request):
    return render(request, "courses/list.html", {"enrollments": enrollments_for_user(user=request.user)})


@login_required
@domain_errors_as_http
def course_detail(request, course_id: int):
    enrollment = require_member(user=request.user, course_id=course_id)
    context = {"course": enrollment.course, "enrollment": enrollment, "is_staff": is_staff(enrollment)}
    if context["is_staff"]:
        context["course_assignments"] = course_assignments_visible(enrollment=enrollment)
    else:
        context["standings"] = assignment_standings(enrollment=enrollment)
    return render(request, "courses/detail.html", context)


@login_required
@domain_errors_as_http
def assignment_detail(request, course_assignment_id: int):
    ca, enrollment = course_assignment_for_member(user=request.user, course_assignment_id=course_assignment_id)
    return assignment_page(request, ca, enrollment)


def assignment_page(request, ca, enrollment, *, error: str = "", status: int = 200):
    """Renders the assignment page; the submit view reuses it to show an error."""
    assignment = ca.assignment
    seed = variant_seed(user_id=request.user.pk, assignment_slug=assignment.slug)
    version = assignment.current_version
    rendered = render_for_student(
        slug=assignment.slug, content_hash=version.content_hash if version else None,
        language=translation.get_language(), seed=seed, kind=assignment.kind,
    )
    history = list(submissions_of_student(student_id=request.user.pk, course_assignment_id=ca.pk))
    standing = None if is_staff(enrollment) else assignment_standing(
        course_assignment=ca, student_id=request.user.pk)
    declared = (version.submission_limits.get("files") if version else None) or []
    last_files = history[0].files if history else rendered.starter
    typed = typed_back(request) if request.method == "POST" else None
    if typed is not None:  # a refused submission comes back as it was typed, never as the last attempt
        last_files = {**last_files, **typed.files}
    context = {
        "ca": ca, "course": ca.course, "assignment": assignment, "enrollment": enrollment,
        "is_staff": is_staff(enrollment), "rendered": rendered, "seed": seed,
        "history": history, "error": error, "limits": version.submission_limits if version else {},
        "editors": [(name, last_files.get(name, "")) for name in declared],
        "last_commands": typed.commands if typed else (history[0].commands if history else ""),
        "questions": [(q, typed.answers.get(q.id, []) if typed else []) for q in rendered.questions],
        "due_at": effective_due_at(course_assignment=ca, student_id=request.user.pk),
        "standing": standing, "max_points_now": standing.due.factor * assignment.points if standing else None,
        "attempts_left": attempts_left(course_assignment=ca, student_id=request.user.pk),
        "title": assignment.title_for(translation.get_language()),
    }
    return render(request, "courses/assignment.html", context, status=status)
