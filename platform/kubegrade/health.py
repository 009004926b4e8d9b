"""Probes and metrics for operators, answered before host checks, HTTPS redirects and
sessions so that a load balancer or Kubernetes can call them by pod IP over plain HTTP:

- `/healthz`: the process is up and serving (no dependency checked: a restart would not
  fix a database outage).
- `/readyz`: the database and the broker answer; JSON with one entry per check, 503 when
  any fails, so the proxy stops sending users to an instance that cannot accept work.
- `/metrics`: Prometheus text (kubegrade.metrics), optionally behind a bearer token.
"""

import hmac
import time

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse


def _timed(check) -> dict:
    started = time.monotonic()
    try:
        detail = check()
        ok = True
    except Exception as exc:  # the probe reports what failed, it never fails itself
        ok, detail = False, f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
    return {"ok": ok, "ms": round((time.monotonic() - started) * 1000, 1), "detail": detail}


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        connection.close()  # a broken persistent connection must not poison the next request
        raise
    return connection.vendor


def _broker() -> str:
    from kubegrade.grading.queue import broker_queue_depth

    depth = broker_queue_depth(timeout=2.0)
    if depth is None:
        raise ConnectionError("the broker did not answer")
    return f"{depth} waiting"


def readiness() -> tuple[bool, dict]:
    checks = {"database": _timed(_database), "broker": _timed(_broker)}
    return all(c["ok"] for c in checks.values()), checks


def healthz(request) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def readyz(request) -> JsonResponse:
    ready, checks = readiness()
    body = {"status": "ready" if ready else "unavailable", "checks": checks}
    return JsonResponse(body, status=200 if ready else 503)


def metrics(request) -> HttpResponse:
    token = settings.KUBEGRADE_METRICS_TOKEN
    if token:
        offered = request.META.get("HTTP_AUTHORIZATION", "").removeprefix("Bearer ")
        if not hmac.compare_digest(offered.encode(), token.encode()):
            return JsonResponse({"code": "not_authenticated", "detail": "A metrics bearer token is required."},
                                status=401)
    from kubegrade.metrics import render_metrics

    body, content_type = render_metrics()
    return HttpResponse(body, content_type=content_type)


PROBES = {"/healthz": healthz, "/readyz": readyz, "/metrics": metrics}


class ProbeMiddleware:
    """First in MIDDLEWARE: probes skip ALLOWED_HOSTS, the SSL redirect and sessions."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PROBES.get(request.path_info.rstrip("/") or "/")
        if probe is not None and request.method in ("GET", "HEAD"):
            return probe(request)
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """A database outage answers 503 with Retry-After (JSON under /api/), not a 500 and a
    traceback: the request did nothing, because the transaction it needed never began."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import InterfaceError, OperationalError

        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        import logging

        logging.getLogger(__name__).warning("database.unavailable %s %s: %s", request.method, request.path,
                                            str(exception).strip().splitlines()[0] if str(exception).strip() else "")
        connection.close()
        detail = "The database is not reachable right now; nothing was stored. Try again in a few seconds."
        if request.path.startswith("/api/"):
            response = JsonResponse({"code": "service_unavailable", "detail": detail}, status=503)
        else:
            response = HttpResponse(detail, status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = "5"
        return response
