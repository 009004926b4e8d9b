"""`kubectl get` flags honoured or refused, never ignored: --field-selector, --sort-by, -L, --watch.

Expected texts are written by hand from Kubernetes 1.23: the field-label conversions in
`pkg/apis/core/v1/conversion.go` and apimachinery's `runtime.DefaultMetaV1FieldSelectorConversion`
(Services gained field selectors only in 1.30), `fields.ParseSelector`, cli-runtime's
`EnhanceListError` and `visitBySelector`, kubectl's `get.go`, `sorter.go` and
`humanreadable_flags.go`, and Go 1.17's `sort.Sort`. The pods are pinned to nodes by
`spec.nodeName` so every expected listing is known before the command runs.
"""

from __future__ import annotations

import pytest

from simulator import Cluster
from simulator.printers.go_sort import sort_in_place
from simulator.printers.sort_by import natural_less

PODS = """apiVersion: v1
kind: Pod
metadata: {name: web-1, labels: {app: web, example.com/tier: front}}
spec:
  nodeName: worker1
  containers: [{name: web, image: whatwant/node-web:1.0, resources: {requests: {memory: 1Gi}}}]
---
apiVersion: v1
kind: Pod
metadata: {name: web-10, labels: {app: web}}
spec:
  nodeName: worker2
  containers: [{name: web, image: whatwant/node-web:1.0, resources: {requests: {memory: 500Mi}}}]
---
apiVersion: v1
kind: Pod
metadata: {name: web-2, labels: {app: web, example.com/tier: back}}
spec:
  nodeName: worker1
  containers: [{name: web, image: whatwant/node-web:1.0}]
"""


@pytest.fixture
def session():
    session = Cluster(seed=3, files={"pods.yaml": PODS.encode(), "dir/sub/pods.yaml": PODS.encode()}).session()
    assert session.run("kubectl create -f pods.yaml").exit_code == 0
    return session


def names(result) -> list[str]:
    """The NAME cells, header rows and `kind/` prefixes left out."""
    cells = [line.split()[0] for line in result.stdout.splitlines() if line and not line.startswith("NAME")]
    return [cell.split("/")[-1] for cell in cells]


def run(session, command: str) -> tuple[str, str, int]:
    result = session.run(command)
    return result.stdout, result.stderr, result.exit_code


# --field-selector ---------------------------------------------------------------


def test_a_field_selector_naming_a_node_that_does_not_exist_lists_no_pod(session):
    assert run(session, "kubectl get pods --field-selector spec.nodeName=worker9") == (
        "", "No resources found in default namespace.\n", 0)


def test_a_field_selector_keeps_only_the_pods_on_the_node(session):
    assert names(session.run("kubectl get pods --field-selector spec.nodeName=worker1")) == ["web-1", "web-2"]
    assert names(session.run("kubectl get pods --field-selector spec.nodeName!=worker1")) == ["web-10"]
    assert names(session.run("kubectl get pods --field-selector spec.nodeName==worker1,metadata.name!=web-1")) == ["web-2"]


def test_the_old_spec_host_label_still_means_the_node_name(session):
    assert names(session.run("kubectl get pods --field-selector spec.host=worker2")) == ["web-10"]


def test_a_field_the_pod_registry_does_not_index_is_refused_by_the_api_server(session):
    assert run(session, "kubectl get pods --field-selector spec.containers=web") == ("", (
        'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", '
        'field selector "spec.containers=web": field label not supported: spec.containers\n'), 1)


def test_services_accept_only_name_and_namespace_in_1_23(session):
    assert run(session, "kubectl get svc -l app=web --field-selector spec.type=ClusterIP") == ("", (
        'Error from server (BadRequest): Unable to find "/v1, Resource=services" that match label selector "app=web", '
        'field selector "spec.type=ClusterIP": "spec.type" is not a known field selector: only "metadata.name", '
        '"metadata.namespace"\n'), 1)
    assert names(session.run("kubectl get svc --field-selector metadata.name=kubernetes")) == ["kubernetes"]


def test_deployments_are_named_with_their_group_in_the_refusal(session):
    stderr = session.run("kubectl get deploy --field-selector status.replicas=1").stderr
    assert stderr.startswith('Error from server (BadRequest): Unable to find "apps/v1, Resource=deployments" ')


