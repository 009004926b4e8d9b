"""Writes simulator/apiserver/data/bootstrap-policy-v1.23.json: the RBAC objects a 1.23 API server
reconciles at start-up, read from Kubernetes' own `plugin/pkg/auth/authorizer/rbac/bootstrappolicy/`.

Nothing is typed by hand: this evaluates the rule-builder calls of `policy.go`,
`controller_policy.go` and `namespace_policy.go` (`rbacv1helpers.NewRule(...).Groups(...)
.Resources(...).Names(...).URLs(...).RuleOrDie()`, `eventsRule()`, `NewClusterBinding`,
`NewRoleBinding`, the feature-gated `if` blocks) as Go would, with:
- the feature gates' 1.23 defaults (`pkg/features/kube_features.go`,
  `staging/src/k8s.io/apiserver/pkg/features/kube_features.go`), read from the same tree;
- the constants the files import (signer names, user and group names), read from their files too;
- `RuleOrDie`'s sorting of verbs, groups, resources, names and URLs (`pkg/apis/rbac/v1/helpers.go`),
  the `kubernetes.io/bootstrapping` label and the autoupdate annotation (`addDefaultMetadata`), and
  `addControllerRole`'s binding of each `system:controller:<name>` role to kube-system's `<name>` account.

The source this was built from (see SOURCE below) is openshift/microshift's vendored copy of
upstream `k8s.io/kubernetes v1.23.1` (its vendor/modules.txt names the module with no replacement).

Usage (`ROOT` holds `vendor/k8s.io/...` or a kubernetes checkout's `staging/src/k8s.io/...` layout):
    .venv/bin/python tools/build_bootstrap_policy.py ROOT          # write the data file
    .venv/bin/python tools/build_bootstrap_policy.py ROOT --check  # exit 1 if the data file differs
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "simulator" / "apiserver" / "data" / "bootstrap-policy-v1.23.json"
SOURCE = {
    "module": "k8s.io/kubernetes v1.23.1",
    "repository": "openshift/microshift",
    "commit": "69a166cf2e",
    "path": "vendor/k8s.io/kubernetes/plugin/pkg/auth/authorizer/rbac/bootstrappolicy/",
    "tie": "vendor/modules.txt at that commit: '# k8s.io/kubernetes v1.23.1' with no replacement "
           "(go.mod: 'k8s.io/kubernetes v1.23.1', no replace line), so vendor/ is that module's text",
    "course_cluster": "v1.23.7 (the course README); no 1.23.7 copy was reachable, see the data README",
}
POLICY_DIR = "k8s.io/kubernetes/plugin/pkg/auth/authorizer/rbac/bootstrappolicy"
FILES = ("policy.go", "controller_policy.go", "namespace_policy.go")
# package-qualified names -> (file under ROOT's k8s.io tree, constant name)
IMPORTED = {
    "capi.": "k8s.io/api/certificates/v1beta1/types.go",
    "user.": "k8s.io/apiserver/pkg/authentication/user/user.go",
    "serviceaccount.": "k8s.io/apiserver/pkg/authentication/serviceaccount/util.go",
}
GATE_FILES = {"features.": "k8s.io/kubernetes/pkg/features/kube_features.go",
              "genericfeatures.": "k8s.io/apiserver/pkg/features/kube_features.go"}
METAV1 = {"metav1.NamespaceSystem": "kube-system", "metav1.NamespacePublic": "kube-public",
          "rbacv1.GroupName": "rbac.authorization.k8s.io"}  # apimachinery's and k8s.io/api's constants
TOKEN = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:[^"\\]|\\.)*"|`[^`]*`|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*|\.\.\.|:=|&&|\S',
                   re.S)
SKIPPED_FUNCS = {"addDefaultMetadata", "addClusterRoleLabel", "addClusterRoleBindingLabel", "addControllerRole",
                 "eventsRule", "addNamespaceRole", "addNamespaceRoleBinding", "ControllerRoles",
                 "ControllerRoleBindings", "NamespaceRoles", "NamespaceRoleBindings", "ClusterRolesToAggregate",
                 "ClusterRoleBindingsToSplit"}
LABEL = {"kubernetes.io/bootstrapping": "rbac-defaults"}
ANNOTATION = {"rbac.authorization.kubernetes.io/autoupdate": "true"}


def source_root(root: Path) -> Path:
    for candidate in (root / "vendor", root / "staging" / "src", root):
        if (candidate / POLICY_DIR).is_dir():
            return candidate
    raise SystemExit(f"no {POLICY_DIR} under {root}")


def tokens(text: str) -> list[str]:
    return [t for t in TOKEN.findall(text) if not t.startswith(("//", "/*"))]


def go_string(token: str) -> str:
    return json.loads(token) if token.startswith('"') else token.strip("`")


def string_constants(text: str) -> dict[str, str]:
    return {name: go_string(value) for name, value in re.findall(r'^\s*(\w+)\s*=\s*("[^"\n]*")', text, re.M)}


def feature_defaults(text: str) -> dict[str, bool]:
    return {name: value == "true" for name, value in re.findall(r'^\s*(\w+):\s*\{Default:\s*(true|false)', text, re.M)}


class Evaluator:
    """Walks the three files' tokens once, as their functions would run at start-up."""

    def __init__(self, values: dict[str, object], gates: dict[str, bool]):
        self.values = dict(values)
        self.gates = gates
        self.gates_read: dict[str, bool] = {}
        self.lists: dict[str, list] = {}
        self.named_rules: dict[str, dict] = {}
        self.named_bindings: dict[str, dict] = {}
        self.cluster_roles: list[dict] = []
        self.cluster_role_bindings: list[dict] = []
        self.roles: list[dict] = []
        self.role_bindings: list[dict] = []

    @classmethod
    def from_tree(cls, root: Path) -> "Evaluator":
        """The imported constants and the feature gates' defaults, read from their files under root."""
        values: dict[str, object] = dict(METAV1)
        for prefix, rel in IMPORTED.items():
            values.update({prefix + k: v for k, v in string_constants((root / rel).read_text()).items()})
        gates = {prefix + k: v for prefix, rel in GATE_FILES.items()
                 for k, v in feature_defaults((root / rel).read_text()).items()}
        return cls(values, gates)

    # -- values ---------------------------------------------------------------------------------
    def read_package_values(self, toks: list[str]) -> None:
        """`const (...)` strings and `var (...)` string slices of the package (Read, Write, groups...)."""
        for i, tok in enumerate(toks):
            if tok == "=" and i + 1 < len(toks) and toks[i - 1][0].isalpha():
                if toks[i + 1].startswith('"'):
                    self.values.setdefault(toks[i - 1], go_string(toks[i + 1]))
                elif toks[i + 1:i + 5] == ["[", "]", "string", "{"]:
                    end = toks.index("}", i + 5)
                    self.values[toks[i - 1]] = [go_string(t) for t in toks[i + 5:end] if t != ","]

    def args(self, toks: list[str], i: int) -> tuple[list, int]:
        """The arguments of a call whose '(' is toks[i]: strings, constants, `x...`, `a + b`."""
        assert toks[i] == "(", toks[i:i + 5]
        out: list = []
        i += 1
        while toks[i] != ")":
            value, i = self.expression(toks, i)
            if toks[i] == "...":
                out.extend(value)
                i += 1
            else:
                out.append(value)
            if toks[i] == ",":
                i += 1
        return out, i + 1

    def expression(self, toks: list[str], i: int):
        value = self.atom(toks[i])
        i += 1
        while toks[i] == "+":
            value += self.atom(toks[i + 1])
            i += 2
        return value, i

    def atom(self, tok: str):
        if tok[0] in '"`':
            return go_string(tok)
        if tok not in self.values:
            raise SystemExit(f"unknown name {tok}")
        return self.values[tok]

    # -- builders -------------------------------------------------------------------------------
    def chain(self, toks: list[str], i: int, last: str) -> tuple[str, list, list[tuple[str, list]], int]:
        """`pkg.Constructor(args).Method(args)...last()` starting at the constructor."""
        constructor = toks[i]
        first, i = self.args(toks, i + 1)
        calls = []
        while toks[i] == "." and toks[i + 1] != last:
            method = toks[i + 1]
            values, i = self.args(toks, i + 2)
            calls.append((method, values))
        assert toks[i + 1] == last and toks[i + 2:i + 4] == ["(", ")"], toks[i:i + 4]
        return constructor, first, calls, i + 4

    def rule(self, toks: list[str], i: int) -> tuple[dict, int]:
        _, verbs, calls, i = self.chain(toks, i, "RuleOrDie")
        fields = {"Groups": "apiGroups", "Resources": "resources", "Names": "resourceNames", "URLs": "nonResourceURLs"}
        rule: dict = {"verbs": sorted(verbs)}
        for method, values in calls:
            rule.setdefault(fields[method], []).extend(values)
        for key in fields.values():
            if key in rule:
                rule[key] = sorted(rule[key])
        return {k: rule[k] for k in ("apiGroups", "nonResourceURLs", "resourceNames", "resources", "verbs") if k in rule}, i

    def binding(self, toks: list[str], i: int) -> tuple[dict, int]:
        constructor, first, calls, i = self.chain(toks, i, "BindingOrDie")
        kind = "ClusterRole" if constructor.endswith("NewClusterBinding") else "Role"
        meta = {"name": first[0]} if kind == "ClusterRole" else {"name": first[0], "namespace": first[1]}
        subjects = []
        for method, values in calls:
            if method == "SAs":
                subjects += [{"kind": "ServiceAccount", "name": n, "namespace": values[0]} for n in values[1:]]
            else:
                subjects += [{"apiGroup": "rbac.authorization.k8s.io", "kind": method[:-1], "name": n} for n in values]
        return {"metadata": meta, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": kind,
                                              "name": first[0]}, "subjects": subjects}, i

    def events_rule(self) -> dict:
        return self.named_rules["<eventsRule>"]

    # -- statements -----------------------------------------------------------------------------
    def gate(self, toks: list[str], i: int) -> tuple[bool, int]:
        """An `if` condition: Enabled(features.X) joined by &&; returns its value and the '{' index."""
        value, j = True, i + 1
        while toks[j] != "{":
            if toks[j] == "utilfeature.DefaultFeatureGate.Enabled":
                name = toks[j + 2]
                if name not in self.gates:
                    raise SystemExit(f"unknown feature gate {name}")
                self.gates_read[name] = self.gates[name]
                value = value and self.gates[name]
                j += 4
            elif toks[j] == "&&":
                j += 1
            else:
                raise SystemExit(f"unsupported condition near {toks[j:j + 6]}")
        return value, j

    @staticmethod
    def block_end(toks: list[str], i: int) -> int:
        depth = 0
        for j in range(i, len(toks)):
            depth += {"{": 1, "}": -1}.get(toks[j], 0)
            if depth == 0:
                return j
        raise SystemExit("unbalanced braces")

    def run_file(self, toks: list[str]) -> None:
        func, sink, role, namespace = None, None, None, None
        i = 0
        while i < len(toks):
            tok = toks[i]
            if tok == "func" and toks[i + 1] == "(":  # a function literal: its body runs where it stands
                i = toks.index("{", i) + 1
                continue
            if tok == "func":
                func = toks[i + 1]
                body = toks.index("{", i)
                if func == "eventsRule":
                    self.named_rules["<eventsRule>"], _ = self.rule(toks, toks.index("rbacv1helpers.NewRule", body))
                if func in SKIPPED_FUNCS:
                    i = self.block_end(toks, body) + 1
                    continue
                i = body + 1
                continue
            if tok == "if":
                enabled, brace = self.gate(toks, i)
                i = brace + 1 if enabled else self.block_end(toks, brace) + 1
                continue
            if tok == "rbacv1helpers.NewRule":
                rule, i = self.rule(toks, i)
                sink.append(rule)
                continue
            if tok == "eventsRule" and toks[i + 1] == "(":
                sink.append(self.events_rule())
                i += 3
                continue
            if tok in ("rbacv1helpers.NewClusterBinding", "rbacv1helpers.NewRoleBinding"):
                binding, i = self.binding(toks, i)
                if tok.endswith("NewClusterBinding"):
                    self.cluster_role_bindings.append(binding)
                else:
                    self.role_bindings.append(binding)
                continue
            nxt = toks[i + 1] if i + 1 < len(toks) else ""
            if nxt == ":=" and toks[i + 2] == "rbacv1helpers.NewRule":
                self.named_rules[tok], i = self.rule(toks, i + 2)
                continue
            if nxt == ":=" and toks[i + 2] == "rbacv1helpers.NewRoleBinding":
                self.named_bindings[tok], i = self.binding(toks, i + 2)
                continue
            if nxt == ":=" and toks[i + 2:i + 6] == ["[", "]", "rbacv1.PolicyRule", "{"]:
                sink = self.lists[tok] = []
                i += 6
                continue
            if nxt == "=" and toks[i + 2:i + 4] == ["append", "("] and toks[i + 4] == tok:
                sink = role["rules"] if tok == "role.Rules" else self.lists.get(tok)
                if tok in ("roles", "rolebindings"):  # appends of whole roles/bindings: walk inside
                    i += 6
                    continue
                if toks[i + 6] in self.named_rules:
                    sink.append(self.named_rules[toks[i + 6]])
                    i += 8
                    continue
                i += 6
                continue
            if tok.endswith(".Name") and nxt == "=" and tok[:-5] in self.named_bindings:
                self.named_bindings[tok[:-5]]["metadata"]["name"] = go_string(toks[i + 2])
                i += 3
                continue
            if tok in ("addNamespaceRole", "addNamespaceRoleBinding"):
                namespace = self.atom(toks[i + 2])
                if tok == "addNamespaceRoleBinding" and toks[i + 4] in self.named_bindings:
                    self.role_bindings.append(self.named_bindings.pop(toks[i + 4]))
                i += 4
                continue
            if tok == "ObjectMeta" and nxt == ":":
                role, i = self.object_meta(toks, i + 2, func, namespace)
                sink = role["rules"] if role is not None else sink
                continue
            if tok == "Rules" and nxt == ":" and toks[i + 2] != "[":
                role["rules"].extend(self.lists[toks[i + 2]] if toks[i + 2] in self.lists else self.node_rules())
                i += 3
                continue
            if tok == "MatchLabels":
                end = toks.index("}", i)
                body = [t for t in toks[i + 8:end] if t not in (":", ",")]
                role.setdefault("aggregationRule", {"clusterRoleSelectors": []})["clusterRoleSelectors"].append(
                    {"matchLabels": {go_string(k): go_string(v) for k, v in zip(body[::2], body[1::2])}})
                i = end + 1
                continue
            i += 1

    def node_rules(self) -> list:
        return self.lists["nodePolicyRules"]

    def object_meta(self, toks: list[str], i: int, func: str, namespace: str | None):
        """`metav1.ObjectMeta{Name: ..., Labels: map[string]string{...}}`; i is at `metav1.ObjectMeta`."""
        assert toks[i:i + 4] == ["metav1.ObjectMeta", "{", "Name", ":"], toks[i:i + 4]
        name, i = self.expression(toks, i + 4)
        labels = {}
        if toks[i:i + 3] == [",", "Labels", ":"]:
            end = toks.index("}", i)
            body = [t for t in toks[i + 9:end] if t not in (":", ",")]
            labels = {go_string(k): go_string(v) for k, v in zip(body[::2], body[1::2])}
            i = end + 1
        if func == "ClusterRoleBindings":  # the system:node binding literal, kept with no subjects
            ref = toks.index("RoleRef", i)
            ref_name, _ = self.expression(toks, toks.index("Name", ref) + 2)
            self.cluster_role_bindings.append({"metadata": {"name": name}, "roleRef": {
                "apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": ref_name}})
            return None, i
        role = {"metadata": {"name": name, **({"labels": labels} if labels else {})}, "rules": []}
        if func == "init":
            role["metadata"]["namespace"] = namespace
            self.roles.append(role)
        else:
            self.cluster_roles.append(role)
        if func == "buildControllerRoles":  # addControllerRole binds it to kube-system's account of that name
            self.cluster_role_bindings.append({"metadata": {"name": name}, "roleRef": {
                "apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": name},
                "subjects": [{"kind": "ServiceAccount", "name": name[len("system:controller:"):],
                              "namespace": "kube-system"}]})
        return role, i


