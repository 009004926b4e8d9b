"""What one URL on an HTTP client's command line was, where its connection went, what came back.

curl and wget fill one `RequestRecord` per URL they were given, after their own option
parsing, and hand it to the execution log (`ExecContext.record`). Graders read these
fields instead of the command line, so a Service name in a Referer (`-e`), a User-Agent
(`-A`), a header (`-H`) or the data (`-d`) is a field of its own and never the host:

    scheme, host, port, path     the URL as the client parsed it (after following redirects: the last hop)
    referer, user_agent, headers, data, method
    host_header                  the name in the Host header sent (-H "Host: x" or the URL's host, no
                                 port): what a name-based virtual server such as an Ingress routes on
    resolved                     the address the name resolved to ("" when it did not)
    dialled                      ip:port the client connected to
    via                          how the network layer routed it: cluster-ip, node-port,
                                 load-balancer or external-ip (kube-proxy balanced it),
                                 port-forward (a local kubectl carried it to the pod), else direct
    service                      namespace/name of the Service whose virtual server balanced it
    backend, pod, node           who accepted the connection (pod, node, nodelocaldns, public),
                                 the pod namespace/name and node it runs on
    outcome                      connected, refused, timeout, unreachable, unresolved or bad-url
    status, reply                the HTTP status and the body that came back
    api_user                     who the API server took the request to be (a token's account,
                                 system:anonymous), when it was the API server that answered
    insecure, cacert             whether -k was given, and the --cacert file (TLS checks skipped or trusted)
"""

from __future__ import annotations

from simulator.programs.context import ExecContext


class RequestRecord:
    def __init__(self, typed: str, **request: object) -> None:
        self.fields: dict[str, object] = {"typed": typed, "outcome": "bad-url", **request}

    def pointed_at(self, url) -> None:
        self.fields.update(scheme=url.scheme, host=url.host, port=str(url.port), path=url.path)

    def resolved(self, addresses: list[str]) -> None:
        self.fields["resolved"] = addresses[0] if addresses else ""
        if not addresses:
            self.fields["outcome"] = "unresolved"

    def connected(self, connection) -> None:
        """The connection's fate: where it was dialled, through which virtual server, to whom."""
        vs, backend = connection.virtual_server, connection.backend
        self.fields.update(dialled=f"{connection.ip}:{connection.port}", outcome=connection.outcome,
                           via=vs.kind if vs is not None else connection.tunnel or "direct")
        for stale in ("service", "backend", "pod", "node", "status", "reply", "api_user"):
            self.fields.pop(stale, None)  # a redirect's earlier hop says nothing about this one
        if vs is not None:
            self.fields["service"] = f"{vs.service.metadata.namespace}/{vs.service.metadata.name}"
        if backend is not None:
            self.fields["backend"] = backend.kind
            if backend.pod is not None:
                self.fields["pod"] = f"{backend.pod.metadata.namespace}/{backend.pod.metadata.name}"
            if backend.node:
                self.fields["node"] = backend.node

    def answered(self, response) -> None:
        if response is None:
            return
        if response.raw is not None:
            self.fields.update(status="", reply=response.raw)
        else:
            self.fields.update(status=str(response.status), reply=response.body)
            if response.api_user:
                self.fields["api_user"] = response.api_user

    def save(self, ctx: ExecContext, exit_code: int) -> None:
        ctx.record(**self.fields, exit_code=str(exit_code))
