"""The loader reports, with file and line, every `{{ name }}` used where the spec does not
define it (template files in setup/, starter/, solution/ and wrong/; checks; variables;
`apply`) and every `inspect: {fact: X}` naming a fact the spec never records.

Each test writes a small assignment into tmp_path, breaks one thing and reads the report."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.bank import SpecError, load_assignment, load_bank

LAB = """\
week: 4
kind: lab
title: {ko: "작은 실습", en: "A small lab"}
points: 3
instructions: {ko: "Service {{ service }} 를 만드세요.", en: "Create the Service {{ service }}."}

variables:
  app: {pick: [web, shop]}
  service: {name: {prefix: "svc-", length: 4}}
  label: {value: "app={{ app }}"}

setup:
  files: [rs.yaml]
  commands: [kubectl create -f rs.yaml]

submission: {files: [svc.yaml]}

apply: [kubectl apply -f svc.yaml]

facts:
  cluster_ip: {object: "services/{{ service }}", field: spec.clusterIP}
  pod_ips: {ready_pods: {app: "{{ app }}"}, field: status.podIP}

checks:
  - id: small.C001
    title: {ko: "ClusterIP 가 있다", en: "It has a ClusterIP"}
    points: 1
    inspect: {fact: cluster_ip}
    expect: {matches: "^10\\\\."}

  - id: small.C002
    title: {ko: "모든 노드에서 접근된다", en: "Every node reaches it"}
    points: 1
    foreach: nodes
    vantage: {node: "{{ node_name }}"}
    run: "curl -s http://{{ cluster_ip }}"
    expect: {exit_code: 0}

  - id: small.C003
    title: {ko: "Pod 에서 이름으로 접근된다", en: "A pod reaches it by name"}
    points: 1
    vantage: {pod_of: {app: "{{ app }}"}}
    run: "curl -s http://{{ service }}"
    expect: {exit_code: 0}
    hint: {ko: "selector 는 {{ label }} 입니다.", en: "The selector is {{ label }}."}
"""

QUIZ = """\
week: 4
kind: quiz
title: {ko: "작은 퀴즈", en: "A small quiz"}
points: 1
instructions: {ko: "Service {{ service }}", en: "The Service {{ service }}"}
variables:
  service: {name: {prefix: "svc-", length: 4}}
submission: {files: [], commands: false}
facts:
  cluster_ip: {object: "services/{{ service }}", field: spec.clusterIP}
questions:
  - id: small-quiz.Q001
    kind: choice
    prompt: {ko: "{{ service }} 의 ClusterIP 는?", en: "The ClusterIP of {{ service }}?"}
    choices: ["{{ cluster_ip }}", "None"]
    correct_when:
      inspect: {fact: cluster_ip}
      expect: {equals: "{{ choice }}"}
    explain: {ko: "kubectl get svc 로 봅니다.", en: "kubectl get svc shows it."}
"""

SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: {{ service }}
spec:
  selector:
    app: {{ app }}
  ports:
  - port: 80
    targetPort: 8080
"""


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(content)
    return root


@pytest.fixture
def lab(tmp_path) -> Path:
    return _write(tmp_path / "week4" / "01-small", {
        "spec.yaml": LAB,
        "setup/rs.yaml": "kind: ReplicaSet\nmetadata: {name: rs-{{ app }}}\n",
        "starter/svc.yaml": "# the Service {{ service }} goes here\n",
        "solution/svc.yaml": SERVICE,
        "wrong/port-80/svc.yaml": SERVICE.replace("8080", "80"),
        "wrong/port-80/expect.yaml": "score: 1\nfailed: [small.C002, small.C003]\n",
    })


