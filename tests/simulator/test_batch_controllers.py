"""Jobs and CronJobs run as Kubernetes 1.23's controllers run them, on the simulated clock.

Expected values are written by hand from the 1.23 source and docs: `job_controller.go`
(completions, parallelism, backoffLimit, the 10 s doubling back-off, activeDeadlineSeconds and
their conditions and events), `pkg/registry/batch/job/strategy.go` (`generateSelector`: the
controller-uid and job-name labels), `ttlafterfinished`, `cronjob_controllerv2.go` (job names
from the scheduled minute, concurrencyPolicy, suspend, startingDeadlineSeconds, history
limits), robfig/cron's standard parser; the digits of pi are checked against the Week-3
slide's own `kubectl logs` (shared/course/03-RS-DS-JOB-CJ/slides.txt lines 449-450).
"""

from __future__ import annotations

import textwrap
from datetime import datetime, timezone

import pytest

from simulator import Cluster
from simulator.apps.batch_work import pi_digits, shell_script
from simulator.kinds.cron_schedule import ScheduleError, parse_schedule

SLIDE_PI = ("3.141592653589793238462643383279502884197169399375105820974944592307816406286208998628034825342117067982"
            "148086513282306647093844609550582231725359408128"
            "48111745028410270193852110555964462294895493038196442881097566593344612847564823378678316527120190914"
            "564856692346034861045432664821339360726024")


def job(name: str, image: str = "busybox", command: list[str] | None = None, **spec) -> str:
    lines = [f"apiVersion: batch/v1", "kind: Job", "metadata:", f"  name: {name}", "spec:"]
    lines += [f"  {key}: {value}" for key, value in spec.items()]
    lines += ["  template:", "    spec:", "      restartPolicy: Never", "      containers:",
              f"      - name: main", f"        image: {image}"]
    if command:
        lines.append(f"        command: {command!r}".replace("'", '"'))
    return "\n".join(lines) + "\n"


def cronjob(name: str, schedule: str, command: list[str], **spec) -> str:
    body = textwrap.indent(job("x", command=command).split("spec:\n", 1)[1], "    ")
    lines = ["apiVersion: batch/v1", "kind: CronJob", "metadata:", f"  name: {name}", "spec:",
             f'  schedule: "{schedule}"'] + [f"  {key}: {value}" for key, value in spec.items()]
    return "\n".join(lines) + "\n  jobTemplate:\n    spec:\n" + body


def run(files: dict[str, str], *lines: str, seed: int = 1):
    cluster = Cluster(seed=seed, files={name: text.encode() for name, text in files.items()})
    shell = cluster.session()
    outputs = [shell.run(line).output for line in lines]
    return cluster, shell, outputs


def job_status(cluster: Cluster, name: str) -> dict:
    return cluster.get("jobs", name)["status"]


def pods_of(cluster: Cluster, job_name: str) -> list[dict]:
    return cluster.list("pods", "default", {"job-name": job_name})


# images ---------------------------------------------------------------------------------------
def test_perl_bpi_prints_the_digits_the_slide_shows():
    digits = pi_digits(2000)
    assert digits.startswith(SLIDE_PI)
    assert len(digits) == 2001  # "3." and 1,999 decimals: 2,000 significant digits
    assert pi_digits(5) == "3.1416" and pi_digits(1) == "3"


def test_shell_scripts_of_batch_pods_run_for_their_sleeps_and_exit_with_their_code():
    assert shell_script("echo start; sleep 5; exit 3") == (5.0, 3, "start\n")
    assert shell_script("while true; do sleep 1; done") == (None, 0, "")


