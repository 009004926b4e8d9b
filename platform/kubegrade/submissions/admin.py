from django.contrib import admin

from kubegrade.submissions.models import Submission


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ("id", "student", "course_assignment", "attempt", "status", "score", "max_score", "submitted_at")
    list_filter = ("status", "course_assignment__course", "course_assignment__assignment")
    search_fields = ("student__username",)
    readonly_fields = ("submitted_at", "queued_at", "started_at", "graded_at", "seed", "version")
    date_hierarchy = "submitted_at"
