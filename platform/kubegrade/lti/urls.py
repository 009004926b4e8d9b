from django.urls import path

from kubegrade.lti import views

app_name = "lti"
urlpatterns = [
    path("lti/login/", views.oidc_login, name="login"),
    path("lti/login/<uuid:registration_uuid>/", views.oidc_login, name="login-registration"),
    path("lti/launch/", views.LaunchView.as_view(), name="launch"),
    path("lti/jwks/", views.jwks, name="jwks"),
    path("lti/link-course/", views.link_course, name="link-course"),
    path("lti/courses/<int:course_id>/deep-link/", views.deep_link_pick, name="deep-link"),
    path("lti/courses/<int:course_id>/roster/sync/", views.roster_sync_now, name="roster-sync"),
    path("lti/assignments/<int:course_assignment_id>/passback/", views.passback_status, name="passback"),
    path("lti/assignments/<int:course_assignment_id>/passback/send/", views.passback_resend, name="passback-resend"),
]
