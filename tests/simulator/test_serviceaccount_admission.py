"""The ServiceAccount admission plugin and its token volume, and the root CA publisher, as v1.23 has them.

Truth: the slides' `kubectl describe pods` (week 6 lines 720-727, week 7 lines 384-399, week 8
line 887) and `kubectl get configmaps` (week 7 line 290), quoted with their line numbers; the
volume's shape from plugin/pkg/admission/serviceaccount/admission.go (`TokenVolumeSource`,
`mountServiceAccountToken`, `shouldAutomount`), written here by hand.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest
import yaml

from simulator import Cluster

COURSE = Path("/work/shared/course")
if not COURSE.exists():
    pytest.skip("the course files are not on this machine (/work/shared/course)", allow_module_level=True)


def slide_line(week: str, number: int) -> str:
    return (COURSE / week / "slides.txt").read_text().split("\n")[number - 1]


def right_column(week: str, number: int, text: str) -> list[str]:
    """The quote's words, after checking the slide's line (two columns side by side) ends with it."""
    line = slide_line(week, number)
    assert " ".join(line.split()).endswith(" ".join(text.split())), f"{week}/slides.txt:{number}: {line!r}"
    return text.split()


def masked(words: list[str]) -> list[str]:
    """The volume's five random characters are the API server's SimpleNameGenerator's."""
    return [re.sub(r"^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}", "kube-api-access-xxxxx", w) for w in words]


W6, W7, W8 = "06-emptyDir-hostPath-PV", "07-ConfigMap-Secret-downwardAPI", "08-Deployment-StatefulSet"


@pytest.fixture
def shell():
    return Cluster(seed=4, files=COURSE / W7 / "hands-on").session()


def test_describe_prints_the_injected_volume_as_the_slides_do(shell):
    shell.run("kubectl run web --image=nginx:latest")
    shell.run("sleep 10")
    lines = [line.split() for line in shell.run("kubectl describe pods web").stdout.splitlines()]
    mount = right_column(W7, 386, "/var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-ggr4n (ro)")
    assert masked(mount) in [masked(line) for line in lines]
    assert masked(right_column(W8, 887, "/var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-ntpvg (ro)")) == masked(mount)
    start = next(i for i, line in enumerate(lines) if line == ["Volumes:"])
    wanted = [masked(right_column(W7, 394, "kube-api-access-ggr4n:")),
              # week 7 abridges the type (line 395); week 6 prints it whole
              right_column(W6, 723, "Type:                    Projected (a volume that contains injected data from multiple sources)"),
              right_column(W7, 396, "TokenExpirationSeconds: 3607"),
              right_column(W7, 397, "ConfigMapName:            kube-root-ca.crt"),
              right_column(W7, 398, "ConfigMapOptional:        <nil>"),
              right_column(W7, 399, "DownwardAPI:              true")]
    assert [masked(line) for line in lines[start + 1:start + 1 + len(wanted)]] == wanted
    assert right_column(W6, 724, "TokenExpirationSeconds: 3607") == wanted[2]


def test_the_pod_yaml_holds_the_account_and_the_projected_volume(shell):
    shell.run("kubectl run web --image=nginx:latest")
    pod = yaml.safe_load(shell.run("kubectl get pod web -o yaml").stdout)
    spec = pod["spec"]
    assert spec["serviceAccountName"] == "default" and spec["serviceAccount"] == "default"
    (volume,) = spec["volumes"]
    assert re.fullmatch(r"kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}", volume["name"])
    assert volume["projected"] == {"defaultMode": 420, "sources": [
        {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
        {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}},
        {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"},
                                    "path": "namespace"}]}}]}
    assert spec["containers"][0]["volumeMounts"] == [
        {"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "name": volume["name"], "readOnly": True}]


def test_every_container_and_init_container_mounts_it_unless_it_mounts_that_path_itself(shell):
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "two"}, "spec": {
        "initContainers": [{"name": "init", "image": "busybox", "command": ["true"]}],
        "containers": [{"name": "a", "image": "nginx"},
                       {"name": "b", "image": "nginx", "volumeMounts": [
                           {"name": "own", "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"}]}],
        "volumes": [{"name": "own", "emptyDir": {}}]}}
    shell.run(f"echo '{json.dumps(pod)}' | kubectl create -f -")
    spec = json.loads(shell.run("kubectl get pod two -o json").stdout)["spec"]
    token = next(v["name"] for v in spec["volumes"] if "projected" in v)
    assert [m["name"] for m in spec["initContainers"][0]["volumeMounts"]] == [token]
    assert [m["name"] for m in spec["containers"][0]["volumeMounts"]] == [token]
    assert [m["name"] for m in spec["containers"][1]["volumeMounts"]] == ["own"]


