"""Red team: a student who tries to earn points without doing the task.

Four families, each tried on every lab it applies to: forged output (printing what the
right commands would print), unmoved expectations (shrinking the task until the checks
pass), resource bombs (inputs that would take the grader down), and leaks (answers the
student is shown). The wrong cases in the bank hold one example each with its exact
marks; these tests hold the rules for every lab and seed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scoring.engine import SubmissionRejected, grade_submission
from scoring.replay import build_cluster, run_submission
from scoring.submission import command_lines
from scoring.templates import render
from simulator import Cluster

from .conftest import SEEDS, lab_slugs

ROOT = Path(__file__).resolve().parents[2]
COMMAND_LABS = [slug for slug in lab_slugs() if "commands: true" in (ROOT / "assignments" / slug / "spec.yaml").read_text()]


def _outputs_of_the_solution(assignment, seed: int) -> list[tuple[str, str]]:
    """(line, what it printed) for each of the reference solution's commands, run for real."""
    files, commands = assignment.solution(seed)
    cluster, _ = build_cluster(assignment, seed)
    applied = [render(line, assignment.variant(seed)) for line in assignment.spec.get("apply", [])]
    lines = command_lines(commands)
    entries, _ = run_submission(cluster, files, applied + lines, 30)
    return [(entry.line, entry.output) for entry in entries[len(applied):]]


def _forged(outputs: list[tuple[str, str]]) -> str:
    """Each command replaced by `echo` lines printing its real output, the command in a comment."""
    forged = []
    for line, output in outputs:
        printed = output.splitlines() or [""]
        for index, text in enumerate(printed):
            quoted = "'" + text.replace("'", "'\\''") + "'"
            forged.append(f"echo {quoted}" + (f"  # {line}" if index == 0 else ""))
    return "\n".join(forged) + "\n"


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("slug", COMMAND_LABS)
def test_printing_the_right_output_earns_nothing(bank, slug, seed):
    assignment = bank[slug]
    files, commands = assignment.solution(seed)
    honest = grade_submission(assignment, files, commands, seed)
    without_commands = grade_submission(assignment, files, "", seed) if assignment.submission.files else None
    forged_commands = _forged(_outputs_of_the_solution(assignment, seed))
    assert len(forged_commands.splitlines()) <= 400
    forged = grade_submission(assignment, files, forged_commands, seed)
    assert honest.score == assignment.points
    floor = without_commands.score if without_commands is not None else 0.0
    assert forged.score == floor, [(c.id, c.feedback) for c in forged.checks if c.passed]


