"""deploy/kubernetes, checked offline: every object against the Kubernetes API schema
(kubernetes-validate, strict: unknown fields fail), the KEDA ScaledObject against our own
schema written from KEDA's documentation (tests/deploy/keda_schema.py), and the invariants a
working deployment depends on: one beat, probes on web, limits on every container, the PDB
selecting web, the Secret keys being settings that settings.py reads, and each process
running the Procfile's command.

kustomize is not installed here, so `rendered_objects` applies the two transformations the
kustomization uses (namespace, images) in Python and refuses any other kustomize field.
"""

import ast
import re
import shlex
from pathlib import Path

import jsonschema
import kubernetes_validate
import pytest
import yaml

from tests.deploy.keda_schema import SCALED_OBJECT

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy" / "kubernetes"
KUBERNETES_VERSION = "1.30"  # the oldest minor version still maintained by most providers
SUPPORTED_KUSTOMIZE_FIELDS = {"apiVersion", "kind", "namespace", "resources", "images"}
SECRET_NAME = "kubegrade-secrets"


def kustomization() -> dict:
    return yaml.safe_load((DEPLOY / "kustomization.yaml").read_text())


def rendered_objects() -> list[dict]:
    config = kustomization()
    unsupported = set(config) - SUPPORTED_KUSTOMIZE_FIELDS
    assert not unsupported, f"the Python-side render does not apply {sorted(unsupported)}"
    images = {image["name"]: f'{image["newName"]}:{image["newTag"]}' for image in config.get("images", [])}
    objects = []
    for resource in config["resources"]:
        for obj in yaml.safe_load_all((DEPLOY / resource).read_text()):
            if obj["kind"] != "Namespace":
                obj["metadata"]["namespace"] = config["namespace"]
            for container in all_containers(obj):
                container["image"] = images.get(container["image"], container["image"])
            objects.append(obj)
    return objects


def pod_spec(obj: dict) -> dict | None:
    if obj["kind"] in ("Deployment", "Job"):
        return obj["spec"]["template"]["spec"]
    return None


def all_containers(obj: dict) -> list[dict]:
    spec = pod_spec(obj)
    if spec is None:
        return []
    return spec.get("initContainers", []) + spec["containers"]


def find(objects: list[dict], kind: str, name: str) -> dict:
    [obj] = [o for o in objects if o["kind"] == kind and o["metadata"]["name"] == name]
    return obj


def container(objects: list[dict], deployment: str, name: str) -> dict:
    [c] = [c for c in pod_spec(find(objects, "Deployment", deployment))["containers"] if c["name"] == name]
    return c


def settings_environment_reads() -> dict[str, ast.expr]:
    """Every `env_*("NAME", default)` call in settings.py: the names a deployment may set."""
    tree = ast.parse((ROOT / "platform" / "kubegrade" / "settings.py").read_text())
    return {
        call.args[0].value: call.args[1]
        for call in ast.walk(tree)
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id.startswith("env_")
    }


def mebibytes(quantity: str) -> int:
    units = {"Mi": 1, "Gi": 1024}
    number, unit = re.fullmatch(r"(\d+)(Mi|Gi)", quantity).groups()
    return int(number) * units[unit]


def procfile_commands() -> dict[str, list[str]]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return {name: shlex.split(command) for name, command in (line.split(":", 1) for line in lines if line.strip())}


def container_variables(objects: list[dict], c: dict) -> dict[str, str | None]:
    """What $(NAME) can refer to in this container: its env and the ConfigMaps it loads."""
    variables = {}
    for source in c.get("envFrom", []):
        config_map = find(objects, "ConfigMap", source["configMapRef"]["name"])
        variables.update(config_map["data"])
    variables.update({e["name"]: e.get("value") for e in c.get("env", [])})
    return variables


def image_environment() -> dict[str, str]:
    dockerfile = (ROOT / "platform" / "kubegrade" / "Dockerfile").read_text()
    runtime_stage = dockerfile.rsplit("\nFROM ", 1)[1]
    [env_line] = [line for line in runtime_stage.splitlines() if line.startswith("ENV ")]
    return dict(pair.split("=", 1) for pair in shlex.split(env_line[len("ENV "):]))


def test_every_manifest_file_is_in_the_kustomization():
    listed = set(kustomization()["resources"])
    on_disk = {p.name for p in DEPLOY.glob("*.yaml")} - {"kustomization.yaml"}
    assert listed == on_disk


@pytest.mark.parametrize("obj", [o for o in rendered_objects() if o["apiVersion"] != "keda.sh/v1alpha1"],
                         ids=lambda o: f'{o["kind"]}/{o["metadata"]["name"]}')
def test_the_object_is_valid_against_the_kubernetes_api_schema(obj):
    kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)


def test_the_scaled_object_matches_kedas_documented_shape():
    jsonschema.validate(find(rendered_objects(), "ScaledObject", "kubegrade-worker"), SCALED_OBJECT)


