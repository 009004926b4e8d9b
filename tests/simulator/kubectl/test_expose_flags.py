"""`kubectl expose --external-ip` and `--cluster-ip`, as kubectl 1.23's ServiceGeneratorV2 fills them
(staging/src/k8s.io/kubectl/pkg/generate/versioned/service.go: `ExternalIPs = []string{external-ip}`;
`cluster-ip` None makes a headless Service), read by hand."""

from __future__ import annotations

from simulator import Cluster


def test_expose_sets_the_external_ip_and_the_cluster_ip_it_is_given():
    cluster = Cluster(seed=2)
    shell = cluster.session()
    shell.run("kubectl create deployment web --image=whatwant/node-web:1.0")
    assert shell.run("kubectl expose deployment web --port=80 --target-port=8080 "
                     "--external-ip=192.168.100.250").output == "service/web exposed\n"
    assert cluster.get("services", "web")["spec"]["externalIPs"] == ["192.168.100.250"]
    assert "192.168.100.250" in shell.run("kubectl get service web").output.splitlines()[1].split()
    shell.run("kubectl expose deployment web --name=web-headless --port=80 --cluster-ip=None")
    assert cluster.get("services", "web-headless")["spec"]["clusterIP"] == "None"
    assert "externalIPs" not in cluster.get("services", "web-headless")["spec"]