def test_a_term_without_an_operator_is_refused_with_the_whole_selector_quoted(session):
    assert run(session, "kubectl get pods --field-selector spec.nodeName=worker1,oops") == ("", (
        'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", '
        "field selector \"spec.nodeName=worker1,oops\": invalid selector: 'spec.nodeName=worker1,oops'; "
        "can't understand 'oops'\n"), 1)


def test_nodes_select_on_unschedulable_as_go_prints_a_bool(session):
    assert names(session.run("kubectl get nodes --field-selector spec.unschedulable=false")) == [
        "master", "worker1", "worker2"]
    assert run(session, "kubectl get nodes --field-selector spec.unschedulable=true") == (
        "", "No resources found.\n", 0)


def test_every_type_answers_the_field_selector_on_its_own(session):
    stdout, stderr, code = run(session, "kubectl get pods,svc --field-selector spec.nodeName=worker2")
    assert names(session.run("kubectl get pods --field-selector spec.nodeName=worker2")) == ["web-10"]
    assert "pod/web-10" in stdout and code == 1
    assert stderr.startswith('Error from server (BadRequest): Unable to find "/v1, Resource=services"')


@pytest.mark.parametrize("command, message", [
    ("kubectl get pods web-1 -l app=web", "error: name cannot be provided when a selector is specified\n"),
    ("kubectl get pods web-1 --field-selector spec.nodeName=worker1",
     "error: name cannot be provided when a selector is specified\n"),
    ("kubectl get pod/web-1 -l app=web",
     "error: selectors and the all flag cannot be used when passing resource/name arguments\n"),
])
def test_a_name_beside_a_selector_is_refused_as_cli_runtime_does(session, command, message):
    assert run(session, command) == ("", message, 1)


def test_with_files_the_label_selector_filters_and_recursive_reaches_subfolders(session):
    assert names(session.run("kubectl get -f pods.yaml -l example.com/tier")) == ["web-1", "web-2"]
    assert names(session.run("kubectl get -R -f dir")) == ["web-1", "web-10", "web-2"]


# --sort-by -----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["{.metadata.name}", ".metadata.name", "metadata.name", "{metadata.name}"])
def test_names_sort_in_natural_order_whichever_way_the_path_is_written(session, path):
    assert names(session.run(f"kubectl get pods --sort-by={path}")) == ["web-1", "web-2", "web-10"]


def test_quantities_sort_by_value_and_items_without_the_field_come_first(session):
    result = session.run("kubectl get pods --sort-by=.spec.containers[0].resources.requests.memory")
    assert names(result) == ["web-2", "web-10", "web-1"]  # no request, 500Mi, 1Gi


def test_ties_keep_the_listing_order_in_a_short_list(session):
    assert names(session.run("kubectl get pods --sort-by=.spec.nodeName")) == ["web-1", "web-2", "web-10"]


def test_a_field_no_row_has_prints_nothing_as_kubectl_drops_the_sorter_error(session):
    # kubernetes/kubectl#1343: the table printer's error is not reported
    assert run(session, "kubectl get pods --sort-by=.spec.nothing") == (
        "", "No resources found in default namespace.\n", 0)


def test_a_field_no_item_has_is_an_error_for_lists(session):
    assert run(session, "kubectl get pods -o name --sort-by=.spec.nothing") == (
        "", 'error: couldn\'t find any field with path "{.spec.nothing}" in the list of objects\n', 1)


def test_names_and_yaml_lists_come_sorted(session):
    assert run(session, "kubectl get pods -o name --sort-by=.metadata.name") == (
        "pod/web-1\npod/web-2\npod/web-10\n", "", 0)
    jsonpath = "kubectl get pods --sort-by=.metadata.name -o jsonpath={.items[*].metadata.name}"
    assert session.run(jsonpath).stdout == "web-1 web-2 web-10"


def test_two_types_cannot_be_sorted_together_in_1_23(session):
    # kubernetes/kubernetes#104318: kubectl sorts the per-type tables first, which have no metadata.name
    assert run(session, "kubectl get pods,svc --sort-by=.metadata.name") == (
        "", 'error: couldn\'t find any field with path "{.metadata.name}" in the list of objects\n', 1)


