"""The admission webhooks the week's add-ons register, called by the API server (ValidatingAdmissionWebhook).

Truth, written by hand from the sources: ingress-nginx controller-v1.3.0
`internal/ingress/controller/controller.go` (`checkOverlap`: `host "%s" and path "%s" is already defined
in ingress %s/%s`, no host being the server `_`, a canary pair allowed) and
`internal/admission/controller/main.go` (a BadRequest denial with the checker's error); Kubernetes
v1.23 `apiserver/pkg/admission/plugin/webhook/errors/statuserror.go` (`admission webhook %q denied the
request: %s`), `webhook/validating/dispatcher.go` with `util/webhook/error.go` (`failed calling webhook
%q: failed to call webhook: Post "<url>?timeout=10s": ...`, an InternalError with `failurePolicy: Fail`),
and kubectl's `error when creating "<file>": ` context.
"""

from __future__ import annotations

import json

import pytest

from simulator import Cluster

INGRESS_NGINX = ("https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.3.0/deploy/static/"
                 "provider/baremetal/deploy.yaml")
METALLB = "https://raw.githubusercontent.com/metallb/metallb/v0.13.4/config/manifests/metallb-native.yaml"


def ingress(name: str, path: str = "/foo", host: str = "", namespace: str = "default", canary: str | None = None,
            service: str = "svc-a", klass: str = "nginx") -> bytes:
    annotations = f"  annotations:\n    nginx.ingress.kubernetes.io/canary: \"{canary}\"\n" if canary else ""
    host_line = f"    host: {host}\n" if host else ""
    return (f"apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: {name}\n  namespace: {namespace}\n"
            f"{annotations}spec:\n  ingressClassName: {klass}\n  rules:\n  - http:\n      paths:\n      - path: {path}\n"
            f"        pathType: Prefix\n        backend:\n          service:\n            name: {service}\n"
            f"            port:\n              number: 80\n{host_line}").encode()


FILES = {
    "first.yaml": ingress("first"),
    "same-path.yaml": ingress("second"),
    "other-path.yaml": ingress("third", path="/bar"),
    "first-changed.yaml": ingress("first", service="svc-b"),
    "other-ns.yaml": ingress("fourth", namespace="shop"),
    "hosted.yaml": ingress("hosted", path="/", host="shop.example.com"),
    "hosted-again.yaml": ingress("hosted-again", path="/", host="shop.example.com"),
    "canary.yaml": ingress("canary", canary="true"),
    "traefik.yaml": ingress("elsewhere", klass="traefik"),
    "pool.yaml": b"apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: lb-pool\n"
                 b"  namespace: metallb-system\nspec:\n  addresses:\n  - 192.168.100.240-192.168.100.250\n",
}


@pytest.fixture(scope="module")
def installed():
    cluster = Cluster(seed=5, files=FILES)
    shell = cluster.session()
    assert shell.run(f"kubectl apply -f {INGRESS_NGINX}").exit_code == 0
    shell.run("sleep 90")  # the admission Jobs complete, the controller's pod is Ready behind its Service
    assert shell.run("kubectl create namespace shop").exit_code == 0
    assert shell.run("kubectl create -f first.yaml").output == "ingress.networking.k8s.io/first created\n"
    return cluster


def test_a_path_another_ingress_already_serves_is_denied_with_the_controller_s_text(installed):
    result = installed.session().run("kubectl create -f same-path.yaml")
    assert (result.exit_code, result.output) == (1, (
        'Error from server (BadRequest): error when creating "same-path.yaml": admission webhook '
        '"validate.nginx.ingress.kubernetes.io" denied the request: host "_" and path "/foo" is already '
        'defined in ingress default/first\n'))
    assert installed.get("ingresses", "second") is None


def test_the_controller_serves_every_namespace_so_the_overlap_crosses_them(installed):
    result = installed.session().run("kubectl create -f other-ns.yaml")
    assert result.output.endswith('denied the request: host "_" and path "/foo" is already defined in ingress '
                                  'default/first\n')


def test_another_path_or_the_same_ingress_changed_is_admitted(installed):
    shell = installed.session()
    assert shell.run("kubectl create -f other-path.yaml").output == "ingress.networking.k8s.io/third created\n"
    assert shell.run("kubectl apply -f first-changed.yaml").output.endswith("ingress.networking.k8s.io/first configured\n")