# What each lab's checks still give once every workload is deleted after the solution ran:
# the Services' own fields, and the student's runs from before the deletion, which were
# true when they ran (03: resolv.conf and the nslookup; 04: the switch and the lookup
# before it; 07: type, <pending> and the table; 08: the two Service fixes the Endpoints
# can no longer show). Checks that need the pods (replies, Ready, the client) fail.
# week9/03: every check is what the student's curl in the pod got from the API server, which
# was true when it ran; the lab asks for those requests, not for a state that must last.
WIPED_MARKS = {"week4/03-dns-fqdn": 3.0, "week4/04-externalname": 6.0, "week4/07-loadbalancer": 4.0,
               "week4/08-troubleshooting": 4.0, "week9/03-api-from-a-pod": 10.0,
               # week 3's orphans: only the old ReplicaSet's absence stays true once everything is wiped
               "week3/03-adopt-orphans": 1.0,
               # week 2's broken pod: once it is deleted nothing the checks read remains
               "week2/01-image-pull": 0.0,
               # week 2's namespaces: the new namespace and the old one's absence outlive the pods
               "week2/02-namespaces": 3.0,
               # week 5: the Ingress's ADDRESS, the controller's 404 for a stray path (its Deployment brings
               # the controller back) and the student's earlier curl stay; the backends' replies go. MetalLB's
               # pool, advertisement and allocation stay too; only the remote curl needs the pods.
               "week5/01-ingress-fanout": 4.0, "week5/02-ingress-hosts": 4.0, "week5/03-metallb-pool": 7.0,
               # the broken Ingress: the class and backend fixes and the earlier curl stay; the endpoints go
               "week5/05-broken-ingress": 5.0,
               # week 8's rollback: the strategy and the rolling steps in the events were true; the
               # ReplicaSets of revisions 1-3 are gone (the one remade has a new uid and no cause)
               "week8/02-rollout-undo": 3.0,
               # week 8's stuck rollout: every check reads the Deployment, which survives, and its
               # controller makes the ReplicaSet and the 2.0 pods again within the settle time
               "week8/03-stuck-rollout": 10.0,
               # week 8's ordered StatefulSet: the policy stays; the pods come back one at a time with
               # new uids (their readiness delay leaves the last ones unmade when the checks run)
               "week8/04-statefulset-ordered": 2.0,
               # week 8's data: the claims stay Bound and the remade pod mounts its own; the client pod the
               # checks ask from is gone with the rest
               "week8/05-statefulset-data": 4.0,
               # week 2's port-forward: the student's curl through it was true when it ran; the forward
               # itself loses its pod (lost connection to pod) and the grader's curl gets nothing
               "week2/03-port-forward": 2.0,
               # week 7: the ConfigMap's or Secret's own checks stay true; nothing a pod holds does
               "week7/01-configmap-app": 1.0, "week7/02-secret-volume": 2.0, "week7/03-private-image": 1.0,
               # week 3's DaemonSet: its controller makes the deleted pod again on the labelled node within
               # the settle time, so every check still holds, as it should
               "week3/04-daemonset-nodeselector": 5.0,
               # week 6: the emptyDir goes with its pod; the claim stays bound to the right volume; the file
               # stays on the NFS server's disk (what outlives the pods is what those labs are about)
               "week6/01-emptydir-share": 0.0, "week6/02-claim-the-right-volume": 6.0, "week6/03-nfs-shared": 2.0}


@pytest.mark.parametrize("slug", COMMAND_LABS)
def test_deleting_every_workload_after_the_solution_keeps_only_what_does_not_need_them(bank, slug):
    assignment = bank[slug]
    files, commands = assignment.solution(SEEDS[0])
    wiped = commands + "\nkubectl delete rs --all -A\nkubectl delete pods --all -A\n"
    report = grade_submission(assignment, files, wiped, SEEDS[0])
    assert report.gradable
    assert report.score == WIPED_MARKS[slug], [c.id for c in report.checks if c.passed]


# -- forged targets: the right text aimed at the wrong thing ----------------------------
# Each line really runs and really gets an answer, but is not pointed at what the check is
# about: the name rides in a Referer, a User-Agent, a header, the data or the query
# string; a lookup is handed the expected address as its server, so it lands in the
# output; a literal is printed by jsonpath, custom-columns or `exec ... echo`. Added to a
# submission, each must earn exactly what the submission earns without it.

def _smuggled_dns_fqdn(v: dict) -> dict[str, str]:
    pod = f"kubectl exec {v['client']} -n {v['ns_client']} -c web --"
    name = f"{v['service']}.{v['ns_app']}"
    pod_ip = f"$(kubectl get pods -n {v['ns_app']} -l app=node-web -o jsonpath='{{.items[0].status.podIP}}')"
    cluster_ip = f"$(kubectl get svc {v['service']} -n {v['ns_app']} -o jsonpath='{{.spec.clusterIP}}')"
    return {
        "referer": f"{pod} curl -s http://{pod_ip}:8080 -e {name}",
        "user-agent": f"{pod} curl -s -A {name} http://{cluster_ip}",
        "host-header": f"{pod} curl -s -H 'Host: {name}' http://{cluster_ip}",
        "data": f"{pod} curl -s -d {name} http://{cluster_ip}",
        "query-string": f"{pod} curl -s 'http://{cluster_ip}/?{name}'",
        "longer-name": f"{pod} curl -s http://{name}.evil.example",
        "echo": f"{pod} echo curl -s http://{name}",
        "lookup-served-by-the-address": f"kubectl exec {v['client']} -n {v['ns_client']} -- nslookup {name} {cluster_ip}",
        "dig-echoing-the-address": f"kubectl exec {v['client']} -n {v['ns_client']} -- dig {name} {cluster_ip}",
    }


