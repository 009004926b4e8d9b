"""Course staff pages: create a course, place bank assignments in it and set their
policies, enrol people (one by one or from a CSV), grant extensions to several students
at once or from a CSV, and see who has not submitted.

Who may do what: creating a course needs `User.can_create_courses` (set by an
operator); changing a course (assignments, policies, roster) is for its instructors;
its TAs see these pages, the missing-work list, and grant extensions. Outsiders get 404,
students 403. A form with errors comes back with what was typed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kubegrade.accounts.invitations import invitations_pending, invitations_send
from kubegrade.courses.access import Action, allowed, require, require_course_creator, require_instructor, require_staff
from kubegrade.courses.course_time_zone import in_course_time_zone
from kubegrade.courses.models import Assignment, CourseAssignment, Enrollment, Role
from kubegrade.courses.services import course_assignment_add
from kubegrade.courses.staff_forms import (
    AssignmentAddForm,
    BulkExtensionForm,
    CourseAssignmentPolicyForm,
    CourseCreateForm,
    CourseSettingsForm,
    CsvUploadForm,
    EnrolOneForm,
)
from kubegrade.courses.staff_selectors import bank_assignments_not_in_course, course_roster_page, missing_submissions
from kubegrade.courses.staff_services import (
    course_assignment_configure,
    course_create,
    enrollment_add,
    enrollments_import_csv,
    extensions_grant_many,
    extensions_import_csv,
)
from kubegrade.courses.staff_timeline import student_timeline
from kubegrade.errors import InvalidSubmission, NotFound
from kubegrade.page_errors import domain_errors_as_http


def _add_service_error(form, exc: InvalidSubmission) -> None:
    field = exc.extra.get("field")
    form.add_error(field if field in form.fields else None, exc.detail)


@login_required
@domain_errors_as_http
def course_new(request):
    require_course_creator(user=request.user)
    form = CourseCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            course = course_create(by=request.user, **form.cleaned_data)
            messages.success(request, _("Course %(code)s created.") % {"code": course.code})
            return redirect("courses:manage", course_id=course.pk)
        except InvalidSubmission as exc:
            _add_service_error(form, exc)
    return render(request, "courses/staff/new.html", {"form": form}, status=400 if form.errors else 200)


def _manage_page(request, enrollment, *, forms_with_errors: dict | None = None, report=None, status: int = 200):
    course = enrollment.course
    forms = {
        "add_form": AssignmentAddForm(available=bank_assignments_not_in_course(course=course)),
        "enrol_form": EnrolOneForm(), "enrol_csv_form": CsvUploadForm(prefix="enrol"),
        "extension_csv_form": CsvUploadForm(prefix="ext"), **(forms_with_errors or {}),
    }
    return render(request, "courses/staff/manage.html", {
        "course": course, "enrollment": enrollment, "is_instructor": allowed(enrollment, Action.MANAGE_COURSE),
        "settings_form": CourseSettingsForm(instance=course),
        "course_assignments": CourseAssignment.objects.filter(course=course).select_related("assignment")
        .order_by("assignment__week", "due_at", "assignment__slug"),
        "roster": course_roster_page(course=course, search=request.GET.get("q", "")[:100],
                                     page=request.GET.get("page", 1)),
        "roster_search": request.GET.get("q", "")[:100], "report": report,
        "uninvited": len(invitations_pending(course=course)), **forms,
    }, status=status)


@login_required
@domain_errors_as_http
@in_course_time_zone
def course_manage(request, course_id: int):
    return _manage_page(request, require_staff(user=request.user, course_id=course_id))


@login_required
@require_POST
@domain_errors_as_http
@in_course_time_zone
def assignment_add(request, course_id: int):
    enrollment = require_instructor(user=request.user, course_id=course_id)
    form = AssignmentAddForm(request.POST, available=bank_assignments_not_in_course(course=enrollment.course))
    if not form.is_valid():
        return _manage_page(request, enrollment, forms_with_errors={"add_form": form}, status=400)
    # A draft: students see it once staff have checked its due date and policy and published it.
    ca = course_assignment_add(course=enrollment.course, assignment=Assignment.objects.get(
        pk=form.cleaned_data["assignment"]), published=False)
    messages.success(request, _("%(slug)s added as a draft, hidden from students: check its due date and policy, "
                                "then tick Published.") % {"slug": ca.assignment.slug})
    return redirect("courses:policy", course_assignment_id=ca.pk)


@login_required
@domain_errors_as_http
@in_course_time_zone
def assignment_policy(request, course_assignment_id: int):
    ca = CourseAssignment.objects.select_related("course", "assignment").filter(pk=course_assignment_id).first()
    if ca is None:
        raise NotFound("No such assignment.")
    require_instructor(user=request.user, course_id=ca.course_id)
    form = CourseAssignmentPolicyForm(request.POST or None, instance=ca)
    if request.method == "POST" and form.is_valid():
        course_assignment_configure(course_assignment=ca, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("courses:manage", course_id=ca.course_id)
    return render(request, "courses/staff/policy.html", {"ca": ca, "course": ca.course, "form": form},
                  status=400 if form.errors else 200)


@login_required
@require_POST
@domain_errors_as_http
@in_course_time_zone
def enrol_one(request, course_id: int):
    enrollment = require_instructor(user=request.user, course_id=course_id)
    form = EnrolOneForm(request.POST)
    if form.is_valid():
        try:
            added = enrollment_add(course=enrollment.course, **form.cleaned_data)
            messages.success(request, _("%(user)s enrolled as %(role)s.") % {
                "user": added.user.username, "role": added.get_role_display()})
            return redirect("courses:manage", course_id=course_id)
        except InvalidSubmission as exc:
            _add_service_error(form, exc)
    return _manage_page(request, enrollment, forms_with_errors={"enrol_form": form}, status=400)


@login_required
@require_POST
@domain_errors_as_http
@in_course_time_zone
def enrol_csv(request, course_id: int):
    enrollment = require_instructor(user=request.user, course_id=course_id)
    return _csv_import(request, enrollment, "enrol", lambda text: enrollments_import_csv(
        course=enrollment.course, text=text))


@login_required
@require_POST
@domain_errors_as_http
@in_course_time_zone
def extensions_csv(request, course_id: int):
    enrollment = require(user=request.user, course_id=course_id, action=Action.GRANT_EXTENSION)
    return _csv_import(request, enrollment, "ext", lambda text: extensions_import_csv(
        course=enrollment.course, text=text, by=request.user))


def _csv_import(request, enrollment, prefix: str, run):
    form = CsvUploadForm(request.POST, request.FILES, prefix=prefix)
    if not form.is_valid():
        return _manage_page(request, enrollment, forms_with_errors={f"{_form_key(prefix)}": form}, status=400)
    try:
        text = form.cleaned_data["file"].read().decode("utf-8")
    except UnicodeDecodeError:
        form.add_error("file", _("The file is not UTF-8 text."))
        return _manage_page(request, enrollment, forms_with_errors={_form_key(prefix): form}, status=400)
    report = run(text)
    if not report.ok:
        return _manage_page(request, enrollment, report=report, status=400)
    messages.success(request, _("Imported: %(created)d new, %(updated)d updated.") % {
        "created": report.created, "updated": report.updated})
    if prefix == "enrol" and invitations_pending(course=enrollment.course):
        messages.info(request, _("People without a password cannot sign in yet: send them an invitation "
                                 "(People, below)."))
    return redirect("courses:manage", course_id=enrollment.course_id)


def _form_key(prefix: str) -> str:
    return "enrol_csv_form" if prefix == "enrol" else "extension_csv_form"


@login_required
@domain_errors_as_http
@in_course_time_zone
def extensions_bulk(request, course_assignment_id: int):
    ca = CourseAssignment.objects.select_related("course", "assignment").filter(pk=course_assignment_id).first()
    if ca is None:
        raise NotFound("No such assignment.")
    require(user=request.user, course_id=ca.course_id, action=Action.GRANT_EXTENSION)
    students = [e.user for e in Enrollment.objects.filter(course=ca.course, role=Role.STUDENT)
                .select_related("user").order_by("user__username")]
    form = BulkExtensionForm(request.POST or None, students=students)
    if request.method == "POST" and form.is_valid():
        try:
            granted = extensions_grant_many(course_assignment=ca, student_ids=[int(s) for s in form.cleaned_data[
                "students"]], due_at=form.cleaned_data["due_at"], reason=form.cleaned_data["reason"], by=request.user)
            messages.success(request, _("Extension granted to %(n)d students.") % {"n": len(granted)})
            return redirect("gradebook:extensions", course_assignment_id=ca.pk)
        except InvalidSubmission as exc:
            _add_service_error(form, exc)
    return render(request, "courses/staff/extensions_bulk.html", {"ca": ca, "course": ca.course, "form": form},
                  status=400 if form.errors else 200)


@login_required
@domain_errors_as_http
@in_course_time_zone
def course_missing(request, course_id: int):
    enrollment = require_staff(user=request.user, course_id=course_id)
    return render(request, "courses/staff/missing.html", {
        "course": enrollment.course, "missing": missing_submissions(course=enrollment.course)})


@login_required
@require_POST
@domain_errors_as_http
@in_course_time_zone
def invitations_send_view(request, course_id: int):
    """Emails a set-password link to every active member without a password (after a CSV import)."""
    enrollment = require_instructor(user=request.user, course_id=course_id)
    report = invitations_send(course=enrollment.course, by=request.user, base_url=request.build_absolute_uri("/"))
    messages.success(request, _("Invitations sent: %(n)d.") % {"n": len(report.sent)})
    if report.without_email:
        messages.warning(request, _("No email, so no invitation: %(names)s. Add their email with a CSV upload.")
                         % {"names": ", ".join(report.without_email)})
    return redirect("courses:manage", course_id=course_id)


@login_required
@domain_errors_as_http
@in_course_time_zone
def student_timeline_page(request, course_id: int, student_id: int):
    """What happened to one student's grades, newest first, for the course's staff."""
    enrollment = require_staff(user=request.user, course_id=course_id)
    member = Enrollment.objects.filter(course_id=course_id, user_id=student_id, role=Role.STUDENT).select_related(
        "user").first()
    if member is None:
        raise NotFound("No such student in this course.")
    return render(request, "courses/staff/timeline.html", {
        "course": enrollment.course, "student": member.user, "member": member,
        "entries": student_timeline(course=enrollment.course, student_id=student_id)})


@login_required
@require_POST
@domain_errors_as_http
def course_settings(request, course_id: int):
    """The course's own settings: its time zone and whether its TAs may override grades."""
    enrollment = require_instructor(user=request.user, course_id=course_id)
    form = CourseSettingsForm(request.POST, instance=enrollment.course)
    if not form.is_valid():
        return _manage_page(request, enrollment, forms_with_errors={"settings_form": form}, status=400)
    form.save()
    messages.success(request, _("Saved."))
    return redirect("courses:manage", course_id=course_id)
