"""Week 10, PodSecurityPolicy: the admission plugin turned on in the master's static pod manifest,
policies chosen by RBAC `use`, and the refusals with v1.23's texts.

Truth: the slides (10-ResourceMgmt-Monitoring-PodSecurityPolicy/slides.txt, quoted by line) and the
v1.23 source: plugin/pkg/admission/security/podsecuritypolicy/admission.go (policies the user or the
pod's ServiceAccount may `use`, tried in name order; `PodSecurityPolicy: unable to admit pod: %v` of
the field errors, `no providers available to validate pod request`; the `kubernetes.io/psp`
annotation) and pkg/security/podsecuritypolicy/provider.go (the field errors' texts). Where the
slides' cluster (v1.22.5; the describe slide even shows a v1.20.7 API server on docker) differs,
1.23 decides, and the test says so.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator import Cluster
from simulator.registry.kinds import by_kind

SLIDES = Path("/work/shared/course/10-ResourceMgmt-Monitoring-PodSecurityPolicy/slides.txt")
MANIFEST = "/etc/kubernetes/manifests/kube-apiserver.yaml"

# slide lines 788-803 (both columns): inbox/psp/podsecuritypolicy.yaml
PRIVILEGED_PSP = """apiVersion: policy/v1beta1
kind: PodSecurityPolicy
metadata:
  name: privileged
  annotations:
    seccomp.security.alpha.kubernetes.io/allowedProfileNames: '*'
spec:
  privileged: true
  allowPrivilegeEscalation: true
  allowedCapabilities:
  - '*'
  volumes:
  - '*'
  hostNetwork: true
  hostPorts:
  - min: 0
    max: 65535
  hostIPC: true
  hostPID: true
  runAsUser:
    rule: 'RunAsAny'
  seLinux:
    rule: 'RunAsAny'
  supplementalGroups:
    rule: 'RunAsAny'
  fsGroup:
    rule: 'RunAsAny'
"""
# slide lines 808-827: inbox/psp/clusterrole.yaml and clusterrolebinding.yaml
CLUSTER_ROLE = """apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: privileged-psp
rules:
- apiGroups: ['policy']
  resources: ['podsecuritypolicies']
  verbs:     ['use']
  resourceNames:
  - privileged
"""
BINDING = """apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: privileged-psp-system-authenticated
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: privileged-psp
subjects:
  - kind: Group
    apiGroup: rbac.authorization.k8s.io
    name: system:authenticated
"""
# slide lines 896-912: inbox/psp/pod-non-privileged.yaml and pod-privileged.yaml
NON_PRIVILEGED = """apiVersion: v1
kind: Pod
metadata:
  name: pod-non-privileged
spec:
  containers:
  - name: main
    image: alpine
    command: ["/bin/sleep", "999999"]
"""
PRIVILEGED = """apiVersion: v1
kind: Pod
metadata:
  name: pod-privileged
spec:
  containers:
  - name: main
    image: alpine
    command: ["/bin/sleep", "999999"]
    securityContext:
      privileged: true
"""
RESTRICTED = PRIVILEGED_PSP.replace("name: privileged\n", "name: restricted\n").replace("privileged: true", "privileged: false")
FILES = {"podsecuritypolicy.yaml": PRIVILEGED_PSP, "clusterrole.yaml": CLUSTER_ROLE, "clusterrolebinding.yaml": BINDING,
         "pod-non-privileged.yaml": NON_PRIVILEGED, "pod-privileged.yaml": PRIVILEGED, "restricted.yaml": RESTRICTED}


def slide_lines(first: int, last: int) -> list[str]:
    return SLIDES.read_text(encoding="utf-8").split("\n")[first - 1:last]


def cluster() -> Cluster:
    return Cluster(seed=3, files={name: text.encode() for name, text in FILES.items()})


def enable_by_nano(session) -> None:
    """Slide lines 840-842: ssh to the master, cd to the manifests, sudo nano the API server's manifest."""
    session.run("ssh vagrant@192.168.100.200")
    assert session.run("cd /etc/kubernetes/manifests/").exit_code == 0
    opened = session.run("sudo nano ./kube-apiserver.yaml")
    assert opened.editing is not None and opened.editing.path == MANIFEST
    edited = opened.editing.content.replace("--enable-admission-plugins=NodeRestriction\n",
                                            "--enable-admission-plugins=NodeRestriction,PodSecurityPolicy\n")
    assert edited != opened.editing.content
    assert session.finish_edit(edited).exit_code == 0
    session.run("exit")


