"""Week 7: ConfigMaps, Secrets and the downward API reaching a container, as the v1.23 kubelet
makes them (kubelet_pods.go makeEnvironmentVariables, pkg/fieldpath FormatMap; expected texts
written by hand from that source), and the slides' lines quoted with their numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simulator import Cluster

WEEK7 = Path("/work/shared/course/07-ConfigMap-Secret-downwardAPI")
if not WEEK7.exists():
    pytest.skip("the course files are not on this machine (/work/shared/course)", allow_module_level=True)
SLIDES = (WEEK7 / "slides.txt").read_text().split("\n")  # form feeds are no line breaks here


def quoted(first: int, last: int, text: str) -> list[str]:
    lines = SLIDES[first - 1:last]
    assert lines == text.split("\n"), f"slides.txt:{first}-{last} differ from the quote"
    return lines


@pytest.fixture
def shell():
    cluster = Cluster(seed=4, files=WEEK7 / "hands-on")
    return cluster.session()


def test_envfrom_waits_for_its_configmap_then_the_keys_are_in_the_environment(shell):
    shell.run("kubectl create -f pod-ConfigMap.yaml")
    shell.run("sleep 10")  # its volume's ConfigMap is missing too: no sandbox yet (kubelet.go syncPod)
    assert "ContainerCreating" in shell.run("kubectl get pods pod-configmap").stdout
    shell.run("kubectl create -f cm-volume.yaml")
    shell.run("sleep 10")
    assert "CreateContainerConfigError" in shell.run("kubectl get pods pod-configmap").stdout
    events = shell.run("kubectl describe pod pod-configmap").stdout
    assert re.search(r'Warning\s+Failed\s+\S+\s+kubelet\s+Error: configmap "cm-envfrom" not found', events)
    shell.run("kubectl create -f cm-envFrom.yaml")
    shell.run("sleep 10")
    assert " Running " in shell.run("kubectl get pods pod-configmap").stdout
    printed = shell.run("kubectl exec -it pod-configmap -- printenv").stdout.splitlines()
    # slides.txt 267-274; NJS_VERSION is the nginx image's own ENV, which the simulator does not carry,
    # and the kubelet's order is a Go map's, so each line is looked for, not its place
    for line in quoted(271, 273, "ssl-protocols=SSLv2\nmap-hash-bucket-size=128\nKUBERNETES_SERVICE_PORT=443"):
        assert line in printed
    # the configMap volume's key, through subPath, is the file nginx serves
    served = shell.run("kubectl exec pod-configmap -- cat /usr/share/nginx/html/index.html").stdout
    assert served == "<html>\n<h1>Hello from ConfigMap</h1>\n</html>"  # cm-volume.yaml's `|-`: no final newline


KEYREF = """apiVersion: v1
kind: Pod
metadata: {name: keyref}
spec:
  containers:
  - name: c
    image: busybox
    command: ["sleep", "3600"]
    env:
    - name: LEVEL
      valueFrom: {configMapKeyRef: {name: settings, key: level}}
    - name: MAYBE
      valueFrom: {configMapKeyRef: {name: settings, key: absent, optional: true}}
    - name: PASSWORD
      valueFrom: {secretKeyRef: {name: creds, key: password}}
    - name: GREETING
      value: "level $(LEVEL) on $(NODE)"
    - name: NODE
      valueFrom: {fieldRef: {fieldPath: spec.nodeName}}
