from django.urls import path

from kubegrade.submissions import views

app_name = "submissions"
urlpatterns = [
    path("assignments/<int:course_assignment_id>/submit/", views.submission_submit, name="submit"),
    path("assignments/<int:course_assignment_id>/variant.zip", views.variant_download, name="variant_download"),
    path("submissions/<int:submission_id>/", views.submission_detail, name="detail"),
    path("submissions/<int:submission_id>/status.json", views.submission_status, name="status"),
]
