"""What the ingress-nginx 1.3.0 controller's admission server answers for an Ingress (its
`/networking/v1/ingresses` handler, `validate.nginx.ingress.kubernetes.io`).

From `kubernetes/ingress-nginx` controller-v1.3.0: `internal/admission/controller/main.go`
(`HandleAdmission`: the checker's error becomes a BadRequest denial with the error as its message)
and `internal/ingress/controller/controller.go` (`CheckIngress`, `checkOverlap`,
`ingressForHostPath`, `sortIngressSlice`). An Ingress of another class is let through untouched.
The check that reaches a student is the overlap: for each rule (no host is the catch-all server
`_`) and each path with a Service backend (no path is `/`), the location that path would take is
owned by the oldest Ingress defining it (equal creation times: the greater `namespace/name` first);
the first path some other Ingress already owns decides: refused unless exactly one of the two is a
canary (`nginx.ingress.kubernetes.io/canary: "true"`). The deployment's defaults leave the other
checks off (no custom annotation prefix, no word blocklist, snippets allowed, no global rate limit),
and the nginx configuration test (`nginx -t`) is not simulated.
"""

from __future__ import annotations

from simulator.apps.ingress_nginx import CONTROLLER_CLASS, served_ingresses
from simulator.kinds.ingress import ingress_class

DEFAULT_SERVER = "_"  # controller.go defServerName
CANARY = "nginx.ingress.kubernetes.io/canary"


def check_ingress(store, ingress, now) -> str | None:
    """The denial's message, or None when the controller accepts the Ingress."""
    if not _class_is_served(store, ingress):
        return None
    others = [i for i in served_ingresses(store) if (i.namespace, i.name) != (ingress.namespace, ingress.name)]
    for rule in ingress.spec.get("rules") or []:
        http = (rule or {}).get("http")
        if not http:
            continue
        host = str(rule.get("host") or DEFAULT_SERVER)
        for path in http.get("paths") or []:
            if not ((path or {}).get("backend") or {}).get("service"):
                continue
            wanted = str(path.get("path") or "/")
            owner = _owner(others + [ingress], host, wanted, ingress, now)
            if owner is None:
                continue
            if (owner.namespace, owner.name) == (ingress.namespace, ingress.name):
                return None
            mine, theirs = _canary(ingress), _canary(owner)
            if (mine is True and theirs is True) or (mine is None and theirs is None):
                return f'host "{host}" and path "{wanted}" is already defined in ingress {owner.namespace}/{owner.name}'
            return None
    return None


def _class_is_served(store, ingress) -> bool:
    """`store.GetIngressClass`: the class it names is an IngressClass of this controller."""
    classes = store.types.by_name("ingressclasses")
    found = store.find(classes, None, ingress_class(ingress)) if classes is not None and ingress_class(ingress) else None
    return found is not None and found.spec.get("controller") == CONTROLLER_CLASS


def _owner(ingresses: list, host: str, path: str, incoming, now):
    """The Ingress whose location `host` `path` is: the first, in `sortIngressSlice` order, to define it."""
    defining = [i for i in ingresses if _defines(i, host, path)]
    if not defining:
        return None

    def created(i):  # the API server stamps a new object before its webhooks see it
        return int(i.metadata.creation_timestamp or now)  # metav1.Time: whole seconds

    oldest = min(created(i) for i in defining)
    tied = [i for i in defining if created(i) == oldest]
    return max(tied, key=lambda i: f"{i.namespace}/{i.name}")  # `in > jn` on equal timestamps


def _defines(ingress, host: str, path: str) -> bool:
    for rule in ingress.spec.get("rules") or []:
        if str((rule or {}).get("host") or DEFAULT_SERVER) != host:
            continue
        for entry in ((rule or {}).get("http") or {}).get("paths") or []:
            if ((entry or {}).get("backend") or {}).get("service") and str(entry.get("path") or "/") == path:
                return True
    return False


def _canary(ingress) -> bool | None:
    """parser.GetBoolAnnotation: None when the annotation is missing, else whether it reads as true."""
    value = ingress.metadata.annotations.get(CANARY)
    if value is None:
        return None
    return str(value).lower() in ("1", "t", "true")
