// Read-only documents the patch features show: the live pod (left side of the preview diff, the
// target of "original value" links) and the patch request about to be sent (highlighted by the
// podpatch-patch grammar in syntaxes/). Content lives in memory, keyed by URI.
import * as vscode from 'vscode';
import type { Pod } from '../../core/pod';
import { renderPodYaml as renderPodDocumentYaml } from '../documents/podYaml';
import { parseManifest } from '../../core/yaml/manifestParser';
import type { Range } from '../../core/yaml/range';

export const previewScheme = 'podpatch-preview';

export class PreviewContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(previewScheme, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  set(uri: vscode.Uri, text: string): vscode.Uri {
    const key = uri.toString();
    if (this.contents.get(key) !== text) {
      this.contents.set(key, text);
      this.changeEmitter.fire(uri);
    }
    return uri;
  }

  /** The live/base pod as YAML at a stable URI per pod, e.g. for the left side of a diff. */
  showPod(kind: 'live' | 'base' | 'dry-run' | 'after-patch', context: string, namespace: string, name: string, pod: Pod): vscode.Uri {
    // The same rendering as the pod document, so a live ↔ edited diff shows only real changes.
    return this.set(previewUri(kind, context, namespace, `${name}.yaml`), renderPodDocumentYaml(pod, context));
  }

  dispose(): void {
    this.registration.dispose();
    this.changeEmitter.dispose();
    this.contents.clear();
  }
}

export function previewUri(kind: string, context: string, namespace: string, file: string): vscode.Uri {
  return vscode.Uri.from({ scheme: previewScheme, path: '/' + [kind, context, namespace, file].map(encodeURIComponent).join('/') });
}

/** Where a field sits in renderPodYaml's text (for links to an original value); undefined if absent. */
export function locateInRendered(text: string, path: string): Range | undefined {
  const doc = parseManifest(text).documents[0];
  if (!doc) return undefined;
  const hit = doc.sourceMap.lookup(path) ?? doc.sourceMap.nearest(path);
  if (!hit) return undefined;
  return hit.keyRange ?? hit.valueRange;
}
