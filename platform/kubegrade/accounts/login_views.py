"""The two password sign-ins, each throttled before the password is checked
(`accounts.login_throttle`): the /login/ page, and the API's token request; the password
reset form, throttled per inbox and address (`accounts.reset_throttle`); and the two
sign-outs, each revoking API tokens (`accounts.api_tokens`)."""

from collections.abc import Mapping

from django.contrib.auth import views as auth_views
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.response import Response
from rest_framework.views import APIView

from kubegrade.accounts.api_tokens import HashedTokenAuthentication, api_token_issue, api_token_revoke
from kubegrade.accounts.api_tokens import api_tokens_revoke_all

from kubegrade.accounts.account_names import with_account_username
from kubegrade.accounts.login_throttle import LoginThrottled, client_address, login_attempt_admit, login_succeeded
from kubegrade.accounts.reset_throttle import PasswordResetThrottled, password_reset_admit
from kubegrade.accounts.sign_in_fields import UnreadableSignInField, sign_in_fields_check


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's reset form, with a rate per inbox and per client address
    (`accounts.reset_throttle`): past it nothing is sent and the page answers 429."""

    def form_valid(self, form):
        try:
            password_reset_admit(email=form.cleaned_data["email"], address=client_address(self.request))
        except PasswordResetThrottled as exc:
            response = self.render_to_response(self.get_context_data(form=form, throttled=exc.detail), status=429)
            response["Retry-After"] = str(exc.retry_after)
            return response
        return super().form_valid(form)


class ThrottledLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"

    def post(self, request, *args, **kwargs):
        try:
            sign_in_fields_check(request.POST)
        except UnreadableSignInField as exc:
            return self.render_to_response(self.get_context_data(throttled=exc.detail), status=400)
        try:
            login_attempt_admit(username=request.POST.get("username", ""), address=client_address(request))
        except LoginThrottled as exc:
            response = self.render_to_response(self.get_context_data(throttled=exc.detail), status=429)
            response["Retry-After"] = str(exc.retry_after)
            return response
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "data" in kwargs:
            kwargs["data"] = with_account_username(kwargs["data"])
        return kwargs

    def form_valid(self, form):
        login_succeeded(username=form.get_user().get_username(), address=client_address(self.request))
        return super().form_valid(form)


class ThrottledTokenView(APIView):
    """POST username and password: a new token (shown once) and when it expires; 429 with
    Retry-After once the allowance is used up."""

    authentication_classes: list = []
    permission_classes: list = []
    serializer_class = AuthTokenSerializer

    def post(self, request, *args, **kwargs):
        if not isinstance(request.data, Mapping):  # a JSON array or string body (schemathesis drill: was a 500)
            raise exceptions.ParseError("Send username and password as a JSON object or as form fields.")
        sign_in_fields_check(request.data)
        login_attempt_admit(username=str(request.data.get("username", "")), address=client_address(request))
        serializer = AuthTokenSerializer(data=with_account_username(request.data), context={"request": request})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        login_succeeded(username=user.get_username(), address=client_address(request))
        issued = api_token_issue(user=user)
        return Response({"token": issued.key, "expires_at": issued.expires_at})


class TokenLogoutView(APIView):
    """POST with the token to revoke it (204); it is refused from then on."""

    authentication_classes = [HashedTokenAuthentication]

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        api_token_revoke(key=request.META["HTTP_AUTHORIZATION"].split()[-1])
        return Response(status=204)


class RevokingLogoutView(auth_views.LogoutView):
    """Signing out of the pages also revokes the user's API tokens."""

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            api_tokens_revoke_all(user=request.user)
        return super().post(request, *args, **kwargs)
