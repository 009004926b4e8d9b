"""PersistentVolume, PersistentVolumeClaim and StorageClass against Kubernetes 1.23's own source, expected
values written by hand: validation texts (pkg/apis/core/validation ValidatePersistentVolume,
ValidatePersistentVolumeClaimSpec; pkg/apis/storage/validation), `GetAccessModesAsString`, the
printers.go tables, and the binding rules of pv_controller.go / FindMatchingVolume (smallest that
fits, selector, class, access modes, volumeMode, pre-binding) with its event texts and reclaim policies.
"""

from __future__ import annotations

import textwrap

import pytest

from simulator import Cluster
from simulator.files import MemoryFiles
from simulator.kinds.persistentvolume import access_modes_string


def pv(name: str, size: str, modes: str = "ReadWriteOnce", extra: str = "", source: str | None = None,
       policy: str = "Retain", labels: str = "") -> str:
    source = source or f"hostPath:\n    path: /tmp/{name}"
    return textwrap.dedent(f"""\
        apiVersion: v1
        kind: PersistentVolume
        metadata:
          name: {name}
          labels: {{{labels}}}
        spec:
          capacity:
            storage: {size}
          accessModes: [{modes}]
          persistentVolumeReclaimPolicy: {policy}
        """) + "".join(f"  {line}\n" for line in (source + ("\n" + extra if extra else "")).splitlines())


def pvc(name: str, size: str, modes: str = "ReadWriteOnce", extra: str = "") -> str:
    return textwrap.dedent(f"""\
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata:
          name: {name}
        spec:
          accessModes: [{modes}]
          resources:
            requests:
              storage: {size}
        """) + "".join(f"  {line}\n" for line in extra.splitlines())


def cluster_with(files: dict[str, str]) -> tuple[Cluster, object]:
    cluster = Cluster(seed=5, files=MemoryFiles({k: v.encode() for k, v in files.items()}))
    return cluster, cluster.session()


def phase(cluster: Cluster, resource: str, name: str) -> str:
    return cluster.get(resource, name, None if resource == "persistentvolumes" else "default")["status"]["phase"]


def test_access_modes_print_in_a_fixed_order_once_each():
    assert access_modes_string(["ReadWriteMany", "ReadWriteOnce", "ReadWriteOnce"]) == "RWO,RWX"
    assert access_modes_string(["ReadOnlyMany"]) == "ROX"
    assert access_modes_string([]) == ""


def test_the_api_servers_validation_texts():
    bad_claim = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: c\nspec: {}\n"
    no_source = "apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: v\nspec:\n  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n"
    local = pv("l", "1Gi", source="local:\n    path: /mnt/disk")
    odd_mode = pvc("m", "1Gi", modes="ReadWriteAll")
    _, shell = cluster_with({"c.yaml": bad_claim, "v.yaml": no_source, "l.yaml": local, "m.yaml": odd_mode})
    assert shell.run("kubectl create -f c.yaml").stderr == (
        'The PersistentVolumeClaim "c" is invalid: \n'
        "* spec.accessModes: Required value: at least 1 access mode is required\n"
        "* spec.resources[storage]: Required value\n")
    assert shell.run("kubectl create -f v.yaml").stderr == (
        'The PersistentVolume "v" is invalid: spec: Required value: must specify a volume type\n')
    assert shell.run("kubectl create -f l.yaml").stderr == (
        'The PersistentVolume "l" is invalid: metadata.annotations: Required value: Local volume requires node affinity\n')
    assert shell.run("kubectl create -f m.yaml").stderr == (
        'The PersistentVolumeClaim "m" is invalid: spec.accessModes: Unsupported value: "ReadWriteAll": '
        'supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce"\n')


def test_the_smallest_volume_that_fits_is_bound():
    files = {"big.yaml": pv("big", "1Gi"), "small.yaml": pv("small", "200Mi"), "tiny.yaml": pv("tiny", "50Mi"),
             "claim.yaml": pvc("claim", "100Mi")}
    cluster, shell = cluster_with(files)
    for name in files:
        shell.run(f"kubectl create -f {name}")
    shell.run("sleep 2")
    assert cluster.get("persistentvolumeclaims", "claim")["spec"]["volumeName"] == "small"
    claim = cluster.get("persistentvolumeclaims", "claim")
    assert claim["status"] == {"accessModes": ["ReadWriteOnce"], "capacity": {"storage": "200Mi"}, "phase": "Bound"}
    assert claim["metadata"]["annotations"] == {"pv.kubernetes.io/bind-completed": "yes",
                                                "pv.kubernetes.io/bound-by-controller": "yes"}
    volume = cluster.get("persistentvolumes", "small", None)
    assert {k: volume["spec"]["claimRef"][k] for k in ("kind", "namespace", "name", "uid")} == {
        "kind": "PersistentVolumeClaim", "namespace": "default", "name": "claim", "uid": claim["metadata"]["uid"]}
    assert [phase(cluster, "persistentvolumes", n) for n in ("big", "small", "tiny")] == ["Available", "Bound", "Available"]
    table = shell.run("kubectl get pv").stdout.splitlines()
    assert table[0].split() == ["NAME", "CAPACITY", "ACCESS", "MODES", "RECLAIM", "POLICY", "STATUS", "CLAIM",
                                "STORAGECLASS", "REASON", "AGE"]
    assert shell.run("kubectl get pvc claim").stdout.splitlines()[1].split()[:5] == ["claim", "Bound", "small", "200Mi", "RWO"]


