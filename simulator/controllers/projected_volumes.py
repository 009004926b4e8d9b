"""The files of a pod's configMap, secret and downwardAPI volumes, as the kubelet writes and updates them.

The payload (pkg/volume/configmap, secret, downwardapi MakePayload): each key a file (`items`
choose and rename keys, `defaultMode`/`mode` their permission), a downwardAPI item the field's
text. The kubelet writes it with the AtomicWriter (`simulator.atomic_writer`) when it sets the
pod up, and again each time it syncs the pod: a pod worker resyncs every `syncFrequency` (1 m)
with up to 50 % jitter (pod_workers.go `wait.Jitter(resyncInterval, 0.5)`), and with the
default Watch change-detection strategy its ConfigMap and Secret cache is current, so an edit
reaches the files 60 to 90 s later at most. The environment is never rewritten, and a subPath
mount binds the file the container saw when it started, which no later write replaces.

The trees live in `machines.trees` as `projected:<pod uid>:<volume>` and, for subPath readers,
`projected-start:<pod uid>:<volume>` (the first payload). A container restart does not yet
take the newer payload for its subPath mounts.
"""

from __future__ import annotations

from simulator.atomic_writer import DATA_DIR, current_payload, write_payload
from simulator.controllers.container_env import pod_field, resource_field, values_of
from simulator.controllers.projected_sources import TOKEN_REFRESH, projected_payload, token_issued_at
from simulator.filesystem import Tree
from simulator.objects import KubeObject
from simulator.registry.kinds import by_kind

SYNC_PERIOD = 60.0  # the kubelet's syncFrequency
JITTER = 0.5  # workerResyncIntervalJitterFactor
PROJECTED = ("configMap", "secret", "downwardAPI", "projected")
# a secret volume is a tmpfs (drwxrwxrwt), and so is a projected one (the token volume); the others a directory on the node's disk
TREE_MODE = {"secret": 0o1777, "projected": 0o1777}


def payload(store, pod: KubeObject, volume: dict) -> dict[str, tuple[str, int]] | None:
    """The files of a configMap, secret or downwardAPI volume as the objects are now (path -> text
    and mode); None for other volumes. A `projected` volume's sources are `projected_sources`'."""
    if "projected" in volume:
        return _projected_payload_now(store, pod, volume)
    for kind, key, name_field in (("ConfigMap", "configMap", "name"), ("Secret", "secret", "secretName")):
        if key in volume:
            source = volume[key] or {}
            obj = store.find(by_kind(kind), pod.namespace, source.get(name_field, ""))
            values = values_of(obj) if obj is not None else {}
            mode = int(source.get("defaultMode", 0o644))
            items = source.get("items")
            if items:
                return {i.get("path", i.get("key")): (values.get(i.get("key"), ""), int(i.get("mode", mode)))
                        for i in items if i.get("key") in values}
            return {k: (v, mode) for k, v in values.items()}
    if "downwardAPI" in volume:
        source = volume["downwardAPI"] or {}
        mode = int(source.get("defaultMode", 0o644))
        files = {}
        for item in source.get("items") or []:
            if "fieldRef" in item:
                text = pod_field(pod, item["fieldRef"].get("fieldPath", ""))
            else:
                reference = item.get("resourceFieldRef") or {}
                container = next((c for c in pod.spec.get("containers") or []
                                  if c.get("name") == reference.get("containerName")), {})
                text = resource_field(container, reference, {})
            files[item.get("path", "")] = (text, int(item.get("mode", mode)))
        return files
    return None


def _projected_payload_now(store, pod: KubeObject, volume: dict) -> dict[str, tuple[str, int]]:
    """A projected volume's payload, computed once per store revision and token period: the
    kubelet's staleness check asks for every running pod's at every settle, and signing the
    token each time made the token volume most of a script's cost."""
    now = store.clock.now()
    known = store.cached(("projected-payloads",), dict)  # a new dict after every write
    key = (pod.metadata.uid, volume.get("name"), token_issued_at(pod, now))
    if key not in known:
        known[key] = projected_payload(store, pod, volume, now)
    return known[key]


def projected_volumes(pod: KubeObject) -> list[dict]:
    return [v for v in pod.spec.get("volumes") or [] if any(k in v for k in PROJECTED)]


def volume_tree(machines, pod: KubeObject, volume: dict, started: float, store, rng) -> Tree:
    """The volume's tree, written with the payload of `started` if the kubelet has not written it yet."""
    key = f"projected:{pod.metadata.uid}:{volume.get('name')}"
    tree = machines.trees.get(key)
    if tree is None:
        kind = next(k for k in PROJECTED if k in volume)
        tree = machines.trees[key] = Tree(started, mode=TREE_MODE.get(kind, 0o777))
        write_payload(tree, payload(store, pod, volume) or {}, started, rng)
        machines.trees[f"projected-start:{pod.metadata.uid}:{volume.get('name')}"] = copy_tree(tree)
    return tree


