"""The Content Security Policy on every response, with a fresh nonce per request.

Scripts run only from this site's own files (static/, the vendor libraries under
static/vendor/, Swagger UI from drf-spectacular-sidecar) or from an inline block that
carries this request's nonce (`<script nonce="{{ request.csp_nonce }}">`); inline event
handlers and `javascript:` links do not run. Styles allow inline blocks and attributes:
xterm.js and ACE position every glyph with style attributes and inject their own
<style> elements, and the pages' stylesheets are inline. Framing is left to
X-Frame-Options (the LTI views let the LMS frame them); a `frame-ancestors` here would
override that in every modern browser.

A response a view marks `csp_exempt` (the LTI deep-link return: pylti1p3's
auto-submitting form, built from the launch, posts to the LMS with an inline script)
goes out without a policy.
"""

import secrets

POLICY = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'self'"
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        if not getattr(response, "csp_exempt", False):
            response.headers.setdefault("Content-Security-Policy", POLICY.format(nonce=request.csp_nonce))
        return response
