"""A small built-in Internet, so ExternalName Services and curl to public names work offline.

Each public host has fixed addresses and a web behaviour (`app` names a handler in
`apps.http`). The addresses are ones these names really returned in 2022.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PublicHost:
    name: str
    ipv4: tuple[str, ...]
    ipv6: tuple[str, ...] = ()
    cname: str | None = None  # the name is an alias of another public name
    app: str = ""  # web behaviour on ports 80/443; "" answers nothing (connection times out)


PUBLIC_HOSTS: dict[str, PublicHost] = {
    host.name: host
    for host in (
        PublicHost("google.com", ("142.250.207.46",), ("2404:6800:4004:825::200e",), app="google"),
        PublicHost("www.google.com", ("142.250.196.100",), ("2404:6800:4004:81f::2004",), app="google"),
        PublicHost("github.com", ("20.200.245.247",), app="github"),
        PublicHost("www.github.com", (), cname="github.com"),
        PublicHost("naver.com", ("223.130.195.200", "223.130.200.104", "223.130.195.95", "223.130.200.107"), app="naver"),
        PublicHost("www.naver.com", (), cname="www.naver.com.nheos.com"),
        PublicHost("www.naver.com.nheos.com", ("223.130.200.107", "223.130.195.200"), app="naver"),
        PublicHost("kubernetes.io", ("147.75.40.148",), app="kubernetes-io"),
        PublicHost("k8s.io", ("34.107.204.206",), ("2600:1901:0:26f3::",), app="k8s-io"),
        PublicHost("example.com", ("93.184.216.34",), ("2606:2800:220:1:248:1893:25c8:1946",), app="example"),
        PublicHost("www.example.com", ("93.184.216.34",), ("2606:2800:220:1:248:1893:25c8:1946",), app="example"),
        PublicHost("httpbin.org", ("54.166.163.67", "34.227.213.82"), app="httpbin"),
    )
}


def lookup_public(name: str) -> PublicHost | None:
    return PUBLIC_HOSTS.get(name.rstrip(".").lower())


def host_by_ip(ip: str) -> PublicHost | None:
    for host in PUBLIC_HOSTS.values():
        if ip in host.ipv4 or ip in host.ipv6:
            return host
    return None
