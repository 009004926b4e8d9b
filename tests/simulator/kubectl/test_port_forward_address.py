"""`kubectl port-forward --address`: which addresses kubectl listens on, and who can reach them.

Truth, the 1.23 source texts read by hand. kubectl's portforward.go declares the flag
`StringSliceVar(&opts.Address, "address", []string{"localhost"}, "Addresses to listen on (comma
separated). Only accepts IP addresses or localhost as a value. When localhost is supplied,
kubectl will try to bind on both 127.0.0.1 and ::1 and will fail if neither of these addresses
are available to bind.")`, with the examples `kubectl port-forward --address 0.0.0.0 pod/mypod
8888:5000` and `kubectl port-forward --address localhost,10.19.21.23 pod/mypod 8888:5000`.
client-go's tools/portforward/portforward.go: parseAddresses (`localhost` -> 127.0.0.1 tcp4 and
::1 tcp6 in failure mode "all", an IPv4 -> tcp4 "any", an IPv6 -> tcp6 "any", else `%s is not a
valid IP`; deduplicated and sorted by address), NewOnAddresses (`you must specify at least 1
address`), listenOnPort (the port fails if no "all" listener bound while one failed, or if any
"any" one failed: `Listeners failed to create with the following errors: %v`), getListener
(`unable to create listener: Error %s` around Go's `listen tcp4 10.19.21.23:8888: bind: ...`,
and `Forwarding from %s -> %d` with net.JoinHostPort). The kernel's bind(): EADDRNOTAVAIL
(`cannot assign requested address`) for an address the machine does not have; EADDRINUSE when
the same port is held on the wildcard of the same family. The workstation is 192.168.100.1 and
worker1 192.168.100.201 (k8s-facts.md).
"""

from __future__ import annotations

import pytest

from simulator import Cluster

WORKSTATION = "192.168.100.1"


@pytest.fixture()
def shell():
    cluster = Cluster(seed=3)
    terminal = cluster.session()
    terminal.run("kubectl run node-web --image whatwant/node-web:1.0 --port 8080")
    terminal.run("sleep 20")
    return terminal


def _from_worker1(shell, line: str) -> str:
    shell.run("ssh vagrant@192.168.100.201")
    output = shell.run(line).output
    shell.run("exit")
    return output


def test_on_every_address_it_is_reached_from_another_machine(shell):
    started = shell.run("kubectl port-forward --address 0.0.0.0 pod/node-web 8888:8080 &").output
    assert started.splitlines()[1:] == ["Forwarding from 0.0.0.0:8888 -> 8080"]
    assert shell.run("curl -s localhost:8888").output == "Handling connection for 8888\nYou've hit node-web\n"
    assert _from_worker1(shell, f"curl -s {WORKSTATION}:8888") == "Handling connection for 8888\nYou've hit node-web\n"


def test_on_localhost_by_default_another_machine_is_refused(shell):
    shell.run("kubectl port-forward node-web 8888:8080 &")
    assert _from_worker1(shell, f"curl -s {WORKSTATION}:8888; echo $?") == "7\n"
    assert shell.run("curl -s localhost:8888").output == "Handling connection for 8888\nYou've hit node-web\n"


def test_an_address_the_machine_does_not_have_fails_the_port(shell):
    result = shell.run("kubectl port-forward --address localhost,10.19.21.23 pod/node-web 8888:8080")
    assert result.exit_code == 1
    assert result.output == (
        "Forwarding from 127.0.0.1:8888 -> 8080\n"
        "Forwarding from [::1]:8888 -> 8080\n"
        "Unable to listen on port 8888: Listeners failed to create with the following errors: "
        "[unable to create listener: Error listen tcp4 10.19.21.23:8888: bind: cannot assign requested address]\n"
        "error: unable to listen on any of the requested ports: [{8888 8080}]\n")


def test_addresses_are_a_list_sorted_and_once_each(shell):
    started = shell.run(f"kubectl port-forward --address {WORKSTATION} --address localhost,{WORKSTATION} "
                        "node-web 8888:8080 &").output
    assert started.splitlines()[1:] == [
        "Forwarding from 127.0.0.1:8888 -> 8080",
        f"Forwarding from {WORKSTATION}:8888 -> 8080",
        "Forwarding from [::1]:8888 -> 8080",
    ]
    assert _from_worker1(shell, f"curl -s {WORKSTATION}:8888") == "Handling connection for 8888\nYou've hit node-web\n"


def test_the_wildcard_and_a_loopback_of_one_family_collide(shell):
    # an IP given (mode "any") that cannot bind fails the port
    result = shell.run("kubectl port-forward --address 0.0.0.0,127.0.0.1 node-web 8888:8080")
    assert result.output == (
        "Forwarding from 0.0.0.0:8888 -> 8080\n"
        "Unable to listen on port 8888: Listeners failed to create with the following errors: "
        "[unable to create listener: Error listen tcp4 127.0.0.1:8888: bind: address already in use]\n"
        "error: unable to listen on any of the requested ports: [{8888 8080}]\n")
    # localhost (mode "all") is enough with one of its two: ::1 is of the other family
    started = shell.run("kubectl port-forward --address localhost,0.0.0.0 node-web 8888:8080 &").output
    assert started.splitlines()[1:] == ["Forwarding from 0.0.0.0:8888 -> 8080", "Forwarding from [::1]:8888 -> 8080"]


@pytest.mark.parametrize(("flag", "message"), [
    ("--address abc", "error: abc is not a valid IP\n"),
    ("--address=", "error: you must specify at least 1 address\n"),
])
def test_what_is_not_an_address_is_refused_before_listening(shell, flag, message):
    assert shell.run(f"kubectl port-forward {flag} node-web 8888:8080").output == message
