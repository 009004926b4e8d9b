"""The bash a course types: loops, `if`, `test`/`[ ]`/`[[ ]]`, `case`, functions, `$((...))`,
`~`, jobs (`&`, `jobs`, `kill %1`, `wait`, `fg`), `sh -c`/`bash -c` with the machine's own
shell, and the limits that hold inside loops.

Truth: every expected text below was printed by GNU bash 5.2.15 (Debian 12) or dash 0.5.12
on the machine that wrote these tests, run as quoted in each comment
(`bash -c '<line>'`, or an interactive `bash --norc -i` under `script(1)` for the texts an
interactive shell prints, which drop bash's `line 1:`). busybox's texts are from its source,
shell/ash.c: `ash_msg_and_raise(EXEXEC, "%s: %s", argv[0], errmsg(e, "not found"))` printed
by `ash_vmsg` as `fprintf(stderr, "%s: ", arg0)` with no line number for a command that is
not a builtin (`commandname` is unset there).

The workstation's home is /home/remote (what `pwd` prints there), where bash's was /root.
"""

from __future__ import annotations

import pytest

from simulator import Cluster
from simulator.shell.grammar import ShellSyntaxError, parse_script
from simulator.shell.runtime import MAX_COMMANDS_AT_ONCE, MAX_LINE_SECONDS
from simulator.shell.session import CommandAborted


@pytest.fixture
def session(cluster):
    return cluster.session()


def out(session, line):
    return session.run(line).output


# --- compound commands, with bash 5.2.15's output of `bash -c '<line>'` -------------------------
@pytest.mark.parametrize("line, printed", [
    ("for i in 1 2 3; do echo $i; done", "1\n2\n3\n"),
    ('for x in a b; do echo "x=$x"; done; echo $x', "x=a\nx=b\nb\n"),
    ("i=0; while [ $i -lt 3 ]; do echo w$i; i=$((i+1)); done", "w0\nw1\nw2\n"),
    ("i=0; until [ $i -ge 2 ]; do echo u$i; i=$((i+1)); done", "u0\nu1\n"),
    ("if [ 1 -eq 2 ]; then echo a; elif [ 2 -eq 2 ]; then echo b; else echo c; fi", "b\n"),
    ("case foo.yaml in *.yml) echo yml;; *.yaml) echo yaml;; *) echo other;; esac", "yaml\n"),
    ('f() { echo "f:$1:$#"; return 3; }; f one two; echo $?', "f:one:2\n3\n"),
    ("echo $((2+3*4)) $((7/2)) $((7%3)) $(( (1+2)*3 )) $((1<2)) $((5-10))", "14 3 1 9 1 -5\n"),
    ('[[ abc == a* ]] && echo glob; [[ -n "" ]] || echo empty; [[ 3 -lt 10 && x != y ]] && echo both',
     "glob\nempty\nboth\n"),
    ('test -z "" && echo z; [ "a" = "b" ]; echo $?; [ ! -n "" ]; echo $?', "z\n1\n0\n"),
    ("while true; do echo once; break; done", "once\n"),
    ("for i in 1 2 3; do if [ $i = 2 ]; then continue; fi; echo c$i; done", "c1\nc3\n"),
    ("x=1; f() { local x=2; echo $x; }; f; echo $x", "2\n1\n"),
    ("echo $(( i++ )) $i; i+=5; echo $i; echo $((i+=2)) $((0x10)) $((010)) $((2**10)) $((-7/2)) $((1?5:6))",
     "0 1\n15\n17 16 8 1024 -3 5\n"),
    ("for i in 1 2 3; do echo $i; done | grep 2", "2\n"),
    ("{ echo a; echo b; } | wc -l", "2\n"),
    ("(x=inner; echo $x); echo ${x:-}", "inner\n\n"),
    ("echo done; echo if then fi", "done\nif then fi\n"),
])
def test_compound_commands_print_what_bash_prints(session, line, printed):
    assert out(session, line) == printed


def test_tilde_is_the_home_directory_and_cd_follows_it():
    session = Cluster(seed=1, files={"kubernetes/04/svc.yaml": b"x"}).session()
    # bash: `echo ~/x ~ "~/q" a~b` -> `/root/x /root ~/q a~b` (HOME=/root there)
    assert out(session, 'echo ~/x ~ "~/q" a~b') == "/home/remote/x /home/remote ~/q a~b\n"
    assert out(session, "cd ~/kubernetes; pwd") == "/home/remote/kubernetes\n"
    assert out(session, "cd ~/kubernetes/04 && ls") == "svc.yaml\n"
    assert out(session, "cd ~; pwd") == "/home/remote\n"


def test_tilde_on_a_node_is_the_users_home(session):
    session.run("ssh vagrant@192.168.100.200")
    assert out(session, "echo ~") == "/home/vagrant\n"


