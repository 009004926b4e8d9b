"""Week 9's default ClusterRoles and bindings (slides 599-633), and what 1.23's bootstrap policy grants.

The slides quote `get clusterroles`, `get clusterrolebindings` (both cut with `...`),
`describe clusterroles system:kube-dns` and `describe clusterrolebinding system:kube-dns`;
each quote carries its slide line and is checked word for word against it. The slides' lists
also hold kubespray's own roles (calico-node, calico-kube-controllers, system:metrics-server,
system:node-webhook): kubespray's templates make those (simulator/apps/data/kubespray-v2.19.1-rbac.yaml),
not the API server; metrics-server's come with week 10's add-on.

The `auth can-i` answers were worked by hand from 1.23.1's `bootstrappolicy/policy.go`,
`controller_policy.go` and `namespace_policy.go` (the rule each answer rests on is named).
The builder of the data file is tested on a Go excerpt whose result was written by hand.
"""

from __future__ import annotations

import json
import textwrap

import pytest

from simulator import Cluster
from simulator.apiserver.policy import bootstrap_policy

from .test_week09_transcripts import Q, slide_lines, words

# `kubectl get clusterroles` (left column, 602-614): the rows of bootstrap roles, in the slide's order
CLUSTER_ROLE_ROWS = (Q(605, "admin                                                         2022-01-22T08:15:26Z"),
                     Q(608, "cluster-admin                                                 2022-01-22T08:15:26Z"),
                     Q(609, "edit                                                          2022-01-22T08:15:26Z"),
                     Q(611, "system:kube-controller-manager                                2022-01-22T08:15:26Z"),
                     Q(612, "system:kube-dns                                               2022-01-22T08:15:26Z"),
                     Q(613, "system:kube-scheduler                                         2022-01-22T08:15:26Z"))
KUBESPRAY_ROLE_ROWS = (Q(606, "calico-kube-controllers                                       2022-01-22T08:16:48Z"),
                       Q(607, "calico-node                                                   2022-01-22T08:16:33Z"))
# `kubectl get clusterrolebindings` (left column, 617-633)
BINDING_ROWS = (Q(622, "cluster-admin                    ClusterRole/cluster-admin                    41d"),
                Q(624, "system:kube-controller-manager   ClusterRole/system:kube-controller-manager   41d"),
                Q(626, "system:kube-dns                  ClusterRole/system:kube-dns                  41d"),
                Q(627, "system:kube-scheduler            ClusterRole/system:kube-scheduler            41d"),
                Q(629, "system:monitoring                ClusterRole/system:monitoring                41d"),
                Q(630, "system:node                      ClusterRole/system:node                      41d"),
                Q(631, "system:node-proxier              ClusterRole/system:node-proxier              41d"),
                Q(633, "system:public-info-viewer        ClusterRole/system:public-info-viewer        41d"))
KUBESPRAY_BINDING_ROWS = (Q(620, "calico-kube-controllers          ClusterRole/calico-kube-controllers"),
                          Q(621, "calico-node                      ClusterRole/calico-node"),
                          Q(628, "system:metrics-server            ClusterRole/system:metrics-server"),
                          Q(632, "system:node-webhook              ClusterRole/system:node-webhook"))
# right column
DESCRIBE_KUBE_DNS = (Q(600, "Name:         system:kube-dns"), Q(601, "Labels:       kubernetes.io/bootstrapping=rbac-defaults"),
                     Q(602, "Annotations: rbac.authorization.kubernetes.io/autoupdate: true"), Q(603, "PolicyRule:"),
                     Q(604, "Resources Non-Resource URLs Resource Names Verbs"),
                     Q(605, "--------- ----------------- -------------- -----"),
                     Q(606, "endpoints []                  []              [list watch]"),
                     Q(607, "services   []                 []              [list watch]"))
DESCRIBE_KUBE_DNS_BINDING = (Q(612, "Name:         system:kube-dns"),
                             Q(613, "Labels:       kubernetes.io/bootstrapping=rbac-defaults"),
                             Q(614, "Annotations: rbac.authorization.kubernetes.io/autoupdate: true"), Q(615, "Role:"),
                             Q(616, "Kind: ClusterRole"), Q(617, "Name: system:kube-dns"), Q(618, "Subjects:"),
                             Q(619, "Kind            Name      Namespace"), Q(620, "----            ----      ---------"),
                             Q(621, "ServiceAccount kube-dns kube-system"))
ALL_QUOTES = CLUSTER_ROLE_ROWS + KUBESPRAY_ROLE_ROWS + BINDING_ROWS + KUBESPRAY_BINDING_ROWS + DESCRIBE_KUBE_DNS \
    + DESCRIBE_KUBE_DNS_BINDING


def test_quotes_are_verbatim():
    lines = slide_lines()
    for quote in ALL_QUOTES:
        assert quote.text.strip() in lines[quote.line - 1], f"slide line {quote.line}: {lines[quote.line - 1]!r}"


@pytest.fixture(scope="module")
def session():
    return Cluster(seed=9).session()


