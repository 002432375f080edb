// Disagreements with upstream that are understood and not (yet) podpatch's to fix, each named after
// the upstream behaviour behind it. The differential test counts them apart; the bench lists them.
import type { OracleAnswer } from './oracleProcess';
import type { PodpatchVerdict } from './podpatchVerdict';
import type { GeneratedEdit } from './podEditGenerator';

/** What a known difference looks at: the pair, and for generated edits the list of changes. */
export type EditPair = Pick<GeneratedEdit, 'op' | 'old' | 'new' | 'edits'>;

type Known = { name: string; applies: (e: EditPair, mine: PodpatchVerdict, theirs: OracleAnswer) => boolean };

const fields = (es: { field: string }[]): Set<string> => new Set(es.map((e) => e.field));
const meta = (pod: unknown): Record<string, unknown> => ((pod as { metadata?: Record<string, unknown> })?.metadata ?? {});
const upstreamFields = (a: OracleAnswer): Set<string> => fields(a.errors ?? []);

const KNOWN: Known[] = [
  {
    // podRegistry ResizeStrategy.PrepareForUpdate (dropNonResizeUpdates) keeps only resources and
    // resizePolicy from the request and ValidatePodResize checks those: podpatch has no resize rules.
    name: 'pods/resize subresource (podResizeStrategy, ValidatePodResize) is not modelled',
    applies: (e) => e.op === 'resize',
  },
  {
    // validatePodMetadataAndSpec -> ValidatePodSpec runs on the whole new pod (probes, resources,
    // resizePolicy, volumes, securityContext, ...): podpatch checks a subset, so where the catch-all
    // already refuses the update upstream may list more spec.* errors than podpatch.
    name: 'ValidatePodSpec field checks on the new pod beyond the subset podpatch models (same verdict, more spec.* errors upstream)',
    applies: (_e, mine, theirs) => {
      if (mine.valid || theirs.valid !== false || theirs.decodeError !== undefined) return false;
      const ours = fields(mine.errors);
      const up = upstreamFields(theirs);
      return [...ours].every((f) => up.has(f)) && [...up].every((f) => ours.has(f) || f.startsWith('spec.'));
    },
  },
  {
    // rest.BeforeUpdate -> EnsureObjectNamespaceMatchesRequestNamespace: an empty namespace becomes the
    // request's, another one is a 400 BadRequest before validation (podpatch: 422 field is immutable).
    name: 'a changed namespace is a 400 BadRequest from rest.BeforeUpdate (EnsureObjectNamespaceMatchesRequestNamespace), not a validation error',
    applies: (e, mine) => meta(e.old).namespace !== meta(e.new).namespace && mine.errors.some((f) => f.field === 'metadata.namespace'),
  },
  {
    // podpatch strips server-owned fields (uid, ...) from every patch it sends, so an edited uid is
    // dropped and reported as information; sent as is, rest.BeforeUpdate/ValidateObjectMetaUpdate
    // refuse it (metadata.uid: field is immutable).
    name: 'an edited metadata.uid: podpatch drops it from the patch (info), the server refuses it if sent (ValidateObjectMetaUpdate)',
    applies: (e, mine, theirs) => meta(e.old).uid !== meta(e.new).uid && upstreamFields(theirs).has('metadata.uid') && !fields(mine.errors).has('metadata.uid'),
  },
  {
    // The decoder applies v1 defaults (SetDefaults_Container, SetDefaults_PodSpec) before validation:
    // a removed defaulted field comes back, so the spec is unchanged for the server.
    name: 'v1 defaulting on decode restores removed defaulted fields (imagePullPolicy, terminationMessagePath, schedulerName, enableServiceLinks, terminationGracePeriodSeconds)',
    applies: (e) => e.edits.some((x) => /^spec\.(containers\[\d+\]\.|initContainers\[\d+\]\.)?(imagePullPolicy|terminationMessagePath|schedulerName|enableServiceLinks|terminationGracePeriodSeconds|priority|preemptionPolicy)=undefined$/.test(x)),
  },
  {
    // podutil.DropDisabledPodFields drops spec.resources (pod-level resources) while the
    // PodLevelResources gate is off (alpha in 1.32-1.33) and the old pod did not use them.
    name: 'pod-level spec.resources dropped while the PodLevelResources gate is off (DropDisabledPodFields)',
    applies: (e) => e.edits.some((x) => x.startsWith('spec.resources=')),
  },
  {
    // ValidateObjectMetaUpdate -> ValidateOwnerReferences: podpatch does not check owner references.
    name: 'metadata.ownerReferences are validated upstream (ValidateOwnerReferences), not by podpatch',
    applies: (e, mine, theirs) => e.edits.some((x) => x.startsWith('metadata.ownerReferences=')) && [...upstreamFields(theirs)].some((f) => f.startsWith('metadata.ownerReferences')) && !mine.errors.some((f) => f.field.startsWith('metadata.ownerReferences')),
  },
  {
    // ValidateObjectMetaUpdate -> validateFinalizerName also reports a non-standard, unqualified
    // finalizer at metadata.finalizers[i]; podpatch reports only the name-part error.
    name: 'an unqualified finalizer name is also reported at metadata.finalizers[i] (validateFinalizerName)',
    applies: (e, _mine, theirs) => e.edits.some((x) => x.startsWith('metadata.finalizers=')) && [...upstreamFields(theirs)].some((f) => /^metadata\.finalizers\[\d+\]$/.test(f)),
  },
  {
    // ValidatePodSpec -> ValidateResourceRequirements refuses a negative quantity ("must be greater
    // than or equal to 0"); podpatch does not check quantity signs, so where such a pod is refused
    // anyway the lists differ (and ≤1.31's QoS-immutable check sees the negative value otherwise).
    name: 'negative resource quantities refused by ValidateResourceRequirements (not checked by podpatch; both refuse the update)',
    applies: (_e, mine, theirs) => !mine.valid && theirs.valid === false && (theirs.errors ?? []).some((x) => /\.resources\.(limits|requests)\[[^\]]+\]$/.test(x.field) && /must be greater than or equal to 0/.test(x.message)),
  },
];

export function knownDifference(e: EditPair, mine: PodpatchVerdict, theirs: OracleAnswer): string | undefined {
  return KNOWN.find((k) => k.applies(e, mine, theirs))?.name;
}
