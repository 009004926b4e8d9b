"""The pod-template-hash is the one the v1.23 Deployment controller computes.

The truth is the course's week-8 slides (shared/course/08-Deployment-StatefulSet/slides.txt):
the real cluster named the ReplicaSets of `dp-web-v1.yaml` and `dp-web-v2.yaml` after their
hashes, quoted below with their line numbers and checked word for word against the file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator import Cluster
from simulator.controllers.template_hash import compute_hash, fnv32a, safe_encode
from simulator.files import MemoryFiles

COURSE = Path("/work/shared/course/08-Deployment-StatefulSet")
SLIDES = COURSE / "slides.txt"
HANDS_ON = COURSE / "hands-on"
# (slide line, the line as printed): `kubectl get replicasets -o wide` after each manifest
QUOTED = {
    "dp-web-v1.yaml": (108, "dp-web-849797d875   3         3         3         77s   node-web     "
                            "whatwant/node-web:1.0   app=node-web,pod-template-hash=849797d875"),
    "dp-web-v2.yaml": (282, "You've hit dp-web-7b65bf6694-bwr55 (Ver2.0)   dp-web-7b65bf6694 3       3       3     60s "
                            "node-web whatwant/node-web:2.0 app=node-web,pod-template-hash=7b65bf6694"),
}

needs_course = pytest.mark.skipif(not SLIDES.exists(), reason="the course's week-8 files are not on this machine "
                                  "(shared/course/08-Deployment-StatefulSet)")


@needs_course
@pytest.mark.parametrize("manifest", sorted(QUOTED))
def test_the_replicaset_is_named_as_on_the_real_cluster(manifest):
    number, quoted = QUOTED[manifest]
    assert SLIDES.read_text().split("\n")[number - 1].rstrip() == quoted
    expected_name = next(word for word in quoted.split() if word.startswith("dp-web-") and word.count("-") == 2)
    cluster = Cluster(seed=3, files=HANDS_ON)
    shell = cluster.session()
    assert "created" in shell.run(f"kubectl create -f {manifest}").output
    names = [rs["metadata"]["name"] for rs in cluster.list("replicasets", "default")]
    assert names == [expected_name]
    row = shell.run("kubectl get replicasets -o wide").output.splitlines()[1].split()
    assert row[0] == expected_name and row[-1] == quoted.split()[-1]


def test_the_collision_count_changes_the_hash_as_eight_little_endian_bytes():
    template = {"metadata": {"labels": {"app": "a"}}, "spec": {"containers": [{"name": "a", "image": "a"}]}}
    plain, counted = compute_hash(template), compute_hash(template, 1)
    assert plain != counted and len({compute_hash(template, n) for n in range(5)}) == 5


def test_fnv32a_and_the_safe_alphabet_by_hand():
    # FNV-1a 32-bit test vectors (Fowler/Noll/Vo): "" and "a"
    assert fnv32a(b"") == 0x811C9DC5 and fnv32a(b"a") == 0xE40C292C
    # SafeEncodeString maps each byte modulo 27 into "bcdfghjklmnpqrstvwxz2456789":
    # "0" is 48 -> 21 -> "4"; "9" is 57 -> 3 -> "f"
    assert safe_encode("0") == "4" and safe_encode("09") == "4f"


def test_an_embedded_struct_is_printed_from_the_same_json_object():
    """Probe embeds ProbeHandler and Volume embeds VolumeSource (`json:",inline"`): spew prints the
    embedded struct as a field whose values come from the probe's (the volume's) own JSON object, so
    two templates that differ only in a probe's port or a volume's source hash apart. Expected text
    written by hand from spew's %#v format (types in parentheses, pointers as (*T){...})."""
    from simulator.controllers.template_hash import spew_print

    def template(port: int, volume: dict) -> dict:
        return {"metadata": {"labels": {"app": "a"}},
                "spec": {"volumes": [{"name": "data", **volume}],
                         "containers": [{"name": "a", "image": "a",
                                         "readinessProbe": {"httpGet": {"path": "/", "port": port}}}]}}

    printed = spew_print(template(8080, {"emptyDir": {}}), "core.PodTemplateSpec")
    assert ("ProbeHandler:(v1.ProbeHandler){Exec:(*v1.ExecAction)<nil> HTTPGet:(*v1.HTTPGetAction){Path:(string)/ "
            "Port:(intstr.IntOrString){Type:(intstr.Type)0 IntVal:(int32)8080 StrVal:(string)}") in printed
    assert "VolumeSource:(v1.VolumeSource){HostPath:(*v1.HostPathVolumeSource)<nil> EmptyDir:(*v1.EmptyDirVolumeSource){" \
        in printed
    hashes = {compute_hash(template(8080, {"emptyDir": {}})), compute_hash(template(8000, {"emptyDir": {}})),
              compute_hash(template(8080, {"hostPath": {"path": "/tmp"}}))}
    assert len(hashes) == 3


