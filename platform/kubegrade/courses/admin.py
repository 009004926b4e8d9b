from django import forms
from django.contrib import admin

from kubegrade.courses.access import admin_site_open_to
from kubegrade.courses.models import (
    Assignment,
    AssignmentVersion,
    Course,
    CourseAssignment,
    Enrollment,
    Extension,
    policy_for_kind,
)
from kubegrade.courses.staff_services import SCORE_POLICY_FIELDS
from kubegrade.events import effective_grades_changed

POLICY_FIELDS = ("max_attempts", "answers_shown")
admin.site.has_permission = lambda request: admin_site_open_to(request.user)


def _resend_if_scores_changed(course_assignment, changed: list[str]) -> None:
    """A due date or late policy edited here changes effective scores: a linked LMS gets them."""
    if course_assignment.pk and SCORE_POLICY_FIELDS & set(changed):
        effective_grades_changed(course_assignment_id=course_assignment.pk)


class CourseAssignmentForm(forms.ModelForm):
    """On add, the attempt limit and answer reveal the staff member left untouched take
    the assignment kind's defaults (a quiz: 3 attempts, answers after the due date), as
    `course_assignment_add` does."""

    class Meta:
        model = CourseAssignment
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        assignment = cleaned.get("assignment")
        if self.instance.pk is None and assignment is not None:
            by_kind = policy_for_kind(assignment.kind)
            for name in POLICY_FIELDS:
                if name not in self.changed_data:
                    cleaned[name] = getattr(by_kind, name)
        return cleaned


class EnrollmentInline(admin.TabularInline):
    model = Enrollment
    extra = 0
    autocomplete_fields = ["user"]


class CourseAssignmentInline(admin.TabularInline):
    model = CourseAssignment
    form = CourseAssignmentForm
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "created_at")
    search_fields = ("code", "title")
    inlines = [EnrollmentInline, CourseAssignmentInline]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is CourseAssignment:
            for inline_form in formset.forms:
                if inline_form.instance.pk and inline_form.has_changed():
                    _resend_if_scores_changed(inline_form.instance, inline_form.changed_data)


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ("user", "course", "role", "state", "created_at")
    list_filter = ("role", "state", "course")  # state: "left" when the LMS roster no longer lists them
    search_fields = ("user__username", "course__code")


class AssignmentVersionInline(admin.TabularInline):
    model = AssignmentVersion
    extra = 0
    readonly_fields = ("content_hash", "points", "submission_limits", "loaded_at")


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("slug", "week", "kind", "title_en", "points")
    list_filter = ("week", "kind")
    search_fields = ("slug", "title_en", "title_ko")
    inlines = [AssignmentVersionInline]


@admin.register(AssignmentVersion)
class AssignmentVersionAdmin(admin.ModelAdmin):
    list_display = ("assignment", "content_hash", "points", "loaded_at")
    readonly_fields = ("loaded_at",)


@admin.register(CourseAssignment)
class CourseAssignmentAdmin(admin.ModelAdmin):
    form = CourseAssignmentForm
    list_display = ("course", "assignment", "due_at", "score_policy", "max_attempts", "answers_shown",
                    "late_penalty_percent_per_day", "published")
    list_filter = ("course", "score_policy", "answers_shown", "published")
    list_editable = ("max_attempts", "answers_shown")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            _resend_if_scores_changed(obj, form.changed_data)


@admin.register(Extension)
class ExtensionAdmin(admin.ModelAdmin):
    list_display = ("student", "course_assignment", "due_at", "granted_by", "created_at")
    search_fields = ("student__username",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        effective_grades_changed(course_assignment_id=obj.course_assignment_id, student_ids=[obj.student_id])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        effective_grades_changed(course_assignment_id=obj.course_assignment_id, student_ids=[obj.student_id])