def _smuggled_loadbalancer(v: dict) -> dict[str, str]:
    pod = f"kubectl exec $(kubectl get pods -l app={v['app']} -o jsonpath='{{.items[0].metadata.name}}') --"
    node_port = f"$(kubectl get svc {v['service']} -o jsonpath='{{.spec.ports[0].nodePort}}')"
    return {
        "referer": f"{pod} curl -s http://localhost:8080 -e 192.168.100.201:{node_port}",
        "query-string": f"{pod} curl -s http://localhost:8080/?192.168.100.201:{node_port}",
        "host-header": f"{pod} curl -s -H 'Host: 192.168.100.201:{node_port}' http://localhost:8080",
        "exec-echo": f"{pod} echo get svc '<pending>'",
        "jsonpath-literal": f"kubectl get svc {v['service']} -o jsonpath='<pending>'",
        "custom-columns-header": f"kubectl get svc {v['service']} -o custom-columns='NAME:.metadata.name,<pending>:.spec.type'",
        "another-kind": f"kubectl get pods,svc -l app={v['app']} -o name",
    }


SMUGGLERS = {"week4/03-dns-fqdn": _smuggled_dns_fqdn, "week4/07-loadbalancer": _smuggled_loadbalancer}
NAMES_ONLY = {"client": "c", "ns_client": "n", "service": "s", "ns_app": "a", "app": "x"}  # to list the kinds
SMUGGLED = [(slug, kind) for slug, make in SMUGGLERS.items() for kind in make(NAMES_ONLY)]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("slug", "kind"), SMUGGLED)
def test_a_target_smuggled_beside_a_request_earns_nothing(bank, slug, kind, seed):
    assignment = bank[slug]
    files, _ = assignment.solution(seed)
    line = SMUGGLERS[slug](assignment.variant(seed))[kind]
    alone = grade_submission(assignment, files, "", seed)
    smuggled = grade_submission(assignment, files, line + "\n", seed)
    assert smuggled.score == alone.score, [(c.id, c.feedback) for c in smuggled.checks if c.passed]


@pytest.mark.parametrize("seed", SEEDS)
def test_forged_targets_add_nothing_to_a_broken_service(bank, seed):
    """07's broken targetPort: the forged lines used to add 2 points to what the file earns."""
    lab = bank["week4/07-loadbalancer"]
    files, _, _ = lab.wrong_submission("targetport-80", seed)
    forged = "\n".join(_smuggled_loadbalancer(lab.variant(seed)).values()) + "\n"
    assert grade_submission(lab, files, forged, seed).score == grade_submission(lab, files, "", seed).score == 3.0


