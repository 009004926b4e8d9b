"""Writes for running a course without the Django admin: create it, place bank
assignments in it with their policies, enrol people one by one or from a CSV, and grant
extensions to several students at once or from a CSV.

A CSV import is all or nothing: every row is checked first, and when any row is wrong
nothing is written and each wrong row is reported with its line number.
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from kubegrade.courses.course_time_zone import course_zone
from kubegrade.courses.models import LMS_CODE_PREFIX, Course, CourseAssignment, Enrollment, Extension, Role
from kubegrade.errors import InvalidSubmission
from kubegrade.events import effective_grades_changed

ENROLMENT_COLUMNS = ("username", "email", "first_name", "last_name", "role")
EXTENSION_COLUMNS = ("username", "assignment", "due_at", "reason")
MAX_CSV_BYTES = 1_000_000
POLICY_FIELDS = ("due_at", "late_penalty_percent_per_day", "late_days_max", "score_policy", "published",
                 "max_attempts", "answers_shown")
# The policies that change a student's effective score (sent again to a linked LMS).
SCORE_POLICY_FIELDS = {"due_at", "late_penalty_percent_per_day", "late_days_max", "score_policy"}


@dataclass
class ImportReport:
    """What a CSV import did, or (with `errors`) why it did nothing."""

    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@transaction.atomic
def course_create(*, code: str, title: str, by) -> Course:
    """A new course with `by` as its first instructor. The `lms-` codes are the LMS's."""
    if code.lower().startswith(LMS_CODE_PREFIX):
        raise InvalidSubmission(gettext('Codes starting with "%(prefix)s" are kept for courses made from an LMS.')
                                % {"prefix": LMS_CODE_PREFIX}, field="code")
    if Course.objects.filter(code=code).exists():
        raise InvalidSubmission(gettext('A course with the code "%(code)s" already exists.') % {"code": code}, field="code")
    course = Course.objects.create(code=code, title=title)
    Enrollment.objects.create(course=course, user=by, role=Role.INSTRUCTOR)
    return course


def course_assignment_configure(*, course_assignment: CourseAssignment, **policy: object) -> CourseAssignment:
    """Sets the due date, late policy, counted attempt, attempt limit, answer
    visibility and publication of an assignment in a course."""
    unknown = set(policy) - set(POLICY_FIELDS)
    if unknown:
        raise ValueError(f"not a course assignment policy: {', '.join(sorted(unknown))}")
    for name, value in policy.items():
        setattr(course_assignment, name, value)
    course_assignment.full_clean(exclude=["course", "assignment"])
    course_assignment.save(update_fields=list(policy))
    if SCORE_POLICY_FIELDS & set(policy):
        effective_grades_changed(course_assignment_id=course_assignment.pk)
    return course_assignment


