// The pod's Volumes section as `kubectl describe pod` prints it: kubernetes/kubectl
// pkg/describe/describe.go at dee3483a3d6a64c07fdf746caf80af446dee99ac (describeVolumes, its
// printXxxVolumeSource functions in the same order, printCSIPersistentVolumeAttributesMultiline,
// printPersistentVolumeClaim for an ephemeral volume's claim template), unchanged since kubectl 1.32.
// Values are formatted as Go's %v formats the typed fields: an unset string is empty, an unset bool
// false, a []string `[a b]`, a map `map[k:v]`.
import { list, obj, str } from '../rules/ruleContext';
import { annotationsMultiline, labelsMultiline, put, writerAt } from './prefixWriter';
import type { TabWriter } from './tabWriter';

type Obj = Record<string, unknown>;
type Field = [label: string, value: (v: Obj) => string];
type Printer = (w: TabWriter, v: Obj, legacy: boolean) => void;

const maxAttributeLen = 140;

const s = (key: string) => (v: Obj) => str(v[key]);
const b = (key: string) => (v: Obj) => String(v[key] === true);
const int = (key: string) => (v: Obj) => String(typeof v[key] === 'number' ? v[key] : 0);
const strings = (key: string) => (v: Obj) => `[${list(v[key]).map(str).join(' ')}]`;
// k8s.io/api's generated String() (kubernetes/api 10b39a39 core/v1/generated.pb.go), which %v calls.
const ref = (key: string) => (v: Obj) => (v[key] === undefined || v[key] === null ? 'nil' : `&LocalObjectReference{Name:${str(obj(v[key]).name)},}`);
const orNone = (key: string) => (v: Obj) => (v[key] === undefined || v[key] === null ? '<none>' : str(v[key]));
const stringMap = (key: string) => (v: Obj) => `map[${Object.keys(obj(v[key])).sort().map((k) => `${k}:${str(obj(v[key])[k])}`).join(' ')}]`;

/** A source printed as `Type:` and one line per field, as most printXxxVolumeSource do. */
function fields(type: string, rows: Field[]): (w: TabWriter, v: Obj) => void {
  // One Write: only its first line gets the level's prefix, the rest have the format's four spaces.
  return (w, v) => put(w, 2, `Type:\t${type}\n${rows.map(([label, value]) => `    ${label}\t${value(v)}\n`).join('')}`);
}

const fsType = ['FSType:', s('fsType')] as Field;
const readOnly = ['ReadOnly:', b('readOnly')] as Field;
const secretRef = ['SecretRef:', ref('secretRef')] as Field;

