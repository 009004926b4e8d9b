"""kube-system's ServiceAccounts: week 9's `kubectl get serviceaccounts -A` (slides 188-195, cut with
`...` after the first kube-system row), and which account each system workload runs as.

Truth for what the slide cuts: kubespray v2.19.1's templates name the add-ons' accounts
(roles/kubernetes-apps/ansible/templates/coredns-deployment.yml.j2 `serviceAccountName: coredns`,
dns-autoscaler.yml.j2 `dns-autoscaler`, nodelocaldns-daemonset.yml.j2 `nodelocaldns`,
roles/network_plugin/calico/templates/calico-node.yml.j2 `calico-node`,
roles/kubernetes-apps/policy_controller/calico/templates/calico-kube-controllers.yml.j2
`calico-kube-controllers`), kubeadm's kube-proxy DaemonSet `kube-proxy`; the controllers' accounts
are v1.23.1's kube-controller-manager `ClientOrDie("<name>")` calls, written here by hand.
"""

from __future__ import annotations

import re

from simulator import Cluster

from .test_week09_transcripts import Q, slide_lines

GET_SA = (Q(189, "NAMESPACE         NAME                                 SECRETS     AGE"),
          Q(190, "default           default                              1           38d"),
          Q(191, "ingress-nginx     default                              1           35d"),
          Q(192, "ingress-nginx     ingress-nginx                        1           35d"),
          Q(193, "ingress-nginx     ingress-nginx-admission              1           35d"),
          Q(194, "kube-node-lease   default                              1           38d"),
          Q(195, "kube-public       default                              1           38d"),
          Q(196, "kube-system       attachdetach-controller              1           38d"))
INGRESS_NGINX = ("https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.3.0/deploy/static/"
                 "provider/baremetal/deploy.yaml")


def test_quotes_are_verbatim():
    lines = slide_lines()
    for quote in GET_SA:
        assert quote.text.strip() in lines[quote.line - 1], f"slide line {quote.line}: {lines[quote.line - 1]!r}"


def _masked(line: str) -> list[str]:
    return re.sub(r"\b\d+[smhd]$", "AGE", line.strip()).split()  # the ages differ by nature


def test_get_serviceaccounts_all_namespaces_begins_as_the_slide():
    session = Cluster(seed=9).session()
    session.run(f"kubectl apply -f {INGRESS_NGINX}")
    output = session.run("kubectl get serviceaccounts -A").output.splitlines()
    assert [_masked(line) for line in output[:len(GET_SA)]] == [_masked(q.text) for q in GET_SA]


CONTROLLERS = ("attachdetach-controller bootstrap-signer certificate-controller clusterrole-aggregation-controller "
               "cronjob-controller daemon-set-controller deployment-controller disruption-controller "
               "endpoint-controller endpointslice-controller endpointslicemirroring-controller "
               "ephemeral-volume-controller expand-controller generic-garbage-collector horizontal-pod-autoscaler "
               "job-controller namespace-controller node-controller persistent-volume-binder pod-garbage-collector "
               "pv-protection-controller pvc-protection-controller replicaset-controller replication-controller "
               "resourcequota-controller root-ca-cert-publisher service-account-controller service-controller "
               "statefulset-controller token-cleaner ttl-after-finished-controller ttl-controller").split()
ADDONS = ["calico-kube-controllers", "calico-node", "coredns", "dns-autoscaler", "kube-proxy", "nodelocaldns"]


def test_kube_system_holds_the_controllers_and_the_add_ons_accounts_each_with_a_token():
    session = Cluster(seed=9).session()
    rows = [line.split() for line in session.run("kubectl get serviceaccounts -n kube-system").output.splitlines()[1:]]
    assert [row[0] for row in rows] == sorted(CONTROLLERS + ADDONS + ["default"])
    assert all(row[1] == "1" for row in rows)
    secrets = session.run("kubectl get secrets -n kube-system -o name").output.split()
    assert all(any(s.startswith(f"secret/{name}-token-") for s in secrets) for name in CONTROLLERS + ADDONS)


def test_each_system_workload_runs_as_its_own_account():
    session = Cluster(seed=9).session()
    out = session.run("kubectl get pods -n kube-system -o custom-columns=NAME:.metadata.name,SA:.spec.serviceAccountName")
    accounts = {row.split()[0]: row.split()[1] for row in out.output.splitlines()[1:]}
    for prefix, account in (("calico-kube-controllers-", "calico-kube-controllers"), ("calico-node-", "calico-node"),
                            ("coredns-", "coredns"), ("dns-autoscaler-", "dns-autoscaler"),
                            ("kube-proxy-", "kube-proxy"), ("nodelocaldns-", "nodelocaldns")):
        named = [pod for pod in accounts if pod.startswith(prefix)]
        assert named and all(accounts[pod] == account for pod in named), prefix


def test_the_controllers_accounts_hold_their_bootstrap_roles():
    session = Cluster(seed=9).session()
    answer = session.run("kubectl auth can-i create pods -n default "
                         "--as system:serviceaccount:kube-system:daemon-set-controller").output
    assert answer.strip().splitlines()[-1] == "yes"  # system:controller:daemon-set-controller: create pods
