from django.urls import path

from kubegrade.gradebook import views

app_name = "gradebook"
urlpatterns = [
    path("courses/<int:course_id>/gradebook/", views.gradebook_page, name="gradebook"),
    path("courses/<int:course_id>/gradebook.csv", views.gradebook_csv, name="csv"),
    path("courses/<int:course_id>/gradebook-detail.csv", views.gradebook_detail_csv, name="detail-csv"),
    path("courses/<int:course_id>/analytics/", views.analytics_page, name="analytics"),
    path("courses/<int:course_id>/students/<int:student_id>/", views.student_work, name="student"),
    path("courses/<int:course_id>/students/<int:student_id>/override/", views.override_create, name="override"),
    path("courses/<int:course_id>/students/<int:student_id>/overrides/<int:override_id>/remove/",
         views.override_remove, name="override-remove"),
    path("assignments/<int:course_assignment_id>/extensions/", views.extensions_page, name="extensions"),
    path("assignments/<int:course_assignment_id>/regrade/", views.regrade_page, name="regrade"),
    path("assignments/<int:course_assignment_id>/similar/", views.similarity_page, name="similarity"),
    path("regrades/<int:batch_id>/progress.json", views.regrade_progress_json, name="regrade-progress"),
]
