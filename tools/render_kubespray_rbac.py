"""Writes simulator/apps/data/kubespray-v2.19.1-rbac.yaml: the ClusterRoles and ClusterRoleBindings
kubespray v2.19.1 adds for the course's cluster (its add-ons' and the nodes'), from its own templates.

The templates' only Jinja is `{% if %}/{% elif %}/{% endif %}` over a few settings; this renders
those with the values below (kubespray's defaults: `calico_datastore: kdd`,
roles/kubespray-defaults/defaults/main.yaml; `calico_version: v3.22.3`,
roles/download/defaults/main.yml) and leaves every other line as it is. The node webhook's role
is kubespray's only when `kubelet_authorization_mode_webhook` is set; week 9's slides (line 632)
list it, so the course's inventory set it.

Usage: .venv/bin/python tools/render_kubespray_rbac.py path/to/kubespray   (a checkout at v2.19.1)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "simulator" / "apps" / "data" / "kubespray-v2.19.1-rbac.yaml"
# the conditions as the templates spell them, and their value for this cluster
CONDITIONS = {'calico_datastore == "etcd"': False, 'calico_datastore == "kdd"': True,
              'calico_version is version("v3.20.0", ">=")': True}
# in the order kubespray applies them: cluster_roles (after the control plane), calico, then the DNS add-ons
TEMPLATES = ("roles/kubernetes-apps/cluster_roles/templates/node-crb.yml.j2",
             "roles/kubernetes-apps/cluster_roles/templates/node-webhook-cr.yml.j2",
             "roles/kubernetes-apps/cluster_roles/templates/node-webhook-crb.yml.j2",
             "roles/network_plugin/calico/templates/calico-cr.yml.j2",
             "roles/network_plugin/calico/templates/calico-crb.yml.j2",
             "roles/kubernetes-apps/policy_controller/calico/templates/calico-kube-cr.yml.j2",
             "roles/kubernetes-apps/policy_controller/calico/templates/calico-kube-crb.yml.j2",
             "roles/kubernetes-apps/ansible/templates/coredns-clusterrole.yml.j2",
             "roles/kubernetes-apps/ansible/templates/coredns-clusterrolebinding.yml.j2",
             "roles/kubernetes-apps/ansible/templates/dns-autoscaler-clusterrole.yml.j2",
             "roles/kubernetes-apps/ansible/templates/dns-autoscaler-clusterrolebinding.yml.j2")
STATEMENT = re.compile(r"^\s*\{%-?\s*(if|elif|else|endif)\s*(.*?)\s*-?%\}\s*$")


def render(text: str) -> str:
    """Keep the lines whose enclosing branches hold; a condition not in CONDITIONS is an error."""
    out: list[str] = []
    stack: list[tuple[bool, bool]] = []  # (this branch is taken, some branch of this if was taken)
    for line in text.splitlines():
        match = STATEMENT.match(line)
        if match is None:
            if "{%" in line or "{{" in line:
                raise SystemExit(f"unrendered Jinja: {line!r}")
            if all(taken for taken, _ in stack):
                out.append(line)
            continue
        word, condition = match.groups()
        if word == "if":
            value = CONDITIONS[condition]
            stack.append((value, value))
        elif word == "elif":
            _, done = stack.pop()
            value = not done and CONDITIONS[condition]
            stack.append((value, done or value))
        elif word == "else":
            _, done = stack.pop()
            stack.append((not done, True))
        else:
            stack.pop()
    return "\n".join(out).strip("\n-") + "\n"


def main(argv: list[str]) -> int:
    root = Path(argv[1])
    header = ("# kubespray v2.19.1's RBAC for the nodes and the add-ons, rendered by tools/render_kubespray_rbac.py\n"
              "# from these templates (calico_datastore kdd, calico_version v3.22.3), in the order applied:\n"
              + "".join(f"#   {t}\n" for t in TEMPLATES))
    documents = [render((root / template).read_text()) for template in TEMPLATES]
    OUT.write_text(header + "---\n".join(documents))
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