@pytest.fixture
def quiz(tmp_path) -> Path:
    return _write(tmp_path / "week4" / "quiz-01-small", {"spec.yaml": QUIZ})


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def _line(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def _problems(folder: Path) -> list[str]:
    with pytest.raises(SpecError) as error:
        load_assignment(folder)
    return error.value.problems


def _spec_line(folder: Path, key: str) -> int:
    return _line(folder / "spec.yaml", f"{key}:")


def test_the_small_assignments_load(lab, quiz):
    assert load_assignment(lab).slug == "week4/01-small"
    assert load_assignment(quiz).kind == "quiz"


# -- template files -----------------------------------------------------------------------

def test_unknown_name_in_a_solution_file_is_reported_with_file_line_and_the_specs_lines(lab):
    _edit(lab / "solution/svc.yaml", "app: {{ app }}", "app: {{ ap }}")
    problems = _problems(lab)
    variables, facts = _spec_line(lab, "variables"), _spec_line(lab, "facts")
    assert problems == [
        f"{lab / 'solution/svc.yaml'}:7: solution/svc.yaml: unknown name {{{{ ap }}}} "
        f"(not among the variables at spec.yaml:{variables} or the facts at spec.yaml:{facts}; "
        "did you mean {{ app }}?)"
    ]


def test_unknown_names_in_a_wrong_case_and_its_expect_yaml_are_reported(lab):
    _edit(lab / "wrong/port-80/svc.yaml", "name: {{ service }}", "name: {{ svc_name }}")
    (lab / "wrong/port-80/expect.yaml").write_text("score: 1\n\nfeedback: {small.C003: \"{{ no_such }}\"}\n")
    problems = _problems(lab)
    assert len(problems) == 2
    assert problems[0].startswith(f"{lab / 'wrong/port-80/expect.yaml'}:3: wrong/port-80/expect.yaml: "
                                  "unknown name {{ no_such }} (not among the variables at spec.yaml:")
    assert problems[1].startswith(f"{lab / 'wrong/port-80/svc.yaml'}:4: wrong/port-80/svc.yaml: "
                                  "unknown name {{ svc_name }} (not among")


def test_a_reference_spread_over_lines_is_reported_on_the_line_it_starts(lab):
    (lab / "solution/commands.sh").write_text("kubectl get svc\n\nkubectl get svc {{\n  servce }}\n")
    assert [p.split(": ", 2)[0] for p in _problems(lab)] == [f"{lab / 'solution/commands.sh'}:3"]


def test_solutions_may_use_facts_but_setup_and_starter_files_may_not(lab):
    _edit(lab / "solution/svc.yaml", "  - port: 80", "  - port: 80  # {{ cluster_ip }} / {{ pod_ips.0 }}")
    assert load_assignment(lab).slug == "week4/01-small"  # loads: facts are allowed in a solution
    (lab / "starter/svc.yaml").write_text("# curl http://{{ cluster_ip }}\n")
    (lab / "setup/rs.yaml").write_text("kind: ReplicaSet\n\nmetadata: {name: '{{ node_name }}'}\n")
    problems = _problems(lab)
    assert problems == [
        f"{lab / 'setup/rs.yaml'}:3: setup/rs.yaml: unknown name {{{{ node_name }}}} "
        "(only defined in a check with `foreach: nodes`)",
        f"{lab / 'starter/svc.yaml'}:1: starter/svc.yaml: unknown name {{{{ cluster_ip }}}} "
        "(a fact, computed on the student's cluster: only variables can be used here)",
    ]


def test_binary_files_are_not_templates(lab):
    (lab / "solution/blob.bin").write_bytes(b"\xff\xfe{{ nope }}\x00")
    files, _ = load_assignment(lab).solution(1)
    assert files["blob.bin"] == b"\xff\xfe{{ nope }}\x00"


# -- names in the spec ---------------------------------------------------------------------

def test_a_check_using_a_variable_the_variants_do_not_define(lab):
    _edit(lab / "spec.yaml", 'run: "curl -s http://{{ service }}"', 'run: "curl -s http://{{ service_name }}"')
    line = _line(lab / "spec.yaml", "{{ service_name }}")
    assert _problems(lab) == [f"{lab / 'spec.yaml'}:{line}: checks[2].run: unknown name {{{{ service_name }}}} "
                              "(not a variable or fact; did you mean {{ service }}?)"]


def test_node_names_only_exist_in_a_foreach_nodes_check(lab):
    _edit(lab / "spec.yaml", 'vantage: {pod_of: {app: "{{ app }}"}}', 'vantage: {node: "{{ node_name }}"}')
    line = _last_line(lab / "spec.yaml", "{{ node_name }}")  # the first one is in the foreach check
    assert _problems(lab) == [f"{lab / 'spec.yaml'}:{line}: checks[2].vantage.node: unknown name "
                              "{{ node_name }} (only defined in a check with `foreach: nodes`)"]


def _last_line(path: Path, needle: str) -> int:
    return [n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line][-1]


def test_choice_only_exists_inside_correct_when(quiz):
    _edit(quiz / "spec.yaml", 'explain: {ko: "kubectl get svc 로 봅니다."', 'explain: {ko: "{{ choice }} 입니다."')
    line = _line(quiz / "spec.yaml", "{{ choice }} 입니다")
    assert _problems(quiz) == [f"{quiz / 'spec.yaml'}:{line}: questions[0].explain.ko: unknown name {{{{ choice }}}} "
                               "(only defined inside a choice question's `correct_when`)"]


def test_a_variable_may_only_use_the_variables_above_it(lab):
    _edit(lab / "spec.yaml", "  app: {pick: [web, shop]}",
          '  app: {pick: [web, shop]}\n  rs: {value: "rs-{{ label }}"}')
    line = _line(lab / "spec.yaml", "rs: {value:")
    assert _problems(lab) == [f"{lab / 'spec.yaml'}:{line}: variables.rs.value: unknown name {{{{ label }}}} "
                              "(declared after this variable; a value may only use the variables above it)"]


def test_apply_setup_and_hints_see_variables_only(lab):
    _edit(lab / "spec.yaml", "apply: [kubectl apply -f svc.yaml]", 'apply: ["kubectl apply -f {{ cluster_ip }}.yaml"]')
    _edit(lab / "spec.yaml", "selector 는 {{ label }} 입니다.", "selector 는 {{ pod_ips }} 입니다.")
    problems = _problems(lab)
    fact = "(a fact, computed on the student's cluster: only variables can be used here)"
    assert problems == [
        f"{lab / 'spec.yaml'}:{_line(lab / 'spec.yaml', 'apply:')}: apply[0]: unknown name {{{{ cluster_ip }}}} {fact}",
        f"{lab / 'spec.yaml'}:{_line(lab / 'spec.yaml', '{{ pod_ips }} 입니다')}: checks[2].hint.ko: "
        f"unknown name {{{{ pod_ips }}}} {fact}",
    ]


# -- inspect: {fact: X} ----------------------------------------------------------------------

def test_inspecting_a_fact_the_spec_never_records(lab):
    _edit(lab / "spec.yaml", "inspect: {fact: cluster_ip}", "inspect: {fact: clusterip}")
    line, facts = _line(lab / "spec.yaml", "{fact: clusterip}"), _spec_line(lab, "facts")
    assert _problems(lab) == [f"{lab / 'spec.yaml'}:{line}: checks[0].inspect.fact: 'clusterip' is not a fact the "
                              f"spec records (`facts:` on line {facts}; did you mean 'cluster_ip'?)"]


def test_inspecting_a_variable_as_a_fact(lab):
    _edit(lab / "spec.yaml", "inspect: {fact: cluster_ip}", "inspect: {fact: service}")
    line = _line(lab / "spec.yaml", "{fact: service}")
    assert _problems(lab) == [f"{lab / 'spec.yaml'}:{line}: checks[0].inspect.fact: 'service' is a variable, not a "
                              f"fact the spec records (`facts:` on line {_spec_line(lab, 'facts')})"]


def test_inspecting_a_fact_in_a_spec_without_facts(lab):
    text = (lab / "spec.yaml").read_text()
    start, end = text.index("facts:"), text.index("checks:")
    (lab / "spec.yaml").write_text(text[:start] + text[end:].replace("{{ cluster_ip }}", "{{ service }}"))
    line = _line(lab / "spec.yaml", "{fact: cluster_ip}")
    assert _problems(lab) == [f"{lab / 'spec.yaml'}:{line}: checks[0].inspect.fact: 'cluster_ip' is not a fact the "
                              "spec records (no `facts:` in this spec)"]


def test_inspecting_an_unrecorded_fact_in_a_quiz_choice(quiz):
    _edit(quiz / "spec.yaml", "inspect: {fact: cluster_ip}", "inspect: {fact: service_ip}")
    line = _line(quiz / "spec.yaml", "{fact: service_ip}")
    assert _problems(quiz) == [f"{quiz / 'spec.yaml'}:{line}: questions[0].correct_when.inspect.fact: 'service_ip' "
                               "is not a fact the spec records (`facts:` on line 9; did you mean 'cluster_ip'?)"]


def test_inspect_needs_an_object_or_a_fact(lab):
    _edit(lab / "spec.yaml", "inspect: {fact: cluster_ip}", "inspect: {field: spec.clusterIP}")
    line = _line(lab / "spec.yaml", "inspect: {field")
    assert _problems(lab) == [f"{lab / 'spec.yaml'}:{line}: checks[0].inspect: needs exactly one of object, fact"]


# -- everything at once ------------------------------------------------------------------------

def test_every_problem_is_reported_in_one_go(lab, quiz):
    _edit(lab / "spec.yaml", "inspect: {fact: cluster_ip}", "inspect: {fact: nope}")
    _edit(lab / "spec.yaml", "points: 3", "points: 4")
    _edit(lab / "solution/svc.yaml", "name: {{ service }}", "name: {{ nope }}")
    (lab / "setup/rs.yaml").unlink()
    _edit(quiz / "spec.yaml", "inspect: {fact: cluster_ip}", "inspect: {fact: nope}")
    with pytest.raises(SpecError) as error:
        load_bank(lab.parent.parent)
    report = str(error.value)
    assert len(error.value.problems) == 5, report
    for phrase in ("points: is 4 but the checks add up to 3", "checks[0].inspect.fact: 'nope'",
                   "setup.files: no such file in setup/: rs.yaml", "solution/svc.yaml:4: solution/svc.yaml: unknown",
                   "questions[0].correct_when.inspect.fact: 'nope'"):
        assert phrase in report, phrase
