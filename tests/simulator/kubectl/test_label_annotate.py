"""`kubectl annotate` and `kubectl label` by name, `--all` and `-l`, as kubectl 1.23 picks objects.

Expected texts from kubectl's `annotate.go` / `label.go` (v1.23: `Validate` refuses `--all`
with `--selector`; each object visited prints `<type>/<name> annotated|labeled`) and
cli-runtime's `builder.go` (`ResourceTypeOrNameArgs`: a type with neither a name, a
selector nor `--all`, or a name beside a selector, is an error). Object names are the
cluster's own, read back from the store, never from kubectl's output.
"""

from __future__ import annotations

import pytest

from simulator import Cluster
from simulator.lecture import HANDS_ON_DIR


@pytest.fixture
def session():
    session = Cluster(seed=1, files=HANDS_ON_DIR).session()
    session.run("kubectl create -f kubernetes/03-RS-DS-JOB-CJ/hands-on/rs-web.yaml")
    session.run("kubectl run lonely --image=nginx")
    return session


def pods(session):
    return {pod["metadata"]["name"]: pod["metadata"] for pod in session.cluster.list("pods", "default")}


@pytest.mark.parametrize(("command", "field", "done"), [("annotate", "annotations", "annotated"),
                                                        ("label", "labels", "labeled")])
def test_all_sets_the_key_on_every_object_of_the_type_in_the_namespace(session, command, field, done):
    names = sorted(pods(session))
    result = session.run(f"kubectl {command} pods --all x=1")
    assert (result.stdout, result.stderr, result.exit_code) == ("".join(f"pod/{n} {done}\n" for n in names), "", 0)
    assert all((meta.get(field) or {}).get("x") == "1" for meta in pods(session).values())
    kube_system = session.cluster.list("pods", "kube-system")
    assert all("x" not in (pod["metadata"].get(field) or {}) for pod in kube_system)


@pytest.mark.parametrize("command", ["annotate", "label"])
def test_a_selector_picks_the_matching_objects_only(session, command):
    web = sorted(n for n, meta in pods(session).items() if meta["labels"].get("app") == "node-web")
    result = session.run(f"kubectl {command} pods -l app=node-web checked=yes")
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == len(web) == 3
    field = "annotations" if command == "annotate" else "labels"
    marked = sorted(n for n, meta in pods(session).items() if (meta.get(field) or {}).get("checked") == "yes")
    assert marked == web


@pytest.mark.parametrize("command", ["annotate", "label"])
@pytest.mark.parametrize(("args", "error"), [
    ("pods x=1", "error: resource(s) were provided, but no name, label selector, or --all flag specified\n"),
    ("pods --all -l app=node-web x=1", "error: cannot set --all and --selector at the same time\n"),
    ("pods lonely --all x=1", "error: name cannot be provided when a selector is specified\n"),
])
def test_what_the_builder_refuses_changes_nothing(session, command, args, error):
    before = pods(session)
    result = session.run(f"kubectl {command} {args}")
    assert (result.stdout, result.stderr, result.exit_code) == ("", error, 1)
    assert pods(session) == before
