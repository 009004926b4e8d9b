"""Controllers: level-triggered reconcile loops run until the cluster settles.

Each controller looks at desired against current state and writes the difference
through the API store, as kube-controller-manager, the scheduler and the kubelet do.
A controller (`Controller`) has `watches` (the resources whose writes can give it
work) and `reconcile(ctx)`; it is handed a `ControllerContext` (store, clock, events,
random streams, machines) and keeps its own sync state. The `ControllerManager` is
the one place that decides who runs when; it is pickled with the cluster, state and all.

To add a controller: a `Controller` subclass with `watches` and `reconcile`, added to `CONTROLLERS`
in the order it must run (a controller that makes pods comes before the scheduler).
"""

from __future__ import annotations

from simulator.controllers.apiservice import APIServiceAvailabilityController
from simulator.controllers.context import Controller, ControllerContext
from simulator.controllers.control_plane_files import ControlPlaneFilesController
from simulator.controllers.cronjob import CronJobController
from simulator.controllers.daemonset import DaemonSetController
from simulator.controllers.deployment import DeploymentController
from simulator.controllers.endpoints import EndpointsController
from simulator.controllers.endpointslice import EndpointSliceController
from simulator.controllers.ingress_nginx import IngressNginxController
from simulator.controllers.job import JobController
from simulator.controllers.kubelet import Kubelet
from simulator.controllers.metallb import MetalLBController
from simulator.controllers.mirror_pods import MirrorPodController
from simulator.controllers.namespace import NamespaceController
from simulator.controllers.persistentvolume import PersistentVolumeController, StorageProtectionController
from simulator.controllers.replicaset import ReplicaSetController
from simulator.controllers.resourcequota import ResourceQuotaController
from simulator.controllers.statefulset import StatefulSetController
from simulator.controllers.root_ca_publisher import RootCACertPublisher
from simulator.controllers.static_pod_files import StaticPodFilesController
from simulator.controllers.scheduler import Scheduler
from simulator.controllers.serviceaccounts import (ClusterRoleAggregationController, ServiceAccountsController,
                                                   TokensController)

# the root CA publisher before the kubelet: kube-root-ca.crt exists (milliseconds after its namespace)
# before a pod's token volume is first written, as the kubelet waits for a missing configMap source
CONTROLLERS = (NamespaceController, RootCACertPublisher, DeploymentController, ReplicaSetController, DaemonSetController, CronJobController, JobController,
               PersistentVolumeController, Scheduler, StaticPodFilesController, ControlPlaneFilesController, MirrorPodController, Kubelet, EndpointsController, EndpointSliceController, StatefulSetController,
               ServiceAccountsController, TokensController, ClusterRoleAggregationController, MetalLBController,
               IngressNginxController,
               ResourceQuotaController, APIServiceAvailabilityController, StorageProtectionController)
MAX_ROUNDS = 25

__all__ = ["Controller", "ControllerContext", "ControllerManager"]


class ControllerManager:
    def __init__(self, ctx: ControllerContext) -> None:
        self.ctx = ctx
        self.controllers: tuple[Controller, ...] = tuple(make() for make in CONTROLLERS)
        self._ran_at: dict[int, int] = {}  # controller index -> store revision when it last ran
        self._settled_at = -1  # store revision when the last settle ended

    def next_wake(self) -> float | None:
        """The earliest moment a controller has work from time alone."""
        now = self.ctx.clock.now()
        wakes = [c.next_wake(self.ctx) for c in self.controllers]
        return min((wake for wake in wakes if wake is not None and wake > now), default=None)

    def settle(self) -> None:
        """Run each controller whose inputs changed since it last ran, until nothing changes.

        A controller that can have work without any API write (the kubelet: a probe's
        delay, an image pull backing off, a file written in a container) runs once more.
        """
        store = self.ctx.store
        nudged = {i for i, c in enumerate(self.controllers) if c.due_without_writes(self.ctx)}
        if not nudged and store.revision == self._settled_at:
            return
        for _ in range(MAX_ROUNDS):
            before = store.revision
            for index, controller in enumerate(self.controllers):
                last_run = self._ran_at.get(index, -1)
                if index in nudged or any(store.changed_at.get(plural, 0) > last_run for plural in controller.watches):
                    nudged.discard(index)
                    self._ran_at[index] = store.revision
                    controller.reconcile(self.ctx)
            if store.revision == before:
                break
        self._settled_at = store.revision
