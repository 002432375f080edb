// Which Kubernetes release each context's server runs (core's ServerDetectionCache: GET /version and
// discovery of pods/resize, once per context) and the RuleSettings the diagnostics check with: the
// profile, that release, the user's feature gate overrides, and the resize split where the server
// serves pods/resize. Detection starts when a context's watch is ready; until it answers the rules
// are the newest modelled release's, and a change fires onDidChange so diagnostics follow.
import * as vscode from 'vscode';
import type { PodClient } from '../../core/cluster/podClient';
import { ServerDetectionCache, type DetectedServer } from '../../core/cluster/serverDetection';
import type { RuleSettings } from '../../core/rules/checkPodUpdate';
import type { Profile } from '../../core/rules/profile';
import { restrictedSetting } from './restrictedSettings';

export type ServerVersionHost = {
  getClient(context: string): PodClient;
  profileFor(context: string | undefined): Profile;
  readonly onDidChangeConnection: vscode.Event<string>;
  readonly onDidChangeContexts: vscode.Event<void>;
  connectionState(context: string): { status: string };
};

export class ServerVersions implements vscode.Disposable {
  private readonly cache: ServerDetectionCache;
  private readonly detected = new Map<string, DetectedServer>();
  /** One settings object per context and inputs: the analyzer's cache compares them by identity. */
  private readonly settings = new Map<string, { key: string; value: RuleSettings }>();
  private readonly emitter = new vscode.EventEmitter<string>();
  private readonly abort = new AbortController();
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  /** A context's detected release arrived (or was forgotten): its rules changed. */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly host: ServerVersionHost, log: (line: string) => void) {
    this.cache = new ServerDetectionCache(log);
    this.disposables.push(
      host.onDidChangeConnection((context) => { if (host.connectionState(context).status === 'ready') this.detect(context); }),
      // A reload may point a context at another server (a sandbox started again as another release).
      host.onDidChangeContexts(() => { this.cache.clear(); this.detected.clear(); this.settings.clear(); }),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('podpatch.featureGates')) this.settings.clear(); }),
    );
  }

  /** The detected server of a context, once known. */
  serverOf(context: string | undefined): DetectedServer | undefined {
    return context ? this.detected.get(context) : undefined;
  }

  /** "k8s 1.35" for the status bar and the tree; undefined until detected. */
  label(context: string | undefined): string | undefined {
    const d = this.serverOf(context);
    return d && `k8s ${d.serverVersion}`;
  }

  /** Words for a tooltip: the server's own version, whether it serves resize, any fallback. */
  describe(context: string | undefined): string | undefined {
    const d = this.serverOf(context);
    if (!d) return undefined;
    const resize = d.resizeServed ? 'serves pods/resize (CPU and memory change in place)' : 'does not serve pods/resize';
    return `Server ${d.gitVersion || d.serverVersion}: rules of Kubernetes ${d.serverVersion}; ${resize}.${d.fallback ? ` ${d.fallback}.` : ''}`;
  }

  ruleSettingsFor(context: string | undefined): RuleSettings {
    const profile = this.host.profileFor(context);
    const d = this.serverOf(context);
    const gates = configuredFeatureGates();
    const featureGates = d?.featureGates || gates ? { ...d?.featureGates, ...gates } : undefined;
    const key = JSON.stringify([profile, d?.serverVersion, d?.resizeServed, featureGates]);
    const slot = context ?? '';
    const cached = this.settings.get(slot);
    if (cached?.key === key) return cached.value;
    const value: RuleSettings = { profile, serverVersion: d?.serverVersion, resizeServed: d?.resizeServed, featureGates, splitResize: d?.resizeServed === true };
    this.settings.set(slot, { key, value });
    return value;
  }

  private detect(context: string): void {
    let client: PodClient;
    try {
      client = this.host.getClient(context);
    } catch {
      return;
    }
    this.cache.get(context, client, this.abort.signal).then(
      (d) => {
        const before = this.detected.get(context);
        this.detected.set(context, d);
        if (!before || JSON.stringify(before) !== JSON.stringify(d)) this.emitter.fire(context);
      },
      () => undefined, // asked again when the context is ready next time; rules stay the newest release's
    );
  }

  dispose(): void {
    this.abort.abort();
    for (const d of this.disposables) d.dispose();
  }
}

/** `podpatch.featureGates` ({"InPlacePodVerticalScaling": false}); restricted in untrusted workspaces. */
function configuredFeatureGates(): Record<string, boolean> | undefined {
  const raw = restrictedSetting<Record<string, unknown> | undefined>(vscode.workspace.getConfiguration('podpatch'), 'featureGates', undefined, vscode.workspace.isTrusted);
  if (!raw || typeof raw !== 'object') return undefined;
  const out: Record<string, boolean> = {};
  for (const [k, v] of Object.entries(raw)) if (typeof v === 'boolean') out[k] = v;
  return Object.keys(out).length ? out : undefined;
}
