"""Service accounts, their legacy tokens, and aggregated ClusterRoles, as 1.23's controllers keep them.

- `ServiceAccountsController` (`pkg/controller/serviceaccount/serviceaccounts_controller.go`):
  every active namespace has a `default` ServiceAccount, created again if deleted.
- `TokensController` (`tokens_controller.go`; 1.23 still creates legacy tokens): each
  ServiceAccount without a token gets a Secret `<sa>-token-xxxxx` of type
  `kubernetes.io/service-account-token` (ca.crt, namespace, token), listed in its `secrets`;
  a token Secret whose ServiceAccount is gone (or was re-created with another uid) is deleted.
- `ClusterRoleAggregationController` (`clusterroleaggregation_controller.go`): a ClusterRole with
  an `aggregationRule` gets the rules of every ClusterRole its selectors match, in name order.
Timestamps are the owner's: the namespace's for its `default` account, the account's for its token.
"""

from __future__ import annotations

import base64
from functools import cache

from simulator.apiserver.tokens import legacy_token
from simulator.controllers.context import Controller, ControllerContext
from simulator.objects import KubeObject, ObjectMeta, match_label_selector
from simulator.registry.kinds import by_kind

TOKEN_TYPE = "kubernetes.io/service-account-token"
SA_NAME = "kubernetes.io/service-account.name"
SA_UID = "kubernetes.io/service-account.uid"


@cache
def cluster_ca_pem() -> str:
    """The cluster CA certificate as the token Secrets and pods carry it (1099 bytes, as the slides' `ca.crt`).
    Made when first asked for, not at import: hashlib is not imported before a command line's prompt."""
    import hashlib

    der = hashlib.shake_256(b"kubegrade cluster CA CN=kubernetes").digest(771)
    body = base64.b64encode(b"\x30\x82\x03\x00" + der[4:]).decode()
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return "-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----\n"


@cache
def cluster_ca_b64() -> str:
    """`ca.crt` as a token Secret's data holds it: one string every token Secret shares (and a pickle stores once)."""
    return base64.b64encode(cluster_ca_pem().encode()).decode()


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


class ServiceAccountsController(Controller):
    watches = ("namespaces", "serviceaccounts")

    def reconcile(self, ctx: ControllerContext) -> None:
        accounts = by_kind("ServiceAccount")
        for namespace in ctx.store.list(by_kind("Namespace")):
            if (namespace.status or {}).get("phase") == "Terminating":
                continue
            if ctx.store.find(accounts, namespace.name, "default") is None:
                ctx.store.create(KubeObject("v1", "ServiceAccount", ObjectMeta(
                    "default", namespace.name, creation_timestamp=namespace.metadata.creation_timestamp), {}))


class TokensController(Controller):
    watches = ("serviceaccounts", "secrets")

    def reconcile(self, ctx: ControllerContext) -> None:
        secrets_rt, accounts_rt = by_kind("Secret"), by_kind("ServiceAccount")
        tokens: dict[tuple[str, str], list[KubeObject]] = {}
        for secret in ctx.store.list(secrets_rt):
            if secret.body.get("type") != TOKEN_TYPE:
                continue
            owner = (secret.namespace, secret.metadata.annotations.get(SA_NAME, ""))
            account = ctx.store.find(accounts_rt, *owner)
            if account is None or account.metadata.uid != secret.metadata.annotations.get(SA_UID):
                ctx.store.delete(secrets_rt, secret.namespace, secret.name)
                continue
            tokens.setdefault(owner, []).append(secret)
        for account in ctx.store.list(accounts_rt):
            mine = tokens.get((account.namespace, account.name))
            if not mine:
                mine = [self._create_token(ctx, account)]
            listed = [str((ref or {}).get("name")) for ref in account.body.get("secrets") or []]
            if not any(secret.name in listed for secret in mine):
                changed = account.clone()
                changed.body["secrets"] = [*(account.body.get("secrets") or []), {"name": mine[0].name}]
                ctx.store.update(changed)

    @staticmethod
    def _create_token(ctx: ControllerContext, account: KubeObject) -> KubeObject:
        return ctx.store.create(token_secret(account, ctx.store.generate_name(f"{account.name}-token-")))


def token_secret(account: KubeObject, name: str) -> KubeObject:
    """The `<sa>-token-xxxxx` Secret the TokensController makes for a stored account, named `name`."""
    token = legacy_token(account.namespace, name, account.name, account.metadata.uid)
    meta = ObjectMeta(name, account.namespace, annotations={SA_NAME: account.name, SA_UID: account.metadata.uid},
                      creation_timestamp=account.metadata.creation_timestamp)
    data = {"ca.crt": cluster_ca_b64(), "namespace": _b64(account.namespace), "token": _b64(token)}
    return KubeObject("v1", "Secret", meta, {"data": data, "type": TOKEN_TYPE})


class ClusterRoleAggregationController(Controller):
    watches = ("clusterroles",)

    def reconcile(self, ctx: ControllerContext) -> None:
        roles_rt = by_kind("ClusterRole")
        for role in ctx.store.list(roles_rt):
            selectors = ((role.body.get("aggregationRule") or {}).get("clusterRoleSelectors")) or []
            if not selectors:
                continue
            rules: list = []
            for other in ctx.store.list(roles_rt):
                if other.name == role.name or not any(match_label_selector(s, other.labels) for s in selectors):
                    continue
                for rule in other.body.get("rules") or []:
                    if rule not in rules:
                        rules.append(rule)
            if list(role.body.get("rules") or []) != rules:
                changed = role.clone()
                changed.body["rules"] = rules
                ctx.store.update(changed)
