"""The workspace pages (the HTTP API lives in kubegrade.api)."""

from django.urls import path

from kubegrade.workspaces import pages

app_name = "workspaces"
urlpatterns = [
    path("assignments/<int:course_assignment_id>/workspace/", pages.workspace_own, name="own"),
    path("workspaces/<int:workspace_id>/", pages.workspace_staff, name="staff"),
]
