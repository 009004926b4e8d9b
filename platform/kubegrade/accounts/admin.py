from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from kubegrade.accounts.models import User


@admin.register(User)
class KubeGradeUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (("KubeGrade", {"fields": ("language", "can_create_courses")}),)
    list_display = ("username", "email", "first_name", "last_name", "language", "is_staff")
