"""What curl writes besides the body: the version in use, the progress meter, error lines.

Versions (the in-pod curl is whatever the image's distribution shipped):
- 7.68.0: Ubuntu 20.04, the nodes and the workstation (fact sheet §0);
- 7.64.0: Debian buster, `whatwant/node-web` (built `FROM node:latest` in 2021, when
  the node images were buster-based: bullseye variants only arrived in August 2021,
  nodejs/docker-node PR #1544, and `node:16` stayed on buster, nodejs/docker-node#1785);
- 7.74.0: Debian bullseye, `nginx:1.23.1` (nginx:latest in August 2022);
- 7.85.0: `curlimages/curl`. `jessie-dnsutils` has no curl (it installs only dnsutils).

Differences that show (`lib/connect.c`, `lib/multi.c`, `src/tool_operate.c`):
`Trying ip:port...` from 7.66 (before: `Trying ip...`); `TCP_NODELAY set` up to 7.68;
7.64's verbose `Expire in N ms` lines; a kernel ETIMEDOUT exits 28 from 7.66 (7 before);
`after N ms` in connect failures from 7.78; `curl.se` in the certificate help from 7.74;
HTTP/0.9 replies refused from 7.66; `--fail` drops the reason phrase from 7.75.

The progress meter (`lib/progress.c`) goes to stderr: headers once, then a `\\r`-led
line at the start, one per second of waiting, and a final one followed by `\\n`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CurlVersion:
    version: str
    trying_with_port: bool = True
    tcp_nodelay_line: bool = False
    expire_lines: bool = False
    timeout_exit: int = 28  # exit code for a connect the kernel timed out (ETIMEDOUT)
    after_ms: bool = False  # "Failed to connect to h port p after N ms: ..."
    new_site: bool = False  # curl.se rather than curl.haxx.se
    http09_allowed: bool = False
    fail_with_reason: bool = True
    openssl3: bool = False


VERSIONS = {
    "7.64.0": CurlVersion("7.64.0", False, True, True, 7, http09_allowed=True),
    "7.68.0": CurlVersion("7.68.0", True, True),
    "7.74.0": CurlVersion("7.74.0", new_site=True),
    "7.85.0": CurlVersion("7.85.0", after_ms=True, new_site=True, fail_with_reason=False, openssl3=True),
}
IMAGE_CURL = {"whatwant/node-web": "7.64.0", "nginx": "7.74.0", "curlimages/curl": "7.85.0"}
HOST_CURL = "7.68.0"
TRY_HELP = "curl: try 'curl --help' or 'curl --manual' for more information\n"
METER_HEADER = ("  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n"
                "                                 Dload  Upload   Total   Spent    Left  Speed\n")


def version_for(store, vantage) -> CurlVersion:
    """The curl a program runs as on this machine: the host's, or the one in the pod's image."""
    if vantage.kind != "pod":
        return VERSIONS[HOST_CURL]
    from simulator.apps.images import find_image, parse_image
    from simulator.registry.kinds import by_kind

    pod = store.find(by_kind("Pod"), vantage.namespace, vantage.name)
    for container in (pod.spec.get("containers") or []) if pod else []:
        image = find_image(str(container.get("image") or ""))
        if image is not None and "curl" in image.programs:
            return VERSIONS[IMAGE_CURL.get(parse_image(str(container["image"])).repository, HOST_CURL)]
    return VERSIONS[HOST_CURL]


def certificate_help(version: CurlVersion) -> str:
    site = "https://curl.se" if version.new_site else "https://curl.haxx.se"
    place = "webpage" if version.version >= "7.80" else "web page"
    return (f"More details here: {site}/docs/sslcerts.html\n\n"
            "curl failed to verify the legitimacy of the server and therefore could not\n"
            "establish a secure connection to it. To learn more about this situation and\n"
            f"how to fix it, please visit the {place} mentioned above.\n")


# the progress meter -------------------------------------------------------------
def max5(value: int) -> str:
    """`max5data()`: a byte count or speed in at most five characters."""
    kilo, mega = 1024, 1024 * 1024
    if value < 100000:
        return f"{value:5d}"
    if value < 10000 * kilo:
        return f"{value // kilo:4d}k"
    if value < 100 * mega:
        return f"{value // mega:2d}.{(value % mega) // (mega // 10)}M"
    return f"{value // mega:4d}M"


def time2str(seconds: int) -> str:
    if seconds <= 0:
        return "--:--:--"
    hours, rest = divmod(seconds, 3600)
    return f"{hours:2d}:{rest // 60:02d}:{rest % 60:02d}"


def meter_line(received: int, expected: int | None, spent_ms: int) -> str:
    """One `\\r`-led line of the meter (download only: uploads stay 0)."""
    spent = spent_ms // 1000
    speed = received * 1000 // max(spent_ms, 1) if received else 0
    total = expected if expected is not None else received
    total_percent = 100 * received // total if total else 0
    received_percent = 100 * received // expected if expected and speed else 0
    return (f"\r{total_percent:3d} {max5(total)}  {received_percent:3d} {max5(received)}    0 {max5(0)}  "
            f"{max5(speed)}  {max5(0)} {time2str(0)} {time2str(spent)} {time2str(0)} {max5(speed)}")


def meter_start() -> str:
    return METER_HEADER + meter_line(0, None, 0)


def meter_waiting(since: float, until: float) -> str:
    """The lines printed once a second while nothing arrives, for each second passed in between."""
    return "".join(meter_line(0, None, second * 1000) for second in range(int(since) + 1, int(until) + 1))


def meter_end(received: int, expected: int | None, spent_ms: int) -> str:
    return meter_line(received, expected, spent_ms) + "\n"


# error lines --------------------------------------------------------------------
def connect_failure(version: CurlVersion, host: str, port: int, error: str, elapsed_ms: int) -> str:
    if version.after_ms:
        return f"Failed to connect to {host} port {port} after {elapsed_ms} ms: {error}"
    return f"Failed to connect to {host} port {port}: {error}"


def fail_message(version: CurlVersion, status: int, reason: str) -> str:
    if version.fail_with_reason:
        return f"The requested URL returned error: {status} {reason}".rstrip()
    return f"The requested URL returned error: {status}"


# verbose (-v) text ------------------------------------------------------------
def trying(version: CurlVersion, ip: str, port: int, handle: str) -> str:
    lines = f"* Expire in 0 ms for 6 (transfer 0x{handle})\n" if version.expire_lines else ""
    lines += f"*   Trying {ip}:{port}...\n" if version.trying_with_port else f"*   Trying {ip}...\n"
    if version.tcp_nodelay_line:
        lines += "* TCP_NODELAY set\n"
    if version.expire_lines:
        lines += f"* Expire in 200 ms for 4 (transfer 0x{handle})\n"
    return lines


def request_lines(method: str, path: str, http_version: str, headers: list[tuple[str, str]], body: str) -> str:
    """The request as curl's debug callback shows it: `> ` and the CRLF-ended lines sent."""
    text = f"> {method} {path} {http_version}\r\n"
    text += "".join(f"> {name}: {value}\r\n" for name, value in headers)
    return text + "> \r\n"