def start_tree(machines, pod: KubeObject, volume: dict) -> Tree | None:
    """The payload as the containers saw it when they started: what a subPath mount binds."""
    return machines.trees.get(f"projected-start:{pod.metadata.uid}:{volume.get('name')}")


def copy_tree(tree: Tree) -> Tree:
    copied = Tree(0.0)
    copied.entries = {path: type(entry)(**vars(entry)) for path, entry in tree.entries.items()}
    copied.size = tree.size
    return copied


class VolumeSync:
    """When the kubelet next syncs each running pod's projected volumes (per pod uid)."""

    def __init__(self) -> None:
        self.next_sync: dict[str, float] = {}
        self.staleness: dict[tuple[str, str], tuple[tuple, float, bool]] = {}  # see `differs`

    def __setstate__(self, state: dict) -> None:
        """A workspace's cluster stored before `staleness` existed has none yet."""
        self.__dict__.update(state)
        self.__dict__.setdefault("staleness", {})

    def sync(self, ctx, pod: KubeObject) -> None:
        """Write a started pod's volumes the first time; rewrite them when its resync comes due."""
        volumes = projected_volumes(pod)
        uid = pod.metadata.uid
        if not volumes or not pod.status.get("podIP"):
            return
        now = ctx.clock.now()
        rng = ctx.rng.stream("atomic-writer")
        if uid not in self.next_sync:
            for volume in volumes:
                volume_tree(ctx.machines, pod, volume, now, ctx.store, rng)
            self.next_sync[uid] = now + self.period(ctx)
            return
        if now < self.next_sync[uid]:
            return
        for volume in volumes:
            write_payload(volume_tree(ctx.machines, pod, volume, now, ctx.store, rng),
                          payload(ctx.store, pod, volume) or {}, now, rng)
        self.next_sync[uid] = now + self.period(ctx)

    @staticmethod
    def period(ctx) -> float:
        return SYNC_PERIOD * (1 + JITTER * ctx.rng.stream("pod-resync").random())

    def stale_wake(self, ctx, pods: list[KubeObject]) -> float | None:
        """The next resync of a pod whose files differ from its objects: only then does time alone
        give the kubelet work (an unchanged payload writes nothing)."""
        wakes = []
        for pod in pods:
            due = self.next_sync.get(pod.metadata.uid)
            if due is not None and self.stale(ctx, pod):
                wakes.append(due)
        return min(wakes, default=None)

    def stale(self, ctx, pod: KubeObject) -> bool:
        for volume in projected_volumes(pod):
            tree = ctx.machines.trees.get(f"projected:{pod.metadata.uid}:{volume.get('name')}")
            if tree is not None and self.differs(ctx.store, pod, volume, tree):
                return True
        return False

    def differs(self, store, pod: KubeObject, volume: dict, tree: Tree) -> bool:
        """Whether the volume's files differ from its objects now. Remembered, per pod and volume,
        until the pod or an object of a kind its files are read from changes in its namespace,
        the kubelet writes the tree again (each write points `..data` at a new timestamped
        directory; nothing else writes a read-only volume), or the pod's token is next renewed
        (the only way time enters the files). Kept across writes to other objects: a rollout
        writes the store at every step, and comparing every running pod's files after each
        write was most of a rollout's grading."""
        link = tree.get("/" + DATA_DIR)
        inputs = (pod.metadata.resource_version, link.content if link is not None else None,
                  *(store.changed_in.get((plural, pod.namespace), 0) for plural in SOURCES))
        key, now = (pod.metadata.uid, volume.get("name")), store.clock.now()
        known = self.staleness.get(key)
        if known is None or known[0] != inputs or now >= known[1]:
            renewed = token_issued_at(pod, now) + TOKEN_REFRESH
            wanted = {k.lstrip("/"): v for k, v in (payload(store, pod, volume) or {}).items()}
            known = self.staleness[key] = (inputs, renewed, current_payload(tree) != wanted)
        return known[2]

    def keep_only(self, machines, uids: set[str]) -> None:
        """A deleted pod's volumes go with it."""
        for uid in [uid for uid in self.next_sync if uid not in uids]:
            del self.next_sync[uid]
        for key in [key for key in self.staleness if key[0] not in uids]:
            del self.staleness[key]
        for key in [k for k in machines.trees if k.startswith(("projected:", "projected-start:"))
                    and k.split(":")[1] not in uids]:
            del machines.trees[key]


SOURCES = ("configmaps", "secrets", "serviceaccounts")  # what volume files are read from besides the pod (a token: its account's uid)