def test_our_keda_schema_refuses_a_misspelt_field_and_a_number_where_keda_wants_a_string():
    good = find(rendered_objects(), "ScaledObject", "kubegrade-worker")
    misspelt = {**good, "spec": {**good["spec"], "minReplicas": 1}}
    with pytest.raises(jsonschema.ValidationError, match="minReplicas"):
        jsonschema.validate(misspelt, SCALED_OBJECT)
    trigger = {**good["spec"]["triggers"][0]}
    trigger["metadata"] = {**trigger["metadata"], "listLength": 30}
    numeric = {**good, "spec": {**good["spec"], "triggers": [trigger]}}
    with pytest.raises(jsonschema.ValidationError, match="30 is not of type 'string'"):
        jsonschema.validate(numeric, SCALED_OBJECT)


def test_the_api_schema_check_is_strict_about_unknown_fields():
    web = find(rendered_objects(), "Deployment", "kubegrade-web")
    web["spec"]["replica"] = 2
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(web, KUBERNETES_VERSION, strict=True)


def test_workers_scale_on_the_length_of_the_celery_queue_list():
    objects = rendered_objects()
    scaled = find(objects, "ScaledObject", "kubegrade-worker")
    [trigger] = scaled["spec"]["triggers"]
    assert scaled["spec"]["scaleTargetRef"]["name"] == "kubegrade-worker"
    assert trigger["type"] == "redis"
    assert trigger["metadata"]["listName"] == settings_environment_reads()["CELERY_TASK_DEFAULT_QUEUE"].value
    # KEDA resolves *FromEnv names in the target's container: they must be defined there.
    worker_variables = container_variables(objects, container(objects, "kubegrade-worker", "worker"))
    for key, name in trigger["metadata"].items():
        if key.endswith("FromEnv"):
            assert name in worker_variables, f"{key}: {name} is not set in the worker container"
    # A replica count in the Deployment would fight the autoscaler on every `kubectl apply`.
    assert "replicas" not in find(objects, "Deployment", "kubegrade-worker")["spec"]


def test_there_is_exactly_one_beat_and_a_rollout_never_runs_two():
    objects = rendered_objects()
    beats = [o for o in objects if o["kind"] == "Deployment"
             and any("beat" in c.get("command", []) for c in pod_spec(o)["containers"])]
    assert [b["metadata"]["name"] for b in beats] == ["kubegrade-beat"]
    assert beats[0]["spec"]["replicas"] == 1
    assert beats[0]["spec"]["strategy"] == {"type": "Recreate"}
    assert not [o for o in objects if o.get("spec", {}).get("scaleTargetRef", {}).get("name") == "kubegrade-beat"]


