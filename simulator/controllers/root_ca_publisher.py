"""kube-controller-manager's root CA publisher (pkg/controller/certificates/rootcacertpublisher/
publisher.go, v1.23): every active namespace has the ConfigMap `kube-root-ca.crt` holding the
cluster CA as `ca.crt`, with its `kubernetes.io/description` annotation, made again if deleted
and put back if edited. Its timestamp is the namespace's, as the `default` ServiceAccount's is
(`kubectl get configmaps` on week 7's slides, line 290: `kube-root-ca.crt 1 43d`)."""

from __future__ import annotations

from simulator.controllers.context import Controller, ControllerContext
from simulator.controllers.serviceaccounts import cluster_ca_pem
from simulator.errors import StatusError
from simulator.objects import KubeObject, ObjectMeta
from simulator.registry.kinds import by_kind

NAME = "kube-root-ca.crt"
DESCRIPTION = ("Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints "
               "such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across "
               "distributions of Kubernetes clusters.")


class RootCACertPublisher(Controller):
    watches = ("namespaces", "configmaps")

    def reconcile(self, ctx: ControllerContext) -> None:
        configmaps = by_kind("ConfigMap")
        for namespace in ctx.store.list(by_kind("Namespace")):
            if (namespace.status or {}).get("phase") == "Terminating":
                continue
            found = ctx.store.find(configmaps, namespace.name, NAME)
            try:
                if found is None:
                    metadata = ObjectMeta(NAME, namespace.name, creation_timestamp=namespace.metadata.creation_timestamp,
                                          annotations={"kubernetes.io/description": DESCRIPTION})
                    ctx.store.create(KubeObject("v1", "ConfigMap", metadata, {"data": {"ca.crt": cluster_ca_pem()}}))
                elif (found.body.get("data") or {}) != {"ca.crt": cluster_ca_pem()}:
                    restored = found.clone()
                    restored.body["data"] = {"ca.crt": cluster_ca_pem()}  # publisher.go syncNamespace: the data put back
                    ctx.store.update(restored)
            except StatusError:
                pass  # the namespace began terminating meanwhile