def test_a_host_s_path_is_its_own_server(installed):
    shell = installed.session()
    assert shell.run("kubectl create -f hosted.yaml").exit_code == 0
    assert shell.run("kubectl create -f hosted-again.yaml").output.endswith(
        'denied the request: host "shop.example.com" and path "/" is already defined in ingress default/hosted\n')


def test_a_canary_may_share_the_path_of_a_plain_ingress(installed):
    assert installed.session().run("kubectl create -f canary.yaml").output == "ingress.networking.k8s.io/canary created\n"


def test_an_ingress_of_another_class_is_let_through(installed):
    assert installed.session().run("kubectl create -f traefik.yaml").exit_code == 0


def test_before_the_controller_is_ready_the_api_server_cannot_call_the_webhook():
    cluster = Cluster(seed=6, files=FILES)
    shell = cluster.session()
    shell.run(f"kubectl apply -f {INGRESS_NGINX}")
    service_ip = cluster.get("services", "ingress-nginx-controller-admission", "ingress-nginx")["spec"]["clusterIP"]
    result = shell.run("kubectl create -f first.yaml")
    assert (result.exit_code, result.output) == (1, (
        'Error from server (InternalError): error when creating "first.yaml": Internal error occurred: failed '
        'calling webhook "validate.nginx.ingress.kubernetes.io": failed to call webhook: Post '
        '"https://ingress-nginx-controller-admission.ingress-nginx.svc:443/networking/v1/ingresses?timeout=10s": '
        f'dial tcp {service_ip}:443: connect: connection refused\n'))
    shell.run("sleep 90")
    assert shell.run("kubectl create -f first.yaml").exit_code == 0


def test_metallb_s_webhooks_refuse_a_pool_until_its_controller_serves_them():
    cluster = Cluster(seed=7, files=FILES)
    shell = cluster.session()
    shell.run(f"kubectl apply -f {METALLB}")
    service_ip = cluster.get("services", "webhook-service", "metallb-system")["spec"]["clusterIP"]
    assert shell.run("kubectl create -f pool.yaml").output == (
        'Error from server (InternalError): error when creating "pool.yaml": Internal error occurred: failed '
        'calling webhook "ipaddresspoolvalidationwebhook.metallb.io": failed to call webhook: Post '
        '"https://webhook-service.metallb-system.svc:443/validate-metallb-io-v1beta1-ipaddresspool?timeout=10s": '
        f'dial tcp {service_ip}:443: connect: connection refused\n')
    shell.run("sleep 90")
    assert shell.run("kubectl create -f pool.yaml").output == "ipaddresspool.metallb.io/lb-pool created\n"


def test_failure_policy_ignore_lets_the_request_through_when_the_webhook_is_down():
    cluster = Cluster(seed=8, files=FILES)
    shell = cluster.session()
    shell.run(f"kubectl apply -f {INGRESS_NGINX}")
    patch = '[{"op": "replace", "path": "/webhooks/0/failurePolicy", "value": "Ignore"}]'
    assert shell.run(f"kubectl patch validatingwebhookconfiguration ingress-nginx-admission --type json -p '{patch}'").exit_code == 0
    assert shell.run("kubectl create -f first.yaml").output == "ingress.networking.k8s.io/first created\n"


def test_the_admission_jobs_make_the_secret_and_patch_the_ca_into_the_webhook(installed):
    """kube-webhook-certgen v1.1.1 (images/kube-webhook-certgen/rootfs at controller-v1.3.0): `create` saves
    ca, cert and key in the Secret ingress-nginx-admission (k8s.go SaveCertsToSecret), `patch` writes the ca
    into every webhook's caBundle with failurePolicy Fail (k8s.go patchValidating); logrus JSON lines."""
    secret = installed.get("secrets", "ingress-nginx-admission", "ingress-nginx")
    assert sorted(secret["data"]) == ["ca", "cert", "key"] and secret["type"] == "Opaque"
    webhook = installed.get("validatingwebhookconfigurations", "ingress-nginx-admission", None)["webhooks"][0]
    assert (webhook["clientConfig"]["caBundle"], webhook["failurePolicy"]) == (secret["data"]["ca"], "Fail")
    shell = installed.session()
    pods = shell.run("kubectl get pods -n ingress-nginx -o name").output.split()
    create = next(p for p in pods if "admission-create" in p)
    patch = next(p for p in pods if "admission-patch" in p)
    created = [json.loads(line) for line in shell.run(f"kubectl logs -n ingress-nginx {create}").output.splitlines()]
    assert [(line["level"], line["msg"]) for line in created] == [("info", "no secret found"), ("info", "creating new secret")]
    assert created[0]["err"] == 'secrets "ingress-nginx-admission" not found' and list(created[0]) == ["err", "level", "msg", "time"]
    patched = [json.loads(line)["msg"] for line in shell.run(f"kubectl logs -n ingress-nginx {patch}").output.splitlines()]
    assert patched == ["patching webhook configurations 'ingress-nginx-admission' mutating=false, validating=true, "
                       "failurePolicy=Fail", "Patched hook(s)"]


