"""The programs the simulated machines have: one registry, one signature, and how they let time pass."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import simulator
from simulator import Cluster
from simulator.programs.catalog import PROGRAM_MODULES, every_program
from simulator.programs.registry import NODE, WORKSTATION, installed_on
from simulator.shell.kubectl.help import all_commands
from simulator.shell.kubectl.main import VERBS

PROGRAMS = every_program()
# What the lecture's Ubuntu 20.04 workstation and nodes answer at a prompt, written out by hand.
# host: bind9-host, which Ubuntu 20.04 server installs with the standard task beside bind9-dnsutils
UBUNTU_PROGRAMS = {"kubectl", "curl", "wget", "ping", "nslookup", "dig", "host", "ssh", "sudo",
                   "ssh-keyscan",  # openssh-client, in Ubuntu Server's standard install with ssh
                   "cat", "ls", "hostname", "touch", "rm", "grep", "head", "tail", "wc", "sort", "env", "id",
                   "whoami", "date", "uname", "mkdir", "chmod", "printenv", "base64", "cut", "uniq", "tr", "cp", "mv", "xargs", "which",  # coreutils, findutils, debianutils (Ubuntu 20.04 has them in /bin)
                   "sed",  # GNU sed, Essential in Ubuntu
                   "awk",  # mawk 1.3.4, Priority required in Ubuntu 20.04
                   "df", "mount",  # coreutils and util-linux
                   "sh", "bash",  # dash as /bin/sh, and bash
                   "tee", "apt", "apt-get", "service", "systemctl",
                   "showmount", "exportfs",  # answer command-not-found until nfs-common / nfs-kernel-server is installed
                   "vi", "vim", "nano"}  # Ubuntu Server's editors: vi points to the workspace's editor, nano opens files in it
BASH_BUILTINS = {"cd", "exit", "logout", "echo", "pwd", "true", "false", "clear", "history", "export", "sleep", "type",
                 "test", "[", "jobs", "kill", "printf"}


@pytest.mark.parametrize("host", [WORKSTATION, NODE])
def test_the_workstation_and_the_nodes_have_the_ubuntu_programs_and_bashs_builtins(host):
    assert installed_on(host) == UBUNTU_PROGRAMS | BASH_BUILTINS


def test_every_program_takes_the_one_signature_ctx_and_argv():
    for name, registered in PROGRAMS.items():
        assert list(inspect.signature(registered.run).parameters) == ["ctx", "argv"], name


def test_only_bashs_builtins_are_there_in_every_shell():
    assert {name for name, registered in PROGRAMS.items() if registered.builtin} == BASH_BUILTINS


def _registered_in_source() -> dict[str, tuple[str, ...]]:
    """module -> the names its `@program(...)` decorators register, read from the source."""
    root = Path(simulator.__file__).parent
    found: dict[str, tuple[str, ...]] = {}
    for path in sorted(root.rglob("*.py")):
        names = tuple(arg.value for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                      if isinstance(node, ast.FunctionDef) for decorator in node.decorator_list
                      if isinstance(decorator, ast.Call) and getattr(decorator.func, "id", "") == "program"
                      for arg in decorator.args if isinstance(arg, ast.Constant))
        if names:
            found[".".join(path.relative_to(root.parent).with_suffix("").parts)] = names
    return found


def test_the_catalog_names_the_module_of_every_program_registered_in_the_source():
    assert {m: sorted(n) for m, n in PROGRAM_MODULES.items()} == {m: sorted(n) for m, n in _registered_in_source().items()}


def test_a_line_imports_only_the_programs_it_runs():
    script = ("import sys; from simulator import Cluster; s = Cluster(seed=1).session(); s.run('echo hi'); "
              "print(sorted(m for m in sys.modules if m.startswith(('simulator.tools', 'simulator.shell.kubectl'))))")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                         cwd=Path(simulator.__file__).parent.parent)
    assert run.stdout.strip() == "[]"


def test_every_kubectl_verb_in_the_dispatch_table_is_a_kubectl_1_23_command():
    assert set(VERBS) <= set(all_commands())
    assert all(callable(handler) for handler in VERBS.values())


def test_every_program_that_runs_is_recorded_once_with_where_it_ran(cluster: Cluster):
    session = cluster.session()
    session.run("echo hi | grep hi; ssh vagrant@192.168.100.201 hostname")
    assert [(e.program, e.where) for e in session.executed.entries] == [
        ("echo", "remote"), ("grep", "remote"), ("ssh", "remote"), ("hostname", "worker1")]


def test_a_dns_timeout_moves_the_clock_by_dig_s_three_tries_of_five_seconds(cluster: Cluster):
    session = cluster.session()
    before = cluster.clock.now()
    result = session.execute("dig @192.0.2.1 kubernetes.default.svc.cluster.local")
    assert result.exit_code == 9
    assert cluster.clock.now() - before == 15.0


def test_controllers_do_not_run_while_a_program_waits_but_do_when_sleep_waits(rs_web_manifest):
    cluster = Cluster(seed=3, files={"rs.yaml": rs_web_manifest})
    session = cluster.session()
    session.execute("kubectl create -f rs.yaml; dig @192.0.2.1 kubernetes +short")
    assert cluster.list("pods", "default", {"app": "node-web"}) == []
    session.execute("sleep 1")
    assert len(cluster.list("pods", "default", {"app": "node-web"})) == 3
