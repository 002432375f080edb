// A compact description of the v1 Pod schema: enough for server-side field validation (unknown
// fields rejected/warned/dropped) and for the OpenAPI v3 document kubectl reads before `edit`.
// Rarely edited deep structures (volume sources, probes, security contexts, affinity) are declared
// as open objects: their contents are not checked, so no valid field is ever refused.
//
// Type syntax: 'string' | 'integer' | 'number' | 'boolean' | 'quantity' | 'intOrString' | 'time' |
// 'open' (any object) | '<TypeName>' | '[]<type>' | 'map<type>'.

export type TypeRef = string;
export type ObjectType = { description: string; fields: Record<string, TypeRef> };

const containerFields: Record<string, TypeRef> = {
  name: 'string', image: 'string', command: '[]string', args: '[]string', workingDir: 'string',
  ports: '[]ContainerPort', envFrom: '[]open', env: '[]EnvVar', resources: 'ResourceRequirements',
  resizePolicy: '[]ContainerResizePolicy', restartPolicy: 'string', volumeMounts: '[]VolumeMount',
  volumeDevices: '[]VolumeDevice', livenessProbe: 'open', readinessProbe: 'open', startupProbe: 'open',
  lifecycle: 'open', terminationMessagePath: 'string', terminationMessagePolicy: 'string',
  imagePullPolicy: 'string', securityContext: 'open', stdin: 'boolean', stdinOnce: 'boolean', tty: 'boolean',
};

export const POD_TYPES: Record<string, ObjectType> = {
  Pod: {
    description: 'Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.',
    fields: { apiVersion: 'string', kind: 'string', metadata: 'ObjectMeta', spec: 'PodSpec', status: 'PodStatus' },
  },
  ObjectMeta: {
    description: 'ObjectMeta is metadata that all persisted resources must have.',
    fields: {
      name: 'string', generateName: 'string', namespace: 'string', selfLink: 'string', uid: 'string',
      resourceVersion: 'string', generation: 'integer', creationTimestamp: 'time', deletionTimestamp: 'time',
      deletionGracePeriodSeconds: 'integer', labels: 'map<string>', annotations: 'map<string>',
      ownerReferences: '[]OwnerReference', finalizers: '[]string', managedFields: '[]open',
      // CCI's ObjectMeta extension, present in the seed's response.
      enable: 'boolean',
    },
  },
  OwnerReference: {
    description: 'OwnerReference contains enough information to let you identify an owning object.',
    fields: { apiVersion: 'string', kind: 'string', name: 'string', uid: 'string', controller: 'boolean', blockOwnerDeletion: 'boolean' },
  },
  PodSpec: {
    description: 'PodSpec is a description of a pod.',
    fields: {
      volumes: '[]Volume', initContainers: '[]Container', containers: '[]Container', ephemeralContainers: '[]open',
      restartPolicy: 'string', terminationGracePeriodSeconds: 'integer', activeDeadlineSeconds: 'integer',
      dnsPolicy: 'string', nodeSelector: 'map<string>', serviceAccountName: 'string', serviceAccount: 'string',
      automountServiceAccountToken: 'boolean', nodeName: 'string', hostNetwork: 'boolean', hostPID: 'boolean',
      hostIPC: 'boolean', shareProcessNamespace: 'boolean', securityContext: 'open',
      imagePullSecrets: '[]LocalObjectReference', hostname: 'string', subdomain: 'string', affinity: 'open',
      schedulerName: 'string', tolerations: '[]Toleration', hostAliases: '[]open', priorityClassName: 'string',
      priority: 'integer', dnsConfig: 'open', readinessGates: '[]PodReadinessGate', runtimeClassName: 'string',
      enableServiceLinks: 'boolean', preemptionPolicy: 'string', overhead: 'map<quantity>',
      topologySpreadConstraints: '[]open', setHostnameAsFQDN: 'boolean', os: 'PodOS', hostUsers: 'boolean',
      schedulingGates: '[]PodSchedulingGate', resourceClaims: '[]open', resources: 'ResourceRequirements',
    },
  },
  Container: { description: 'A single application container that you want to run within a pod.', fields: containerFields },
  ContainerPort: {
    description: 'ContainerPort represents a network port in a single container.',
    fields: { name: 'string', hostPort: 'integer', containerPort: 'integer', protocol: 'string', hostIP: 'string' },
  },
  EnvVar: { description: 'EnvVar represents an environment variable present in a Container.', fields: { name: 'string', value: 'string', valueFrom: 'open' } },
  ResourceRequirements: {
    description: 'ResourceRequirements describes the compute resource requirements.',
    fields: { limits: 'map<quantity>', requests: 'map<quantity>', claims: '[]open' },
  },
  ContainerResizePolicy: { description: 'ContainerResizePolicy represents resource resize policy for the container.', fields: { resourceName: 'string', restartPolicy: 'string' } },
  VolumeMount: {
    description: 'VolumeMount describes a mounting of a Volume within a container.',
    fields: { name: 'string', readOnly: 'boolean', recursiveReadOnly: 'string', mountPath: 'string', subPath: 'string', mountPropagation: 'string', subPathExpr: 'string' },
  },
  VolumeDevice: { description: 'volumeDevice describes a mapping of a raw block device within a container.', fields: { name: 'string', devicePath: 'string' } },
  Volume: {
    description: 'Volume represents a named volume in a pod that may be accessed by any container in the pod.',
    fields: Object.fromEntries([['name', 'string'], ...[
      'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi',
      'glusterfs', 'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc',
      'azureFile', 'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected',
      'portworxVolume', 'scaleIO', 'storageos', 'csi', 'ephemeral', 'image',
    ].map((k) => [k, 'open'])]),
  },
  LocalObjectReference: { description: 'LocalObjectReference contains enough information to let you locate the referenced object inside the same namespace.', fields: { name: 'string' } },
  Toleration: {
    description: 'The pod this Toleration is attached to tolerates any taint that matches the triple <key,value,effect> using the matching operator <operator>.',
    fields: { key: 'string', operator: 'string', value: 'string', effect: 'string', tolerationSeconds: 'integer' },
  },
  PodReadinessGate: { description: 'PodReadinessGate contains the reference to a pod condition', fields: { conditionType: 'string' } },
  PodOS: { description: 'PodOS defines the OS parameters of a pod.', fields: { name: 'string' } },
  PodSchedulingGate: { description: 'PodSchedulingGate is associated to a Pod to guard its scheduling.', fields: { name: 'string' } },
  PodStatus: {
    description: 'PodStatus represents information about the status of a pod.',
    fields: {
      observedGeneration: 'integer', phase: 'string', conditions: '[]PodCondition', message: 'string', reason: 'string',
      nominatedNodeName: 'string', hostIP: 'string', hostIPs: '[]open', podIP: 'string', podIPs: '[]open',
      startTime: 'time', initContainerStatuses: '[]ContainerStatus', containerStatuses: '[]ContainerStatus',
      qosClass: 'string', ephemeralContainerStatuses: '[]ContainerStatus', resize: 'string',
      resourceClaimStatuses: '[]open',
      // CCI's PodStatus extension, present in the seed's response.
      managementIP: 'string',
    },
  },
  PodCondition: {
    description: 'PodCondition contains details for the current condition of this pod.',
    fields: { type: 'string', observedGeneration: 'integer', status: 'string', lastProbeTime: 'time', lastTransitionTime: 'time', reason: 'string', message: 'string' },
  },
  ContainerStatus: {
    description: 'ContainerStatus contains details for the current status of this container.',
    fields: {
      name: 'string', state: 'open', lastState: 'open', ready: 'boolean', restartCount: 'integer', image: 'string',
      imageID: 'string', containerID: 'string', started: 'boolean', allocatedResources: 'map<quantity>',
      resources: 'ResourceRequirements', volumeMounts: '[]open', user: 'open', allocatedResourcesStatus: '[]open',
      stopSignal: 'string',
    },
  },
};

