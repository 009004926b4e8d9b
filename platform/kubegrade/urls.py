"""URL map: pages at the root, the admin, and the versioned API."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from kubegrade.accounts.login_views import RevokingLogoutView, ThrottledLoginView
from kubegrade.accounts.views import language_set

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="courses:list", permanent=False)),
    path("login/", ThrottledLoginView.as_view(), name="login"),
    path("logout/", RevokingLogoutView.as_view(), name="logout"),
    path("language/", language_set, name="language-set"),
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
