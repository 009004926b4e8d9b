"""The workspace's cluster API (`/k8s/<id>/`) against the bare API server, in one process:
run by bench/week9_api.py in its own Django environment (SQLite in a temporary directory).
Prints one JSON document: requests per second for the same read (kube-system's pods as a
server-side Table) three ways: the simulator's `ApiServer.handle`; the platform's endpoint
through Django's full middleware with the workspace in this process (token lookup, the
permission table, the row lock, the budget guard); and the same with the workspace in a
sandbox process (one pipe round trip per request, the default deployment)."""

import json
import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kubegrade.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from kubegrade.courses.bank import bank_assignment  # noqa: E402
from kubegrade.courses.models import Assignment, Role  # noqa: E402
from kubegrade.courses.services import (  # noqa: E402
    assignment_upsert_from_bank, course_assignment_add, course_get_or_create, enrollment_upsert,
)
from kubegrade.workspaces import cluster_api, sandbox  # noqa: E402
from kubegrade.workspaces.rebuild import workspace_live  # noqa: E402
from simulator.apiserver.authn import ADMIN  # noqa: E402

SLUG = "week4/01-clusterip"
PODS = "/api/v1/namespaces/kube-system/pods"
TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"


def rate(call, seconds: float) -> float:
    for _ in range(5):  # warm: the first requests import views and fill caches
        call()
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        call()
        count += 1
    return count / (time.perf_counter() - started)


def main(seconds: float) -> dict:
    call_command("migrate", verbosity=0)
    assignment_upsert_from_bank(bank_assignment(SLUG))
    course = course_get_or_create(code="bench9", title="Bench week 9")
    ca = course_assignment_add(course=course, assignment=Assignment.objects.get(slug=SLUG))
    user, _ = get_user_model().objects.get_or_create(username="bench9")
    enrollment_upsert(course=course, user=user, role=Role.STUDENT)
    figures = {}
    with override_settings(KUBEGRADE_WORKSPACE_SANDBOXES=0, KUBEGRADE_WORKSPACE_API_REQUESTS_PER_MINUTE=0):
        workspace, config = cluster_api.issue_kubeconfig(user=user, course_assignment_id=ca.pk, base_url="https://b")
        token = config.split("token: ")[1].split()[0]
        api = workspace_live(workspace).cluster.api_server()
        figures["ApiServer.handle"] = rate(lambda: api.handle("GET", PODS, [("Accept", TABLE)], user=ADMIN), seconds)
        client = Client()
        path = f"/k8s/{workspace.pk}{PODS}"

        def through_django() -> None:
            response = client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT=TABLE)
            assert response.status_code == 200, response.content[:200]

        figures["endpoint, workspace in process"] = rate(through_django, seconds)
    with override_settings(KUBEGRADE_WORKSPACE_SANDBOXES=1, KUBEGRADE_WORKSPACE_API_REQUESTS_PER_MINUTE=0):
        figures["endpoint, workspace in a sandbox"] = rate(through_django, seconds)
        sandbox.stop_all()
    return figures


if __name__ == "__main__":
    json.dump(main(float(sys.argv[1]) if len(sys.argv) > 1 else 2.0), sys.stdout)