def test_a_hash_collision_raises_the_collision_count_and_names_the_replicaset_anew():
    """sync.go getNewReplicaSet: a ReplicaSet of another template under the new name is a collision;
    the Deployment's status.collisionCount goes up and the next sync hashes with it."""
    cluster = Cluster(seed=3)
    shell = cluster.session()
    shell.run("kubectl create deployment web --image=whatwant/node-web:1.0")
    shell.run("sleep 10")
    deployment = cluster.get("deployments", "web")
    taken = compute_hash(deployment["spec"]["template"] | {"metadata": {"labels": {"app": "web"},
                                                                         "annotations": {"x": "y"}}})
    squatter = {"apiVersion": "apps/v1", "kind": "ReplicaSet",
                "metadata": {"name": f"web-{taken}"},
                "spec": {"replicas": 0, "selector": {"matchLabels": {"x": "y"}},
                         "template": {"metadata": {"labels": {"x": "y"}}, "spec": {"containers": [{"name": "n", "image": "nginx"}]}}}}
    cluster.files = MemoryFiles({"rs.json": json.dumps(squatter).encode()})
    assert "created" in shell.run("kubectl create -f rs.json").output
    shell.run("""kubectl patch deployment web -p '{"spec":{"template":{"metadata":{"annotations":{"x":"y"}}}}}'""")
    shell.run("sleep 20")
    deployment = cluster.get("deployments", "web")
    assert deployment["status"]["collisionCount"] == 1
    names = sorted(rs["metadata"]["name"] for rs in cluster.list("replicasets", "default"))
    assert f"web-{taken}" in names and len(names) == 3
    current = next(rs for rs in cluster.list("replicasets", "default")
                   if rs["metadata"]["annotations"].get("deployment.kubernetes.io/revision") == "2")
    assert current["metadata"]["name"] == f"web-{compute_hash(deployment['spec']['template'], 1)}"


def test_a_quantity_is_printed_with_the_int64_amount_parse_quantity_left():
    """resource.Quantity's unexported fields as ParseQuantity's fast path leaves them (quantity.go, v0.23):
    `100m` is value 100 at scale -3 (Milli) and keeps its string (canonical: scale%3 == 0, no `000` tail);
    `90Mi` is 90<<20 = 94371840 at scale 0, kept because exponent%10 == 0 and 90&7 != 0; `1000m` is not
    canonical (it ends in 000), so its `s` is empty. Written by hand from spew's %#v rules (map values
    print without their type)."""
    from simulator.controllers.template_hash import spew_print

    def printed(value: int, scale: int, text: str, form: str) -> str:
        return (f"{{i:(resource.int64Amount){{value:(int64){value} scale:(resource.Scale){scale}}} "
                f"d:(resource.infDecAmount){{Dec:(*inf.Dec)<nil>}} s:(string){text} Format:(resource.Format){form}}}")

    assert spew_print({"cpu": "100m", "memory": "90Mi"}, "core.ResourceList") == (
        f"(v1.ResourceList)map[cpu:{printed(100, -3, '100m', 'DecimalSI')} "
        f"memory:{printed(94371840, 0, '90Mi', 'BinarySI')}]")
    assert spew_print({"cpu": "1000m"}, "core.ResourceList") == (
        f"(v1.ResourceList)map[cpu:{printed(1000, -3, '', 'DecimalSI')}]")


@needs_course
def test_set_image_names_the_third_replicaset_as_on_the_real_cluster():
    """slides.txt 454 and 475: `kubectl set image ... node-web=whatwant/node-web:2.0` then `:3.0` on dp-web-v1;
    line 496 lists the third ReplicaSet as dp-web-586f54b85 (a nine-letter hash: the FNV sum has nine digits)."""
    number, quoted = 496, ("                                   dp-web-586f54b85 11       11      11    75s node-web "
                           "whatwant/node-web:3.0 app=node-web,pod-template-hash=586f54b85")
    assert SLIDES.read_text().split("\n")[number - 1].rstrip() == quoted
    cluster = Cluster(seed=3, files=HANDS_ON)
    shell = cluster.session()
    for line in ("kubectl create -f dp-web-v1.yaml", "kubectl scale deployment dp-web --replicas=10", "sleep 30",
                 "kubectl set image deployment dp-web node-web=whatwant/node-web:2.0 --record=true", "sleep 60",
                 "kubectl set image deployment dp-web node-web=whatwant/node-web:3.0 --record=true", "sleep 60"):
        shell.run(line)
    names = {rs["metadata"]["name"] for rs in cluster.list("replicasets", "default")}
    assert names == {"dp-web-849797d875", "dp-web-7b65bf6694", "dp-web-586f54b85"}
