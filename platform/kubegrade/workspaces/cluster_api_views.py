"""The views of the workspace's cluster API (`workspaces.cluster_api`): the endpoint a
student's kubectl talks to, and the workspace page's kubeconfig download and revoke buttons."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from kubegrade.page_errors import domain_errors_as_http
from kubegrade.workspaces import cluster_api

FORWARDED = ("accept", "content-type", "user-agent", "impersonate-user", "impersonate-group")


@csrf_exempt  # a bearer token, never a cookie, is the credential here
def endpoint(request, workspace_id: int, rest: str = ""):
    query = request.META.get("QUERY_STRING", "")
    target = "/" + rest + (f"?{query}" if query else "")
    headers = [(name, value) for name, value in _headers(request) if name.lower() in FORWARDED]
    answer = cluster_api.answer_request(authorization=request.META.get("HTTP_AUTHORIZATION", ""),
                                        workspace_id=workspace_id, method=request.method, target=target,
                                        headers=headers, body=request.body)
    response = HttpResponse(answer.body, status=answer.status, content_type=answer.content_type or None)
    response["Cache-Control"] = "no-cache, private"
    for name, value in answer.headers:
        if name.lower() not in ("content-length", "content-type", "date", "connection", "transfer-encoding"):
            response[name] = value
    return response


def _headers(request):
    for key, value in request.META.items():
        if key.startswith("HTTP_"):
            yield key[5:].replace("_", "-").title(), value
        elif key == "CONTENT_TYPE" and value:
            yield "Content-Type", value


@login_required
@require_POST
@domain_errors_as_http
def kubeconfig_download(request, course_assignment_id: int):
    workspace, text = cluster_api.issue_kubeconfig(user=request.user, course_assignment_id=course_assignment_id,
                                                   base_url=f"https://{request.get_host()}")
    response = HttpResponse(text, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kubeconfig-workspace-{workspace.pk}.yaml"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
@domain_errors_as_http
def kubeconfig_revoke(request, course_assignment_id: int):
    count = cluster_api.revoke_tokens(user=request.user, course_assignment_id=course_assignment_id)
    messages.success(request, _("Revoked %(count)d kubeconfig tokens: kubectl with them gets 401 now.")
                     % {"count": count})
    return redirect("workspaces:own", course_assignment_id)
