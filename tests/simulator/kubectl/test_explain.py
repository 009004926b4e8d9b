"""`kubectl explain`: the resource is looked up as kubectl does, then one line says what is missing.

kubectl 1.23's explain prints each field's description from the server's OpenAPI document;
the simulator's models (`simulator/registry/openapi_v1_23.py`) carry names and types only.
"""

from __future__ import annotations

from simulator import Cluster


def test_explain_checks_the_resource_then_says_in_one_line_what_is_missing():
    session = Cluster(seed=1).session()
    missing = session.run("kubectl explain nosuch")
    assert (missing.stderr, missing.exit_code) == ('error: the server doesn\'t have a resource type "nosuch"\n', 1)
    known = session.run("kubectl explain deployment.spec")
    assert (known.stdout, known.exit_code, known.stderr.count("\n")) == ("", 1, 1)
    assert known.stderr.startswith('error: "kubectl explain" is not simulated by KubeGrade yet: ')