/** `kubectl explain` texts for the fields people edit most (upstream's wording, shortened). */
export const FIELD_DESCRIPTIONS: Record<string, string> = {
  'Pod.metadata': "Standard object's metadata.",
  'Pod.spec': 'Specification of the desired behavior of the pod.',
  'Pod.status': 'Most recently observed status of the pod. Populated by the system. Read-only.',
  'ObjectMeta.name': 'Name must be unique within a namespace. Cannot be updated.',
  'ObjectMeta.namespace': 'Namespace defines the space within which each name must be unique. Cannot be updated.',
  'ObjectMeta.labels': 'Map of string keys and values that can be used to organize and categorize objects. May be updated.',
  'ObjectMeta.annotations': 'Unstructured key value map stored with a resource that may be set by external tools. May be updated.',
  'ObjectMeta.resourceVersion': 'An opaque value that represents the internal version of this object; used for optimistic concurrency. Populated by the system. Read-only.',
  'ObjectMeta.generateName': 'An optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided.',
  'PodSpec.containers': 'List of containers belonging to the pod. Containers cannot currently be added or removed. There must be at least one container in a Pod. Cannot be updated (except each container\'s image).',
  'PodSpec.initContainers': 'List of initialization containers belonging to the pod. Cannot be updated (except each init container\'s image).',
  'PodSpec.activeDeadlineSeconds': 'Optional duration in seconds the pod may be active on the node relative to StartTime before the system will actively try to mark it failed and kill associated containers. Value must be a positive integer. May be set once, then only decreased.',
  'PodSpec.tolerations': "If specified, the pod's tolerations. Existing tolerations cannot be changed (except tolerationSeconds); new ones may be added.",
  'PodSpec.restartPolicy': 'Restart policy for all containers within the pod. One of Always, OnFailure, Never. Default to Always. Cannot be updated.',
  'PodSpec.nodeName': 'NodeName indicates in which node this pod is scheduled. Cannot be updated.',
  'PodSpec.terminationGracePeriodSeconds': 'Optional duration in seconds the pod needs to terminate gracefully. Defaults to 30 seconds.',
  'Container.name': 'Name of the container specified as a DNS_LABEL. Cannot be updated.',
  'Container.image': 'Container image name. This field may be updated on a running pod: the container is restarted with the new image.',
  'Container.imagePullPolicy': 'Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise. Cannot be updated.',
  'Container.resources': 'Compute Resources required by this container. Cannot be updated through the pod (use the resize subresource).',
  'Toleration.key': 'Key is the taint key that the toleration applies to. Empty means match all taint keys.',
  'Toleration.operator': "Operator represents a key's relationship to the value. Valid operators are Exists and Equal. Defaults to Equal.",
  'Toleration.effect': 'Effect indicates the taint effect to match. Allowed values are NoSchedule, PreferNoSchedule and NoExecute.',
  'Toleration.tolerationSeconds': 'The period of time the toleration (which must be of effect NoExecute) tolerates the taint. May be changed on existing tolerations.',
};
