from django.urls import path

from kubegrade.courses import views

app_name = "courses"
urlpatterns = [
    path("courses/", views.course_list, name="list"),
    path("courses/<int:course_id>/", views.course_detail, name="detail"),
    path("assignments/<int:course_assignment_id>/", views.assignment_detail, name="assignment"),
]
