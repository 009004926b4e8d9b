"""ServiceAccount (core/v1): an identity for pods. Table from `printers.go printServiceAccount`
(SECRETS counts `secrets`); describe from `describe.go describeServiceAccount`, without the
token Secrets 1.23's token controller creates (`controllers.serviceaccounts`) and references
the account lacks marked `(not found)`."""

from __future__ import annotations

from simulator.kinds.kind import Kind, ResourceType
from simulator.objects import KubeObject
from simulator.printers.describe_writer import DescribeWriter
from simulator.printers.columns import AGE, NAME, Column
from simulator.registry.strategy import Strategy

RESOURCE = ResourceType("serviceaccounts", "serviceaccount", "ServiceAccount", "", "v1", True, ("sa",))


TOKEN_TYPE = "kubernetes.io/service-account-token"
# describe.go pads the three headers to one width; the slides' transcripts print values at column 22.
HEADERS = (("Image pull secrets: ", "imagePullSecrets"), ("Mountable secrets:  ", "secrets"), ("Tokens:             ", None))


def describe_service_account(obj: KubeObject, ctx) -> str:
    w = DescribeWriter()
    w.write(0, f"Name:\t{obj.name}\n")
    w.write(0, f"Namespace:\t{obj.namespace}\n")
    w.labels("Labels", obj.labels)
    w.annotations("Annotations", obj.metadata.annotations)
    existing = {secret.name for secret in ctx.secrets}
    tokens = [s.name for s in ctx.secrets if s.body.get("type") == TOKEN_TYPE
              and s.metadata.annotations.get("kubernetes.io/service-account.name") == obj.name
              and s.metadata.annotations.get("kubernetes.io/service-account.uid") == obj.metadata.uid]
    for header, field in HEADERS:
        names = tokens if field is None else [str((entry or {}).get("name")) for entry in obj.body.get(field) or []]
        if not names:
            w.write(0, f"{header}\t<none>\n")
        for index, name in enumerate(names):
            missing = " (not found)" if field is not None and ctx.secrets is not None and name not in existing else ""
            w.write(0, f"{header if index == 0 else ' ' * len(header)}\t{name}{missing}\n")
    w.events(ctx.events, ctx.now)
    return w.text()


KIND = Kind(
    resource=RESOURCE,
    strategy=Strategy(),
    columns=(NAME, Column("Secrets", lambda sa, ctx: str(len(sa.body.get("secrets") or []))), AGE),
    describe=describe_service_account,
)
