"""EndpointSlices: the controller, the mirroring controller and `kubectl get endpointslices`.

Expected texts are written by hand from kubernetes 1.23: `printEndpointSlice` in
`pkg/printers/internalversion/printers.go` (NAME, ADDRESSTYPE, PORTS, ENDPOINTS, AGE;
`formatDiscoveryEndpoints` shows three addresses then ` + N more...`, `<unset>` for none),
`pkg/controller/endpointslice` (generateName `<service>-`, the service-name and
managed-by labels, an empty placeholder slice) and `pkg/controller/endpointslicemirroring`.
"""

from __future__ import annotations

import re

import pytest

from simulator import Cluster

MANUAL = """apiVersion: v1
kind: Service
metadata: {name: manual}
spec:
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Endpoints
metadata: {name: manual}
subsets:
- addresses: [{ip: 10.233.1.1}, {ip: 10.233.1.2}]
  ports: [{port: 8080}]
"""


@pytest.fixture
def session():
    session = Cluster(seed=4, files={"manual.yaml": MANUAL.encode()}).session()
    assert session.run("kubectl create -f manual.yaml").exit_code == 0
    return session


def slice_of(session, service: str) -> str:
    return session.run(f"kubectl get endpointslices -l kubernetes.io/service-name={service} -o name").stdout.strip()


def test_a_selector_service_gets_a_generated_slice_with_three_addresses_then_more(session):
    session.run("kubectl create deployment web --image=whatwant/node-web:1.0 --replicas=5")
    session.run("kubectl expose deployment web --port=80 --target-port=8080")
    session.run("sleep 5")
    name = slice_of(session, "web")
    assert re.fullmatch(r"endpointslice\.discovery\.k8s\.io/web-[bcdfghjklmnpqrstvwxz2456789]{5}", name)
    row = session.run(f"kubectl get {name} --no-headers").stdout.split()
    assert row[1:3] == ["IPv4", "8080"]
    assert re.fullmatch(r"(\d+\.){3}\d+,(\d+\.){3}\d+,(\d+\.){3}\d+", row[3])
    assert row[4:7] == ["+", "2", "more..."]
    labels = session.run(f"kubectl get {name} -o jsonpath={{.metadata.labels}}").stdout
    assert '"endpointslice.kubernetes.io/managed-by":"endpointslice-controller.k8s.io"' in labels


def test_a_selector_with_no_pods_keeps_an_empty_slice(session):
    session.run("kubectl create service clusterip lonely --tcp=80:80")
    name = slice_of(session, "lonely")
    assert session.run(f"kubectl get {name} --no-headers").stdout.split()[1:4] == ["IPv4", "<unset>", "<unset>"]


def test_hand_written_endpoints_are_mirrored(session):
    name = slice_of(session, "manual")
    assert name.startswith("endpointslice.discovery.k8s.io/manual-")
    text = session.run(f"kubectl get {name} -o yaml").stdout
    assert "endpointslice.kubernetes.io/managed-by: endpointslicemirroring-controller.k8s.io\n" in text
    assert session.run(f"kubectl get {name} --no-headers").stdout.split()[1:4] == [
        "IPv4", "8080", "10.233.1.1,10.233.1.2"]


def test_the_kubernetes_service_slice_is_named_after_it(session):
    result = session.run("kubectl get endpointslice kubernetes")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].split() == ["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"]
    assert result.stdout.splitlines()[1].split()[:4] == ["kubernetes", "IPv4", "6443", "192.168.100.200"]


def test_deleting_the_service_deletes_its_slices(session):
    session.run("kubectl delete svc manual")
    assert slice_of(session, "manual") == ""
