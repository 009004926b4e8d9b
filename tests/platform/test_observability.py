"""What an operator sees: /healthz, /readyz with per-check detail (503 when the broker or
the database is away), Prometheus metrics computed from the database, and a request id
on every response and every log line of the request."""

import datetime as dt
import logging

import pytest
from django.test import Client
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from kubegrade.celery import app
from kubegrade.log_format import UTCFormatter
from kubegrade.request_id import _current
from kubegrade.submissions.models import Status, Submission
from platform_factories import SubmissionFactory


def test_healthz_answers_whatever_the_host_header_and_without_a_session(db):
    r = Client(HTTP_HOST="10.1.2.3:8000").get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok"}
    assert "Set-Cookie" not in r.headers


def test_readyz_is_ready_with_the_database_and_the_broker_checked(db, requires_redis):
    r = Client(HTTP_HOST="10.1.2.3").get("/readyz")
    body = r.json()
    assert r.status_code == 200 and body["status"] == "ready"
    assert body["checks"]["database"]["ok"] and body["checks"]["database"]["detail"] in {"postgresql", "sqlite"}
    assert body["checks"]["broker"]["ok"] and body["checks"]["broker"]["detail"].endswith("waiting")


def test_readyz_is_503_and_names_the_broker_when_it_cannot_be_reached(db, monkeypatch):
    real = app.connection_for_read
    # The broker's address moved to a port where nothing listens (port 1).
    monkeypatch.setattr(app, "connection_for_read", lambda *a, **kw: real("redis://127.0.0.1:1/0"))
    r = Client().get("/readyz")
    body = r.json()
    assert r.status_code == 503 and body["status"] == "unavailable"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["broker"]["ok"] is False and "did not answer" in body["checks"]["broker"]["detail"]


def _metrics(client: Client) -> dict[str, float]:
    text = client.get("/metrics").content.decode()
    samples = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            labels = ",".join(f"{k}={v}" for k, v in sorted(s.labels.items()))
            samples[f"{s.name}{{{labels}}}"] = s.value
    return samples


def test_metrics_count_submissions_per_state_and_the_latency_from_submission_to_grade(course_world):
    t0 = timezone.now() - dt.timedelta(hours=1)
    for seconds in (3, 45):  # one grade after 3 s, one after 45 s
        SubmissionFactory(course_assignment=course_world.lab, student=course_world.alice, status=Status.GRADED,
                          submitted_at=t0, graded_at=t0 + dt.timedelta(seconds=seconds))
    SubmissionFactory(course_assignment=course_world.lab, student=course_world.bob, status=Status.QUEUED)
    m = _metrics(Client())
    assert m["kubegrade_submissions{state=graded}"] == 2
    assert m["kubegrade_submissions{state=queued}"] == 1
    assert m["kubegrade_submissions{state=running}"] == m["kubegrade_submissions{state=failed}"] == 0
    assert m["kubegrade_grading_latency_seconds_bucket{le=2.0}"] == 0
    assert m["kubegrade_grading_latency_seconds_bucket{le=5.0}"] == 1
    assert m["kubegrade_grading_latency_seconds_bucket{le=30.0}"] == 1
    assert m["kubegrade_grading_latency_seconds_bucket{le=60.0}"] == 2
    assert m["kubegrade_grading_latency_seconds_bucket{le=+Inf}"] == 2
    assert m["kubegrade_grading_latency_seconds_count{}"] == 2
    assert m["kubegrade_grading_latency_seconds_sum{}"] == pytest.approx(48.0)
    assert {m[f"kubegrade_lti_passback{{state={s}}}"] for s in ("pending", "sent", "failed")} == {0}
    assert "kubegrade_broker_up{}" in m


def test_the_queue_depth_is_the_brokers(db, requires_redis):
    from kubegrade.grading.tasks import grade_submission_task

    app.conf.task_always_eager = False
    before = _metrics(Client())["kubegrade_queue_depth{}"]
    grade_submission_task.apply_async(args=[987654])  # no worker runs in this test
    try:
        assert _metrics(Client())["kubegrade_queue_depth{}"] == before + 1
    finally:
        from kg_worker_process import broker_flush

        broker_flush()  # later tests expect an empty queue (the stuck job waits for one)


def test_metrics_can_require_a_bearer_token(db, settings):
    settings.KUBEGRADE_METRICS_TOKEN = "s3cret-metrics-token"
    assert Client().get("/metrics").status_code == 401
    assert Client(HTTP_AUTHORIZATION="Bearer wrong").get("/metrics").status_code == 401
    assert Client(HTTP_AUTHORIZATION="Bearer s3cret-metrics-token").get("/metrics").status_code == 200


def test_every_response_carries_a_request_id_and_a_proxys_well_formed_one_is_kept(db):
    made = Client().get("/login/")
    assert len(made["X-Request-ID"]) == 32
    kept = Client(HTTP_X_REQUEST_ID="nginx-0123456789abcdef").get("/login/")
    assert kept["X-Request-ID"] == "nginx-0123456789abcdef"
    replaced = Client(HTTP_X_REQUEST_ID="bad id\nINFO forged line").get("/login/")
    assert replaced["X-Request-ID"] != "bad id\nINFO forged line" and len(replaced["X-Request-ID"]) == 32


def test_log_lines_carry_the_request_id_and_a_dash_outside_any_request():
    formatter = UTCFormatter("%(levelname)s rid=%(request_id)s %(message)s")

    def line():
        return formatter.format(logging.LogRecord("kubegrade", logging.INFO, __file__, 1, "graded", None, None))

    assert line() == "INFO rid=- graded"
    token = _current.set("abc123def456")
    try:
        assert line() == "INFO rid=abc123def456 graded"
    finally:
        _current.reset(token)


def test_a_submission_posted_through_the_api_logs_its_request_id(course_world, caplog, stub_engine):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(course_world.alice)
    with caplog.at_level(logging.INFO):
        r = client.post(f"/api/v1/assignments/{course_world.lab.pk}/submissions/",
                        {"commands": "kubectl get pods"}, format="json", HTTP_X_REQUEST_ID="req-0000aaaa1111")
    assert r.status_code == 201, r.content
    created = [rec for rec in caplog.records if rec.getMessage().startswith("submission.created")]
    assert created and UTCFormatter("rid=%(request_id)s").format(created[0]) == "rid=req-0000aaaa1111"
