"""Everything kubectl prints, computed from API objects and never stored on them.

- `tabwriter`: Go's text/tabwriter, the one aligner for tables and describe.
- `duration`: HumanDuration ages.
- `tables`: `kubectl get` columns per kind (`print_table`, `print_tables`).
- `describe`: `kubectl describe` for Service, Endpoints, Pod, ReplicaSet, Deployment, Node, Namespace.
- `serialize`: `-o yaml`, `-o json`, `-o name` and the List wrapper.
- `jsonpath`: `-o jsonpath=...` with kubectl's parse and execution errors.

Printers read objects and never change them; objects never format themselves.
"""
