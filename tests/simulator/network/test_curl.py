"""curl as the lecture runs it: on the workstation, on a node after ssh, and inside a pod."""

from __future__ import annotations

import re

from simulator.objects import KubeObject, ObjectMeta

METER_HEADER = ("  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n"
                "                                 Dload  Upload   Total   Spent    Left  Speed\n")
ZERO_LINE = "\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0"


def test_pods_curl_each_other_on_8080(lecture):
    client, server = lecture.pods()[:2]
    result = lecture.curl(client.name, f"http://{server.status['podIP']}:8080")
    assert result.stdout == f"You've hit {server.name}\n"
    assert result.stderr == "" and result.exit_code == 0


def test_cluster_ip_from_the_workstation_hangs_then_exits_28_on_7_68(lecture):
    """No timeout given: the kernel gives up after 127 s of SYN retries; curl 7.68 maps the
    ETIMEDOUT to CURLE_OPERATION_TIMEDOUT (lib/connect.c `if(ETIMEDOUT == data->state.os_errno)`)."""
    before = lecture.cluster.clock.now()
    result = lecture.curl("remote", f"http://{lecture.cluster_ip()}")
    assert result.stderr == f"curl: (28) Failed to connect to {lecture.cluster_ip()} port 80: Connection timed out\n"
    assert result.exit_code == 28
    assert lecture.cluster.clock.now() - before >= 127


def test_max_time_cuts_a_black_hole_at_5001_milliseconds(lecture):
    before = lecture.cluster.clock.now()
    result = lecture.curl("remote", "-m", "5", f"http://{lecture.cluster_ip()}")
    assert result.stderr == "curl: (28) Connection timed out after 5001 milliseconds\n"
    assert 5 <= lecture.cluster.clock.now() - before < 6
    assert lecture.curl("remote", "--connect-timeout", "2", f"http://{lecture.cluster_ip()}").stderr == \
        "curl: (28) Connection timed out after 2001 milliseconds\n"


def test_cluster_ip_from_master_reaches_every_backend_at_random(lecture):
    answers = [lecture.curl("master", f"http://{lecture.cluster_ip()}").stdout for _ in range(30)]
    assert len(set(answers)) == 3
    assert all(re.fullmatch(r"You've hit rs-web-[a-z0-9]{5}\n", a) for a in answers)


def test_node_port_from_the_workstation_on_every_node(lab, make_replicaset, make_service):
    lab.start(make_replicaset(), make_service("svc-web-node", type="NodePort",
                                              ports=[{"port": 80, "targetPort": 8080, "nodePort": 30123}]))
    for ip in ("192.168.100.200", "192.168.100.201", "192.168.100.202"):
        assert lab.curl("remote", f"http://{ip}:30123").stdout.startswith("You've hit rs-web-")


def test_service_without_endpoints_refuses_at_once(lab, make_service):
    lab.start(make_service("simple-cluster-ip", selector={"app": "nobody"}, ports=[{"port": 9898}]))
    before = lab.cluster.clock.now()
    result = lab.curl("master", f"http://{lab.cluster_ip('simple-cluster-ip')}:9898")
    assert result.stderr == (f"curl: (7) Failed to connect to {lab.cluster_ip('simple-cluster-ip')} port 9898: "
                             "Connection refused\n")
    assert result.exit_code == 7 and lab.cluster.clock.now() - before < 1


def test_unresolvable_name_is_exit_6_and_silent_with_s(lecture):
    """The lecture: `curl -s http://svc-web.default.svc.cluster` prints nothing, exit 6."""
    pod = lecture.pods()[0].name
    silent = lecture.curl(pod, "-s", "http://svc-web.default.svc.cluster")
    assert (silent.stdout, silent.stderr, silent.exit_code) == ("", "", 6)
    loud = lecture.curl(pod, "-sS", "http://svc-web.default.svc.cluster")
    assert loud.stderr == "curl: (6) Could not resolve host: svc-web.default.svc.cluster\n"
    for name in ("svc-web", "svc-web.default", "svc-web.default.svc", "svc-web.default.svc.cluster.local"):
        assert lecture.curl(pod, "-s", f"http://{name}").stdout.startswith("You've hit ")


def test_externalname_http_gets_googles_404_for_the_wrong_host(lab):
    """curl sends `Host: external-service`; Google serves no such site (fact sheet §8)."""
    lab.start(KubeObject("v1", "Service", ObjectMeta("external-service", "default"),
                         {"spec": {"type": "ExternalName", "externalName": "google.com"}}))
    result = lab.curl("master", "-i", "http://external-service")
    head, _, body = result.stdout.partition("\r\n\r\n")
    assert head.split("\r\n")[:3] == ["HTTP/1.1 404 Not Found", "Content-Type: text/html; charset=UTF-8",
                                      "Referrer-Policy: no-referrer"]
    assert "Content-Length: 1561" in head
    assert "<title>Error 404 (Not Found)!!1</title>" in body
    assert "<p>The requested URL <code>/</code> was not found on this server.  <ins>That\u2019s all we know.</ins>\n" in body
    assert result.exit_code == 0, "a 404 is not an error without -f"


