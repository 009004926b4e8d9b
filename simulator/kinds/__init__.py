"""One module per kind the API server serves beyond the first week's: everything about the kind in one place.

A kind module declares `KIND = Kind(...)`: its resource type (names, group, version, scope,
short names), its strategy (defaulting, validation, immutable fields, as
`pkg/registry/<group>/<kind>/strategy.go`), its table columns (kubectl 1.23's
`pkg/printers/internalversion/printers.go`), its describer (`pkg/describe/describe.go`)
and the field labels its field selectors accept. `simulator.registry.kinds` registers
every module listed in `DECLARED` there; no verb of kubectl names a kind. ARCHITECTURE.md
("How to add a kind") walks through `configmap.py`.
"""
