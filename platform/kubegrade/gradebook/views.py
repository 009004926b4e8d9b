"""Instructor and TA pages: gradebook, CSV, a student's work, overrides, extensions,
and regrade-all with progress. Each view checks the staff role, then calls a selector
or a service."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kubegrade.courses.access import Action, allowed, enrollment_get, require, require_staff
from kubegrade.courses.course_time_zone import in_course_time_zone
from kubegrade.courses.models import CourseAssignment, Enrollment, Extension, Role
from kubegrade.courses.services import extension_grant
from kubegrade.errors import InvalidSubmission, NotFound
from kubegrade.gradebook.analytics import course_analytics
from kubegrade.gradebook.analytics_plots import attempts_svg, share_bars_svg
from kubegrade.gradebook.export import gradebook_csv_text, gradebook_detail_csv_text
from kubegrade.gradebook.forms import ExtensionForm, OverrideForm
from kubegrade.gradebook.plots import histogram_svg
from kubegrade.gradebook.selectors import gradebook_build
from kubegrade.gradebook.similarity import similarity_build
from kubegrade.gradebook.table import SHOW_CHOICES, TableQuery, table_rows
from kubegrade.gradebook.table_html import IdUrl, table_html_rows
from kubegrade.grading.models import GradeOverride, RegradeBatch
from kubegrade.grading.overrides import grade_override_create, grade_override_remove
from kubegrade.grading.regrade import regrade_progress, regrade_start
from kubegrade.page_errors import domain_errors_as_http
from kubegrade.submissions.models import Submission
from kubegrade.workspaces.models import Workspace


def _staff_ca(request, course_assignment_id: int, action: Action | None = None) -> CourseAssignment:
    """The course assignment of the URL, for staff allowed `action` (seeing, when None)."""
    ca = CourseAssignment.objects.select_related("course", "assignment__current_version").filter(
        pk=course_assignment_id
    ).first()
    if ca is None:
        raise NotFound("No such assignment.")
    require(user=request.user, course_id=ca.course_id, action=action or Action.VIEW_STAFF_PAGES)
    return ca


def _course_student(course_id: int, student_id: int):
    enrollment = Enrollment.objects.filter(course_id=course_id, user_id=student_id, role=Role.STUDENT).first()
    if enrollment is None:
        raise NotFound("No such student in this course.")
    return enrollment.user


@login_required
@domain_errors_as_http
@in_course_time_zone
def gradebook_page(request, course_id: int):
    enrollment = require_staff(user=request.user, course_id=course_id)
    book = gradebook_build(course=enrollment.course)
    scores = [book.column_scores(i) for i in range(len(book.columns))]
    plots = [
        (ca, mark_safe(histogram_svg(s, label=ca.assignment.slug)), len(s)) for ca, s in zip(book.columns, scores)
    ]
    query = TableQuery.from_params(request.GET, [ca.pk for ca in book.columns])
    return render(request, "gradebook/gradebook.html", {
        "course": enrollment.course, "book": book, "plots": plots, "query": query,
        "table": table_html_rows(table_rows(book, query)), "show_choices": SHOW_CHOICES,
        "student_url": IdUrl("gradebook:student", course_id), "max_total": floatformat(book.max_total, "-2"),
    })


@login_required
@domain_errors_as_http
@in_course_time_zone
def gradebook_csv(request, course_id: int):
    enrollment = require_staff(user=request.user, course_id=course_id)
    response = HttpResponse(gradebook_csv_text(gradebook_build(course=enrollment.course)), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{enrollment.course.code}-gradebook.csv"'
    return response


@login_required
@domain_errors_as_http
@in_course_time_zone
def gradebook_detail_csv(request, course_id: int):
    enrollment = require_staff(user=request.user, course_id=course_id)
    text = gradebook_detail_csv_text(gradebook_build(course=enrollment.course))
    response = HttpResponse(text, content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{enrollment.course.code}-gradebook-detail.csv"'
    return response


@login_required
@domain_errors_as_http
@in_course_time_zone
def student_work(request, course_id: int, student_id: int):
    enrollment = require_staff(user=request.user, course_id=course_id)
    student = _course_student(course_id, student_id)
    return _student_page(request, enrollment, student, OverrideForm(columns=_columns(course_id)))


def _columns(course_id: int):
    return CourseAssignment.objects.filter(course_id=course_id).select_related("assignment")


def _student_page(request, enrollment, student, form: OverrideForm, *, status: int = 200):
    course = enrollment.course
    submissions = Submission.objects.filter(student=student, course_assignment__course=course).select_related(
        "course_assignment__assignment"
    )
    overrides = GradeOverride.objects.filter(student=student, course_assignment__course=course).select_related(
        "course_assignment__assignment", "created_by", "removed_by"
    )
    workspaces = Workspace.objects.filter(owner=student, course_assignment__course=course).select_related(
        "course_assignment__assignment"
    )
    return render(request, "gradebook/student.html", {
        "course": course, "student": student, "submissions": submissions, "overrides": overrides, "form": form,
        "workspaces": workspaces, "can_override": allowed(enrollment, Action.OVERRIDE_GRADE),
    }, status=status)


@login_required
@require_POST
@domain_errors_as_http
@in_course_time_zone
def override_create(request, course_id: int, student_id: int):
    enrollment = require(user=request.user, course_id=course_id, action=Action.OVERRIDE_GRADE)
    student = _course_student(course_id, student_id)
    columns = _columns(course_id)
    form = OverrideForm(request.POST, columns=columns)
    if form.is_valid():
        try:
            grade_override_create(course_assignment=columns.get(pk=form.cleaned_data["course_assignment"]),
                                  student=student, by=request.user,
                                  score=form.cleaned_data["score"], reason=form.cleaned_data["reason"],
                                  reason_shown=form.cleaned_data["reason_shown"])
            messages.success(request, _("Override saved."))
            return redirect("gradebook:student", course_id=course_id, student_id=student.pk)
        except InvalidSubmission as exc:
            field = exc.extra.get("field")
            form.add_error(field if field in form.fields else None, exc.detail)
    # What was typed comes back with the errors beside it, never an empty form.
    return _student_page(request, enrollment, student, form, status=400)


@login_required
@require_POST
@domain_errors_as_http
@in_course_time_zone
def override_remove(request, course_id: int, student_id: int, override_id: int):
    require(user=request.user, course_id=course_id, action=Action.OVERRIDE_GRADE)
    student = _course_student(course_id, student_id)
    removed = grade_override_remove(override_id=override_id, course_id=course_id, student_id=student.pk,
                                    by=request.user)
    messages.success(request, _("Override removed: %(slug)s counts its computed score again.")
                     % {"slug": removed.course_assignment.assignment.slug})
    return redirect("gradebook:student", course_id=course_id, student_id=student.pk)


@login_required
@domain_errors_as_http
@in_course_time_zone
def extensions_page(request, course_assignment_id: int):
    ca = _staff_ca(request, course_assignment_id, Action.GRANT_EXTENSION if request.method == "POST" else None)
    students = [e.user for e in Enrollment.objects.filter(course=ca.course, role=Role.STUDENT).select_related("user")]
    form = ExtensionForm(request.POST or None, students=students)
    if request.method == "POST" and form.is_valid():
        student = get_object_or_404(get_user_model(), pk=form.cleaned_data["student"])
        extension_grant(course_assignment=ca, student=student, due_at=form.cleaned_data["due_at"],
                        granted_by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Extension granted to %(user)s.") % {"user": student.username})
        return redirect("gradebook:extensions", course_assignment_id=ca.pk)
    extensions = Extension.objects.filter(course_assignment=ca).select_related("student", "granted_by")
    return render(request, "gradebook/extensions.html", {"ca": ca, "course": ca.course, "form": form,
                                                         "extensions": extensions})


@login_required
@domain_errors_as_http
@in_course_time_zone
def regrade_page(request, course_assignment_id: int):
    ca = _staff_ca(request, course_assignment_id, Action.REGRADE_ALL if request.method == "POST" else None)
    if request.method == "POST":
        batch = regrade_start(course_assignment=ca, by=request.user)
        messages.success(request, _("Regrading %(n)d submissions.") % {"n": batch.total})
        return redirect("gradebook:regrade", course_assignment_id=ca.pk)
    batches = [(b, regrade_progress(batch=b)) for b in RegradeBatch.objects.filter(course_assignment=ca)[:10]]
    can_regrade = allowed(enrollment_get(user=request.user, course_id=ca.course_id), Action.REGRADE_ALL)
    return render(request, "gradebook/regrade.html", {"ca": ca, "course": ca.course, "batches": batches,
                                                      "can_regrade": can_regrade})


@login_required
@domain_errors_as_http
@in_course_time_zone
def similarity_page(request, course_assignment_id: int):
    ca = _staff_ca(request, course_assignment_id)
    view = similarity_build(course_assignment=ca)
    return render(request, "gradebook/similarity.html", {"ca": ca, "course": ca.course, "view": view})


@login_required
@domain_errors_as_http
def regrade_progress_json(request, batch_id: int):
    batch = get_object_or_404(RegradeBatch.objects.select_related("course_assignment"), pk=batch_id)
    require_staff(user=request.user, course_id=batch.course_assignment.course_id)
    return JsonResponse(regrade_progress(batch=batch).as_dict())


@login_required
@domain_errors_as_http
@in_course_time_zone
def analytics_page(request, course_id: int):
    enrollment = require_staff(user=request.user, course_id=course_id)
    entries = []
    for a in course_analytics(course=enrollment.course):
        bars = [(c.name, c.share, f"{c.share:.0%} ({c.failing}/{c.students})") for c in a.checks]
        entries.append((a, mark_safe(share_bars_svg(bars, label=a.course_assignment.assignment.slug)),
                        mark_safe(attempts_svg(a.attempts_to_full_marks, a.median_attempts_to_full_marks,
                                               label=a.course_assignment.assignment.slug))))
    return render(request, "gradebook/analytics.html", {"course": enrollment.course, "entries": entries})
