"""kubectl's global flags before the verb, and `create <generator>` with `--dry-run` and `-o`.

Global flags: cobra's `stripFlags` finds the verb past them, so `kubectl -n kube-system get pods`
is `kubectl get pods -n kube-system`; `--context` is checked against the kubeconfig
(clientcmd: `context was not found for specified context: X`). Generator outputs are the
objects kubectl 1.23's `pkg/cmd/create/create_*.go` build, recorded from a real kubectl
(`kubectl create ... --dry-run=client -o yaml` without a server; the one at /usr/bin/kubectl
is 1.32, whose generators build the same objects for these flags as 1.23's source does).
"""

from __future__ import annotations

import pytest

from simulator import Cluster


@pytest.fixture
def session():
    return Cluster(seed=7, files={"app.properties": b"color=blue\n",
                                  "cm.yaml": b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fromfile}\n"}).session()


def test_namespace_flag_before_the_verb(session):
    before = session.run("kubectl -n kube-system get pods -o name").output
    after = session.run("kubectl get pods -n kube-system -o name").output
    assert before == after and "pod/coredns-" in before
    assert session.run("kubectl --namespace=kube-system get pods -o name").output == before
    assert session.run("kubectl --namespace kube-system get pods -o name").output == before


def test_verbosity_and_context_before_the_verb(session):
    assert session.run("kubectl -v 6 get ns default -o name").output == "namespace/default\n"
    assert session.run("kubectl --context kubernetes-admin@cluster.local get ns default -o name").output == (
        "namespace/default\n")
    result = session.run("kubectl --context prod get pods")
    assert (result.exit_code, result.output) == (1, "error: context was not found for specified context: prod\n")


def test_unknown_command_without_suggestion(session):
    assert session.run("kubectl frobnicate").output == 'error: unknown command "frobnicate" for "kubectl"\n'


DEPLOYMENT_YAML = """apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: null
  labels:
    app: web
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  strategy: {}
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: web
    spec:
      containers:
      - image: nginx
        name: nginx
        ports:
        - containerPort: 80
        resources: {}
status: {}
"""


def test_create_deployment_client_dry_run_prints_the_built_object_and_stores_nothing(session):
    result = session.run("kubectl create deployment web --image=nginx --replicas=2 --port=80 --dry-run=client -o yaml")
    assert result.output == DEPLOYMENT_YAML
    assert session.run("kubectl create deployment web --image=nginx --dry-run=client").output == (
        "deployment.apps/web created (dry run)\n")
    assert session.run("kubectl get deploy web").output == (
        'Error from server (NotFound): deployments.apps "web" not found\n')


def test_create_deployment_server_dry_run_validates_without_storing(session):
    assert session.run("kubectl create deployment web --image=nginx --dry-run=server").output == (
        "deployment.apps/web created (server dry run)\n")
    assert session.run("kubectl get deploy web -o name").exit_code == 1


def test_create_service_clusterip_dry_run(session):
    assert session.run("kubectl create service clusterip web --tcp=80:8080 --dry-run=client -o yaml").output == (
        "apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: web\n  name: web\n"
        "spec:\n  ports:\n  - name: 80-8080\n    port: 80\n    protocol: TCP\n    targetPort: 8080\n"
        "  selector:\n    app: web\n  type: ClusterIP\nstatus:\n  loadBalancer: {}\n")


def test_create_configmap_from_literal_and_file(session):
    result = session.run("kubectl create configmap cfg --from-literal=a=1 --from-literal=b=two "
                         "--from-file=app.properties --dry-run=client -o yaml")
    assert result.output == ("apiVersion: v1\ndata:\n  a: \"1\"\n  app.properties: |\n    color=blue\n  b: two\n"
                             "kind: ConfigMap\nmetadata:\n  creationTimestamp: null\n  name: cfg\n")
    assert session.run("kubectl create configmap cfg --from-literal=a=1").output == "configmap/cfg created\n"
    assert session.run("kubectl get configmap cfg -o jsonpath={.data.a}").output == "1"


def test_create_configmap_namespace_only_when_given(session):
    assert session.run("kubectl -n kube-system create configmap x --dry-run=client -o yaml").output == (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  creationTimestamp: null\n  name: x\n  namespace: kube-system\n")


def test_create_secret_generic_encodes_values(session):
    assert session.run("kubectl create secret generic s --from-literal=user=admin --dry-run=client -o yaml").output == (
        "apiVersion: v1\ndata:\n  user: YWRtaW4=\nkind: Secret\nmetadata:\n  creationTimestamp: null\n  name: s\n")
    assert session.run("kubectl create secret generic s --from-literal=user=admin").output == "secret/s created\n"


def test_create_job_and_cronjob_dry_run(session):
    assert session.run("kubectl create job j --image=busybox --dry-run=client -o yaml -- echo hi").output == (
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  creationTimestamp: null\n  name: j\nspec:\n  template:\n"
        "    metadata:\n      creationTimestamp: null\n    spec:\n      containers:\n      - command:\n"
        "        - echo\n        - hi\n        image: busybox\n        name: j\n        resources: {}\n"
        "      restartPolicy: Never\nstatus: {}\n")
    assert session.run("kubectl create cronjob c --image=busybox '--schedule=*/1 * * * *' --dry-run=client -o yaml "
                       "-- date").output == (
        "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  creationTimestamp: null\n  name: c\nspec:\n"
        "  jobTemplate:\n    metadata:\n      creationTimestamp: null\n      name: c\n    spec:\n      template:\n"
        "        metadata:\n          creationTimestamp: null\n        spec:\n          containers:\n"
        "          - command:\n            - date\n            image: busybox\n            name: c\n"
        "            resources: {}\n          restartPolicy: OnFailure\n  schedule: '*/1 * * * *'\nstatus: {}\n")


def test_create_cronjob_requires_image_and_schedule(session):
    assert session.run("kubectl create cronjob c").output == 'error: required flag(s) "image", "schedule" not set\n'


def test_create_job_is_stored_and_listed_with_printers_columns(session):
    assert session.run("kubectl create job j --image=busybox -- echo hi").output == "job.batch/j created\n"
    assert session.run("kubectl get jobs").output.splitlines()[0].split() == ["NAME", "COMPLETIONS", "DURATION", "AGE"]
    # the Job controller runs it: `echo hi` exits 0 at once, so its one completion is there
    assert session.run("kubectl get jobs").output.splitlines()[1].split()[:2] == ["j", "1/1"]


def test_create_namespace_serviceaccount_role_rolebinding(session):
    assert session.run("kubectl create namespace dev --dry-run=client -o yaml").output == (
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  creationTimestamp: null\n  name: dev\nspec: {}\nstatus: {}\n")
    assert session.run("kubectl create serviceaccount sa --dry-run=client -o yaml").output == (
        "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  creationTimestamp: null\n  name: sa\n")
    assert session.run("kubectl create rolebinding rb --role=r --serviceaccount=default:sa --dry-run=client -o yaml"
                       ).output == (
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  creationTimestamp: null\n"
        "  name: rb\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: r\nsubjects:\n"
        "- kind: ServiceAccount\n  name: sa\n  namespace: default\n")
    assert session.run("kubectl create role r --verb=get,list --resource=pods --dry-run=client -o yaml").output == (
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  creationTimestamp: null\n  name: r\n"
        "rules:\n- apiGroups:\n  - \"\"\n  resources:\n  - pods\n  verbs:\n  - get\n  - list\n")
    assert session.run("kubectl create sa sa").output == "serviceaccount/sa created\n"
    assert session.run("kubectl get sa sa").output.splitlines()[0].split() == ["NAME", "SECRETS", "AGE"]


def test_invalid_dry_run_value(session):
    assert session.run("kubectl create ns x --dry-run=maybe").output == (
        'error: Invalid dry-run value (maybe). Must be "none", "server", or "client".\n')


def test_run_client_dry_run_prints_the_basic_pod(session):
    """run.go with generateversioned.BasicPod: `run=NAME`, ClusterFirst, Always, empty resources."""
    assert session.run("kubectl run nginx --image=nginx --dry-run=client -o yaml").output == (
        "apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: null\n  labels:\n    run: nginx\n  name: nginx\n"
        "spec:\n  containers:\n  - image: nginx\n    name: nginx\n    resources: {}\n  dnsPolicy: ClusterFirst\n"
        "  restartPolicy: Always\nstatus: {}\n")
    assert session.run("kubectl run nginx --image=nginx --dry-run=client").output == "pod/nginx created (dry run)\n"
    assert session.run("kubectl get pod nginx").exit_code == 1
    assert session.run("kubectl run nginx --image=nginx").output == "pod/nginx created\n"


def test_flags_before_the_verb_follow_cobras_strip_flags(session):
    """cobra `stripFlags`: a `--flag` or `-f` without `=` that is not a known boolean takes the next
    word, so `kubectl --bogus get pods` looks for a command named `pods`; with at most one word
    after the flag there is no command and the root help prints."""
    assert session.run("kubectl -o name get ns default").output == "namespace/default\n"
    assert session.run("kubectl --bogus get pods").output == (
        'error: unknown command "pods" for "kubectl"\n\nDid you mean this?\n\tlogs\n')
    assert session.run("kubectl -n kube-system").output.startswith("kubectl controls the Kubernetes cluster manager.")


def test_create_finds_its_generator_past_value_flags(session):
    assert session.run("kubectl create -o name --dry-run=client configmap c").output == "configmap/c\n"
    assert session.run("kubectl create --save-config -f cm.yaml").output == "configmap/fromfile created\n"


def test_an_unknown_subcommand_names_every_argument_left(session):
    """`DefaultSubCommandRun` -> `RequireNoArguments`; `create` first says it needs -f (create.go)."""
    assert session.run("kubectl rollout stauts deploy/web").output == (
        "error: unknown command \"stauts deploy/web\"\nSee 'kubectl rollout -h' for help and examples\n")
    assert session.run("kubectl create foo bar").output == (
        "Error: must specify one of -f and -k\n\nerror: unknown command \"foo bar\"\n"
        "See 'kubectl create -h' for help and examples\n")
    assert session.run("kubectl create service headless web").output == (
        "error: unknown command \"headless web\"\nSee 'kubectl create service -h' for help and examples\n")
    assert session.run("kubectl rollout -n kube-system status ds/kube-proxy").exit_code == 0
