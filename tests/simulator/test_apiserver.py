"""The API server over HTTP, its authenticator and RBAC authorizer, against hand-written answers
from Kubernetes 1.23 (`rbac/v1/evaluation_helpers.go`, `responsewriters/errors.go`, the
bootstrap policy) and the slides' transcripts (tests/simulator/course_transcripts/week09)."""

from __future__ import annotations

import json

import pytest

from simulator import Cluster
from simulator.apiserver.authn import ADMIN, ANONYMOUS, Unauthorized, authenticate_token, service_account_user
from simulator.apiserver.http_api import ApiServer
from simulator.apiserver.rbac import Attributes, authorize, rule_allows
from simulator.apiserver.tokens import verified_claims
from simulator.apiserver.wire_json import compact, pretty


@pytest.fixture(scope="module")
def cluster():
    c = Cluster(seed=3)
    s = c.session()
    for line in ("kubectl create namespace team", "kubectl create serviceaccount reader -n team",
                 "kubectl create role pod-reader --verb=get,list --resource=pods -n team",
                 "kubectl create rolebinding r --role=pod-reader --serviceaccount=team:reader -n team"):
        s.run(line)
    return c


def token_of(cluster, namespace, account):
    import base64

    sa = cluster.store.get(cluster.store.types.by_kind("ServiceAccount"), namespace, account)
    secret = cluster.store.get(cluster.store.types.by_kind("Secret"), namespace, sa.body["secrets"][0]["name"])
    return base64.b64decode(secret.body["data"]["token"]).decode()


def api(cluster, method, path, token=None, accept=None, body="", agent="curl/7.68.0"):
    headers = [("User-Agent", agent)]
    if token:
        headers.append(("Authorization", f"Bearer {token}"))
    if accept:
        headers.append(("Accept", accept))
    return ApiServer(cluster.store, cluster.clock).handle(method, path, headers, body)


# rules, by hand from evaluation_helpers.go -----------------------------------------------------
@pytest.mark.parametrize("rule, attrs, allowed", [
    ({"verbs": ["get"], "apiGroups": [""], "resources": ["pods"]}, Attributes("get", "pods", namespace="x"), True),
    ({"verbs": ["get"], "apiGroups": [""], "resources": ["pods"]}, Attributes("list", "pods", namespace="x"), False),
    ({"verbs": ["get"], "apiGroups": ["apps"], "resources": ["pods"]}, Attributes("get", "pods"), False),
    ({"verbs": ["*"], "apiGroups": ["*"], "resources": ["*"]}, Attributes("delete", "deployments", api_group="apps"), True),
    ({"verbs": ["get"], "apiGroups": [""], "resources": ["pods"]}, Attributes("get", "pods", "log"), False),
    ({"verbs": ["get"], "apiGroups": [""], "resources": ["*/log"]}, Attributes("get", "pods", "log"), True),
    ({"verbs": ["get"], "apiGroups": [""], "resources": ["pods"], "resourceNames": ["a"]},
     Attributes("get", "pods", name="b"), False),
    ({"verbs": ["get"], "nonResourceURLs": ["/api/*"]}, Attributes("get", path="/api/v1"), True),
    ({"verbs": ["get"], "nonResourceURLs": ["/api/*"]}, Attributes("get", path="/api"), False),
])
def test_rule_matching(rule, attrs, allowed):
    assert rule_allows(attrs, rule) is allowed


def test_a_role_binds_only_in_its_namespace(cluster):
    user = service_account_user("team", "reader")
    assert authorize(cluster.store, user, Attributes("list", "pods", namespace="team")) == (True, "")
    assert authorize(cluster.store, user, Attributes("list", "pods", namespace="default")) == (False, "")
    assert authorize(cluster.store, user, Attributes("delete", "pods", namespace="team"))[0] is False


def test_discovery_is_for_authenticated_users_and_version_for_everyone(cluster):
    assert authorize(cluster.store, ANONYMOUS, Attributes("get", path="/api"))[0] is False
    assert authorize(cluster.store, ANONYMOUS, Attributes("get", path="/version"))[0] is True
    assert authorize(cluster.store, service_account_user("team", "reader"), Attributes("get", path="/apis/apps"))[0]


