"""Instructor and TA pages: gradebook, CSV, a student's work, overrides, extensions,
and regrade-all with progress. Each view checks the staff role, then calls a selector
or a service."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kubegrade.courses.access import require_staff
from kubegrade.courses.models import CourseAssignment, Enrollment, Extension, Role
from kubegrade.courses.services import extension_grant
from kubegrade.errors import InvalidSubmission, NotFound
from kubegrade.gradebook.export import gradebook_csv_text
from kubegrade.gradebook.forms import ExtensionForm, OverrideForm
from kubegrade.gradebook.plots import histogram_svg
from kubegrade.gradebook.selectors import gradebook_build
from kubegrade.gradebook.similarity import similarity_build
from kubegrade.grading.models import GradeOverride, RegradeBatch
from kubegrade.grading.overrides import grade_override_create
from kubegrade.grading.regrade import regrade_progress, regrade_start
from kubegrade.page_errors import domain_errors_as_http
from kubegrade.submissions.models import Submission


def _staff_ca(request, course_assignment_id: int) -> CourseAssignment:
    ca = CourseAssignment.objects.select_related("course", "assignment__current_version").filter(
        pk=course_assignment_id
    ).first()
    if ca is None:
        raise NotFound("No such assignment.")
    require_staff(user=request.user, course_id=ca.course_id)
    return ca


def _course_student(course_id: int, student_id: int):
    enrollment = Enrollment.objects.filter(course_id=course_id, user_id=student_id, role=Role.STUDENT).first()
    if enrollment is None:
        raise NotFound("No such student in this course.")
    return enrollment.user


@login_required
@domain_errors_as_http
def gradebook_page(request, course_id: int):
    enrollment = require_staff(user=request.user, course_id=course_id)
    book = gradebook_build(course=enrollment.course)
    scores = [book.column_scores(i) for i in range(len(book.columns))]
    plots = [
        (ca, mark_safe(histogram_svg(s, label=ca.assignment.slug)), len(s)) for ca, s in zip(book.columns, scores)
    ]
    return render(request, "gradebook/gradebook.html", {"course": enrollment.course, "book": book, "plots": plots})


@login_required
@domain_errors_as_http
def gradebook_csv(request, course_id: int):
    enrollment = require_staff(user=request.user, course_id=course_id)
    response = HttpResponse(gradebook_csv_text(gradebook_build(course=enrollment.course)), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{enrollment.course.code}-gradebook.csv"'
    return response


@login_required
@domain_errors_as_http
def student_work(request, course_id: int, student_id: int):
    enrollment = require_staff(user=request.user, course_id=course_id)
    student = _course_student(course_id, student_id)
    submissions = Submission.objects.filter(student=student, course_assignment__course_id=course_id).select_related(
        "course_assignment__assignment"
    )
    overrides = GradeOverride.objects.filter(student=student, course_assignment__course_id=course_id).select_related(
        "course_assignment__assignment", "created_by"
    )
    columns = CourseAssignment.objects.filter(course_id=course_id).select_related("assignment")
    return render(request, "gradebook/student.html", {
        "course": enrollment.course, "student": student, "submissions": submissions,
        "overrides": overrides, "form": OverrideForm(columns=columns),
    })


@login_required
@require_POST
@domain_errors_as_http
def override_create(request, course_id: int, student_id: int):
    require_staff(user=request.user, course_id=course_id)
    student = _course_student(course_id, student_id)
    columns = CourseAssignment.objects.filter(course_id=course_id).select_related("assignment")
    form = OverrideForm(request.POST, columns=columns)
    if form.is_valid():
        ca = columns.get(pk=form.cleaned_data["course_assignment"])
        try:
            grade_override_create(course_assignment=ca, student=student, by=request.user,
                                  score=form.cleaned_data["score"], reason=form.cleaned_data["reason"])
            messages.success(request, _("Override saved."))
        except InvalidSubmission as exc:
            messages.error(request, exc.detail)
    else:
        messages.error(request, _("Enter a score and a reason."))
    return redirect("gradebook:student", course_id=course_id, student_id=student.pk)


@login_required
@domain_errors_as_http
def extensions_page(request, course_assignment_id: int):
    ca = _staff_ca(request, course_assignment_id)
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
def regrade_page(request, course_assignment_id: int):
    ca = _staff_ca(request, course_assignment_id)
    if request.method == "POST":
        batch = regrade_start(course_assignment=ca, by=request.user)
        messages.success(request, _("Regrading %(n)d submissions.") % {"n": batch.total})
        return redirect("gradebook:regrade", course_assignment_id=ca.pk)
    batches = [(b, regrade_progress(batch=b)) for b in RegradeBatch.objects.filter(course_assignment=ca)[:10]]
    return render(request, "gradebook/regrade.html", {"ca": ca, "course": ca.course, "batches": batches})


@login_required
@domain_errors_as_http
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
