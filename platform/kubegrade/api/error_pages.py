"""Django's error handlers (400, 403, 404, 500) with the API's error contract under /api/.

DRF turns the errors its views raise into JSON (`kubegrade.api.errors`), but an unknown
URL, a multipart body Django refuses while parsing (10,000 files: TooManyFilesSent), or
an unexpected exception reach Django's own handlers, which answer in HTML. Under /api/
these answer `{"code": ..., "detail": ...}` instead; pages keep their templates.
"""

from django.http import JsonResponse
from django.views import defaults

API_PREFIX = "/api/"


def _is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def bad_request(request, exception):
    if _is_api(request):
        detail = str(exception) or "The request could not be read."
        return JsonResponse({"code": "bad_request", "detail": detail}, status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if _is_api(request):
        return JsonResponse({"code": "permission_denied", "detail": "You may not do that."}, status=403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if _is_api(request):
        return JsonResponse({"code": "not_found", "detail": f"No API endpoint at {request.path}."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        # No exception text: it may hold data; the log has the traceback.
        return JsonResponse({"code": "server_error", "detail": "The server failed on this request; "
                             "it is logged. Try again, and report it if it persists."}, status=500)
    return defaults.server_error(request)
