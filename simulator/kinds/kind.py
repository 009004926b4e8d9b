"""What a kind is made of: the resource type kubectl and the API name it by, and the parts each layer uses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from simulator.printers.columns import Column
    from simulator.registry.strategy import Strategy


@dataclass(frozen=True)
class ResourceType:
    plural: str
    singular: str
    kind: str
    group: str  # "" for the core group
    version: str
    namespaced: bool
    short_names: tuple[str, ...] = ()

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def qualified(self) -> str:
        """`replicaset.apps`, `service`: the prefix kubectl prints before `/name`."""
        return f"{self.singular}.{self.group}" if self.group else self.singular

    @property
    def group_resource(self) -> str:
        """`replicasets.apps`, `services`: the resource named in API error messages."""
        return f"{self.plural}.{self.group}" if self.group else self.plural


Describer = Callable[[Any, Any], str]  # (object, printers.describe.DescribeContext) -> text


@dataclass(frozen=True)
class Kind:
    resource: ResourceType
    strategy: "Strategy"
    columns: tuple["Column", ...]  # kubectl get's table; priority-1 columns only with -o wide
    describe: Describer | None = None  # None: kubectl's generic describer
    # the field labels its field-label conversion accepts; None: only metadata.name and metadata.namespace,
    # with the API server's "not a known field selector" text
    field_labels: frozenset[str] | None = None
    selectable_fields: Callable[[dict], dict[str, str]] | None = None  # kind-specific field values beyond metadata
    categories: tuple[str, ...] = ()  # `all` when `kubectl get all` lists the kind
    # a custom kind's: the versions its definition serves (preferred first) and their OpenAPI v3 schemas
    served_versions: tuple[str, ...] = ()
    schemas: dict | None = None
    # the API server's warning for a deprecated version (`Warning: ...` on every request to it), or None
    deprecation: str | None = None