def test_an_edited_or_orphaned_token_is_unauthorized(cluster):
    token = token_of(cluster, "team", "reader")
    assert authenticate_token(cluster.store, token) == service_account_user("team", "reader")
    header, payload, signature = token.split(".")
    with pytest.raises(Unauthorized):
        authenticate_token(cluster.store, f"{header}.{payload}x.{signature}")
    assert verified_claims("a.b.c") is None
    assert api(cluster, "GET", "/api", token="a.b.c").status == 401


# the HTTP API --------------------------------------------------------------------------------
def test_pretty_json_writes_empty_structs_as_the_api_server_does():
    assert pretty({"metadata": {}, "items": []}) == '{\n  "metadata": {\n    \n  },\n  "items": []\n}'
    assert compact({"a": "<&>"}) == '{"a":"\\u003c\\u0026\\u003e"}'


def test_a_list_through_the_api_is_a_podlist_without_item_kinds(cluster):
    answer = ApiServer(cluster.store, cluster.clock).handle("GET", "/api/v1/namespaces/kube-system/pods",
                                                            [("User-Agent", "Go-http-client/2.0")], user=ADMIN)
    document = json.loads(answer.body)
    assert answer.status == 200 and "\n" not in answer.body  # compact for a non-curl client
    assert list(document) == ["kind", "apiVersion", "metadata", "items"] and document["kind"] == "PodList"
    assert "kind" not in document["items"][0] and list(document["items"][0]["metadata"])[:3] == ["name", "generateName", "namespace"]


def test_forbidden_and_not_found_statuses(cluster):
    token = token_of(cluster, "team", "reader")
    forbidden = json.loads(api(cluster, "GET", "/api/v1/namespaces/team/secrets/x", token=token).body)
    assert forbidden["message"] == ('secrets "x" is forbidden: User "system:serviceaccount:team:reader" cannot get '
                                    'resource "secrets" in API group "" in the namespace "team"')
    assert forbidden["details"] == {"name": "x", "kind": "secrets"}
    missing = json.loads(api(cluster, "GET", "/api/v1/namespaces/team/pods/nope", token=token).body)
    assert (missing["reason"], missing["code"], missing["details"]) == ("NotFound", 404, {"name": "nope", "kind": "pods"})
    nodes = json.loads(api(cluster, "GET", "/api/v1/nodes", token=token).body)
    assert nodes["message"].endswith('cannot list resource "nodes" in API group "" at the cluster scope')


def test_discovery_documents(cluster):
    token = token_of(cluster, "team", "reader")
    groups = json.loads(api(cluster, "GET", "/apis", token=token).body)
    assert groups["kind"] == "APIGroupList" and "apps" in [g["name"] for g in groups["groups"]]
    rbac = json.loads(api(cluster, "GET", "/apis/rbac.authorization.k8s.io/v1", token=token).body)
    assert {r["name"] for r in rbac["resources"]} >= {"roles", "rolebindings", "clusterroles", "clusterrolebindings"}
    core = json.loads(api(cluster, "GET", "/api/v1", token=token).body)
    services = next(r for r in core["resources"] if r["name"] == "services")
    assert services["verbs"] == ["create", "delete", "get", "list", "patch", "update", "watch"]  # slide 326


def test_a_table_for_kubectl_get(cluster):
    accept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"
    table = json.loads(ApiServer(cluster.store, cluster.clock).handle(
        "GET", "/api/v1/namespaces/team/serviceaccounts", [("Accept", accept)], user=ADMIN).body)
    assert table["kind"] == "Table" and [c["name"] for c in table["columnDefinitions"]] == ["Name", "Secrets", "Age"]
    assert [row["cells"][0] for row in table["rows"]] == ["default", "reader"]