def test_the_masters_manifest_holds_the_flags_the_slide_shows_in_their_order():
    """Slide lines 848-861. The slide indents its last four flags by two more spaces (a slide artefact,
    YAML that would not parse as a list item of `command`); the file keeps one list."""
    shown = [line.strip() for line in slide_lines(848, 861) if line.strip().startswith("- ")]
    session = cluster().session()
    session.run("ssh vagrant@192.168.100.200")
    text = session.run(f"sudo cat {MANIFEST}").stdout
    flags = [line.strip() for line in text.splitlines() if line.strip().startswith("- ")]
    expected = [f.replace(",PodSecurityPolicy", "") for f in shown]  # the slide shows it after the edit
    start = flags.index(expected[0])
    assert flags[start:start + len(expected)] == expected


def test_nano_saves_the_manifest_and_the_api_server_comes_back_with_the_plugin():
    c = cluster()
    session = c.session(interactive=True)
    enable_by_nano(session)
    refused = session.run("kubectl get pods")
    assert refused.exit_code == 1
    assert refused.output == ("The connection to the server 192.168.100.200:6443 was refused - "
                              "did you specify the right host or port?\n")
    session.run("sleep 45")
    assert "PodSecurityPolicy" in c.store.admission_plugins
    no_policy = session.run("kubectl create -f pod-non-privileged.yaml")
    assert no_policy.output == ('Error from server (Forbidden): error when creating "pod-non-privileged.yaml": '
                                'pods "pod-non-privileged" is forbidden: PodSecurityPolicy: no providers available '
                                "to validate pod request\n")


def test_the_slides_privileged_policy_admits_both_pods_and_names_itself_on_them():
    """Slide lines 913-917 and the `ls /dev` of both pods on lines 920-: both are created."""
    c = cluster()
    session = c.session(interactive=True)
    for name in ("podsecuritypolicy.yaml", "clusterrole.yaml", "clusterrolebinding.yaml"):
        assert session.run(f"kubectl create -f ./{name}").exit_code == 0
    enable_by_nano(session)
    session.run("sleep 45")
    assert session.run("kubectl create -f ./pod-non-privileged.yaml").output == "pod/pod-non-privileged created\n"
    assert session.run("kubectl create -f ./pod-privileged.yaml").output == "pod/pod-privileged created\n"
    annotations = session.run("kubectl get pods pod-privileged pod-non-privileged "
                              "-o jsonpath='{.items[*].metadata.annotations.kubernetes\\.io/psp}'")
    assert annotations.output == "privileged privileged"
    # the kubelet's new mirror pod (system:node:master is authenticated) carries the new flag: slide line 889
    described = session.run("kubectl describe pod --namespace kube-system kube-apiserver-master").output
    assert "      --enable-admission-plugins=NodeRestriction,PodSecurityPolicy\n" in described


def test_a_policy_without_privileged_refuses_with_the_123_text():
    c = cluster()
    session = c.session(interactive=True)
    enable_by_nano(session)
    session.run("sleep 45")
    session.run("kubectl create -f restricted.yaml")
    refused = session.run("kubectl create -f pod-privileged.yaml")
    assert refused.output == (
        'Error from server (Forbidden): error when creating "pod-privileged.yaml": pods "pod-privileged" is forbidden: '
        "PodSecurityPolicy: unable to admit pod: [spec.containers[0].securityContext.privileged: Invalid value: true: "
        "Privileged containers are not allowed]\n")
    assert session.run("kubectl create -f pod-non-privileged.yaml").exit_code == 0


