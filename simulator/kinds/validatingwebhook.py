"""ValidatingWebhookConfiguration (admissionregistration.k8s.io/v1, cluster-scoped), stored and printed.

The add-ons' manifests register their admission webhooks with it; the simulator's own controllers
stand in for the webhooks' servers, so nothing calls them. Table from `printers.go
printValidatingWebhook` (NAME WEBHOOKS AGE); validation from `pkg/apis/admissionregistration/validation`
(each webhook needs a name, `sideEffects` and `admissionReviewVersions` in v1).
"""

from __future__ import annotations

from simulator.errors import FieldError
from simulator.kinds.kind import Kind, ResourceType
from simulator.objects import KubeObject
from simulator.printers.columns import AGE, NAME, Column
from simulator.registry.strategy import Strategy

RESOURCE = ResourceType("validatingwebhookconfigurations", "validatingwebhookconfiguration",
                        "ValidatingWebhookConfiguration", "admissionregistration.k8s.io", "v1", False)
SIDE_EFFECTS = ("None", "NoneOnDryRun")


class WebhookConfigurationStrategy(Strategy):
    def validate(self, obj: KubeObject) -> list[FieldError]:
        errors: list[FieldError] = []
        for index, webhook in enumerate(obj.body.get("webhooks") or []):
            path = f"webhooks[{index}]"
            if not webhook.get("name"):
                errors.append(FieldError("Required value", f"{path}.name"))
            if webhook.get("sideEffects") not in SIDE_EFFECTS:
                errors.append(FieldError("Unsupported value", f"{path}.sideEffects", webhook.get("sideEffects") or "",
                                         'supported values: "None", "NoneOnDryRun"') if webhook.get("sideEffects")
                              else FieldError("Required value", f"{path}.sideEffects", None,
                                              'must specify one of "None", "NoneOnDryRun"'))
            if not webhook.get("admissionReviewVersions"):
                errors.append(FieldError("Required value", f"{path}.admissionReviewVersions", None,
                                         "must specify one of v1, v1beta1"))
        return errors


KIND = Kind(
    resource=RESOURCE,
    strategy=WebhookConfigurationStrategy(),
    columns=(NAME, Column("Webhooks", lambda c, ctx: str(len(c.body.get("webhooks") or []))), AGE),
)
