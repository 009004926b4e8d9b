from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from kubegrade.accounts.login_views import ThrottledTokenView, TokenLogoutView
from kubegrade.api import similarity_views, views
from kubegrade.api import workspace_views as wv

app_name = "api"
v1 = [
    path("auth/token/", ThrottledTokenView.as_view(), name="token"),
    path("auth/logout/", TokenLogoutView.as_view(), name="token-logout"),
    path("courses/", views.CourseListView.as_view(), name="courses"),
    path("courses/<int:course_id>/assignments/", views.CourseAssignmentListView.as_view(), name="course-assignments"),
    path("courses/<int:course_id>/gradebook/", views.GradebookView.as_view(), name="gradebook"),
    path("assignments/<int:course_assignment_id>/", views.CourseAssignmentDetailView.as_view(), name="assignment"),
    path("assignments/<int:course_assignment_id>/submissions/", views.SubmissionListCreateView.as_view(),
         name="submissions"),
    path("assignments/<int:course_assignment_id>/similarity/", similarity_views.SimilarityView.as_view(),
         name="similarity"),
    path("submissions/<int:submission_id>/", views.SubmissionDetailView.as_view(), name="submission"),
    path("assignments/<int:course_assignment_id>/workspace/", wv.WorkspaceOpenView.as_view(), name="workspace-open"),
    path("workspaces/<int:workspace_id>/", wv.WorkspaceDetailView.as_view(), name="workspace"),
    path("workspaces/<int:workspace_id>/history/", wv.WorkspaceHistoryView.as_view(), name="workspace-history"),
    path("workspaces/<int:workspace_id>/commands/", wv.WorkspaceCommandView.as_view(), name="workspace-commands"),
    path("workspaces/<int:workspace_id>/follow/", wv.WorkspaceFollowView.as_view(), name="workspace-follow"),
    path("workspaces/<int:workspace_id>/interrupt/", wv.WorkspaceInterruptView.as_view(),
         name="workspace-interrupt"),
    path("workspaces/<int:workspace_id>/edit/", wv.WorkspaceEditView.as_view(), name="workspace-edit"),
    path("workspaces/<int:workspace_id>/complete/", wv.WorkspaceCompleteView.as_view(), name="workspace-complete"),
    path("workspaces/<int:workspace_id>/files/<str:name>", wv.WorkspaceFileView.as_view(), name="workspace-file"),
    path("workspaces/<int:workspace_id>/reset/", wv.WorkspaceResetView.as_view(), name="workspace-reset"),
    path("workspaces/<int:workspace_id>/submit/", wv.WorkspaceSubmitView.as_view(), name="workspace-submit"),
    path("workspaces/<int:workspace_id>/drift/", wv.WorkspaceDriftView.as_view(), name="workspace-drift"),
]
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script under the CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("v1/", include(v1)),
]
