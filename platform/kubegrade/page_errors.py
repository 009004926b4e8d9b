"""Maps domain errors raised in page views to Django's 404/403, so an outsider sees the
same "not found" page as for a course that does not exist."""

import functools

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404

from kubegrade.errors import NotFound, PermissionDenied


def domain_errors_as_http(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.detail) from exc
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.detail) from exc

    return wrapper
