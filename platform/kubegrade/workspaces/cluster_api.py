"""The workspace's cluster as a Kubernetes API endpoint, for the student's own kubectl.

    GET /k8s/<workspace id>/api/v1/namespaces/default/pods     Authorization: Bearer <token>

The student downloads a kubeconfig from the workspace page (`issue_kubeconfig`): the server
URL of their workspace and a bearer token made for it, kept only as its SHA-256; making a new
one revokes the workspace's earlier tokens (rotation), `revoke_tokens` revokes them all.

A request is answered by the simulator's API server on the workspace's live cluster, as the
cluster's admin (what the terminal's kubectl is), in the workspace's sandbox under the
terminal's budget (`engine.Live.api_request`). It is a step of the workspace like a command:
a write, or a read after a second or more, lets the real time since the last step pass and is
logged as an `api` event (so a rebuild from the log gives the same cluster); a read within the
same second is answered from the state as it is, and logged nowhere.

Who: only the workspace's owner, while the permission table lets them use a workspace
(`Action.SUBMIT`); the token is the only credential (a session cookie is not). No token, an
unknown or revoked one, or another workspace's: 401 as the API server answers it; an owner
who left the course: 403. Bounds: a rate per owner (429 with Retry-After, which client-go
honours), the request body (413), the answer (the simulator's 4 MiB), the budget (503).
Errors are `Status` objects, as kubectl expects them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.db import transaction
from django.utils import timezone

from kubegrade.courses.access import Action, actions_of, enrollment_get
from kubegrade.errors import WorkspaceBusy
from kubegrade.workspaces import cache, engine
from kubegrade.workspaces.access import course_assignment_for_workspace_owner
from kubegrade.workspaces.limits import elapsed_seconds
from kubegrade.workspaces.models import EventKind, Workspace, WorkspaceApiToken
from kubegrade.workspaces.rebuild import workspace_live
from kubegrade.workspaces.services import workspace_event_append

log = logging.getLogger(__name__)
TOKEN_PREFIX = "kgw_"
TICK_SECONDS = 1.0  # a read this long after the last step lets the time pass (and is logged)
READS = ("GET", "HEAD")
MAX_TARGET = 4096


@dataclass(frozen=True)
class ApiAnswer:
    status: int
    content_type: str
    body: str
    headers: tuple = ()


def status_answer(code: int, reason: str, message: str, details: dict | None = None,
                  headers: tuple = ()) -> ApiAnswer:
    body = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": message,
            "reason": reason, **({"details": details} if details is not None else {}), "code": code}
    return ApiAnswer(code, "application/json", json.dumps(body), headers)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# the kubeconfig --------------------------------------------------------------------
def issue_kubeconfig(*, user, course_assignment_id: int, base_url: str) -> tuple[Workspace, str]:
    """A new token for the caller's own workspace (its earlier ones revoked) and the kubeconfig carrying it."""
    from kubegrade.workspaces.services import workspace_open

    ca = course_assignment_for_workspace_owner(user=user, course_assignment_id=course_assignment_id)
    workspace, _ = workspace_open(user=user, course_assignment=ca)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        WorkspaceApiToken.objects.filter(workspace=workspace, revoked_at__isnull=True).update(revoked_at=now)
        WorkspaceApiToken.objects.create(workspace=workspace, token_hash=token_hash(token), created_at=now)
    log.info("workspace.api_token_issued id=%s", workspace.pk)
    return workspace, kubeconfig(f"{base_url.rstrip('/')}/k8s/{workspace.pk}", token, workspace.pk)


def revoke_tokens(*, user, course_assignment_id: int) -> int:
    ca = course_assignment_for_workspace_owner(user=user, course_assignment_id=course_assignment_id)
    revoked = WorkspaceApiToken.objects.filter(workspace__course_assignment=ca, workspace__owner=user,
                                               revoked_at__isnull=True).update(revoked_at=timezone.now())
    log.info("workspace.api_tokens_revoked ca=%s count=%s", ca.pk, revoked)
    return revoked


def kubeconfig(server: str, token: str, workspace_id: int) -> str:
    name = f"kubegrade-workspace-{workspace_id}"
    ca_path = getattr(settings, "KUBEGRADE_WORKSPACE_API_CA_FILE", "")
    authority = ""
    if ca_path:  # a private CA in front of the site (tests, a lab deployment); a public one needs none
        import base64
        from pathlib import Path

        authority = f"    certificate-authority-data: {base64.b64encode(Path(ca_path).read_bytes()).decode()}\n"
    return (f"apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n{authority}    server: {server}\n  name: {name}\n"
            f"contexts:\n- context:\n    cluster: {name}\n    user: {name}\n  name: {name}\n"
            f"current-context: {name}\npreferences: {{}}\nusers:\n- name: {name}\n  user:\n    token: {token}\n")


