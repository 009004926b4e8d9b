"""Every mutating verb honours `--dry-run=client|server` and `-o`, and writes nothing when asked not to.

Texts from kubectl 1.23: `cmdutil.PrintFlagsWithDryRunStrategy` completes the name printer's
operation with ` (dry run)` or ` (server dry run)` (label.go, annotate.go, apply.go, replace.go,
scale.go, patch.go, delete.go all use it); `GetDryRunStrategy`'s refusal of other values.
"""

from __future__ import annotations

import pytest

from simulator import Cluster

CONFIG = """apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {MODE: prod}
"""
CHANGED = CONFIG.replace("prod", "dev")


@pytest.fixture
def session():
    session = Cluster(seed=4, files={"cfg.yaml": CONFIG.encode(), "changed.yaml": CHANGED.encode()}).session()
    assert session.run("kubectl apply -f cfg.yaml").exit_code == 0
    return session


def mode(session) -> str:
    return session.run("kubectl get cm cfg -o jsonpath={.data.MODE}").output


@pytest.mark.parametrize("strategy,suffix", [("client", " (dry run)"), ("server", " (server dry run)")])
def test_writes_with_a_dry_run_change_nothing(session, strategy, suffix):
    flag = f"--dry-run={strategy}"
    assert session.run(f"kubectl apply -f changed.yaml {flag}").output == f"configmap/cfg configured{suffix}\n"
    assert session.run(f"kubectl replace -f changed.yaml {flag}").output == f"configmap/cfg replaced{suffix}\n"
    assert session.run(f"""kubectl patch cm cfg -p '{{"data":{{"MODE":"dev"}}}}' {flag}""").output == (
        f"configmap/cfg patched{suffix}\n")
    assert session.run(f"kubectl label cm cfg tier=front {flag}").output == f"configmap/cfg labeled{suffix}\n"
    assert session.run(f"kubectl annotate cm cfg note=x {flag}").output == f"configmap/cfg annotated{suffix}\n"
    assert session.run(f"kubectl delete -f cfg.yaml {flag}").output == f'configmap "cfg" deleted{suffix}\n'
    assert session.run(f"kubectl delete cm cfg {flag}").output == f'configmap "cfg" deleted{suffix}\n'
    assert mode(session) == "prod"
    assert session.run("kubectl get cm cfg -o jsonpath={.metadata.labels}").output == ""


def test_scale_dry_run_keeps_the_replicas(session):
    session.run("kubectl create deployment web --image=nginx --replicas=2")
    assert session.run("kubectl scale deploy web --replicas=5 --dry-run=client").output == (
        "deployment.apps/web scaled (dry run)\n")
    assert session.run("kubectl get deploy web -o jsonpath={.spec.replicas}").output == "2"


def test_dry_run_with_output_prints_the_object_it_would_write(session):
    printed = session.run("kubectl label cm cfg tier=front --dry-run=client -o yaml").output
    assert "  labels:\n    tier: front\n" in printed
    assert session.run("kubectl apply -f changed.yaml --dry-run=server -o jsonpath={.data.MODE}").output == "dev"
    assert mode(session) == "prod"


def test_server_dry_run_still_validates(session):
    result = session.run("kubectl create configmap bad --from-literal='a b=1' --dry-run=server")
    assert result.exit_code == 1 and result.output.startswith('The ConfigMap "bad" is invalid: data[a b]')
    result = session.run("kubectl create configmap cfg --dry-run=server")
    assert result.output == 'Error from server (AlreadyExists): configmaps "cfg" already exists\n'


def test_output_name_on_mutations(session):
    assert session.run("kubectl label cm cfg tier=front -o name").output == "configmap/cfg\n"
    assert session.run("kubectl apply -f changed.yaml -o name").output == "configmap/cfg\n"
    assert mode(session) == "dev"


def test_a_table_format_is_refused_on_a_mutation(session):
    result = session.run("kubectl apply -f cfg.yaml -o wide")
    assert result.exit_code == 1
    assert result.output.startswith('error: unable to match a printer suitable for the output format "wide"')
