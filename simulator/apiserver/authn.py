"""Who a request is, as 1.23's authenticator chain decides it.

- a bearer token this cluster signed whose Secret and ServiceAccount still exist (the legacy
  validator looks both up): `system:serviceaccount:<ns>:<name>`, in groups
  `system:serviceaccounts`, `system:serviceaccounts:<ns>`, `system:authenticated`;
- a TokenRequest's token (`serviceaccounts/<name>/token`, a pod's projected token among them) for the
  API server's audience, before its `exp`, while its account and bound pod or Secret still exist;
- a bearer token that does not verify: 401 Unauthorized (the chain never falls back to anonymous);
- the admin's client certificate (kubespray's kubeconfig: CN=kubernetes-admin, O=system:masters);
- nothing: `system:anonymous` in `system:unauthenticated` (anonymous auth is on).
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.apiserver.tokens import BOUND_ISSUER, PREFIX, verified_claims
from simulator.registry.kinds import by_kind


@dataclass(frozen=True)
class User:
    name: str
    groups: tuple[str, ...] = ()

    @property
    def service_account(self) -> tuple[str, str] | None:
        """(namespace, name) when the user is a ServiceAccount."""
        parts = self.name.split(":")
        if len(parts) == 4 and parts[:2] == ["system", "serviceaccount"]:
            return parts[2], parts[3]
        return None


ANONYMOUS = User("system:anonymous", ("system:unauthenticated",))
ADMIN = User("kubernetes-admin", ("system:masters", "system:authenticated"))


class Unauthorized(Exception):
    pass


def service_account_user(namespace: str, name: str) -> User:
    return User(f"system:serviceaccount:{namespace}:{name}",
                ("system:serviceaccounts", f"system:serviceaccounts:{namespace}", "system:authenticated"))


def user_named(name: str, groups: tuple[str, ...] = ()) -> User:
    """`--as NAME [--as-group G]`: a ServiceAccount name gets its groups, like the real authenticator."""
    parts = name.split(":")
    if len(parts) == 4 and parts[:2] == ["system", "serviceaccount"]:
        base = service_account_user(parts[2], parts[3])
        return User(base.name, tuple(dict.fromkeys(base.groups + tuple(groups))))
    if name == "system:anonymous":
        return User(name, tuple(groups) or ("system:unauthenticated",))
    return User(name, tuple(dict.fromkeys(tuple(groups) + ("system:authenticated",))))


def authenticate_token(store, token: str) -> User:
    claims = verified_claims(token)
    if claims is None:
        raise Unauthorized()
    if isinstance(claims.get("kubernetes.io"), dict):
        return _bound_token_user(store, claims)
    namespace = str(claims.get(f"{PREFIX}namespace", ""))
    sa_name = str(claims.get(f"{PREFIX}service-account.name", ""))
    secret = store.find(by_kind("Secret"), namespace, str(claims.get(f"{PREFIX}secret.name", "")))
    account = store.find(by_kind("ServiceAccount"), namespace, sa_name)
    if secret is None or account is None or account.metadata.uid != claims.get(f"{PREFIX}service-account.uid"):
        raise Unauthorized()
    return service_account_user(namespace, sa_name)


def _bound_token_user(store, claims: dict) -> User:
    """A TokenRequest's token (a pod's projected one, or one asked for over the API): valid until `exp`,
    for the API server's audience, while its account and the pod or Secret it is bound to (same uids) exist."""
    private = claims["kubernetes.io"]
    namespace = str(private.get("namespace", ""))
    account_ref = private.get("serviceaccount") or {}
    account = store.find(by_kind("ServiceAccount"), namespace, str(account_ref.get("name", "")))
    expires = claims.get("exp")
    if (account is None or account.metadata.uid != account_ref.get("uid") or not isinstance(expires, int)
            or store.clock.now() >= expires or BOUND_ISSUER not in (claims.get("aud") or [])):
        raise Unauthorized()
    for kind, key in (("Pod", "pod"), ("Secret", "secret")):
        ref = private.get(key)
        if ref is not None:
            bound = store.find(by_kind(kind), namespace, str((ref or {}).get("name", "")))
            if bound is None or bound.metadata.uid != (ref or {}).get("uid"):
                raise Unauthorized()
    return service_account_user(namespace, account.name)


def authenticate(store, authorization: str | None, client_certificate: bool = False) -> User:
    """The user of a request from its Authorization header (and whether it showed the admin's certificate)."""
    if authorization:
        scheme, _, token = authorization.strip().partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            return authenticate_token(store, token.strip())
    if client_certificate:
        return ADMIN
    return ANONYMOUS