/** describeVolumes' switch, in its order: the first source set is the one printed. */
const printers: Array<[key: string, print: Printer]> = [
  ['hostPath', fields('HostPath (bare host directory volume)', [['Path:', s('path')], ['HostPathType:', orNone('type')]])],
  ['emptyDir', fields("EmptyDir (a temporary directory that shares a pod's lifetime)", [
    ['Medium:', s('medium')], ['SizeLimit:', (v) => (positiveQuantity(v.sizeLimit) ? str(v.sizeLimit) : '<unset>')],
  ])],
  ['gcePersistentDisk', fields('GCEPersistentDisk (a Persistent Disk resource in Google Compute Engine)', [['PDName:', s('pdName')], fsType, ['Partition:', int('partition')], readOnly])],
  ['awsElasticBlockStore', fields('AWSElasticBlockStore (a Persistent Disk resource in AWS)', [['VolumeID:', s('volumeID')], fsType, ['Partition:', int('partition')], readOnly])],
  ['gitRepo', fields('GitRepo (a volume that is pulled from git when the pod is created)', [['Repository:', s('repository')], ['Revision:', s('revision')]])],
  ['secret', fields('Secret (a volume populated by a Secret)', [['SecretName:', s('secretName')], ['Optional:', b('optional')]])],
  ['configMap', fields('ConfigMap (a volume populated by a ConfigMap)', [['Name:', s('name')], ['Optional:', b('optional')]])],
  ['nfs', fields('NFS (an NFS mount that lasts the lifetime of a pod)', [['Server:', s('server')], ['Path:', s('path')], readOnly])],
  ['iscsi', fields("ISCSI (an ISCSI Disk resource that is attached to a kubelet's host machine and then exposed to the pod)", [
    ['TargetPortal:', s('targetPortal')], ['IQN:', s('iqn')], ['Lun:', int('lun')], ['ISCSIInterface', s('iscsiInterface')], fsType, readOnly,
    ['Portals:', strings('portals')], ['DiscoveryCHAPAuth:', b('chapAuthDiscovery')], ['SessionCHAPAuth:', b('chapAuthSession')], secretRef,
    ['InitiatorName:', orNone('initiatorName')],
  ])],
  ['glusterfs', fields("Glusterfs (a Glusterfs mount on the host that shares a pod's lifetime)", [['EndpointsName:', s('endpoints')], ['Path:', s('path')], readOnly])],
  ['persistentVolumeClaim', fields('PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)', [['ClaimName:', s('claimName')], readOnly])],
  ['ephemeral', printEphemeral],
  ['rbd', fields("RBD (a Rados Block Device mount on the host that shares a pod's lifetime)", [
    ['CephMonitors:', strings('monitors')], ['RBDImage:', s('image')], fsType, ['RBDPool:', s('pool')], ['RadosUser:', s('user')], ['Keyring:', s('keyring')], secretRef, readOnly,
  ])],
  ['quobyte', fields("Quobyte (a Quobyte mount on the host that shares a pod's lifetime)", [['Registry:', s('registry')], ['Volume:', s('volume')], readOnly])],
  ['downwardAPI', printDownwardAPI],
  // kubectl dereferences kind, fsType, cachingMode and readOnly, which the server defaults.
  ['azureDisk', fields('AzureDisk (an Azure Data Disk mount on the host and bind mount to the pod)', [
    ['DiskName:', s('diskName')], ['DiskURI:', s('diskURI')], ['Kind: ', s('kind')], fsType, ['CachingMode:', s('cachingMode')], readOnly,
  ])],
  ['vsphereVolume', fields('vSphereVolume (a Persistent Disk resource in vSphere)', [['VolumePath:', s('volumePath')], fsType, ['StoragePolicyName:', s('storagePolicyName')]])],
  ['cinder', fields('Cinder (a Persistent Disk resource in OpenStack)', [['VolumeID:', s('volumeID')], fsType, readOnly, secretRef])],
  ['photonPersistentDisk', fields('PhotonPersistentDisk (a Persistent Disk resource in photon platform)', [['PdID:', s('pdID')], fsType])],
  ['portworxVolume', fields('PortworxVolume (a Portworx Volume resource)', [['VolumeID:', s('volumeID')]])],
  ['scaleIO', fields('ScaleIO (a persistent volume backed by a block device in ScaleIO)', [
    ['Gateway:', s('gateway')], ['System:', s('system')], ['Protection Domain:', s('protectionDomain')], ['Storage Pool:', s('storagePool')],
    ['Storage Mode:', s('storageMode')], ['VolumeName:', s('volumeName')], fsType, readOnly,
  ])],
  ['cephfs', fields("CephFS (a CephFS mount on the host that shares a pod's lifetime)", [
    ['Monitors:', strings('monitors')], ['Path:', s('path')], ['User:', s('user')], ['SecretFile:', s('secretFile')], secretRef, readOnly,
  ])],
  ['storageos', fields('StorageOS (a StorageOS Persistent Disk resource)', [['VolumeName:', s('volumeName')], ['VolumeNamespace:', s('volumeNamespace')], fsType, readOnly])],
  ['fc', fields('FC (a Fibre Channel disk)', [['TargetWWNs:', (v) => list(v.targetWWNs).map(str).join(', ')], ['LUN:', orNone('lun')], fsType, readOnly])],
  ['azureFile', fields('AzureFile (an Azure File Service mount on the host and bind mount to the pod)', [['SecretName:', s('secretName')], ['ShareName:', s('shareName')], readOnly])],
  ['flexVolume', fields('FlexVolume (a generic volume resource that is provisioned/attached using an exec based plugin)', [
    ['Driver:', s('driver')], fsType, secretRef, readOnly, ['Options:', stringMap('options')],
  ])],
  ['flocker', fields('Flocker (a Flocker volume mounted by the Flocker agent)', [['DatasetName:', s('datasetName')], ['DatasetUUID:', s('datasetUUID')]])],
  ['projected', printProjected],
  ['csi', printCSI],
  ['image', fields('Image (a container image or OCI artifact)', [['Reference:', s('reference')], ['PullPolicy:', s('pullPolicy')]])],
];

/** `legacy`: kubectl 1.32's words for a projected volume's optional secret or config map. */
export function describeVolumes(w: TabWriter, volumes: Obj[], legacy = false): void {
  if (!volumes.length) return put(w, 0, 'Volumes:\t<none>\n');
  put(w, 0, 'Volumes:\n');
  for (const v of volumes) {
    put(w, 1, `${str(v.name)}:\n`);
    const found = printers.find(([key]) => v[key] !== undefined && v[key] !== null);
    if (found) found[1](w, obj(v[found[0]]), legacy);
    else put(w, 1, '<unknown>\n');
  }
}

