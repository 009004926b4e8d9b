"""which and type agree with what the shell runs; paths from the course and Ubuntu's layout."""

from __future__ import annotations

import shutil
import subprocess

import pytest


@pytest.fixture
def session(cluster):
    return cluster.session(echo=False)


def test_kubectl_is_where_week_2_installed_it(session):
    """Week 2's slides 381: `sudo install -o root -g root -m 0755 kubectl /usr/local/bin/kubectl`."""
    assert session.run("which kubectl").stdout == "/usr/local/bin/kubectl\n"
    assert session.run("type kubectl").stdout == "kubectl is /usr/local/bin/kubectl\n"


def test_which_prints_the_found_and_fails_for_the_missing(session):
    result = session.run("which grep no-such-program ls")
    assert (result.stdout, result.stderr, result.exit_code) == ("/usr/bin/grep\n/usr/bin/ls\n", "", 1)


def test_type_names_keywords_builtins_and_files_as_bash_does(session):
    result = session.run("type if cd printf ls no-such-program")
    assert result.stdout == "if is a shell keyword\ncd is a shell builtin\nprintf is a shell builtin\nls is /usr/bin/ls\n"
    assert (result.stderr, result.exit_code) == ("bash: type: no-such-program: not found\n", 1)
    assert session.run("type -t if cd ls").stdout == "keyword\nbuiltin\nfile\n"


def test_a_program_the_machine_lacks_is_not_found_by_either(session):
    session.run("kubectl run web --image=nginx")
    session.run("sleep 5")
    result = session.run("kubectl exec web -- which ls ps")
    assert (result.stdout, result.exit_code) == ("/bin/ls\n", 1)  # procps is not in debian:* images


def test_which_refuses_an_option_as_debianutils_which_does(session):
    result = session.run("which -x ls")
    expected = ("Usage: /usr/bin/which [-a] args\n", "Illegal option -x\n", 2)
    assert (result.stdout, result.stderr, result.exit_code) == expected
    real = shutil.which("which")
    if real and "debianutils" in open(real, errors="replace").read(2000) + subprocess.run(
            ["readlink", "-f", real], capture_output=True, text=True).stdout:
        done = subprocess.run(["which", "-x", "ls"], capture_output=True, text=True)
        assert (done.stdout, done.stderr, done.returncode) == expected