def test_selector_class_and_access_modes_decide_which_volume():
    files = {"fast.yaml": pv("fast", "1Gi", labels="speed: fast"), "slow.yaml": pv("slow", "500Mi", labels="speed: slow"),
             "shared.yaml": pv("shared", "2Gi", modes="ReadWriteMany"),
             "classy.yaml": pv("classy", "100Mi", extra="storageClassName: gold"),
             "picky.yaml": pvc("picky", "100Mi", extra="selector:\n  matchLabels: {speed: fast}"),
             "many.yaml": pvc("many", "100Mi", modes="ReadWriteMany"),
             "gold.yaml": pvc("gold", "100Mi", extra="storageClassName: gold")}
    cluster, shell = cluster_with(files)
    for name in files:
        shell.run(f"kubectl create -f {name}")
    shell.run("sleep 2")
    bound = {c: cluster.get("persistentvolumeclaims", c)["spec"].get("volumeName") for c in ("picky", "many", "gold")}
    assert bound == {"picky": "fast", "many": "shared", "gold": "classy"}
    assert phase(cluster, "persistentvolumes", "slow") == "Available"


def test_a_claim_nothing_matches_waits_with_the_controllers_reason():
    files = {"rwo.yaml": pv("rwo", "1Gi"), "many.yaml": pvc("many", "100Mi", modes="ReadWriteMany"),
             "block.yaml": pvc("block", "100Mi", extra="volumeMode: Block")}
    cluster, shell = cluster_with(files)
    for name in files:
        shell.run(f"kubectl create -f {name}")
    shell.run("sleep 2")
    for claim in ("many", "block"):
        assert phase(cluster, "persistentvolumeclaims", claim) == "Pending"
        events = cluster.events.for_object("default", "PersistentVolumeClaim", claim)
        assert [(e.type, e.reason, e.message) for e in events] == [
            ("Normal", "FailedBinding", "no persistent volumes available for this claim and no storage class is set")]
    assert shell.run("kubectl get pvc many").stdout.splitlines()[1].split()[:2] == ["many", "Pending"]


def test_a_claim_naming_its_volume_is_checked_against_it():
    files = {"gold.yaml": pv("gold", "1Gi", extra="storageClassName: gold"),
             "want.yaml": pvc("want", "100Mi", extra="volumeName: gold"),
             "free.yaml": pv("free", "1Gi"), "exact.yaml": pvc("exact", "5Gi", extra="volumeName: free")}
    cluster, shell = cluster_with(files)
    for name in files:
        shell.run(f"kubectl create -f {name}")
    shell.run("sleep 2")
    events = cluster.events.for_object("default", "PersistentVolumeClaim", "want")
    assert [(e.type, e.reason, e.message) for e in events] == [
        ("Warning", "VolumeMismatch", 'Cannot bind to requested volume "gold": storageClassName does not match')]
    events = cluster.events.for_object("default", "PersistentVolumeClaim", "exact")
    assert events[-1].message == 'Cannot bind to requested volume "free": requested PV is too small'


