from django.contrib import admin

from kubegrade.courses.models import Assignment, AssignmentVersion, Course, CourseAssignment, Enrollment, Extension


class EnrollmentInline(admin.TabularInline):
    model = Enrollment
    extra = 0
    autocomplete_fields = ["user"]


class CourseAssignmentInline(admin.TabularInline):
    model = CourseAssignment
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "created_at")
    search_fields = ("code", "title")
    inlines = [EnrollmentInline, CourseAssignmentInline]


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ("user", "course", "role", "created_at")
    list_filter = ("role", "course")
    search_fields = ("user__username", "course__code")


class AssignmentVersionInline(admin.TabularInline):
    model = AssignmentVersion
    extra = 0
    readonly_fields = ("content_hash", "points", "spec", "loaded_at")


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
    list_display = ("course", "assignment", "due_at", "score_policy", "late_penalty_percent_per_day", "published")
    list_filter = ("course", "score_policy", "published")


@admin.register(Extension)
class ExtensionAdmin(admin.ModelAdmin):
    list_display = ("student", "course_assignment", "due_at", "granted_by", "created_at")
    search_fields = ("student__username",)
