"""What each server presents in a TLS handshake, and how a client's checks of it end.

A server that does not speak TLS on the port answers the ClientHello with plain
bytes, which OpenSSL reports as `wrong version number` (curl exit 35). A server
with a certificate is checked in OpenSSL's order: the chain first (a cluster CA
the client does not trust: exit 60 `unable to get local issuer certificate`), then
the name (exit 60 `no alternative certificate subject name matches`), skipped with
`-k`. A server that demands a client certificate (etcd) ends the handshake with
an alert (exit 35).

The certificate names are the real ones' SANs where they matter: Google's `*.google.com`
certificate does not cover `external-service`, so an ExternalName Service fails the
hostname check (fact sheet §7).
"""

from __future__ import annotations

import fnmatch
import ipaddress
from dataclasses import dataclass


@dataclass(frozen=True)
class TlsServer:
    names: tuple[str, ...]  # DNS SANs, wildcards allowed in the first label
    addresses: tuple[str, ...] = ()  # IP SANs
    trusted: bool = True  # chains to a CA in the client's store
    untrusted_reason: str = "unable to get local issuer certificate"
    http2: bool = True  # offers h2 in ALPN
    client_certificate_required: bool = False
    issuer: str = ""


KUBE_APISERVER_NAMES = ("kubernetes", "kubernetes.default", "kubernetes.default.svc",
                        "kubernetes.default.svc.cluster.local", "lb-apiserver.kubernetes.local", "localhost",
                        "master", "master.cluster.local")
TLS_SERVERS: dict[str, TlsServer] = {
    "google": TlsServer(("*.google.com", "*.appengine.google.com", "*.cloud.google.com", "google.com", "*.google.co.kr",
                         "google.co.kr"), issuer="C=US; O=Google Trust Services LLC; CN=GTS CA 1C3"),
    "github": TlsServer(("github.com", "www.github.com"), http2=True,
                        issuer="C=US; O=DigiCert Inc; CN=DigiCert TLS Hybrid ECC SHA384 2020 CA1"),
    "example": TlsServer(("www.example.org", "example.com", "example.edu", "example.net", "example.org",
                          "www.example.com", "www.example.edu", "www.example.net"),
                         issuer="C=US; O=DigiCert Inc; CN=DigiCert TLS RSA SHA256 2020 CA1"),
    "naver": TlsServer(("*.naver.com", "naver.com"), issuer="C=US; O=DigiCert Inc; CN=DigiCert SHA2 Secure Server CA"),
    "kubernetes-io": TlsServer(("kubernetes.io", "*.kubernetes.io"), issuer="C=US; O=Let's Encrypt; CN=R3"),
    "k8s-io": TlsServer(("k8s.io", "*.k8s.io"), issuer="C=US; O=Let's Encrypt; CN=R3"),
    "httpbin": TlsServer(("httpbin.org", "*.httpbin.org"), http2=False, issuer="C=US; O=Amazon; CN=Amazon"),
    "kube-apiserver": TlsServer(KUBE_APISERVER_NAMES, ("10.233.0.1", "192.168.100.200", "127.0.0.1"), trusted=False,
                                issuer="CN=kubernetes"),
    "kubelet": TlsServer(("master", "worker1", "worker2"), trusted=False, http2=True,
                         untrusted_reason="self signed certificate in certificate chain"),
    "etcd": TlsServer(("localhost", "master"), ("127.0.0.1", "192.168.100.200"), trusted=False,
                      client_certificate_required=True, issuer="CN=etcd-ca"),
}
TLS_PORTS = {"kube-apiserver", "kubelet", "etcd", "kube-controller-manager", "kube-scheduler"}


@dataclass(frozen=True)
class Handshake:
    ok: bool
    code: int = 0  # curl's exit code when it fails: 35 or 60
    message: str = ""  # what follows `curl: (N) `
    server: TlsServer | None = None

    @property
    def http2(self) -> bool:
        return bool(self.server and self.server.http2)


def tls_server(app: str, port: int) -> TlsServer | None:
    """The certificate an app presents on `port`, or None when the port is plain text."""
    if app in ("kube-controller-manager", "kube-scheduler"):
        return TlsServer(("localhost",), ("127.0.0.1",), trusted=False,
                         untrusted_reason="self signed certificate in certificate chain")
    if app in TLS_PORTS:
        return TLS_SERVERS[app]
    return TLS_SERVERS.get(app) if port == 443 else None


def handshake(app: str, port: int, host: str, insecure: bool, openssl3: bool = False,
              cluster_ca: bool = False) -> Handshake:
    """curl's TLS setup against this server, for the host name as typed in the URL; `cluster_ca`:
    the client trusts the cluster's CA (`--cacert .../serviceaccount/ca.crt`, `CURL_CA_BUNDLE`)."""
    server = tls_server(app, port)
    if server is None:
        return Handshake(False, 35, wrong_version_number(openssl3))
    signed_by_cluster_ca = server.issuer == "CN=kubernetes"
    if not server.trusted and not insecure and not (cluster_ca and signed_by_cluster_ca):
        return Handshake(False, 60, f"SSL certificate problem: {server.untrusted_reason}", server)
    if not insecure and not covers(server, host):
        return Handshake(False, 60, f"SSL: no alternative certificate subject name matches target host name '{host}'",
                         server)
    if server.client_certificate_required:
        alert = ("error:0A000412:SSL routines::sslv3 alert bad certificate" if openssl3 else
                 "error:14094412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate")
        return Handshake(False, 35, alert, server)
    return Handshake(True, server=server)


def wrong_version_number(openssl3: bool) -> str:
    if openssl3:
        return "error:0A00010B:SSL routines::wrong version number"
    return "error:1408F10B:SSL routines:ssl3_get_record:wrong version number"


def covers(server: TlsServer, host: str) -> bool:
    host = host.rstrip(".").lower()
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return any(_name_matches(pattern, host) for pattern in server.names)
    return host in server.addresses


def _name_matches(pattern: str, host: str) -> bool:
    if not pattern.startswith("*."):
        return pattern == host
    return host.count(".") == pattern.count(".") and fnmatch.fnmatchcase(host, pattern)