@pytest.mark.parametrize("policy,path,after,message", [
    ("Retain", "/tmp/keep", "Released", None),
    ("Delete", "/data/x", "Failed", "host_path deleter only supports /tmp/.+ but received provided /data/x"),
    ("Delete", "/tmp/gone", None, None),
])
def test_a_released_volume_is_reclaimed_by_its_policy(policy, path, after, message):
    files = {"v.yaml": pv("v", "1Gi", policy=policy, source=f"hostPath:\n    path: {path}"), "c.yaml": pvc("c", "1Gi")}
    cluster, shell = cluster_with(files)
    shell.run("kubectl create -f v.yaml")
    shell.run("kubectl create -f c.yaml")
    shell.run("sleep 2")
    assert phase(cluster, "persistentvolumes", "v") == "Bound"
    shell.run("kubectl delete pvc c")
    shell.run("sleep 2")
    volume = cluster.get("persistentvolumes", "v", None)
    if after is None:
        assert volume is None  # the hostPath deleter removed it
        return
    assert volume["status"]["phase"] == after
    assert volume["status"].get("message") == message
    row = shell.run("kubectl get pv v").stdout.splitlines()[1].split()
    assert row[4:6] == [after, "default/c"]
    if message:
        events = cluster.events.for_object(None, "PersistentVolume", "v")
        assert [(e.type, e.reason, e.message) for e in events] == [("Warning", "VolumeFailedDelete", message)]


def test_a_bound_claims_spec_is_immutable_but_its_request_may_grow():
    files = {"v.yaml": pv("v", "1Gi"), "c.yaml": pvc("c", "100Mi"),
             "c2.yaml": pvc("c", "100Mi", modes="ReadWriteMany"), "c3.yaml": pvc("c", "50Mi")}
    cluster, shell = cluster_with(files)
    shell.run("kubectl create -f v.yaml")
    shell.run("kubectl create -f c.yaml")
    shell.run("sleep 2")
    error = shell.run("kubectl replace -f c2.yaml").stderr
    assert error.startswith('The PersistentVolumeClaim "c" is invalid: spec: Forbidden: spec is immutable after '
                            "creation except resources.requests for bound claims\n")
    # apimachinery's diff.StringDiff of the internal specs as JSON: the common prefix, then A: (new) and B: (old)
    assert error.split("\n")[1:4] == ['{"AccessModes":["ReadWrite', "", 'A: Many"],"Selector":null,"Resources":{"Limits":null,'
                                    '"Requests":{"storage":"100Mi"}},"VolumeName":"","StorageClassName":null,'
                                    '"VolumeMode":"Filesystem","DataSource":null,"DataSourceRef":null}']
    assert "spec.resources.requests.storage: Forbidden: field can not be less than previous value" in \
        shell.run("kubectl apply -f c3.yaml").stderr


def test_storage_classes_print_their_defaults():
    default = ("apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: std\n  annotations:\n"
               "    storageclass.kubernetes.io/is-default-class: \"true\"\nprovisioner: example.com/nfs\n")
    bad = "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: bad\nreclaimPolicy: Recycle\n"
    cluster, shell = cluster_with({"std.yaml": default, "bad.yaml": bad})
    shell.run("kubectl create -f std.yaml")
    assert shell.run("kubectl get sc").stdout.splitlines()[1].split()[:6] == [
        "std", "(default)", "example.com/nfs", "Delete", "Immediate", "false"]
    assert shell.run("kubectl create -f bad.yaml").stderr == (
        'The StorageClass "bad" is invalid: \n* provisioner: Required value\n'
        '* reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"\n')


POD = """apiVersion: v1
kind: Pod
metadata:
  name: user
spec:
  containers:
  - {name: c, image: ubuntu:20.04, command: ["/bin/sleep", "3650d"], volumeMounts: [{name: d, mountPath: /d}]}
  volumes:
  - {name: d, persistentVolumeClaim: {claimName: c}}
"""


def test_a_claim_in_use_and_a_bound_volume_wait_for_their_finalizers():
    """pvc-protection and pv-protection (StorageObjectInUseProtection): deleted while in use, they stay Terminating."""
    cluster, shell = cluster_with({"v.yaml": pv("v", "1Gi"), "c.yaml": pvc("c", "1Gi"), "pod.yaml": POD})
    for line in ("kubectl create -f v.yaml", "kubectl create -f c.yaml", "kubectl create -f pod.yaml", "sleep 10"):
        shell.run(line)
    assert shell.run("kubectl delete pvc c").stdout == 'persistentvolumeclaim "c" deleted\n'
    assert shell.run("kubectl delete pv v").stdout == 'persistentvolume "v" deleted\n'
    shell.run("sleep 2")
    assert shell.run("kubectl get pvc c").stdout.splitlines()[1].split()[:3] == ["c", "Terminating", "v"]
    assert shell.run("kubectl get pv v").stdout.splitlines()[1].split()[4] == "Terminating"
    assert "Terminating (lasts " in shell.run("kubectl describe pvc c").stdout
    shell.run("kubectl delete pod user")
    shell.run("sleep 40")  # the pod's grace period, then both finalizers are lifted in turn
    assert cluster.get("persistentvolumeclaims", "c") is None
    assert cluster.get("persistentvolumes", "v", None) is None
