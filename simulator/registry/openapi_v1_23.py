"""The OpenAPI v2 models a 1.23 API server publishes, for the kinds the simulator serves.

Data only, shaped like `api/openapi-spec/swagger.json` at v1.23 (field names, types and the
`required` lists in Go struct order, from `staging/src/k8s.io/api/{core,apps}/v1/types.go` and
`apimachinery/pkg/apis/meta/v1/types.go`). `schema.py` turns it into kube-openapi's proto models.

Notation, one string per schema:
- `string`, `integer`, `number`, `boolean`: a primitive.
- `object`: `type: object` without properties, i.e. a map of anything (kube-openapi's Map of
  Arbitrary). Used on purpose for big sub-trees not modelled here (status blocks the server
  writes, affinity, security contexts, rarely used volume sources): they accept any map.
- `[T]`: an array of T; `{T}`: a map with values of T; `#name`: a `$ref` to a definition.
- Short prefixes `meta.`, `core.`, `apps.`, `intstr.`, `resource.` stand for the full names.

Not modelled: kinds the simulator does not serve (ConfigMap, Job, ...). kubectl skips client-side
validation for a kind the server publishes no model for, so they are simply not looked up.
"""

PREFIXES = {
    "meta.": "io.k8s.apimachinery.pkg.apis.meta.v1.",
    "core.": "io.k8s.api.core.v1.",
    "apps.": "io.k8s.api.apps.v1.",
    "intstr.": "io.k8s.apimachinery.pkg.util.intstr.",
    "resource.": "io.k8s.apimachinery.pkg.api.resource.",
}

_TOP = {"apiVersion": "string", "kind": "string", "metadata": "#meta.ObjectMeta"}
_TIME = "#meta.Time"
_QUANTITIES = "{#resource.Quantity}"
_INT_OR_STRING = "#intstr.IntOrString"
_STRINGS = "[string]"


def _kind(required: tuple[str, ...] = (), **properties: str) -> dict:
    return {"required": list(required), "properties": properties}


def _condition(*extra: str) -> dict:
    fields = {"lastTransitionTime": _TIME, "message": "string", "reason": "string", "status": "string", "type": "string"}
    fields.update({name: _TIME for name in extra})
    return _kind(("type", "status"), **fields)


