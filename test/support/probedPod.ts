// A pod for the describe tests: a probe of each handler (http-get with an IPv6 host, a named port
// and a path Go's net/url escapes), envFrom, volume devices, and one volume of every source that
// kubectl's describeVolumes prints (kubernetes/kubectl pkg/describe/describe.go at
// dee3483a3d6a64c07fdf746caf80af446dee99ac), several with fields left unset.
const timing = { initialDelaySeconds: 5, timeoutSeconds: 2, periodSeconds: 15, successThreshold: 1, failureThreshold: 4 };

export const probedPodSpec = {
  containers: [
    {
      name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 8080, name: 'http' }],
      livenessProbe: { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' }, ...timing },
      readinessProbe: { tcpSocket: { port: 'http' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
      startupProbe: { exec: { command: ['sh', '-c', 'test -f /tmp/started'] }, timeoutSeconds: 1, periodSeconds: 5, successThreshold: 1, failureThreshold: 30 },
      envFrom: [{ configMapRef: { name: 'web-env' } }, { prefix: 'DB_', secretRef: { name: 'db', optional: true } }],
      volumeMounts: [{ name: 'data', mountPath: '/data', subPath: 'web' }],
      volumeDevices: [{ name: 'raw', devicePath: '/dev/xvdb' }, { name: 'raw2', devicePath: '/dev/xvda' }],
    },
    {
      name: 'rpc', image: 'registry.example/rpc:2',
      livenessProbe: { grpc: { port: 9090, service: '' }, ...timing },
      readinessProbe: { grpc: { port: 9090, service: 'ready' }, ...timing },
      startupProbe: { httpGet: { host: 'fd00::1', path: '/start up?now', port: 'admin', scheme: 'HTTPS' }, ...timing },
      volumeDevices: [{ name: 'raw', devicePath: '/dev/xvdc' }],
    },
  ],
  volumes: [
    { name: 'data', persistentVolumeClaim: { claimName: 'web-data', readOnly: true } },
    { name: 'raw', persistentVolumeClaim: { claimName: 'raw' } },
    { name: 'raw2', persistentVolumeClaim: { claimName: 'raw2' } },
    { name: 'host', hostPath: { path: '/var/log', type: '' } },
    { name: 'host-dir', hostPath: { path: '/srv', type: 'Directory' } },
    { name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
    { name: 'zero', emptyDir: { sizeLimit: '0' } },
    { name: 'creds', secret: { secretName: 'creds', optional: true } },
    { name: 'token', projected: { sources: [
      { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      // Not optional: kubectl 1.32 prints a set `optional` as the pointer's address.
      { secret: { name: 'extra' } },
    ] } },
    { name: 'podinfo', downwardAPI: { items: [
      { path: 'labels', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.labels' } },
      { path: 'cpu', resourceFieldRef: { containerName: 'web', resource: 'limits.cpu' } },
    ] } },
    { name: 'inline', csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, fsType: 'ext4', volumeAttributes: { secretProviderClass: 'vault', usePodIdentity: 'false', long: 'v'.repeat(150) } } },
    { name: 'inline-bare', csi: { driver: 'hostpath.csi.k8s.io' } },
    { name: 'cache', ephemeral: { volumeClaimTemplate: {
      metadata: { labels: { type: 'cache', app: 'web' }, annotations: { note: 'scratch space' } },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'fast', volumeMode: 'Filesystem', resources: { requests: { storage: '1Gi' } },
        dataSource: { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'snap' } },
    } } },
    { name: 'bound', ephemeral: { volumeClaimTemplate: { spec: { volumeName: 'pv-1', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } } },
    { name: 'shared', nfs: { server: 'nfs.example', path: '/exports/web' } },
    { name: 'models', image: { reference: 'registry.example/models:v1', pullPolicy: 'IfNotPresent' } },
    { name: 'gce', gcePersistentDisk: { pdName: 'disk-1', fsType: 'ext4', partition: 1 } },
    { name: 'ebs', awsElasticBlockStore: { volumeID: 'vol-1', fsType: 'ext4' } },
    { name: 'git', gitRepo: { repository: 'https://example.com/r.git', revision: 'main' } },
    { name: 'iscsi', iscsi: { targetPortal: '10.0.0.1:3260', iqn: 'iqn.2001-04.com.example:storage', lun: 0, iscsiInterface: 'default', fsType: 'ext4', portals: ['10.0.0.2:3260', '10.0.0.3:3260'], chapAuthSession: true, secretRef: { name: 'chap' } } },
    { name: 'gluster', glusterfs: { endpoints: 'glusterfs-cluster', path: 'vol', readOnly: true } },
    { name: 'rbd', rbd: { monitors: ['10.0.0.4:6789'], image: 'foo', fsType: 'ext4', pool: 'rbd', user: 'admin', keyring: '/etc/ceph/keyring' } },
    { name: 'quobyte', quobyte: { registry: 'registry:7861', volume: 'testVolume' } },
    { name: 'azdisk', azureDisk: { diskName: 'd', diskURI: 'https://example/d.vhd', kind: 'Shared', fsType: 'ext4', cachingMode: 'ReadWrite', readOnly: false } },
    { name: 'vsphere', vsphereVolume: { volumePath: '[ds] v.vmdk', fsType: 'ext4' } },
    { name: 'cinder', cinder: { volumeID: 'c1', fsType: 'ext4' } },
    { name: 'photon', photonPersistentDisk: { pdID: 'p1', fsType: 'ext4' } },
    { name: 'pwx', portworxVolume: { volumeID: 'x1' } },
    { name: 'sio', scaleIO: { gateway: 'https://gw', system: 'sys', secretRef: { name: 'sio' }, protectionDomain: 'pd', storagePool: 'sp', storageMode: 'ThinProvisioned', volumeName: 'v', fsType: 'xfs' } },
    { name: 'ceph', cephfs: { monitors: ['10.0.0.5:6789', '10.0.0.6:6789'], path: '/', user: 'admin', secretFile: '/etc/ceph/secret' } },
    { name: 'sos', storageos: { volumeName: 'v', volumeNamespace: 'ns', fsType: 'ext4' } },
    { name: 'fc', fc: { targetWWNs: ['500a0982991b8dc5', '500a0982891b8dc5'], lun: 2, fsType: 'ext4' } },
    { name: 'fc-wwid', fc: { wwids: ['3600508b400105e210000900000490000'] } },
    { name: 'azfile', azureFile: { secretName: 'azure-secret', shareName: 'share' } },
    { name: 'flex', flexVolume: { driver: 'example.com/lvm', fsType: 'ext4', secretRef: { name: 'flex' }, options: { volumeID: 'v', size: '1G' } } },
    { name: 'flex-bare', flexVolume: { driver: 'example.com/nfs' } },
    { name: 'flocker', flocker: { datasetName: 'ds' } },
  ],
};
