// What podpatch's activate() returns: the extension-host tests and benches drive it through this.
import type { ClusterService } from './cluster/clusterService';
import type { PodDocuments } from './documents/podDocuments';
import type { PodTreeProvider } from './tree/podTreeProvider';
import type { PatchFeatures } from './patch/patchFeatures';
import type { ObserveFeatures } from './observe/observeFeatures';

export type PodpatchApi = {
  clusters: ClusterService;
  documents: PodDocuments;
  tree: PodTreeProvider;
  patch: PatchFeatures;
  /** Container log and describe documents. */
  observe: ObserveFeatures;
  /** Milliseconds activate() took (it awaits nothing that can wait). */
  activationMs: number;
  /** Settles once the kubeconfig has been read (contexts known); activate() does not wait for it. */
  ready: Promise<void>;
};