"""


def test_a_missing_key_stops_the_container_until_it_is_there(tmp_path):
    (tmp_path / "keyref.yaml").write_text(KEYREF)
    cluster = Cluster(seed=4, files=tmp_path)
    shell = cluster.session()
    shell.run("kubectl create configmap settings --from-literal=other=1")
    shell.run("kubectl create secret generic creds --from-literal=password=s3cret")
    shell.run("kubectl apply -f keyref.yaml")
    shell.run("sleep 10")
    pod = cluster.get("pods", "keyref")
    waiting = pod["status"]["containerStatuses"][0]["state"]["waiting"]
    assert waiting == {"reason": "CreateContainerConfigError",
                       "message": "couldn't find key level in ConfigMap default/settings"}
    shell.run("kubectl delete configmap settings")
    shell.run("kubectl create configmap settings --from-literal=level=7")
    shell.run("sleep 10")
    env = shell.run("kubectl exec keyref -- env").stdout.splitlines()
    node = cluster.get("pods", "keyref")["spec"]["nodeName"]
    assert "LEVEL=7" in env and "PASSWORD=s3cret" in env  # a Secret's value decoded
    assert not any(line.startswith("MAYBE=") for line in env)  # optional and absent: not set
    assert "GREETING=level 7 on $(NODE)" in env  # $(NODE) is defined after GREETING: left as written
    assert f"NODE={node}" in env


def test_the_downward_api_volume_holds_labels_and_annotations_as_the_slides_log_them(shell):
    shell.run("kubectl create -f pod-downwardAPI.yaml")
    shell.run("sleep 10")
    name = "kubernetes-downwardapi-volume-example"
    got = shell.run(f"kubectl exec {name} -- cat /etc/podinfo/labels").stdout
    assert got.split("\n") == quoted(714, 716, 'cluster="test-cluster1"\nrack="rack-22"\nzone="us-est-coast"')
    got = shell.run(f"kubectl exec {name} -- cat /etc/podinfo/annotations").stdout.split("\n")
    expected = quoted(718, 721, 'build="two"\nbuilder="john-doe"\n'
                      'kubernetes.io/config.seen="2022-09-03T07:45:58.731423677+09:00"\n'
                      'kubernetes.io/config.source="api"')
    seen = re.compile(r'kubernetes\.io/config\.seen="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}\+09:00"')
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        assert (seen.fullmatch(g) and seen.fullmatch(e)) or g == e, (g, e)
    result = shell.run(f"kubectl exec {name} -- sh -c 'echo x > /etc/podinfo/labels'")
    assert "Read-only file system" in result.output


def test_the_downward_api_pod_s_loop_logs_its_files_every_five_seconds_as_slides_712_to_722(shell):
    shell.run("kubectl create -f pod-downwardAPI.yaml")
    shell.run("sleep 8")  # slides.txt 708: the pod is 8s old when the log is read
    assert SLIDES[711] == "remote ❯ kubectl logs kubernetes-downwardapi-volume-example"  # slides.txt 712
    log = shell.run("kubectl logs kubernetes-downwardapi-volume-example").stdout
    # The loop's first `echo -en '\n\n'` opens the log with two empty lines; the slide shows the one
    # blank line it puts after every command (713, as 705 and 709), so the comparison starts at 714.
    assert log.startswith("\n\ncluster=")
    printed = log.lstrip("\n").split("\n")
    expected = quoted(714, 721, 'cluster="test-cluster1"\nrack="rack-22"\nzone="us-est-coast"\n\nbuild="two"\n'
                      'builder="john-doe"\nkubernetes.io/config.seen="2022-09-03T07:45:58.731423677+09:00"\n'
                      'kubernetes.io/config.source="api"')
    seen = re.compile(r'kubernetes\.io/config\.seen="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}\+09:00"')
    for number, (got, want) in enumerate(zip(printed, expected), start=714):
        assert (seen.fullmatch(got) and seen.fullmatch(want)) or got == want, (number, got, want)
    assert SLIDES[721] == "..."  # slides.txt 722: the slide cuts the log here; the loop goes on
    assert printed[8:10] == ["", 'cluster="test-cluster1"']  # the next round, 5 s later, after its '\n\n'
    rounds = log.count('cluster="test-cluster1"')
    shell.run("sleep 10")  # two more rounds of `sleep 5`, or three: each typed command takes simulated time too
    later = shell.run("kubectl logs kubernetes-downwardapi-volume-example").stdout.count('cluster="test-cluster1"')
    assert later - rounds in (2, 3)


def test_the_kubelet_expands_env_references_in_args_and_the_log_has_the_echo(shell):
    shell.run("kubectl create -f pod-env.yaml")
    shell.run("sleep 5")
    line = SLIDES[117]  # slides.txt 118, the right-hand column of a two-column slide
    assert line.strip() == "One, Two, Three"
    assert shell.run("kubectl logs pod-env").stdout == line.strip() + "\n"


SECRET_VOLUME = """apiVersion: v1
kind: Pod
metadata: {name: mounts}
spec:
  containers:
  - name: c
    image: busybox
    command: ["sleep", "3600"]
    volumeMounts: [{name: creds, mountPath: /etc/creds, readOnly: true}]
  volumes:
  - name: creds
    secret:
      secretName: creds
      items: [{key: password, path: pw}]
