"""The shape of a KEDA ScaledObject with a Redis-list trigger, as a JSON Schema of our own.

Written from KEDA's documentation (keda.sh/docs, "Scaling Deployments" and the "Redis Lists"
scaler, 2.x), not copied from KEDA's CRD, so the test needs neither the CRD nor a cluster.
It covers the fields deploy/kubernetes uses and rejects unknown ones, so a typo such as
`minReplicas` fails here instead of being ignored by the cluster. It does not check the
`behavior` blocks KEDA passes through to the HorizontalPodAutoscaler.
"""

_INT = {"type": "integer", "minimum": 0}
# KEDA reads every trigger parameter as a string: `listLength: 30` (a YAML number) is refused.
_STRING = {"type": "string"}

REDIS_TRIGGER_METADATA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        name: _STRING
        for name in (
            "address", "host", "port", "addressFromEnv", "hostFromEnv", "portFromEnv",
            "usernameFromEnv", "passwordFromEnv", "listName", "listLength",
            "activationListLength", "enableTLS", "unsafeSsl", "databaseIndex",
        )
    },
    "required": ["listName", "listLength"],
    # Where Redis is: an address, a host and a port, or the same read from the target's env.
    "anyOf": [
        {"required": ["address"]},
        {"required": ["addressFromEnv"]},
        {"required": ["host", "port"]},
        {"required": ["hostFromEnv", "portFromEnv"]},
    ],
}

SCALED_OBJECT = {
    "type": "object",
    "required": ["apiVersion", "kind", "metadata", "spec"],
    "properties": {
        "apiVersion": {"const": "keda.sh/v1alpha1"},
        "kind": {"const": "ScaledObject"},
        "metadata": {"type": "object", "required": ["name"]},
        "spec": {
            "type": "object",
            "additionalProperties": False,
            "required": ["scaleTargetRef", "triggers"],
            "properties": {
                "scaleTargetRef": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["name"],
                    "properties": {
                        "apiVersion": _STRING, "kind": _STRING, "name": _STRING,
                        "envSourceContainerName": _STRING,
                    },
                },
                "pollingInterval": _INT,
                "cooldownPeriod": _INT,
                "initialCooldownPeriod": _INT,
                "idleReplicaCount": _INT,
                "minReplicaCount": _INT,
                "maxReplicaCount": {"type": "integer", "minimum": 1},
                "fallback": {
                    "type": "object",
                    "required": ["failureThreshold", "replicas"],
                    "properties": {"failureThreshold": _INT, "replicas": _INT},
                },
                "advanced": {"type": "object"},
                "triggers": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["type", "metadata"],
                        "properties": {
                            "type": _STRING,
                            "name": _STRING,
                            "metricType": {"enum": ["AverageValue", "Value", "Utilization"]},
                            "useCachedMetrics": {"type": "boolean"},
                            "authenticationRef": {
                                "type": "object",
                                "required": ["name"],
                                "properties": {"name": _STRING, "kind": _STRING},
                            },
                            "metadata": {"type": "object", "additionalProperties": _STRING},
                        },
                        "if": {"properties": {"type": {"const": "redis"}}},
                        "then": {"properties": {"metadata": REDIS_TRIGGER_METADATA}},
                    },
                },
            },
        },
    },
}
