"""Service-account tokens: JWTs with 1.23's legacy claims, signed by the cluster's key.

    header  {"alg":"RS256","kid":"<key id>"}
    payload {"iss":"kubernetes/serviceaccount", ".../namespace", ".../secret.name",
             ".../service-account.name", ".../service-account.uid", "sub":"system:serviceaccount:<ns>:<sa>"}

The claims and their order are the ones the slides' decoded token shows. The signature is
256 bytes, like an RS256 one, derived from the signing input and the cluster's key, so the
authenticator can tell a token it issued from an edited one (a changed claim breaks it).
"""

from __future__ import annotations

import base64
import json

KEY_ID = "h8-V-Cm0EXX9SWjNm0CiRtnxyFSNB-BUs6aarp_zQfc"
SIGNING_KEY = b"kubegrade-simulated-sa-signing-key"
ISSUER = "kubernetes/serviceaccount"
PREFIX = "kubernetes.io/serviceaccount/"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(signing_input: str) -> str:
    import hashlib  # here: OpenSSL's bindings cost a command line's prompt 4 ms, and no token is signed before it

    return _b64(hashlib.shake_256(SIGNING_KEY + signing_input.encode()).digest(256))


def legacy_token(namespace: str, secret_name: str, sa_name: str, sa_uid: str) -> str:
    header = {"alg": "RS256", "kid": KEY_ID}
    claims = {"iss": ISSUER, f"{PREFIX}namespace": namespace, f"{PREFIX}secret.name": secret_name,
              f"{PREFIX}service-account.name": sa_name, f"{PREFIX}service-account.uid": sa_uid,
              "sub": f"system:serviceaccount:{namespace}:{sa_name}"}
    signing_input = (_b64(json.dumps(header, separators=(",", ":")).encode()) + "." +
                     _b64(json.dumps(claims, separators=(",", ":")).encode()))
    return f"{signing_input}.{_signature(signing_input)}"


# kubespray's --service-account-issuer (and the API server's audience): https://kubernetes.default.svc.<dns domain>
BOUND_ISSUER = "https://kubernetes.default.svc.cluster.local"
EXTENDED_SECONDS = 365 * 24 * 3600  # --service-account-extend-token-expiration: a 3607 s request lives a year


def bound_token(namespace: str, sa_name: str, sa_uid: str, pod_name: str, pod_uid: str,
                issued_at: int, expiration_seconds: int) -> str:
    """The kubelet's token for a pod's projected volume: its 3607 s request is extended to a year."""
    return requested_token(namespace, sa_name, sa_uid, ("Pod", pod_name, pod_uid), issued_at, expiration_seconds,
                           [BOUND_ISSUER], extended=expiration_seconds == 3607)


def requested_token(namespace: str, sa_name: str, sa_uid: str, bound: tuple[str, str, str] | None, issued_at: int,
                    expiration_seconds: int, audiences: list[str], extended: bool) -> str:
    """A TokenRequest's token (pkg/serviceaccount/claims.go `Claims`), bound to a (kind, name, uid) Pod or
    Secret or to nothing, claims in the order go-jose marshals the merged map (by name); an extended
    token lives a year, with `warnafter` at the time asked for."""
    private: dict = {"namespace": namespace}
    if bound is not None:
        private[bound[0].lower()] = {"name": bound[1], "uid": bound[2]}
    private["serviceaccount"] = {"name": sa_name, "uid": sa_uid}
    if extended:
        private["warnafter"] = issued_at + expiration_seconds
    claims = {"aud": list(audiences), "exp": issued_at + (EXTENDED_SECONDS if extended else expiration_seconds),
              "iat": issued_at, "iss": BOUND_ISSUER, "kubernetes.io": private,
              "nbf": issued_at, "sub": f"system:serviceaccount:{namespace}:{sa_name}"}
    header = {"alg": "RS256", "kid": KEY_ID}
    signing_input = (_b64(json.dumps(header, separators=(",", ":")).encode()) + "." +
                     _b64(json.dumps(claims, separators=(",", ":")).encode()))
    return f"{signing_input}.{_signature(signing_input)}"


def verified_claims(token: str) -> dict | None:
    """The claims of a token this cluster signed, or None (malformed, another key, edited)."""
    parts = token.split(".")
    if len(parts) != 3 or len(token) > 16384:
        return None
    signing_input = f"{parts[0]}.{parts[1]}"
    if _signature(signing_input) != parts[2]:
        return None
    try:
        claims = json.loads(_unb64(parts[1]))
    except (ValueError, UnicodeDecodeError):
        return None
    return claims if isinstance(claims, dict) and claims.get("iss") in (ISSUER, BOUND_ISSUER) else None
