"""`POST /api/v1/namespaces/<ns>/serviceaccounts/<name>/token` over HTTP, against answers worked by
hand from v1.23.1's pkg/registry/core/serviceaccount/storage/token.go (TokenREST.Create),
pkg/apis/authentication/validation (ValidateTokenRequest), the v1 defaults (3600 s) and
pkg/serviceaccount/claims.go (the claims; the validator's checks of the account, the bound
object and the audience)."""

from __future__ import annotations

import base64
import json

import pytest

from simulator import Cluster
from simulator.apiserver.http_api import ApiServer
from simulator.clock import rfc3339

from tests.simulator.test_apiserver import token_of

ISSUER = "https://kubernetes.default.svc.cluster.local"
TOKEN_PATH = "/api/v1/namespaces/team/serviceaccounts/bot/token"


@pytest.fixture
def cluster():
    c = Cluster(seed=3)
    s = c.session()
    for line in ("kubectl create namespace team", "kubectl create serviceaccount bot -n team",
                 "kubectl create serviceaccount minter -n team",
                 "kubectl create role mint --verb=create --resource=serviceaccounts/token -n team",
                 "kubectl create rolebinding mint --role=mint --serviceaccount=team:minter -n team",
                 "kubectl create role reader --verb=list --resource=pods -n team",
                 "kubectl create rolebinding reader --role=reader --serviceaccount=team:bot -n team"):
        s.run(line)
    return c


def post(cluster, path, body, token=None, method="POST"):
    headers = [("User-Agent", "curl/7.68.0"), ("Content-Type", "application/json")]
    if token:
        headers.append(("Authorization", f"Bearer {token}"))
    return ApiServer(cluster.store, cluster.clock).handle(method, path, headers, json.dumps(body) if body else "",
                                                          client_certificate=token is None)


def claims_of(token: str) -> dict:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def uid_of(cluster, kind, name):
    return cluster.store.get(cluster.store.types.by_kind(kind), "team", name).metadata.uid


def test_a_token_for_an_account_with_the_defaults(cluster):
    answer = post(cluster, TOKEN_PATH, {"apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest", "spec": {}})
    assert answer.status == 201
    body = json.loads(answer.body)
    now = int(cluster.clock.now())
    assert {k: body[k] for k in ("kind", "apiVersion", "metadata", "spec")} == {
        "kind": "TokenRequest", "apiVersion": "authentication.k8s.io/v1",
        "metadata": {"namespace": "team", "creationTimestamp": None},
        "spec": {"audiences": [ISSUER], "expirationSeconds": 3600}}
    assert body["status"]["expirationTimestamp"] == rfc3339(now + 3600)
    claims = claims_of(body["status"]["token"])
    assert claims == {"aud": [ISSUER], "exp": now + 3600, "iat": now, "iss": ISSUER,
                      "kubernetes.io": {"namespace": "team", "serviceaccount": {"name": "bot", "uid": uid_of(cluster, "ServiceAccount", "bot")}},
                      "nbf": now, "sub": "system:serviceaccount:team:bot"}
    assert list(claims) == sorted(claims)


def test_the_token_authenticates_as_the_account_until_it_expires(cluster):
    token = json.loads(post(cluster, TOKEN_PATH, {"spec": {"expirationSeconds": 600}}).body)["status"]["token"]
    listed = post(cluster, "/api/v1/namespaces/team/pods", None, token=token, method="GET")
    assert listed.status == 200 and json.loads(listed.body)["kind"] == "PodList"
    cluster.clock.advance(601)
    assert post(cluster, "/api/v1/namespaces/team/pods", None, token=token, method="GET").status == 401


def test_a_token_for_another_audience_is_not_the_api_servers(cluster):
    answer = post(cluster, TOKEN_PATH, {"spec": {"audiences": ["vault"]}})
    token = json.loads(answer.body)["status"]["token"]
    assert json.loads(answer.body)["spec"]["audiences"] == ["vault"]
    assert post(cluster, "/api/v1/namespaces/team/pods", None, token=token, method="GET").status == 401


