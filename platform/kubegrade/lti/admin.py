"""Admin for our LMS mappings; registrations and deployments use django-lti's admin."""

from django.contrib import admin

from kubegrade.lti.models import CourseContext, LineItem, ScoreSend


@admin.register(CourseContext)
class CourseContextAdmin(admin.ModelAdmin):
    list_display = ("context", "course")


@admin.register(LineItem)
class LineItemAdmin(admin.ModelAdmin):
    list_display = ("course_assignment", "context", "resource_link_id", "url")


@admin.register(ScoreSend)
class ScoreSendAdmin(admin.ModelAdmin):
    list_display = ("student", "line_item", "version", "state", "sent_at", "answer_status")
    list_filter = ("state",)