def test_create_patch_watch_delete_as_admin(cluster):
    server = ApiServer(cluster.store, cluster.clock)
    created = server.handle("POST", "/api/v1/namespaces/team/configmaps", [],
                            json.dumps({"metadata": {"name": "c"}, "data": {"a": "1"}}), user=ADMIN)
    assert created.status == 201
    patched = server.handle("PATCH", "/api/v1/namespaces/team/configmaps/c", [], '{"data":{"b":"2"}}', user=ADMIN)
    assert json.loads(patched.body)["data"] == {"a": "1", "b": "2"}
    watched = server.handle("GET", "/api/v1/namespaces/team/configmaps?watch=1", [], user=ADMIN)
    events = [json.loads(line) for line in watched.body.splitlines()]  # the root CA publisher's ConfigMap too
    assert sorted((e["type"], e["object"]["metadata"]["name"]) for e in events) == [("ADDED", "c"), ("ADDED", "kube-root-ca.crt")]
    # a real kubectl's `delete --wait` watches its one object by name (fieldSelector=metadata.name=c)
    named = server.handle("GET", "/api/v1/namespaces/team/configmaps?watch=1&fieldSelector=metadata.name%3Dc", [], user=ADMIN)
    assert [json.loads(line)["object"]["metadata"]["name"] for line in named.body.splitlines()] == ["c"]
    wrong = server.handle("GET", "/api/v1/namespaces/team/configmaps?fieldSelector=data.a%3D1", [], user=ADMIN)
    assert (wrong.status, json.loads(wrong.body)["message"]) == (
        400, '"data.a" is not a known field selector: only "metadata.name", "metadata.namespace"')
    assert server.handle("DELETE", "/api/v1/namespaces/team/configmaps/c", [], user=ADMIN).status == 200
    again = server.handle("POST", "/api/v1/namespaces/other/configmaps", [],
                          json.dumps({"metadata": {"name": "c", "namespace": "team"}}), user=ADMIN)
    assert again.status == 400


def test_can_i(cluster):
    session = cluster.session()
    yes = session.run("kubectl auth can-i list pods -n team --as system:serviceaccount:team:reader")
    no = session.run("kubectl auth can-i list pods -n default --as system:serviceaccount:team:reader")
    assert (yes.stdout, yes.exit_code, no.stdout, no.exit_code) == ("yes\n", 0, "no\n", 1)
    listed = session.run("kubectl auth can-i --list -n team --as system:serviceaccount:team:reader").stdout.splitlines()
    assert listed[0].split() == ["Resources", "Non-Resource", "URLs", "Resource", "Names", "Verbs"]
    # sorted by the rule's String(), verbs first: [create] before [get list] (cani.go printAccess)
    assert listed[1].split() == ["selfsubjectaccessreviews.authorization.k8s.io", "[]", "[]", "[create]"]
    assert ["pods", "[]", "[]", "[get", "list]"] in [line.split() for line in listed]


def test_the_token_controller_replaces_a_deleted_token(cluster):
    session = cluster.session()
    before = token_of(cluster, "team", "reader")
    name = before and cluster.store.get(cluster.store.types.by_kind("ServiceAccount"), "team", "reader").body["secrets"][0]["name"]
    session.run(f"kubectl delete secret {name} -n team")
    with pytest.raises(Unauthorized):
        authenticate_token(cluster.store, before)
    fresh = [s.name for s in cluster.store.list(cluster.store.types.by_kind("Secret"), "team")
             if s.metadata.annotations.get("kubernetes.io/service-account.name") == "reader"]
    assert len(fresh) == 1 and fresh[0] != name


def test_the_fast_pretty_printer_agrees_with_the_reference_on_real_objects(cluster):
    from simulator.apiserver.http_api import wire_object
    from simulator.apiserver.wire_json import pretty_reference

    for obj in list(cluster.store.all_objects())[:200]:
        document = wire_object(obj)
        assert pretty(document) == pretty_reference(document)
    assert pretty({"a": {"b": {}, "c": []}}) == pretty_reference({"a": {"b": {}, "c": []}})