def test_a_map_cannot_be_sorted_and_kubectl_exits_through_klog(session):
    stdout, stderr, code = run(session, "kubectl get pods --sort-by=.metadata.labels")
    assert (stdout, code) == ("", 1)
    assert stderr.startswith("F")
    assert stderr.endswith(" sorter.go:378] Field {.metadata.labels} in [][][]reflect.Value is an unsortable type: "
                           "interface, err: unsortable type: map[string]interface {}\n")


def test_natural_order_compares_runs_of_digits_as_numbers():
    assert natural_less("pod-2", "pod-10") and not natural_less("pod-10", "pod-2")
    assert natural_less("a1", "a01")  # equal numbers: fewer leading zeros first
    assert natural_less("9", "a")  # digits before other characters


def test_go_1_17_sort_is_not_stable_in_short_lists():
    # seven items: the gap-6 shell pass swaps the last (smallest) with the first, then insertion sort
    items = [("A", 1), ("B", 1), ("C", 1), ("D", 1), ("E", 1), ("F", 1), ("G", 0)]
    sort_in_place(items, lambda left, right: left[1] < right[1])
    assert [name for name, _ in items] == ["G", "B", "C", "D", "E", "F", "A"]


def test_go_sort_orders_long_lists():
    items = [(index * 7919) % 101 for index in range(101)]
    sort_in_place(items, lambda left, right: left < right)
    assert items == list(range(101))


# -L / --label-columns --------------------------------------------------------------


def test_label_columns_add_upper_cased_headers_and_empty_cells(session):
    stdout = session.run("kubectl get pods -L app -L example.com/tier --show-labels").stdout
    assert stdout.splitlines()[0].split() == ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "APP", "TIER", "LABELS"]
    rows = {line.split()[0]: line for line in stdout.splitlines()[1:]}
    assert rows["web-1"].split()[-3:] == ["web", "front", "app=web,example.com/tier=front"]
    assert rows["web-10"].split()[-2:] == ["web", "app=web"]  # the TIER cell is empty


def test_label_columns_follow_the_wide_columns(session):
    header = session.run("kubectl get pods -o wide -L app").stdout.splitlines()[0].split()
    assert header[-2:] == ["GATES", "APP"]


def test_show_labels_is_refused_with_a_structured_format(session):
    assert run(session, "kubectl get pods -o yaml --show-labels") == (
        "", "error: --show-labels option cannot be used with yaml printer\n", 1)


# --watch ---------------------------------------------------------------------------


NOT_SIMULATED = 'error: "kubectl get --{}" is not simulated by KubeGrade yet: kubectl would keep printing changes until Ctrl-C\n'


def test_watch_prints_the_first_listing_then_says_it_is_not_simulated(session):
    result = session.run("kubectl get pods -w")
    assert result.stdout.splitlines()[0].split() == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    assert names(result) == ["web-1", "web-10", "web-2"]
    assert (result.stderr, result.exit_code) == (NOT_SIMULATED.format("watch"), 1)


def test_watch_only_prints_no_listing(session):
    assert run(session, "kubectl get pods --watch-only") == ("", NOT_SIMULATED.format("watch-only"), 1)


def test_watch_warns_that_sorting_is_ignored(session):
    result = session.run("kubectl get pods -w --sort-by=.metadata.name")
    assert names(result) == ["web-1", "web-10", "web-2"]
    assert result.stderr == "warning: --watch or --watch-only requested, --sort-by will be ignored\n" + NOT_SIMULATED.format("watch")


def test_watch_takes_a_single_resource_type(session):
    assert run(session, "kubectl get pods,svc -w") == ("", "error: you may only specify a single resource type\n", 1)


def test_output_watch_events_needs_a_watch_and_is_not_simulated(session):
    assert run(session, "kubectl get pods --output-watch-events") == ("", (
        "error: --output-watch-events option can only be used with --watch or --watch-only\n"
        "See 'kubectl get -h' for help and examples\n"), 1)
    assert run(session, "kubectl get pods -w --output-watch-events") == (
        "", NOT_SIMULATED.format("output-watch-events"), 1)


def test_chunk_size_must_be_a_number(session):
    assert names(session.run("kubectl get pods --chunk-size=10")) == ["web-1", "web-10", "web-2"]
    assert run(session, "kubectl get pods --chunk-size=ten") == ("", (
        'error: invalid argument "ten" for "--chunk-size" flag: strconv.ParseInt: parsing "ten": invalid syntax\n'
        "See 'kubectl get --help' for usage.\n"), 1)
