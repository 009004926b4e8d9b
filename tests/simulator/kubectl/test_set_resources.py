"""`kubectl set resources` as kubectl 1.23's pkg/cmd/set/set_resources.go does it: the operation
"resource requirements updated", limits and requests merged into each selected container (`-c`),
nothing printed for an empty patch, Validate's and populateResourceListV1's errors, resource.Quantity's
canonical form, and --record's change cause with cobra's deprecation notice."""

from __future__ import annotations

from simulator import Cluster

DEPLOYMENT = "kubectl create deployment web --image=whatwant/node-web:1.0"


def shell_with_deployment():
    cluster = Cluster(seed=4)
    shell = cluster.session()
    shell.run(DEPLOYMENT)
    return cluster, shell


def test_limits_and_requests_are_merged_into_the_container_and_rolled_out():
    cluster, shell = shell_with_deployment()
    result = shell.run("kubectl set resources deployment web -c=node-web --limits=cpu=200m,memory=512Mi")
    assert (result.stdout, result.exit_code) == ("deployment.apps/web resource requirements updated\n", 0)
    result = shell.run("kubectl set resources deployment web --requests=cpu=0.5,memory=1024Mi")
    assert result.stdout == "deployment.apps/web resource requirements updated\n"
    container = cluster.get("deployments", "web")["spec"]["template"]["spec"]["containers"][0]
    # Quantity's canonical form: 0.5 -> 500m, 1024Mi -> 1Gi
    assert container["resources"] == {"limits": {"cpu": "200m", "memory": "512Mi"},
                                      "requests": {"cpu": "500m", "memory": "1Gi"}}
    shell.run("sleep 10")
    revisions = {rs["metadata"]["annotations"]["deployment.kubernetes.io/revision"]
                 for rs in cluster.list("replicasets", "default")}
    assert revisions == {"1", "2", "3"}


def test_the_same_values_again_are_an_empty_patch_that_prints_nothing():
    _, shell = shell_with_deployment()
    shell.run("kubectl set resources deployment web --limits=cpu=200m")
    again = shell.run("kubectl set resources deployment web --limits=cpu=200m")
    assert (again.stdout, again.stderr, again.exit_code) == ("", "", 0)


def test_record_keeps_the_command_as_the_change_cause_and_warns():
    cluster, shell = shell_with_deployment()
    result = shell.run("kubectl set resources deployment web --limits=memory=256Mi --record")
    assert result.stderr == "Flag --record has been deprecated, --record will be removed in the future\n"
    annotations = cluster.get("deployments", "web")["metadata"]["annotations"]
    assert annotations["kubernetes.io/change-cause"] == \
        "kubectl set resources deployment web --limits=memory=256Mi --record"


def test_errors_are_kubectls():
    _, shell = shell_with_deployment()
    cases = {
        "kubectl set resources deployment web":
            "error: you must specify an update to requests or limits (in the form of --requests/--limits)\n",
        "kubectl set resources deployment web --requests=cpu":
            "error: Invalid argument syntax cpu, expected <resource>=<value>\n",
        "kubectl set resources deployment web --requests=cpu=abc":
            "error: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'\n",
        "kubectl set resources deployment web -c nope --limits=cpu=1":
            "error: unable to find container named nope\n",
    }
    for line, message in cases.items():
        result = shell.run(line)
        assert (result.stderr, result.exit_code) == (message, 1), line
