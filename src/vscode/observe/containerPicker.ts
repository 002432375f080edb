// Which container's log to show: a QuickPick of the pod's init, regular and ephemeral containers,
// each labelled by kind with its state (skipped when the pod has one container), and the
// options from the `podpatch.logs.*` settings.
import * as vscode from 'vscode';
import { containerChoices, defaultContainer, type ContainerChoice, type ContainerKind } from '../../core/logs/containerChoices';
import type { Pod } from '../../core/pod';
import type { LogOptions } from './containerLogSession';

const kindTitles: Record<ContainerKind, string> = { init: 'Init containers', regular: 'Containers', ephemeral: 'Ephemeral containers' };
const kindWords: Record<ContainerKind, string> = { init: 'init container', regular: 'container', ephemeral: 'ephemeral container' };

type Item = vscode.QuickPickItem & { choice?: ContainerChoice };

/** The container to read; undefined when the user cancelled or the pod has none (then says so). */
export async function pickContainer(pod: Pod, previous: boolean): Promise<string | undefined> {
  const name = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
  let choices = containerChoices(pod);
  if (previous) choices = choices.filter((c) => c.hasPrevious);
  if (!choices.length) {
    void vscode.window.showInformationMessage(previous ? `No container of ${name} has a previous (terminated) instance.` : `The pod ${name} has no containers.`);
    return undefined;
  }
  if (choices.length === 1) return choices[0].name;
  const preferred = defaultContainer(pod, choices);
  const items: Item[] = [];
  for (const kind of ['init', 'regular', 'ephemeral'] as const) {
    const ofKind = choices.filter((c) => c.kind === kind);
    if (!ofKind.length) continue;
    items.push({ label: kindTitles[kind], kind: vscode.QuickPickItemKind.Separator });
    for (const c of ofKind) {
      items.push({
        label: c.name,
        description: `${kindWords[kind]} · ${c.state}${c.restartCount ? ` · ${c.restartCount} restart${c.restartCount === 1 ? '' : 's'}` : ''}`,
        detail: c.message,
        choice: c,
      });
    }
  }
  const quickPick = vscode.window.createQuickPick<Item>();
  try {
    quickPick.title = `${previous ? 'Previous logs' : 'Logs'} of ${name}`;
    quickPick.placeholder = 'Pick a container';
    quickPick.matchOnDescription = true;
    quickPick.items = items;
    const active = items.find((i) => i.choice?.name === preferred);
    if (active) quickPick.activeItems = [active];
    const picked = await new Promise<Item | undefined>((resolve) => {
      quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0] ?? quickPick.activeItems[0]));
      quickPick.onDidHide(() => resolve(undefined));
      quickPick.show();
    });
    return picked?.choice?.name;
  } finally {
    quickPick.dispose();
  }
}

const sinceSeconds: Record<string, number> = { '1m': 60, '5m': 300, '15m': 900, '1h': 3600, '6h': 21_600, '24h': 86_400 };

/** `podpatch.logs.follow`, `.tailLines` (-1: all), `.since` and `.timestamps`, with `overrides` from a command's argument. */
export function logOptionsFromSettings(overrides: Partial<LogOptions> = {}): LogOptions {
  const config = vscode.workspace.getConfiguration('podpatch.logs');
  const tail = config.get<number>('tailLines', 1000);
  const since = config.get<string>('since', '');
  return {
    follow: config.get<boolean>('follow', true),
    tailLines: typeof tail === 'number' && tail >= 0 ? Math.floor(tail) : undefined,
    sinceSeconds: sinceSeconds[since],
    timestamps: config.get<boolean>('timestamps', false),
    ...overrides,
  };
}