# a request ---------------------------------------------------------------------------
def answer_request(*, authorization: str, workspace_id: int, method: str, target: str,
                   headers: list[tuple[str, str]], body: bytes) -> ApiAnswer:
    refused = _refusal(authorization, workspace_id)
    if refused is not None:
        return refused
    if len(target) > MAX_TARGET:  # it is kept whole in the log, to be sent again on a rebuild
        return status_answer(414, "RequestURITooLong", f"the request URI is longer than {MAX_TARGET} characters")
    limit = settings.KUBEGRADE_MAX_REQUEST_BYTES
    if len(body) > limit:
        return status_answer(413, "RequestEntityTooLarge", f"Request entity too large: limit is {limit}")
    throttled = _over_rate(workspace_id)
    if throttled is not None:
        return throttled
    try:
        return _served(workspace_id, method, target, headers, body.decode("utf-8", "replace"))
    except engine.budget_error_types() as error:
        return status_answer(503, "ServiceUnavailable", engine.budget_message(error))
    except WorkspaceBusy as error:
        return status_answer(409, "Conflict", str(error))


def _refusal(authorization: str, workspace_id: int) -> ApiAnswer | None:
    scheme, _, token = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip().startswith(TOKEN_PREFIX):
        return status_answer(401, "Unauthorized", "Unauthorized")
    found = (WorkspaceApiToken.objects.select_related("workspace__owner", "workspace__course_assignment")
             .filter(token_hash=token_hash(token.strip()), revoked_at__isnull=True).first())
    if found is None or found.workspace_id != workspace_id:
        return status_answer(401, "Unauthorized", "Unauthorized")
    workspace = found.workspace
    enrollment = enrollment_get(user=workspace.owner, course_id=workspace.course_assignment.course_id)
    if Action.SUBMIT not in actions_of(enrollment):
        return status_answer(403, "Forbidden", "forbidden: this workspace takes no new work (its owner left the "
                                               "course)", {})
    now = timezone.now()
    if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:  # a write a minute at most
        WorkspaceApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return None


def _over_rate(workspace_id: int) -> ApiAnswer | None:
    """Requests a minute per workspace, counted in the cache (they leave no row when they only read)."""
    limit = settings.KUBEGRADE_WORKSPACE_API_REQUESTS_PER_MINUTE
    if limit <= 0:
        return None
    key = f"kubegrade:workspace-api:{workspace_id}"
    stamp = timezone.now().timestamp()
    recent = [at for at in shared_cache.get(key, []) if at > stamp - 60][-limit:]
    if len(recent) >= limit:
        retry = max(1, int(recent[0] + 60 - stamp) + 1)
        return status_answer(429, "TooManyRequests", "Too many requests, please try again later.",
                             {"retryAfterSeconds": retry}, (("Retry-After", str(retry)),))
    shared_cache.set(key, [*recent, stamp], timeout=61)
    return None


def _served(workspace_id: int, method: str, target: str, headers: list, body: str) -> ApiAnswer:
    with transaction.atomic():
        workspace = (Workspace.objects.select_for_update(of=("self",))
                     .select_related("version", "course_assignment__assignment").get(pk=workspace_id))
        live = workspace_live(workspace)
        elapsed = elapsed_seconds(workspace.last_event_at, timezone.now())
        logged = method not in READS or elapsed >= TICK_SECONDS
        reply = live.api_request(method, target, headers, body, elapsed if logged else 0.0)
        if logged:
            step = engine.StepResult(exit_code=reply.status, prompt=workspace.prompt, next_prompt=workspace.prompt,
                                     following=workspace.following, edit_path=workspace.editing_path,
                                     edit_content=workspace.editing_content)
            workspace_event_append(workspace, live, EventKind.API, step, line=f"{method} {target}",
                    content=engine.api_event_content(headers, body), elapsed=elapsed)
        elif not getattr(live, "remote", False):
            key = (workspace.pk, workspace.run, workspace.last_seq)
            transaction.on_commit(lambda: cache.put(*key, live))
    return ApiAnswer(reply.status, reply.content_type, reply.body, tuple(reply.headers))
