from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from kubegrade.accounts.models import ApiToken, User


@admin.register(User)
class KubeGradeUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (("KubeGrade", {"fields": ("language", "can_create_courses")}),)
    list_display = ("username", "email", "first_name", "last_name", "language", "is_staff")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Operators see who holds which token and may revoke one; the key itself is never stored."""

    list_display = ("prefix", "user", "created_at", "expires_at", "revoked_at")
    readonly_fields = ("user", "prefix", "created_at", "expires_at")
    exclude = ("digest",)
    search_fields = ("user__username", "prefix")

    def has_add_permission(self, request):
        return False
