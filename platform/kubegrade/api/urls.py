from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token

from kubegrade.api import similarity_views, views

app_name = "api"
v1 = [
    path("auth/token/", obtain_auth_token, name="token"),
    path("courses/", views.CourseListView.as_view(), name="courses"),
    path("courses/<int:course_id>/assignments/", views.CourseAssignmentListView.as_view(), name="course-assignments"),
    path("courses/<int:course_id>/gradebook/", views.GradebookView.as_view(), name="gradebook"),
    path("assignments/<int:course_assignment_id>/submissions/", views.SubmissionListCreateView.as_view(),
         name="submissions"),
    path("assignments/<int:course_assignment_id>/similarity/", similarity_views.SimilarityView.as_view(),
         name="similarity"),
    path("submissions/<int:submission_id>/", views.SubmissionDetailView.as_view(), name="submission"),
]
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("v1/", include(v1)),
]
