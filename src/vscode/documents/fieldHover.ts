// Hovering a key of a pod document (or a YAML file holding a Pod) says how that field can change on
// this context's server (release, gates, profile), from core's fieldChangeability table, with the
// rule's link into docs/rules.md.
import * as vscode from 'vscode';
import { fieldChangeability } from '../../core/rules/fieldChangeability';
import { serverRules } from '../../core/rules/serverReleases';
import { keyAtOffset } from '../../core/yaml/keyAtOffset';
import { isPlainObject } from '../../core/pod';
import type { DocumentAnalyzer } from './documentAnalyzer';
import type { PatchClusters } from '../patch/patchDeps';
import type { RuleLinks } from '../diagnostics/diagnosticsRuleLinks';

export class FieldHoverProvider implements vscode.HoverProvider {
  constructor(private readonly analyzer: DocumentAnalyzer, private readonly clusters: PatchClusters, private readonly links: RuleLinks) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const result = this.analyzer.analyze(document);
    if (!result) return undefined;
    const offset = document.offsetAt(position);
    const doc = result.analysis.parsed.documents.find((d) => isPlainObject(d.value) && d.value.kind === 'Pod' && offset >= d.range.start.offset && offset <= d.range.end.offset);
    if (!doc) return undefined;
    const at = keyAtOffset(doc.tree, offset);
    if (!at) return undefined;
    const settings = result.target?.profile ?? this.clusters.ruleSettingsFor(this.clusters.currentContext);
    const rules = serverRules(settings);
    const c = fieldChangeability(at.keys, rules, settings.profile);
    const server = settings.serverVersion ? `Kubernetes ${settings.serverVersion}` : `Kubernetes 1.${rules.minor} (server not detected yet)`;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**\`${c.path}\`** ${c.summary}.\n\n`);
    if (c.detail) md.appendMarkdown(`${c.detail}\n\n`);
    md.appendMarkdown(`On ${server}, profile ${settings.profile ?? 'kubernetes'}. [Rule \`${c.rule}\`](${this.links.target(c.rule).toString()})`);
    return new vscode.Hover(md, new vscode.Range(document.positionAt(at.start), document.positionAt(at.end)));
  }
}