def test_web_has_readiness_and_liveness_probes_on_the_health_endpoints():
    web = container(rendered_objects(), "kubegrade-web", "web")
    assert web["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert web["livenessProbe"]["httpGet"]["path"] == "/healthz"
    # Django refuses a Host it does not know: the probes name one that config.yaml allows.
    allowed = find(rendered_objects(), "ConfigMap", "kubegrade-config")["data"]["DJANGO_ALLOWED_HOSTS"].split(",")
    for probe in (web["readinessProbe"], web["livenessProbe"]):
        assert {"name": "Host", "value": "localhost"} in probe["httpGet"]["httpHeaders"]
        # KUBEGRADE_HTTPS redirects plain http with a 301, which a probe counts as success.
        assert {"name": "X-Forwarded-Proto", "value": "https"} in probe["httpGet"]["httpHeaders"]
    assert "localhost" in allowed


def test_every_kubegrade_process_gets_both_production_secrets():
    # With DJANGO_DEBUG off, settings refuse to load without them: the migration Job and the
    # init containers import settings too.
    objects = rendered_objects()
    [image] = kustomization()["images"]
    assert find(objects, "ConfigMap", "kubegrade-config")["data"]["DJANGO_DEBUG"] == "0"
    for obj in objects:
        for c in all_containers(obj):
            if c["image"].startswith(image["newName"] + ":"):
                from_secret = {e["name"] for e in c.get("env", []) if "secretKeyRef" in e.get("valueFrom", {})}
                assert {"DJANGO_SECRET_KEY", "KUBEGRADE_VARIANT_SECRET"} <= from_secret, c["name"]


def test_web_is_reached_only_through_the_buffering_proxy():
    objects = rendered_objects()
    service = find(objects, "Service", "kubegrade-web")
    nginx = container(objects, "kubegrade-web", "nginx")
    [port] = service["spec"]["ports"]
    assert port["targetPort"] in [p["name"] for p in nginx["ports"]]
    conf = find(objects, "ConfigMap", "kubegrade-nginx")["data"]["default.conf"]
    gunicorn_bind = container_variables(objects, container(objects, "kubegrade-web", "web"))["KUBEGRADE_BIND"]
    assert f"server 127.0.0.1:{gunicorn_bind.rsplit(':', 1)[1]};" in conf
    assert "proxy_request_buffering on;" in conf and "proxy_buffering on;" in conf
    # The Ingress's scheme reaches Django, or every request over TLS would be redirected.
    assert "default $http_x_forwarded_proto;" in conf
    assert "proxy_set_header X-Forwarded-Proto $client_scheme;" in conf


def test_every_container_has_cpu_and_memory_requests_and_limits():
    for obj in rendered_objects():
        for c in all_containers(obj):
            for kind in ("requests", "limits"):
                assert set(c["resources"][kind]) == {"cpu", "memory"}, f'{obj["metadata"]["name"]}/{c["name"]} {kind}'


def test_a_worker_pods_memory_limit_holds_every_pool_process_at_its_address_space_cap():
    objects = rendered_objects()
    worker = container(objects, "kubegrade-worker", "worker")
    variables = container_variables(objects, worker)
    caps = int(variables["KUBEGRADE_GRADING_ADDRESS_SPACE_MB"]) * int(variables["CELERY_CONCURRENCY"])
    assert mebibytes(worker["resources"]["limits"]["memory"]) > caps


def test_the_disruption_budget_keeps_a_web_pod_and_selects_only_web():
    objects = rendered_objects()
    pdb = find(objects, "PodDisruptionBudget", "kubegrade-web")
    web_labels = find(objects, "Deployment", "kubegrade-web")["spec"]["template"]["metadata"]["labels"]
    selector = pdb["spec"]["selector"]["matchLabels"]
    assert selector.items() <= web_labels.items()
    assert pdb["spec"]["minAvailable"] >= 1
    assert pdb["spec"]["minAvailable"] < find(objects, "Deployment", "kubegrade-web")["spec"]["replicas"]
    for other in ("kubegrade-worker", "kubegrade-beat"):
        labels = find(objects, "Deployment", other)["spec"]["template"]["metadata"]["labels"]
        assert not selector.items() <= labels.items()


def test_secret_keys_are_settings_that_settings_py_reads_or_names_keda_reads():
    objects = rendered_objects()
    trigger_env = {v for k, v in find(objects, "ScaledObject", "kubegrade-worker")["spec"]["triggers"][0]["metadata"].items()
                   if k.endswith("FromEnv")}
    readable = set(settings_environment_reads()) | trigger_env
    for obj in objects:
        for c in all_containers(obj):
            for env in c.get("env", []):
                ref = env.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    assert ref["name"] == SECRET_NAME
                    assert ref["key"] == env["name"] in readable, f'{c["name"]}: {env["name"]}'


def test_no_secret_value_is_in_the_manifests():
    objects = rendered_objects()
    assert not [o for o in objects if o["kind"] == "Secret"]
    config_keys = set(find(objects, "ConfigMap", "kubegrade-config")["data"])
    assert not config_keys & {"DJANGO_SECRET_KEY", "KUBEGRADE_VARIANT_SECRET", "DATABASE_URL", "CELERY_BROKER_URL"}


@pytest.mark.parametrize("process, deployment", [("web", "kubegrade-web"), ("worker", "kubegrade-worker"),
                                                 ("beat", "kubegrade-beat")])
def test_each_process_runs_the_procfiles_command(process, deployment):
    objects = rendered_objects()
    c = container(objects, deployment, process)
    expected = procfile_commands()[process]
    variables = container_variables(objects, c)
    # The Procfile's `NAME=value` prefixes: PYTHONPATH is in the image's ENV; others are set
    # on the container (KUBEGRADE_TRUSTED_PROXIES: one proxy in front, nginx here).
    while "=" in expected[0]:
        name, value = expected.pop(0).split("=", 1)
        if name == "PYTHONPATH":
            assert value in image_environment()[name].replace("/app/", "").split(":")
        else:
            default = re.fullmatch(r"\$\{\w+:-([^}]*)\}", value)
            assert variables.get(name) == (default.group(1) if default else value), name
    # ${NAME:-default} in the Procfile is $(NAME) here, and NAME must be set for the container.
    expected = [re.sub(r"\$\{(\w+):-[^}]*\}", r"$(\1)", token) for token in expected]
    command = c["command"] + c.get("args", [])
    if "--bind" in expected:
        # make run binds a unix socket behind its own buffering front; here nginx in the pod
        # reaches gunicorn on $(KUBEGRADE_BIND)
        expected[expected.index("--bind") + 1] = command[command.index("--bind") + 1]
    assert command == expected
    for name in re.findall(r"\$\((\w+)\)", " ".join(expected)):
        assert variables.get(name), f"$({name}) is not set in {deployment}"


def test_web_and_workers_wait_for_the_migration_job():
    objects = rendered_objects()
    job = find(objects, "Job", "kubegrade-migrate")
    assert "manage.py migrate --noinput" in " ".join(pod_spec(job)["containers"][0]["command"])
    for name in ("kubegrade-web", "kubegrade-worker"):
        [init] = pod_spec(find(objects, "Deployment", name))["initContainers"]
        assert "manage.py migrate --check" in " ".join(init["command"])
