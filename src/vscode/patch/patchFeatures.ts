// Wiring of the editing features (diagnostics, code actions, the save and Patch Pod flow, preview,
// undo): extension.ts calls registerPatchFeatures once. The pod file system's saves go to the
// flow's saveText; nothing here calls back through a command.
import * as vscode from 'vscode';
import { PodCodeActionsProvider } from '../diagnostics/codeActionsProvider';
import { DiagnosticsPublisher } from '../diagnostics/diagnosticsPublisher';
import { RuleLinks } from '../diagnostics/diagnosticsRuleLinks';
import { FieldHoverProvider } from '../documents/fieldHover';
import { DocumentAnalyzer } from '../documents/documentAnalyzer';
import type { PodFileSystem } from '../documents/podFileSystem';
import { PreviewContentProvider } from './previewContent';
import { PatchPreview } from './patchPreview';
import { PatchFlow } from './patchFlow';
import { DocumentSync } from './documentSync';
import { PatchNotices } from './patchNotices';
import { registerPatchCommands } from './patchCommands';
import { rebaseOnLive } from './rebaseOnLive';
import { ResizeFollower } from './resizeFollower';
import { ResizeProgressLenses } from '../documents/resizeLenses';
import type { PatchDeps } from './patchDeps';

export type PatchFeatures = {
  readonly analyzer: DocumentAnalyzer;
  readonly diagnostics: DiagnosticsPublisher;
  readonly flow: PatchFlow;
  readonly preview: PatchPreview;
  readonly notices: PatchNotices;
  readonly follower: ResizeFollower;
  /** The live pod changed under the document: lay the user's edits over it. */
  rebaseDocument(uri: vscode.Uri): Promise<boolean>;
};

export function registerPatchFeatures(context: vscode.ExtensionContext, deps: PatchDeps, fs: PodFileSystem): PatchFeatures {
  const content = new PreviewContentProvider();
  const analyzer = new DocumentAnalyzer(deps.clusters, deps.documents);
  const links = new RuleLinks(context.extensionUri);
  const publisher = new DiagnosticsPublisher(deps, analyzer, links, content);
  const preview = new PatchPreview(content);
  const notices = new PatchNotices(deps.log);
  const sync = new DocumentSync(analyzer);
  const follower = new ResizeFollower(deps, notices);
  const flow = new PatchFlow(deps, analyzer, publisher, preview, sync, notices, follower);
  fs.setSaveHandler((doc, text) => flow.saveText(doc, text));
  const parts = { deps, analyzer, flow, publisher, preview, sync, notices, follower };
  context.subscriptions.push(
    content,
    analyzer,
    publisher,
    preview,
    notices,
    flow,
    follower,
    vscode.languages.registerCodeLensProvider({ scheme: 'podpatch' }, new ResizeProgressLenses(deps.documents, analyzer)),
    vscode.languages.registerHoverProvider([{ scheme: 'podpatch' }, { language: 'yaml' }], new FieldHoverProvider(analyzer, deps.clusters, links)),
    vscode.languages.registerCodeActionsProvider([{ scheme: 'podpatch' }, { language: 'yaml' }], new PodCodeActionsProvider(publisher), PodCodeActionsProvider.metadata),
    ...registerPatchCommands(parts),
  );
  const rebaseDocument = async (uri: vscode.Uri) => {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    return document ? rebaseOnLive(document, parts) : false;
  };
  return { analyzer, diagnostics: publisher, flow, preview, notices, follower, rebaseDocument };
}
