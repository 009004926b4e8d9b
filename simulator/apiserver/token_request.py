"""The `serviceaccounts/token` subresource: `POST /api/v1/namespaces/<ns>/serviceaccounts/<name>/token`.

As v1.23.1's `pkg/registry/core/serviceaccount/storage/token.go` (`TokenREST.Create`) serves it:
- the body is an `authentication.k8s.io/v1` TokenRequest; `spec.expirationSeconds` defaults to
  3600 (`SetDefaults_TokenRequestSpec`) and must lie in [600, 2^32] (`ValidateTokenRequest`:
  422 `TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: ...`);
- the ServiceAccount must exist (404); `spec.boundObjectRef` may name a Pod of that account
  (400 otherwise) or a Secret, any other kind is a 400, a uid that differs a 409 Conflict;
- `spec.audiences` defaults to the API server's (kubespray's issuer); a pod-bound request of
  3607 s is extended to a year with `warnafter` (`--service-account-extend-token-expiration`);
- 201 with the request echoed, its namespace set, and `status.token` and
  `status.expirationTimestamp` (now + the seconds asked, not the extension).
`kubectl create token` came in kubectl 1.24: 1.23's kubectl has no verb for this.
"""

from __future__ import annotations

import json

from simulator.apiserver.tokens import BOUND_ISSUER, requested_token
from simulator.clock import rfc3339
from simulator.errors import StatusError
from simulator.registry.kinds import by_kind

GROUP_VERSION = "authentication.k8s.io/v1"
DEFAULT_SECONDS = 3600
MIN_SECONDS, MAX_SECONDS = 10 * 60, 1 << 32
WARN_ONLY_SECONDS = 3607  # token.WarnOnlyBoundTokenExpirationSeconds


def bad_request(message: str) -> StatusError:
    return StatusError("BadRequest", message, 400)


def _request(body: str) -> dict:
    try:
        request = json.loads(body or "{}")
    except ValueError as error:
        raise bad_request(f"the server rejected our request due to an error in our request: {error}") from None
    if not isinstance(request, dict) or request.get("kind", "TokenRequest") != "TokenRequest" \
            or request.get("apiVersion", GROUP_VERSION) != GROUP_VERSION:
        raise bad_request("the body of the request must be an authentication.k8s.io/v1 TokenRequest")
    spec = request.get("spec") if isinstance(request.get("spec"), dict) else {}
    seconds = spec.get("expirationSeconds", DEFAULT_SECONDS)
    audiences = spec.get("audiences") or []
    ref = spec.get("boundObjectRef")
    if isinstance(seconds, bool) or not isinstance(seconds, int) or not isinstance(audiences, list) \
            or not all(isinstance(a, str) for a in audiences) or not isinstance(ref, (dict, type(None))):
        raise bad_request("the server rejected our request due to an error in our request: "
                          "the TokenRequest's spec does not decode")
    return {"spec": {"audiences": audiences, "expirationSeconds": seconds, "boundObjectRef": ref},
            "metadata": request.get("metadata") if isinstance(request.get("metadata"), dict) else {}}


def invalid_seconds(seconds: int) -> dict | None:
    """ValidateTokenRequest's causes, as a Status body; None when the duration is allowed."""
    details = []
    if seconds < MIN_SECONDS:
        details.append("may not specify a duration less than 10 minutes")
    if seconds > MAX_SECONDS:
        details.append("may not specify a duration larger than 2^32 seconds")
    if not details:
        return None
    causes = [{"reason": "FieldValueInvalid", "message": f"Invalid value: {seconds}: {d}",
               "field": "spec.expirationSeconds"} for d in details]
    rendered = [f"spec.expirationSeconds: Invalid value: {seconds}: {d}" for d in details]
    aggregate = rendered[0] if len(rendered) == 1 else "[" + ", ".join(rendered) + "]"
    return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": f'TokenRequest.authentication.k8s.io "" is invalid: {aggregate}', "reason": "Invalid",
            "details": {"group": "authentication.k8s.io", "kind": "TokenRequest", "causes": causes}, "code": 422}


def _bound(store, namespace: str, account_name: str, ref: dict) -> tuple[str, str, str]:
    """(kind, name, uid) of the object the token is bound to, checked as TokenREST.Create does."""
    api_version, kind, name = str(ref.get("apiVersion") or ""), str(ref.get("kind") or ""), str(ref.get("name") or "")
    group, _, version = api_version.rpartition("/")
    if group or kind not in ("Pod", "Secret"):
        raise bad_request(f"cannot bind token to object of type {group}/{version}, Kind={kind}")
    obj = store.get(by_kind(kind), namespace, name)
    if kind == "Pod" and obj.spec.get("serviceAccountName") != account_name:
        raise bad_request(f'cannot bind token for serviceaccount "{account_name}" to pod running with different '
                          "serviceaccount name.")
    if ref.get("uid") and ref["uid"] != obj.metadata.uid:
        raise StatusError("Conflict", f'Operation cannot be fulfilled on {kind} "{name}": the UID in the bound object '
                          f"reference ({ref['uid']}) does not match the UID in record. The object might have been "
                          "deleted and then recreated", 409, kind, name)
    return kind, name, obj.metadata.uid


def create(store, now: float, namespace: str, account_name: str, body: str) -> tuple[int, dict]:
    """The answer's code and body (a TokenRequest, or an Invalid Status); other errors are raised."""
    request = _request(body)
    if request["metadata"].get("namespace") not in (None, "", namespace):
        raise bad_request("the namespace of the provided object does not match the namespace sent on the request")
    spec = request["spec"]
    refused = invalid_seconds(spec["expirationSeconds"])
    if refused is not None:
        return 422, refused
    account = store.get(by_kind("ServiceAccount"), namespace, account_name)
    bound = _bound(store, namespace, account_name, spec["boundObjectRef"]) if spec["boundObjectRef"] else None
    audiences = spec["audiences"] or [BOUND_ISSUER]
    seconds = spec["expirationSeconds"]
    extended = bound is not None and bound[0] == "Pod" and seconds == WARN_ONLY_SECONDS
    token = requested_token(namespace, account.name, account.metadata.uid, bound, int(now), seconds, audiences,
                            extended)
    out_spec = {"audiences": audiences, "expirationSeconds": seconds}
    if spec["boundObjectRef"]:
        out_spec["boundObjectRef"] = spec["boundObjectRef"]
    metadata = {**{k: v for k, v in request["metadata"].items() if k in ("name", "generateName")},
                "namespace": namespace, "creationTimestamp": None}  # EnsureObjectNamespaceMatchesRequestNamespace
    return 201, {"kind": "TokenRequest", "apiVersion": GROUP_VERSION, "metadata": metadata, "spec": out_spec,
                 "status": {"token": token, "expirationTimestamp": rfc3339(now + seconds)}}