# --- errors, as an interactive bash 5.2.15 prints them -------------------------------------------
@pytest.mark.parametrize("line, printed, status", [
    ("[ 1 -lt ]; echo $?", "bash: [: 1: unary operator expected\n2\n", 0),
    ("[ a; echo $?", "bash: [: missing `]'\n2\n", 0),
    ("[ a -lt 3 ]", "bash: [: a: integer expression expected\n", 2),
    # an arithmetic error ends the whole line: `echo after` does not run
    ("echo $((1/0)); echo after", 'bash: 1/0: division by 0 (error token is "0")\n', 1),
    ("echo $((2+))", 'bash: 2+: syntax error: operand expected (error token is "+")\n', 1),
    ("for; do", "bash: syntax error near unexpected token `;'\n", 2),
    ("if true; then echo x; fi; fi", "bash: syntax error near unexpected token `fi'\n", 2),
    ("break", "bash: break: only meaningful in a `for', `while', or `until' loop\n", 0),
    ("f() { return 3; }; f; echo $?", "3\n", 0),
    ("fg %3", "bash: fg: %3: no such job\n", 1),
    ("fg", "bash: fg: current: no such job\n", 1),
    ("kill %5", "bash: kill: %5: no such job\n", 1),
])
def test_errors_are_bashs_interactive_texts(session, line, printed, status):
    result = session.run(line)
    assert (result.output, result.exit_code) == (printed, status)


def test_an_unfinished_compound_command_is_an_unexpected_end_of_file():
    # `bash -c 'if true; then'` -> `bash: -c: line 2: syntax error: unexpected end of file`
    with pytest.raises(ShellSyntaxError, match="bash: syntax error: unexpected end of file"):
        parse_script("if true; then")
    with pytest.raises(ShellSyntaxError) as raised:
        parse_script("if true; then")
    # `dash -c 'if true; then'` -> `dash: 1: Syntax error: end of file unexpected (expecting "fi")`
    assert raised.value.dialect_text("dash") == 'sh: 1: Syntax error: end of file unexpected (expecting "fi")'


# --- jobs -----------------------------------------------------------------------------------------
def test_background_jobs_as_bash_lists_and_ends_them(session):
    # interactive bash 5.2.15, one line at a time:
    #   $ sleep 100 &        [1] 15720
    #   $ sleep 200 &        [2] 15815
    #   $ jobs               [1]-  Running                 sleep 100 &
    #                        [2]+  Running                 sleep 200 &
    #   $ kill %1
    #   $ jobs               [1]-  Terminated              sleep 100
    #                        [2]+  Running                 sleep 200 &
    #   $ kill %2
    #   $ echo hi            hi
    #                        [2]+  Terminated              sleep 200
    first = session.run("sleep 100 &")
    pid = session.jobs.jobs[0].pid
    assert first.output == f"[1] {pid}\n"
    assert out(session, "sleep 200 &") == f"[2] {pid + 1}\n"
    assert out(session, "echo $!") == f"{pid + 1}\n"
    assert out(session, "jobs") == ("[1]-  Running                 sleep 100 &\n"
                                    "[2]+  Running                 sleep 200 &\n")
    assert out(session, "kill %1") == ""
    assert out(session, "jobs") == ("[1]-  Terminated              sleep 100\n"
                                    "[2]+  Running                 sleep 200 &\n")
    assert out(session, "kill %2") == ""
    assert out(session, "echo hi") == "hi\n[2]+  Terminated              sleep 200\n"
    assert out(session, "jobs") == ""


def test_a_job_that_ends_is_reported_before_the_next_prompt(session):
    # bash: `$ sleep 1 &` `[1] 15921`, `$ sleep 2` -> `[1]+  Done                    sleep 1`
    session.run("sleep 1 &")
    assert out(session, "sleep 2") == "[1]+  Done                    sleep 1\n"


def test_wait_passes_time_until_the_job_ends(session):
    # bash: `$ sleep 1 &` then `$ wait %1; echo $?` -> `[1]+  Done                    sleep 1` `0`
    session.run("sleep 30 &")
    before = session.cluster.clock.now()
    assert out(session, "wait %1; echo $?") == "[1]+  Done                    sleep 30\n0\n"
    assert session.cluster.clock.now() - before >= 30


def test_a_job_killed_with_9_is_killed_and_kill_of_a_missing_pid_says_so(session):
    session.run("sleep 100 &")
    pid = session.jobs.jobs[0].pid
    assert out(session, f"kill -9 {pid}") == ""
    assert out(session, "jobs") == "[1]+  Killed                  sleep 100\n"
    assert out(session, "kill 99999") == "bash: kill: (99999) - No such process\n"
    assert session.run("kill").exit_code == 2


def test_a_background_loop_runs_while_the_foreground_sleeps(session):
    assert out(session, "(while true; do echo tick; sleep 5; done) &").endswith("tick\n")
    assert out(session, "sleep 12") == "tick\ntick\n"  # at 5 s and 10 s
    session.run("kill %1")


def test_fg_brings_a_job_back_and_waits_for_it(session):
    # bash: `$ fg` prints the job's command, then waits; `sleep 100` killed meanwhile -> `Terminated`
    session.run("sleep 20 &")
    result = session.run("fg")
    assert (result.output, result.exit_code) == ("sleep 20\n", 0)
    assert out(session, "jobs") == ""


