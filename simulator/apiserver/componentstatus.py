"""The API server's component statuses: each read of `componentstatuses` probes the components.

kube-apiserver v1.23 (pkg/registry/core/rest/storage_core.go `serversToValidate`) probes the
controller manager at https://127.0.0.1:10257/healthz and the scheduler at
https://127.0.0.1:10259/healthz (their secure ports, TLS unverified), and each etcd server of its
storage backends at /health. The Week-10 slides' cluster (v1.22.5, slide lines 405-410) shows the
older fix of removing `--port=0`, from when the probes went to the insecure ports 10252/10251; in
1.23 the components serve no insecure port at all and kubeadm no longer writes the flag.

A component is down while the master's kubelet restarts its static pod after its manifest changed,
or for good once the manifest is gone or unreadable (`machines.component_down`); the probe then gets
the dial error the HTTP prober returns as a Failure with the error's text as the message
(pkg/probe/http/http.go `DoHTTPProbe`), so the condition is False with that message and no error.
The slides' order is kept (controller-manager, scheduler, etcd-0): the API server gathers the probes
from goroutines, in whatever order they finish.
"""

from __future__ import annotations

from simulator.errors import not_found
from simulator.kinds.componentstatus import RESOURCE, method_not_allowed
from simulator.objects import KubeObject, ObjectMeta

# (name, the static pod's component, its secure port)
PROBED = (("controller-manager", "kube-controller-manager", 10257), ("scheduler", "kube-scheduler", 10259))
ETCD_HEALTH = '{"health":"true","reason":""}'  # etcd v3.5's /health, as the slides show it


def component_statuses(machines, now: float) -> list[KubeObject]:
    statuses = []
    for name, component, port in PROBED:
        if machines.component_down(component, now):
            url = f"https://127.0.0.1:{port}/healthz"
            statuses.append(status(name, "False", f'Get "{url}": dial tcp 127.0.0.1:{port}: connect: connection refused'))
        else:
            statuses.append(status(name, "True", "ok"))
    statuses.append(status("etcd-0", "True", ETCD_HEALTH))
    return statuses


def status(name: str, healthy: str, message: str) -> KubeObject:
    condition = {"type": "Healthy", "status": healthy, "message": message}  # `error` is omitempty: no error here
    return KubeObject("v1", "ComponentStatus", ObjectMeta(name), {"conditions": [condition]})


def read(machines, now: float, verb: str, name: str) -> list[KubeObject]:
    """What a get (one) or list of componentstatuses answers over HTTP; the resource serves nothing else
    (the API server's 405). Without machines to probe (an API over a bare store) there is nothing."""
    found = component_statuses(machines, now) if machines is not None else []
    if verb == "list":
        return found
    if verb != "get":
        raise method_not_allowed()
    named = [status for status in found if status.name == name]
    if not named:
        raise not_found(RESOURCE.group_resource, name)
    return named
