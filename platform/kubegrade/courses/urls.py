from django.urls import path

from kubegrade.courses import staff_views, views

app_name = "courses"
urlpatterns = [
    path("courses/", views.course_list, name="list"),
    path("courses/<int:course_id>/", views.course_detail, name="detail"),
    path("assignments/<int:course_assignment_id>/", views.assignment_detail, name="assignment"),
    path("courses/new/", staff_views.course_new, name="new"),
    path("courses/<int:course_id>/manage/", staff_views.course_manage, name="manage"),
    path("courses/<int:course_id>/manage/settings/", staff_views.course_settings, name="settings"),
    path("courses/<int:course_id>/manage/assignments/", staff_views.assignment_add, name="assignment-add"),
    path("courses/<int:course_id>/manage/enrol/", staff_views.enrol_one, name="enrol"),
    path("courses/<int:course_id>/manage/enrol.csv", staff_views.enrol_csv, name="enrol-csv"),
    path("courses/<int:course_id>/manage/extensions.csv", staff_views.extensions_csv, name="extensions-csv"),
    path("courses/<int:course_id>/missing/", staff_views.course_missing, name="missing"),
    path("courses/<int:course_id>/manage/invitations/", staff_views.invitations_send_view, name="invitations"),
    path("courses/<int:course_id>/people/<int:student_id>/timeline/", staff_views.student_timeline_page,
         name="timeline"),
    path("assignments/<int:course_assignment_id>/policy/", staff_views.assignment_policy, name="policy"),
    path("assignments/<int:course_assignment_id>/extensions/bulk/", staff_views.extensions_bulk,
         name="extensions-bulk"),
]