/** resource.Quantity.Cmp(zero) > 0: kubectl prints `<unset>` for a zero (or negative) size limit. */
function positiveQuantity(q: unknown): boolean {
  if (typeof q === 'number') return q > 0;
  return typeof q === 'string' && !q.trim().startsWith('-') && /[1-9]/.test(q.replace(/[eE][+-]?\d+$/, ''));
}

function printProjected(w: TabWriter, v: Obj, legacy: boolean): void {
  // kubectl 1.32 (before 3e68cbc2, January 2025) printed the *bool itself: `<nil>` when unset and a
  // pointer's address when set, which cannot be reproduced; the value stands in for the address.
  const optional = (source: Obj, label: string) => (legacy ? `${label}:\t${source.optional === undefined || source.optional === null ? '<nil>' : source.optional === true}` : `Optional:\t${source.optional === true}`);
  put(w, 2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
  for (const src of list(v.sources).map(obj)) {
    if (src.secret) put(w, 2, `SecretName:\t${str(obj(src.secret).name)}\n    ${optional(obj(src.secret), 'SecretOptionalName')}\n`);
    else if (src.downwardAPI) put(w, 2, 'DownwardAPI:\ttrue\n');
    else if (src.configMap) put(w, 2, `ConfigMapName:\t${str(obj(src.configMap).name)}\n    ${optional(obj(src.configMap), 'ConfigMapOptional')}\n`);
    // kubectl dereferences expirationSeconds; the server sets an hour (SetDefaults_ServiceAccountTokenProjection).
    else if (src.serviceAccountToken) put(w, 2, `TokenExpirationSeconds:\t${Number(obj(src.serviceAccountToken).expirationSeconds ?? 3600)}\n`);
  }
}

function printDownwardAPI(w: TabWriter, v: Obj): void {
  put(w, 2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
  for (const item of list(v.items).map(obj)) {
    if (item.fieldRef) put(w, 3, `${str(obj(item.fieldRef).fieldPath)} -> ${str(item.path)}\n`);
    if (item.resourceFieldRef) put(w, 3, `${str(obj(item.resourceFieldRef).resource)} -> ${str(item.path)}\n`);
  }
}

function printCSI(w: TabWriter, v: Obj): void {
  fields('CSI (a Container Storage Interface (CSI) volume source)', [['Driver:', s('driver')], fsType, readOnly])(w, v);
  // Every Write at LEVEL_2 gets the prefix, the value after the tab too; `<none>` is a WriteLine, without.
  put(w, 2, 'VolumeAttributes:\t');
  const attributes = obj(v.volumeAttributes);
  const keys = Object.keys(attributes).sort();
  if (!keys.length) return put(w, 0, '<none>\n');
  keys.forEach((k, i) => {
    if (i) {
      put(w, 2, '');
      put(w, 2, '\t');
    }
    const line = `${k}=${str(attributes[k])}`;
    put(w, 2, line.length > maxAttributeLen ? `${line.slice(0, maxAttributeLen)}...\n` : `${line}\n`);
  });
}

/** printEphemeralVolumeSource: the claim template through printPersistentVolumeClaim, nested two levels. */
function printEphemeral(w: TabWriter, v: Obj): void {
  put(w, 2, 'Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)\n');
  if (v.volumeClaimTemplate === undefined || v.volumeClaimTemplate === null) return;
  const template = obj(v.volumeClaimTemplate);
  const meta = obj(template.metadata);
  const spec = obj(template.spec);
  const write = writerAt(w, 2);
  const annotations = obj(meta.annotations);
  // GetPersistentVolumeClaimClass: the beta annotation first, then spec.storageClassName.
  const betaClass = 'volume.beta.kubernetes.io/storage-class';
  write(`StorageClass:\t${betaClass in annotations ? str(annotations[betaClass]) : str(spec.storageClassName)}\n`);
  write(`Volume:\t${str(spec.volumeName)}\n`);
  labelsMultiline(write, 'Labels', obj(meta.labels));
  annotationsMultiline(write, 'Annotations', annotations);
  // A template has no status: with a volume name, capacity is the zero quantity and no access modes.
  write(`Capacity:\t${str(spec.volumeName) ? '0' : ''}\n`);
  write('Access Modes:\t\n');
  if (spec.volumeMode !== undefined && spec.volumeMode !== null) write(`VolumeMode:\t${str(spec.volumeMode)}\n`);
  if (spec.dataSource !== undefined && spec.dataSource !== null) {
    const source = obj(spec.dataSource);
    write('DataSource:\n');
    if (source.apiGroup !== undefined && source.apiGroup !== null) put(w, 3, `APIGroup:\t${str(source.apiGroup)}\n`);
    put(w, 3, `Kind:\t${str(source.kind)}\n`);
    put(w, 3, `Name:\t${str(source.name)}\n`);
  }
}