def test_externalname_https_fails_the_certificate_name_check(lab):
    lab.start(KubeObject("v1", "Service", ObjectMeta("external-service", "default"),
                         {"spec": {"type": "ExternalName", "externalName": "google.com"}}))
    result = lab.curl("master", "https://external-service")
    assert result.exit_code == 60
    assert result.stderr == (
        "curl: (60) SSL: no alternative certificate subject name matches target host name 'external-service'\n"
        "More details here: https://curl.haxx.se/docs/sslcerts.html\n\n"
        "curl failed to verify the legitimacy of the server and therefore could not\n"
        "establish a secure connection to it. To learn more about this situation and\n"
        "how to fix it, please visit the web page mentioned above.\n")


def test_google_redirects_to_www_and_location_follows(lab):
    moved = lab.curl("remote", "http://google.com")
    assert moved.stdout == ('<HTML><HEAD><meta http-equiv="content-type" content="text/html;charset=utf-8">\n'
                            "<TITLE>301 Moved</TITLE></HEAD><BODY>\n<H1>301 Moved</H1>\nThe document has moved\n"
                            '<A HREF="http://www.google.com/">here</A>.\r\n</BODY></HTML>\r\n')
    followed = lab.curl("remote", "-sIL", "google.com")
    assert [line for line in followed.stdout.split("\r\n") if line.startswith("HTTP/")] == \
        ["HTTP/1.1 301 Moved Permanently", "HTTP/1.1 200 OK"]


def test_github_plain_http_is_a_bodiless_301_to_https(lab):
    result = lab.curl("remote", "-i", "http://github.com/whatwant-school/kubernetes")
    assert result.stdout == ("HTTP/1.1 301 Moved Permanently\r\nContent-Length: 0\r\n"
                             "Location: https://github.com/whatwant-school/kubernetes\r\n\r\n")


def test_progress_meter_goes_to_stderr_when_stdout_is_not_a_terminal(lecture):
    """`kubectl exec pod -- curl ...` without -t: the meter appears; with -it it does not (fact sheet §7)."""
    pod = lecture.pods()[0].name
    piped = lecture.curl(pod, f"http://{lecture.cluster_ip()}", tty=False)
    assert piped.stderr.startswith(METER_HEADER + ZERO_LINE + "\r100    24    0    24    0     0")
    assert piped.stderr.endswith("\n") and "--:--:-- --:--:-- --:--:--" in piped.stderr
    assert lecture.curl(pod, f"http://{lecture.cluster_ip()}").stderr == ""
    assert lecture.curl(pod, "-s", f"http://{lecture.cluster_ip()}", tty=False).stderr == ""


def test_progress_meter_counts_the_seconds_of_a_hanging_connect(lecture):
    result = lecture.curl("remote", "-m", "3", f"http://{lecture.cluster_ip()}", tty=False)
    lines = result.stderr.split("\r")
    assert [line.split()[9] for line in lines[2:5]] == ["0:00:01", "0:00:02", "0:00:03"]
    assert result.stderr.endswith(" 0:00:03 --:--:--     0\ncurl: (28) Connection timed out after 3001 milliseconds\n")


def test_verbose_prints_what_curl_7_68_prints(lecture):
    ip = lecture.cluster_ip()
    result = lecture.curl("master", "-v", f"http://{ip}")
    assert result.stderr.startswith(
        f"*   Trying {ip}:80...\n* TCP_NODELAY set\n* Connected to {ip} ({ip}) port 80 (#0)\n"
        f"> GET / HTTP/1.1\r\n> Host: {ip}\r\n> User-Agent: curl/7.68.0\r\n> Accept: */*\r\n> \r\n"
        "* Mark bundle as not supporting multiuse\n< HTTP/1.1 200 OK\r\n< Date: ")
    assert result.stderr.endswith("< Connection: keep-alive\r\n< Keep-Alive: timeout=5\r\n"
                                  f"< Transfer-Encoding: chunked\r\n< \r\n* Connection #0 to host {ip} left intact\n")


def test_curl_inside_node_web_is_debian_busters_7_64(lecture):
    """whatwant/node-web is built FROM node:latest (2021): Debian buster, curl 7.64.0, whose
    verbose output has no port in `Trying` and exits 7 on a kernel connect timeout."""
    pod = lecture.pods()[0].name
    result = lecture.curl(pod, "-v", f"http://{lecture.cluster_ip()}")
    assert f"*   Trying {lecture.cluster_ip()}...\n* TCP_NODELAY set\n" in result.stderr
    assert "> User-Agent: curl/7.64.0\r\n" in result.stderr
    hanging = lecture.curl(pod, "http://10.233.110.250")
    assert hanging.exit_code == 7
    assert hanging.stderr == "curl: (7) Failed to connect to 10.233.110.250 port 80: Connection timed out\n"


