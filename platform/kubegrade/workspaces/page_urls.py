"""The workspace pages (the HTTP API lives in kubegrade.api) and the workspace's cluster API endpoint."""

from django.urls import path

from kubegrade.workspaces import cluster_api_views, pages

app_name = "workspaces"
urlpatterns = [
    path("assignments/<int:course_assignment_id>/workspace/", pages.workspace_own, name="own"),
    path("workspaces/<int:workspace_id>/", pages.workspace_staff, name="staff"),
    path("assignments/<int:course_assignment_id>/workspace/kubeconfig/", cluster_api_views.kubeconfig_download,
         name="kubeconfig"),
    path("assignments/<int:course_assignment_id>/workspace/kubeconfig/revoke/", cluster_api_views.kubeconfig_revoke,
         name="kubeconfig-revoke"),
    # the workspace's cluster API, for the student's own kubectl (workspaces.cluster_api)
    path("k8s/<int:workspace_id>/", cluster_api_views.endpoint, name="cluster-api-root"),
    path("k8s/<int:workspace_id>/<path:rest>", cluster_api_views.endpoint, name="cluster-api"),
]
