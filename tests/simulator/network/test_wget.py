"""wget: busybox's in a busybox pod (transcript format), GNU Wget on the nodes."""

from __future__ import annotations

import pytest


@pytest.fixture
def busybox(lecture, make_replicaset):
    lecture.start(make_replicaset("bb", labels={"app": "bb"}, image="busybox", replicas=1))
    return lecture.pods({"app": "bb"})[0].name


def test_busybox_wget_saves_index_html_like_the_transcripts(lecture, busybox):
    result = lecture.wget(busybox, "http://svc-web")
    assert result.stderr == (f"Connecting to svc-web ({lecture.cluster_ip()}:80)\n"
                             "saving to 'index.html'\n"
                             f"index.html           100% |{'*' * 32}|    24  0:00:00 ETA\n"
                             "'index.html' saved\n")
    again = lecture.wget(busybox, "http://svc-web")
    assert again.stderr.endswith("wget: can't open 'index.html': File exists\n") and again.exit_code == 1


def test_busybox_wget_names_the_host_as_typed_with_its_port(lecture, busybox):
    result = lecture.wget(busybox, "-O", "/tmp/page", "svc-web:80")
    assert result.stderr.startswith(f"Connecting to svc-web:80 ({lecture.cluster_ip()}:80)\n")


def test_busybox_wget_quiet_to_stdout_prints_only_the_body(lecture, busybox):
    result = lecture.wget(busybox, "-qO-", "http://svc-web")
    assert result.stdout.startswith("You've hit rs-web-") and result.stderr == ""


def test_busybox_wget_errors(lecture, busybox, make_service):
    assert lecture.wget(busybox, "http://svc-web.default.svc.cluster").stderr == \
        "wget: bad address 'svc-web.default.svc.cluster'\n"
    lecture.start(make_service("svc-nopods", selector={"app": "nobody"}))
    refused = lecture.wget(busybox, "-q", f"http://{lecture.cluster_ip('svc-nopods')}")
    assert refused.stderr == f"wget: can't connect to remote host ({lecture.cluster_ip('svc-nopods')}): Connection refused\n"
    assert refused.exit_code == 1


def test_busybox_wget_skips_certificate_checks(lab, make_replicaset):
    lab.start(make_replicaset("bb", labels={"app": "bb"}, image="busybox", replicas=1))
    pod = lab.pods({"app": "bb"})[0].name
    result = lab.wget(pod, "-O", "-", "https://example.com")
    assert "wget: note: TLS certificate validation not implemented\n" in result.stderr
    assert "<h1>Example Domain</h1>" in result.stdout


def test_gnu_wget_on_a_node(lecture):
    result = lecture.wget("master", f"http://{lecture.cluster_ip()}")
    # the lab started at 10:30:00 and let its pods start for 4.5 s (conftest.STARTED_WITHIN)
    assert result.stderr.startswith(f"--2022-08-03 10:30:04--  http://{lecture.cluster_ip()}/\n"
                                    f"Connecting to {lecture.cluster_ip()}:80... connected.\n"
                                    "HTTP request sent, awaiting response... 200 OK\nLength: unspecified\n"
                                    "Saving to: \u2018index.html\u2019\n\n")
    assert result.stderr.endswith("- \u2018index.html\u2019 saved [24]\n\n")


def test_gnu_wget_follows_redirects_and_reports_unknown_hosts(lab):
    followed = lab.wget("remote", "-O", "-", "http://google.com/")
    assert "Location: http://www.google.com/ [following]\n" in followed.stderr
    missing = lab.wget("remote", "http://nosuch")
    assert missing.stderr.endswith("wget: unable to resolve host address \u2018nosuch\u2019\n")
    assert missing.exit_code == 4
