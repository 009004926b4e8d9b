"""Property tests: whatever a student types or hands in, the simulator answers like a tool, never crashes.

A crash would show as the session's guard text ("internal simulator error"), so that text
must never appear, and every command must finish with an exit code.
"""

from __future__ import annotations

import os
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator import Cluster

GUARD = "internal simulator error"
API_GUARD = "Internal error occurred"
WORDS = st.sampled_from([
    "kubectl", "get", "describe", "create", "apply", "delete", "exec", "-it", "--", "-o", "wide", "yaml", "json",
    "name", "jsonpath={.items[*].metadata.name}", "-n", "kube-system", "-A", "-l", "app=node-web", "pods", "svc",
    "ep", "rs", "deploy", "nodes", "all", "-f", "x.yaml", "curl", "-s", "-v", "-m", "1", "http://svc-web",
    "nslookup", "svc-web", "dig", "ping", "-c", "1", "10.233.0.1", "cat", "/etc/resolv.conf", "ssh",
    "vagrant@192.168.100.200", "exit", "|", "&&", ";", "grep", "web", "bash", "sh", "-c", "hostname",
    "scale", "--replicas=3", "expose", "--port=80", "run", "web", "--image=nginx", "label", "a=b", "$(", ")",
    "'", '"', "$X", "rs-web", "dnsutils", "svc-web-node", "30123", "192.168.100.201:30123",
    "patch", "-p", '{"kind":null}', '{"spec":{"ports":[{"port":80,"nodePort":30080}]}}', "--type=json",
    '[{"op":"remove","path":"/spec"}]', "{}", "[]",
])
from simulator.lecture import HANDS_ON_DIR

MANIFEST = (HANDS_ON_DIR / "kubernetes/03-RS-DS-JOB-CJ/hands-on/rs-web.yaml").read_bytes()
# KUBEGRADE_FUZZ_EXAMPLES=1000 for a deeper run than the suite's default.
FAST = settings(max_examples=int(os.environ.get("KUBEGRADE_FUZZ_EXAMPLES", "60")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.lists(st.lists(WORDS, min_size=1, max_size=8).map(" ".join), min_size=1, max_size=6))
def test_random_command_lines_never_crash(lines):
    cluster = Cluster(seed=1, files={"x.yaml": MANIFEST})
    session = cluster.session()
    session.run("kubectl create -f x.yaml")
    for line in lines:
        result = session.run(line)
        assert GUARD not in result.output, line
        assert isinstance(result.exit_code, int)


@FAST
@given(st.text(alphabet=string.printable + "한글\x00\x1b", max_size=200))
def test_arbitrary_text_as_a_command_never_crashes(line):
    result = Cluster(seed=2).session().run(line)
    assert GUARD not in result.output


@FAST
@given(st.binary(max_size=2000) | st.text(max_size=2000).map(str.encode))
def test_arbitrary_files_handed_to_kubectl_never_crash(data):
    cluster = Cluster(seed=3, files={"x.yaml": data})
    for command in ("kubectl create -f x.yaml", "kubectl apply -f x.yaml", "kubectl delete -f x.yaml"):
        result = cluster.session().run(command)
        assert GUARD not in result.output


def _scalar():
    return st.one_of(st.none(), st.booleans(), st.integers(-5, 70000), st.text(max_size=12),
                     st.sampled_from(["None", "NodePort", "ClusterIP", "ExternalName", "LoadBalancer", "TCP", "web"]))


MANIFEST_DICTS = st.fixed_dictionaries({
    "apiVersion": st.sampled_from(["v1", "apps/v1", "v2", ""]),
    "kind": st.sampled_from(["Service", "Pod", "ReplicaSet", "Deployment", "Endpoints", "Namespace", "Foo"]),
    "metadata": st.fixed_dictionaries({"name": st.sampled_from(["svc-web", "rs-web", "Bad_Name", ""])}),
    "spec": st.dictionaries(st.sampled_from(["type", "ports", "selector", "clusterIP", "replicas", "template",
                                             "containers", "externalName", "sessionAffinity"]),
                            st.recursive(_scalar(), lambda inner: st.lists(inner, max_size=3)
                                         | st.dictionaries(st.sampled_from(["port", "targetPort", "nodePort", "name",
                                                                            "image", "app", "containerPort"]),
                                                           inner, max_size=3), max_leaves=8), max_size=5),
})


@FAST
@given(MANIFEST_DICTS)
def test_random_manifests_never_crash(document):
    import json

    cluster = Cluster(seed=4, files={"m.json": json.dumps(document).encode()})
    session = cluster.session()
    for command in ("kubectl apply -f m.json", "kubectl get all", "kubectl describe svc", "kubectl apply -f m.json"):
        result = session.run(command)
        assert GUARD not in result.output, (command, result.output)
        assert API_GUARD not in result.output, (command, result.output)


def _service_field_value():
    """Values a hand-written Service holds, and the ones a half-edited one does: nulls, wrong types."""
    return st.recursive(
        _scalar(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
            st.sampled_from(["port", "targetPort", "nodePort", "name", "protocol", "app", "clientIP",
                             "timeoutSeconds", "appProtocol"]), inner, max_size=3),
        max_leaves=8)


SERVICE_DICTS = st.fixed_dictionaries({
    "apiVersion": st.just("v1"),
    "kind": st.just("Service"),
    "metadata": st.fixed_dictionaries({"name": st.just("svc-web")}),
    "spec": st.none() | st.dictionaries(
        st.sampled_from(["type", "ports", "selector", "clusterIP", "clusterIPs", "externalName", "sessionAffinity",
                         "sessionAffinityConfig", "externalTrafficPolicy", "ipFamilies", "ipFamilyPolicy",
                         "internalTrafficPolicy", "externalIPs", "loadBalancerIP", "allocateLoadBalancerNodePorts"]),
        _service_field_value(), max_size=6),
}, optional={"status": st.none() | st.dictionaries(st.just("loadBalancer"), st.none() | st.just({}))})


@FAST
@given(SERVICE_DICTS, st.booleans())
def test_a_service_with_missing_null_or_ill_typed_fields_gets_an_api_answer_never_an_internal_error(document, validate):
    """An invalid Service is answered with its validation error (or BadRequest for a wrong type),
    on create and on update, with kubectl's own validation on or off."""
    import json

    cluster = Cluster(seed=5, files={"m.json": json.dumps(document).encode(), "ok.yaml": (
        b"apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-web\nspec:\n  ports:\n  - port: 80\n")})
    session = cluster.session()
    flag = "" if validate else " --validate=false"
    for command in (f"kubectl apply -f m.json{flag}", "kubectl delete svc svc-web", "kubectl apply -f ok.yaml",
                    f"kubectl apply -f m.json{flag}", f"kubectl replace -f m.json{flag}", "kubectl get svc -o yaml"):
        result = session.run(command)
        assert GUARD not in result.output, (command, result.output)
        assert API_GUARD not in result.output, (command, result.output)
