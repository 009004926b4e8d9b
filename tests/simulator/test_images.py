"""What each image ships: a program the real image lacks fails in a pod as it does on containerd.

Independent truth: kubernetes `test/images/jessie-dnsutils/Dockerfile` installs only
`dnsutils` on debian:jessie (nslookup, dig, host; no curl, no ping, no wget); the lecture's
`whatwant/node-web` is `FROM node:latest` of 2021, i.e. buildpack-deps:buster, which adds
curl and wget but neither dnsutils nor iputils-ping.
"""

from __future__ import annotations

import pytest

from simulator import Cluster
from simulator.apps.images import IMAGES

JESSIE = "k8s.gcr.io/e2e-test-images/jessie-dnsutils:1.3"
CLIENT_POD = f"""apiVersion: v1
kind: Pod
metadata:
  name: client
spec:
  containers:
  - name: dnsutils
    image: {JESSIE}
    command: ["sleep", "3600"]
  - name: web
    image: whatwant/node-web:1.0
""".encode()


def runtime_cannot_find(program: str, result) -> bool:
    """The OCI runtime's words, which every runtime version shares, and a failed exec.

    The text around them is not pinned here: with containerd's CRI (the course's runtime)
    kubectl says `error: Internal error occurred: ... failed to start exec "<id>": OCI
    runtime exec failed: ...` and exits 1, with dockershim `command terminated with exit
    code 126`; runc 1.1 reads `unable to start container process:` where 1.0 reads
    `container_linux.go:380: starting container process caused:`.
    """
    return ("OCI runtime exec failed: exec failed:" in result.output
            and f'exec: "{program}": executable file not found in $PATH: unknown\n' in result.output
            and result.exit_code != 0)


@pytest.fixture
def session():
    cluster = Cluster(seed=7, files={"client.yaml": CLIENT_POD})
    session = cluster.session(echo=False)
    session.run("kubectl run dnsutils --image=" + JESSIE + " -- sleep 3600")
    session.run("kubectl apply -f client.yaml")
    session.run("kubectl run web --image=whatwant/node-web:1.0")
    session.run("kubectl create service clusterip svc-web --tcp=80:8080")
    return session


@pytest.mark.parametrize("program", ["curl", "ping", "wget"])
def test_exec_of_a_program_jessie_dnsutils_lacks_is_the_runtimes_error(session, program):
    assert runtime_cannot_find(program, session.run(f"kubectl exec dnsutils -- {program} svc-web"))


def test_bash_in_a_jessie_dnsutils_pod_does_not_find_curl(session):
    session.run("kubectl exec -it dnsutils -- bash")
    result = session.run("curl -s http://svc-web")
    assert (result.output, result.exit_code) == ("bash: curl: command not found\n", 127)


@pytest.mark.parametrize("line", ["nslookup kubernetes", "dig +short kubernetes.default.svc.cluster.local",
                                  "cat /etc/resolv.conf", "hostname", "sleep 0"])
def test_jessie_dnsutils_runs_its_dns_tools_and_the_debian_base(session, line):
    assert session.run(f"kubectl exec dnsutils -- {line}").exit_code == 0


@pytest.mark.parametrize("program", ["nslookup", "ping", "dig"])
def test_node_web_has_no_dns_tools_or_ping(session, program):
    assert runtime_cannot_find(program, session.run(f"kubectl exec web -- {program} svc-web"))


def test_curl_runs_in_the_second_container_named_with_dash_c(session):
    result = session.run("kubectl exec client -c web -- curl -s http://svc-web.default.svc.cluster.local")
    # svc-web has no endpoints: refused, so curl ran and reached the ClusterIP
    assert result.exit_code == 7 and "executable file not found" not in result.output


def test_curl_without_dash_c_runs_in_the_default_container_and_is_not_found(session):
    result = session.run("kubectl exec client -- curl -s http://svc-web")
    assert result.output.startswith('Defaulted container "dnsutils" out of: dnsutils, web\n')
    assert runtime_cannot_find("curl", result)


def test_every_image_says_where_its_program_list_comes_from():
    undocumented = [name for name, image in IMAGES.items() if not image.programs_from.strip()]
    assert undocumented == []


def test_no_image_claims_a_program_its_source_says_it_lacks():
    assert not {"curl", "ping", "wget"} & IMAGES["k8s.gcr.io/e2e-test-images/jessie-dnsutils"].programs
    assert not {"nslookup", "dig", "ping"} & IMAGES["whatwant/node-web"].programs
