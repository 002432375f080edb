// Wires the read-only views of a pod (container logs, describe) for extension.ts.
import type * as vscode from 'vscode';
import type { ClusterService } from '../cluster/clusterService';
import { ContainerLogDocuments } from './containerLogDocuments';
import { registerObserveCommands } from './observeCommands';
import { PodDescribeDocuments } from './podDescribeDocuments';

export type ObserveFeatures = { logs: ContainerLogDocuments; describe: PodDescribeDocuments; disposables: vscode.Disposable[] };

export function registerObserveFeatures(clusters: ClusterService, log: vscode.LogOutputChannel): ObserveFeatures {
  const logs = new ContainerLogDocuments(clusters, log);
  const describe = new PodDescribeDocuments(clusters);
  return { logs, describe, disposables: [logs, describe, ...registerObserveCommands(clusters, logs, describe)] };
}
