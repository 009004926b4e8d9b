"""URL map: pages at the root, the admin, and the versioned API."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from kubegrade.accounts.invitations import AnyAccountPasswordResetForm
from kubegrade.accounts.login_views import RevokingLogoutView, ThrottledLoginView, ThrottledPasswordResetView
from kubegrade.accounts.views import language_set

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="courses:list", permanent=False)),
    path("login/", ThrottledLoginView.as_view(), name="login"),
    path("logout/", RevokingLogoutView.as_view(), name="logout"),
    path("language/", language_set, name="language-set"),
    # Setting a password by email (accounts/invitations.py): "Forgot your password?" and invitations.
    path("password-reset/", ThrottledPasswordResetView.as_view(
        form_class=AnyAccountPasswordResetForm, template_name="accounts/password_reset_form.html",
        email_template_name="accounts/email/password_reset.txt",
        subject_template_name="accounts/email/password_reset_subject.txt"), name="password_reset"),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(
        template_name="accounts/password_reset_done.html"), name="password_reset_done"),
    path("password-reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html"), name="password_reset_confirm"),
    path("password-reset/done/", auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"), name="password_reset_complete"),
    path("admin/", admin.site.urls),
    path("api/", include("kubegrade.api.urls")),
    path("", include("kubegrade.courses.urls")),
    path("", include("kubegrade.submissions.urls")),
    path("", include("kubegrade.gradebook.urls")),
    path("", include("kubegrade.workspaces.page_urls")),
    path("", include("kubegrade.lti.urls")),
]

# Under /api/ these answer in the API's JSON error contract; pages keep their templates.
handler400 = "kubegrade.api.error_pages.bad_request"
handler403 = "kubegrade.api.error_pages.permission_denied"
handler404 = "kubegrade.api.error_pages.page_not_found"
handler500 = "kubegrade.api.error_pages.server_error"
