"""Turns domain errors into API responses with stable machine codes.

Every error body has `code` and `detail`; 429 also sets Retry-After and 413 names the
limit. DRF's own errors (401, 405, parse errors) keep their status and gain a code.
"""

from rest_framework.response import Response
from rest_framework.views import exception_handler

from kubegrade.errors import KubeGradeError, SubmitThrottled


def api_exception_handler(exc, context):
    if isinstance(exc, KubeGradeError):
        response = Response(exc.as_dict(), status=exc.http_status)
        if isinstance(exc, SubmitThrottled):
            response["Retry-After"] = str(exc.retry_after)
        return response
    response = exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "code" not in response.data:
        codes = exc.get_codes() if hasattr(exc, "get_codes") else None
        response.data = {"code": codes if isinstance(codes, str) else "invalid", **response.data}
    return response