def _rows(output: str) -> dict[str, list[str]]:
    return {line.split()[0]: line.split() for line in output.splitlines()[1:]}


def _seconds(stamp: str) -> int:
    from simulator.clock import parse_rfc3339

    return int(parse_rfc3339(stamp))


def test_get_clusterroles_lists_the_slides_rows_in_order_with_their_creation_times_apart(session):
    """The bootstrap roles share one time; calico's two came 67 s and 82 s later, as on the slide."""
    output = session.run("kubectl get clusterroles").output
    assert output.splitlines()[0].split() == ["NAME", "CREATED", "AT"]
    rows = _rows(output)
    quotes = sorted(CLUSTER_ROLE_ROWS + KUBESPRAY_ROLE_ROWS, key=lambda q: q.line)
    names = [q.text.split()[0] for q in quotes]
    assert [n for n in rows if n in names] == names
    base_slide, base_here = _seconds(CLUSTER_ROLE_ROWS[0].text.split()[1]), _seconds(rows["admin"][1])
    for quote in quotes:
        name, stamp = quote.text.split()
        assert _seconds(rows[name][1]) - base_here == _seconds(stamp) - base_slide, name


def test_get_clusterrolebindings_lists_the_slides_bindings(session):
    output = session.run("kubectl get clusterrolebindings").output
    assert output.splitlines()[0].split() == ["NAME", "ROLE", "AGE"]
    rows = _rows(output)
    wanted = [q.text.split()[:2] for q in sorted(BINDING_ROWS + KUBESPRAY_BINDING_ROWS, key=lambda q: q.line)
              if "metrics-server" not in q.text]  # week 10's add-on: its setup installs it
    assert [rows[name][:2] for name, _ in wanted if name in rows] == wanted


def test_describe_the_kube_dns_role_and_binding_as_the_slides(session):
    for command, quotes in (("kubectl describe clusterroles system:kube-dns", DESCRIBE_KUBE_DNS),
                            ("kubectl describe clusterrolebinding system:kube-dns", DESCRIBE_KUBE_DNS_BINDING)):
        got = [words(line) for line in session.run(command).output.splitlines() if line.strip()]
        assert got == [words(q.text) for q in quotes], command


def test_the_bootstrap_policy_holds_1_23s_counts():
    """62 ClusterRoles: 31 of policy.go with CSIStorageCapacity on, 31 controller roles (the
    storage-version garbage collector's needs two alpha gates off in 1.23); one binding per
    controller role plus policy.go's 12; namespace_policy.go's 6 Roles in kube-system, 1 in kube-public."""
    policy = bootstrap_policy()
    names = [r["metadata"]["name"] for r in policy["clusterRoles"]]
    assert len(names) == len(set(names)) == 62
    assert sum(n.startswith("system:controller:") for n in names) == 31
    assert "system:controller:storage-version-garbage-collector" not in names
    assert len(policy["clusterRoleBindings"]) == 43
    assert sorted((r["metadata"]["namespace"], r["metadata"]["name"]) for r in policy["roles"]) == [
        ("kube-public", "system:controller:bootstrap-signer"),
        ("kube-system", "extension-apiserver-authentication-reader"),
        ("kube-system", "system::leader-locking-kube-controller-manager"),
        ("kube-system", "system::leader-locking-kube-scheduler"),
        ("kube-system", "system:controller:bootstrap-signer"),
        ("kube-system", "system:controller:cloud-provider"),
        ("kube-system", "system:controller:token-cleaner")]


# (command, answer, the rule that decides it)
CAN_I = (
    # ClusterRoleBindings system:kube-dns -> kube-system/kube-dns: list,watch endpoints,services
    ("kubectl auth can-i list services --as system:serviceaccount:kube-system:kube-dns", "yes"),
    ("kubectl auth can-i get services --as system:serviceaccount:kube-system:kube-dns", "no"),
    # system:controller:replicaset-controller: create pods; system:controller:namespace-controller: delete namespaces
    ("kubectl auth can-i create pods -n default --as system:serviceaccount:kube-system:replicaset-controller", "yes"),
    ("kubectl auth can-i delete namespaces --as system:serviceaccount:kube-system:namespace-controller", "yes"),
    ("kubectl auth can-i create deployments.apps --as system:serviceaccount:kube-system:replicaset-controller", "no"),
    # system:kube-scheduler (user): create pods/binding, no create pods
    ("kubectl auth can-i create pods --subresource=binding --as system:kube-scheduler", "yes"),
    ("kubectl auth can-i create pods --as system:kube-scheduler", "no"),
    # Role system::leader-locking-kube-scheduler in kube-system: get configmaps named kube-scheduler only
    ("kubectl auth can-i get configmaps/kube-scheduler -n kube-system --as system:kube-scheduler", "yes"),
    ("kubectl auth can-i get configmaps/kube-scheduler -n default --as system:kube-scheduler", "no"),
    # system:node-proxier -> user system:kube-proxy: list endpointslices.discovery.k8s.io
    ("kubectl auth can-i list endpointslices.discovery.k8s.io --as system:kube-proxy", "yes"),
    # system:monitoring -> group system:monitoring: get /metrics
    ("kubectl auth can-i get /metrics --as someone --as-group system:monitoring", "yes"),
    ("kubectl auth can-i get /metrics --as someone", "no"),
    # system:service-account-issuer-discovery -> group system:serviceaccounts
    ("kubectl auth can-i get /openid/v1/jwks --as system:serviceaccount:default:default", "yes"),
)