"""


def test_a_volume_whose_secret_is_missing_keeps_the_pod_creating_until_it_exists(tmp_path):
    """Volumes mount before the sandbox (kubelet.go syncPod): no address, FailedMount with
    operation_generator.go's `MountVolume.SetUp failed for volume "NAME" : ` and secret.go's error."""
    (tmp_path / "mounts.yaml").write_text(SECRET_VOLUME)
    cluster = Cluster(seed=4, files=tmp_path)
    shell = cluster.session()
    shell.run("kubectl apply -f mounts.yaml")
    shell.run("sleep 20")
    pod = cluster.get("pods", "mounts")
    assert pod["status"]["containerStatuses"][0]["state"] == {"waiting": {"reason": "ContainerCreating"}}
    assert "podIP" not in pod["status"]
    described = shell.run("kubectl describe pod mounts").stdout
    assert re.search(r'Warning\s+FailedMount\s+\S+(?: \(x\d+ over \S+\))?\s+kubelet\s+'
                     r'MountVolume\.SetUp failed for volume "creds" : secret "creds" not found\n', described)
    shell.run("kubectl create secret generic creds --from-literal=user=u")  # the item's key is not there
    shell.run("sleep 5")
    assert ('MountVolume.SetUp failed for volume "creds" : references non-existent secret key: password'
            in shell.run("kubectl describe pod mounts").stdout)
    shell.run("kubectl delete secret creds")
    shell.run("kubectl create secret generic creds --from-literal=password=s3cret")
    shell.run("sleep 5")
    assert " Running " in shell.run("kubectl get pods mounts").stdout
    assert shell.run("kubectl exec mounts -- cat /etc/creds/pw").stdout == "s3cret"


def test_the_api_server_refuses_downward_fields_the_kubelet_cannot_give(tmp_path):
    """validation.go validateObjectFieldSelector with validEnvDownwardAPIFieldPathExpressions and
    validVolumeDownwardAPIFieldPathExpressions (v1.23); the texts written by hand from it."""
    env_labels = KEYREF.replace("spec.nodeName", "metadata.labels")
    (tmp_path / "env.yaml").write_text(env_labels)
    (tmp_path / "vol.yaml").write_text("""apiVersion: v1
kind: Pod
metadata: {name: vol}
spec:
  containers: [{name: c, image: busybox, env: [{name: A, valueFrom: {resourceFieldRef: {resource: limits.gpu}}}]}]
  volumes:
  - name: info
    downwardAPI:
      items:
      - {path: node, fieldRef: {fieldPath: spec.nodeName}}
      - {path: one, fieldRef: {fieldPath: "metadata.name['x']"}}
      - {path: bad, fieldRef: {fieldPath: spec.foo}}
""")
    shell = Cluster(seed=4, files=tmp_path).session()
    assert shell.run("kubectl apply -f env.yaml").output == (
        'The Pod "keyref" is invalid: spec.containers[0].env[4].valueFrom.fieldRef.fieldPath: Unsupported value: '
        '"metadata.labels": supported values: "metadata.name", "metadata.namespace", "metadata.uid", '
        '"spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.podIP", "status.podIPs"\n')
    printed = shell.run("kubectl apply -f vol.yaml").output
    assert printed.startswith('The Pod "vol" is invalid: \n* spec.volumes[0].downwardAPI.items[0].fieldRef.fieldPath: '
                              'Unsupported value: "spec.nodeName": supported values: "metadata.annotations", '
                              '"metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid"\n')
    assert ("* spec.volumes[0].downwardAPI.items[1].fieldRef: Invalid value: \"metadata.name\": "
            "does not support subscript\n") in printed
    assert ("* spec.volumes[0].downwardAPI.items[2].fieldRef.fieldPath: Invalid value: \"spec.foo\": "
            "error converting fieldPath: field label not supported: spec.foo\n") in printed
    assert ('* spec.containers[0].env[0].valueFrom.resourceFieldRef.resource: Unsupported value: "limits.gpu": '
            'supported values: "limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", '
            '"requests.ephemeral-storage", "requests.memory"') in printed