def create_pod(shell, name: str, **spec):
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
           "spec": {"containers": [{"name": "c", "image": "nginx"}], **spec}}
    return shell.run(f"echo '{json.dumps(pod)}' | kubectl create -f -")


def test_automount_false_on_the_pod_or_its_account_leaves_the_volume_out(shell):
    shell.run("kubectl create serviceaccount quiet")
    shell.run("kubectl patch serviceaccount quiet -p '{\"automountServiceAccountToken\": false}'")
    create_pod(shell, "a", serviceAccountName="quiet")
    create_pod(shell, "b", automountServiceAccountToken=False)
    create_pod(shell, "c", serviceAccountName="quiet", automountServiceAccountToken=True)  # the pod's wins
    for name, mounted in (("a", False), ("b", False), ("c", True)):
        spec = json.loads(shell.run(f"kubectl get pod {name} -o json").stdout)["spec"]
        assert bool(spec.get("volumes")) is mounted, name
    assert json.loads(shell.run("kubectl get pod a -o json").stdout)["spec"]["serviceAccountName"] == "quiet"
    shell.run("sleep 10")
    shell.run("kubectl exec -it a -- /bin/bash")
    out = shell.run("ls /var/run/secrets/kubernetes.io/serviceaccount")
    assert "No such file or directory" in out.output


def test_a_missing_account_is_refused_as_the_plugin_words_it(shell):
    out = create_pod(shell, "x", serviceAccountName="ghost")
    assert out.output == ('Error from server (Forbidden): error when creating "STDIN": pods "x" is forbidden: '
                          'error looking up service account default/ghost: serviceaccount "ghost" not found\n')


def test_a_pod_created_with_its_namespace_is_admitted(shell):
    both = {"apiVersion": "v1", "kind": "List", "items": [
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "fresh"}},
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "fresh"},
         "spec": {"containers": [{"name": "c", "image": "nginx"}]}}]}
    out = shell.run(f"echo '{json.dumps(both)}' | kubectl apply -f -")
    assert out.output == "namespace/fresh created\npod/p created\n"


def test_kube_root_ca_crt_is_in_every_namespace_and_comes_back(shell):
    row = right_column(W7, 290, "kube-root-ca.crt   1      43d")
    listing = [line.split() for line in shell.run("kubectl get configmaps").stdout.splitlines()]
    assert listing[0] == ["NAME", "DATA", "AGE"] and [r[:2] for r in listing[1:]] == [row[:2]]
    shell.run("kubectl create namespace team")
    assert "kube-root-ca.crt" in shell.run("kubectl get configmaps -n team").stdout
    shell.run("kubectl delete configmap kube-root-ca.crt -n team")
    assert "kube-root-ca.crt" in shell.run("kubectl get configmaps -n team").stdout


def test_the_files_inside_the_pod_are_the_token_the_ca_and_the_namespace(shell):
    shell.run("kubectl create namespace team")
    shell.run("kubectl run web --image=nginx -n team")
    shell.run("sleep 10")
    ca = shell.run("kubectl get configmap kube-root-ca.crt -n team -o jsonpath='{.data.ca\\.crt}'").stdout
    shell.run("kubectl exec -it web -n team -- /bin/bash")
    directory = "/var/run/secrets/kubernetes.io/serviceaccount"
    assert shell.run(f"cat {directory}/ca.crt").stdout == ca
    assert shell.run(f"cat {directory}/namespace").stdout == "team"
    token = shell.run(f"cat {directory}/token").stdout
    claims = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
    assert claims["sub"] == "system:serviceaccount:team:default"
    assert claims["kubernetes.io"]["pod"]["name"] == "web" and claims["exp"] - claims["iat"] == 365 * 24 * 3600
    assert claims["kubernetes.io"]["warnafter"] - claims["iat"] == 3607
    assert "Read-only file system" in shell.run(f"echo x > {directory}/token").output
    who = shell.run(f'curl -s --cacert {directory}/ca.crt -H "Authorization: Bearer $(cat {directory}/token)" '
                    "https://kubernetes/api/v1/namespaces/team/pods").stdout
    assert 'User \\"system:serviceaccount:team:default\\" cannot list resource \\"pods\\"' in who
