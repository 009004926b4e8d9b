"""ServiceAccount (core/v1): an identity for pods. Table from `printers.go printServiceAccount`
(SECRETS counts `secrets`); describe from `describe.go describeServiceAccount`, without the
token Secrets 1.23's controller would create (the simulator runs no token controller yet)."""

from __future__ import annotations

from simulator.kinds.kind import Kind, ResourceType
from simulator.objects import KubeObject
from simulator.printers.describe_writer import DescribeWriter
from simulator.printers.columns import AGE, NAME, Column
from simulator.registry.strategy import Strategy

RESOURCE = ResourceType("serviceaccounts", "serviceaccount", "ServiceAccount", "", "v1", True, ("sa",))


def describe_service_account(obj: KubeObject, ctx) -> str:
    w = DescribeWriter()
    w.write(0, f"Name:\t{obj.name}\n")
    w.write(0, f"Namespace:\t{obj.namespace}\n")
    w.labels("Labels", obj.labels)
    w.annotations("Annotations", obj.metadata.annotations)
    for title, entries in (("Image pull secrets", obj.body.get("imagePullSecrets")),
                           ("Mountable secrets", obj.body.get("secrets"))):
        names = [str(entry.get("name")) for entry in entries or []]
        w.write(0, f"{title}:\t{names[0] if names else '<none>'}\n")
        for name in names[1:]:
            w.write(0, f"{' ' * len(title)} \t{name}\n")
    w.write(0, "Tokens:\t<none>\n")
    w.events(ctx.events, ctx.now)
    return w.text()


KIND = Kind(
    resource=RESOURCE,
    strategy=Strategy(),
    columns=(NAME, Column("Secrets", lambda sa, ctx: str(len(sa.body.get("secrets") or []))), AGE),
    describe=describe_service_account,
)
