"""The shell: bash's parsing and errors, prompts and frames (ssh, exec), kubectl's flag and command errors."""

from __future__ import annotations

import pytest

from simulator import Cluster
from simulator.shell.parser import ParseError, parse


@pytest.fixture
def session(cluster):
    return cluster.session(echo=False)


def run(session, line):
    return session.run(line)


@pytest.mark.parametrize("line, commands", [
    ("kubectl get pods -o wide", [[["kubectl", "get", "pods", "-o", "wide"]]]),
    ("a && b || c; d", [[["a"]], [["b"]], [["c"]], [["d"]]]),
    ("kubectl get po | grep web", [[["kubectl", "get", "po"], ["grep", "web"]]]),
    ("echo \"a b\" 'c d' e\\ f", [[["echo", "a b", "c d", "e f"]]]),
    ("kubectl exec -it x -- sh -c \"echo hi; ls\"", [[["kubectl", "exec", "-it", "x", "--", "sh", "-c", "echo hi; ls"]]]),
    ("ls # a comment", [[["ls"]]]),
])
def test_command_lines_split_like_bash(line, commands):
    assert [p.commands for p in parse(line)] == commands


@pytest.mark.parametrize("line, message", [
    ("| grep x", "bash: syntax error near unexpected token `|'"),
    ("kubectl get pods &&", "bash: syntax error: unexpected end of file"),
    ('echo "open', "bash: unexpected EOF while looking for matching `\"'"),
])
def test_broken_command_lines_get_bashs_syntax_errors(line, message):
    with pytest.raises(ParseError, match=message.replace("|", "\\|")):
        parse(line)


def test_syntax_error_exits_2_with_bashs_text(session):
    result = run(session, "| grep x")
    assert (result.output, result.exit_code) == ("bash: syntax error near unexpected token `|'\n", 2)


def test_unknown_command_on_the_workstation_is_command_not_found(session):
    result = run(session, "foo bar")
    assert (result.output, result.exit_code) == ("foo: command not found\n", 127)


def test_shell_metacharacters_reach_programs_as_words(session):
    assert run(session, "echo '$(rm -rf /)' ; echo `x`").output == "$(rm -rf /)\n`x`\n"


def test_command_substitution_and_variables_expand(session):
    run(session, "export NS=kube-system")
    line = "echo $NS ${NS} \"$(echo 'a  b')\" $(echo 'a  b')"
    assert run(session, line).output == "kube-system kube-system a  b a b\n"


def test_and_or_follow_exit_codes(session):
    assert run(session, "false && echo no || echo yes").output == "yes\n"


def test_pipe_to_grep_filters_lines(session):
    output = run(session, "kubectl get pods -n kube-system | grep coredns").output
    assert [line.split()[0] for line in output.splitlines()] == ["coredns-76b4fb4578-kc7vm", "coredns-76b4fb4578-zbtvb"]


def test_echo_mode_prints_the_prompt_and_command_first(cluster):
    session = cluster.session(echo=True)
    assert session.run("echo hi").output == "remote > echo hi\nhi\n"


def test_ssh_to_a_node_changes_the_prompt_and_exit_returns(session):
    assert run(session, "ssh vagrant@192.168.100.200").exit_code == 0
    assert session.prompt == "master > "
    assert run(session, "hostname").output == "master\n"
    assert run(session, "exit").output == "logout\nConnection to 192.168.100.200 closed.\n"
    assert session.prompt == "remote > "


def test_ssh_with_a_command_runs_it_on_the_node(session):
    assert run(session, "ssh vagrant@192.168.100.202 hostname").output == "worker2\n"
    assert session.prompt == "remote > "


def test_kubectl_on_a_node_without_kubeconfig_cannot_reach_the_api(session):
    run(session, "ssh vagrant@192.168.100.201")
    result = run(session, "kubectl get pods")
    assert result.output == ("The connection to the server localhost:8080 was refused - did you specify the right "
                             "host or port?\n")
    assert result.exit_code == 1


def test_root_on_the_master_has_the_admin_kubeconfig(session):
    run(session, "ssh vagrant@192.168.100.200")
    assert run(session, "sudo kubectl get nodes").exit_code == 0


def test_exec_into_a_shell_gives_a_root_prompt_in_the_pod(session):
    run(session, "kubectl run web --image=whatwant/node-web:1.0")
    run(session, "kubectl exec -it web -- /bin/bash")
    assert session.prompt == "root@web:/# "
    assert run(session, "hostname").output == "web\n"
    assert run(session, "kubectl get pods").output == "bash: kubectl: command not found\n"
    assert run(session, "exit").output == "exit\n"
    assert session.prompt == "remote > "


def test_exec_of_a_missing_program_is_an_oci_error_with_exit_126(session):
    run(session, "kubectl run web --image=whatwant/node-web:1.0")
    result = run(session, "kubectl exec web -- dig svc-web")
    assert result.exit_code == 126
    assert result.output == ("OCI runtime exec failed: exec failed: container_linux.go:380: starting container process "
                             'caused: exec: "dig": executable file not found in $PATH: unknown\n'
                             "command terminated with exit code 126\n")


def test_exec_into_a_missing_pod_is_not_found(session):
    result = run(session, "kubectl exec -it nope -- bash")
    assert (result.output, result.exit_code) == ('Error from server (NotFound): pods "nope" not found\n', 1)