# the Job controller ----------------------------------------------------------------------------
def test_job_pods_carry_the_generated_selector_labels_and_complete():
    cluster, shell, _ = run({"j.yaml": job("pi", "perl:5.34.1", ["perl", "-Mbignum=bpi", "-wle", "print bpi(50)"])},
                            "kubectl create -f j.yaml", "sleep 10")
    stored = cluster.get("jobs", "pi")
    uid = stored["metadata"]["uid"]
    assert stored["spec"]["selector"] == {"matchLabels": {"controller-uid": uid}}
    (pod,) = pods_of(cluster, "pi")
    assert pod["metadata"]["labels"] == {"controller-uid": uid, "job-name": "pi"}
    assert pod["metadata"]["name"].startswith("pi-")
    assert pod["status"]["phase"] == "Succeeded"
    assert job_status(cluster, "pi")["succeeded"] == 1
    assert [c["type"] for c in job_status(cluster, "pi")["conditions"]] == ["Complete"]
    assert shell.run(f"kubectl logs {pod['metadata']['name']}").output == pi_digits(50) + "\n"
    row = shell.run("kubectl get jobs").output.splitlines()[1].split()
    assert row[:2] == ["pi", "1/1"]
    reasons = [line.split()[2] for line in shell.run("kubectl get events --field-selector involvedObject.kind=Job")
               .output.splitlines()[1:]]
    assert reasons == ["SuccessfulCreate", "Completed"]


def test_completions_and_parallelism_bound_the_pods_at_once():
    cluster, shell, _ = run({"j.yaml": job("batch", command=["sleep", "20"], completions=5, parallelism=2)},
                            "kubectl create -f j.yaml")
    assert len(pods_of(cluster, "batch")) == 2
    shell.run("sleep 24")  # busybox (`latest`, pulled: controllers/pod_start.py) starts within 4.5 s, then sleeps 20
    assert job_status(cluster, "batch")["succeeded"] == 2 and job_status(cluster, "batch")["active"] == 2
    shell.run("sleep 45")
    assert job_status(cluster, "batch")["succeeded"] == 5
    assert len(pods_of(cluster, "batch")) == 5