def enrollment_add(*, course: Course, username: str, role: str = Role.STUDENT) -> Enrollment:
    """Enrols an existing user; their role is changed when they are already enrolled."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise InvalidSubmission(gettext('No user "%(username)s". Create it with a CSV upload that gives its email.')
                                % {"username": username},
                                field="username")
    if role not in Role.values:
        raise InvalidSubmission(gettext('Unknown role "%(role)s": use one of %(roles)s.')
                                % {"role": role, "roles": ", ".join(Role.values)}, field="role")
    enrollment, _ = Enrollment.objects.update_or_create(course=course, user=user, defaults={"role": role})
    return enrollment


def _csv_rows(text: str, required: tuple[str, ...]) -> tuple[list[tuple[int, dict]], list[str]]:
    if len(text.encode("utf-8")) > MAX_CSV_BYTES:
        return [], [gettext("The file is larger than %(kb)s kB.") % {"kb": MAX_CSV_BYTES // 1000}]
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in required if c not in header]
    if missing:
        return [], [gettext("Line 1: the header lacks %(missing)s (expected: %(columns)s).")
                    % {"missing": ", ".join(missing), "columns": ", ".join(required)}]
    reader.fieldnames = header
    rows = [(n, {k: (v or "").strip() for k, v in row.items() if k}) for n, row in enumerate(reader, start=2)]
    return [(n, row) for n, row in rows if any(row.values())], []


def enrollments_import_csv(*, course: Course, text: str) -> ImportReport:
    """Columns `username,email,first_name,last_name,role` (role empty: student). A user
    that does not exist yet is created without a password, for the operator's sign-in
    set-up; an enrolled user gets the role of the file."""
    rows, errors = _csv_rows(text, ("username",))
    if errors:
        return ImportReport(errors=errors)
    users = {u.username: u for u in get_user_model().objects.filter(username__in=[r["username"] for _, r in rows])}
    seen: set[str] = set()
    for line, row in rows:
        errors += [_on_line(line, e) for e in _enrolment_row_errors(row, users, seen)]
    if errors:
        return ImportReport(errors=errors)
    report = ImportReport()
    with transaction.atomic():
        enrolled = set(Enrollment.objects.filter(course=course).values_list("user__username", flat=True))
        for _, row in rows:
            user = users.get(row["username"]) or _user_create(row)
            Enrollment.objects.update_or_create(course=course, user=user,
                                                defaults={"role": row.get("role") or Role.STUDENT})
            if row["username"] in enrolled:
                report.updated += 1
            else:
                report.created += 1
    return report


def _enrolment_row_errors(row: dict, users: dict, seen: set[str]) -> list[str]:
    username, role = row.get("username", ""), row.get("role") or Role.STUDENT
    errors = []
    if not username:
        errors.append(gettext("the username is empty."))
    elif username in seen:
        errors.append(gettext('"%(username)s" is listed twice.') % {"username": username})
    seen.add(username)
    if role not in Role.values:
        errors.append(gettext('unknown role "%(role)s" (use %(roles)s).') % {"role": role, "roles": ", ".join(Role.values)})
    if username and username not in users and "@" not in row.get("email", ""):
        errors.append(gettext('no user "%(username)s": give an email to create it.') % {"username": username})
    return errors


def _user_create(row: dict):
    user = get_user_model()(username=row["username"], email=row.get("email", ""),
                            first_name=row.get("first_name", ""), last_name=row.get("last_name", ""))
    user.set_unusable_password()
    user.save()
    return user


@transaction.atomic
def extensions_grant_many(*, course_assignment: CourseAssignment, student_ids: list[int], due_at: dt.datetime,
                          reason: str, by) -> list[Extension]:
    """One extension per student (replacing an earlier one); every id must be a student of the course."""
    students = {e.user_id: e.user for e in Enrollment.objects.filter(
        course_id=course_assignment.course_id, role=Role.STUDENT, user_id__in=student_ids).select_related("user")}
    strangers = sorted(set(student_ids) - set(students))
    if strangers:
        raise InvalidSubmission(gettext("Not students of this course: %(names)s.") % {"names": ", ".join(map(str, strangers))},
                                field="students")
    extensions = [
        Extension.objects.update_or_create(course_assignment=course_assignment, student=students[sid],
                                           defaults={"due_at": due_at, "granted_by": by, "reason": reason})[0]
        for sid in student_ids
    ]
    effective_grades_changed(course_assignment_id=course_assignment.pk, student_ids=list(student_ids))
    return extensions


def extensions_import_csv(*, course: Course, text: str, by) -> ImportReport:
    """Columns `username,assignment,due_at,reason`: assignment is the bank slug
    (week4/01-clusterip), due_at ISO 8601 (`2031-01-02 23:59`, in the course's time zone
    when it has no offset)."""
    rows, errors = _csv_rows(text, EXTENSION_COLUMNS[:3])
    if errors:
        return ImportReport(errors=errors)
    students = dict(Enrollment.objects.filter(course=course, role=Role.STUDENT).values_list("user__username", "user_id"))
    cas = {ca.assignment.slug: ca for ca in CourseAssignment.objects.filter(course=course).select_related("assignment")}
    parsed = []
    for line, row in rows:
        row_errors, due = _extension_row_errors(row, students, cas, course_zone(course))
        errors += [_on_line(line, e) for e in row_errors]
        parsed.append((row, due))
    if errors:
        return ImportReport(errors=errors)
    report = ImportReport()
    with transaction.atomic():
        for row, due in parsed:
            _, created = Extension.objects.update_or_create(
                course_assignment=cas[row["assignment"]], student_id=students[row["username"]],
                defaults={"due_at": due, "granted_by": by, "reason": row.get("reason", "")[:500]})
            report.created += created
            report.updated += not created
        for ca in {cas[row["assignment"]] for row, _ in parsed}:
            effective_grades_changed(course_assignment_id=ca.pk, student_ids=[
                students[row["username"]] for row, _ in parsed if row["assignment"] == ca.assignment.slug])
    return report


def _extension_row_errors(row: dict, students: dict, cas: dict, zone) -> tuple[list[str], dt.datetime | None]:
    errors = []
    if row.get("username") not in students:
        errors.append(gettext('"%(username)s" is not a student of this course.') % {"username": row.get("username", "")})
    if row.get("assignment") not in cas:
        errors.append(gettext('no assignment "%(slug)s" in this course.') % {"slug": row.get("assignment", "")})
    due = _parse_due(row.get("due_at", ""), zone)
    if due is None:
        errors.append(gettext('due_at "%(text)s" is not a date and time like 2031-01-02 23:59.')
                      % {"text": row.get("due_at", "")})
    return errors, due


def _on_line(line: int, error: str) -> str:
    return gettext("Line %(line)s: %(error)s") % {"line": line, "error": error}


def _parse_due(text: str, zone) -> dt.datetime | None:
    """An ISO 8601 time; without an offset, in the course's zone `zone`."""
    try:
        due = dt.datetime.fromisoformat(text.replace("T", " ").replace("Z", "+00:00"))
    except ValueError:
        return None
    return due if timezone.is_aware(due) else timezone.make_aware(due, zone)
