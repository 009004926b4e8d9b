"""kube-webhook-certgen v1.1.1, the image of ingress-nginx's two admission Jobs, as a process that talks
to the API server (its ServiceAccount `ingress-nginx-admission` may read and write what it touches).

From `kubernetes/ingress-nginx` controller-v1.3.0 `images/kube-webhook-certgen/rootfs` (`cmd/create.go`,
`cmd/patch.go`, `pkg/k8s/k8s.go`): `create` generates a CA and a serving certificate for `--host` and,
unless the Secret `--secret-name` in `--namespace` already exists, saves them there (keys `ca`, `cert`,
`key`); `patch` reads the CA from that Secret and writes it into the ValidatingWebhookConfiguration
`--webhook-name` as every webhook's `caBundle` (with `--patch-failure-policy`), and without the Secret it
fails (`log.Fatal`, exit 1). Here `create` writes the Secret as it starts; the two pods start at their
kubelets' own times (controllers/pod_start.py), so the two Jobs race as the real ones do: a patch that
starts first fails and is restarted by its kubelet (restartPolicy OnFailure, controllers/container_restart.py),
as the slides' patch pod shows (RESTARTS 1, 05-Ingress-LoadBalancer slides.txt 124). Logs are logrus's
JSON lines (the image's default `--log-format=json`). The key material is random bytes from the
cluster's seed in PEM armour, not a certificate anything parses: nothing in the simulator verifies TLS
with it.
"""

from __future__ import annotations

import base64
import json
import re

from simulator.apps.images import ContainerRun
from simulator.clock import rfc3339
from simulator.errors import StatusError
from simulator.objects import KubeObject, ObjectMeta
from simulator.registry.kinds import by_kind

IMAGE = "registry.k8s.io/ingress-nginx/kube-webhook-certgen:"
SECRETS, WEBHOOKS = by_kind("Secret"), "validatingwebhookconfigurations"


def is_certgen(container: dict) -> bool:
    return str(container.get("image") or "").startswith(IMAGE)


def started(store, pod, container: dict, environment: dict, now: float, rng) -> ContainerRun:
    """What the process does when it starts (its writes through the API server), and how it ends."""
    flags = _flags(container, environment)
    secret, namespace = flags.get("secret-name", ""), flags.get("namespace", "")
    missing = store.find(SECRETS, namespace, secret) is None
    lines = [_log(now, "info", "no secret found", err=f'secrets "{secret}" not found')] if missing else []
    verb = _verb(container)
    if verb == "create":
        if not missing:
            return ContainerRun(False, 0, output=_join(lines + [_log(now, "info", "secret already exists")]))
        _save(store, namespace, secret, rng)
        return ContainerRun(False, 0, output=_join(lines + [_log(now, "info", "creating new secret")]))
    if verb == "patch":
        if missing:
            return ContainerRun(False, 1, output=_join(lines + [
                _log(now, "fatal", f"no secret with '{secret}' in '{namespace}'")]))
        return ContainerRun(False, 0, output=_join(_patch(store, flags, namespace, secret, now)))
    return ContainerRun(False, 0)


def _save(store, namespace: str, secret: str, rng) -> None:
    data = {"ca": _pem("CERTIFICATE", rng), "cert": _pem("CERTIFICATE", rng), "key": _pem("EC PRIVATE KEY", rng)}
    try:
        store.create(KubeObject("v1", "Secret", ObjectMeta(secret, namespace), {"data": data}))
    except StatusError:
        pass  # the namespace is going away


def _patch(store, flags: dict, namespace: str, secret: str, now: float) -> list[str]:
    name, policy = flags.get("webhook-name", ""), flags.get("patch-failure-policy", "")
    lines = [_log(now, "info", f"patching webhook configurations '{name}' mutating=false, validating=true, "
                               f"failurePolicy={policy}")]
    configurations = store.types.by_name(WEBHOOKS)
    found = store.find(configurations, None, name) if configurations is not None else None
    if found is not None:
        ca = store.find(SECRETS, namespace, secret).body.get("data", {}).get("ca", "")
        updated = found.clone()
        for webhook in updated.body.get("webhooks") or []:
            webhook.setdefault("clientConfig", {})["caBundle"] = ca
            if policy:
                webhook["failurePolicy"] = policy
        store.update(updated)
    return lines + [_log(now, "info", "Patched hook(s)")]


def _verb(container: dict) -> str:
    words = [str(w) for w in (container.get("command") or []) + (container.get("args") or [])]
    return next((w for w in words if not w.startswith("-")), "")


def _flags(container: dict, environment: dict) -> dict[str, str]:
    """`--name=value` arguments with `$(VAR)` expanded from the container's environment, as the kubelet does."""
    flags = {}
    for word in container.get("args") or []:
        name, _, value = str(word).lstrip("-").partition("=")
        if str(word).startswith("--"):
            flags[name] = re.sub(r"\$\((\w+)\)", lambda m: str(environment.get(m.group(1), m.group(0))), value)
    return flags


def _log(now: float, level: str, message: str, **fields: str) -> str:
    """logrus's JSONFormatter: the fields, level, msg and time as one object, keys sorted."""
    return json.dumps(dict(sorted({**fields, "level": level, "msg": message, "time": rfc3339(now)}.items())),
                      separators=(",", ":"))


def _join(lines: list[str]) -> str:
    return "".join(f"{line}\n" for line in lines)


def _pem(label: str, rng) -> str:
    body = base64.b64encode(rng.randbytes(96)).decode()
    return base64.b64encode(f"-----BEGIN {label}-----\n{body}\n-----END {label}-----\n".encode()).decode()
