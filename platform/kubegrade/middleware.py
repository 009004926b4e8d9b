"""Request-wide middleware: the request size limit (413, and 411 for a chunked body) and the
per-user language."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils import translation


class RequestSizeLimitMiddleware:
    """Refuses bodies larger than KUBEGRADE_MAX_REQUEST_BYTES before reading them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            return self._length_required(request)
        limit = settings.KUBEGRADE_MAX_REQUEST_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            return self._too_large(request, limit)
        return self.get_response(request)

    @staticmethod
    def _length_required(request):
        """A chunked body has no Content-Length; Django's WSGI handler would read it as
        empty (a submission answered "Nothing to grade"), so it is refused outright."""
        detail = "Send the body with a Content-Length; chunked transfer encoding is not accepted."
        if request.path.startswith("/api/"):
            return JsonResponse({"code": "length_required", "detail": detail}, status=411)
        return HttpResponse(detail + "\n", status=411, content_type="text/plain; charset=utf-8")

    @staticmethod
    def _too_large(request, limit: int):
        detail = f"The request is {request.META.get('CONTENT_LENGTH')} bytes; the limit is {limit} bytes."
        if request.path.startswith("/api/"):
            body = {"code": "request_too_large", "detail": detail, "limit_bytes": limit}
            return JsonResponse(body, status=413)
        return TemplateResponse(request, "errors/413.html", {"detail": detail, "limit": limit}, status=413)


class UserLanguageMiddleware:
    """Activates the signed-in user's chosen language (after LocaleMiddleware's guess)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
