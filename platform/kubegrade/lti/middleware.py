"""Cookies and framing for pages shown inside an LMS's iframe.

A launch is a cross-site POST from the LMS, and the pages after it live in the LMS's
iframe: browsers send cookies there only when they are `SameSite=None; Secure`. Secure
cookies need HTTPS, so the attribute is set on HTTPS requests only: `make run` and the
tests on http://127.0.0.1 keep Django's Lax cookies and their password login.
Sessions an LTI launch started may be framed (X-Frame-Options is left off for them).
"""

from django.conf import settings

LTI_SESSION_FLAG = "kubegrade_lti_launch"


class IframeCookiesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.get(LTI_SESSION_FLAG):
            response.xframe_options_exempt = True
        if request.is_secure():
            for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
                if name in response.cookies:
                    response.cookies[name]["samesite"] = "None"
                    response.cookies[name]["secure"] = True
        return response