PATCH_ALONE = b"""apiVersion: v1
kind: Pod
metadata:
  name: patch-alone
spec:
  restartPolicy: Never
  containers:
  - name: patch
    image: registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.1.1
    args: [patch, --webhook-name=none, --namespace=default, --patch-mutating=false, --secret-name=missing]
"""


def test_patch_without_the_secret_fails_as_certgen_does():
    """cmd/patch.go: `no secret with '%s' in '%s'` through log.Fatal (exit 1) when GetCaFromSecret finds nothing."""
    cluster = Cluster(seed=9, files={"patch.yaml": PATCH_ALONE})
    shell = cluster.session()
    shell.run("kubectl create -f patch.yaml")
    shell.run("sleep 30")
    status = cluster.get("pods", "patch-alone")["status"]["containerStatuses"][0]["state"]["terminated"]
    assert (status["exitCode"], status["reason"]) == (1, "Error")
    last = json.loads(shell.run("kubectl logs patch-alone").output.splitlines()[-1])
    assert (last["level"], last["msg"]) == ("fatal", "no secret with 'missing' in 'default'")


def test_a_denied_ingress_is_refused_by_the_webhook_before_resource_quota_counts_it():
    """1.23 orders ValidatingAdmissionWebhook before ResourceQuota (AllOrderedPlugins in
    pkg/kubeapiserver/options/plugins.go), so a namespace whose quota is spent still hears
    the webhook's denial, and the quota's own refusal comes only for an object the webhook admits."""
    quota = (b"apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: no-ingress\n  namespace: shop\n"
             b"spec:\n  hard:\n    count/ingresses.networking.k8s.io: \"0\"\n")
    cluster = Cluster(seed=5, files={**FILES, "quota.yaml": quota, "shop-other.yaml": ingress("fifth", path="/baz", namespace="shop")})
    shell = cluster.session()
    assert shell.run(f"kubectl apply -f {INGRESS_NGINX}").exit_code == 0
    shell.run("sleep 90")
    shell.run("kubectl create namespace shop")
    shell.run("kubectl create -f quota.yaml")
    assert shell.run("kubectl create -f first.yaml").exit_code == 0
    denied = shell.run("kubectl create -f other-ns.yaml")
    assert 'admission webhook "validate.nginx.ingress.kubernetes.io" denied the request' in denied.output
    over_quota = shell.run("kubectl create -f shop-other.yaml")
    assert over_quota.output == (
        'Error from server (Forbidden): error when creating "shop-other.yaml": ingresses.networking.k8s.io "fifth" '
        'is forbidden: exceeded quota: no-ingress, requested: count/ingresses.networking.k8s.io=1, '
        'used: count/ingresses.networking.k8s.io=0, limited: count/ingresses.networking.k8s.io=0\n')


def test_the_api_server_defaults_field_refs_and_volume_modes_as_1_23_does(installed):
    """pkg/apis/core/v1/defaults.go (v1.23): SetDefaults_ObjectFieldSelector (apiVersion v1) and
    SetDefaults_SecretVolumeSource (defaultMode 0644, stored as 420), seen on the controller's template."""
    template = installed.get("deployments", "ingress-nginx-controller", "ingress-nginx")["spec"]["template"]["spec"]
    env = {e["name"]: e for e in template["containers"][0]["env"]}
    assert env["POD_NAME"]["valueFrom"]["fieldRef"] == {"apiVersion": "v1", "fieldPath": "metadata.name"}
    assert template["volumes"][0]["secret"] == {"defaultMode": 420, "secretName": "ingress-nginx-admission"}
