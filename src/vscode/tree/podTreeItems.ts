// How tree nodes look: icons per pod state, descriptions, tooltips, context values for menus.
import * as vscode from 'vscode';
import type { PodSummary } from '../../core/podSummary';
import { describePod, humanAge, podIconKind, podStatusText, type PodIconKind } from './podRow';
import { describeResize, resizeLabel } from '../../core/resizeProgress';

const icons: Record<PodIconKind, vscode.ThemeIcon> = {
  running: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed')),
  notReady: new vscode.ThemeIcon('circle-large-outline', new vscode.ThemeColor('testing.iconQueued')),
  pending: new vscode.ThemeIcon('clock', new vscode.ThemeColor('testing.iconQueued')),
  succeeded: new vscode.ThemeIcon('check', new vscode.ThemeColor('disabledForeground')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
  terminating: new vscode.ThemeIcon('trash', new vscode.ThemeColor('disabledForeground')),
  unknown: new vscode.ThemeIcon('question'),
};

export function podIcon(kind: PodIconKind): vscode.ThemeIcon {
  return icons[kind];
}

export function podTreeItem(s: PodSummary, id: string, open: vscode.Command): vscode.TreeItem {
  const item = new vscode.TreeItem(s.name, vscode.TreeItemCollapsibleState.None);
  item.id = id;
  item.description = podDescription(s);
  item.iconPath = podIcon(podIconKind(s));
  item.contextValue = s.owner ? 'pod.managed' : 'pod';
  item.command = open;
  item.accessibilityInformation = { label: `Pod ${s.name}, ${podStatusText(s)}, ${s.ready} of ${s.total} ready, ${s.restarts} restarts` };
  return item;
}

/** `ownerLine`: what to say about the owner (the controller chain) instead of the direct owner. */
/** The row's description (describePod's `owner`), with the resize the server reports next to the status until it is done ('Running · resizing', 'Running · resize Infeasible'): early in the row, which a narrow side bar cuts at its end. */
export function podDescription(s: PodSummary, owner?: string | null): string {
  return describePod(s.resize ? { ...s, reason: `${podStatusText(s)} · ${resizeLabel(s.resize)}` } : s, undefined, owner);
}

/** A page of a long pod list (a namespace's or an owner group's): its first and last pod, and how many. */
export function pageTreeItem(id: string, page: { label: string; description: string }): vscode.TreeItem {
  const item = new vscode.TreeItem(page.label, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = id;
  item.description = page.description;
  item.iconPath = new vscode.ThemeIcon('list-unordered');
  item.contextValue = 'page';
  return item;
}

export function podTooltip(s: PodSummary, ownerLine?: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${esc(s.name)}**  \n`);
  md.appendMarkdown(`$(symbol-namespace) ${esc(s.namespace)} · ${esc(podStatusText(s))} · ${s.ready}/${s.total} ready · ${s.restarts} restarts · age ${humanAge(s.createdAt)}  \n`);
  md.appendMarkdown(`Node: ${s.node ? code(s.node) : '_not scheduled_'}  \n`);
  md.appendMarkdown(`IP: ${s.ip ? code(s.ip) : '_none_'}  \n`);
  if (s.resize) md.appendMarkdown(`In-place ${esc(describeResize(s.resize))}  \n`);
  if (ownerLine) md.appendMarkdown(`${esc(ownerLine)}  \n`);
  else if (s.owner) md.appendMarkdown(`Managed by **${esc(s.owner.kind)}/${esc(s.owner.name)}**: a recreated pod or a changed spec is the owner's to replace  \n`);
  if (s.images.length) {
    md.appendMarkdown('\nImages:\n');
    for (const image of s.images) md.appendMarkdown(`- ${code(image)}\n`);
  }
  return md;
}

function esc(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => '\\' + c);
}

function code(text: string): string {
  return '`' + text.replace(/`/g, "'") + '`';
}