def status_line(response) -> str:
    if response.version == "HTTP/2":
        return f"HTTP/2 {response.status} \r\n"
    return f"{response.version} {response.status} {response.reason}\r\n"


def header_block(response) -> str:
    """Status line and headers as received (curl -i and -I print exactly these bytes)."""
    return status_line(response) + "".join(f"{k}: {v}\r\n" for k, v in response.headers) + "\r\n"


def tls_lines(version: CurlVersion, server, host: str, insecure: bool, http2: bool, handle: str) -> str:
    """OpenSSL's handshake as 7.6x-7.7x prints it (a faithful outline, not every byte)."""
    lines = ["* ALPN, offering h2", "* ALPN, offering http/1.1",
             "* successfully set certificate verify locations:",
             "*   CAfile: /etc/ssl/certs/ca-certificates.crt\n  CApath: /etc/ssl/certs",
             "* TLSv1.3 (OUT), TLS handshake, Client hello (1):"]
    if server is None:
        return "\n".join(lines) + "\n"
    lines += ["* TLSv1.3 (IN), TLS handshake, Server hello (2):",
              "* TLSv1.3 (IN), TLS handshake, Encrypted Extensions (8):",
              "* TLSv1.3 (IN), TLS handshake, Certificate (11):",
              "* TLSv1.3 (IN), TLS handshake, CERT verify (15):",
              "* TLSv1.3 (IN), TLS handshake, Finished (20):",
              "* TLSv1.3 (OUT), TLS change cipher, Change cipher spec (1):",
              "* TLSv1.3 (OUT), TLS handshake, Finished (20):",
              "* SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384",
              f"* ALPN, server accepted to use {'h2' if http2 else 'http/1.1'}",
              "* Server certificate:",
              f"*  subject: CN={server.names[0]}",
              f"*  issuer: {server.issuer or 'CN=' + server.names[0]}"]
    if insecure and not server.trusted:
        lines.append(f"*  SSL certificate verify result: {server.untrusted_reason} (20), continuing anyway.")
    else:
        lines.append("*  SSL certificate verify ok.")
    if http2:
        lines += ["* Using HTTP2, server supports multi-use", "* Connection state changed (HTTP/2 confirmed)",
                  "* Copying HTTP/2 data in stream buffer to connection buffer after upgrade: len=0",
                  f"* Using Stream ID: 1 (easy handle 0x{handle})"]
    return "\n".join(lines) + "\n"