def test_a_controllers_pod_is_admitted_only_by_a_policy_its_service_account_may_use():
    """kubectl is kubernetes-admin (system:masters may use any policy); a ReplicaSet's pod is asked
    for by the replicaset-controller and its ServiceAccount, who may use none here. Mutating admission
    runs before the name is generated, so the refusal names the prefix."""
    c = cluster()
    session = c.session(interactive=True)
    session.run("kubectl create -f restricted.yaml")
    enable_by_nano(session)
    session.run("sleep 45")
    session.run("kubectl create deployment web --image=nginx")
    session.run("sleep 5")
    events = session.run("kubectl get events --field-selector reason=FailedCreate -o jsonpath='{.items[0].message}'")
    assert events.output.startswith('Error creating: pods "web-')
    assert events.output.endswith('-" is forbidden: PodSecurityPolicy: no providers available to validate pod request')
    session.run("kubectl create clusterrole use-restricted --verb=use --resource=podsecuritypolicies "
                "--resource-name=restricted")
    session.run("kubectl create rolebinding use-restricted --clusterrole=use-restricted "
                "--group=system:serviceaccounts:default")
    session.run("sleep 20")
    running = c.store.list(by_kind("Pod"), "default")
    web = [p for p in running if p.labels.get("app") == "web"]
    assert web and all(p.metadata.annotations.get("kubernetes.io/psp") == "restricted" for p in web)


@pytest.mark.parametrize("spec, error", [
    ("hostNetwork: true", "spec.securityContext.hostNetwork: Invalid value: true: Host network is not allowed to be used"),
    ("hostPID: true", "spec.securityContext.hostPID: Invalid value: true: Host PID is not allowed to be used"),
    ("volumes: [{name: h, hostPath: {path: /tmp}}]",
     'spec.volumes[0]: Invalid value: "hostPath": hostPath volumes are not allowed to be used'),
])
def test_other_provider_checks_keep_their_texts(spec, error):
    # `projected` stays allowed: 1.23's ServiceAccount admission gives every pod its kube-api-access volume
    policy = RESTRICTED.replace("  hostNetwork: true\n", "").replace("  hostIPC: true\n  hostPID: true\n", "") \
        .replace("  - '*'\n  hostPorts", "  - configMap\n  - projected\n  hostPorts")
    pod = NON_PRIVILEGED.replace("spec:\n", f"spec:\n  {spec}\n", 1)
    c = Cluster(seed=3, files={"p.yaml": pod.encode(), "psp.yaml": policy.encode()})
    c.store.admission_plugins = frozenset({"NodeRestriction", "PodSecurityPolicy"})
    session = c.session()
    session.run("kubectl create -f psp.yaml")
    refused = session.run("kubectl create -f p.yaml")
    assert refused.output.endswith(f"PodSecurityPolicy: unable to admit pod: [{error}]\n")


def test_a_manifest_naming_an_unknown_plugin_keeps_the_api_server_down_until_fixed():
    c = cluster()
    session = c.session()
    session.run("ssh vagrant@192.168.100.200")
    session.run(f"sudo sed -i 's/NodeRestriction$/NodeRestriction,PodSecurityPolicies/' {MANIFEST}")
    session.run("sleep 120")
    assert session.run("sudo kubectl get nodes").output.startswith("The connection to the server 127.0.0.1:6443 was refused")
    session.run(f"sudo sed -i 's/PodSecurityPolicies/PodSecurityPolicy/' {MANIFEST}")
    session.run("sleep 45")
    assert session.run("sudo kubectl get nodes").exit_code == 0


def test_without_root_the_manifest_cannot_be_changed():
    session = cluster().session()
    session.run("ssh vagrant@192.168.100.200")
    result = session.run(f"sed -i 's/NodeRestriction$/NodeRestriction,PodSecurityPolicy/' {MANIFEST}")
    assert result.output == f"sed: can't read {MANIFEST}: Permission denied\n" and result.exit_code == 2


def test_nano_in_a_script_says_there_is_no_terminal():
    result = cluster().session().run("nano pod.yaml")
    assert result.exit_code == 1 and "no terminal" in result.output