def test_exec_without_dash_dash_warns_it_is_deprecated(session):
    run(session, "kubectl run web --image=whatwant/node-web:1.0")
    result = run(session, "kubectl exec web hostname")
    assert result.output.startswith("kubectl exec [POD] [COMMAND] is DEPRECATED")
    assert result.output.endswith("web\n")


def test_exec_into_a_pod_whose_image_cannot_be_pulled_fails(session):
    run(session, "kubectl run web --image=whatwant/node-web:7.7")
    result = run(session, "kubectl exec -it web -- bash")
    assert result.output == 'error: unable to upgrade connection: container not found ("web")\n'


def test_kubectl_unknown_command_suggests_the_nearest(session):
    """1.23.7's main is `cli.RunNoErrOutput` + `CheckErr` (kubernetes PR 107475, cherry-picked to
    release-1.23): cobra's own `Run 'kubectl --help' for usage.` line is silenced."""
    result = run(session, "kubectl gte pods")
    assert result.output == 'error: unknown command "gte" for "kubectl"\n\nDid you mean this?\n\tget\n'


def test_kubectl_unknown_flag(session):
    result = run(session, "kubectl get pods --bogus")
    assert result.output == "error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n"


def test_kubectl_unknown_resource_type(session):
    assert run(session, "kubectl get svcs").output == 'error: the server doesn\'t have a resource type "svcs"\n'


def test_kubectl_get_with_nothing_found_says_so_on_stderr(session):
    result = run(session, "kubectl get pods")
    assert (result.stdout, result.stderr) == ("", "No resources found in default namespace.\n")


def test_kubectl_get_missing_object_is_not_found(session):
    result = run(session, "kubectl get svc nope")
    assert (result.output, result.exit_code) == ('Error from server (NotFound): services "nope" not found\n', 1)


def test_kubectl_output_format_must_be_known(session):
    assert run(session, "kubectl get pods -o xml").output.startswith(
        'error: unable to match a printer suitable for the output format "xml", allowed formats are: custom-columns,')


def test_scale_to_a_negative_count_is_refused(session):
    run(session, "kubectl create deployment dp --image=nginx")
    assert run(session, "kubectl scale deployment dp --replicas=-1").output == (
        "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n")


def test_label_refuses_to_overwrite_without_the_flag(session):
    run(session, "kubectl run web --image=nginx")
    assert run(session, "kubectl label pod web run=other").output == (
        "error: 'run' already has a value (web), and --overwrite is false\n")
    assert run(session, "kubectl label pod web run=other --overwrite").output == "pod/web labeled\n"


def test_delete_reports_each_object(session):
    run(session, "kubectl run web --image=nginx")
    assert run(session, "kubectl delete pod web").output == 'pod "web" deleted\n'
    assert run(session, "kubectl delete pod web").output == 'Error from server (NotFound): pods "web" not found\n'


def test_a_hundred_commands_a_second_stay_bounded(session):
    for _ in range(100):
        run(session, "kubectl get pods -n kube-system")
    assert run(session, "echo done").output == "done\n"


def test_exit_status_is_expanded_when_its_statement_runs(session):
    assert run(session, "false; echo $?").output == "1\n"


def test_plain_assignments_set_shell_variables(session):
    run(session, "PORT=$(echo 30123)")
    assert run(session, "echo $PORT").output == "30123\n"


def test_separators_inside_quotes_and_substitutions_stay_words(session):
    assert run(session, "echo \"a;b\" 'c&&d' $(echo 'e||f') # g; h").output == "a;b c&&d e||f\n"


def test_apply_records_the_manifest_as_kubectl_does():
    from simulator import Cluster

    manifest = (b"apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-web\nspec:\n  ports:\n  - port: 80\n"
                b"    targetPort: 8080\n  selector:\n    app: node-web\n")
    cluster = Cluster(seed=7, files={"svc-web.yaml": manifest})
    session = cluster.session()
    assert session.run("kubectl apply -f svc-web.yaml").output == "service/svc-web created\n"
    assert session.run("kubectl apply -f svc-web.yaml").output == "service/svc-web unchanged\n"
    recorded = cluster.get("services", "svc-web")["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"]
    assert recorded == ('{"apiVersion":"v1","kind":"Service","metadata":{"annotations":{},"name":"svc-web",'
                        '"namespace":"default"},"spec":{"ports":[{"port":80,"targetPort":8080}],'
                        '"selector":{"app":"node-web"}}}\n')


def test_apply_over_create_warns_about_the_missing_annotation():
    from simulator import Cluster

    cluster = Cluster(seed=7, files={
        "svc.yaml": b"apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-web\nspec:\n  ports:\n  - port: 80\n"})
    session = cluster.session()
    session.run("kubectl create -f svc.yaml")
    result = session.run("kubectl apply -f svc.yaml")
    assert result.stderr.startswith("Warning: resource services/svc-web is missing the "
                                    "kubectl.kubernetes.io/last-applied-configuration annotation")
    assert result.stdout == "service/svc-web configured\n"


def test_applying_a_field_of_the_wrong_shape_twice_says_unchanged():
    """`spec.ports: true` on an Endpoints (no validation) once crashed the second apply."""
    manifest = b"apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: x\nspec:\n  ports: true\n"
    cluster = Cluster(seed=1, files={"e.yaml": manifest})
    assert cluster.run("kubectl apply --validate=false -f e.yaml").output == "endpoints/x created\n"
    assert cluster.run("kubectl apply --validate=false -f e.yaml").output == "endpoints/x unchanged\n"