def version_banner(version: CurlVersion) -> str:
    """`curl -V` as the distribution's package prints it (library list UNVERIFIED for 7.74/7.85)."""
    banners = {
        "7.68.0": ("curl 7.68.0 (x86_64-pc-linux-gnu) libcurl/7.68.0 OpenSSL/1.1.1f zlib/1.2.11 brotli/1.0.7 "
                   "libidn2/2.2.0 libpsl/0.21.0 (+libidn2/2.2.0) libssh/0.9.3/openssl/zlib nghttp2/1.40.0 "
                   "librtmp/2.3\nRelease-Date: 2020-01-08\n"),
        "7.64.0": ("curl 7.64.0 (x86_64-pc-linux-gnu) libcurl/7.64.0 OpenSSL/1.1.1d zlib/1.2.11 libidn2/2.0.5 "
                   "libpsl/0.20.2 (+libidn2/2.0.5) libssh2/1.8.0 nghttp2/1.36.0 librtmp/2.3\n"
                   "Release-Date: 2019-02-06\n"),
        "7.74.0": ("curl 7.74.0 (x86_64-pc-linux-gnu) libcurl/7.74.0 OpenSSL/1.1.1n zlib/1.2.11 brotli/1.0.9 "
                   "libidn2/2.3.0 libpsl/0.21.0 (+libidn2/2.3.0) libssh2/1.9.0 nghttp2/1.43.0 librtmp/2.3\n"
                   "Release-Date: 2020-12-09\n"),
        "7.85.0": ("curl 7.85.0 (x86_64-alpine-linux-musl) libcurl/7.85.0 OpenSSL/3.0.5 zlib/1.2.12 brotli/1.0.9 "
                   "libidn2/2.3.3 nghttp2/1.47.0\nRelease-Date: 2022-08-31\n"),
    }
    text = banners.get(version.version, f"curl {version.version} (x86_64-pc-linux-gnu) libcurl/{version.version}\n")
    return (text + "Protocols: dict file ftp ftps gopher http https imap imaps ldap ldaps pop3 pop3s rtmp rtsp scp "
            "sftp smb smbs smtp smtps telnet tftp \nFeatures: AsynchDNS brotli GSS-API HTTP2 HTTPS-proxy IDN IPv6 "
            "Kerberos Largefile libz NTLM NTLM_WB PSL SPNEGO SSL TLS-SRP UnixSockets\n")