@pytest.mark.parametrize("command,answer", CAN_I, ids=[c[0][19:] for c in CAN_I])
def test_auth_can_i_answers_as_the_1_23_policy_grants(session, command, answer):
    assert session.run(command).output.strip().splitlines()[-1] == answer  # after any warning


EDIT_BINDING = ("kubectl create namespace team", "kubectl create sa dev -n team",
                "kubectl create rolebinding dev-edit --clusterrole=edit --serviceaccount=team:dev -n team")


@pytest.mark.parametrize("command,answer", (
    # aggregate-to-edit writes services, configmaps... but not endpoints since 1.22 (CVE-2021-25740)
    ("kubectl auth can-i create services -n team --as system:serviceaccount:team:dev", "yes"),
    ("kubectl auth can-i create endpoints -n team --as system:serviceaccount:team:dev", "no"),
    # aggregate-to-view: read endpointslices; aggregate-to-edit: impersonate serviceaccounts
    ("kubectl auth can-i list endpointslices.discovery.k8s.io -n team --as system:serviceaccount:team:dev", "yes"),
    ("kubectl auth can-i impersonate serviceaccounts -n team --as system:serviceaccount:team:dev", "yes"),
    # only admin (aggregate-to-admin) manages roles
    ("kubectl auth can-i create roles.rbac.authorization.k8s.io -n team --as system:serviceaccount:team:dev", "no"),
))
def test_edit_is_aggregated_from_1_23s_rules(command, answer):
    session = Cluster(seed=9).session()
    for line in EDIT_BINDING:
        session.run(line)
    assert session.run(command).output.strip().splitlines()[-1] == answer  # after any warning


GO_EXCERPT = '''
package bootstrappolicy
var (
	Read = []string{"get", "list", "watch"}
)
const (
	legacyGroup = ""
	eventsGroup = "events.k8s.io"
	appsGroup   = "apps"
)
const saRolePrefix = "system:controller:"
func eventsRule() rbacv1.PolicyRule {
	return rbacv1helpers.NewRule("update", "create", "patch").Groups(legacyGroup, eventsGroup).Resources("events").RuleOrDie()
}
func buildControllerRoles() ([]rbacv1.ClusterRole, []rbacv1.ClusterRoleBinding) {
	addControllerRole(&controllerRoles, &controllerRoleBindings, func() rbacv1.ClusterRole {
		role := rbacv1.ClusterRole{
			ObjectMeta: metav1.ObjectMeta{Name: saRolePrefix + "x-controller"},
			Rules: []rbacv1.PolicyRule{
				// a comment with "quotes" and NewRule( in it
				rbacv1helpers.NewRule(Read...).Groups(appsGroup).Resources("replicasets", "deployments").Names("b", "a").RuleOrDie(),
				eventsRule(),
			},
		}
		if utilfeature.DefaultFeatureGate.Enabled(features.On) {
			role.Rules = append(role.Rules, rbacv1helpers.NewRule("get").Groups(legacyGroup).Resources("pods").RuleOrDie())
		}
		if utilfeature.DefaultFeatureGate.Enabled(features.On) && utilfeature.DefaultFeatureGate.Enabled(features.Off) {
			role.Rules = append(role.Rules, rbacv1helpers.NewRule("delete").Groups(legacyGroup).Resources("pods").RuleOrDie())
		}
		return role
	}())
}
'''


def test_the_builder_evaluates_the_go_rule_builders_as_go_would(tmp_path):
    """Hand-worked: RuleOrDie sorts each list; Read... spreads; the gated block with Off is skipped;
    addControllerRole binds system:controller:x-controller to kube-system's x-controller."""
    from tools import build_bootstrap_policy as builder

    evaluator = builder.Evaluator({}, {"features.On": True, "features.Off": False})
    toks = builder.tokens(textwrap.dedent(GO_EXCERPT))
    evaluator.read_package_values(toks)
    evaluator.run_file(toks)
    assert json.loads(json.dumps(evaluator.cluster_roles)) == [{
        "metadata": {"name": "system:controller:x-controller"},
        "rules": [
            {"apiGroups": ["apps"], "resourceNames": ["a", "b"], "resources": ["deployments", "replicasets"],
             "verbs": ["get", "list", "watch"]},
            {"apiGroups": ["", "events.k8s.io"], "resources": ["events"], "verbs": ["create", "patch", "update"]},
            {"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]},
        ]}]
    assert evaluator.cluster_role_bindings == [{
        "metadata": {"name": "system:controller:x-controller"},
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "system:controller:x-controller"},
        "subjects": [{"kind": "ServiceAccount", "name": "x-controller", "namespace": "kube-system"}]}]
    assert evaluator.gates_read == {"features.On": True, "features.Off": False}