@pytest.mark.parametrize("seconds, detail", [
    (60, "may not specify a duration less than 10 minutes"),
    (4294967297, "may not specify a duration larger than 2^32 seconds"),
])
def test_a_duration_out_of_range_is_invalid(cluster, seconds, detail):
    answer = post(cluster, TOKEN_PATH, {"spec": {"expirationSeconds": seconds}})
    assert answer.status == 422
    assert json.loads(answer.body) == {
        "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": f'TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: {seconds}: {detail}',
        "reason": "Invalid", "details": {"group": "authentication.k8s.io", "kind": "TokenRequest", "causes": [
            {"reason": "FieldValueInvalid", "message": f"Invalid value: {seconds}: {detail}",
             "field": "spec.expirationSeconds"}]}, "code": 422}


def test_a_missing_account_is_not_found(cluster):
    answer = post(cluster, "/api/v1/namespaces/team/serviceaccounts/ghost/token", {"spec": {}})
    assert answer.status == 404
    body = json.loads(answer.body)
    assert body["message"] == 'serviceaccounts "ghost" not found' and body["reason"] == "NotFound"


def test_a_pod_bound_token_and_its_refusals(cluster):
    session = cluster.session()
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "namespace": "team"},
           "spec": {"serviceAccountName": "bot", "containers": [{"name": "c", "image": "nginx"}]}}
    session.run(f"echo '{json.dumps(pod)}' | kubectl create -f -")
    session.run("kubectl run other --image=nginx -n team")
    pod_uid = uid_of(cluster, "Pod", "web")
    answer = post(cluster, TOKEN_PATH, {"spec": {"expirationSeconds": 3607, "boundObjectRef": {
        "kind": "Pod", "apiVersion": "v1", "name": "web", "uid": pod_uid}}})
    assert answer.status == 201
    body = json.loads(answer.body)
    now = int(cluster.clock.now())
    private = claims_of(body["status"]["token"])["kubernetes.io"]
    assert private["pod"] == {"name": "web", "uid": pod_uid} and private["warnafter"] == now + 3607
    assert claims_of(body["status"]["token"])["exp"] == now + 365 * 24 * 3600  # the extension
    assert body["status"]["expirationTimestamp"] == rfc3339(now + 3607)  # what was asked
    cases = [
        ({"kind": "Pod", "apiVersion": "v1", "name": "other"}, 400,
         'cannot bind token for serviceaccount "bot" to pod running with different serviceaccount name.'),
        ({"kind": "Deployment", "apiVersion": "apps/v1", "name": "web"}, 400,
         "cannot bind token to object of type apps/v1, Kind=Deployment"),
        ({"kind": "Pod", "apiVersion": "v1", "name": "web", "uid": "0000"}, 409,
         'Operation cannot be fulfilled on Pod "web": the UID in the bound object reference (0000) does not match '
         "the UID in record. The object might have been deleted and then recreated"),
        ({"kind": "Pod", "apiVersion": "v1", "name": "gone"}, 404, 'pods "gone" not found'),
    ]
    for ref, code, message in cases:
        refused = post(cluster, TOKEN_PATH, {"spec": {"boundObjectRef": ref}})
        assert (refused.status, json.loads(refused.body)["message"]) == (code, message)
    session.run("kubectl delete pod web -n team --grace-period=0 --force")
    session.run("sleep 5")
    token = body["status"]["token"]
    assert post(cluster, "/api/v1/namespaces/team/pods", None, token=token, method="GET").status == 401


def test_rbac_decides_who_may_ask(cluster):
    minter, bot = token_of(cluster, "team", "minter"), token_of(cluster, "team", "bot")
    assert post(cluster, TOKEN_PATH, {"spec": {}}, token=minter).status == 201
    refused = post(cluster, TOKEN_PATH, {"spec": {}}, token=bot)
    assert refused.status == 403
    assert json.loads(refused.body)["message"] == (
        'serviceaccounts "bot" is forbidden: User "system:serviceaccount:team:bot" cannot create resource '
        '"serviceaccounts/token" in API group "" in the namespace "team"')


def test_only_post_is_served(cluster):
    answer = post(cluster, TOKEN_PATH, None, method="GET")
    assert answer.status == 405
    assert json.loads(answer.body)["reason"] == "MethodNotAllowed"


def test_kubectl_1_23_has_no_create_token(cluster):
    """What Debian's kubectl v1.20.2 prints (1.23's `create` is the same); the verb came in 1.24."""
    assert cluster.session().run("kubectl create token bot -n team").output == (
        'Error: must specify one of -f and -k\n\nerror: unknown command "token bot"\n'
        "See 'kubectl create -h' for help and examples\n")
