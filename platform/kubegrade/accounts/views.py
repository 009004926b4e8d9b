"""The language switch: a POST that stores the user's choice and returns to the page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from kubegrade.accounts.services import user_set_language


@login_required
@require_POST
def language_set(request):
    try:
        user_set_language(user=request.user, language=request.POST.get("language", ""))
    except ValueError as exc:
        return HttpResponseBadRequest(str(exc))
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)
