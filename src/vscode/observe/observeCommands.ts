// Commands to look at a pod without changing it: Show Container Logs (and the previous instance's),
// Stop Following Logs, Reload Container Logs, Describe Pod. The pod comes from a tree row, a pod
// document, or the pod picker; a second argument (keybindings, tests) can name the container and options.
import * as vscode from 'vscode';
import { messageOf, type ClusterService } from '../cluster/clusterService';
import { toAbortSignalWithTimeout } from '../cluster/cancellation';
import type { PodAddress } from '../documents/podUri';
import { podFromArgument } from '../tree/podPicker';
import type { LogOptions } from './containerLogSession';
import type { ContainerLogDocuments } from './containerLogDocuments';
import { logOptionsFromSettings, pickContainer } from './containerPicker';
import { parseDescribeUri, parseLogUri } from './observeUris';
import type { PodDescribeDocuments } from './podDescribeDocuments';

export type ShowLogsArgs = Partial<LogOptions> & { container?: string };

export function registerObserveCommands(clusters: ClusterService, logs: ContainerLogDocuments, describe: PodDescribeDocuments): vscode.Disposable[] {
  const showLogs = async (arg: unknown, args: ShowLogsArgs | undefined, previous: boolean): Promise<vscode.Uri | undefined> => {
    const pod = await podFromArgument(fromObserveDocument(arg), clusters);
    if (!pod) return undefined;
    let container = args?.container;
    if (!container) {
      let live;
      try {
        live = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Window, title: `Reading pod ${pod.namespace}/${pod.name}` },
          (_p, token) => clusters.getClient(pod.context).getPod(pod.namespace, pod.name, { signal: toAbortSignalWithTimeout(token, 30_000) }),
        );
      } catch (err) {
        void vscode.window.showErrorMessage(`Cannot read pod ${pod.namespace}/${pod.name}: ${messageOf(err)}`);
        return undefined;
      }
      container = await pickContainer(live, previous);
      if (!container) return undefined;
    }
    const { container: _named, ...overrides } = args ?? {};
    const editor = await logs.open({ ...pod, container, previous }, logOptionsFromSettings(overrides));
    return editor.document.uri;
  };
  return [
    vscode.commands.registerCommand('podpatch.showContainerLogs', (arg?: unknown, args?: ShowLogsArgs) => showLogs(arg, args, false)),
    vscode.commands.registerCommand('podpatch.showPreviousContainerLogs', (arg?: unknown, args?: ShowLogsArgs) => showLogs(arg, args, true)),
    vscode.commands.registerCommand('podpatch.stopFollowingLogs', (arg?: unknown) => {
      const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
      return uri ? logs.stop(uri) : false;
    }),
    vscode.commands.registerCommand('podpatch.reloadContainerLogs', async (arg?: unknown) => {
      const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
      const address = uri && parseLogUri(uri);
      if (!address) return undefined;
      const options = logs.session(uri)?.options ?? logOptionsFromSettings();
      return (await logs.open(address, options)).document.uri;
    }),
    vscode.commands.registerCommand('podpatch.describePod', async (arg?: unknown) => {
      const pod = await podFromArgument(fromObserveDocument(arg), clusters);
      if (!pod) return undefined;
      return (await describe.open(pod)).document.uri;
    }),
  ];
}

/** A log or describe document stands for its pod (their title bars and the palette while one is active). */
function fromObserveDocument(arg: unknown): unknown {
  const uri = arg instanceof vscode.Uri ? arg : arg === undefined ? vscode.window.activeTextEditor?.document.uri : undefined;
  const address: PodAddress | undefined = uri && (parseLogUri(uri) ?? parseDescribeUri(uri));
  return address ? { context: address.context, namespace: address.namespace, name: address.name } : arg;
}
