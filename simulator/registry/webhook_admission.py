"""The ValidatingAdmissionWebhook admission plugin of v1.23, for the webhooks the cluster registers.

From `staging/src/k8s.io/apiserver/pkg/admission/plugin/webhook`: every webhook of every
ValidatingWebhookConfiguration whose rules match the request (API group, version, operation and
resource, `*` for any; `matchPolicy: Equivalent` is taken as matching the group and resource) is
called at its Service (`clientConfig.service`, `https://<name>.<namespace>.svc:<port><path>?timeout=<n>s`).
The API server dials the Service's ClusterIP from the control plane, so a Service without a ready
endpoint refuses the connection: with `failurePolicy: Fail` (the default) the request fails with
`failed calling webhook` (`errors.go` / `dispatcher.go`), with `Ignore` it goes on. A webhook
that answers with a denial fails it with `admission webhook "<name>" denied the request: <message>`
(`webhook/errors/statuserror.go ToStatusErr`), BadRequest as the controller's status says.

What a webhook's server answers is the add-on's own code: `SERVERS` maps a webhook's name to the
simulator's version of it (ingress-nginx's Ingress check); a webhook the simulator has no server
for (MetalLB's validations) admits what reaches it. Namespace and object selectors are not
evaluated: the add-ons the course installs register none.
"""

from __future__ import annotations

from typing import Any, Callable

from simulator.apps.ingress_nginx_admission import check_ingress
from simulator.errors import StatusError
from simulator.registry.kinds import ResourceType

APIStore = Any  # the store calls in here (importing it would make a circle)
CONFIGURATIONS = "validatingwebhookconfigurations"
SERVERS: dict[str, Callable[[APIStore, Any, float], str | None]] = {
    "validate.nginx.ingress.kubernetes.io": check_ingress,
}


def admit(store: APIStore, rt: ResourceType, obj, operation: str) -> None:
    """Raise the StatusError a matching webhook's failure or denial gives; return when all admit."""
    configurations = store.types.by_name(CONFIGURATIONS)
    if configurations is None:
        return
    for configuration in store.list(configurations):
        for webhook in configuration.body.get("webhooks") or []:
            if isinstance(webhook, dict) and _matches(webhook, rt, operation):
                _call(store, webhook, obj)


def admit_update(store: APIStore, rt: ResourceType, old, obj) -> None:
    """An update of the object itself; a write of its status alone is the `<resource>/status`
    subresource, which rules naming the resource do not match."""
    if _without_status(old) != _without_status(obj) or old.metadata.labels != obj.metadata.labels \
            or old.metadata.annotations != obj.metadata.annotations:
        admit(store, rt, obj, "UPDATE")


def _without_status(obj) -> dict:
    return {key: value for key, value in obj.body.items() if key not in ("status", "metadata")}


def _matches(webhook: dict, rt: ResourceType, operation: str) -> bool:
    for rule in webhook.get("rules") or []:
        if not isinstance(rule, dict):
            continue
        if (_has(rule.get("apiGroups"), rt.group) and _has(rule.get("resources"), rt.plural)
                and _has(rule.get("operations"), operation)
                and (webhook.get("matchPolicy", "Equivalent") == "Equivalent" or _has(rule.get("apiVersions"), rt.version))):
            return True
    return False


def _has(values, wanted: str) -> bool:
    return isinstance(values, list) and ("*" in values or wanted in values)


def _call(store: APIStore, webhook: dict, obj) -> None:
    name = str(webhook.get("name") or "")
    failure = _unreachable(store, webhook)
    if failure is not None:
        if webhook.get("failurePolicy", "Fail") == "Ignore":
            return
        raise StatusError("InternalError", f"Internal error occurred: failed calling webhook \"{name}\": "
                                           f"failed to call webhook: {failure}", 500)
    server = SERVERS.get(name)
    message = server(store, obj, store.clock.now()) if server is not None else None
    if message is not None:
        raise StatusError("BadRequest", f'admission webhook "{name}" denied the request: {message}', 400)


def _unreachable(store: APIStore, webhook: dict) -> str | None:
    """Why the API server's POST to the webhook's Service fails, or None when a ready pod serves it."""
    reference = (webhook.get("clientConfig") or {}).get("service") or {}
    namespace, service_name = str(reference.get("namespace") or ""), str(reference.get("name") or "")
    port = int(reference.get("port") or 443)
    timeout = int(webhook.get("timeoutSeconds") or 10)
    url = f"https://{service_name}.{namespace}.svc:{port}{reference.get('path') or ''}?timeout={timeout}s"
    services, endpoints = store.types.by_name("services"), store.types.by_name("endpoints")
    service = store.find(services, namespace, service_name)
    if service is None:
        return f'Post "{url}": service "{service_name}" not found'
    found = store.find(endpoints, namespace, service_name)
    ready = [address for subset in ((found.body.get("subsets") or []) if found is not None else [])
             for address in subset.get("addresses") or []]
    if not ready:
        return f'Post "{url}": dial tcp {service.spec.get("clusterIP")}:{port}: connect: connection refused'
    return None
