// A pod document shows an in-place resize where it happens: a lens above each container's
// `resources:` with what the server reports (PodResizePending with its reason and message /
// PodResizeInProgress, what is allocated and what the container runs with), from the newest pod
// podpatch knows (the watch's, else the document's base), until the resize is done.
import * as vscode from 'vscode';
import { describeContainerResize, describeResize, resizeProgress, type ResizeProgress } from '../../core/resizeProgress';
import { rangeForPath } from '../../core/lint/lintPodText';
import { DisposableBase } from '../lifecycle/disposableBase';
import type { DocumentAnalyzer } from './documentAnalyzer';
import type { PodDocuments } from './podDocuments';

export class ResizeProgressLenses extends DisposableBase implements vscode.CodeLensProvider {
  private readonly changeEmitter = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changeEmitter.event;

  constructor(private readonly documents: PodDocuments, private readonly analyzer: DocumentAnalyzer) {
    super();
    this.register(documents.onDidChange((e) => { if (e.reason !== 'busy' && e.reason !== 'causes') this.changeEmitter.fire(); }));
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const tracked = this.documents.get(document.uri);
    if (!tracked) return [];
    const progress = resizeProgress(tracked.live ?? tracked.base);
    const parsed = progress && this.analyzer.analyze(document)?.analysis;
    if (!progress || !parsed?.document) return [];
    const at = (path: string) => {
      const r = rangeForPath(parsed.text, parsed.document!, path);
      return new vscode.Range(r.start.line, 0, r.start.line, 0);
    };
    const head = resizeHeadline(progress);
    const tooltip = `In-place ${describeResize(progress.summary)}`;
    if (!progress.containers.length) return [new vscode.CodeLens(at('spec'), { title: head, command: '', tooltip })];
    return progress.containers.map((c) => {
      const detail = describeContainerResize(c);
      return new vscode.CodeLens(at(c.path), { title: `${head} · ${c.name}${detail ? `: ${detail}` : ''}`, command: '', tooltip });
    });
  }
}

/** The lens's words: an icon and the state, e.g. "$(sync~spin) Resize in progress". */
export function resizeHeadline(p: ResizeProgress): string {
  const s = p.summary;
  if (!s) return '$(clock) Resize requested, not yet picked up by the kubelet';
  if (s.state === 'InProgress') return s.reason === 'Error' ? `$(warning) Resize failing: ${s.message ?? 'the kubelet reports an error'}` : '$(sync~spin) Resize in progress';
  const why = s.reason === 'Infeasible' ? '$(error) Resize refused by the node (Infeasible)' : `$(clock) Resize pending${s.reason ? ` (${s.reason})` : ''}`;
  return `${why}${s.message ? `: ${s.message}` : ''}`;
}