def test_head_request_to_nginx_shows_the_august_2022_image(lab, make_replicaset, make_service):
    lab.start(make_replicaset("web", labels={"app": "nginx"}, image="nginx", ports=[{"containerPort": 80}]),
              make_service("nginx", selector={"app": "nginx"}, ports=[{"port": 80}]))
    result = lab.curl("master", "-I", f"http://{lab.cluster_ip('nginx')}")
    lines = result.stdout.split("\r\n")
    assert lines[0] == "HTTP/1.1 200 OK" and lines[1] == "Server: nginx/1.23.1"
    assert lines[3:] == ["Content-Type: text/html", "Content-Length: 615", "Last-Modified: Tue, 19 Jul 2022 14:05:27 GMT",
                         "Connection: keep-alive", 'ETag: "62d6ba27-267"', "Accept-Ranges: bytes", "", ""]
    page = lab.curl("master", "-s", f"http://{lab.cluster_ip('nginx')}").stdout
    assert len(page.encode()) == 615 and "<h1>Welcome to nginx!</h1>" in page
    missing = lab.curl("master", "-sf", f"http://{lab.cluster_ip('nginx')}/nope")
    assert missing.exit_code == 22 and missing.stdout == ""


def test_a_port_the_service_does_not_define_hangs_until_curls_timeout(lecture):
    """iptables mode: no rule matches, the packet is lost (fact sheet, section 7): curl waits
    for its --connect-timeout and exits 28 (`Connection timed out after N milliseconds`)."""
    before = lecture.cluster.clock.now()
    result = lecture.curl("master", "--connect-timeout", "5", f"http://{lecture.cluster_ip()}:22")
    assert result.exit_code == 28
    assert result.stderr == "curl: (28) Connection timed out after 5001 milliseconds\n"
    assert lecture.cluster.clock.now() - before >= 5


def test_api_server_over_plain_http_and_https(lab):
    plain = lab.curl("remote", "http://192.168.100.200:6443")
    assert plain.stdout == "Client sent an HTTP request to an HTTPS server.\n" and plain.exit_code == 0
    untrusted = lab.curl("remote", "https://192.168.100.200:6443")
    assert untrusted.exit_code == 60
    assert untrusted.stderr.startswith("curl: (60) SSL certificate problem: unable to get local issuer certificate\n")
    anonymous = lab.curl("master", "-k", "https://10.233.0.1/api")
    assert '"message": "forbidden: User \\"system:anonymous\\" cannot get path \\"/api\\""' in anonymous.stdout


def test_https_to_a_plain_http_port_is_a_tls_version_error(lecture):
    result = lecture.curl("master", f"https://{lecture.cluster_ip()}:80")
    assert result.stderr == "curl: (35) error:1408F10B:SSL routines:ssl3_get_record:wrong version number\n"


def test_write_out_prints_the_status_code(lecture):
    result = lecture.curl("master", "-s", "-o", "/dev/null", "-w", "%{http_code}\\n", f"http://{lecture.cluster_ip()}")
    assert result.stdout == "200\n"


def test_host_header_can_be_overridden(lab):
    assert "<TITLE>301 Moved</TITLE>" in lab.curl("remote", "-H", "Host: google.com", "http://142.250.207.46").stdout
    assert "Error 404" in lab.curl("remote", "-H", "Host: naver.com", "http://142.250.207.46").stdout


def test_unknown_option_and_missing_url_exit_2(lab):
    unknown = lab.curl("remote", "--foo", "http://google.com")
    assert unknown.stderr == ("curl: option --foo: is unknown\n"
                              "curl: try 'curl --help' or 'curl --manual' for more information\n")
    assert unknown.exit_code == 2
    assert lab.curl("remote", "--max-time=5", "x").stderr.startswith("curl: option --max-time=5: is unknown\n")
    missing = lab.curl("remote", "-s")
    assert missing.stderr == ("curl: no URL specified!\n"
                              "curl: try 'curl --help' or 'curl --manual' for more information\n")
    assert missing.exit_code == 2
    assert lab.curl("remote", "-m").stderr.startswith("curl: option -m: requires parameter\n")


def test_unsupported_scheme_is_exit_1(lab):
    result = lab.curl("remote", "ftp://example.com/")
    assert result.stderr == 'curl: (1) Protocol "ftp" not supported or disabled in libcurl\n'


def test_unused_lan_address_is_no_route_to_host(lab):
    result = lab.curl("remote", "http://192.168.100.250")
    assert result.stderr == "curl: (7) Failed to connect to 192.168.100.250 port 80: No route to host\n"


def test_node_web_logs_each_request_with_the_client_address(lecture):
    from simulator.apps.http import access_log

    client, server = lecture.pods()[:2]
    lecture.curl(client.name, f"http://{server.status['podIP']}:8080")
    assert access_log(lecture.cluster.network.access_logs, server)[-1] == f"Received request from ::ffff:{client.status['podIP']}"