def finished(kind: str, obj: dict) -> dict:
    meta = dict(obj["metadata"])
    meta["labels"] = {**meta.get("labels", {}), **LABEL}
    meta["annotations"] = dict(ANNOTATION)
    out = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind, "metadata": meta}
    out.update({k: v for k, v in obj.items() if k != "metadata"})
    if "aggregationRule" in out:
        out["rules"] = None  # filled by the aggregation controller
    return out


def build(root: Path) -> dict:
    root = source_root(root)
    evaluator = Evaluator.from_tree(root)
    policy = root / POLICY_DIR
    files = {name: tokens((policy / name).read_text()) for name in FILES}
    for toks in files.values():  # the package's constants first: each file uses the others'
        evaluator.read_package_values(toks)
    # controller_policy.go defines eventsRule, which policy.go calls: walk it first
    for name in ("controller_policy.go", "policy.go", "namespace_policy.go"):
        evaluator.run_file(files[name])
    digests = {name: hashlib.sha1(b"blob %d\0" % len((policy / name).read_bytes()) + (policy / name).read_bytes())
               .hexdigest() for name in FILES}
    by_name = lambda objs: sorted(objs, key=lambda o: (o["metadata"].get("namespace", ""), o["metadata"]["name"]))
    return {
        "source": {**SOURCE, "git_blobs": digests, "feature_gates": dict(sorted(evaluator.gates_read.items()))},
        "clusterRoles": by_name([finished("ClusterRole", r) for r in evaluator.cluster_roles]),
        "clusterRoleBindings": by_name([finished("ClusterRoleBinding", b) for b in evaluator.cluster_role_bindings]),
        "roles": by_name([finished("Role", r) for r in evaluator.roles]),
        "roleBindings": by_name([finished("RoleBinding", b) for b in evaluator.role_bindings]),
    }


def main(argv: list[str]) -> int:
    data = json.dumps(build(Path(argv[1])), indent=1, sort_keys=False) + "\n"
    if "--check" in argv:
        same = OUT.read_text() == data
        print("bootstrap policy data matches the source" if same else f"{OUT} differs from the source")
        return 0 if same else 1
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(data)
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
