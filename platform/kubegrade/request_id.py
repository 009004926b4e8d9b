"""A request id that follows one piece of work through every process: the web request
that accepted a submission, the Celery task that graded it, the line that stored the
grade. Every log line carries it as `rid=`.

Taken from the proxy's `X-Request-ID` when it looks like one (nginx sets `$request_id`),
otherwise made here; returned in the response's `X-Request-ID`; sent to the worker in
the task's message headers (`kubegrade_request_id`).
"""

import contextvars
import re
import uuid

from celery.signals import before_task_publish, task_postrun, task_prerun

HEADER = "kubegrade_request_id"
_ACCEPTED = re.compile(r"^[A-Za-z0-9._-]{8,64}$")  # never let a client write odd text into the logs
_current: contextvars.ContextVar[str] = contextvars.ContextVar("kubegrade_request_id", default="-")


def current_request_id() -> str:
    return _current.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = offered if _ACCEPTED.match(offered) else new_request_id()
        request.request_id = request_id
        token = _current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response["X-Request-ID"] = request_id
        return response


@before_task_publish.connect
def _send_the_request_id_with_the_task(headers=None, **kwargs) -> None:
    request_id = _current.get()
    if headers is not None and request_id != "-":
        headers.setdefault(HEADER, request_id)


_task_tokens: dict[str, contextvars.Token] = {}


@task_prerun.connect
def _take_the_request_id_from_the_task(task_id=None, task=None, **kwargs) -> None:
    request = getattr(task, "request", None)
    request_id = getattr(request, HEADER, None) or ((getattr(request, "headers", None) or {}).get(HEADER))
    if request_id and task_id:
        _task_tokens[task_id] = _current.set(str(request_id))


@task_postrun.connect
def _forget_the_request_id(task_id=None, **kwargs) -> None:
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        try:
            _current.reset(token)
        except ValueError:  # set in another context (eager tasks inside a request)
            _current.set("-")
