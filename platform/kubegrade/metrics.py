"""Prometheus metrics, computed from the shared state at scrape time.

Every figure is read from PostgreSQL or the broker when /metrics is scraped, into a
registry made for that scrape: any gunicorn worker (or any replica) gives the same
answer, with no per-process counters to merge (prometheus_client's multiprocess mode is
not needed) and no state lost when a worker restarts.
"""

import datetime as dt

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily

# Seconds from the POST to the stored grade; a grade normally takes about a second,
# the hard limit is tens of seconds, a backlog can make it minutes.
LATENCY_BUCKETS = (0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600)


def _queue_depth():
    from kubegrade.grading.queue import broker_queue_depth

    depth = broker_queue_depth(timeout=1.0)
    up = GaugeMetricFamily("kubegrade_broker_up", "1 when the broker answered this scrape.")
    up.add_metric([], 0 if depth is None else 1)
    yield up
    if depth is not None:
        queue = GaugeMetricFamily("kubegrade_queue_depth", "Grading messages waiting in the broker queue.")
        queue.add_metric([], depth)
        yield queue


def _submissions_per_state():
    from kubegrade.submissions.models import Status, Submission

    counts = dict(Submission.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    family = GaugeMetricFamily("kubegrade_submissions", "Submissions in each state.", labels=["state"])
    for state in Status.values:
        family.add_metric([state], counts.get(state, 0))
    yield family


def _grading_latency():
    from kubegrade.submissions.models import Status, Submission

    graded = Submission.objects.filter(status=Status.GRADED, graded_at__isnull=False)
    buckets = {f"le_{i}": Count("pk", filter=Q(graded_at__lte=F("submitted_at") + dt.timedelta(seconds=le)))
               for i, le in enumerate(LATENCY_BUCKETS)}
    took = ExpressionWrapper(F("graded_at") - F("submitted_at"), output_field=DurationField())
    row = graded.aggregate(total=Count("pk"), seconds=Sum(took), **buckets)
    cumulative = [(str(float(le)), row[f"le_{i}"]) for i, le in enumerate(LATENCY_BUCKETS)] + [("+Inf", row["total"])]
    total_seconds = row["seconds"].total_seconds() if row["seconds"] else 0.0
    yield HistogramMetricFamily("kubegrade_grading_latency_seconds", "From submission to stored grade.",
                                buckets=cumulative, sum_value=total_seconds)


def _passback_outcomes():
    from kubegrade.lti.models import ScoreSend, SendState

    counts = dict(ScoreSend.objects.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    family = GaugeMetricFamily("kubegrade_lti_passback", "LMS grade passback rows in each state.",
                               labels=["state"])
    for state in SendState.values:
        family.add_metric([state], counts.get(state, 0))
    yield family


class _PlatformCollector:
    def collect(self):
        yield from _queue_depth()
        yield from _submissions_per_state()
        yield from _grading_latency()
        yield from _passback_outcomes()


def render_metrics() -> tuple[bytes, str]:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_PlatformCollector())
    return generate_latest(registry), CONTENT_TYPE_LATEST
