"""The two password sign-ins, each throttled before the password is checked
(`accounts.login_throttle`): the /login/ page, and the API's token request."""

from django.contrib.auth import views as auth_views
from rest_framework.authtoken.views import ObtainAuthToken

from kubegrade.accounts.login_throttle import LoginThrottled, client_address, login_attempt_admit, login_succeeded


class ThrottledLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"

    def post(self, request, *args, **kwargs):
        try:
            login_attempt_admit(username=request.POST.get("username", ""), address=client_address(request))
        except LoginThrottled as exc:
            response = self.render_to_response(self.get_context_data(throttled=exc.detail), status=429)
            response["Retry-After"] = str(exc.retry_after)
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        login_succeeded(username=form.get_user().get_username())
        return super().form_valid(form)


class ThrottledTokenView(ObtainAuthToken):
    """POST username and password; 429 with Retry-After once the allowance is used up."""

    def post(self, request, *args, **kwargs):
        login_attempt_admit(username=str(request.data.get("username", "")), address=client_address(request))
        response = super().post(request, *args, **kwargs)
        login_succeeded(username=str(request.data.get("username", "")))
        return response
