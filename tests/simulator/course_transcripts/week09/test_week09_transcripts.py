"""Week 9 (course/09-RBAC) replayed on the simulator: what the slides' terminals print.

Every expected line is quoted verbatim from `09-RBAC/slides.txt` with its line number
(`Q(line, text)`), and `test_quotes_are_verbatim` checks each one is in that line of the
slides, word for word. The slides set two terminals side by side, so a quote is the part of
the line in one column. A block's commands run in order on a fresh cluster holding the
week's hands-on files; its output is compared line by line with the quotes (blank lines
left out: the PDF's text drops and adds them), each line's words in order, after masking
what differs by nature: the token Secret's generated suffix, resourceVersions, ages,
creation times. The trailing `%` is zsh marking output without a final newline.

Not replayed, with the reason:
- 60-83 (`kubectl config view`, the APISERVER variable on 192.168.100.111): another cluster.
- 187-196 (`get serviceaccounts -A`, cut after the first kube-system row): replayed with
  ingress-nginx installed, in test_week09_kube_system_accounts.py.
- 806-811 (`apt update`, `apt install curl` in ubuntu:20.04): needs the Internet; the
  blocks from a pod run in an image that ships curl (nginx) instead.
- 842-870 (the PodList with calico's annotations and managedFields): calico annotates pods
  and the simulator writes no managedFields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from simulator import Cluster

COURSE = Path("/work/shared/course/09-RBAC")
SLIDES = COURSE / "slides.txt"
HANDS_ON = COURSE / "hands-on"
pytestmark = pytest.mark.skipif(not SLIDES.exists(), reason=f"the course's week 9 files are not at {COURSE}")


@dataclass(frozen=True)
class Q:
    line: int
    text: str


@dataclass(frozen=True)
class Block:
    name: str
    setup: tuple[str, ...]  # commands whose output the slides do not show
    command: str
    quotes: tuple[Q, ...]
    truncated: bool = False  # the slide shows the first lines and `...`


SETUP = ("kubectl create -f Namespace-whatwant.yaml",
         "kubectl create --namespace whatwant -f Role-whatwant.yaml",
         "kubectl create --namespace whatwant -f ServiceAccount-whatwant.yaml",
         "kubectl create --namespace whatwant -f RoleBinding-whatwant.yaml")
TOKEN = ("export TOKEN=$(kubectl get --namespace whatwant secrets $(kubectl get sa whatwant -n whatwant "
         "-o jsonpath='{.secrets[0].name}') -o jsonpath='{$.data.token}' | base64 --decode)")
CLUSTER_ADMIN_BINDING = """apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: cluster-admin-clusterrolebinding
subjects:
- kind: ServiceAccount
  name: whatwant
  namespace: whatwant
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
"""  # slides 639-653, left column

BLOCKS = (
    Block("create the namespace", (), "kubectl create -f Namespace-whatwant.yaml",
          (Q(235, "namespace/whatwant created"),)),
    Block("create the ServiceAccount", ("kubectl create -f Namespace-whatwant.yaml",),
          "kubectl create -f ServiceAccount-whatwant.yaml --namespace whatwant",
          (Q(239, "serviceaccount/whatwant created"),)),
    Block("describe the default ServiceAccount", (), "kubectl describe serviceaccounts default",
          (Q(201, "Name:                 default"), Q(202, "Namespace:            default"),
           Q(203, "Labels:               <none>"), Q(204, "Annotations:          <none>"),
           Q(205, "Image pull secrets:   <none>"), Q(206, "Mountable secrets:    default-token-xf884"),
           Q(207, "Tokens:               default-token-xf884"), Q(208, "Events:               <none>"))),
    Block("list the default token Secret", (), "kubectl get secrets -o wide",
          (Q(213, "NAME                  TYPE                                  DATA     AGE"),
           Q(214, "default-token-xf884   kubernetes.io/service-account-token   3        38d"))),
    Block("describe a missing ServiceAccount", (), "kubectl describe serviceaccounts whatwant",
          (Q(218, 'Error from server (NotFound): serviceaccounts "whatwant" not found'),)),
    Block("describe the ServiceAccount with its token", SETUP, "kubectl describe --namespace whatwant serviceaccounts whatwant",
          (Q(533, "Name:                 whatwant"), Q(534, "Namespace:            whatwant"),
           Q(535, "Labels:               <none>"), Q(536, "Annotations:          <none>"),
           Q(537, "Image pull secrets:   <none>"), Q(538, "Mountable secrets:    whatwant-token-858mj"),
           Q(539, "Tokens:               whatwant-token-858mj"), Q(540, "Events:               <none>"))),
    Block("list the ServiceAccounts", SETUP, "kubectl get serviceaccounts --namespace whatwant",
          (Q(244, "NAME       SECRETS     AGE"), Q(245, "default    1           3m"), Q(246, "whatwant   1           50s"))),
    Block("create the Role", ("kubectl create -f Namespace-whatwant.yaml",),
          "kubectl create --namespace whatwant -f Role-whatwant.yaml",
          (Q(464, "role.rbac.authorization.k8s.io/whatwant-role created"),)),
    Block("create the RoleBinding", SETUP[:3], "kubectl create --namespace whatwant -f RoleBinding-whatwant.yaml",
          (Q(476, "rolebinding.rbac.authorization.k8s.io/whatwant-rb created"),)),
    Block("get the Role", SETUP, "kubectl get --namespace whatwant roles whatwant-role",
          (Q(483, "NAME            CREATED AT"), Q(484, "whatwant-role   2022-03-02T16:27:51Z"))),
    Block("get the RoleBinding wide", SETUP, "kubectl get --namespace whatwant rolebindings whatwant-rb -o wide",
          (Q(484, "NAME          ROLE                 AGE     USERS   GROUPS   SERVICEACCOUNTS"),
           Q(485, "whatwant-rb   Role/whatwant-role   3m39s                    /whatwant"))),
    Block("describe the Role", SETUP, "kubectl describe --namespace whatwant roles whatwant-role",
          (Q(489, "Name:         whatwant-role"), Q(490, "Labels:       <none>"), Q(491, "Annotations: <none>"),
           Q(492, "PolicyRule:"), Q(493, "  Resources     Non-Resource URLs   Resource Names   Verbs"),
           Q(494, "  ---------     -----------------   --------------   -----"),
           Q(495, "  *             []                  []               [*]"),
           Q(496, "  *.apps        []                  []               [*]"),
           Q(497, "  *.extensions []                   []               [*]"))),
    Block("describe the RoleBinding", SETUP, "kubectl describe --namespace whatwant rolebindings whatwant-rb",
          (Q(490, "Name:         whatwant-rb"), Q(491, "Labels:       <none>"), Q(492, "Annotations: <none>"),
           Q(493, "Role:"), Q(494, "  Kind: Role"), Q(495, "  Name: whatwant-role"), Q(496, "Subjects:"),
           Q(497, "  Kind            Name    Namespace"), Q(498, "  ----            ----    ---------"),
           Q(499, "  ServiceAccount whatwant"))),
    Block("curl without trusting the cluster CA", (), "curl -X GET https://192.168.100.200:6443/api",
          (Q(514, "curl: (60) SSL certificate problem: unable to get local issuer certificate"),
           Q(515, "More details here: https://curl.haxx.se/docs/sslcerts.html"),
           Q(517, "curl failed to verify the legitimacy of the server and therefore could not"),
           Q(518, "establish a secure connection to it. To learn more about this situation and"),
           Q(519, "how to fix it, please visit the web page mentioned above."))),
    Block("curl as anonymous", (), "curl -X GET https://192.168.100.200:6443/api --insecure",
          (Q(507, "{"), Q(508, '"kind": "Status",'), Q(509, '"apiVersion": "v1",'), Q(510, '"metadata": {'),
           Q(512, "},"), Q(513, '"status": "Failure",'),
           Q(514, '"message": "forbidden: User \\"system:anonymous\\" cannot get path \\"/api\\"",'),
           Q(515, '"reason": "Forbidden",'), Q(516, '"details": {'), Q(518, "},"), Q(519, '"code": 403'),
           Q(520, "}%"))),
    Block("the token decodes to the ServiceAccount's JWT", SETUP, TOKEN[7:].replace("TOKEN=$(", "", 1)[:-1],
          (Q(533, "eyJhbGciOiJSUzI1NiIsImtpZCI6IjJHUXBHX0NzeUl0a0xVSDh5Nk9CRVNleVBKcmxWdThRTVFubWR4d0pBc0UifQ.eyJpc3Mi"),)),
    Block("curl /api with the token", (*SETUP, TOKEN),
          'curl -X GET --insecure --header "Authorization: Bearer $TOKEN" https://192.168.100.200:6443/api',
          (Q(564, "{"), Q(565, '    "kind": "APIVersions",'), Q(566, '    "versions": ['), Q(567, '       "v1"'),
           Q(568, "    ],"), Q(569, '    "serverAddressByClientCIDRs": ['), Q(570, "       {"),
           Q(571, '         "clientCIDR": "0.0.0.0/0",'), Q(572, '         "serverAddress": "192.168.100.200:6443"'),
           Q(573, "       }"), Q(574, "    ]"), Q(575, "}%"))),
    Block("list the namespace's pods with the token", (*SETUP, TOKEN),
          'curl -X GET --insecure --header "Authorization: Bearer $TOKEN" '
          'https://192.168.100.200:6443/api/v1/namespaces/whatwant/pods',
          (Q(579, "{"), Q(580, '    "kind": "PodList",'), Q(581, '    "apiVersion": "v1",'), Q(582, '    "metadata": {'),
           Q(583, '       "resourceVersion": "1573689"'), Q(584, "    },"), Q(585, '    "items": []'), Q(586, "}%"))),
    Block("create the cluster-admin binding", SETUP, "kubectl create -f clusterrolebinding.yaml",
          (Q(643, "clusterrolebinding.rbac.authorization.k8s.io/cluster-admin-clusterrolebinding created"),)),
    Block("describe the cluster-admin binding", (*SETUP, "kubectl create -f clusterrolebinding.yaml"),
          "kubectl describe clusterrolebindings cluster-admin-clusterrolebinding",
          (Q(649, "Name:         cluster-admin-clusterrolebinding"), Q(650, "Labels:       <none>"),
           Q(651, "Annotations: <none>"), Q(652, "Role:"), Q(653, "  Kind: ClusterRole"), Q(654, "  Name: cluster-admin"),
           Q(655, "Subjects:"), Q(656, "  Kind            Name      Namespace"),
           Q(657, "  ----            ----      ---------"), Q(658, "  ServiceAccount whatwant whatwant"))),
    Block("describe cluster-admin", (), "kubectl describe clusterrole cluster-admin",
          (Q(661, "Name:         cluster-admin"), Q(662, "Labels:       kubernetes.io/bootstrapping=rbac-defaults"),
           Q(663, "Annotations: rbac.authorization.kubernetes.io/autoupdate: true"), Q(664, "PolicyRule:"),
           Q(665, "  Resources Non-Resource URLs Resource Names Verbs"),
           Q(666, "  --------- ----------------- -------------- -----"),
           Q(667, "  *.*        []                 []              [*]"),
           Q(668, "             [*]                []              [*]"))),
    Block("services with cluster-admin", (*SETUP, "kubectl create -f clusterrolebinding.yaml", TOKEN),
          'curl -X GET --insecure --header "Authorization: Bearer $TOKEN" '
          'https://192.168.100.200:6443/api/v1/namespaces/default/services',
          (Q(673, "{"), Q(674, '  "kind": "ServiceList",'), Q(675, '  "apiVersion": "v1",')), truncated=True),
    Block("delete the cluster-admin binding", (*SETUP, "kubectl create -f clusterrolebinding.yaml"),
          "kubectl delete clusterrolebindings cluster-admin-clusterrolebinding",
          (Q(680, 'clusterrolebinding.rbac.authorization.k8s.io "cluster-admin-clusterrolebinding" deleted'),)),
    Block("services forbidden again", (*SETUP, "kubectl create -f clusterrolebinding.yaml", TOKEN,
                                       "kubectl delete clusterrolebindings cluster-admin-clusterrolebinding"),
          'curl -X GET --insecure --header "Authorization: Bearer $TOKEN" '
          'https://192.168.100.200:6443/api/v1/namespaces/default/services',
          (Q(684, "{"), Q(685, '     "kind": "Status",'), Q(686, '     "apiVersion": "v1",'), Q(687, '     "metadata": {'),
           Q(689, "     },"), Q(690, '     "status": "Failure",'),
           Q(691, '     "message": "services is forbidden: User \\"system:serviceaccount:whatwant:whatwant\\" cannot list '
                  'resource \\"services\\" in API group \\"\\" in the namespace \\"default\\"",'),
           Q(692, '     "reason": "Forbidden",'), Q(693, '     "details": {'), Q(694, '        "kind": "services"'),
           Q(695, "     },"), Q(696, '     "code": 403'), Q(697, "}%"))),
)

# From inside a pod (slides 800-880): the pod runs nginx, whose image ships curl (see the docstring).
POD_SETUP = ("kubectl run ubuntu --image=nginx", "sleep 10", "kubectl exec -it ubuntu -- /bin/bash")
POD_BLOCKS = (
    Block("curl the API from a pod", POD_SETUP, "curl https://kubernetes",
          (Q(822, "curl: (60) SSL certificate problem: unable to get local issuer certificate"),
           Q(823, "More details here: https://curl.haxx.se/docs/sslcerts.html"),
           Q(825, "curl failed to verify the legitimacy of the server and therefore could not"),
           Q(827, "establish a secure connection to it. To learn more about this situation and"),
           Q(829, "how to fix it, please visit the web page mentioned above."))),
    Block("the token volume", POD_SETUP, "ls /var/run/secrets/kubernetes.io/serviceaccount",
          (Q(837, "ca.crt   namespace   token"),)),
    Block("anonymous with the cluster CA", POD_SETUP,
          "curl --cacert /var/run/secrets/kubernetes.io/serviceaccount/ca.crt https://kubernetes",
          (Q(806, "{"), Q(807, '"kind": "Status",'), Q(808, '"apiVersion": "v1",'), Q(809, '"metadata": {'), Q(810, "},"),
           Q(811, '"status": "Failure",'), Q(812, '"message": "forbidden: User \\"system:anonymous\\" cannot get path \\"/\\"",'),
           Q(813, '"reason": "Forbidden",'), Q(814, '"details": {'), Q(815, "},"), Q(816, '"code": 403'), Q(817, "}"))),
    Block("the default account may not list pods",
          (*POD_SETUP, "export CURL_CA_BUNDLE=/var/run/secrets/kubernetes.io/serviceaccount/ca.crt",
           "export TOKEN=$(cat /var/run/secrets/kubernetes.io/serviceaccount/token)"),
          'curl -H "Authorization: Bearer $TOKEN" https://kubernetes/api/v1/namespaces/default/pods',
          (Q(847, "{"), Q(848, '"kind": "Status",'), Q(849, '"apiVersion": "v1",'), Q(850, '"metadata": {'), Q(852, "},"),
           Q(853, '"status": "Failure",'),
           Q(854, '"message": "pods is forbidden: User'),
           Q(855, '\\"system:serviceaccount:default:default\\" cannot list resource \\"pods\\" in'),
           Q(856, 'API group \\"\\" in the namespace \\"default\\"",'),
           Q(857, '"reason": "Forbidden",'), Q(858, '"details": {'), Q(859, '"kind": "pods"'), Q(860, "},"),
           Q(861, '"code": 403'))),
    Block("bind cluster-admin to every ServiceAccount", (),
          "kubectl create clusterrolebinding permissive-binding --clusterrole=cluster-admin --group=system:serviceaccounts",
          (Q(868, "clusterrolebinding.rbac.authorization.k8s.io/permissive-binding created"),)),
    Block("the namespace file", POD_SETUP, "cat /var/run/secrets/kubernetes.io/serviceaccount/namespace; echo",
          (Q(876, "default"),)),
)


def slide_lines() -> list[str]:
    return SLIDES.read_text(encoding="utf-8").split("\n")  # not splitlines(): form feeds split pages, not lines


@pytest.mark.parametrize("block", BLOCKS + POD_BLOCKS, ids=lambda b: b.name)
def test_quotes_are_verbatim(block):
    lines = slide_lines()
    for quote in block.quotes:
        assert quote.text.strip() in lines[quote.line - 1], f"slide line {quote.line}: {lines[quote.line - 1]!r}"


MASKS = (
    # the pod blocks run nginx's curl (7.7x+: curl.se) where the slides' ubuntu:20.04 had 7.68 (curl.haxx.se)
    (re.compile(r"https://curl\.(haxx\.)?se/"), "https://CURL-SITE/"),
    (re.compile(r"-token-[a-z0-9]{5}\b"), "-token-XXXXX"),
    (re.compile(r'"resourceVersion": "\d+"'), '"resourceVersion": "N"'),
    (re.compile(r"\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"), "TIME"),
    (re.compile(r"^(\S+\s+\S+\s+)(\d+[smhd])+(\d+[smhd])?\b"), r"\1AGE"),
    (re.compile(r"(Role/\S+\s+)\d+[smhd]\d*[smhd]?"), r"\1AGE"),
    (re.compile(r"^(\S+\s+\d+\s+)\d+[smhd]\d*[smhd]?$"), r"\1AGE"),
    (re.compile(r"^(\S+\s+\S+\s+\d+\s+)\d+[smhd]\d*[smhd]?$"), r"\1AGE"),
)


def masked(line: str) -> str:
    for pattern, replacement in MASKS:
        line = pattern.sub(replacement, line)
    return line.removesuffix("%")


def words(line: str) -> list[str]:
    return masked(line.strip()).split()


def replay(block: Block) -> str:
    cluster = Cluster(seed=9, files={**{p.name: p.read_bytes() for p in HANDS_ON.iterdir()},
                                     "clusterrolebinding.yaml": CLUSTER_ADMIN_BINDING.encode()})
    session = cluster.session()
    for line in block.setup:
        session.run(line)
    return session.run(block.command).output


@pytest.mark.parametrize("block", BLOCKS + POD_BLOCKS, ids=lambda b: b.name)
def test_the_slides_output_replays_line_by_line(block):
    output = replay(block)
    got = [words(line) for line in output.splitlines() if line.strip()]
    wanted = [words(q.text) for q in block.quotes]
    if block.name == "the token decodes to the ServiceAccount's JWT":
        # the header is the same for every token this cluster signs but its key id; the slide shows the first 100 characters
        assert output.startswith("eyJhbGciOiJSUzI1NiIsImtpZCI6I") and output.count(".") == 2 and not output.endswith("\n")
        return
    if block.name == "the default account may not list pods":  # the slide wraps the message over three lines
        got = [w for w in got if w]
        joined = " ".join(" ".join(w) for w in got)
        assert " ".join(" ".join(w) for w in wanted) in joined
        return
    assert (got[:len(wanted)] if block.truncated else got) == wanted


def test_the_decoded_token_carries_the_slides_claims():
    """The slide (533-541) decodes to these claims, in this order; the token here has the same ones."""
    import base64
    import json

    output = replay(next(b for b in BLOCKS if b.name == "the token decodes to the ServiceAccount's JWT"))
    payload = output.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert list(claims) == ["iss", "kubernetes.io/serviceaccount/namespace", "kubernetes.io/serviceaccount/secret.name",
                            "kubernetes.io/serviceaccount/service-account.name",
                            "kubernetes.io/serviceaccount/service-account.uid", "sub"]
    assert claims["sub"] == "system:serviceaccount:whatwant:whatwant"
