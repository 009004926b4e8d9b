"""Everything kubectl prints, computed from API objects and never stored on them.

- `tabwriter`: Go's text/tabwriter, the one aligner for `get` tables and `describe`.
- `duration`: HumanDuration and ShortHumanDuration ages.
- `tables` (with `pod_status`, `formats`): `kubectl get` columns per kind.
- `describe` (with `describe_workloads`, `describe_containers`, `describe_node`,
  `quantity`): `kubectl describe` for Service, Endpoints, Pod, ReplicaSet,
  Deployment, DaemonSet, Node, Namespace and ResourceQuota.
- `serialize` (with `yaml_emitter`, `yaml_resolver`, `go_numbers`): `-o yaml`,
  `-o json`, `-o name` and the List wrapper.
- `jsonpath` (with `jsonpath_parser`): `-o jsonpath=...` and kubectl's error texts.

Printers read objects and never change them; objects never format themselves.
"""