@pytest.mark.parametrize("seed", SEEDS)
def test_dig_echoing_the_old_target_earns_what_never_looking_earns(bank, seed):
    lab = bank["week4/04-externalname"]
    files, _ = lab.solution(seed)
    v = lab.variant(seed)
    never_looked = f"kubectl apply -f svc-ext-switched.yaml\nkubectl exec {v['client']} -- nslookup {v['service']}\n"
    echoed = never_looked + f"kubectl exec {v['client']} -- dig {v['service']}.default.svc.cluster.local {v['ext_a']}\n"
    echoed += f"kubectl exec {v['client']} -- nslookup {v['ext_a']}\n"  # a real lookup, of the wrong name
    honest_partial = grade_submission(lab, files, never_looked, seed)
    assert honest_partial.score == 8.0
    assert grade_submission(lab, files, echoed, seed).score == honest_partial.score


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("how", ["patched-away", "probe-that-always-passes", "replicaset-in-the-manifest"])
def test_removing_the_readiness_gate_earns_what_fixing_only_the_services_earns(bank, seed, how):
    lab = bank["week4/08-troubleshooting"]
    files, _ = lab.solution(seed)
    app = lab.variant(seed)["app"]
    path = "/spec/template/spec/containers/0/readinessProbe"
    commands = {
        "patched-away": f"kubectl patch rs rs-{app} --type=json -p '[{{\"op\":\"remove\",\"path\":\"{path}\"}}]'",
        "probe-that-always-passes": f"kubectl patch rs rs-{app} --type=json -p '[{{\"op\":\"replace\",\"path\":"
                                    f"\"{path}\",\"value\":{{\"exec\":{{\"command\":[\"true\"]}}}}}}]'",
        "replicaset-in-the-manifest": "",
    }[how] + f"\nkubectl delete pods -l app={app}\n"
    if how == "replicaset-in-the-manifest":  # the setup's ReplicaSet re-applied without its probe
        import yaml

        (replicaset,) = _setup_replicasets(lab, seed)
        del replicaset["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]
        files = {**files, "services.yaml": files["services.yaml"] + b"\n---\n" + yaml.safe_dump(replicaset).encode()}
    gate_removed = grade_submission(lab, files, commands, seed)
    services_only = grade_submission(lab, *lab.solution(seed)[:1], "", seed)
    assert services_only.score == 6.0
    assert gate_removed.score == services_only.score, [(c.id, c.feedback) for c in gate_removed.checks if c.passed]


def test_scaling_the_replicaset_down_does_not_shrink_every_pod(bank):
    """Three pods made Ready, then two taken away: what one Ready pod out of three earns
    (the touched-one-pod case), however few pods are left."""
    lab = bank["week4/08-troubleshooting"]
    files, commands = lab.solution(1)
    report = grade_submission(lab, files, commands + "\nkubectl scale rs rs-{} --replicas=1\n".format(lab.variant(1)["app"]), 1)
    assert not report.check("troubleshooting.C004").passed
    assert "exactly 3 items" in report.check("troubleshooting.C004").feedback
    assert report.check("troubleshooting.C005").points == pytest.approx(0.33)
    assert report.score == pytest.approx(lab.points - 2 - 0.67)


# -- resource bombs: a clear message, and the grader stays small and quick -------------

GRADE_IN_A_CHILD = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (2 * 1024 ** 3, resource.RLIM_INFINITY))
from pathlib import Path
from scoring.bank import load_bank
from scoring.engine import grade_submission
bank = {a.slug: a for a in load_bank(Path("assignments"))}
lab = bank[sys.argv[1]]
files, _ = lab.solution(1)
started = time.perf_counter()
report = grade_submission(lab, files, sys.stdin.read(), 1)
print(json.dumps({"seconds": time.perf_counter() - started, "gradable": report.gradable,
                  "message": report.message, "transcript": report.transcript,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _grade_in_a_child(slug: str, commands: str) -> dict:
    """Grades in a separate process under a 2 GiB address-space ceiling, so a regression
    fails this test instead of eating the machine."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", GRADE_IN_A_CHILD, slug], input=commands, capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def test_doubling_a_variable_on_one_line_stops_with_bash_style_message():
    line = "export A=xxxxxxxxxxxxxxxx; " + "; ".join(["export A=$A$A"] * 36) + "; kubectl get pods"
    result = _grade_in_a_child("week4/08-troubleshooting", line + "\n")  # max_commands: 40
    assert "expansion too large: over 1 MiB in one command" in result["transcript"]
    assert result["gradable"]
    assert result["seconds"] < 10
    assert result["max_rss_mb"] < 400


def test_many_variables_each_under_the_line_limit_stop_at_the_environment_limit():
    lines = ["export A0=" + "x" * 1000]
    lines += [f"export A{i}=$A{i - 1}$A{i - 1}" for i in range(1, 11)]  # A10 is 1 MiB
    lines += [f"export B{i}=$A10" for i in range(4)]
    result = _grade_in_a_child("week4/08-troubleshooting", "\n".join(lines) + "\n")
    assert "shell variables would exceed 4 MiB" in result["transcript"]
    assert result["max_rss_mb"] < 400


def test_commands_joined_on_one_line_count_toward_max_commands(bank):
    lab = bank["week4/03-dns-fqdn"]
    files, _ = lab.solution(1)
    joined = "; ".join(["kubectl get pods"] * 900)
    with pytest.raises(SubmissionRejected, match="max_commands=30"):
        grade_submission(lab, files, joined, 1)
    with pytest.raises(SubmissionRejected, match="max_commands=30"):
        grade_submission(lab, files, "echo $(" + " | ".join(["kubectl get pods"] * 31) + ")", 1)


def test_deeply_nested_command_substitution_is_refused_not_a_traceback():
    session = Cluster(seed=1).session()
    started = time.perf_counter()
    result = session.run("echo " + "$(" * 3000 + "true" + ")" * 3000)
    assert time.perf_counter() - started < 10
    assert result.exit_code == 0 and "bash: expansion nested too deeply" in result.output
    assert "internal simulator error" not in result.output


# -- leaks ------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", SEEDS)
def test_your_values_never_show_the_misspelt_label_that_is_the_answer(bank, seed):
    lab = bank["week4/08-troubleshooting"]
    shown = lab.shown_values(seed)
    assert lab.variant(seed)["typo"] not in " ".join(str(value) for value in shown.values())
    assert "typo" not in shown and "names" not in shown


def _setup_replicasets(assignment, seed: int) -> list[dict]:
    import yaml

    documents = []
    for data in assignment.setup_files(seed).values():
        documents += [doc for doc in yaml.safe_load_all(data) if isinstance(doc, dict) and doc.get("kind") == "ReplicaSet"]
    return documents


# The labs whose task is about every replica (03 and 07 are about names and node ports:
# one replica answers them as well as four, so scaling down there earns nothing unearned)
SCALABLE_LABS = ["week4/01-clusterip", "week4/02-nodeport", "week4/06-headless", "week4/08-troubleshooting"]


# What one replica out of the setup's earns, by hand: 01 loses the Endpoints check (2) and
# the spread's share (2 x (1 - 1/replicas): seed 1 has 2 replicas, seed 7 has 4), as its
# replicaset-scaled-to-one case; 02 keeps 1/replicas of its 2-point spread (4 and 3
# replicas); 06 loses the answer that must include every replica (3); 08 is one Ready pod
# out of three, as touched-one-pod.
SCALED_TO_ONE_MARKS = {"week4/01-clusterip": {1: 7.0, 7: 6.5}, "week4/02-nodeport": {1: 8.5, 7: 8.67},
                       "week4/06-headless": {1: 7.0, 7: 7.0}, "week4/08-troubleshooting": {1: 7.33, 7: 7.33}}


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("slug", SCALABLE_LABS)
def test_a_replicaset_scaled_to_one_in_the_handed_in_file_never_earns_full_marks(bank, slug, seed):
    """The setup's ReplicaSets re-applied with `replicas: 1` inside the student's own
    manifest: "every replica" must still mean the replicas the setup made."""
    import yaml

    assignment = bank[slug]
    files, commands = assignment.solution(seed)
    shrunk = []
    for replicaset in _setup_replicasets(assignment, seed):
        replicaset["spec"]["replicas"] = 1
        shrunk.append(yaml.safe_dump(replicaset))
    first = assignment.submission.files[0]
    files[first] = files[first] + b"\n---\n" + "\n---\n".join(shrunk).encode()
    report = grade_submission(assignment, files, commands, seed)
    assert report.score == pytest.approx(SCALED_TO_ONE_MARKS[slug][seed]), [c.id for c in report.checks if c.passed]


# -- sharing: what the grader cannot refuse, copy detection shows -----------------------

def test_one_generic_script_handed_in_by_three_students_is_one_group(bank):
    """The generic troubleshooting script really fixes every variant (full marks, see its
    wrong case); what gives it away is that several students hand in the same file."""
    from scoring.copies import Baseline, SubmittedWork, find_copies

    lab = bank["week4/08-troubleshooting"]
    works = []
    for index, seed in enumerate((1, 7, 11)):
        files, commands, _ = lab.wrong_submission("generic-discovery-script", seed)
        assert grade_submission(lab, files, commands, seed).score == lab.points
        works.append(SubmittedWork(index, f"student{index}", files, commands, lab.variant(seed)))
    honest_files, honest_commands = lab.solution(5)
    works.append(SubmittedWork(9, "honest", honest_files, honest_commands, lab.variant(5)))
    report = find_copies(works, baselines=[Baseline("reference", *lab.solution(2), lab.variant(2))])
    assert [sorted(group.students) for group in report.groups] == [["student0", "student1", "student2"]]
    assert report.groups[0].matches is None
