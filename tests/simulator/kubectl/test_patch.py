"""`kubectl patch`: switching an ExternalName without touching clients, strategic merge of ports, JSON patch."""

from __future__ import annotations

import pytest

from simulator import Cluster
from simulator.lecture import HANDS_ON_DIR


@pytest.fixture
def session():
    session = Cluster(seed=3, files=HANDS_ON_DIR).session()
    session.run("cd kubernetes/04-ClusterIP-NodePort-ExternalName/hands-on")
    return session


def test_externalname_switches_to_another_name_in_place(session):
    session.run("kubectl create -f svc-ext.yaml")
    result = session.run("""kubectl patch svc svc-ext -p '{"spec":{"externalName":"github.com"}}'""")
    assert result.output == "service/svc-ext patched\n"
    assert session.cluster.get("services", "svc-ext")["spec"]["externalName"] == "github.com"
    again = session.run("""kubectl patch svc svc-ext -p '{"spec":{"externalName":"github.com"}}'""")
    assert again.output == "service/svc-ext patched (no change)\n"


def test_strategic_merge_patches_a_port_by_its_number_and_keeps_the_cluster_ip(session):
    session.run("kubectl create -f svc-web.yaml")
    before = session.cluster.get("services", "svc-web")["spec"]["clusterIP"]
    session.run("""kubectl patch svc svc-web -p '{"spec":{"type":"NodePort","ports":[{"port":80,"nodePort":30080}]}}'""")
    spec = session.cluster.get("services", "svc-web")["spec"]
    assert (spec["type"], spec["clusterIP"]) == ("NodePort", before)
    assert spec["ports"] == [{"nodePort": 30080, "port": 80, "protocol": "TCP", "targetPort": 8080}]


def test_json_patch_replaces_one_field(session):
    session.run("kubectl create -f svc-web-node.yaml")
    session.run("""kubectl patch svc svc-web-node --type=json -p '[{"op":"replace","path":"/spec/ports/0/nodePort","value":30081}]'""")
    assert session.cluster.get("services", "svc-web-node")["spec"]["ports"][0]["nodePort"] == 30081


def test_patch_goes_through_validation(session):
    session.run("kubectl create -f svc-web-node.yaml")
    result = session.run("""kubectl patch svc svc-web-node -p '{"spec":{"ports":[{"port":80,"nodePort":40000}]}}'""")
    assert result.exit_code == 1
    assert "provided port is not in the valid range" in result.output


def test_patching_a_missing_object_is_not_found(session):
    assert session.run("kubectl patch svc nope -p '{}'").output == 'Error from server (NotFound): services "nope" not found\n'
