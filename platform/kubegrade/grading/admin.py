from django.contrib import admin

from kubegrade.grading.models import Grade, GradeOverride, RegradeBatch, RegradeItem


@admin.register(Grade)
class GradeAdmin(admin.ModelAdmin):
    list_display = ("id", "submission", "score", "max_score", "gradable", "batch", "engine_version", "graded_at")
    list_filter = ("gradable", "engine_version")
    readonly_fields = ("graded_at",)
    raw_id_fields = ("submission", "batch")


@admin.register(GradeOverride)
class GradeOverrideAdmin(admin.ModelAdmin):
    list_display = ("student", "course_assignment", "score", "reason", "created_by", "created_at")
    search_fields = ("student__username", "reason")


class RegradeItemInline(admin.TabularInline):
    model = RegradeItem
    extra = 0
    raw_id_fields = ("submission",)
    readonly_fields = ("status", "message", "queued_at", "started_at", "finished_at")


@admin.register(RegradeBatch)
class RegradeBatchAdmin(admin.ModelAdmin):
    list_display = ("id", "course_assignment", "total", "created_by", "created_at", "finished_at")
    inlines = [RegradeItemInline]