def test_sed_substitutes_like_gnu_sed():
    session = cluster().session()
    assert session.run("echo hello world | sed 's/o/0/g'").output == "hell0 w0rld\n"
    assert session.run("echo hello world | sed 's/o/0/'").output == "hell0 world\n"
    assert session.run("echo a-b | sed 's/\\(a\\)-\\(b\\)/\\2-\\1 [&]/'").output == "b-a [a-b]\n"
    assert session.run("echo aaa | sed 's/a/x/2'").output == "axa\n"


def test_the_kubelet_posts_the_new_mirror_pod_once_the_api_server_is_back():
    """With nothing else written meanwhile (the bench's script found it missing): the new mirror pod,
    admitted for system:node:master by the slides' policy bound to system:authenticated."""
    c = cluster()
    session = c.session()
    for name in ("podsecuritypolicy.yaml", "clusterrole.yaml", "clusterrolebinding.yaml"):
        session.run(f"kubectl create -f ./{name}")
    session.run("ssh vagrant@192.168.100.200")
    session.run(f"sudo sed -i 's/--enable-admission-plugins=NodeRestriction$/&,PodSecurityPolicy/' {MANIFEST}")
    session.run("exit")
    session.run("sleep 60")
    shown = session.run("kubectl get pod -n kube-system kube-apiserver-master "
                        "-o jsonpath='{.metadata.annotations.kubernetes\\.io/psp}'")
    assert shown.output == "privileged"


def test_nano_without_sudo_cannot_read_or_write_the_manifest():
    """kubeadm writes static pod manifests 0600 root: vagrant's nano opens an empty buffer and cannot save."""
    session = cluster().session(interactive=True)
    session.run("ssh vagrant@192.168.100.200")
    session.run("cd /etc/kubernetes/manifests/")
    opened = session.run("nano kube-apiserver.yaml")
    assert opened.editing is not None and opened.editing.content == ""
    saved = session.finish_edit("anything\n")
    assert saved.output == f"[ Error writing {MANIFEST}: Permission denied ]\n" and saved.exit_code == 1


def test_the_restarted_api_servers_mirror_pod_is_a_new_pod():
    """A changed manifest is a new static pod to the kubelet (its config hash changes): a new mirror pod
    with a new container, no restarts, started when the kubelet started it."""
    c = cluster()
    session = c.session()
    for name in ("podsecuritypolicy.yaml", "clusterrole.yaml", "clusterrolebinding.yaml"):
        session.run(f"kubectl create -f ./{name}")
    before = c.store.get(by_kind("Pod"), "kube-system", "kube-apiserver-master")
    session.run("ssh vagrant@192.168.100.200")
    session.run(f"sudo sed -i 's/--enable-admission-plugins=NodeRestriction$/&,PodSecurityPolicy/' {MANIFEST}")
    session.run("exit")
    session.run("sleep 60")
    after = c.store.get(by_kind("Pod"), "kube-system", "kube-apiserver-master")
    assert after.metadata.uid != before.metadata.uid
    status = after.status["containerStatuses"][0]
    assert status["restartCount"] == 0 and status["containerID"] != before.status["containerStatuses"][0]["containerID"]
    row = session.run("kubectl get pod -n kube-system kube-apiserver-master").output.splitlines()[1].split()
    assert row[1:4] == ["1/1", "Running", "0"]


def test_a_containers_dev_holds_what_the_slide_lists():
    """Slide lines 920-925 (left column, up to character 61): `ls /dev` in the non-privileged pod.
    Compared as names: the real ls lays them out in columns on a terminal, the simulator's ls prints
    one a line (a difference of the simulator's ls, not of /dev). The privileged pod's /dev, the
    host's devices (right column, cut by the slide at `...`), is not modelled."""
    lines = slide_lines(920, 925)
    assert lines[0].startswith("remote ❯ kubectl exec -it pod-non-privileged -- ls /dev")
    shown = sorted(name for line in lines[2:] for name in line[:61].split())
    c = cluster()
    session = c.session()
    session.run("kubectl create -f pod-non-privileged.yaml")
    session.run("sleep 5")
    listed = session.run("kubectl exec -it pod-non-privileged -- ls /dev")
    assert sorted(listed.stdout.split()) == shown and len(shown) == 16
