"""What the API server stores for a pod template, as v1.23 defaults and converts it.

Truth: Kubernetes v1.23's pkg/apis/core/v1/defaults.go (SetDefaults_Probe, SetDefaults_HTTPGetAction)
and conversion.go (Convert_v1_PodSpec_To_core_PodSpec / Convert_core_PodSpec_To_v1_PodSpec: the
deprecated `serviceAccount` alias), read by hand; and the course's slides, where the Deployment
controller named the ReplicaSets after the stored templates (test_week05_slides_replay.py).
"""

from __future__ import annotations

import json

from simulator import Cluster
from simulator.files import MemoryFiles


def stored_template(spec: dict) -> dict:
    deployment = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
                  "spec": {"selector": {"matchLabels": {"app": "web"}},
                           "template": {"metadata": {"labels": {"app": "web"}}, "spec": spec}}}
    cluster = Cluster(seed=1, files=MemoryFiles({"d.json": json.dumps(deployment).encode()}))
    assert "created" in cluster.run("kubectl create -f d.json").output
    return cluster.get("deployments", "web")["spec"]["template"]["spec"]


def test_a_probe_gets_its_zero_fields_and_its_http_get_its_path_and_scheme():
    container = {"name": "web", "image": "nginx:1.21",
                 "livenessProbe": {"httpGet": {"port": "http"}, "failureThreshold": 5},
                 "readinessProbe": {"tcpSocket": {"port": 80}, "periodSeconds": 0},
                 "lifecycle": {"preStop": {"httpGet": {"port": 80, "path": "/quit"}}}}
    (stored,) = stored_template({"containers": [container]})["containers"]
    assert stored["livenessProbe"] == {"httpGet": {"port": "http", "path": "/", "scheme": "HTTP"},
                                       "failureThreshold": 5, "timeoutSeconds": 1, "periodSeconds": 10,
                                       "successThreshold": 1}
    assert stored["readinessProbe"] == {"tcpSocket": {"port": 80}, "periodSeconds": 10, "timeoutSeconds": 1,
                                        "successThreshold": 1, "failureThreshold": 3}
    assert stored["lifecycle"]["preStop"]["httpGet"] == {"port": 80, "path": "/quit", "scheme": "HTTP"}


def test_the_service_account_name_is_copied_into_its_deprecated_alias():
    container = {"name": "web", "image": "nginx:1.21"}
    named = stored_template({"containers": [container], "serviceAccountName": "robot"})
    assert (named["serviceAccountName"], named["serviceAccount"]) == ("robot", "robot")
    alias_only = stored_template({"containers": [container], "serviceAccount": "robot"})
    assert (alias_only["serviceAccountName"], alias_only["serviceAccount"]) == ("robot", "robot")
    both = stored_template({"containers": [container], "serviceAccountName": "new", "serviceAccount": "old"})
    assert (both["serviceAccountName"], both["serviceAccount"]) == ("new", "new")  # the new field wins
    unnamed = stored_template({"containers": [container]})
    assert "serviceAccount" not in unnamed and "serviceAccountName" not in unnamed