DEFINITIONS: dict[str, str | dict] = {
    # apimachinery
    "intstr.IntOrString": "string",  # format: int-or-string
    "resource.Quantity": "string",
    "meta.Time": "string",  # format: date-time
    "meta.FieldsV1": "object",
    "meta.ObjectMeta": _kind(
        annotations="{string}", clusterName="string", creationTimestamp=_TIME, deletionGracePeriodSeconds="integer",
        deletionTimestamp=_TIME, finalizers=_STRINGS, generateName="string", generation="integer",
        labels="{string}", managedFields="[#meta.ManagedFieldsEntry]", name="string", namespace="string",
        ownerReferences="[#meta.OwnerReference]", resourceVersion="string", selfLink="string", uid="string",
    ),
    "meta.ManagedFieldsEntry": _kind(
        apiVersion="string", fieldsType="string", fieldsV1="#meta.FieldsV1", manager="string",
        operation="string", subresource="string", time=_TIME,
    ),
    "meta.OwnerReference": _kind(
        ("apiVersion", "kind", "name", "uid"),
        apiVersion="string", blockOwnerDeletion="boolean", controller="boolean", kind="string", name="string",
        uid="string",
    ),
    "meta.LabelSelector": _kind(matchExpressions="[#meta.LabelSelectorRequirement]", matchLabels="{string}"),
    "meta.LabelSelectorRequirement": _kind(("key", "operator"), key="string", operator="string", values=_STRINGS),
    "meta.Condition": _kind(
        ("type", "status", "lastTransitionTime", "reason", "message"),
        lastTransitionTime=_TIME, message="string", observedGeneration="integer", reason="string",
        status="string", type="string",
    ),
    # core/v1: Service
    "core.Service": _kind(**_TOP, spec="#core.ServiceSpec", status="#core.ServiceStatus"),
    "core.ServiceSpec": _kind(
        allocateLoadBalancerNodePorts="boolean", clusterIP="string", clusterIPs=_STRINGS, externalIPs=_STRINGS,
        externalName="string", externalTrafficPolicy="string", healthCheckNodePort="integer",
        internalTrafficPolicy="string", ipFamilies=_STRINGS, ipFamilyPolicy="string",
        loadBalancerClass="string", loadBalancerIP="string", loadBalancerSourceRanges=_STRINGS,
        ports="[#core.ServicePort]", publishNotReadyAddresses="boolean", selector="{string}",
        sessionAffinity="string", sessionAffinityConfig="#core.SessionAffinityConfig", type="string",
    ),
    "core.ServicePort": _kind(
        ("port",),
        appProtocol="string", name="string", nodePort="integer", port="integer", protocol="string",
        targetPort=_INT_OR_STRING,
    ),
    "core.SessionAffinityConfig": _kind(clientIP="#core.ClientIPConfig"),
    "core.ClientIPConfig": _kind(timeoutSeconds="integer"),
    "core.ServiceStatus": _kind(conditions="[#meta.Condition]", loadBalancer="#core.LoadBalancerStatus"),
    "core.LoadBalancerStatus": _kind(ingress="[#core.LoadBalancerIngress]"),
    "core.LoadBalancerIngress": _kind(hostname="string", ip="string", ports="[#core.PortStatus]"),
    "core.PortStatus": _kind(("port", "protocol"), error="string", port="integer", protocol="string"),
    # core/v1: Endpoints
    "core.Endpoints": _kind(**_TOP, subsets="[#core.EndpointSubset]"),
    "core.EndpointSubset": _kind(
        addresses="[#core.EndpointAddress]", notReadyAddresses="[#core.EndpointAddress]",
        ports="[#core.EndpointPort]",
    ),
    "core.EndpointAddress": _kind(
        ("ip",), hostname="string", ip="string", nodeName="string", targetRef="#core.ObjectReference",
    ),
    "core.EndpointPort": _kind(("port",), appProtocol="string", name="string", port="integer", protocol="string"),
    "core.ObjectReference": _kind(
        apiVersion="string", fieldPath="string", kind="string", name="string", namespace="string",
        resourceVersion="string", uid="string",
    ),
    # core/v1: Pod
    "core.Pod": _kind(**_TOP, spec="#core.PodSpec", status="#core.PodStatus"),
    "core.PodStatus": "object",
    "core.PodTemplateSpec": _kind(metadata="#meta.ObjectMeta", spec="#core.PodSpec"),
    "core.PodSpec": _kind(
        ("containers",),
        activeDeadlineSeconds="integer", affinity="#core.Affinity", automountServiceAccountToken="boolean",
        containers="[#core.Container]", dnsConfig="#core.PodDNSConfig", dnsPolicy="string",
        enableServiceLinks="boolean", ephemeralContainers="[#core.EphemeralContainer]",
        hostAliases="[#core.HostAlias]", hostIPC="boolean", hostNetwork="boolean", hostPID="boolean",
        hostname="string", imagePullSecrets="[#core.LocalObjectReference]", initContainers="[#core.Container]",
        nodeName="string", nodeSelector="{string}", os="#core.PodOS", overhead=_QUANTITIES,
        preemptionPolicy="string", priority="integer", priorityClassName="string",
        readinessGates="[#core.PodReadinessGate]", restartPolicy="string", runtimeClassName="string",
        schedulerName="string", securityContext="#core.PodSecurityContext", serviceAccount="string",
        serviceAccountName="string", setHostnameAsFQDN="boolean", shareProcessNamespace="boolean",
        subdomain="string", terminationGracePeriodSeconds="integer", tolerations="[#core.Toleration]",
        topologySpreadConstraints="[#core.TopologySpreadConstraint]", volumes="[#core.Volume]",
    ),
    "core.Affinity": "object",
    "core.PodDNSConfig": "object",
    "core.EphemeralContainer": "object",
    "core.PodSecurityContext": "object",
    "core.SecurityContext": "object",
    "core.TopologySpreadConstraint": "object",
    "core.HostAlias": _kind(hostnames=_STRINGS, ip="string"),
    "core.LocalObjectReference": _kind(name="string"),
    "core.PodOS": _kind(("name",), name="string"),
    "core.PodReadinessGate": _kind(("conditionType",), conditionType="string"),
    "core.Toleration": _kind(
        effect="string", key="string", operator="string", tolerationSeconds="integer", value="string",
    ),
    "core.Container": _kind(
        ("name",),
        args=_STRINGS, command=_STRINGS, env="[#core.EnvVar]", envFrom="[#core.EnvFromSource]", image="string",
        imagePullPolicy="string", lifecycle="#core.Lifecycle", livenessProbe="#core.Probe", name="string",
        ports="[#core.ContainerPort]", readinessProbe="#core.Probe", resources="#core.ResourceRequirements",
        securityContext="#core.SecurityContext", startupProbe="#core.Probe", stdin="boolean",
        stdinOnce="boolean", terminationMessagePath="string", terminationMessagePolicy="string", tty="boolean",
        volumeDevices="[#core.VolumeDevice]", volumeMounts="[#core.VolumeMount]", workingDir="string",
    ),
    "core.ContainerPort": _kind(
        ("containerPort",),
        containerPort="integer", hostIP="string", hostPort="integer", name="string", protocol="string",
    ),
    "core.EnvVar": _kind(("name",), name="string", value="string", valueFrom="#core.EnvVarSource"),
    "core.EnvVarSource": _kind(
        configMapKeyRef="#core.ConfigMapKeySelector", fieldRef="#core.ObjectFieldSelector",
        resourceFieldRef="#core.ResourceFieldSelector", secretKeyRef="#core.SecretKeySelector",
    ),
    "core.ConfigMapKeySelector": _kind(("key",), key="string", name="string", optional="boolean"),
    "core.SecretKeySelector": _kind(("key",), key="string", name="string", optional="boolean"),
    "core.ObjectFieldSelector": _kind(("fieldPath",), apiVersion="string", fieldPath="string"),
    "core.ResourceFieldSelector": _kind(
        ("resource",), containerName="string", divisor="#resource.Quantity", resource="string",
    ),
    "core.EnvFromSource": _kind(
        configMapRef="#core.ConfigMapEnvSource", prefix="string", secretRef="#core.SecretEnvSource",
    ),
    "core.ConfigMapEnvSource": _kind(name="string", optional="boolean"),
    "core.SecretEnvSource": _kind(name="string", optional="boolean"),
    "core.ResourceRequirements": _kind(limits=_QUANTITIES, requests=_QUANTITIES),
    "core.VolumeMount": _kind(
        ("name", "mountPath"),
        mountPath="string", mountPropagation="string", name="string", readOnly="boolean", subPath="string",
        subPathExpr="string",
    ),
    "core.VolumeDevice": _kind(("name", "devicePath"), devicePath="string", name="string"),
    "core.Probe": _kind(
        exec="#core.ExecAction", failureThreshold="integer", grpc="#core.GRPCAction",
        httpGet="#core.HTTPGetAction", initialDelaySeconds="integer", periodSeconds="integer",
        successThreshold="integer", tcpSocket="#core.TCPSocketAction", terminationGracePeriodSeconds="integer",
        timeoutSeconds="integer",
    ),
    "core.Lifecycle": _kind(postStart="#core.LifecycleHandler", preStop="#core.LifecycleHandler"),
    "core.LifecycleHandler": _kind(
        exec="#core.ExecAction", httpGet="#core.HTTPGetAction", tcpSocket="#core.TCPSocketAction",
    ),
    "core.ExecAction": _kind(command=_STRINGS),
    "core.GRPCAction": _kind(("port",), port="integer", service="string"),
    "core.HTTPGetAction": _kind(
        ("port",),
        host="string", httpHeaders="[#core.HTTPHeader]", path="string", port=_INT_OR_STRING, scheme="string",
    ),
    "core.HTTPHeader": _kind(("name", "value"), name="string", value="string"),
    "core.TCPSocketAction": _kind(("port",), host="string", port=_INT_OR_STRING),
    "core.Volume": _kind(
        ("name",),
        awsElasticBlockStore="object", azureDisk="object", azureFile="object", cephfs="object", cinder="object",
        configMap="#core.ConfigMapVolumeSource", csi="object", downwardAPI="object",
        emptyDir="#core.EmptyDirVolumeSource", ephemeral="object", fc="object", flexVolume="object",
        flocker="object", gcePersistentDisk="object", gitRepo="object", glusterfs="object",
        hostPath="#core.HostPathVolumeSource", iscsi="object", name="string", nfs="#core.NFSVolumeSource",
        persistentVolumeClaim="#core.PersistentVolumeClaimVolumeSource", photonPersistentDisk="object",
        portworxVolume="object", projected="object", quobyte="object", rbd="object", scaleIO="object",
        secret="#core.SecretVolumeSource", storageos="object", vsphereVolume="object",
    ),
    "core.EmptyDirVolumeSource": _kind(medium="string", sizeLimit="#resource.Quantity"),
    "core.HostPathVolumeSource": _kind(("path",), path="string", type="string"),
    "core.NFSVolumeSource": _kind(("server", "path"), path="string", readOnly="boolean", server="string"),
    "core.PersistentVolumeClaimVolumeSource": _kind(("claimName",), claimName="string", readOnly="boolean"),
    "core.ConfigMapVolumeSource": _kind(
        defaultMode="integer", items="[#core.KeyToPath]", name="string", optional="boolean",
    ),
    "core.SecretVolumeSource": _kind(
        defaultMode="integer", items="[#core.KeyToPath]", optional="boolean", secretName="string",
    ),
    "core.KeyToPath": _kind(("key", "path"), key="string", mode="integer", path="string"),
    # core/v1: Namespace, Node, ResourceQuota
    "core.Namespace": _kind(**_TOP, spec="#core.NamespaceSpec", status="#core.NamespaceStatus"),
    "core.NamespaceSpec": _kind(finalizers=_STRINGS),
    "core.NamespaceStatus": _kind(conditions="[#core.NamespaceCondition]", phase="string"),
    "core.NamespaceCondition": "object",
    "core.Node": _kind(**_TOP, spec="#core.NodeSpec", status="#core.NodeStatus"),
    "core.NodeSpec": _kind(
        configSource="#core.NodeConfigSource", externalID="string", podCIDR="string", podCIDRs=_STRINGS,
        providerID="string", taints="[#core.Taint]", unschedulable="boolean",
    ),
    "core.NodeConfigSource": "object",
    "core.NodeStatus": "object",
    "core.Taint": _kind(("key", "effect"), effect="string", key="string", timeAdded=_TIME, value="string"),
    "core.ResourceQuota": _kind(**_TOP, spec="#core.ResourceQuotaSpec", status="#core.ResourceQuotaStatus"),
    "core.ResourceQuotaSpec": _kind(hard=_QUANTITIES, scopeSelector="#core.ScopeSelector", scopes=_STRINGS),
    "core.ScopeSelector": _kind(matchExpressions="[#core.ScopedResourceSelectorRequirement]"),
    "core.ScopedResourceSelectorRequirement": _kind(
        ("scopeName", "operator"), operator="string", scopeName="string", values=_STRINGS,
    ),
    "core.ResourceQuotaStatus": _kind(hard=_QUANTITIES, used=_QUANTITIES),
    # apps/v1
    "apps.ReplicaSet": _kind(**_TOP, spec="#apps.ReplicaSetSpec", status="#apps.ReplicaSetStatus"),
    "apps.ReplicaSetSpec": _kind(
        ("selector",),
        minReadySeconds="integer", replicas="integer", selector="#meta.LabelSelector",
        template="#core.PodTemplateSpec",
    ),
    "apps.ReplicaSetStatus": _kind(
        ("replicas",),
        availableReplicas="integer", conditions="[#apps.ReplicaSetCondition]", fullyLabeledReplicas="integer",
        observedGeneration="integer", readyReplicas="integer", replicas="integer",
    ),
    "apps.ReplicaSetCondition": _condition(),
    "apps.Deployment": _kind(**_TOP, spec="#apps.DeploymentSpec", status="#apps.DeploymentStatus"),
    "apps.DeploymentSpec": _kind(
        ("selector", "template"),
        minReadySeconds="integer", paused="boolean", progressDeadlineSeconds="integer", replicas="integer",
        revisionHistoryLimit="integer", selector="#meta.LabelSelector", strategy="#apps.DeploymentStrategy",
        template="#core.PodTemplateSpec",
    ),
    "apps.DeploymentStrategy": _kind(rollingUpdate="#apps.RollingUpdateDeployment", type="string"),
    "apps.RollingUpdateDeployment": _kind(maxSurge=_INT_OR_STRING, maxUnavailable=_INT_OR_STRING),
    "apps.DeploymentStatus": _kind(
        availableReplicas="integer", collisionCount="integer", conditions="[#apps.DeploymentCondition]",
        observedGeneration="integer", readyReplicas="integer", replicas="integer",
        unavailableReplicas="integer", updatedReplicas="integer",
    ),
    "apps.DeploymentCondition": _condition("lastUpdateTime"),
    "apps.DaemonSet": _kind(**_TOP, spec="#apps.DaemonSetSpec", status="#apps.DaemonSetStatus"),
    "apps.DaemonSetSpec": _kind(
        ("selector", "template"),
        minReadySeconds="integer", revisionHistoryLimit="integer", selector="#meta.LabelSelector",
        template="#core.PodTemplateSpec", updateStrategy="#apps.DaemonSetUpdateStrategy",
    ),
    "apps.DaemonSetUpdateStrategy": _kind(rollingUpdate="#apps.RollingUpdateDaemonSet", type="string"),
    "apps.RollingUpdateDaemonSet": _kind(maxSurge=_INT_OR_STRING, maxUnavailable=_INT_OR_STRING),
    "apps.DaemonSetStatus": _kind(
        ("currentNumberScheduled", "numberMisscheduled", "desiredNumberScheduled", "numberReady"),
        collisionCount="integer", conditions="[#apps.DaemonSetCondition]", currentNumberScheduled="integer",
        desiredNumberScheduled="integer", numberAvailable="integer", numberMisscheduled="integer",
        numberReady="integer", numberUnavailable="integer", observedGeneration="integer",
        updatedNumberScheduled="integer",
    ),
    "apps.DaemonSetCondition": _condition(),
}

# x-kubernetes-group-version-kind of the top-level models: (group, version, kind) -> definition.
RESOURCES: dict[tuple[str, str, str], str] = {
    ("", "v1", "Pod"): "core.Pod",
    ("", "v1", "Service"): "core.Service",
    ("", "v1", "Endpoints"): "core.Endpoints",
    ("", "v1", "Namespace"): "core.Namespace",
    ("", "v1", "Node"): "core.Node",
    ("", "v1", "ResourceQuota"): "core.ResourceQuota",
    ("apps", "v1", "ReplicaSet"): "apps.ReplicaSet",
    ("apps", "v1", "Deployment"): "apps.Deployment",
    ("apps", "v1", "DaemonSet"): "apps.DaemonSet",
}