# --- limits that hold inside loops ----------------------------------------------------------------
def test_an_endless_loop_without_time_passing_is_stopped_by_the_simulator(session):
    result = session.run("while true; do echo y; done")
    assert result.exit_code == 130
    assert result.output.count("y\n") == MAX_COMMANDS_AT_ONCE // 3  # a turn, `true` and `echo` each count
    assert result.output.endswith(f"bash: stopped after {MAX_COMMANDS_AT_ONCE} commands with no time passing "
                                  "(the simulator's limit; bash would run on until Ctrl-C)\n")


def test_an_endless_sleeping_loop_is_stopped_after_an_hour_of_simulated_time(session):
    result = session.run("while true; do sleep 600; done; echo never")
    assert result.exit_code == 130 and "never" not in result.output
    assert f"stopped after {int(MAX_LINE_SECONDS)} s of simulated time" in result.output


def test_the_graders_budget_stops_a_loop_from_inside(session):
    calls = []

    def guard():
        calls.append(1)
        if len(calls) > 50:
            raise CommandAborted("over budget")

    session.guard = guard
    with pytest.raises(CommandAborted):
        session.run("while true; do curl -s http://10.233.0.3:9153/; sleep 1; done")


def test_an_interactive_loop_holds_the_terminal_until_ctrl_c(cluster):
    session = cluster.session(interactive=True)
    first = session.run("sh -c 'while true; do echo hit; sleep 2; done'")
    assert (first.output, first.following) == ("hit\n", True)
    assert session.follow(1).output == ""
    assert session.follow(1).output == "hit\n"
    assert session.follow(4).output == "hit\nhit\n"
    stopped = session.interrupt()
    assert (stopped.exit_code, stopped.following) == (130, False)
    assert out(session, "echo $?") == "130\n"


# --- sh -c and bash -c with the machine's own shell ---------------------------------------------
def test_sh_on_the_workstation_is_dash_and_bash_is_bash(session):
    # `dash -c 'foo; echo $?'` -> `dash: 1: foo: not found` `127` (invoked as sh: `sh: 1: ...`)
    assert out(session, "sh -c 'foo; echo $?'") == "sh: 1: foo: not found\n127\n"
    # `bash -c 'foo; echo $?'` -> `bash: foo: command not found` `127`
    assert out(session, "bash -c 'foo; echo $?'") == "bash: foo: command not found\n127\n"
    assert out(session, "sh -c 'exit 3'; echo $?") == "3\n"
    assert out(session, "sh -c 'echo $0 $1 $#' name one") == "name one 1\n"


def _running_pod(cluster, name, image):
    session = cluster.session()
    session.run(f"kubectl run {name} --image={image} -- sleep 3600")
    for _ in range(5):
        session.run("true")
    return session


def test_sh_in_a_busybox_pod_is_ashs_not_found(cluster):
    session = _running_pod(cluster, "bb", "busybox")
    result = session.run("kubectl exec bb -- sh -c 'foo; echo $?; for i in 1 2; do echo $i; done'")
    assert result.output == "sh: foo: not found\n127\n1\n2\n"
    session.run("kubectl exec -it bb -- sh")
    assert out(session, "sh -c 'nope'") == "sh: nope: not found\n"


def test_bash_in_a_debian_image_is_bash_and_its_sh_is_dash(cluster):
    session = _running_pod(cluster, "web", "nginx")
    assert session.run("kubectl exec web -- bash -c 'nope'").output.startswith("bash: nope: command not found\n")
    assert session.run("kubectl exec web -- sh -c 'nope'").output.startswith("sh: 1: nope: not found\n")


# --- editors ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("editor", ["vi", "vim", "nano"])
def test_an_editor_points_to_the_workspace_editor(session, editor):
    result = session.run(f"{editor} svc-web.yaml")
    assert result.exit_code == 1
    assert "file panel" in result.output and "kubectl edit" in result.output
    assert "command not found" not in result.output


def test_a_long_running_program_joins_the_job_table(session):
    """What `kubectl port-forward ... &` will do: a runner that waits until it is ended."""
    import math

    ended = []

    def forwarder():
        try:
            while True:
                yield math.inf
        finally:
            ended.append(True)  # a program's `finally` is its signal handler

    job = session.start_job("kubectl port-forward node-web 8080:8080", forwarder())
    assert out(session, "jobs") == "[1]+  Running                 kubectl port-forward node-web 8080:8080 &\n"
    assert out(session, "sleep 30; jobs -p") == f"{job.pid}\n"
    session.run("kill %1")
    assert ended == [True]
    assert out(session, "true") == "[1]+  Terminated              kubectl port-forward node-web 8080:8080\n"


def test_a_background_programs_waiting_is_its_own_not_the_prompts(session):
    """curl timing out in a job owes its 5 s to the job: the prompt's clock does not jump."""
    before = session.cluster.clock.now()
    session.run("curl -s --connect-timeout 5 http://10.233.63.250 &")
    assert session.cluster.clock.now() - before < 5
    assert out(session, "wait %1; echo $?") == ("[1]+  Exit 28                 curl -s --connect-timeout 5 "
                                                 "http://10.233.63.250\n28\n")