def test_failures_back_off_10_20_40_seconds_and_stop_past_the_backoff_limit():
    cluster, shell, _ = run({"j.yaml": job("fail", command=["sh", "-c", "sleep 1; exit 1"], backoffLimit=3)},
                            "kubectl create -f j.yaml")
    created = []
    for _ in range(120):
        shell.run("sleep 1")
        names = {p["metadata"]["name"]: p["metadata"]["creationTimestamp"] for p in pods_of(cluster, "fail")}
        created = sorted(names.values())
    starts = [datetime.strptime(t, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp() for t in created]
    assert len(starts) == 4  # the first try and three retries: failures 1..4, and 4 > backoffLimit 3
    gaps = [later - earlier for earlier, later in zip(starts, starts[1:])]
    # each pod fails about 1 s after it starts (+ a command line's 3 s at most); then 10 s, 20 s, 40 s
    assert [round(gap - 1) // 10 * 10 for gap in gaps] == [10, 20, 40]
    status = job_status(cluster, "fail")
    assert status["failed"] == 4 and "succeeded" not in status and "active" not in status
    (condition,) = status["conditions"]
    assert (condition["type"], condition["reason"]) == ("Failed", "BackoffLimitExceeded")
    assert condition["message"] == "Job has reached the specified backoff limit"
    assert "Error" in shell.run("kubectl get pods").output


def test_active_deadline_fails_the_job_and_deletes_its_running_pod():
    cluster, shell, _ = run({"j.yaml": job("slow", command=["sleep", "600"], activeDeadlineSeconds=30)},
                            "kubectl create -f j.yaml", "sleep 40")
    (condition,) = job_status(cluster, "slow")["conditions"]
    assert (condition["type"], condition["reason"]) == ("Failed", "DeadlineExceeded")
    # `sleep` as PID 1 ignores SIGTERM: the deleted pod is Terminating until its 30 s grace period ends
    assert [pod["metadata"].get("deletionTimestamp") is not None for pod in pods_of(cluster, "slow")] == [True]
    shell.run("sleep 30")
    assert pods_of(cluster, "slow") == []
    assert job_status(cluster, "slow")["failed"] == 1


def test_ttl_after_finished_deletes_the_job_and_its_pods():
    cluster, shell, _ = run({"j.yaml": job("brief", command=["sleep", "2"], ttlSecondsAfterFinished=30)},
                            "kubectl create -f j.yaml", "sleep 10")
    assert cluster.get("jobs", "brief") is not None
    shell.run("sleep 40")
    assert cluster.get("jobs", "brief") is None and pods_of(cluster, "brief") == []


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_throw_dice_succeeds_only_on_a_six(seed):
    cluster, shell, _ = run({"dice.yaml": job("dice", "kodekloud/throw-dice", completions=3, parallelism=3,
                                              backoffLimit=25)},
                            "kubectl create -f dice.yaml", "sleep 600", seed=seed)
    pods = pods_of(cluster, "dice")
    status = job_status(cluster, "dice")  # read with the pods: each logs command below lets 2 s pass
    for pod in pods:
        rolled = shell.run(f"kubectl logs {pod['metadata']['name']}").output.strip()
        assert rolled in {"1", "2", "3", "4", "5", "6"}
        assert pod["status"]["phase"] == ("Succeeded" if rolled == "6" else "Failed")
    assert status.get("succeeded", 0) == sum(p["status"]["phase"] == "Succeeded" for p in pods)
    assert status.get("failed", 0) == sum(p["status"]["phase"] == "Failed" for p in pods)


def test_the_dice_follow_the_seed():
    def rolls(seed):
        cluster, shell, _ = run({"dice.yaml": job("dice", "kodekloud/throw-dice")}, "kubectl create -f dice.yaml",
                                "sleep 5", seed=seed)
        return [shell.run(f"kubectl logs {p['metadata']['name']}").output for p in pods_of(cluster, "dice")]
    assert rolls(5) == rolls(5)


# cron schedules --------------------------------------------------------------------------------
def at(text: str) -> float:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=timezone.utc).timestamp()


@pytest.mark.parametrize("schedule,after,expected", [
    ("0,15,30,45 * * * *", "2022-07-29 10:07", "2022-07-29 10:15"),
    ("*/1 * * * *", "2022-07-29 10:07", "2022-07-29 10:08"),
    ("*/20 * * * *", "2022-07-29 10:45", "2022-07-29 11:00"),
    ("0 9 * * MON-FRI", "2022-07-29 10:07", "2022-08-01 09:00"),  # Friday after nine -> Monday
    ("30 2 1 * *", "2022-07-29 10:07", "2022-08-01 02:30"),
    ("@hourly", "2022-07-29 10:07", "2022-07-29 11:00"),
    ("0 0 13 * 5", "2022-07-29 10:07", "2022-08-05 00:00"),  # day of month OR day of week when both are set
])
def test_cron_schedules_as_robfig_reads_them(schedule, after, expected):
    assert parse_schedule(schedule).next_after(at(after)) == at(expected)


@pytest.mark.parametrize("schedule,message", [
    ("every minute", "expected exactly 5 fields, found 2: [every minute]"),
    ("* * * *", "expected exactly 5 fields, found 4: [* * * *]"),
    ("61 * * * *", "end of range (61) above maximum (59): 61"),
    ("*/0 * * * *", "step of range should be a positive number: */0"),
])
def test_a_bad_schedule_is_refused_with_the_parsers_words(schedule, message):
    with pytest.raises(ScheduleError) as error:
        parse_schedule(schedule)
    assert str(error.value) == message
    _, _, (out,) = run({"c.yaml": cronjob("c", schedule, ["sleep", "1"])}, "kubectl create -f c.yaml")
    assert out == (f'The CronJob "c" is invalid: spec.schedule: Invalid value: "{schedule}": {message}\n')


# the CronJob controller ------------------------------------------------------------------------
def start_at_minute_boundary(shell, cluster) -> None:
    shell.run(f"sleep {60 - cluster.clock.now() % 60 + 1}")


def test_jobs_are_named_by_the_scheduled_minute_and_history_limits_hold():
    files = {"three.yaml": cronjob("keep3", "*/1 * * * *", ["sleep", "5"], successfulJobsHistoryLimit=3),
             "none.yaml": cronjob("keep0", "*/1 * * * *", ["sleep", "5"], successfulJobsHistoryLimit=0,
                                  failedJobsHistoryLimit=0)}
    cluster, shell, _ = run(files)
    start_at_minute_boundary(shell, cluster)
    shell.run("kubectl create -f three.yaml")
    shell.run("kubectl create -f none.yaml")
    shell.run("sleep 330")
    jobs = sorted(j["metadata"]["name"] for j in cluster.list("jobs", "default"))
    minutes = [int(name.rsplit("-", 1)[1]) for name in jobs if name.startswith("keep3-")]
    assert len(minutes) == 3 and minutes == list(range(minutes[0], minutes[0] + 3))
    assert all(m * 60 <= cluster.clock.now() for m in minutes)
    assert not [name for name in jobs if name.startswith("keep0-")]
    status = cluster.get("cronjobs", "keep3")["status"]
    assert status["lastScheduleTime"].endswith(":00Z")
    assert len(cluster.list("pods", "default")) == 3  # the deleted Jobs took their pods with them


def test_forbid_skips_a_schedule_while_a_job_runs_and_replace_swaps_it():
    files = {"forbid.yaml": cronjob("forbid", "*/1 * * * *", ["sleep", "90"], concurrencyPolicy="Forbid"),
             "replace.yaml": cronjob("replace", "*/1 * * * *", ["sleep", "90"], concurrencyPolicy="Replace")}
    cluster, shell, _ = run(files)
    start_at_minute_boundary(shell, cluster)
    shell.run("kubectl create -f forbid.yaml")
    shell.run("kubectl create -f replace.yaml")
    shell.run("sleep 125")
    forbid = [j for j in cluster.list("jobs", "default") if j["metadata"]["name"].startswith("forbid-")]
    replace = [j for j in cluster.list("jobs", "default") if j["metadata"]["name"].startswith("replace-")]
    assert len(forbid) == 1  # the second minute was skipped: the first Job was still running
    assert len(replace) == 1 and replace[0]["metadata"]["name"] != f"replace-{int(forbid[0]['metadata']['name'].rsplit('-', 1)[1])}"
    events = shell.run("kubectl get events --field-selector involvedObject.name=forbid").output
    assert "JobAlreadyActive" in events
    assert "SuccessfulDelete" in shell.run("kubectl get events --field-selector involvedObject.name=replace").output


def test_suspend_stops_new_jobs_and_active_counts_running_ones():
    cluster, shell, _ = run({"c.yaml": cronjob("c", "*/1 * * * *", ["sleep", "30"])})
    start_at_minute_boundary(shell, cluster)
    shell.run("kubectl create -f c.yaml")
    shell.run("sleep 62")
    row = shell.run("kubectl get cronjobs").output.splitlines()[1].split()
    assert row[6:8] == ["False", "1"]  # SUSPEND, ACTIVE: the first minute's Job is running
    shell.run("""kubectl patch cronjob c -p '{"spec":{"suspend":true}}'""")
    before = len(cluster.list("jobs", "default"))
    shell.run("sleep 180")
    assert len(cluster.list("jobs", "default")) == before
    assert shell.run("kubectl get cronjobs").output.splitlines()[1].split()[6] == "True"


def test_starting_deadline_drops_a_schedule_the_controller_could_not_start_in_time():
    """`mostRecentScheduleTime` looks back no further than startingDeadlineSeconds: a minute
    missed while suspended is never run late, and the next one starts on time."""
    cluster, shell, _ = run({"c.yaml": cronjob("c", "*/1 * * * *", ["sleep", "1"], startingDeadlineSeconds=10,
                                               suspend="true")})
    start_at_minute_boundary(shell, cluster)
    shell.run("kubectl create -f c.yaml")
    shell.run("sleep 40")
    shell.run("""kubectl patch cronjob c -p '{"spec":{"suspend":false}}'""")  # 42 s past the minute: too late
    assert cluster.list("jobs", "default") == []
    shell.run("sleep 30")
    assert len(cluster.list("jobs", "default")) == 1  # the next minute starts on time
